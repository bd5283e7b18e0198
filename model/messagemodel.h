#pragma once
// The messages of one room, oldest first, for the chat view. Each message appears once: rows are
// keyed by ChatMessage::key() (client id, else room+seq), and a second copy updates the first.
#include "chatmessage.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

class ChatClient;

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
    };
    Q_ENUM(Role)

    explicit MessageModel(const QString &room, QObject *parent = nullptr);

    QString room() const { return m_room; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Follows \a client: own messages, others' messages and delivery changes for this room
    //! (room-less classic broadcasts are shown in every room's model).
    void connectClient(ChatClient *client);

    //! Adds or updates (same key) a message; messages of other rooms are ignored.
    void addMessage(const ChatMessage &message);
    //! Adds a batch with one beginInsertRows (bursts, history).
    void addMessages(const QList<ChatMessage> &messages);
    void updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                        const QDateTime &time);

    ChatMessage messageAt(int row) const;
    //! Row of the message with client id \a clientId, or -1.
    int rowOfClientId(const QString &clientId) const;

private:
    bool accepts(const ChatMessage &message) const;
    int rowOfKey(const QString &key) const;
    void reindexFrom(int row);

    QString m_room;
    QList<ChatMessage> m_messages;
    QHash<QString, int> m_rowByKey;
};
