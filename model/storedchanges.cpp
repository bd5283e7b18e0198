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
        : target(db), update(db), emptyEdits(db)
    {
    }
    QSqlQuery target;     //!< the message row a change targets
    QSqlQuery update;     //!< its new state
    QSqlQuery emptyEdits; //!< a deleted message's text out of its edit rows
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
                                           " reactions = ? WHERE id = ?")},
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
    if (MessageChange::apply(change, &message)) {
        QSqlQuery &update = m_st->update;
        update.addBindValue(Schema::text(message.text));
        update.addBindValue(Schema::time(message.edited));
        update.addBindValue(message.deleted ? 1 : 0);
        update.addBindValue(Schema::reactionsText(message.reactions));
        update.addBindValue(rowId);
        if (!exec(update, "changing a message"))
            return false;
    }
    return true;
}
