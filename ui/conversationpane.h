#pragma once
// ConversationPane: the conversation of one room at a time: the messages (MessageView), who is
// typing there (TypingIndicator), and the composer with its Send button, or, without a room, a
// notice saying why one cannot write. Each room keeps its draft (in RoomListModel, so that it is
// saved with the session) and where the reader was (here, for as long as the room is joined).
// Scrolling back to the top pages in older messages.
//
// Why the pane follows one's own messages only: MessageView already stays at the end of the
// conversation when the reader is there, and keeps a reader of older messages where they are.
// What it cannot know is that a new row is what the user just sent, which is always shown.
//
// Links and Retry are the view's to notice and the pane's to act on (QDesktopServices,
// ChatClient::retry()); sending goes to ChatClient::sendMessage(), which accepts messages while
// offline on purpose (they wait in the outbox).
#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class ChatClient;
class AttachButton;
class FileActions;
class QDragEnterEvent;
class QDropEvent;
class QMimeData;
class Composer;
class MessageView;
class QLabel;
class QPushButton;
class QToolButton;
class ComposerContext;
class MessageModel;
class SessionModels;
class TypingIndicator;

class ConversationPane : public QWidget
{
    Q_OBJECT
public:
    //! Shows rooms of \a models (not owned; it must outlive the pane's model, see showRoom()).
    explicit ConversationPane(SessionModels *models, QWidget *parent = nullptr);
    ~ConversationPane() override;

    //! Shows \a room (joined in the models): its messages, typing line and draft, where the
    //! reader was last time (else at the end). The draft and reading position of the room shown
    //! before are kept. "" shows nothing and disables the composer, with the reason shown.
    void showRoom(const QString &room);
    //! The room shown ("" when there is none).
    QString room() const { return m_room; }
    //! Forgets where the reader was in \a room (it was left).
    void forgetRoom(const QString &room);

    //! Sends \a text to the room shown (what the composer and the Send button do). A message the
    //! client refuses goes back to an empty composer rather than being lost.
    void send(const QString &text);
    //! Keeps the composer's text as the draft of the room shown (it is kept as one types; this is
    //! for a save at any moment).
    void saveDraft();

    MessageView *view() const { return m_view; }
    Composer *composer() const { return m_composer; }
    QPushButton *sendButton() const { return m_sendButton; }
    TypingIndicator *typingIndicator() const { return m_typing; }
    ComposerContext *composerContext() const { return m_context; }

    //! Answer the message \a seq of the room shown: the composer says so until sent or Esc.
    void startReply(qint64 seq);
    //! Change one's message \a seq: its text goes into the composer (the draft waits aside).
    void startEdit(qint64 seq);
    //! Up in an empty composer: edit one's newest message shown (within kEditLastRows rows).
    void editLast();
    //! Ctrl+Up / Ctrl+Down in the composer: reply to the message \a step rows from the one being
    //! answered (from the newest when none is); past the newest, stop replying.
    void stepReply(int step);
    //! Leave replying or editing (the draft comes back after an edit).
    void cancelContext();
    //! Sends the files (or image) in \a data to the room shown, the composer's text as the
    //! first one's caption (a drop, a paste); the number sent.
    int sendFiles(const QMimeData *data);
    FileActions *fileActions() const { return m_files; }
    AttachButton *attachButton() const { return m_attachButton; }
    //! Scrolls to the message \a seq (paging it in from the store if needed, at most
    //! kMaxUnreadPages pages) and highlights it for kHighlightMs; false if it is not there yet.
    //! A message older than the store's is asked from the server, page by page (at most
    //! kMaxServerPages), and shown when it arrives, unless the user went to another room.
    bool showMessage(qint64 seq);
    static constexpr int kMaxServerPages = 20;
    static constexpr int kHighlightMs = 1500;
    //! Asks, then deletes the message \a seq for everyone.
    void confirmDelete(qint64 seq);
    //! How far up from the newest row Up looks for one's last message.
    static constexpr int kEditLastRows = 500;
    //! Pages of the store paged in at most to reach the first unread message when a room opens.
    static constexpr int kMaxUnreadPages = 10;
    static constexpr int kJumpButtonMargin = 12;
    QToolButton *jumpButton() const { return m_jumpButton; }

    //! How far from the top of the conversation (px) scrolling back pages in older messages.
    static constexpr int kLoadOlderSlack = 4;

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    struct ReadingPosition
    {
        bool atBottom = true;
        QPersistentModelIndex top; //!< the message at the top of the view
    };

    void retranslate();
    void updateComposerState();
    //! The composer's text as a caption for files being sent (the composer is emptied).
    QString takeCaption();
    //! Puts \a text in the composer, cursor at the end, without taking it as typing.
    void loadDraft(const QString &text);
    void onComposerChanged();
    void onDraftsChanged(const QModelIndex &first, const QModelIndex &last, const QList<int> &roles);
    void scheduleLoadOlder();
    void loadOlder();
    void followOwnRows(const QModelIndex &parent, int first, int last);
    MessageModel *shownModel() const;
    void updateJumpButton();
    //! Tells the server how far the user has read (read receipts): the newest message visible,
    //! while the window is active and the room shown (ChatClient throttles and only goes forward).
    void noteSeen();

    SessionModels *m_models = nullptr;
    QPointer<ChatClient> m_client;
    QString m_room;
    QHash<QString, ReadingPosition> m_positions;
    QMetaObject::Connection m_rowsConnection;

    MessageView *m_view = nullptr;
    TypingIndicator *m_typing = nullptr;
    QLabel *m_composerNotice = nullptr;
    Composer *m_composer = nullptr;
    QPushButton *m_sendButton = nullptr;
    ComposerContext *m_context = nullptr;
    QToolButton *m_jumpButton = nullptr;
    FileActions *m_files = nullptr;
    AttachButton *m_attachButton = nullptr;
    QTimer m_seenTimer; //!< coalesces noteSeen() to once per event-loop turn
    int m_newBelow = 0; //!< others' messages that arrived below while one read above
    qint64 m_wantedSeq = 0;   //!< a message showMessage() waits for from the server
    int m_wantedPages = 0;    //!< pages asked for it so far
    QString m_stashedDraft; //!< the room's draft while the composer holds a message being edited

    QTimer m_loadOlderTimer;
    bool m_scrollPending = false;
    bool m_loadingDraft = false; //!< the composer's text is being set by the pane, not typed
};
