#pragma once
// What the MessageStore tests (tst_messagestore*.cpp) and the store-backed MessageModel tests
// share: messages as the client saves them, fresh database files in a temporary folder, and a
// plain second connection to look at a file from outside the store.

#include "chatmessage.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariant>

inline constexpr qint64 kBaseTimeMs = 1700000000000;

//! One's own message to \a room as ChatClient saves it before sending: Pending, no seq yet.
inline ChatMessage outgoing(const QString &room, const QString &clientId, const QString &text,
                            qint64 timeOffsetMs = 0)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = room;
    m.sender = QStringLiteral("me");
    m.text = text;
    m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + timeOffsetMs, Qt::UTC);
    m.own = true;
    m.delivery = ChatMessage::Delivery::Pending;
    return m;
}

//! bob's message \a seq in \a room, as received from the server.
inline ChatMessage received(const QString &room, qint64 seq, const QString &text,
                            const QString &clientId = {})
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = room;
    m.seq = seq;
    m.sender = QStringLiteral("bob");
    m.text = text;
    m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + seq * 1000, Qt::UTC);
    return m;
}

inline QStringList texts(const QList<ChatMessage> &messages)
{
    QStringList out;
    for (const ChatMessage &m : messages)
        out << m.text;
    return out;
}

//! Fresh database paths, each in a folder of its own (which the store creates), inside one
//! temporary folder that goes with the test.
class StoreFiles
{
public:
    bool isValid() const { return m_dir.isValid(); }
    //! The temporary folder itself (not a database file).
    QString folder() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QString freshPath()
    {
        return m_dir.filePath(QStringLiteral("store-%1/history.sqlite").arg(++m_count));
    }

private:
    QTemporaryDir m_dir;
    int m_count = 0;
};

//! A second, plain connection to \a path, to look at the file from outside the store.
class Inspector
{
public:
    explicit Inspector(const QString &path)
        : m_name(QStringLiteral("inspector-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~Inspector() { QSqlDatabase::removeDatabase(m_name); }
    Inspector(const Inspector &) = delete;
    Inspector &operator=(const Inspector &) = delete;

    bool isOpen() const { return m_open; }
    QVariant value(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    QStringList column(const QString &sql) const
    {
        QStringList out;
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (q.exec(sql)) {
            while (q.next())
                out << q.value(0).toString();
        }
        return out;
    }

private:
    static inline int s_count = 0;
    QString m_name;
    bool m_open = false;
};
