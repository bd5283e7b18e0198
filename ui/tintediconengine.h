#pragma once
// TintedIconEngine: a one-colour SVG icon drawn in the colour of the current palette.
//
// Why: Parley's small icons (join a room, members, muted…) are black SVG shapes. Drawn as they are,
// they vanish on a dark palette; drawn in a fixed colour, they clash with one of the two. This
// engine renders the SVG at the exact device size asked for (crisp at any scale factor: no
// bitmaps are shipped) and paints it in the palette role given (WindowText by default), read at
// paint time, so a change between light and dark is followed without rebuilding any icon.
// Disabled icons take the Disabled colour group; Selected ones HighlightedText.
#include <QHash>
#include <QIcon>
#include <QIconEngine>
#include <QPalette>
#include <QString>

class TintedIconEngine : public QIconEngine
{
public:
    //! \a svgPath: a resource like ":/icons/members.svg"; \a role: the palette colour to draw in.
    explicit TintedIconEngine(const QString &svgPath, QPalette::ColorRole role = QPalette::WindowText);

    //! The icon for \a name (":/icons/<name>.svg"), drawn in \a role.
    static QIcon icon(const QString &name, QPalette::ColorRole role = QPalette::WindowText);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QIconEngine *clone() const override;
    QString key() const override;
    bool isNull() override;

private:
    QColor colorFor(QIcon::Mode mode) const;

    QString m_path;
    QPalette::ColorRole m_role;
    //! Rendered pixmaps by size, scale and colour: delegates paint the same icon on many rows.
    QHash<QString, QPixmap> m_cache;
    //! The cache is dropped when it holds more than this (sizes and palettes seldom vary).
    static constexpr int kMaxCached = 32;
};
