#pragma once
// The hostile long messages of issue 11 and a drill that puts one of them through a real
// MessageView while a 5 ms timer measures how long the event loop stalls. Shared by
// tst_hostile_longmessages (which asserts the bound) and bench_long_messages (which prints the
// figures); header-only so that the benchmark needs no test library.
//
// The stall is measured twice between two ticks of the timer: on the wall clock (what a user
// feels; it also counts the time another process held the CPU) and in the GUI thread's own CPU
// time (what Parley itself did in one turn of the event loop, whatever the machine's load).
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messageview.h"
#include "rowlayoutcache.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QList>
#include <QScrollBar>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <functional>

namespace hostile {

//! One hostile message and its name in reports.
struct LongText
{
    QString name;
    QString text;
};

//! A normal message of 200 characters: the baseline the hostile ones are compared with.
inline QString baselineText()
{
    const QString words = QStringLiteral("The build passed again after lunch, review it and merge "
                                         "tomorrow if nothing else breaks; see the notes. ");
    return words.repeated(3).left(200);
}

//! The hostile messages: one line of 1,000,000 characters, a 500,000-character URL, 100,000
//! combining marks on one letter, 200,000 short lines, and 1 MB (UTF-8) of mixed scripts on
//! one line (Arabic and Hebrew inside Latin: bidi; CJK; emoji ZWJ sequences and flags).
inline QList<LongText> longTexts()
{
    QList<LongText> texts;
    const QString words = QStringLiteral("lorem ipsum dolor sit amet consectetur adipiscing ");
    texts.append({QStringLiteral("1,000,000 chars, one line"),
                  words.repeated(1'000'000 / words.size() + 1).left(1'000'000)});
    const QString site = QStringLiteral("https://example.com/");
    texts.append({QStringLiteral("500,000-char URL"),
                  site + QString(500'000 - site.size(), QLatin1Char('a'))});
    QString marks = QStringLiteral("Z");
    marks.reserve(100'001);
    for (int i = 0; i < 100'000; ++i)
        marks.append(QChar(char16_t(0x0300 + i % 0x70)));  // U+0300..U+036F, cycling
    texts.append({QStringLiteral("100,000 combining marks"), marks});
    QString lines;
    lines.reserve(200'000 * 9);
    for (int i = 0; i < 200'000; ++i)
        lines += QStringLiteral("line %1\n").arg(i % 1000);
    texts.append({QStringLiteral("200,000 short lines"), lines});
    const QString mix = QStringLiteral(
            "Hello \u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 "
            "(\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD 123) \u4F60\u597D\u4E16\u754C"
            "\u3001\u65E5\u672C\u8A9E\u306E\u6587\u7AE0 \U0001F468\u200D\U0001F469\u200D"
            "\U0001F467\u200D\U0001F466 \U0001F3F3\uFE0F\u200D\U0001F308 \U0001F1EF\U0001F1F5 "
            "\U0001F44B\U0001F3FD \u0915\u094D\u0937\u093F ");
    const qsizetype mixBytes = mix.toUtf8().size();
    texts.append({QStringLiteral("1 MB mixed scripts, bidi"),
                  mix.repeated(1'000'000 / mixBytes + 1)});
    return texts;
}

//! The longest gap between the ticks of a 5 ms timer, on the wall clock and in this thread's
//! CPU time.
class StallMeter
{
public:
    static constexpr int kTickMs = 5;

    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kTickMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
    }
    void start()
    {
        reset();
        m_timer.start();
    }
    //! Forgets the gaps so far (a new phase); the timer goes on.
    void reset()
    {
        m_longestWallNs = 0;
        m_longestCpuNs = 0;
        m_clock.start();
        m_lastWallNs = 0;
        m_lastCpuNs = threadCpuNs();
    }
    void stop() { m_timer.stop(); }
    bool isRunning() const { return m_timer.isActive(); }
    double longestWallMs() const { return double(m_longestWallNs) / 1e6; }
    double longestCpuMs() const { return double(m_longestCpuNs) / 1e6; }
    //! Ticks so far: waiting for a few more proves the event loop turned.
    qint64 ticks() const { return m_ticks; }

    static qint64 threadCpuNs()
    {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }

private:
    void tick()
    {
        const qint64 wall = m_clock.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        m_longestWallNs = std::max(m_longestWallNs, wall - m_lastWallNs);
        m_longestCpuNs = std::max(m_longestCpuNs, cpu - m_lastCpuNs);
        m_lastWallNs = wall;
        m_lastCpuNs = cpu;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastWallNs = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_longestWallNs = 0;
    qint64 m_longestCpuNs = 0;
    qint64 m_ticks = 0;
};

//! The longest stalls of one phase of the drill.
struct Phase
{
    QString name;
    double wallMs = 0;
    double cpuMs = 0;
};

//! A MessageView of a room with ordinary messages, shown, into which one message arrives; then
//! the user scrolls, resizes, uses "Show more" until the row shows all it ever will, scrolls
//! through that and resizes again, and moves the mouse over it.
class LongMessageDrill
{
public:
    static constexpr int kWidth = 760;
    static constexpr int kHeight = 560;
    static constexpr int kOrdinaryMessages = 40;
    //! Long enough for a cold start on a loaded machine; a wait for a condition, never a sleep.
    static constexpr int kWaitMs = 20'000;

    LongMessageDrill()
        : m_model(QStringLiteral("lobby"))
    {
        m_view.setModel(&m_model);
        m_view.resize(kWidth, kHeight);
        QList<ChatMessage> ordinary;
        for (int i = 0; i < kOrdinaryMessages; ++i)
            ordinary.append(message(i + 1, baselineText()));
        m_model.addMessages(ordinary);
    }

    MessageView &view() { return m_view; }
    MessageModel &model() { return m_model; }
    StallMeter &meter() { return m_meter; }
    //! The hostile message's row (after arrive()).
    QModelIndex index() const { return m_model.index(m_model.rowCount() - 1, 0); }
    const QList<Phase> &phases() const { return m_phases; }
    //! How many times "Show more" showed more.
    int showMoreSteps() const { return m_steps; }
    //! Each phase's longest stall, wall clock / CPU time: "arrive 5.1/2.0 ms, scroll …".
    QString report() const
    {
        QStringList phases;
        for (const Phase &p : m_phases) {
            phases << QStringLiteral("%1 %2/%3 ms")
                              .arg(p.name)
                              .arg(p.wallMs, 0, 'f', 1)
                              .arg(p.cpuMs, 0, 'f', 1);
        }
        return phases.join(QLatin1String(", "));
    }
    //! The longest stalls of all phases.
    Phase worst() const
    {
        Phase w{QStringLiteral("all"), 0, 0};
        for (const Phase &p : m_phases) {
            w.wallMs = std::max(w.wallMs, p.wallMs);
            w.cpuMs = std::max(w.cpuMs, p.cpuMs);
        }
        return w;
    }

    //! Shows the view with the ordinary messages and starts the meter; false if it never settled.
    bool open()
    {
        m_meter.start();  // also what wakes settle() up
        m_view.show();
        return settle();
    }
    //! Runs the whole drill with \a text; false if the view never settled (a phase timed out).
    bool run(const QString &text)
    {
        return open() && arrive(text) && scroll(QStringLiteral("scroll"))
                && resize(QStringLiteral("resize")) && showAll() && scroll(QStringLiteral("scroll expanded"))
                && resize(QStringLiteral("resize expanded")) && hover();
    }

    //! The message arrives while the view is shown at the end of the conversation.
    bool arrive(const QString &text)
    {
        return phase(QStringLiteral("arrive"), [&] {
            m_model.addMessage(message(kOrdinaryMessages + 1, text));
            return settle();
        });
    }
    //! To the top and page by page back to the end.
    bool scroll(const QString &name)
    {
        return phase(name, [&] {
            QScrollBar *bar = m_view.verticalScrollBar();
            bar->setValue(bar->minimum());
            if (!settle())
                return false;
            for (int guard = 0; bar->value() < bar->maximum() && guard < kMaxPages; ++guard) {
                bar->triggerAction(QAbstractSlider::SliderPageStepAdd);
                if (!settle())
                    return false;
            }
            return bar->value() == bar->maximum();
        });
    }
    //! Narrower, then back.
    bool resize(const QString &name)
    {
        return phase(name, [&] {
            m_view.resize(kWidth / 2, kHeight);
            if (!settle())
                return false;
            m_view.resize(kWidth, kHeight);
            return settle();
        });
    }
    //! "Show more" until the row shows all it ever will.
    bool showAll()
    {
        return phase(QStringLiteral("show more"), [&] {
            while (m_view.showMore(index())) {
                ++m_steps;
                m_view.scrollToBottom();
                if (!settle() || m_steps > kMaxSteps)
                    return false;
            }
            return true;
        });
    }
    //! The pointer over the message, top to bottom (links, Retry and "Show more" hit tests).
    bool hover()
    {
        return phase(QStringLiteral("hover"), [&] {
            const QRect rect = m_view.visualRect(index()).intersected(m_view.viewport()->rect());
            for (int y = rect.top(); y < rect.bottom(); y += kHoverStep) {
                for (int x = rect.left(); x < rect.right(); x += kHoverStep) {
                    m_view.linkAt(QPoint(x, y));
                    m_view.showMoreAt(QPoint(x, y));
                }
                if (!settle())
                    return false;
            }
            return true;
        });
    }

    //! Turns the event loop until the view has laid out and measured everything pending (the
    //! meter must run: its ticks wake the loop).
    bool settle()
    {
        if (!m_meter.isRunning())
            m_meter.start();
        const qint64 start = m_meter.ticks();
        const QDeadlineTimer deadline(kWaitMs);
        int quietTurns = 0;
        while (!deadline.hasExpired()) {
            // Blocks until the next event: the meter's timer (or the refinement's) wakes it.
            QCoreApplication::processEvents(QEventLoop::AllEvents
                                            | QEventLoop::WaitForMoreEvents);
            const bool done = m_view.layoutCache()->estimatedRows() == 0
                    && (!m_meter.isRunning() || m_meter.ticks() >= start + kSettleTicks);
            quietTurns = done ? quietTurns + 1 : 0;
            if (quietTurns >= kQuietTurns)
                return true;
        }
        return false;
    }

    static ChatMessage message(qint64 seq, const QString &text)
    {
        ChatMessage m;
        m.clientId = QStringLiteral("m%1").arg(seq);
        m.room = QStringLiteral("lobby");
        m.seq = seq;
        m.sender = seq % 2 ? QStringLiteral("mallory") : QStringLiteral("bob");
        m.text = text;
        m.time = QDateTime::currentDateTimeUtc();
        return m;
    }

private:
    static constexpr int kMaxPages = 200;
    static constexpr int kMaxSteps = 10;
    static constexpr int kHoverStep = 40;
    static constexpr int kSettleTicks = 2;
    static constexpr int kQuietTurns = 3;

    bool phase(const QString &name, const std::function<bool()> &steps)
    {
        if (!m_meter.isRunning())
            m_meter.start();
        m_meter.reset();
        const bool ok = steps();
        m_phases.append(Phase{name, m_meter.longestWallMs(), m_meter.longestCpuMs()});
        return ok;
    }

    MessageModel m_model;
    MessageView m_view;
    StallMeter m_meter;
    QList<Phase> m_phases;
    int m_steps = 0;
};

}  // namespace hostile
