#include "tintediconengine.h"

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

TintedIconEngine::TintedIconEngine(const QString &svgPath, QPalette::ColorRole role)
    : m_path(svgPath)
    , m_role(role)
{
}

QIcon TintedIconEngine::icon(const QString &name, QPalette::ColorRole role)
{
    return QIcon(new TintedIconEngine(QStringLiteral(":/icons/%1.svg").arg(name), role));
}

QColor TintedIconEngine::colorFor(QIcon::Mode mode) const
{
    const QPalette palette = QGuiApplication::palette();
    if (mode == QIcon::Disabled)
        return palette.color(QPalette::Disabled, m_role);
    if (mode == QIcon::Selected)
        return palette.color(QPalette::Active, QPalette::HighlightedText);
    return palette.color(QPalette::Active, m_role);
}

QPixmap TintedIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                                       qreal scale)
{
    Q_UNUSED(state)
    const QSize device = size * scale;
    if (device.isEmpty())
        return {};
    const QColor color = colorFor(mode);
    const QString cacheKey = QStringLiteral("%1x%2@%3/%4")
                                     .arg(size.width())
                                     .arg(size.height())
                                     .arg(scale)
                                     .arg(color.rgba());
    const auto cached = m_cache.constFind(cacheKey);
    if (cached != m_cache.constEnd())
        return *cached;
    QImage image(device, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QSvgRenderer renderer(m_path);
    if (renderer.isValid()) {
        QPainter painter(&image);
        // Keep the SVG's proportions, centred.
        QSizeF drawn = renderer.defaultSize();
        drawn.scale(QSizeF(device), Qt::KeepAspectRatio);
        const QRectF target((device.width() - drawn.width()) / 2, (device.height() - drawn.height()) / 2,
                            drawn.width(), drawn.height());
        renderer.render(&painter, target);
        // Keep the shape's alpha, replace its colour.
        painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
        painter.fillRect(image.rect(), color);
    }
    QPixmap pixmap = QPixmap::fromImage(image);
    pixmap.setDevicePixelRatio(scale);
    if (m_cache.size() >= kMaxCached)
        m_cache.clear();
    m_cache.insert(cacheKey, pixmap);
    return pixmap;
}

QPixmap TintedIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1.0);
}

void TintedIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state)
{
    const qreal scale = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    painter->drawPixmap(rect, scaledPixmap(rect.size(), mode, state, scale));
}

QSize TintedIconEngine::actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    Q_UNUSED(mode)
    Q_UNUSED(state)
    return size; // vector: any size is exact
}

QIconEngine *TintedIconEngine::clone() const
{
    return new TintedIconEngine(m_path, m_role);
}

QString TintedIconEngine::key() const
{
    return QStringLiteral("TintedIconEngine");
}

bool TintedIconEngine::isNull()
{
    return !QFile::exists(m_path);
}
