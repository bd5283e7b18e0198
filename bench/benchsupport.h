#pragma once
// What the benchmarks in bench/ share: how they start (offscreen unless told otherwise, so that
// the window really lays out and paints without a screen) and how they time a step (the median
// of a few runs, robust to one slow run on a shared machine). Header-only.
#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QStringList>
#include <QtGlobal>

#include <algorithm>
#include <functional>

namespace bench {

//! Call before the application object: the offscreen platform unless QT_QPA_PLATFORM says.
inline void preferOffscreen()
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

//! The positive number in \a args at \a position, or \a fallback.
inline int argument(const QStringList &args, int position, int fallback)
{
    return args.size() > position ? std::max(1, args.at(position).toInt()) : fallback;
}

//! The median time of \a repeats runs of \a step, in nanoseconds.
inline qint64 medianNs(int repeats, const std::function<void()> &step)
{
    QList<qint64> times;
    for (int i = 0; i < std::max(1, repeats); ++i) {
        QElapsedTimer t;
        t.start();
        step();
        times << t.nsecsElapsed();
    }
    std::sort(times.begin(), times.end());
    return times.at(times.size() / 2);
}

}  // namespace bench
