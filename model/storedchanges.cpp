#include "storedchanges.h"

#include "logging.h"
#include "messagechange.h"
#include "messagestoreschema.h"

#include <QSqlDatabase>
#include <QSqlError>

using Schema = MessageStoreSchema;

struct StoredChanges::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : target(db), update(db), emptyEdits(db), byClientId(db), changesTo(db), later(db)
    {
    }
    QSqlQuery target;     //!< the message row a change targets
    QSqlQuery update;     //!< its new state
    QSqlQuery emptyEdits; //!< a deleted message's text out of its edit rows
    QSqlQuery byClientId; //!< one's own message row
    QSqlQuery changesTo;  //!< the change rows stored for a (room, seq), in seq order
    QSqlQuery later;      //!< a later change of the same thing to the same message
};

StoredChanges::StoredChanges() = default;
StoredChanges::~StoredChanges() = default;

bool StoredChanges::prepare(const QSqlDatabase &db)
{
    m_st = std::make_unique<Statements>(db);
    const std::initializer_list<std::pair<QSqlQuery *, QString>> all{
            {&m_st->target, QLatin1String("SELECT ") + Schema::columns()
                     + QLatin1String(" FROM messages WHERE room = ? AND seq = ? AND seq > 0 AND kind = 0")},
            {&m_st->update, QStringLiteral("UPDATE messages SET text = ?, edited_ms = ?, deleted = ?,"
                                           " reactions = ?, file = ? WHERE id = ?")},
            {&m_st->byClientId, QLatin1String("SELECT ") + Schema::columns()
                     + QLatin1String(" FROM messages WHERE client_id = ? AND client_id <> '' AND kind = 0")},
            {&m_st->changesTo, QLatin1String("SELECT ") + Schema::columns()
                     + QLatin1String(" FROM messages WHERE room = ? AND target_seq = ? AND kind <> 0"
                                     " AND seq > 0 ORDER BY seq")},
            {&m_st->later, QStringLiteral("SELECT 1 FROM messages WHERE room = ? AND target_seq = ?"
                                          " AND kind = ? AND seq > ? AND (kind <> %1 OR (sender_id = ?"
                                          " AND text = ?)) LIMIT 1")
                                   .arg(int(ChatMessage::Kind::React))},
            {&m_st->emptyEdits, QStringLiteral("UPDATE messages SET text = '' WHERE room = ? AND target_seq = ?"
                                               " AND kind <> 0 AND text <> ''")},
    };
    for (const auto &[query, sql] : all) {
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            m_error = QStringLiteral("cannot prepare \"%1\": %2").arg(sql, query->lastError().text());
            return false;
        }
    }
    return true;
}

void StoredChanges::finish()
{
    m_st.reset();
}

bool StoredChanges::exec(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    m_error = QStringLiteral("%1 failed: %2").arg(QLatin1String(what), query.lastError().text());
    qCWarning(lcModel).noquote() << "message store:" << m_error;
    return false;
}

bool StoredChanges::apply(const ChatMessage &change)
{
    if (!m_st || !change.isChange() || change.target <= 0)
        return true;
    if (change.kind == ChatMessage::Kind::Delete) { // stored or not, its text goes from every row
        QSqlQuery &empty = m_st->emptyEdits;
        empty.addBindValue(Schema::text(change.room));
        empty.addBindValue(change.target);
        if (!exec(empty, "emptying the edits of a deleted message"))
            return false;
    }
    // Learnt late (an ack to a resend after a later change's ack, a catch-up page after a live
    // copy): a later edit, or a later reaction of the same person with the same emoji, already
    // decided; applying this one now would undo it.
    if (isSuperseded(change))
        return true;
    QSqlQuery &target = m_st->target;
    target.addBindValue(Schema::text(change.room));
    target.addBindValue(change.target);
    if (!exec(target, "reading a changed message"))
        return false;
    if (!target.next()) {
        target.finish();
        return true; // not stored here: it comes in its current state when paged in
    }
    const qint64 rowId = target.value(0).toLongLong();
    ChatMessage message = Schema::messageFrom(target);
    target.finish();
    return !MessageChange::apply(change, &message) || write(rowId, message);
}

bool StoredChanges::isSuperseded(const ChatMessage &change)
{
    if (!m_st || !change.isChange() || change.seq <= 0)
        return false;
    QSqlQuery &later = m_st->later;
    later.addBindValue(Schema::text(change.room));
    later.addBindValue(change.target);
    later.addBindValue(int(change.kind));
    later.addBindValue(change.seq);
    later.addBindValue(std::max<qint64>(0, change.senderId));
    later.addBindValue(Schema::text(change.text));
    if (!exec(later, "looking for later changes"))
        return false;
    const bool superseded = later.next();
    later.finish();
    return superseded;
}

bool StoredChanges::write(qint64 rowId, const ChatMessage &message)
{
    QSqlQuery &update = m_st->update;
    update.addBindValue(Schema::text(message.text));
    update.addBindValue(Schema::time(message.edited));
    update.addBindValue(message.deleted ? 1 : 0);
    update.addBindValue(Schema::reactionsText(message.reactions));
    update.addBindValue(Schema::fileText(message.file));
    update.addBindValue(rowId);
    return exec(update, "changing a message");
}

std::optional<std::pair<qint64, ChatMessage>> StoredChanges::ownMessage(const QString &clientId)
{
    QSqlQuery &own = m_st->byClientId;
    own.addBindValue(clientId);
    if (!exec(own, "reading an own message"))
        return std::nullopt;
    std::pair<qint64, ChatMessage> row{0, {}};
    if (own.next())
        row = {own.value(0).toLongLong(), Schema::messageFrom(own)};
    own.finish();
    return row;
}

bool StoredChanges::awaitsSeq(const QString &clientId)
{
    if (!m_st || clientId.isEmpty())
        return false;
    const auto row = ownMessage(clientId);
    return row && row->first > 0 && row->second.seq <= 0;
}

bool StoredChanges::applyEarlierChanges(const QString &clientId)
{
    if (!m_st || clientId.isEmpty())
        return true;
    auto row = ownMessage(clientId);
    if (!row)
        return false;
    auto &[rowId, message] = *row;
    if (rowId <= 0 || message.seq <= 0)
        return true;
    QSqlQuery &changes = m_st->changesTo;
    changes.addBindValue(Schema::text(message.room));
    changes.addBindValue(message.seq);
    if (!exec(changes, "reading the changes to a message"))
        return false;
    bool changed = false;
    while (changes.next())
        changed = MessageChange::apply(Schema::messageFrom(changes), &message) || changed;
    changes.finish();
    return !changed || write(rowId, message);
}
