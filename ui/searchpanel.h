#pragma once
// SearchPanel: Ctrl+F (this room) and Ctrl+Shift+F (every room): a field whose results come as one
// types, listed newest first with where, who, when and the matching words marked; Enter or a click
// goes to the message in its room (ChatWindow pages it in as needed).
//
// Why a side panel and not a dialog: the user reads results and the conversation side by side,
// goes from one result to the next, and types on; nothing is modal.
//
// Why the panel waits kTypingDelay after a key: a search per keystroke would ask the server for
// "d", "de", "dep"…; the store is fast enough, but the server is rate limited (docs/protocol.md).
#include <QWidget>

#include <chrono>

class QLabel;
class QLineEdit;
class QListView;
class QTimer;
class QToolButton;
class SearchModel;

class SearchPanel : public QWidget
{
    Q_OBJECT
public:
    //! How long typing must pause before a search starts.
    static constexpr std::chrono::milliseconds kTypingDelay{200};

    explicit SearchPanel(SearchModel *model, QWidget *parent = nullptr);

    //! Shows the panel searching \a room (every room when empty), the field focused and its text
    //! selected (a new search replaces it as one types; an old one can be run again with Enter).
    void open(const QString &room);
    //! The room searched (empty: every room).
    QString room() const { return m_room; }

    QLineEdit *field() const { return m_field; }
    QListView *results() const { return m_results; }
    //! "12 results", "Searching…", "No results"; what the server said when it could not search.
    QString statusText() const;

Q_SIGNALS:
    //! The user chose the result \a seq of \a room (Enter, a click).
    void messageChosen(const QString &room, qint64 seq);
    //! Esc or the close button: the panel hid itself.
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void runSearch();
    void choose(const QModelIndex &index);
    void updateStatus();
    void retranslate();
    void close();

    SearchModel *m_model;
    QString m_room;
    QString m_serverError;
    QString m_searchedText; //!< the text the results are for
    QString m_keptRoom;     //!< the current result across a reset of the list
    qint64 m_keptSeq = 0;
    QLabel *m_title = nullptr;
    QToolButton *m_closeButton = nullptr;
    QLineEdit *m_field = nullptr;
    QLabel *m_status = nullptr;
    QListView *m_results = nullptr;
    QTimer *m_typing = nullptr;
};
