#include "searchindexpurge.h"

#include "sqlconnection.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QVariant>

#include <utility>

namespace {

// 'merge' with a negative count first puts every segment on one level, then merges; a positive
// count goes on with a merge under way. Either writes about that many pages.
const QLatin1String kTotalChanges("SELECT total_changes()");

//! A round of this many steps has merged far more than any index holds: stop, whatever
//! total_changes() says (a guard against a loop that never ends, not a limit ever met).
constexpr int kMaxStepsPerRound = 1'000'000;

} // namespace

SearchIndexPurge::SearchIndexPurge(const QSqlDatabase &db, const QString &table,
                                   const QLoggingCategory &category)
    : m_merge(db)
    , m_changes(db)
    , m_category(&category)
{
    const QString merge = QStringLiteral("INSERT INTO %1 (%1, rank) VALUES ('merge', ?)").arg(table);
    m_error = SqlConnection::prepareAll({{&m_changes, kTotalChanges}});
    if (m_error.isEmpty() && !m_merge.prepare(merge))
        m_error = m_merge.lastError().text();
    m_timer.setSingleShot(true);
    m_timer.setInterval(kStepInterval);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { onTimer(); });
}

void SearchIndexPurge::removed()
{
    if (m_state == State::Merging)
        m_again = true;
    else
        m_state = State::Due;
    if (!m_timer.isActive())
        m_timer.start();
}

void SearchIndexPurge::onTimer()
{
    if (!step()) {
        qCWarning(*m_category).noquote() << "search index purge failed (tried again at the next delete):"
                                      << m_error;
        return;
    }
    if (isPending())
        m_timer.start();
}

qint64 SearchIndexPurge::totalChanges()
{
    if (!m_changes.exec() || !m_changes.next())
        return -1;
    const qint64 n = m_changes.value(0).toLongLong();
    m_changes.finish();
    return n;
}

bool SearchIndexPurge::step()
{
    if (m_state == State::Idle)
        return true;
    const bool starting = m_state == State::Due;
    const qint64 before = totalChanges();
    m_merge.bindValue(0, starting ? -kPagesPerStep : kPagesPerStep);
    const bool merged = m_merge.exec();
    const qint64 after = totalChanges();
    if (!merged || before < 0 || after < 0) {
        const QSqlError error = merged ? m_changes.lastError() : m_merge.lastError();
        m_error = error.databaseText().isEmpty() ? error.text() : error.databaseText();
        m_state = State::Due;  // a round starts over
        return false;
    }
    m_state = State::Merging;
    if (starting) {
        m_again = false;
        m_steps = 0;
    }
    // The command itself counts one change; more are the pages it wrote. None: the round is done.
    if (after - before <= 1 || ++m_steps >= kMaxStepsPerRound) {
        m_state = std::exchange(m_again, false) ? State::Due : State::Idle;
        qCDebug(*m_category) << "search index purged" << (m_state == State::Due ? "(another round due)" : "");
    }
    return true;
}

bool SearchIndexPurge::finish()
{
    m_timer.stop();
    // Each round ends (kMaxStepsPerRound at most); no round follows another without a delete.
    while (isPending()) {
        if (!step())
            return false;
    }
    return true;
}
