#pragma once
// The messages of one room for the chat view. Each message appears once: rows are keyed by
// ChatMessage::key() (client id, else room+seq) and also matched by (room, seq), and a second
// copy updates the first. With a MessageStore, only the newest page is loaded and older pages
// come in as the view scrolls back, so a room with a million stored messages is never held whole.
#include "changesawaitingseq.h"
#include "chatmessage.h"
#include "messagestore.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QPointer>

class ChatClient;

//! Display order: messages with a seq by seq (a gap filled by history after a reconnect lands
//! in place, not at the end), then messages without one (one's own Pending/Sent/Failed messages,
//! classic servers' broadcasts) in arrival order. One's own message moves (beginMoveRows) to its
//! seq's place when it is Delivered, if it is not there already.
class MessageModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString room READ room CONSTANT)
public:
    enum Role {
        IdRole = Qt::UserRole + 1, //!< ChatMessage::key()
        ClientIdRole,
        RoomRole,
        SeqRole,
        SenderRole,
        TextRole,
        TimeRole,          //!< QDateTime (UTC); the view shows local time
        OwnRole,           //!< bool
        DeliveryRole,      //!< ChatMessage::Delivery as int
        ReplyToRole,       //!< qint64: the seq of the message it answers, 0 for none
        EditedRole,        //!< QDateTime of the last edit; invalid: never edited
        DeletedRole,       //!< bool; then TextRole is empty and DisplayRole says so
        ReactionsRole,     //!< QList<ChatMessage::Reaction>
        SenderIdRole,      //!< qint64: the sender's account id, 0 unknown
        //! "Bob: the start of the message answered", one line, from the row answered if it is
        //! shown; empty when it is not (or the message answers none)
        ReplyExcerptRole,
        //! bool: the first message after unreadLineAfter() (the "New messages" line goes above it)
        FirstUnreadRole,
        MentionsMeRole,    //!< bool: someone else's message that mentions the user ("@username")
        //! QString, plain text: who reacted with what, a line per emoji ("👍 Alice, Bob and 3 more")
        ReactionsToolTipRole,
        //! QStringList: for one's own message, who has read it (read receipts), by display name
        ReadByRole,
        //! FileRef: the file the message sends (null for none); TextRole is its caption then
        FileRole,
        //! int: one's own file message on its way: percent of its bytes the server has; -1 else
        UploadProgressRole,
        //! bool: one's own file message whose file is not up yet: it can still be cancelled
        CancellableRole,
    };
    //! The longest excerpt of an answered message (characters).
    static constexpr int kMaxExcerpt = 120;
    Q_ENUM(Role)

    //! Messages loaded per page from the store: a few screens' worth; a page costs about 0.5 ms
    //! in a room of 1,000,000 stored messages (Release, warm cache: bench/history_open.cpp).
    static constexpr int kPageSize = 200;

    explicit MessageModel(const QString &room, QObject *parent = nullptr);

    QString room() const { return m_room; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    //! The sender as shown (SenderRole): the display name, with the unique username where the two
    //! differ ("dana (@dana2)"), so people with one display name stay apart.
    static QString senderLabel(const ChatMessage &message);
    //! \a message quoted on one line: "Bob: the start of it…" (at most kMaxExcerpt characters).
    static QString excerptOf(const ChatMessage &message);
    //! ReplyExcerptRole of \a message.
    QString replyExcerpt(const ChatMessage &message) const;
    //! Row of the message \a seq of this room, or -1 when it is not shown.
    int rowOfSeq(qint64 seq) const;
    //! The "New messages" line goes above the first message with a seq above \a seq (0: none).
    void setUnreadLineAfter(qint64 seq);
    qint64 unreadLineAfter() const { return m_unreadLineAfter; }
    //! The row the line is above, or -1 (no line, or its message is not loaded yet).
    int firstUnreadRow() const;

    //! True while older messages can be paged in (from the store, or, once the store has no
    //! older ones, from the server: see connectClient()) and fetchMoreEnabled() is true.
    bool canFetchMore(const QModelIndex &parent) const override;
    //! Pages in older messages (loadOlder()) when canFetchMore() says so.
    void fetchMore(const QModelIndex &parent) override;

    //! Follows \a client: own messages, others' messages and delivery changes for this room
    //! (room-less classic broadcasts are shown in every room's model). With a store set and
    //! fetchOlderFromServer(), the client is also asked for older history (ChatClient::fetchOlder)
    //! once the store has no older rows and the oldest row's seq is above 1, once per oldest seq;
    //! the answer arrives as messages and is put in place by seq.
    void connectClient(ChatClient *client);

    //! Shows \a store's history of this room (not owned; it must outlive the model or be unset
    //! with setStore(nullptr)): resets the model to the store's newest kPageSize messages
    //! (rows already shown are kept, in order) and pages in older ones on fetchMore().
    //! Call it before connecting the client, as ChatClient::setStore() restores the outbox.
    void setStore(MessageStore *store);
    MessageStore *store() const { return m_store; }

    //! Loads the next page of older messages now, whatever fetchMoreEnabled() says: one
    //! beginInsertRows per contiguous run (one for a plain page at the top). Returns the rows
    //! added (0 at the start of history, or while an answer from the server is awaited).
    int loadOlder();
    //! Whether older messages exist that loadOlder() could bring (store or server).
    bool hasOlder() const;
    //! Whether canFetchMore() may say yes (default true). Why a switch: QAbstractItemView calls
    //! fetchMore() whenever its *last* row is fully visible (its paging is for lists growing
    //! downwards), so a chat view that follows the newest message would page in kPageSize older
    //! rows for every message that arrives while it is at the bottom. A view that pages on
    //! reaching its top turns this off and calls loadOlder() itself.
    void setFetchMoreEnabled(bool enabled) { m_fetchMoreEnabled = enabled; }
    bool fetchMoreEnabled() const { return m_fetchMoreEnabled; }
    //! Whether loadOlder() asks the connected client for older history once the store has none
    //! (default false; SessionModels turns it on: a room joined late has only its newest page
    //! stored). SyncDriver sends the request once the room is not catching up, so that the answer
    //! is handed over as history, not taken for a catch-up page.
    void setFetchOlderFromServer(bool enabled) { m_fetchOlderFromServer = enabled; }
    bool fetchOlderFromServer() const { return m_fetchOlderFromServer; }

    //! Adds or updates (same key, or same room and seq) a message, in display order; messages
    //! of other rooms are ignored. A change (edit, delete, reaction) is applied to its target
    //! (MessageChange) if shown, never added as a row.
    void addMessage(const ChatMessage &message);
    //! Adds a batch (bursts, history) with one beginInsertRows per contiguous run of new rows:
    //! one for a batch that lands in one place.
    void addMessages(const QList<ChatMessage> &messages);
    //! Sets a delivery state; a seq given with it may move the row to its place (rowsMoved).
    void updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                        const QDateTime &time);

    ChatMessage messageAt(int row) const;
    //! Row of the message with client id \a clientId, or -1.
    int rowOfClientId(const QString &clientId) const;
    //! One's own message \a clientId was cancelled (ChatClient::messageCancelled): its row goes.
    void removeCancelled(const QString &clientId);

private:
    //! Where new rows without seq go: live ones at the very end, older ones from the store
    //! before the rows without seq already shown.
    enum class Unsequenced { AtEnd, BeforeShown };

    bool accepts(const ChatMessage &message) const;
    //! Applies \a change to its target row if shown (dataChanged).
    void applyChange(const ChatMessage &change);
    int rowOfKey(const QString &key) const;
    //! Row of the message known by \a message's key or by its (room, seq), or -1.
    int rowOf(const ChatMessage &message) const;
    //! Number of leading rows that have a seq (rows with a seq come first).
    int sequencedRows() const;
    //! Row before which a message with \a seq goes, counting rows as if \a skip were not there.
    int sequencedInsertRow(qint64 seq, int skip = -1) const;
    //! Inserts \a fresh (unknown messages) in display order; returns the number inserted.
    int insertInOrder(QList<ChatMessage> fresh, Unsequenced placement, bool notify);
    //! Replaces \a row with \a message, moving it if its seq places it elsewhere.
    //! A row that gets its first seq also gets the changes m_awaitingSeq holds for it.
    void replaceRow(int row, ChatMessage message, QList<int> roles);
    void invalidateIndexFrom(int row);
    void ensureIndexed() const;
    bool serverHasOlder() const;
    qint64 oldestSeq() const;

    QString m_room;
    QList<ChatMessage> m_messages;
    mutable QHash<QString, int> m_rowByKey;
    //! Own file messages uploading: client id -> percent the server has.
    QHash<QString, int> m_uploads;
    mutable int m_indexedRows = 0; //!< m_rowByKey is right for rows below this
    MessageStore *m_store = nullptr;
    MessageStore::Position m_cursor = MessageStore::Position::end(); //!< oldest row from the store
    bool m_storeHasOlder = false;
    bool m_fetchMoreEnabled = true;
    bool m_fetchOlderFromServer = false;
    QPointer<ChatClient> m_client;
    qint64 m_requestedBefore = 0; //!< the seq last given to ChatClient::fetchOlder()
    qint64 m_unreadLineAfter = 0;
    ChangesAwaitingSeq m_awaitingSeq; //!< changes whose target may be an own row without seq yet
};
