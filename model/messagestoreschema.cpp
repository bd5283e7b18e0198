#include "messagestoreschema.h"

#include "parleymessagejson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using Delivery = ChatMessage::Delivery;

QList<SqlMigrations::Migration> MessageStoreSchema::migrations()
{
    return {
            {1,
             {QStringLiteral("CREATE TABLE messages ("
                             " id INTEGER PRIMARY KEY,"
                             " client_id TEXT NOT NULL DEFAULT '',"
                             " room TEXT NOT NULL DEFAULT '',"
                             " seq INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0),"
                             " sender TEXT NOT NULL DEFAULT '',"
                             " text TEXT NOT NULL DEFAULT '',"
                             " time_ms INTEGER,"
                             " own INTEGER NOT NULL DEFAULT 0,"
                             " delivery INTEGER NOT NULL DEFAULT 0)"),
              QStringLiteral("CREATE UNIQUE INDEX messages_client_id ON messages (client_id)"
                             " WHERE client_id <> ''"),
              QStringLiteral("CREATE UNIQUE INDEX messages_room_seq ON messages (room, seq) WHERE seq > 0"),
              QStringLiteral("CREATE INDEX messages_unsequenced ON messages (room, id) WHERE seq = 0"),
              QStringLiteral("CREATE INDEX messages_own ON messages (delivery, id) WHERE own = 1")}},
            {2,
             {QStringLiteral("CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY,"
                             " synced_seq INTEGER NOT NULL DEFAULT 0)")}},
            // Accounts: who sent a message as the server knows it (0 / '' before accounts).
            {3,
             {QStringLiteral("ALTER TABLE messages ADD COLUMN sender_id INTEGER NOT NULL DEFAULT 0"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN sender_username TEXT NOT NULL DEFAULT ''")}},
            // Conversations: replies, edits, deletes, reactions.
            {4,
             {QStringLiteral("ALTER TABLE messages ADD COLUMN kind INTEGER NOT NULL DEFAULT 0"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN target_seq INTEGER NOT NULL DEFAULT 0"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN reply_to INTEGER NOT NULL DEFAULT 0"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN edited_ms INTEGER"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN reaction_on INTEGER NOT NULL DEFAULT 0"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT ''"),
              QStringLiteral("CREATE INDEX messages_changes ON messages (room, target_seq) WHERE kind <> 0")}},
            // Search (issue 13): a trigram index of the messages' current texts, kept in step by
            // triggers, and the newest-first order search results come in.
            //
            // Contentless (content=''): the index keeps no copy of the texts (messages.text is the
            // one copy, so a deleted text is emptied in one place), and it holds exactly the rows
            // put into it -- messages, not change rows -- where an external-content table would
            // take every row of messages as its content ('rebuild', 'integrity-check'). Removing a
            // row needs its old text, which the triggers have (OLD.text). detail=none and
            // columnsize=0: no token positions nor sizes, a third of the disk of detail=full
            // (measured on chat texts: 2.8 times smaller; 35 MiB for 1,000,000 messages,
            // bench_search); phrases are then not possible, so a term is looked up by its
            // trigrams and checked as a substring (SearchTerms). Needs SQLite 3.34 (trigram).
            // The triggers fire on every statement that changes a message's text, kind or deleted
            // flag, whichever class runs it (StoredChanges, a merge of two copies, a later one),
            // and only when one of them really changes (a reaction rewrites the same text).
            // sender_key: the from: filter's key (senderKey()), a virtual column (nothing stored
            // for it but its index): lower() of the name, which is senderKey() for names in ASCII
            // or without case, else sender_fold, written only where the two differ ("Émile").
            // So a file migrated keeps its rows as they are (foldOldSenderKeys() writes
            // sender_fold for the few names that need it). messages_search_sender orders each
            // sender's messages by time, so that someone who wrote little is found at once. Both
            // indexes keep only what reading newest first needs (ties in time: sorted as read).
            {5,
             {QStringLiteral("ALTER TABLE messages ADD COLUMN sender_fold TEXT NOT NULL DEFAULT ''"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN sender_key TEXT GENERATED ALWAYS AS"
                             " (CASE WHEN sender_fold <> '' THEN sender_fold ELSE lower(CASE WHEN sender_username <> ''"
                             " THEN sender_username ELSE sender END) END) VIRTUAL"),
              QStringLiteral("CREATE INDEX messages_search_sender ON messages (sender_key, ifnull(time_ms, 0))"
                             " WHERE kind = 0"),
              QStringLiteral("CREATE VIRTUAL TABLE messages_search USING fts5(text, content='',"
                             " tokenize='trigram', detail=none, columnsize=0)"),
              QStringLiteral("INSERT INTO messages_search (rowid, text) SELECT id, text FROM messages"
                             " WHERE kind = 0 AND deleted = 0 AND text <> ''"),
              QStringLiteral("CREATE INDEX messages_search_order ON messages (ifnull(time_ms, 0), room DESC)"
                             " WHERE kind = 0"),
              QStringLiteral("CREATE TRIGGER messages_search_insert AFTER INSERT ON messages"
                             " WHEN new.kind = 0 AND new.deleted = 0 AND new.text <> ''"
                             " BEGIN INSERT INTO messages_search (rowid, text) VALUES (new.id, new.text); END"),
              QStringLiteral("CREATE TRIGGER messages_search_delete AFTER DELETE ON messages"
                             " WHEN old.kind = 0 AND old.deleted = 0 AND old.text <> ''"
                             " BEGIN INSERT INTO messages_search (messages_search, rowid, text)"
                             " VALUES ('delete', old.id, old.text); END"),
              QStringLiteral("CREATE TRIGGER messages_search_update AFTER UPDATE OF text, kind, deleted ON messages"
                             " WHEN old.text IS NOT new.text OR old.kind IS NOT new.kind"
                             " OR old.deleted IS NOT new.deleted"
                             " BEGIN"
                             " INSERT INTO messages_search (messages_search, rowid, text) SELECT 'delete', old.id, old.text"
                             " WHERE old.kind = 0 AND old.deleted = 0 AND old.text <> '';"
                             " INSERT INTO messages_search (rowid, text) SELECT new.id, new.text"
                             " WHERE new.kind = 0 AND new.deleted = 0 AND new.text <> '';"
                             " END")}},
            // Files: the file a message sends, as JSON (FileRef::toStored(), with the local path
            // of one's own); '' for none.
            {6, {QStringLiteral("ALTER TABLE messages ADD COLUMN file TEXT NOT NULL DEFAULT ''")}},
    };
}

QString MessageStoreSchema::senderKey(const QString &name)
{
    // UsernamePolicy::keyOf(UsernamePolicy::canonical(name)), as parley-server compares names.
    return name.normalized(QString::NormalizationForm_KC).toCaseFolded().normalized(QString::NormalizationForm_KC);
}

QString MessageStoreSchema::senderFold(const ChatMessage &m)
{
    if (m.isChange())
        return QStringLiteral("");
    const QString &name = m.senderUsername.isEmpty() ? m.sender : m.senderUsername;
    const QString key = senderKey(name);
    return key == sqlLower(name) ? QStringLiteral("") : key;
}

QString MessageStoreSchema::sqlLower(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        if (c.unicode() < 0x80)
            c = c.toLower();
    }
    return out;
}

bool MessageStoreSchema::foldOldSenderKeys(const QSqlDatabase &db, QString *error)
{
    const QString name = QStringLiteral("CASE WHEN sender_username <> '' THEN sender_username ELSE sender END");
    QSqlQuery names(db);
    names.setForwardOnly(true);
    // Only a name with a character beyond ASCII may have a senderKey() other than lower().
    if (!names.exec(QStringLiteral("SELECT DISTINCT %1 FROM messages WHERE kind = 0 AND %1 GLOB '*[^ -~]*'").arg(name))) {
        *error = names.lastError().text();
        return false;
    }
    QStringList found;
    while (names.next())
        found << names.value(0).toString();
    names.finish();
    QSqlQuery update(db);
    // Through messages_search_sender: the rows of that name have sender_key = lower(name) so far.
    update.prepare(QStringLiteral("UPDATE messages SET sender_fold = ? WHERE sender_key = ? AND kind = 0 AND %1 = ?")
                           .arg(name));
    for (const QString &n : std::as_const(found)) {
        const QString key = senderKey(n);
        if (key == sqlLower(n))
            continue;
        update.addBindValue(key);
        update.addBindValue(sqlLower(n));
        update.addBindValue(n);
        if (!update.exec()) {
            *error = update.lastError().text();
            return false;
        }
    }
    return true;
}

int MessageStoreSchema::toStored(Delivery delivery)
{
    switch (delivery) {
    case Delivery::None:
        return StoredNone;
    case Delivery::Pending:
        return StoredPending;
    case Delivery::Sent:
        return StoredSent;
    case Delivery::Delivered:
        return StoredDelivered;
    case Delivery::Failed:
        return StoredFailed;
    }
    return StoredNone;
}

Delivery MessageStoreSchema::fromStored(int value)
{
    switch (value) {
    case StoredPending:
        return Delivery::Pending;
    case StoredSent:
        return Delivery::Sent;
    case StoredDelivered:
        return Delivery::Delivered;
    case StoredFailed:
        return Delivery::Failed;
    default:
        return Delivery::None;
    }
}

QString MessageStoreSchema::columns()
{
    return QStringLiteral("id, client_id, room, seq, sender, text, time_ms, own, delivery,"
                          " sender_id, sender_username, kind, target_seq, reply_to, edited_ms, deleted,"
                          " reaction_on, reactions, file");
}

ChatMessage MessageStoreSchema::messageFrom(const QSqlQuery &query)
{
    ChatMessage m;
    m.clientId = query.value(1).toString();
    m.room = query.value(2).toString();
    m.seq = query.value(3).toLongLong();
    m.sender = query.value(4).toString();
    m.text = query.value(5).toString();
    const QVariant time = query.value(6);
    if (!time.isNull())
        m.time = QDateTime::fromMSecsSinceEpoch(time.toLongLong(), Qt::UTC);
    m.own = query.value(7).toBool();
    m.delivery = fromStored(query.value(8).toInt());
    m.senderId = query.value(9).toLongLong();
    m.senderUsername = query.value(10).toString();
    const int kind = query.value(11).toInt();
    m.kind = kind >= 1 && kind <= 3 ? ChatMessage::Kind(kind) : ChatMessage::Kind::Message;
    m.target = query.value(12).toLongLong();
    m.replyTo = query.value(13).toLongLong();
    const QVariant edited = query.value(14);
    if (!edited.isNull())
        m.edited = QDateTime::fromMSecsSinceEpoch(edited.toLongLong(), Qt::UTC);
    m.deleted = query.value(15).toBool();
    m.reactionOn = query.value(16).toBool();
    m.reactions = reactionsFrom(query.value(17).toString());
    m.file = fileFrom(query.value(18).toString());
    return m;
}

QString MessageStoreSchema::reactionsText(const QList<ChatMessage::Reaction> &reactions)
{
    if (reactions.isEmpty())
        return QStringLiteral("");
    QJsonArray list;
    for (const ChatMessage::Reaction &r : reactions) {
        QJsonArray users;
        for (const qint64 id : r.users)
            users << id;
        list << QJsonObject{{QStringLiteral("emoji"), r.emoji}, {QStringLiteral("count"), r.count},
                            {QStringLiteral("users"), users}};
    }
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

QList<ChatMessage::Reaction> MessageStoreSchema::reactionsFrom(const QString &text)
{
    if (text.isEmpty())
        return {};
    // The same bounds as from a server: the message object's parser reads the list.
    ChatMessage m;
    const QJsonObject o{{QStringLiteral("reactions"), QJsonDocument::fromJson(text.toUtf8()).array()}};
    return ParleyMessageJson::parse(o, &m) ? m.reactions : QList<ChatMessage::Reaction>{};
}

QString MessageStoreSchema::fileText(const FileRef &file)
{
    if (file.isNull())
        return QStringLiteral("");
    return QString::fromUtf8(QJsonDocument(file.toStored()).toJson(QJsonDocument::Compact));
}

FileRef MessageStoreSchema::fileFrom(const QString &text)
{
    if (text.isEmpty())
        return {};
    return FileRef::fromStored(QJsonDocument::fromJson(text.toUtf8()).object());
}

QString MessageStoreSchema::text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant MessageStoreSchema::time(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}
