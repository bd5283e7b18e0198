#pragma once
// SenderColors: a stable colour per sender name, readable on the palette's base colour, and the
// contrast arithmetic behind it that the rest of a bubble's text uses too.
//
// Why a fixed hash: qHash() is seeded per process, so a person's colour would change with every
// start. FNV-1a over the UTF-16 code units is the same on every platform, Qt version and run.
// Why the contrast steps: a hue that reads well on white may vanish on a dark theme; the colour
// keeps its hue and steps lighter (dark palette) or darker (light palette) until it reaches the
// WCAG AA ratio for normal text.
#include <QColor>
#include <QPalette>
#include <QString>

class SenderColors
{
public:
    //! WCAG AA for normal text: what every colour here is made to reach against its background.
    static constexpr qreal kMinContrast = 4.5;

    SenderColors() = delete;

    //! A stable colour for \a name (same name, same hue, on every machine and run), light or
    //! dark enough to be read on \a palette's base colour.
    static QColor color(const QString &name, const QPalette &palette);
    //! \a color, made lighter or darker (same hue and saturation) until its contrast with
    //! \a background reaches kMinContrast (or it is white or black).
    static QColor readable(const QColor &color, const QColor &background);
    //! The WCAG contrast ratio of \a a and \a b (1 to 21).
    static qreal contrast(const QColor &a, const QColor &b);
    //! Whether \a palette is a dark theme (its base colour is darker than mid grey).
    static bool isDark(const QPalette &palette);
};
