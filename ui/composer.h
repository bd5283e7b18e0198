#pragma once
// Composer: where a message is written. Enter sends, Shift+Enter starts a new line — what every
// chat app does, so a multi-line message stays possible without a "Send" click.
#include <QPlainTextEdit>

class MentionCompleter;
class QMimeData;

class Composer : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);

    //! Lines shown before the composer stops growing and scrolls instead.
    static constexpr int kMaxVisibleLines = 6;

    //! The text as it would be sent: line breaks at the start and whitespace at the end dropped
    //! (a stray Shift+Enter must not send empty lines). Empty when there is nothing to send.
    static QString normalized(const QString &text);

    //! Whether the server takes replies, edits, deletes and reactions: when it does not, the
    //! tooltip says so (the actions are not offered there).
    void setConversationsAvailable(bool available);
    //! Whether pasted or dropped files and images are sent as files (filesPasted()) rather
    //! than inserted as text: when the server takes files.
    void setFilesAccepted(bool accepted) { m_filesAccepted = accepted; }
    //! While its popup is shown, Enter, Tab, Esc and the arrows are the completer's.
    void setMentionCompleter(MentionCompleter *completer) { m_mentions = completer; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    //! Sends what was written (Enter, or the Send button): clears the editor, then emits
    //! sendRequested(). Clearing first lets a receiver that cannot take the text (too long,
    //! refused) put it back with setPlainText(). Whitespace-only text is not sent.
    void submit();

Q_SIGNALS:
    void sendRequested(const QString &text);
    //! Up arrow in an empty composer: edit one's last message (as in the messengers people use).
    void editLastRequested();
    //! Esc: leave replying or editing.
    void cancelRequested();
    //! Ctrl+Up (\a step -1) / Ctrl+Down (+1): reply to the message above / below the one
    //! being answered (Telegram Desktop's keys).
    void replyStepRequested(int step);
    //! Files or an image were pasted or dropped here (setFilesAccepted()): send them.
    void filesPasted(const QMimeData *data);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    bool m_conversations = true;
    bool m_filesAccepted = false;
    MentionCompleter *m_mentions = nullptr;
    //! Grows with the text from one line up to kMaxVisibleLines.
    void updateHeight();
    int heightForLines(int lines) const;
};
