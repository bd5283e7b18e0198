#include "filecard.h"

#include "messagemetrics.h"

#include <QApplication>
#include <QFontMetrics>
#include <QHash>
#include <QLocale>
#include <QMimeDatabase>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionViewItem>

namespace {
constexpr int kPadding = 8;
constexpr int kButtonGap = 12;

QString openText()
{
    return FileCard::tr("Open");
}
QString saveText()
{
    return FileCard::tr("Save As…");
}
} // namespace

FileCard::Parts FileCard::layout(const QRect &card, const QFontMetrics &small)
{
    Parts p;
    const QRect inner = card.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    p.icon = QRect(inner.left(), inner.top() + (inner.height() - kIconSize) / 2, kIconSize, kIconSize);
    const int textLeft = p.icon.right() + 1 + kPadding;
    const int lineHeight = small.height();
    // The buttons sit on the second line, right-aligned; the name has the whole first line.
    const int saveWidth = small.horizontalAdvance(saveText()) + 2;
    const int openWidth = small.horizontalAdvance(openText()) + 2;
    const int secondTop = inner.bottom() + 1 - lineHeight;
    p.save = QRect(inner.right() + 1 - saveWidth, secondTop, saveWidth, lineHeight);
    p.open = QRect(p.save.left() - kButtonGap - openWidth, secondTop, openWidth, lineHeight);
    p.name = QRect(textLeft, inner.top(), inner.right() + 1 - textLeft, inner.height() - lineHeight);
    p.details = QRect(textLeft, secondTop, std::max(0, p.open.left() - kButtonGap - textLeft), lineHeight);
    return p;
}

FileCard::Hit FileCard::hitAt(const QRect &card, const QFontMetrics &small, const QPoint &pos)
{
    if (!card.contains(pos))
        return Hit::None;
    return layout(card, small).save.contains(pos) ? Hit::Save : Hit::Open;
}

QString FileCard::details(const FileRef &file)
{
    const QString size = QLocale().formattedDataSize(file.size);
    const QMimeType mime = QMimeDatabase().mimeTypeForName(file.type);
    const QString kind = mime.isValid() && !mime.isDefault() ? mime.comment() : QString();
    return kind.isEmpty() ? size : tr("%1 · %2").arg(size, kind);
}

QIcon FileCard::icon(const FileRef &file)
{
    static QHash<QString, QIcon> cache; // per media type: the theme is asked once
    if (const auto it = cache.constFind(file.type); it != cache.constEnd())
        return *it;
    const QMimeType mime = QMimeDatabase().mimeTypeForName(file.type);
    QIcon icon = QIcon::fromTheme(mime.iconName());
    if (icon.isNull())
        icon = QIcon::fromTheme(mime.genericIconName());
    if (icon.isNull())
        icon = QApplication::style()->standardIcon(QStyle::SP_FileIcon);
    if (cache.size() < 256) // the media types a peer names are bounded too
        cache.insert(file.type, icon);
    return icon;
}

void FileCard::paint(QPainter *painter, const QStyleOptionViewItem &option, const QRect &card,
                     const FileRef &file, const QColor &background, const QColor &muted, const QColor &link)
{
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(background);
    painter->drawRoundedRect(QRectF(card), 6, 6);
    const QFont small = MessageMetrics::smallFont(option.font);
    const QFontMetrics smallFm(small);
    const Parts p = layout(card, smallFm);
    icon(file).paint(painter, p.icon);
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(option.palette.color(QPalette::Text));
    // The name as sent, as plain text on one line: elided, never laid out as markup.
    painter->drawText(p.name, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      QFontMetrics(bold).elidedText(file.name, Qt::ElideMiddle, p.name.width()));
    painter->setFont(small);
    painter->setPen(muted);
    painter->drawText(p.details, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      smallFm.elidedText(details(file), Qt::ElideRight, p.details.width()));
    painter->setPen(link);
    painter->drawText(p.open, Qt::AlignCenter | Qt::TextSingleLine, openText());
    painter->drawText(p.save, Qt::AlignCenter | Qt::TextSingleLine, saveText());
    painter->restore();
}
