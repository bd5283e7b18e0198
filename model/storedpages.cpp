#include "storedpages.h"

#include "logging.h"
#include "messagestoreschema.h"

#include <QSqlDatabase>
#include <QSqlError>

#include <limits>
#include <optional>

using Schema = MessageStoreSchema;

namespace {
struct Row
{
    MessageStore::Position position;
    ChatMessage message;
};

Row rowFrom(const QSqlQuery &q)
{
    Row row{{}, Schema::messageFrom(q)};
    row.position.seq = row.message.seq;
    row.position.localId = q.value(0).toLongLong();
    return row;
}
} // namespace

struct StoredPages::Statements
{
    explicit Statements(const QSqlDatabase &db)
        : sequencedUpTo{QSqlQuery(db), QSqlQuery(db)}, unsequencedBefore{QSqlQuery(db), QSqlQuery(db)}
    {
    }
    //! Page parts, each read newest first through its index: [0] the room, [1] room-less.
    //! Two statements each, as a page steps through up to four of them at once.
    QSqlQuery sequencedUpTo[2];
    QSqlQuery unsequencedBefore[2];
};

StoredPages::StoredPages() = default;
StoredPages::~StoredPages() = default;

bool StoredPages::prepare(const QSqlDatabase &db)
{
    m_st = std::make_unique<Statements>(db);
    const QString select = QLatin1String("SELECT ") + Schema::columns() + QLatin1String(" FROM messages ");
    // Pages hold messages; change rows (kind <> 0) are applied to their targets, never shown.
    const QString sequencedUpTo = select + QStringLiteral("WHERE room = ? AND seq > 0 AND seq <= ? AND kind = 0"
                                                          " ORDER BY seq DESC LIMIT ?");
    const QString unsequencedBefore = select + QStringLiteral("WHERE room = ? AND seq = 0 AND id < ? AND kind = 0"
                                                              " ORDER BY id DESC LIMIT ?");
    for (int r = 0; r < 2; ++r) {
        for (const auto &[query, sql] : {std::pair(&m_st->sequencedUpTo[r], sequencedUpTo),
                                         std::pair(&m_st->unsequencedBefore[r], unsequencedBefore)}) {
            query->setForwardOnly(true);
            if (!query->prepare(sql)) {
                qCWarning(lcModel).noquote() << "message store: cannot prepare" << sql << query->lastError().text();
                return false;
            }
        }
    }
    return true;
}

void StoredPages::finish()
{
    m_st.reset();
}

MessageStore::Page StoredPages::read(const QString &room, const MessageStore::Position &before, int limit)
{
    MessageStore::Page page;
    if (!m_st || limit <= 0)
        return page;
    // Up to four parts (rows with and without seq, of the room and room-less), each read newest
    // first through its index, merged a row at a time: only rows that make the page are read
    // (plus one per part), so a page of huge texts stays a page.
    struct Part
    {
        QSqlQuery *query = nullptr;
        std::optional<Row> head;
    };
    QList<Part> parts;
    const qint64 fetch = qint64(limit) + 2; // one more tells hasMore, one at before.seq is skipped
    const QStringList rooms = room.isEmpty() ? QStringList{Schema::text(room)}
                                             : QStringList{Schema::text(room), Schema::text(QString())};
    for (int r = 0; r < rooms.size(); ++r) {
        if (before.seq == 0) {
            QSqlQuery &unsequenced = m_st->unsequencedBefore[r];
            unsequenced.addBindValue(rooms.at(r));
            unsequenced.addBindValue(before.localId);
            unsequenced.addBindValue(fetch);
            parts << Part{&unsequenced, {}};
        }
        QSqlQuery &sequenced = m_st->sequencedUpTo[r];
        sequenced.addBindValue(rooms.at(r));
        sequenced.addBindValue(before.seq == 0 ? std::numeric_limits<qint64>::max() : before.seq);
        sequenced.addBindValue(fetch);
        parts << Part{&sequenced, {}};
    }
    const auto advance = [&before](Part &part) {
        part.head.reset();
        while (part.query->next()) {
            Row row = rowFrom(*part.query);
            if (row.position < before) {
                part.head = std::move(row);
                return;
            }
        }
    };
    for (Part &part : parts) {
        if (part.query->exec())
            advance(part);
        else
            qCWarning(lcModel).noquote() << "message store: reading a page failed:" << part.query->lastError().text();
    }

    QList<Row> rows; // newest first
    qsizetype textChars = 0;
    while (true) {
        Part *next = nullptr;
        for (Part &part : parts) {
            if (part.head && (!next || next->head->position < part.head->position))
                next = &part;
        }
        if (!next)
            break;
        const qsizetype size = next->head->message.text.size();
        if (rows.size() == limit || (!rows.isEmpty() && textChars + size > MessageStore::kPageTextChars)) {
            page.hasMore = true;
            break;
        }
        textChars += size;
        rows << std::move(*next->head);
        advance(*next);
    }
    for (Part &part : parts)
        part.query->finish();
    if (rows.isEmpty())
        return page;
    page.oldest = rows.last().position;
    page.messages.reserve(rows.size());
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
        page.messages << it->message;
    return page;
}

