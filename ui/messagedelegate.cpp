#include "messagedelegate.h"

#include "logging.h"
#include "messagemodel.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QTextLayout>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace {

// Geometry of a row, in device-independent pixels.
constexpr int kRowMarginV = 3;       // above and below each bubble
constexpr int kRowMarginH = 10;      // between the bubble and the view's edge
constexpr int kPaddingH = 10;        // inside the bubble
constexpr int kPaddingV = 6;
constexpr int kHeaderGap = 2;        // between the name/time line and the body
constexpr int kTimeGap = 12;         // between the name and the time
constexpr int kMarkGap = 4;          // between the time and the delivery mark
constexpr qreal kBubbleRadius = 10;
constexpr qreal kMaxBubbleFraction = 0.78;  // a bubble never spans the whole row: who wrote it
                                             // shows in which side it hugs
constexpr int kMinBubbleWidth = 120;
constexpr int kMinRowWidth = kMinBubbleWidth + 2 * kRowMarginH;  // a hidden view reports 0
constexpr qreal kSmallFontFactor = 0.85;
constexpr int kLayoutCacheSize = 512;  // laid-out bodies kept for painting (visible rows)
constexpr qreal kMinContrast = 4.5;    // WCAG AA for normal text

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

}  // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_layouts(kLayoutCacheSize)
{
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

QString MessageDelegate::timeText(const QModelIndex &index)
{
    const QDateTime time = index.data(MessageModel::TimeRole).toDateTime();
    if (!time.isValid())
        return {};
    return QLocale().toString(time.toLocalTime().time(), QStringLiteral("HH:mm"));
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
        lightness = dark ? std::min(255, lightness + 8) : std::max(0, lightness - 8);
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
    m_geometry.clear();
    m_layouts.clear();
}

void MessageDelegate::invalidate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    // Only entries for the current width exist (a width change clears the cache): no scan.
    const Key key{cacheId(index), m_width};
    m_geometry.remove(key);
    m_layouts.remove(key);
    Q_EMIT sizeHintChanged(index);
}

void MessageDelegate::follow(const QAbstractItemModel *model) const
{
    if (model == m_model)
        return;
    auto *self = const_cast<MessageDelegate *>(this);  // the cache is mutable state
    if (m_model)
        disconnect(m_model, nullptr, self, nullptr);
    m_model = model;
    m_geometry.clear();
    m_layouts.clear();
    if (!model)
        return;
    connect(model, &QAbstractItemModel::dataChanged, self, &MessageDelegate::onDataChanged);
    connect(model, &QAbstractItemModel::modelReset, self, &MessageDelegate::clearCache);
}

void MessageDelegate::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                    const QList<int> &roles)
{
    // Only the text or the sender change a message's size; a delivery change is a repaint,
    // which the view does by itself.
    if (!roles.isEmpty() && !roles.contains(MessageModel::TextRole)
        && !roles.contains(MessageModel::SenderRole) && !roles.contains(MessageModel::IdRole)) {
        return;
    }
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        invalidate(topLeft.siblingAtRow(row));
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

void MessageDelegate::checkFont(const QFont &font) const
{
    if (!m_fontKnown || font != m_font) {
        if (m_fontKnown)
            qCDebug(lcUi) << "message font changed: dropping cached layouts";
        m_font = font;
        m_fontKnown = true;
        // Measured once per font: building QFontMetrics per message is what makes a first
        // layout of a long history slow.
        const QFontMetrics nameFm(nameFont(font));
        const QFontMetrics smallFm(smallFont(font));
        m_metrics.emplace(Metrics{nameFm, smallFm, markWidth(QFontMetrics(font)),
                                  std::max(nameFm.height(), smallFm.height())});
        m_geometry.clear();
        m_layouts.clear();
    }
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

MessageDelegate::Geometry MessageDelegate::measure(const QStyleOptionViewItem &option,
                                                   const QModelIndex &index, int width) const
{
    const QFontMetrics &nameFm = m_metrics->name;
    const QFontMetrics &smallFm = m_metrics->small;
    const bool own = isOwn(index);
    const int maxText = maxTextWidth(width);

    std::unique_ptr<QTextLayout> layout = layoutBody(bodyText(index), option.font, maxText);
    qreal naturalWidth = 0;
    for (int i = 0; i < layout->lineCount(); ++i)
        naturalWidth = std::max(naturalWidth, layout->lineAt(i).naturalTextWidth());
    const int textWidth = std::min(maxText, int(std::ceil(naturalWidth)));
    const int textHeight = int(std::ceil(layout->boundingRect().height()));

    const int timeWidth = smallFm.horizontalAdvance(timeText(index));
    const int markPart = own ? kMarkGap + m_metrics->markWidth : 0;
    const int trailer = kTimeGap + timeWidth + markPart;  // everything right of the name
    const int headerWidth = nameFm.horizontalAdvance(senderText(index)) + trailer;
    const int headerHeight = m_metrics->headerHeight;

    const int contentWidth = std::min(maxText, std::max(textWidth, headerWidth));
    const int bubbleWidth = contentWidth + 2 * kPaddingH;
    const int bubbleHeight = kPaddingV + headerHeight + kHeaderGap + textHeight + kPaddingV;

    Geometry g;
    const int bubbleX = own ? std::max(kRowMarginH, width - kRowMarginH - bubbleWidth) : kRowMarginH;
    g.bubble = QRect(bubbleX, kRowMarginV, bubbleWidth, bubbleHeight);
    const int left = g.bubble.left() + kPaddingH;
    const int right = left + contentWidth;  // one past the content
    const int top = g.bubble.top() + kPaddingV;
    g.sender = QRect(left, top, std::max(0, contentWidth - trailer), headerHeight);
    if (own)
        g.mark = QRect(right - m_metrics->markWidth, top, m_metrics->markWidth, headerHeight);
    g.time = QRect(right - markPart - timeWidth, top, timeWidth, headerHeight);
    g.text = QRect(left, top + headerHeight + kHeaderGap, contentWidth, textHeight);
    g.size = QSize(width, bubbleHeight + 2 * kRowMarginV);

    // The layout just made is the one paint() needs: keep it.
    m_layouts.insert(Key{cacheId(index), width}, layout.release());
    return g;
}

MessageDelegate::Geometry MessageDelegate::geometry(const QStyleOptionViewItem &option,
                                                    const QModelIndex &index) const
{
    follow(index.model());
    checkFont(option.font);
    const int width = viewWidth(option);
    if (width != m_width) {
        // Entries for the old width will never be asked again.
        m_geometry.clear();
        m_layouts.clear();
        m_width = width;
    }
    const Key key{cacheId(index), width};
    const auto it = m_geometry.constFind(key);
    if (it != m_geometry.cend())
        return *it;
    const Geometry g = measure(option, index, width);
    m_geometry.insert(key, g);
    return g;
}

const QTextLayout &MessageDelegate::paintLayout(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    const Key key{cacheId(index), viewWidth(option)};
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
    return geometry(option, index).size;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (!index.isValid())
        return;
    const Geometry g = geometry(option, index);
    const QTextLayout &body = paintLayout(option, index);

    const QPalette &palette = option.palette;
    const bool dark = isDark(palette);
    const bool own = isOwn(index);
    const QColor base = palette.color(QPalette::Base);
    const QColor textColor = palette.color(QPalette::Text);
    const QColor bubbleColor = own ? mix(base, palette.color(QPalette::Highlight), dark ? 0.38 : 0.2)
                                   : mix(base, textColor, dark ? 0.12 : 0.07);
    const QColor muted = mix(bubbleColor, textColor, 0.62);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    if (option.state & QStyle::State_Selected) {
        QColor selection = palette.color(QPalette::Highlight);
        selection.setAlphaF(0.18f);
        painter->fillRect(option.rect, selection);
    }
    painter->translate(option.rect.topLeft());

    painter->setPen(Qt::NoPen);
    painter->setBrush(bubbleColor);
    painter->drawRoundedRect(QRectF(g.bubble), kBubbleRadius, kBubbleRadius);

    // QPainter::drawText(QRect, flags, QString) never interprets markup.
    const QFont name = nameFont(option.font);
    painter->setFont(name);
    painter->setPen(senderColor(index.data(MessageModel::SenderRole).toString(), palette));
    const QString sender = m_metrics->name.elidedText(senderText(index), Qt::ElideRight,
                                                         g.sender.width());
    painter->drawText(g.sender, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, sender);

    painter->setFont(smallFont(option.font));
    painter->setPen(muted);
    painter->drawText(g.time, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                      timeText(index));
    if (own) {
        const ChatMessage::Delivery state = deliveryOf(index);
        QColor markColor = muted;
        if (state == ChatMessage::Delivery::Failed)
            markColor = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);
        else if (state == ChatMessage::Delivery::Delivered)
            markColor = mix(bubbleColor, textColor, 0.85);
        painter->setFont(option.font);
        painter->setPen(markColor);
        painter->drawText(g.mark, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                          deliveryMark(state));
    }

    painter->setPen(textColor);
    body.draw(painter, g.text.topLeft());
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
