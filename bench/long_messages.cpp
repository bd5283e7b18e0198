// bench_long_messages: hostile long messages (issue 11) against a normal 200-character one, in
// the same run. For each: what cutting the text costs (MessageClip::shown()), what laying out
// and measuring its row costs collapsed and at the most "Show more" ever shows
// (MessageDelegate::measureBody(), the work one row may put in one event-loop turn), and the
// longest event-loop stall while a real MessageView (760x560, offscreen) takes the message in,
// is scrolled, resized, "Show more"-d to the end, scrolled and resized again and hovered over
// (tests/hostile/longmessagedrill.h; a 5 ms timer, wall clock and GUI-thread CPU time).
// Prints figures; it is not a pass/fail test (tst_hostile_longmessages is). Limit: 50 ms.
//
//   bench_long_messages [repeats]      (default 5: the median of that many layouts is printed)
//
// Before the bounds, the 1,000,000-character line kept the GUI thread busy for over a minute
// and the 100,000 combining marks for 1.3 s (issue 11).
#include "benchsupport.h"
#include "longmessagedrill.h"
#include "messageclip.h"
#include "messagedelegate.h"
#include "messagemetrics.h"

#include <QApplication>
#include <QTextLayout>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

constexpr int kDefaultRepeats = 5;
constexpr int kLimitMs = 50;

double medianMs(int repeats, const std::function<void()> &work)
{
    return double(bench::medianNs(repeats, work)) / 1e6;
}

void measure(const hostile::LongText &input, int repeats)
{
    // Layout costs: one row, measured the way the view's cache does, no view involved.
    MessageModel model(QStringLiteral("lobby"));
    model.addMessage(hostile::LongMessageDrill::message(1, input.text));
    const QModelIndex index = model.index(0, 0);
    MessageDelegate delegate;
    MessageMetrics metrics = MessageDelegate::metricsFor(QApplication::font());
    const int width = hostile::LongMessageDrill::kWidth;
    const double clipMs = medianMs(repeats, [&] {
        MessageClip::shown(input.text, MessageClip::kCollapsed);
    });
    const auto layoutMs = [&](const MessageClip::Limits &limits) {
        return medianMs(repeats, [&] {
            delegate.measureBody(index, width, metrics, nullptr, limits);
        });
    };
    const double collapsedMs = layoutMs(MessageClip::kCollapsed);
    const double maxMs = layoutMs(MessageClip::kMaxShown);
    std::unique_ptr<QTextLayout> shown;
    const MessageMetrics::Body body =
            delegate.measureBody(index, width, metrics, &shown, MessageClip::kMaxShown);

    hostile::LongMessageDrill drill;
    const bool ok = drill.run(input.text);
    const hostile::Phase worst = drill.worst();
    std::printf("%-26s %9lld chars  clip %6.2f ms  layout collapsed %6.2f ms, at most %6.2f ms "
                "(%lld chars, %d lines)  longest stall %6.2f ms wall, %6.2f ms CPU%s\n",
                qPrintable(input.name), qlonglong(input.text.size()), clipMs, collapsedMs, maxMs,
                qlonglong(shown->text().size()), shown->lineCount(), worst.wallMs, worst.cpuMs,
                ok ? "" : "  !! a phase did not settle");
    std::printf("%-26s   per phase (wall/CPU): %s; \"Show more\" %d times%s\n", "",
                qPrintable(drill.report()), drill.showMoreSteps(),
                body.clipped ? "" : " (shown whole)");
}

}  // namespace

int main(int argc, char *argv[])
{
    bench::preferOffscreen();
    QApplication app(argc, argv);
    const int repeats = bench::argument(QCoreApplication::arguments(), 1, kDefaultRepeats);

    std::printf("bench_long_messages: MessageView %dx%d (%s), collapsed %lld chars / %d lines, "
                "at most %lld chars / %d lines, median of %d layouts\n",
                hostile::LongMessageDrill::kWidth, hostile::LongMessageDrill::kHeight,
                qPrintable(QGuiApplication::platformName()),
                qlonglong(MessageClip::kCollapsed.chars), MessageClip::kCollapsed.lines,
                qlonglong(MessageClip::kMaxShown.chars), MessageClip::kMaxShown.lines, repeats);
    measure({QStringLiteral("baseline: 200 chars"), hostile::baselineText()}, repeats);
    for (const hostile::LongText &input : hostile::longTexts())
        measure(input, repeats);
    std::printf("limit: longest stall <= %d ms\n", kLimitMs);
    return 0;
}
