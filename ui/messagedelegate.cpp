#include "messagedelegate.h"

#include "logging.h"
#include "messagemodel.h"

#include <QAbstractItemView>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextLayout>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace {

// Geometry of a row, in device-independent pixels.
constexpr int kGroupGap = 6;         // above the first bubble of a group
constexpr int kGroupedGap = 1;       // above the next bubbles of the same group
constexpr int kRowMarginBottom = 1;  // below every row (so grouped bubbles are 2 px apart)
constexpr int kRowMarginH = 10;      // between the bubble and the view's edge
constexpr int kPaddingH = 10;        // inside the bubble
constexpr int kPaddingV = 6;
constexpr int kHeaderGap = 2;        // below the name; above a time that needs its own line
constexpr int kTimeGap = 12;         // between the last line of text and the time beside it
constexpr int kMarkGap = 4;          // between the time and the delivery mark
constexpr int kDayMarginV = 8;       // above and below a day separator
constexpr int kDayPaddingV = 2;
constexpr int kDayPaddingH = 10;     // between the day's words and the lines beside them
constexpr int kFooterGap = 2;        // between a Failed bubble and "Not delivered · Retry"
constexpr int kFooterSpacing = 8;    // between "Not delivered" and "Retry"
constexpr qreal kBubbleRadius = 10;
constexpr qreal kFocusPenWidth = 2;
constexpr qreal kMaxBubbleFraction = 0.78;  // a bubble never spans the whole row: who wrote it
                                             // shows in which side it hugs
constexpr int kMinBubbleWidth = 120;
constexpr int kMinRowWidth = kMinBubbleWidth + 2 * kRowMarginH;  // a hidden view reports 0
constexpr qreal kSmallFontFactor = 0.85;
constexpr int kLayoutCacheSize = 512;  // laid-out bodies kept for painting (visible rows)
constexpr qreal kMinContrast = 4.5;    // WCAG AA for normal text
constexpr int kLightnessStep = 8;      // when stepping a colour away from its background
constexpr auto kGroupWindowSecs =
        std::chrono::duration_cast<std::chrono::seconds>(MessageDelegate::kGroupWindow).count();
constexpr qint64 kSecsPerDay = 86'400;
constexpr qint64 kOffsetBucketSecs = 900;       // zones change offset on quarter hours only
constexpr qsizetype kMaxCachedOffsets = 4'096;  // ~6 weeks of quarter hours of messages
constexpr qint64 kEpochJulianDay = 2'440'588;   // QDate(1970, 1, 1).toJulianDay()
constexpr qsizetype kMaxCachedWidths = 4'096;   // names and "HH:mm" strings per font
constexpr char16_t kFirstWideChar = 0x2E80;     // CJK and later: about two average characters
constexpr qint64 kMinutesPerHour = 60;
//! While estimated heights are being measured, corrections reach the view at most this often
//! (each is a relayout of every row: ~6 ms at 100k rows) unless a shown row was wrong.
constexpr std::chrono::milliseconds kCorrectionInterval{100};

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

//! Seconds since 1970-01-01T00:00 on the local wall clock at \a time. Why not toLocalTime()
//! per message: each conversion costs glibc a tzset() that stat()s /etc/localtime, 3 per row,
//! which was 13% of laying out a burst of new rows. The zone's offset is looked up once per
//! quarter hour of UTC time instead (offsets change only on quarter hours) and kept for the
//! process (GUI thread only; a zone change applies to quarter hours not seen yet).
qint64 localSeconds(const QDateTime &time)
{
    static QHash<qint64, int> offsets;
    const qint64 utc = time.toSecsSinceEpoch();
    const qint64 bucket = floorDiv(utc, kOffsetBucketSecs);
    auto it = offsets.find(bucket);
    if (it == offsets.end()) {
        if (offsets.size() >= kMaxCachedOffsets)
            offsets.clear();
        const QDateTime start = QDateTime::fromSecsSinceEpoch(bucket * kOffsetBucketSecs, Qt::UTC);
        it = offsets.insert(bucket, start.toLocalTime().offsetFromUtc());
    }
    return utc + *it;
}

QDate localDateOf(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return QDate::fromJulianDay(kEpochJulianDay + floorDiv(localSeconds(time), kSecsPerDay));
}

QTime localTimeOf(const QDateTime &time)
{
    const qint64 local = localSeconds(time);
    return QTime::fromMSecsSinceStartOfDay(int(local - floorDiv(local, kSecsPerDay) * kSecsPerDay)
                                           * 1000);
}

//! "HH:mm" of \a time in the default locale, formatted once per minute of the day (parsing the
//! format string per row showed in profiles); the table follows a change of default locale.
QString clockText(const QTime &time)
{
    static QLocale locale;
    static QHash<int, QString> texts;
    const QLocale current;
    if (current != locale) {
        locale = current;
        texts.clear();
    }
    const int minute = int(time.hour() * kMinutesPerHour + time.minute());
    auto it = texts.find(minute);
    if (it == texts.end()) {
        it = texts.insert(minute, current.toString(QTime(time.hour(), time.minute()),
                                                   QStringLiteral("HH:mm")));
    }
    return *it;
}

//! \a text's width in \a fm, remembered in \a cache: names and times repeat on many rows.
int cachedWidth(QHash<QString, int> &cache, const QFontMetrics &fm, const QString &text)
{
    auto it = cache.find(text);
    if (it == cache.end()) {
        if (cache.size() >= kMaxCachedWidths)
            cache.clear();
        it = cache.insert(text, fm.horizontalAdvance(text));
    }
    return *it;
}

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

qreal luminance(const QColor &c)
{
    auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF());
}

qreal contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a);
    const qreal lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

//! \a color, made lighter or darker (same hue) until it can be read on \a background.
QColor readable(const QColor &color, const QColor &background)
{
    const bool dark = background.lightnessF() < 0.5;
    const QColor hsl = color.toHsl();
    int lightness = hsl.lightness();
    QColor c = color;
    while (contrast(c, background) < kMinContrast && lightness > 0 && lightness < 255) {
        lightness = dark ? std::min(255, lightness + kLightnessStep)
                         : std::max(0, lightness - kLightnessStep);
        c = QColor::fromHsl(hsl.hslHue(), hsl.hslSaturation(), lightness);
    }
    return c;
}

QFont nameFont(const QFont &font)
{
    QFont f = font;
    f.setBold(true);
    return f;
}

QFont smallFont(const QFont &font)
{
    QFont f = font;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * kSmallFontFactor);
    else if (f.pixelSize() > 0)
        f.setPixelSize(std::max(1, int(f.pixelSize() * kSmallFontFactor)));
    return f;
}

ChatMessage::Delivery deliveryOf(const QModelIndex &index)
{
    return static_cast<ChatMessage::Delivery>(index.data(MessageModel::DeliveryRole).toInt());
}

bool isOwn(const QModelIndex &index)
{
    return index.data(MessageModel::OwnRole).toBool();
}

//! Widest of all marks, so that a delivery change never changes a bubble's size.
int markWidth(const QFontMetrics &fm)
{
    int w = 0;
    for (auto state : {ChatMessage::Delivery::Pending, ChatMessage::Delivery::Sent,
                       ChatMessage::Delivery::Delivered, ChatMessage::Delivery::Failed}) {
        w = std::max(w, fm.horizontalAdvance(MessageDelegate::deliveryMark(state)));
    }
    return w;
}

int maxTextWidth(int rowWidth)
{
    const int available = std::max(1, rowWidth - 2 * kRowMarginH);
    const int bubble = std::min(available,
                                std::max(kMinBubbleWidth, int(rowWidth * kMaxBubbleFraction)));
    return std::max(1, bubble - 2 * kPaddingH);
}

QString failureText()
{
    return MessageDelegate::tr("Not delivered");
}

QString retryText()
{
    return MessageDelegate::tr("Retry");
}

//! Characters a link never ends with: sentence punctuation after a pasted address.
bool isTrailingPunctuation(QChar c)
{
    return QStringView(u".,;:!?'*").contains(c);
}

//! Whether \a link ends with \a close without a matching \a open inside (a bracket around it).
bool unbalancedClose(QStringView link, QChar open, QChar close)
{
    return !link.isEmpty() && link.back() == close && link.count(open) < link.count(close);
}

}  // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_layouts(kLayoutCacheSize)
    , m_refineTimer(new QTimer(this))
{
    m_refineTimer->setSingleShot(true);
    m_refineTimer->setInterval(0);
    connect(m_refineTimer, &QTimer::timeout, this, &MessageDelegate::refine);
}

MessageDelegate::~MessageDelegate() = default;

QString MessageDelegate::bodyText(const QModelIndex &index)
{
    QString text = index.data(MessageModel::TextRole).toString();
    text.replace(QLatin1String("\r\n"), QString(QChar::LineSeparator));
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    text.replace(QLatin1Char('\r'), QChar::LineSeparator);
    return text;
}

bool MessageDelegate::isOpenableLink(const QUrl &url)
{
    const QString scheme = url.scheme();
    return url.isValid() && !url.host().isEmpty()
            && (scheme.compare(QLatin1String("http"), Qt::CaseInsensitive) == 0
                || scheme.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0);
}

QList<MessageDelegate::Link> MessageDelegate::findLinks(const QString &text)
{
    // The scheme must not continue a longer one (RFC 3986 scheme characters: "xhttp://",
    // "git+https://"); a CJK word right before it is fine. A link ends at white space (U+2028
    // included: Unicode properties), at characters that delimit addresses in prose ('<', '>',
    // '"') and at CJK and full-width punctuation, which people type right after an address.
    static const QRegularExpression pattern(
            QStringLiteral("(?<![A-Za-z0-9+.\\-])https?://[^\\s<>\"\\x{3000}-\\x{303F}\\x{FF01}-\\x{FF0F}"
                           "\\x{FF1A}-\\x{FF20}\\x{FF3B}-\\x{FF40}\\x{FF5B}-\\x{FF65}]+"),
            QRegularExpression::CaseInsensitiveOption
                    | QRegularExpression::UseUnicodePropertiesOption);
    QList<Link> links;
    if (!text.contains(QLatin1String("://")))
        return links;  // the common case costs one scan
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QStringView link = match.capturedView();
        while (!link.isEmpty()) {
            if (isTrailingPunctuation(link.back())
                || unbalancedClose(link, QLatin1Char('('), QLatin1Char(')'))
                || unbalancedClose(link, QLatin1Char('['), QLatin1Char(']'))
                || unbalancedClose(link, QLatin1Char('{'), QLatin1Char('}'))) {
                link.chop(1);
                continue;
            }
            break;
        }
        const QUrl url(link.toString(), QUrl::TolerantMode);
        if (isOpenableLink(url))
            links.append(Link{int(match.capturedStart()), int(link.size()), url});
    }
    return links;
}

QString MessageDelegate::timeText(const QModelIndex &index)
{
    const QDateTime time = index.data(MessageModel::TimeRole).toDateTime();
    if (!time.isValid())
        return {};
    return clockText(localTimeOf(time));
}

QDate MessageDelegate::localDay(const QModelIndex &index)
{
    return localDateOf(index.data(MessageModel::TimeRole).toDateTime());
}

QString MessageDelegate::dayText(const QDate &day, const QDate &today)
{
    if (!day.isValid())
        return {};
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

quint8 MessageDelegate::flagsOf(const QModelIndex &index)
{
    quint8 flags = 0;
    const bool own = isOwn(index);
    if (own)
        flags |= Own;
    if (isRetryable(index))
        flags |= Failed;
    const QDateTime time = index.data(MessageModel::TimeRole).toDateTime();
    const QDate day = localDateOf(time);
    if (index.row() == 0)
        return flags | StartsGroup | (day.isValid() ? StartsDay : 0);
    const QModelIndex above = index.siblingAtRow(index.row() - 1);
    const QDateTime aboveTime = above.data(MessageModel::TimeRole).toDateTime();
    if (day.isValid() && localDateOf(aboveTime) != day)
        return flags | StartsGroup | StartsDay;
    const bool grouped = time.isValid() && aboveTime.isValid() && own == isOwn(above)
            && std::abs(aboveTime.secsTo(time)) <= kGroupWindowSecs
            && index.data(MessageModel::SenderRole).toString()
                    == above.data(MessageModel::SenderRole).toString();
    return grouped ? flags : flags | StartsGroup;
}

bool MessageDelegate::startsDay(const QModelIndex &index)
{
    return index.isValid() && (flagsOf(index) & StartsDay);
}

bool MessageDelegate::startsGroup(const QModelIndex &index)
{
    return index.isValid() && (flagsOf(index) & StartsGroup);
}

bool MessageDelegate::isRetryable(const QModelIndex &index)
{
    return isOwn(index) && deliveryOf(index) == ChatMessage::Delivery::Failed
            && !index.data(MessageModel::ClientIdRole).toString().isEmpty();
}

QString MessageDelegate::senderText(const QModelIndex &index)
{
    const QString sender = index.data(MessageModel::SenderRole).toString();
    return sender.isEmpty() ? tr("Unknown") : sender;
}

QColor MessageDelegate::senderColor(const QString &name, const QPalette &palette)
{
    // FNV-1a over the UTF-16 code units: unlike qHash() it is the same on every platform, Qt
    // version and run, so a person keeps their colour.
    quint32 hash = 2166136261u;
    for (const QChar c : name) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    const int hue = int(hash % 360u);
    const QColor background = palette.color(QPalette::Base);
    const bool dark = isDark(palette);
    // Start from a pleasant lightness, then step away from the background until readable.
    int lightness = dark ? 170 : 95;
    QColor color = QColor::fromHsl(hue, 170, lightness);
    while (contrast(color, background) < kMinContrast && lightness > 0 && lightness < 255) {
        lightness = dark ? std::min(255, lightness + kLightnessStep)
                         : std::max(0, lightness - kLightnessStep);
        color = QColor::fromHsl(hue, 170, lightness);
    }
    return color;
}

QString MessageDelegate::deliveryMark(ChatMessage::Delivery state)
{
    switch (state) {
    case ChatMessage::Delivery::Pending:
        return QStringLiteral("\u25F7");  // ◷ a clock: waiting
    case ChatMessage::Delivery::Sent:
        return QStringLiteral("\u2713");  // ✓
    case ChatMessage::Delivery::Delivered:
        return QStringLiteral("\u2713\u2713");  // ✓✓
    case ChatMessage::Delivery::Failed:
        return QStringLiteral("!");
    case ChatMessage::Delivery::None:
        break;
    }
    return {};
}

QString MessageDelegate::deliveryToolTip(ChatMessage::Delivery state)
{
    switch (state) {
    case ChatMessage::Delivery::Pending:
        return tr("Waiting to be sent");
    case ChatMessage::Delivery::Sent:
        return tr("Sent, waiting for the server to confirm");
    case ChatMessage::Delivery::Delivered:
        return tr("Delivered");
    case ChatMessage::Delivery::Failed:
        return tr("Not delivered: the server refused this message");
    case ChatMessage::Delivery::None:
        break;
    }
    return {};
}

void MessageDelegate::clearCache()
{
    m_bodies.clear();
    m_layouts.clear();
    resetRows();
}

void MessageDelegate::invalidate(const QModelIndex &index)
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

bool MessageDelegate::rowsInSync() const
{
    return m_model && m_rows.size() == m_model->rowCount();
}

void MessageDelegate::resetRows() const
{
    m_rows = QList<RowState>(m_model ? m_model->rowCount() : 0);
    m_estimated = 0;
    m_urgentRow = -1;
    m_correctedRow = -1;
}

void MessageDelegate::keepAsEstimates() const
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

void MessageDelegate::scheduleRefine() const
{
    // Not start() every time: restarting re-registers the timer, which cost ~5 µs per row.
    if (!m_refineTimer->isActive())
        m_refineTimer->start();
}

void MessageDelegate::dropRow(int row) const
{
    RowState &state = m_rows[row];
    if (state.estimated) {
        state.estimated = false;
        --m_estimated;
    }
    state.height = -1;
}

void MessageDelegate::dropRows(int first, int last) const
{
    first = std::max(0, first);
    last = std::min(int(m_rows.size()) - 1, last);
    for (int row = first; row <= last; ++row)
        dropRow(row);
}

void MessageDelegate::follow(const QAbstractItemModel *model) const
{
    if (model == m_model)
        return;
    auto *self = const_cast<MessageDelegate *>(this);  // the cache is mutable state
    if (m_model)
        disconnect(m_model, nullptr, self, nullptr);
    m_model = model;
    m_bodies.clear();
    m_layouts.clear();
    resetRows();
    if (!model)
        return;
    connect(model, &QAbstractItemModel::dataChanged, self, &MessageDelegate::onDataChanged);
    connect(model, &QAbstractItemModel::rowsInserted, self, &MessageDelegate::onRowsInserted);
    connect(model, &QAbstractItemModel::rowsRemoved, self, &MessageDelegate::onRowsRemoved);
    connect(model, &QAbstractItemModel::rowsMoved, self, &MessageDelegate::onRowsMoved);
    connect(model, &QAbstractItemModel::layoutChanged, self, [self] { self->resetRows(); });
    connect(model, &QAbstractItemModel::modelReset, self, &MessageDelegate::clearCache);
}

void MessageDelegate::onRowsInserted(const QModelIndex &parent, int first, int last)
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

void MessageDelegate::onRowsRemoved(const QModelIndex &parent, int first, int last)
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

void MessageDelegate::onRowsMoved(const QModelIndex &parent, int start, int end,
                                  const QModelIndex &destination, int row)
{
    if (parent.isValid() || destination.isValid())
        return;
    // Rows outside [min(start, row), max(end + 1, row)] keep both their index and the row above
    // them; inside, indexes or neighbours changed (a Delivered message moves a few rows at most).
    dropRows(std::min(start, row), std::max(end + 1, row));
    forgetCorrections();
}

void MessageDelegate::forgetCorrections() const
{
    // The view lays out every row after an insert, removal or move: it reads them all.
    m_urgentRow = -1;
    m_correctedRow = -1;
}

void MessageDelegate::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                    const QList<int> &roles)
{
    if (topLeft.parent().isValid())
        return;
    const auto has = [&roles](int role) { return roles.isEmpty() || roles.contains(role); };
    const bool bodyChanged = has(MessageModel::TextRole) || has(MessageModel::SenderRole)
            || has(MessageModel::IdRole);
    const bool timeChanged = has(MessageModel::TimeRole);
    const bool followerChanged = timeChanged || has(MessageModel::SenderRole)
            || has(MessageModel::OwnRole);
    const bool inSync = rowsInSync();
    // A row whose cached flags are no longer right drops its height; the view is told only
    // when the height may really change (a Delivered ack usually changes nothing visible in size,
    // and sizeHintChanged relayouts every row).
    const auto refresh = [this, inSync](const QModelIndex &index) {
        if (!inSync || !index.isValid() || m_rows.at(index.row()).height < 0)
            return false;
        if (flagsOf(index) == m_rows.at(index.row()).flags)
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
                const int width = cachedWidth(m_timeWidths, m_metrics->small, timeText(index));
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

QString MessageDelegate::cacheId(const QModelIndex &index)
{
    const QString id = index.data(MessageModel::IdRole).toString();
    if (!id.isEmpty())
        return id;
    // Classic room-less messages have no identity; equal content measures equally.
    return QLatin1Char('~') + index.data(MessageModel::SenderRole).toString() + QChar(0)
            + index.data(MessageModel::TextRole).toString();
}

int MessageDelegate::viewWidth(const QStyleOptionViewItem &option)
{
    // QListView asks sizeHint() with no useful rect; the row is as wide as the viewport.
    int width = option.rect.width();
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget)) {
        width = view->viewport()->width();
        // Measure as if the vertical scroll bar were shown: when it appears (the conversation
        // outgrows the window) the rows keep their width and nothing is measured again.
        const QScrollBar *bar = view->verticalScrollBar();
        if (view->verticalScrollBarPolicy() == Qt::ScrollBarAsNeeded && !bar->isVisibleTo(view)
            && !view->style()->styleHint(QStyle::SH_ScrollBar_Transient, nullptr, bar)) {
            width -= bar->sizeHint().width();
        }
    }
    // A view not shown yet may be 0 wide: measure for a narrow bubble, not one glyph a line.
    return std::max(kMinRowWidth, width);
}

int MessageDelegate::rowWidth(const QStyleOptionViewItem &option) const
{
    if (m_viewWidth > 0 && option.widget && option.widget == m_widthView)
        return m_viewWidth;
    const int width = viewWidth(option);
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget)) {
        if (view != m_widthView) {
            auto *self = const_cast<MessageDelegate *>(this);  // the cache is mutable state
            if (m_widthView) {
                m_widthView->viewport()->removeEventFilter(self);
                m_widthView->verticalScrollBar()->removeEventFilter(self);
                const_cast<QAbstractItemView *>(m_widthView.data())->removeEventFilter(self);
            }
            m_widthView = view;
            view->viewport()->installEventFilter(self);
            view->verticalScrollBar()->installEventFilter(self);
            const_cast<QAbstractItemView *>(view)->installEventFilter(self);
        }
        m_viewWidth = width;
    }
    return width;
}

bool MessageDelegate::eventFilter(QObject *watched, QEvent *event)
{
    const bool widthSource = m_widthView
            && (watched == m_widthView || watched == m_widthView->viewport()
                || watched == m_widthView->verticalScrollBar());
    if (!widthSource) {
        // An editor's events (QStyledItemDelegate commits on Enter, closes on Escape…).
        return QStyledItemDelegate::eventFilter(watched, event);
    }
    // Never QStyledItemDelegate's filter here: it would take the view for an editor and eat
    // its Tab and Escape keys.
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
    return false;
}

bool MessageDelegate::checkFont(const QFont &font) const
{
    if (!m_fontKnown || font != m_font) {
        if (m_fontKnown)
            qCDebug(lcUi) << "message font changed: dropping cached layouts";
        m_font = font;
        m_fontKnown = true;
        // Measured once per font: building QFontMetrics per message is what makes a first
        // layout of a long history slow.
        const QFontMetrics fm(font);
        m_metrics.emplace(Metrics{QFontMetrics(nameFont(font)), QFontMetrics(smallFont(font)),
                                  markWidth(fm), std::max(1, fm.averageCharWidth()),
                                  fm.height()});
        m_nameWidths.clear();
        m_timeWidths.clear();
        return true;
    }
    return false;
}

int MessageDelegate::prepare(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    follow(index.model());
    const bool fontChanged = checkFont(option.font);
    const int width = rowWidth(option);
    if (fontChanged || width != m_width) {
        // Entries for the old width or font will never be asked again.
        m_bodies.clear();
        m_layouts.clear();
        m_width = width;
        // A view's rows keep their old heights as estimates: re-estimating 100k rows in one
        // relayout took ~160 ms. MessageView measures the rows about to be shown first, the
        // others are measured in the next turns.
        if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget)) {
            m_view = view;
            keepAsEstimates();
        } else {
            resetRows();
        }
    }
    return width;
}

std::unique_ptr<QTextLayout> MessageDelegate::layoutBody(const QString &text, const QFont &font,
                                                         int maxWidth) const
{
    ++m_layoutCount;
    auto layout = std::make_unique<QTextLayout>(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    option.setAlignment(Qt::AlignLeft | Qt::AlignAbsolute);
    layout->setTextOption(option);
    layout->setCacheEnabled(true);
    layout->beginLayout();
    qreal y = 0;
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(maxWidth);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout->endLayout();
    return layout;
}

const MessageDelegate::Body &MessageDelegate::body(const QStyleOptionViewItem &option,
                                                   const QModelIndex &index, int width,
                                                   bool keepLayout) const
{
    const Key key{cacheId(index), width};
    const auto it = m_bodies.constFind(key);
    if (it != m_bodies.cend())
        return *it;

    QElapsedTimer clock;  // charged to the turn's measuring budget
    clock.start();
    const QString text = bodyText(index);
    const int maxText = maxTextWidth(width);
    std::unique_ptr<QTextLayout> layout = layoutBody(text, option.font, maxText);
    Body b;
    qreal naturalWidth = 0;
    for (int i = 0; i < layout->lineCount(); ++i)
        naturalWidth = std::max(naturalWidth, layout->lineAt(i).naturalTextWidth());
    b.textSize = QSize(std::min(maxText, int(std::ceil(naturalWidth))),
                       int(std::ceil(layout->boundingRect().height())));
    if (layout->lineCount() > 0) {
        const QTextLine last = layout->lineAt(layout->lineCount() - 1);
        b.lastLineTop = int(std::floor(last.y()));
        b.lastLineHeight = int(std::ceil(last.height()));
        b.lastLineWidth = int(std::ceil(last.naturalTextWidth()));
    }
    b.nameWidth = cachedWidth(m_nameWidths, m_metrics->name, senderText(index));
    b.timeWidth = cachedWidth(m_timeWidths, m_metrics->small, timeText(index));
    b.links = findLinks(text);
    // The layout just made is the one paint() needs: keep it (the cache holds visible rows).
    if (keepLayout)
        m_layouts.insert(key, layout.release());
    m_spentNs += clock.nsecsElapsed();
    return *m_bodies.insert(key, b);
}

MessageDelegate::Body MessageDelegate::estimateBody(const QModelIndex &index, int width) const
{
    const QString text = bodyText(index);
    const int maxText = maxTextWidth(width);
    const int charWidth = m_metrics->charWidth;
    int lines = 0;
    int widest = 0;
    int last = 0;
    for (const QStringView paragraph : QStringView(text).split(QChar::LineSeparator)) {
        int w = 0;
        for (const QChar c : paragraph) {
            if (!c.isLowSurrogate())
                w += c.unicode() >= kFirstWideChar ? 2 * charWidth : charWidth;
        }
        const int n = std::max(1, (w + maxText - 1) / maxText);
        lines += n;
        widest = std::max(widest, std::min(w, maxText));
        last = w - (n - 1) * maxText;
    }
    Body b;
    b.textSize = QSize(widest, lines * m_metrics->lineHeight);
    b.lastLineTop = (lines - 1) * m_metrics->lineHeight;
    b.lastLineHeight = m_metrics->lineHeight;
    b.lastLineWidth = last;
    b.nameWidth = cachedWidth(m_nameWidths, m_metrics->name, senderText(index));
    b.timeWidth = cachedWidth(m_timeWidths, m_metrics->small, timeText(index));
    return b;
}

bool MessageDelegate::withinBudget() const
{
    if (!m_turnArmed) {
        m_turnArmed = true;
        m_spentNs = 0;
        // Runs at the next turn of the event loop: what this turn measured stops counting.
        QTimer::singleShot(0, const_cast<MessageDelegate *>(this), [this] { m_turnArmed = false; });
    }
    return m_spentNs < std::chrono::nanoseconds(m_budget).count();
}

void MessageDelegate::refine()
{
    if (!m_model || !m_view || !rowsInSync())
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
        const Geometry g = compose(body(option, m_model->index(row, 0), width, false), old.flags,
                                   width);
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

MessageDelegate::Geometry MessageDelegate::compose(const Body &b, quint8 flags, int width) const
{
    const QFontMetrics &nameFm = m_metrics->name;
    const QFontMetrics &smallFm = m_metrics->small;
    const bool own = flags & Own;
    const bool group = flags & StartsGroup;
    const int maxText = maxTextWidth(width);

    Geometry g;
    int y = group ? kGroupGap : kGroupedGap;
    if (flags & StartsDay) {
        y += kDayMarginV;
        g.day = QRect(0, y, width, smallFm.height() + 2 * kDayPaddingV);
        y = g.day.bottom() + 1 + kDayMarginV;
    }

    // The time (and mark) sit at the bottom right, beside the last line when it leaves room.
    const int trailer = b.timeWidth + (own ? kMarkGap + m_metrics->markWidth : 0);
    const bool beside = b.lastLineWidth + kTimeGap + trailer <= maxText;
    int content = std::max(b.textSize.width(),
                           beside ? b.lastLineWidth + kTimeGap + trailer : trailer);
    if (group)
        content = std::max(content, b.nameWidth);
    content = std::min(content, maxText);
    const int nameHeight = group ? nameFm.height() + kHeaderGap : 0;
    const int trailerLine = beside ? 0 : kHeaderGap + smallFm.height();
    const int bubbleWidth = content + 2 * kPaddingH;
    const int bubbleHeight = kPaddingV + nameHeight + b.textSize.height() + trailerLine + kPaddingV;
    const int bubbleX = own ? std::max(kRowMarginH, width - kRowMarginH - bubbleWidth)
                            : kRowMarginH;
    g.bubble = QRect(bubbleX, y, bubbleWidth, bubbleHeight);

    const int left = bubbleX + kPaddingH;
    const int right = left + content;  // one past the content
    const int top = y + kPaddingV;
    if (group)
        g.sender = QRect(left, top, content, nameFm.height());
    g.text = QRect(left, top + nameHeight, content, b.textSize.height());
    const int trailerTop = beside ? g.text.top() + b.lastLineTop : g.text.bottom() + 1 + kHeaderGap;
    const int trailerHeight = beside ? std::max(1, b.lastLineHeight) : smallFm.height();
    if (own)
        g.mark = QRect(right - m_metrics->markWidth, trailerTop, m_metrics->markWidth,
                       trailerHeight);
    g.time = QRect(right - trailer, trailerTop, b.timeWidth, trailerHeight);
    y = g.bubble.bottom() + 1;

    if (flags & Failed) {
        // Under the bubble, right-aligned with it: what happened and what to do about it.
        y += kFooterGap;
        const int retryWidth = smallFm.horizontalAdvance(retryText());
        const int failureWidth = smallFm.horizontalAdvance(failureText());
        g.retry = QRect(g.bubble.right() + 1 - retryWidth, y, retryWidth, smallFm.height());
        g.failure = QRect(g.retry.left() - kFooterSpacing - failureWidth, y, failureWidth,
                          smallFm.height());
        y = g.retry.bottom() + 1;
    }
    g.size = QSize(width, y + kRowMarginBottom);
    return g;
}

MessageDelegate::Geometry MessageDelegate::geometry(const QStyleOptionViewItem &option,
                                                    const QModelIndex &index) const
{
    const int width = prepare(option, index);
    const int row = index.row();
    const bool mirrored = index.model() == m_model && !index.parent().isValid() && rowsInSync()
            && row < m_rows.size();
    const RowState old = mirrored ? m_rows.at(row) : RowState{};
    const quint8 flags = old.height >= 0 ? old.flags : flagsOf(index);
    const Geometry g = compose(body(option, index, width), flags, width);
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

QList<MessageDelegate::Link> MessageDelegate::links(const QStyleOptionViewItem &option,
                                                    const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    return body(option, index, prepare(option, index)).links;
}

QList<QRect> MessageDelegate::linkRects(const QStyleOptionViewItem &option,
                                        const QModelIndex &index, int link) const
{
    const QList<Link> all = links(option, index);
    if (link < 0 || link >= all.size())
        return {};
    const Geometry g = geometry(option, index);
    const QTextLayout &layout = paintLayout(option, index);
    const int start = all.at(link).start;
    const int end = start + all.at(link).length;
    QList<QRect> rects;
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        const int from = std::max(start, line.textStart());
        const int to = std::min(end, line.textStart() + line.textLength());
        if (from >= to)
            continue;
        const qreal x1 = line.cursorToX(from);
        const qreal x2 = line.cursorToX(to);
        const QRectF r(std::min(x1, x2), line.y(), std::abs(x2 - x1), line.height());
        rects.append(r.toAlignedRect().translated(g.text.topLeft()));
    }
    return rects;
}

QUrl MessageDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                             const QPoint &pos) const
{
    if (!index.isValid() || !geometry(option, index).text.contains(pos))
        return {};
    const QList<Link> all = links(option, index);
    for (int i = 0; i < all.size(); ++i) {
        for (const QRect &r : linkRects(option, index, i)) {
            if (r.contains(pos))
                return all.at(i).url;
        }
    }
    return {};
}

bool MessageDelegate::isRetryAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                const QPoint &pos) const
{
    return index.isValid() && isRetryable(index) && geometry(option, index).retry.contains(pos);
}

const QTextLayout &MessageDelegate::paintLayout(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    const Key key{cacheId(index), prepare(option, index)};
    if (QTextLayout *layout = m_layouts.object(key))
        return *layout;
    QTextLayout *layout = layoutBody(bodyText(index), option.font, maxTextWidth(key.width)).release();
    m_layouts.insert(key, layout);
    return *layout;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    // The hot path of every relayout: one lookup, no data() call.
    const int width = prepare(option, index);
    const int row = index.row();
    const bool mirrored = index.model() == m_model && !index.parent().isValid() && rowsInSync()
            && row < m_rows.size();
    const auto *view = qobject_cast<const QAbstractItemView *>(option.widget);
    // Estimates are for views (which are told when they change), never for direct callers.
    if (mirrored && m_rows.at(row).height >= 0 && (view || !m_rows.at(row).estimated))
        return QSize(width, m_rows.at(row).height);
    if (mirrored && view && !m_bodies.contains(Key{cacheId(index), width}) && !withinBudget()) {
        const quint8 flags = flagsOf(index);
        const Geometry g = compose(estimateBody(index, width), flags, width);
        m_rows[row] = RowState{g.size.height(), flags, true};
        ++m_estimated;
        m_view = view;
        scheduleRefine();
        return g.size;
    }
    return geometry(option, index).size;
}

void MessageDelegate::paintDay(QPainter *painter, const QStyleOptionViewItem &option,
                               const QRect &band, const QModelIndex &index) const
{
    const QPalette &palette = option.palette;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    QFont font = smallFont(option.font);
    font.setWeight(QFont::DemiBold);
    const QFontMetrics fm(font);
    // Worded when painted, not when measured: "Today" becomes "Yesterday" at midnight with no
    // change of size.
    const QString words = dayText(localDay(index), QDate::currentDate());
    const int wordsWidth = fm.horizontalAdvance(words);
    const QRect label(band.center().x() - wordsWidth / 2 - kDayPaddingH, band.top(),
                      wordsWidth + 2 * kDayPaddingH, band.height());
    const int y = band.center().y();
    painter->setPen(QPen(mix(base, text, 0.18), 1));
    painter->drawLine(QPoint(band.left() + kRowMarginH, y), QPoint(label.left(), y));
    painter->drawLine(QPoint(label.right(), y), QPoint(band.right() - kRowMarginH, y));
    painter->setFont(font);
    painter->setPen(readable(mix(base, text, 0.6), base));
    painter->drawText(label, Qt::AlignCenter | Qt::TextSingleLine, words);
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (!index.isValid())
        return;
    const Geometry g = geometry(option, index);
    const QList<Link> bodyLinks = links(option, index);
    const QTextLayout &layout = paintLayout(option, index);

    const QPalette &palette = option.palette;
    const bool dark = isDark(palette);
    const bool own = isOwn(index);
    const QColor base = palette.color(QPalette::Base);
    const QColor textColor = palette.color(QPalette::Text);
    const QColor bubbleColor = own ? mix(base, palette.color(QPalette::Highlight), dark ? 0.38 : 0.2)
                                   : mix(base, textColor, dark ? 0.12 : 0.07);
    const QColor muted = readable(mix(bubbleColor, textColor, 0.62), bubbleColor);
    const QColor errorColor = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    if (option.state & QStyle::State_Selected) {
        QColor selection = palette.color(QPalette::Highlight);
        selection.setAlphaF(0.18f);
        painter->fillRect(option.rect, selection);
    }
    painter->translate(option.rect.topLeft());

    if (!g.day.isNull())
        paintDay(painter, option, g.day, index);

    painter->setPen(Qt::NoPen);
    painter->setBrush(bubbleColor);
    painter->drawRoundedRect(QRectF(g.bubble), kBubbleRadius, kBubbleRadius);
    if (option.state & QStyle::State_HasFocus) {
        // Keyboard users see which message Enter, Ctrl+C and the menu key act on.
        painter->setPen(QPen(palette.color(QPalette::Highlight), kFocusPenWidth));
        painter->setBrush(Qt::NoBrush);
        const qreal inset = kFocusPenWidth / 2;
        painter->drawRoundedRect(QRectF(g.bubble).adjusted(inset, inset, -inset, -inset),
                                 kBubbleRadius, kBubbleRadius);
    }

    // QPainter::drawText(QRect, flags, QString) never interprets markup.
    if (!g.sender.isNull()) {
        painter->setFont(nameFont(option.font));
        painter->setPen(senderColor(index.data(MessageModel::SenderRole).toString(), palette));
        const QString sender = m_metrics->name.elidedText(senderText(index), Qt::ElideRight,
                                                          g.sender.width());
        painter->drawText(g.sender, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          sender);
    }

    const QFont small = smallFont(option.font);
    painter->setFont(small);
    painter->setPen(muted);
    painter->drawText(g.time, Qt::AlignRight | Qt::AlignBottom | Qt::TextSingleLine,
                      timeText(index));
    if (own) {
        const ChatMessage::Delivery state = deliveryOf(index);
        QColor markColor = muted;
        if (state == ChatMessage::Delivery::Failed)
            markColor = readable(errorColor, bubbleColor);
        else if (state == ChatMessage::Delivery::Delivered)
            markColor = mix(bubbleColor, textColor, 0.85);
        painter->setFont(option.font);
        painter->setPen(markColor);
        painter->drawText(g.mark, Qt::AlignRight | Qt::AlignBottom | Qt::TextSingleLine,
                          deliveryMark(state));
    }

    // Links are formats over the plain text: the same glyphs, underlined in the link colour.
    const QColor linkColor = readable(palette.color(QPalette::Link), bubbleColor);
    QList<QTextLayout::FormatRange> formats;
    formats.reserve(bodyLinks.size());
    for (const Link &link : bodyLinks) {
        QTextLayout::FormatRange range;
        range.start = link.start;
        range.length = link.length;
        range.format.setForeground(linkColor);
        range.format.setFontUnderline(true);
        formats.append(range);
    }
    painter->setPen(textColor);
    layout.draw(painter, g.text.topLeft(), formats);

    if (!g.retry.isNull()) {
        painter->setFont(small);
        painter->setPen(readable(errorColor, base));
        painter->drawText(g.failure, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                          failureText());
        QFont underlined = small;
        underlined.setUnderline(true);
        painter->setFont(underlined);
        painter->setPen(readable(palette.color(QPalette::Link), base));
        painter->drawText(g.retry, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                          retryText());
    }
    painter->restore();
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && view && index.isValid() && event->type() == QEvent::ToolTip) {
        const Geometry g = geometry(option, index);
        const QPoint pos = event->pos() - option.rect.topLeft();
        QString tip;
        if (isOwn(index) && g.mark.contains(pos)) {
            tip = deliveryToolTip(deliveryOf(index));
        } else if (g.time.contains(pos)) {
            const QDateTime time = index.data(MessageModel::TimeRole).toDateTime();
            if (time.isValid())
                tip = QLocale().toString(time.toLocalTime(), QLocale::LongFormat);
        } else if (isRetryAt(option, index, pos)) {
            tip = tr("Send this message again");
        } else if (const QUrl url = linkAt(option, index, pos); !url.isEmpty()) {
            tip = url.toDisplayString();
        }
        if (!tip.isEmpty()) {
            QToolTip::showText(event->globalPos(), tip, view, view->visualRect(index));
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
