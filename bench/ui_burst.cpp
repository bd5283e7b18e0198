// bench_ui_burst: 100,000 messages arrive while a ChatWindow is shown. How long does the event
// loop stall (what the user feels as a frozen window), and how many messages per second get in?
// Prints figures; it is not a pass/fail test. Targets: longest stall <= 16 ms (one frame at
// 60 Hz), never above 50 ms.
//
//   bench_ui_burst [messages] [per-turn]      (default 100,000 and 1,000)
//
// Runs offscreen (QT_QPA_PLATFORM=offscreen unless set otherwise): the window really lays out
// and paints into its backing store, it is just not put on a screen.
//
// One message in 5 answers an earlier one and one in 4 carries reactions, as in a room where
// people use them (PARLEY_BENCH_PLAIN=1: plain messages, to compare in the same build).
// Messages enter the MessageModel the way ChatClient::messageReceived brings them, from a zero
// timer, `per-turn` messages per event-loop turn, in two ways measured in the same run:
//   baseline  one MessageModel::addMessage() per message (what connectClient() wires today)
//   batched   one MessageModel::addMessages() per turn
// A 1 ms heartbeat timer measures the gaps between its ticks with QElapsedTimer: the longest gap
// is the longest stall. "shown" is when the last message is in and painted at the end of the
// view; "settled" is when the view's cache has also measured every height it estimated to stay
// within its per-turn budget (RowLayoutCache::measureBudget()); stalls are measured until then.
// Then, at the full size, one turn is taken apart (model insert, view relayout, paint) so that a
// stall can be blamed on the right layer, and the costs a user meets at that size are measured
// the same way: a resize (every body measured again for the new width) and a font change.
#include "benchsupport.h"
#include "chatclient.h"
#include "chatwindow.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messageview.h"
#include "rowlayoutcache.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

constexpr int kDefaultMessages = 100'000;
constexpr int kDefaultPerTurn = 1'000;
constexpr int kHeartbeatMs = 1;
constexpr int kFrameMs = 16;        // the target: one frame at 60 Hz
constexpr int kLimitMs = 50;        // the limit
constexpr int kSenders = 6;
constexpr int kRunLength = 4;       // consecutive messages of one sender (grouping)
constexpr int kSecondsApart = 20;   // 100k messages span ~23 days: day separators
constexpr int kLinkEvery = 17;      // one message in 17 holds a link
constexpr int kReplyEvery = 5;      // one in 5 answers the message 3 before it (a quoted line)
constexpr int kReactionsEvery = 4;  // one in 4 carries 1-3 reactions (a reactions line)
constexpr int kMinWords = 2;
constexpr int kWordSpread = 40;
constexpr int kProbeRepeats = 5;    // repetitions of the end probes (median printed)
constexpr int kWindowWidth = 760;
constexpr int kWindowHeight = 560;
constexpr int kResizeStep = 40;     // px narrower for the resize probe
constexpr qint64 kBaseTimeSecs = 1'700'000'000;
constexpr int kConstantRowHeight = 40;

const QString kRoom = QStringLiteral("bench");

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

QList<ChatMessage> makeMessages(int count)
{
    static const QStringList words{
            QStringLiteral("the"),    QStringLiteral("build"),   QStringLiteral("passed"),
            QStringLiteral("again"),  QStringLiteral("after"),   QStringLiteral("lunch"),
            QStringLiteral("review"), QStringLiteral("merge"),   QStringLiteral("tomorrow"),
            QStringLiteral("你好"),     QStringLiteral("世界"),      QStringLiteral("<b>literal</b>"),
            QStringLiteral("ok"),     QStringLiteral("thanks!"), QStringLiteral("deploy")};
    QList<ChatMessage> messages;
    messages.reserve(count);
    for (int i = 0; i < count; ++i) {
        ChatMessage m;
        m.clientId = QStringLiteral("bench-%1").arg(i);
        m.room = kRoom;
        m.seq = i + 1;
        m.sender = QStringLiteral("user%1").arg((i / kRunLength) % kSenders);
        QStringList text;
        const int n = kMinWords + (i * 7919) % kWordSpread;
        for (int w = 0; w < n; ++w)
            text << words.at((i + w * 31) % words.size());
        if (i % kLinkEvery == 0)
            text << QStringLiteral("https://example.com/issues/%1").arg(i);
        m.text = text.join(QLatin1Char(' '));
        m.time = QDateTime::fromSecsSinceEpoch(kBaseTimeSecs + qint64(i) * kSecondsApart, Qt::UTC);
        // Conversations (issue 12), unless PARLEY_BENCH_PLAIN=1 measures the data without them.
        if (!qEnvironmentVariableIsSet("PARLEY_BENCH_PLAIN")) {
            if (i % kReplyEvery == 0 && i >= 3)
                m.replyTo = i - 2; // the seq of the message 3 rows up
            if (i % kReactionsEvery == 0) {
                for (int r = 0; r <= i % 3; ++r)
                    m.reactions << ChatMessage::Reaction{QStringList{QStringLiteral("👍"), QStringLiteral("🎉"),
                                                                     QStringLiteral("❤️")}.at(r),
                                                         1 + i % 7, {qint64(1 + r)}};
            }
        }
        messages.append(m);
    }
    return messages;
}

//! Longest gap between ticks of a 1 ms timer, and how many gaps went over the limits.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kHeartbeatMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }
    void start()
    {
        m_gaps.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 longestNs() const { return m_gaps.isEmpty() ? 0 : *std::max_element(m_gaps.cbegin(), m_gaps.cend()); }
    int over(int limitMs) const
    {
        return int(std::count_if(m_gaps.cbegin(), m_gaps.cend(),
                                 [limitMs](qint64 gap) { return gap > qint64(limitMs) * 1'000'000; }));
    }
    qint64 percentileNs(double p) const
    {
        if (m_gaps.isEmpty())
            return 0;
        QList<qint64> sorted = m_gaps;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(std::min(sorted.size() - 1, qsizetype(p * double(sorted.size()))));
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_gaps.append(now - m_last);
        m_last = now;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QList<qint64> m_gaps;
};

//! QListView's own share of a relayout: a delegate whose sizeHint() costs nothing.
class ConstantDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        return {kWindowWidth, kConstantRowHeight};
    }
};

struct Result
{
    qint64 totalNs = 0;      //!< until the last message is shown
    qint64 settledNs = 0;    //!< until no height is an estimate any more
    qint64 longestStallNs = 0;
    qint64 p99StallNs = 0;
    int overFrame = 0;
    int overLimit = 0;
    qint64 longestAddNs = 0;  //!< longest time inside the add call(s) of one turn
    qint64 sumAddNs = 0;
    int layoutCount = 0;
};

//! Lets the window lay out and paint everything pending.
void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
}

Result run(const QList<ChatMessage> &messages, int perTurn, bool batched)
{
    ChatClient client;  // never connected: the messages come from the timer below
    MessageModel model(kRoom);
    ChatWindow window(&client, &model);
    window.resize(kWindowWidth, kWindowHeight);
    window.show();
    while (!window.windowHandle() || !window.windowHandle()->isExposed())
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    settle();
    auto *view = window.findChild<MessageView *>(QStringLiteral("messageView"));

    Result result;
    StallMeter meter;
    QTimer settledCheck;  // after the last burst: until every estimated height is measured
    settledCheck.setInterval(kHeartbeatMs);
    QTimer feeder;
    feeder.setInterval(0);
    qsizetype next = 0;
    QEventLoop loop;
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        const qsizetype count = std::min<qsizetype>(perTurn, messages.size() - next);
        QElapsedTimer add;
        add.start();
        if (batched) {
            model.addMessages(messages.mid(next, count));
        } else {
            for (qsizetype i = next; i < next + count; ++i)
                model.addMessage(messages.at(i));
        }
        const qint64 addNs = add.nsecsElapsed();
        result.sumAddNs += addNs;
        result.longestAddNs = std::max(result.longestAddNs, addNs);
        next += count;
        if (next >= messages.size()) {
            feeder.stop();
            settledCheck.start();
        }
    });
    QElapsedTimer total;
    QObject::connect(&settledCheck, &QTimer::timeout, [&] {
        // The last burst's relayout and paint have run once the view is at its end again.
        if (result.totalNs == 0 && view->verticalScrollBar()->value() == view->verticalScrollBar()->maximum()
            && view->indexAt(QPoint(0, view->viewport()->height() - 1)).isValid())
            result.totalNs = total.nsecsElapsed();
        if (result.totalNs != 0 && view->layoutCache()->estimatedRows() == 0) {
            settledCheck.stop();
            loop.quit();
        }
    });
    total.start();
    meter.start();
    feeder.start();
    loop.exec();
    meter.stop();
    result.settledNs = total.nsecsElapsed();
    result.longestStallNs = meter.longestNs();
    result.p99StallNs = meter.percentileNs(0.99);
    result.overFrame = meter.over(kFrameMs);
    result.overLimit = meter.over(kLimitMs);
    result.layoutCount = view->messageDelegate()->layoutCount();
    if (model.rowCount() != messages.size())
        std::printf("  !! model has %d rows, expected %lld\n", model.rowCount(), qlonglong(messages.size()));
    if (view->verticalScrollBar()->value() != view->verticalScrollBar()->maximum())
        std::printf("  !! the view did not follow the conversation to its end\n");
    return result;
}

qint64 medianNs(const std::function<void()> &step)
{
    return bench::medianNs(kProbeRepeats, step);
}

void print(const char *name, const Result &r, int messages)
{
    std::printf("%-9s shown %7.1f ms (%6.0f msg/s)  settled %7.1f ms  longest stall %6.2f ms  "
                "p99 gap %5.2f ms  gaps >%d ms: %d  >%d ms: %d  longest add() turn %5.2f ms  "
                "add() total %6.1f ms  bodies measured %d\n",
                name, ms(r.totalNs), double(messages) / (double(r.totalNs) / 1e9), ms(r.settledNs),
                ms(r.longestStallNs), ms(r.p99StallNs), kFrameMs, r.overFrame, kLimitMs,
                r.overLimit, ms(r.longestAddNs), ms(r.sumAddNs), r.layoutCount);
}

//! One turn at full size taken apart, and what a resize and a font change cost at that size.
void probe(const QList<ChatMessage> &messages, int perTurn)
{
    const qsizetype base = messages.size() - perTurn;
    ChatClient client;
    MessageModel model(kRoom);
    ChatWindow window(&client, &model);
    window.resize(kWindowWidth, kWindowHeight);
    window.show();
    while (!window.windowHandle() || !window.windowHandle()->isExposed())
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    model.addMessages(messages.mid(0, base));
    settle();
    auto *view = window.findChild<MessageView *>(QStringLiteral("messageView"));
    MessageDelegate *delegate = view->messageDelegate();

    // The model alone, at the same size: a model with no view attached. Its key index is built
    // lazily; during the run it grows a turn at a time, so build it before timing here.
    const QString known = messages.first().clientId;
    MessageModel bare(kRoom);
    bare.addMessages(messages.mid(0, base));
    bare.rowOfClientId(known);
    QElapsedTimer t;
    t.start();
    bare.addMessages(messages.mid(base, perTurn));
    const qint64 modelBatchNs = t.nsecsElapsed();
    MessageModel bare2(kRoom);
    bare2.addMessages(messages.mid(0, base));
    bare2.rowOfClientId(known);
    t.start();
    for (qsizetype i = base; i < messages.size(); ++i)
        bare2.addMessage(messages.at(i));
    const qint64 modelSingleNs = t.nsecsElapsed();

    // The same insert into the shown model: model + the view's and window's slots.
    model.rowOfClientId(known);
    t.start();
    model.addMessages(messages.mid(base, perTurn));
    const qint64 insertNs = t.nsecsElapsed();
    const int measuredBefore = delegate->layoutCount();
    t.start();
    view->doItemsLayout();  // what the view's delayed layout does once per turn
    const qint64 firstLayoutNs = t.nsecsElapsed();
    const int newBodies = delegate->layoutCount() - measuredBefore;
    view->scrollToBottom();
    const qint64 relayoutNs = medianNs([view] { view->doItemsLayout(); });
    const qint64 paintNs = medianNs([view] { view->viewport()->repaint(); });
    const int rows = model.rowCount();

    std::printf("\none turn at %d rows (+%d), taken apart:\n", rows, perTurn);
    std::printf("  model alone   addMessages(%d) %7.2f ms   %d x addMessage() %7.2f ms\n",
                perTurn, ms(modelBatchNs), perTurn, ms(modelSingleNs));
    std::printf("  shown model   addMessages(%d) %7.2f ms   (model + rowsInserted slots of "
                "view, delegate, window)\n", perTurn, ms(insertNs));
    std::printf("  view relayout %7.2f ms with %d new bodies measured; %7.2f ms with none "
                "(every row's sizeHint from the cache)\n",
                ms(firstLayoutNs), newBodies, ms(relayoutNs));
    std::printf("  paint         %7.2f ms (visible rows)\n", ms(paintNs));
    {
        QListView plain;
        ConstantDelegate constant;
        plain.setItemDelegate(&constant);
        plain.setModel(&model);
        plain.resize(kWindowWidth, kWindowHeight);
        plain.show();
        settle();
        const qint64 plainNs = medianNs([&plain] { plain.doItemsLayout(); });
        std::printf("  (QListView alone, a delegate returning a constant size: %5.2f ms per relayout)\n",
                    ms(plainNs));
        plain.setModel(nullptr);
    }

    // A change that invalidates every row, then the event loop until all heights are exact.
    const auto change = [&](const char *what, const std::function<void()> &step) {
        const int before = delegate->layoutCount();
        StallMeter meter;
        QEventLoop loop;
        QTimer check;
        check.setInterval(kHeartbeatMs);
        bool started = false;
        QObject::connect(&check, &QTimer::timeout, [&] {
            // Started: the cache dropped its rows and measured for the new width or font.
            started = started || delegate->layoutCount() > before;
            if (started && view->layoutCache()->estimatedRows() == 0)
                loop.quit();
        });
        QElapsedTimer clock;
        clock.start();
        meter.start();
        step();
        check.start();
        loop.exec();
        meter.stop();
        std::printf("  %-15s longest stall %7.2f ms, all %d rows exact after %8.1f ms "
                    "(%d bodies measured again)\n",
                    what, ms(meter.longestNs()), model.rowCount(), ms(clock.nsecsElapsed()),
                    delegate->layoutCount() - before);
    };
    change("resize -40 px:", [&] { window.resize(kWindowWidth - kResizeStep, kWindowHeight); });
    change("font +1 pt:", [&] {
        QFont font = view->font();
        font.setPointSizeF(font.pointSizeF() + 1);
        view->setFont(font);
    });
}

}  // namespace

int main(int argc, char *argv[])
{
    bench::preferOffscreen();
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int count = bench::argument(args, 1, kDefaultMessages);
    const int perTurn = bench::argument(args, 2, kDefaultPerTurn);

    std::printf("bench_ui_burst: %d messages, %d per event-loop turn, ChatWindow %dx%d shown "
                "(%s), heartbeat %d ms\n",
                count, perTurn, kWindowWidth, kWindowHeight,
                qPrintable(QGuiApplication::platformName()), kHeartbeatMs);
    const QList<ChatMessage> messages = makeMessages(count);
    const Result single = run(messages, perTurn, false);
    print("baseline", single, count);
    const Result batch = run(messages, perTurn, true);
    print("batched", batch, count);
    std::printf("ratio baseline/batched: shown %.2fx, longest stall %.2fx, add() time %.2fx\n",
                double(single.totalNs) / double(std::max<qint64>(1, batch.totalNs)),
                double(single.longestStallNs) / double(std::max<qint64>(1, batch.longestStallNs)),
                double(single.sumAddNs) / double(std::max<qint64>(1, batch.sumAddNs)));
    std::printf("targets: longest stall <= %d ms (must stay <= %d ms)\n", kFrameMs, kLimitMs);
    probe(messages, perTurn);
    return 0;
}
