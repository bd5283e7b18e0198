#include "rowlayoutcache.h"

#include "logging.h"
#include "messagemodel.h"
#include "messagetexts.h"

#include <QAbstractItemView>
#include <QScrollBar>
#include <QTextLayout>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace {

constexpr int kLayoutCacheSize = 512;  // laid-out short bodies kept for painting (visible rows)
//! For room-less messages with no identity, the part of their text that keys them: more than a
//! row ever shows, so messages keyed alike look alike, and no 1 MB key copied per lookup.
constexpr qsizetype kKeyChars = MessageClip::kMaxShown.chars + MessageClip::kMaxShown.lines
        + LinkFinder::kMaxLinkLength + 2;

//! A laid-out body's share of kLayoutCacheSize: a long one holds more memory.
qsizetype layoutCost(const QTextLayout &layout)
{
    return 1 + layout.text().size() / MessageClip::kCollapsed.chars;
}
//! While estimated heights are being measured, corrections reach the view at most this often
//! (each is a relayout of every row: ~6 ms at 100k rows) unless a shown row was wrong.
constexpr std::chrono::milliseconds kCorrectionInterval{100};

}  // namespace

RowLayoutCache::RowLayoutCache(MessageDelegate *delegate, QAbstractItemView *view,
                               QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_layouts(kLayoutCacheSize)
    , m_refineTimer(new QTimer(this))
{
    m_refineTimer->setSingleShot(true);
    m_refineTimer->setInterval(0);
    connect(m_refineTimer, &QTimer::timeout, this, &RowLayoutCache::refine);
    if (view) {
        view->installEventFilter(this);
        view->viewport()->installEventFilter(this);
        view->verticalScrollBar()->installEventFilter(this);
    }
    setDelegate(delegate);
}

RowLayoutCache::~RowLayoutCache()
{
    if (m_delegate)
        m_delegate->detach(this);
}

void RowLayoutCache::setDelegate(MessageDelegate *delegate)
{
    if (delegate == m_delegate)
        return;
    if (m_delegate)
        m_delegate->detach(this);
    m_delegate = delegate;
    if (delegate)
        delegate->attach(this);
    clear();
}

void RowLayoutCache::clear()
{
    m_bodies.clear();
    m_layouts.clear();
    resetRows();
}

MessageClip::Limits RowLayoutCache::limits(const QModelIndex &index) const
{
    if (m_shown.isEmpty())
        return MessageClip::kCollapsed;  // the common case: no key made
    return m_shown.value(cacheId(index), MessageClip::kCollapsed);
}

bool RowLayoutCache::showMore(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (!index.isValid() || !m_delegate || !geometry(option, index).moreExpands)
        return false;
    const MessageClip::Limits shown = MessageClip::next(limits(index));
    m_shown.insert(cacheId(index), shown);
    qCDebug(lcUi) << "showing up to" << shown.chars << "characters and" << shown.lines
                  << "lines of message" << index.data(MessageModel::IdRole).toString();
    invalidate(index);
    return true;
}

void RowLayoutCache::invalidate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    // Only entries for the current width exist (a width change clears the cache): no scan.
    const Key key{cacheId(index), m_width};
    m_bodies.remove(key);
    m_layouts.remove(key);
    if (index.model() == m_model && rowsInSync())
        dropRow(index.row());
    Q_EMIT sizeHintChanged(index);
}

bool RowLayoutCache::rowsInSync() const
{
    return m_model && m_rows.size() == m_model->rowCount();
}

bool RowLayoutCache::isMirrored(const QModelIndex &index) const
{
    return index.model() == m_model && !index.parent().isValid() && rowsInSync()
            && index.row() < m_rows.size();
}

bool RowLayoutCache::fromView(const QStyleOptionViewItem &option) const
{
    return m_view && option.widget == m_view;
}

void RowLayoutCache::resetRows()
{
    m_rows = QList<RowState>(m_model ? m_model->rowCount() : 0);
    m_estimated = 0;
    m_urgentRow = -1;
    m_correctedRow = -1;
}

void RowLayoutCache::keepAsEstimates()
{
    for (RowState &state : m_rows) {
        if (state.height >= 0 && !state.estimated) {
            state.estimated = true;
            ++m_estimated;
        }
    }
    m_urgentRow = -1;
    m_correctedRow = -1;
    if (m_estimated > 0)
        scheduleRefine();
}

void RowLayoutCache::scheduleRefine()
{
    // Not start() every time: restarting re-registers the timer, which cost ~5 µs per row.
    if (!m_refineTimer->isActive())
        m_refineTimer->start();
}

void RowLayoutCache::dropRow(int row)
{
    RowState &state = m_rows[row];
    if (state.estimated) {
        state.estimated = false;
        --m_estimated;
    }
    state.height = -1;
}

void RowLayoutCache::dropRows(int first, int last)
{
    first = std::max(0, first);
    last = std::min(int(m_rows.size()) - 1, last);
    for (int row = first; row <= last; ++row)
        dropRow(row);
}

void RowLayoutCache::follow(const QAbstractItemModel *model)
{
    if (model == m_model)
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_bodies.clear();
    m_layouts.clear();
    m_shown.clear();
    resetRows();
    if (!model)
        return;
    connect(model, &QAbstractItemModel::dataChanged, this, &RowLayoutCache::onDataChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this, &RowLayoutCache::onRowsInserted);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &RowLayoutCache::onRowsRemoved);
    connect(model, &QAbstractItemModel::rowsMoved, this, &RowLayoutCache::onRowsMoved);
    connect(model, &QAbstractItemModel::layoutChanged, this, &RowLayoutCache::resetRows);
    connect(model, &QAbstractItemModel::modelReset, this, &RowLayoutCache::clear);
}

void RowLayoutCache::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    if (m_rows.size() + count != m_model->rowCount()) {
        resetRows();
        return;
    }
    m_rows.insert(first, count, RowState{});
    forgetCorrections();
    // The row below the new ones has a new neighbour above: maybe a new day or group.
    dropRows(last + 1, last + 1);
}

void RowLayoutCache::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    if (m_rows.size() - count != m_model->rowCount()) {
        resetRows();
        return;
    }
    for (int row = first; row <= last; ++row)
        m_estimated -= m_rows.at(row).estimated ? 1 : 0;
    m_rows.remove(first, count);
    forgetCorrections();
    dropRows(first, first);  // the row that followed the removed ones
}

void RowLayoutCache::onRowsMoved(const QModelIndex &parent, int start, int end,
                                 const QModelIndex &destination, int row)
{
    if (parent.isValid() || destination.isValid())
        return;
    // Rows outside [min(start, row), max(end + 1, row)] keep both their index and the row above
    // them; inside, indexes or neighbours changed (a Delivered message moves a few rows at most).
    dropRows(std::min(start, row), std::max(end + 1, row));
    forgetCorrections();
}

void RowLayoutCache::forgetCorrections()
{
    // The view lays out every row after an insert, removal or move: it reads them all.
    m_urgentRow = -1;
    m_correctedRow = -1;
}

void RowLayoutCache::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                   const QList<int> &roles)
{
    if (topLeft.parent().isValid())
        return;
    const auto has = [&roles](int role) { return roles.isEmpty() || roles.contains(role); };
    // The quoted line and the reactions line are measured with the body.
    const bool bodyChanged = has(MessageModel::TextRole) || has(MessageModel::SenderRole)
            || has(MessageModel::IdRole) || has(MessageModel::ReplyExcerptRole)
            || has(MessageModel::ReactionsRole);
    // "Seen by N" and "Sending file: N%" go with the time.
    const bool timeChanged = has(MessageModel::TimeRole) || has(MessageModel::ReadByRole)
            || has(MessageModel::UploadProgressRole);
    const bool followerChanged = timeChanged || has(MessageModel::SenderRole)
            || has(MessageModel::OwnRole);
    const bool inSync = rowsInSync();
    // A row whose cached flags are no longer right drops its height; the view is told only
    // when the height may really change (a Delivered ack usually changes nothing visible in size,
    // and sizeHintChanged relayouts every row).
    const auto refresh = [this, inSync](const QModelIndex &index) {
        if (!inSync || !index.isValid() || m_rows.at(index.row()).height < 0)
            return false;
        if (MessageDelegate::rowFlags(index) == m_rows.at(index.row()).flags)
            return false;
        dropRow(index.row());
        return true;
    };
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex index = topLeft.siblingAtRow(row);
        const Key key{cacheId(index), m_width};
        bool resized = false;
        if (bodyChanged) {
            m_bodies.remove(key);
            m_layouts.remove(key);
            resized = true;
        } else if (timeChanged && m_metrics) {
            // Only "HH:mm" may have changed: re-measure that, not the body.
            const auto it = m_bodies.find(key);
            if (it != m_bodies.end()) {
                const int width = m_metrics->timeWidth(MessageTexts::timeText(index));
                if (width != it->timeWidth) {
                    it->timeWidth = width;
                    resized = true;
                }
            }
        }
        resized = refresh(index) || resized;
        if (resized) {
            if (inSync)
                dropRow(row);
            Q_EMIT sizeHintChanged(index);
        }
        // Rows inside the range are refreshed by this loop; the one below it here.
        if (followerChanged && row == bottomRight.row()) {
            const QModelIndex below = topLeft.siblingAtRow(row + 1);
            if (refresh(below))
                Q_EMIT sizeHintChanged(below);
        }
    }
}

QString RowLayoutCache::cacheId(const QModelIndex &index)
{
    const QString id = index.data(MessageModel::IdRole).toString();
    if (!id.isEmpty())
        return id;
    // Classic room-less messages have no identity; equal content measures equally.
    const QString text = index.data(MessageModel::TextRole).toString();
    return QLatin1Char('~') + index.data(MessageModel::SenderRole).toString() + QChar(0)
            + QString::number(text.size()) + QChar(0) + QStringView(text).left(kKeyChars);
}

int RowLayoutCache::rowWidth(const QStyleOptionViewItem &option)
{
    if (!fromView(option))
        return MessageDelegate::rowWidth(option);
    if (m_viewWidth <= 0)
        m_viewWidth = MessageDelegate::rowWidth(option);
    return m_viewWidth;
}

bool RowLayoutCache::eventFilter(QObject *watched, QEvent *event)
{
    if (m_view && (watched == m_view || watched == m_view->viewport()
                   || watched == m_view->verticalScrollBar())) {
        switch (event->type()) {
        case QEvent::Resize:
        case QEvent::Show:
        case QEvent::Hide:
        case QEvent::StyleChange:
        case QEvent::FontChange:
            m_viewWidth = -1;
            break;
        default:
            break;
        }
    }
    return false;
}

int RowLayoutCache::prepare(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    follow(index.model());
    const bool fontChanged = !m_metrics || option.font != m_metrics->font();
    if (fontChanged) {
        if (m_metrics)
            qCDebug(lcUi) << "message font changed: dropping cached layouts";
        m_metrics.emplace(MessageDelegate::metricsFor(option.font));
    }
    const int width = rowWidth(option);
    if (fontChanged || width != m_width) {
        // Entries for the old width or font will never be asked again.
        m_bodies.clear();
        m_layouts.clear();
        m_width = width;
        // The view's rows keep their old heights as estimates: re-estimating 100k rows in one
        // relayout took ~160 ms. MessageView measures the rows about to be shown first, the
        // others are measured in the next turns.
        if (fromView(option))
            keepAsEstimates();
        else
            resetRows();
    }
    return width;
}

const MessageMetrics::Body &RowLayoutCache::body(const QModelIndex &index, int width,
                                                  bool keepLayout)
{
    const Key key{cacheId(index), width};
    const auto it = m_bodies.constFind(key);
    if (it != m_bodies.cend())
        return *it;

    QElapsedTimer clock;  // charged to the turn's measuring budget
    clock.start();
    std::unique_ptr<QTextLayout> layout;
    const MessageMetrics::Body b =
            m_delegate->measureBody(index, width, *m_metrics, &layout, limits(index));
    // The layout just made is the one paint() needs: keep it (the cache holds visible rows).
    if (keepLayout) {
        const qsizetype cost = layoutCost(*layout);
        m_layouts.insert(key, layout.release(), cost);
    }
    m_spentNs += clock.nsecsElapsed();
    return *m_bodies.insert(key, b);
}

bool RowLayoutCache::withinBudget()
{
    if (!m_turnArmed) {
        m_turnArmed = true;
        m_spentNs = 0;
        // Runs at the next turn of the event loop: what this turn measured stops counting.
        QTimer::singleShot(0, this, [this] { m_turnArmed = false; });
    }
    return m_spentNs < std::chrono::nanoseconds(m_budget).count();
}

void RowLayoutCache::refine()
{
    if (!m_delegate || !m_model || !m_view || !rowsInSync())
        return;
    QStyleOptionViewItem option;  // what QAbstractItemView::initViewItemOption() measures with
    option.initFrom(m_view);
    option.font = m_view->font();
    option.widget = m_view;
    const int width = prepare(option, m_model->index(0, 0));
    int corrected = m_correctedRow;
    bool measured = false;
    // Bottom first: a chat is read from its end.
    for (int row = int(m_rows.size()) - 1; row >= 0 && m_estimated > 0; --row) {
        const RowState old = m_rows.at(row);
        if (!old.estimated)
            continue;
        if (measured && !withinBudget())
            break;
        const MessageDelegate::Geometry g = MessageDelegate::compose(
                body(m_model->index(row, 0), width, false), old.flags, width, *m_metrics);
        measured = true;
        m_rows[row] = RowState{g.size.height(), old.flags, false};
        --m_estimated;
        if (g.size.height() != old.height)
            corrected = corrected < 0 ? row : std::min(corrected, row);
    }
    // Corrections of rows not shown wait (coalesced) unless a shown row was wrong or this is
    // the last of them: the view keeps its place either way (MessageView's anchor).
    int first = std::exchange(m_urgentRow, -1);
    const bool due = m_estimated == 0 || !m_sinceCorrection.isValid()
            || m_sinceCorrection.hasExpired(kCorrectionInterval.count());
    if (corrected >= 0 && (due || first >= 0)) {
        first = first < 0 ? corrected : std::min(first, corrected);
        corrected = -1;
    }
    m_correctedRow = corrected;
    if (first >= 0 && first < m_rows.size()) {
        m_sinceCorrection.start();
        Q_EMIT sizeHintChanged(m_model->index(first, 0));
    }
    if (m_estimated > 0 || m_correctedRow >= 0)
        scheduleRefine();
}

MessageDelegate::Geometry RowLayoutCache::geometry(const QStyleOptionViewItem &option,
                                                   const QModelIndex &index)
{
    const int width = prepare(option, index);
    const int row = index.row();
    const bool mirrored = isMirrored(index);
    const RowState old = mirrored ? m_rows.at(row) : RowState{};
    const quint8 flags = old.height >= 0 ? old.flags : MessageDelegate::rowFlags(index);
    const MessageDelegate::Geometry g =
            MessageDelegate::compose(body(index, width), flags, width, *m_metrics);
    if (mirrored) {
        if (old.estimated) {
            --m_estimated;
            if (old.height != g.size.height()) {
                // Painted or hit-tested before refine() came to it: the view must re-ask soon.
                m_urgentRow = m_urgentRow < 0 ? row : std::min(m_urgentRow, row);
                scheduleRefine();
            }
        }
        m_rows[row] = RowState{g.size.height(), flags, false};
    }
    return g;
}

QList<LinkFinder::Link> RowLayoutCache::links(const QStyleOptionViewItem &option,
                                              const QModelIndex &index)
{
    if (!index.isValid())
        return {};
    return body(index, prepare(option, index)).links;
}

const QTextLayout &RowLayoutCache::textLayout(const QStyleOptionViewItem &option,
                                              const QModelIndex &index)
{
    const Key key{cacheId(index), prepare(option, index)};
    if (QTextLayout *layout = m_layouts.object(key))
        return *layout;
    QTextLayout *layout =
            m_delegate->layoutBody(index, key.width, *m_metrics, limits(index)).release();
    m_layouts.insert(key, layout, layoutCost(*layout));
    return *layout;
}

QSize RowLayoutCache::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (!index.isValid())
        return {};
    // The hot path of every relayout: one lookup, no data() call.
    const int width = prepare(option, index);
    const int row = index.row();
    const bool mirrored = isMirrored(index);
    const bool viewAsks = fromView(option);
    // Estimates are for the view (which is told when they change), never for direct callers.
    if (mirrored && m_rows.at(row).height >= 0 && (viewAsks || !m_rows.at(row).estimated))
        return QSize(width, m_rows.at(row).height);
    if (mirrored && viewAsks && !m_bodies.contains(Key{cacheId(index), width}) && !withinBudget()) {
        const quint8 flags = MessageDelegate::rowFlags(index);
        const MessageDelegate::Geometry g = MessageDelegate::compose(
                MessageDelegate::estimateBody(index, width, *m_metrics, limits(index)), flags, width,
                *m_metrics);
        m_rows[row] = RowState{g.size.height(), flags, true};
        ++m_estimated;
        scheduleRefine();
        return g.size;
    }
    return geometry(option, index).size;
}
