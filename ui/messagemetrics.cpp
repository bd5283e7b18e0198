#include "messagemetrics.h"

#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr qsizetype kMaxCachedWidths = 4'096;  // names and "HH:mm" strings per font
constexpr char16_t kFirstWideChar = 0x2E80;    // CJK and later: about two average characters

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

int widest(const QFontMetrics &fm, const QStringList &texts)
{
    int w = 0;
    for (const QString &text : texts)
        w = std::max(w, fm.horizontalAdvance(text));
    return w;
}

}  // namespace

MessageMetrics::MessageMetrics(const QFont &font, const QStringList &marks)
    : name(nameFont(font))
    , small(smallFont(font))
    , markWidth(widest(QFontMetrics(font), marks))
    , charWidth(std::max(1, QFontMetrics(font).averageCharWidth()))
    , lineHeight(QFontMetrics(font).height())
    , m_font(font)
{
}

QFont MessageMetrics::nameFont(const QFont &font)
{
    QFont f = font;
    f.setBold(true);
    return f;
}

QFont MessageMetrics::smallFont(const QFont &font)
{
    QFont f = font;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * kSmallFontFactor);
    else if (f.pixelSize() > 0)
        f.setPixelSize(std::max(1, int(f.pixelSize() * kSmallFontFactor)));
    return f;
}

int MessageMetrics::maxTextWidth(int rowWidth)
{
    const int available = std::max(1, rowWidth - 2 * kRowMarginH);
    const int bubble = std::min(available,
                                std::max(kMinBubbleWidth, int(rowWidth * kMaxBubbleFraction)));
    return std::max(1, bubble - 2 * kPaddingH);
}

int MessageMetrics::nameWidth(const QString &sender)
{
    return cachedWidth(m_nameWidths, name, sender);
}

int MessageMetrics::timeWidth(const QString &time)
{
    return cachedWidth(m_timeWidths, small, time);
}

std::unique_ptr<QTextLayout> MessageMetrics::layoutText(const QString &text, int rowWidth,
                                                       int maxLines) const
{
    auto layout = std::make_unique<QTextLayout>(text, m_font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    option.setAlignment(Qt::AlignLeft | Qt::AlignAbsolute);
    layout->setTextOption(option);
    layout->setCacheEnabled(true);
    layout->beginLayout();
    const int maxWidth = maxTextWidth(rowWidth);
    qreal y = 0;
    for (int lines = 0; lines < maxLines; ++lines) {
        QTextLine line = layout->createLine();  // no line past the last one asked for
        if (!line.isValid())
            break;
        line.setLineWidth(maxWidth);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout->endLayout();
    return layout;
}

MessageMetrics::Body MessageMetrics::measure(const QTextLayout &layout, int rowWidth,
                                             const QString &sender, const QString &time)
{
    const int maxText = maxTextWidth(rowWidth);
    Body b;
    qreal naturalWidth = 0;
    for (int i = 0; i < layout.lineCount(); ++i)
        naturalWidth = std::max(naturalWidth, layout.lineAt(i).naturalTextWidth());
    b.textSize = QSize(std::min(maxText, int(std::ceil(naturalWidth))),
                       int(std::ceil(layout.boundingRect().height())));
    if (layout.lineCount() > 0) {
        const QTextLine last = layout.lineAt(layout.lineCount() - 1);
        b.lastLineTop = int(std::floor(last.y()));
        b.lastLineHeight = int(std::ceil(last.height()));
        b.lastLineWidth = int(std::ceil(last.naturalTextWidth()));
        b.laidOutChars = last.textStart() + last.textLength();
    }
    b.clipped = b.laidOutChars < layout.text().size();
    b.nameWidth = nameWidth(sender);
    b.timeWidth = timeWidth(time);
    return b;
}

MessageMetrics::Body MessageMetrics::estimate(const QString &text, int rowWidth,
                                              const QString &sender, const QString &time,
                                              int maxLines)
{
    const int maxText = maxTextWidth(rowWidth);
    int lines = 0;
    int widestLine = 0;
    int last = 0;
    for (const QStringView paragraph : QStringView(text).split(QChar::LineSeparator)) {
        int w = 0;
        for (const QChar c : paragraph) {
            if (!c.isLowSurrogate())
                w += c.unicode() >= kFirstWideChar ? 2 * charWidth : charWidth;
        }
        const int n = std::max(1, (w + maxText - 1) / maxText);
        lines += n;
        widestLine = std::max(widestLine, std::min(w, maxText));
        last = w - (n - 1) * maxText;
    }
    Body b;
    if (lines > maxLines) {
        lines = std::max(1, maxLines);
        last = maxText;
        b.clipped = true;
    }
    b.laidOutChars = int(text.size());
    b.textSize = QSize(widestLine, lines * lineHeight);
    b.lastLineTop = (lines - 1) * lineHeight;
    b.lastLineHeight = lineHeight;
    b.lastLineWidth = last;
    b.nameWidth = nameWidth(sender);
    b.timeWidth = timeWidth(time);
    return b;
}
