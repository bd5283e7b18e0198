#include "messagechanges.h"

#include "sqlconnection.h"

#include <QHash>
#include <algorithm>
#include <QSqlDatabase>
#include <QSqlError>
#include <QVariant>

using Kind = HistoryStore::Message::Kind;
using Outcome = HistoryStore::Outcome;

namespace {

const QLatin1String kTarget(
        "SELECT kind, sender_id, time, text, deleted, file_id FROM messages WHERE room = ? AND seq = ?");
const QLatin1String kSetText(
        "UPDATE messages SET text = ?, edited = ? WHERE room = ? AND seq = ? AND kind = 0");
const QLatin1String kMarkDeleted(
        "UPDATE messages SET text = '', deleted = 1, file_id = NULL, file_name = NULL,"
        " file_size = NULL, file_type = NULL, file_thumb = NULL WHERE room = ? AND seq = ? AND kind = 0");
// "target_seq = ?" implies the partial index's "target_seq IS NOT NULL": the index is used.
const QLatin1String kClearEdits(
        "UPDATE messages SET text = '' WHERE room = ? AND target_seq = ? AND kind = 1");
const QLatin1String kDropReactions("DELETE FROM reactions WHERE room = ? AND seq = ?");
// How many different emoji the message has, whether one of them is this one, and whether the
// sender gave it (0/1 each).
const QLatin1String kReactionState(
        "SELECT COUNT(DISTINCT emoji), COALESCE(MAX(CASE WHEN emoji = ? THEN 1 ELSE 0 END), 0),"
        " COALESCE(MAX(CASE WHEN emoji = ? AND user_id = ? THEN 1 ELSE 0 END), 0)"
        " FROM reactions WHERE room = ? AND seq = ?");
const QLatin1String kAddReaction(
        "INSERT INTO reactions (room, seq, user_id, emoji, time) VALUES (?, ?, ?, ?, ?)");
const QLatin1String kRemoveReaction(
        "DELETE FROM reactions WHERE room = ? AND seq = ? AND emoji = ? AND user_id = ?");
// A page's reactions in one go: per (message, emoji) the whole count and the first users in the
// order they reacted (%1, SQLite's rowid or PostgreSQL's id: insertion order); emoji in the
// order they were first given.
const QLatin1String kPageReactions(
        "SELECT seq, emoji, user_id, total FROM ("
        " SELECT seq, emoji, user_id,"
        "  COUNT(*) OVER (PARTITION BY seq, emoji) AS total,"
        "  ROW_NUMBER() OVER (PARTITION BY seq, emoji ORDER BY %1) AS n,"
        "  MIN(%1) OVER (PARTITION BY seq, emoji) AS first"
        " FROM reactions WHERE room = ? AND seq >= ? AND seq <= ?) AS r"
        " WHERE n <= ? ORDER BY seq, first, n");

const QString kUnknownMessage = QStringLiteral("unknown message");
const QString kNotAllowed = QStringLiteral("not allowed");

MessageChanges::Verdict refused(const QString &error)
{
    return MessageChanges::Verdict{Outcome::Refused, error, {}};
}

} // namespace

MessageChanges::MessageChanges(SqlConnection &connection)
    : MessageChanges(connection.database(), connection.backend())
{
}

MessageChanges::MessageChanges(const QSqlDatabase &db, SqlConnection::Backend backend)
    : m_target(db), m_setText(db), m_markDeleted(db), m_clearEdits(db), m_dropReactions(db),
      m_reactionState(db), m_addReaction(db), m_removeReaction(db), m_pageReactions(db)
{
    m_error = SqlConnection::prepareAll({
            {&m_target, kTarget},
            {&m_setText, kSetText},
            {&m_markDeleted, kMarkDeleted},
            {&m_clearEdits, kClearEdits},
            {&m_dropReactions, kDropReactions},
            {&m_reactionState, kReactionState},
            {&m_addReaction, kAddReaction},
            {&m_removeReaction, kRemoveReaction},
            {&m_pageReactions,
             QString(kPageReactions)
                     .arg(backend == SqlConnection::Backend::Postgres ? QLatin1String("id")
                                                                      : QLatin1String("rowid"))},
    });
}

bool MessageChanges::run(QSqlQuery &query, const char *what, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &value : values)
        query.bindValue(i++, value);
    return query.exec() || fail(query, what);
}

bool MessageChanges::fail(const QSqlQuery &query, const char *what)
{
    const QSqlError error = query.lastError();
    const QString reason = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    m_error = reason + QLatin1String(" (") + QLatin1String(what) + QLatin1Char(')');
    return false;
}

std::optional<MessageChanges::Target> MessageChanges::target(const QString &room, qint64 seq)
{
    if (!run(m_target, "change target", {room, seq}))
        return std::nullopt;
    Target t;
    if (m_target.next()) {
        t.found = true;
        t.kind = Kind(m_target.value(0).toInt());
        t.senderId = m_target.value(1).isNull() ? 0 : m_target.value(1).toLongLong();
        t.timeMs = m_target.value(2).toLongLong();
        t.text = m_target.value(3).toString();
        t.deleted = m_target.value(4).toInt() != 0;
        t.file = m_target.value(5).toString();
    }
    const bool ok = !m_target.lastError().isValid() || fail(m_target, "change target");
    m_target.finish();
    return ok ? std::optional<Target>(t) : std::nullopt;
}

std::optional<bool> MessageChanges::isMessage(const QString &room, qint64 seq)
{
    const std::optional<Target> t = target(room, seq);
    if (!t)
        return std::nullopt;
    return t->found && t->kind == Kind::Message;
}

MessageChanges::Verdict MessageChanges::apply(const QString &room, qint64 senderId,
                                              const HistoryStore::Change &change, qint64 nowMs,
                                              bool admin, std::chrono::milliseconds editWindow)
{
    const std::optional<Target> t = target(room, change.target);
    if (!t)
        return failed();
    if (!t->found || t->kind != Kind::Message)
        return refused(kUnknownMessage);
    if (t->deleted)
        return refused(kNotAllowed);
    const bool own = t->senderId != 0 && t->senderId == senderId;
    switch (change.kind) {
    case Kind::Edit:
        if (!own)
            return refused(kNotAllowed);
        return edit(room, change, *t, nowMs, editWindow);
    case Kind::Delete:
        if (!own && !admin)
            return refused(kNotAllowed);
        return remove(room, change, t->file);
    case Kind::React:
        return react(room, senderId, change, nowMs);
    case Kind::Message:
        break;
    }
    m_error = QStringLiteral("a message is not a change");
    return failed();
}

MessageChanges::Verdict MessageChanges::edit(const QString &room, const HistoryStore::Change &change,
                                             const Target &target, qint64 nowMs,
                                             std::chrono::milliseconds editWindow)
{
    if (editWindow.count() > 0 && nowMs - target.timeMs > editWindow.count())
        return refused(QStringLiteral("edit window passed"));
    if (target.text == change.text)
        return Verdict{Outcome::Unchanged, {}, {}};
    if (!run(m_setText, "edit", {change.text, nowMs, room, change.target}))
        return failed();
    return Verdict{Outcome::Stored, {}, {}};
}

MessageChanges::Verdict MessageChanges::remove(const QString &room, const HistoryStore::Change &change,
                                               const QString &file)
{
    if (!run(m_markDeleted, "delete", {room, change.target})
        || !run(m_clearEdits, "delete the edits' text", {room, change.target})
        || !run(m_dropReactions, "drop the reactions", {room, change.target}))
        return failed();
    return Verdict{Outcome::Stored, {}, file};
}

MessageChanges::Verdict MessageChanges::react(const QString &room, qint64 senderId,
                                              const HistoryStore::Change &change, qint64 nowMs)
{
    const QString &emoji = change.text;
    if (!run(m_reactionState, "reactions of a message", {emoji, emoji, senderId, room, change.target}))
        return failed();
    if (!m_reactionState.next()) {
        fail(m_reactionState, "reactions of a message");
        m_reactionState.finish();
        return failed();
    }
    const qint64 distinct = m_reactionState.value(0).toLongLong();
    const bool given = m_reactionState.value(1).toInt() != 0;
    const bool mine = m_reactionState.value(2).toInt() != 0;
    m_reactionState.finish();
    if (mine == change.on)
        return Verdict{Outcome::Unchanged, {}, {}};
    if (change.on && !given && distinct >= kMaxEmojiPerMessage)
        return refused(QStringLiteral("too many reactions"));
    const bool done = change.on
            ? run(m_addReaction, "add a reaction", {room, change.target, senderId, emoji, nowMs})
            : run(m_removeReaction, "remove a reaction", {room, change.target, emoji, senderId});
    return done ? Verdict{Outcome::Stored, {}, {}} : failed();
}

bool MessageChanges::readReactions(const QString &room, QList<HistoryStore::Message> *messages)
{
    QHash<qint64, qsizetype> rowOf; // seq -> index in messages, for message rows only
    qint64 first = 0;
    qint64 last = 0;
    for (qsizetype i = 0; i < messages->size(); ++i) {
        const HistoryStore::Message &m = messages->at(i);
        if (m.isChange())
            continue;
        rowOf.insert(m.seq, i);
        first = rowOf.size() == 1 ? m.seq : qMin(first, m.seq);
        last = qMax(last, m.seq);
    }
    if (rowOf.isEmpty())
        return true;
    if (!run(m_pageReactions, "page reactions", {room, first, last, kMaxListedUsers}))
        return false;
    while (m_pageReactions.next()) {
        const auto row = rowOf.constFind(m_pageReactions.value(0).toLongLong());
        if (row == rowOf.cend())
            continue; // a change row's seq: never has reactions
        QList<HistoryStore::Reaction> &reactions = (*messages)[*row].reactions;
        const QString emoji = m_pageReactions.value(1).toString();
        if (reactions.isEmpty() || reactions.constLast().emoji != emoji)
            reactions.append(HistoryStore::Reaction{emoji, m_pageReactions.value(3).toLongLong(), {}});
        reactions.last().users.append(m_pageReactions.value(2).toLongLong());
    }
    const bool ok = !m_pageReactions.lastError().isValid() || fail(m_pageReactions, "page reactions");
    m_pageReactions.finish();
    // The order every client shows (ChatMessage::orderReactions()): most people first, then by
    // emoji; each one's listed ids ascending. Clients apply changes in different orders; this
    // one does not depend on it.
    for (HistoryStore::Message &m : *messages) {
        for (HistoryStore::Reaction &r : m.reactions)
            std::sort(r.users.begin(), r.users.end());
        std::stable_sort(m.reactions.begin(), m.reactions.end(),
                         [](const HistoryStore::Reaction &a, const HistoryStore::Reaction &b) {
                             return a.count != b.count ? a.count > b.count : a.emoji < b.emoji;
                         });
    }
    return ok;
}
