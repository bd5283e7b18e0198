#include "sendercolors.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr int kLightnessStep = 8;     // when stepping a colour away from its background
constexpr int kSaturation = 170;      // sender names: vivid, not garish
constexpr int kLightLightness = 95;   // the starting lightness on a light background…
constexpr int kDarkLightness = 170;   // …and on a dark one
constexpr quint32 kFnvOffset = 2166136261u;
constexpr quint32 kFnvPrime = 16777619u;
constexpr quint32 kHues = 360;

qreal luminance(const QColor &c)
{
    auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF());
}

}  // namespace

qreal SenderColors::contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a);
    const qreal lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool SenderColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor SenderColors::readable(const QColor &color, const QColor &background)
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

QColor SenderColors::color(const QString &name, const QPalette &palette)
{
    quint32 hash = kFnvOffset;
    for (const QChar c : name) {
        hash ^= c.unicode();
        hash *= kFnvPrime;
    }
    const int hue = int(hash % kHues);
    // Start from a pleasant lightness, then step away from the background until readable.
    return readable(QColor::fromHsl(hue, kSaturation, isDark(palette) ? kDarkLightness
                                                                      : kLightLightness),
                    palette.color(QPalette::Base));
}
