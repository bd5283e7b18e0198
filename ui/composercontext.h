#pragma once
// ComposerContext: the bar above the composer that says what Enter will do besides sending a new
// message -- answer a message ("Replying to Bob: …") or change one's own ("Editing your
// message") -- with a button (and Esc) to stop.
#include <QWidget>

class QLabel;
class QToolButton;

class ComposerContext : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { None, Reply, Edit };

    explicit ComposerContext(QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    //! The message answered or edited (its seq); 0 in Mode::None.
    qint64 seq() const { return m_seq; }
    //! Answering \a seq, quoted as \a excerpt ("Bob: the start of it"; plain text).
    void reply(qint64 seq, const QString &excerpt);
    //! Editing one's message \a seq.
    void edit(qint64 seq);
    //! Back to a new message (hidden).
    void clear();

Q_SIGNALS:
    //! The user pressed the bar's close button.
    void cancelled();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    Mode m_mode = Mode::None;
    qint64 m_seq = 0;
    QString m_excerpt;
    QLabel *m_label = nullptr;
    QToolButton *m_close = nullptr;
};
