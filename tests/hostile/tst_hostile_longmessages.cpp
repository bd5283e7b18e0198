// Hostile long messages against a real MessageView (issue 11): a 1,000,000-character line, a
// 500,000-character URL, 100,000 combining marks, 200,000 short lines and 1 MB of mixed scripts
// (bidi, CJK, emoji ZWJ sequences) arrive in a shown view, which is scrolled, resized,
// "Show more"-d to the end, scrolled and resized again and hovered over, while a 5 ms timer
// measures the longest event-loop stall (tests/hostile/longmessagedrill.h). A 200-character
// message goes through the same drill as the baseline. Then what the user does with such a
// message: "Show more" by click and from the context menu, a link cut by the limit opens its
// whole address, copying copies the whole message.
//
// The bound asserted: the GUI thread's own CPU time between two ticks stays under
// kCpuLimitMs = 25 ms, half of the 50 ms limit: the margin for a slower CI machine (this is a
// Debug build of Parley; Qt's text layout, where the time goes, is the distribution's release
// build either way). Measured on the 2-core development machine, idle and with the other core
// busy: at most ~13 ms (bench_long_messages prints the figures). The wall clock between ticks
// also counts the time the scheduler gave other processes: with a load average of 6 on 2 cores
// the 200-character baseline itself showed 24 ms. It is asserted under kWallLimitMs = 100 ms
// (the limit plus that scheduling noise; a drill over it with its CPU time bounded is measured
// again once), which still catches any regression towards the 1.3 s and the minute these
// messages stalled the window before.
#include "longmessagedrill.h"
#include "messagetexts.h"
#include "testmain.h"

#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QTextLayout>

namespace {

constexpr double kCpuLimitMs = 25;
constexpr double kWallLimitMs = 100;

QString report(const hostile::LongMessageDrill &drill)
{
    return QStringLiteral("longest stall per phase, wall/CPU: ") + drill.report();
}

QAction *findAction(const QMenu *menu, const QString &name)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == name)
            return action;
    }
    return nullptr;
}

}  // namespace

class tst_HostileLongMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void drillStaysWithinTheStallLimit_data();
    void drillStaysWithinTheStallLimit();
    void showMoreByClickAndFromTheMenu();
    void linkCutByTheLimitOpensTheWholeAddress();
    void copyingCopiesTheWholeMessage();
};

void tst_HostileLongMessages::initTestCase()
{
    // The first text in a script loads its fonts (fontconfig, font files): ~15-20 ms once per
    // process, whatever the message's size, in the first turn that shows that script. Loaded
    // here, so that each row measures what its message costs.
    MessageMetrics metrics = MessageDelegate::metricsFor(QApplication::font());
    for (const hostile::LongText &input : hostile::longTexts())
        metrics.layoutText(input.text.left(1'000), hostile::LongMessageDrill::kWidth);
}

void tst_HostileLongMessages::drillStaysWithinTheStallLimit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hostile");
    QTest::newRow("baseline: 200 chars") << hostile::baselineText() << false;
    for (const hostile::LongText &input : hostile::longTexts())
        QTest::newRow(qPrintable(input.name)) << input.text << true;
}

void tst_HostileLongMessages::drillStaysWithinTheStallLimit()
{
    QFETCH(QString, text);
    QFETCH(bool, hostile);
    auto drill = std::make_unique<hostile::LongMessageDrill>();
    QVERIFY2(drill->run(text), qPrintable(report(*drill)));
    qInfo("%s", qPrintable(report(*drill)));
    QVERIFY2(drill->worst().cpuMs < kCpuLimitMs, qPrintable(report(*drill)));
    if (drill->worst().wallMs >= kWallLimitMs) {
        // The work stayed bounded (CPU time): the machine held Parley off the CPU. Measured
        // again once; a real stall shows again.
        qInfo("wall clock over %.0f ms with the CPU time bounded: measuring again", kWallLimitMs);
        drill = std::make_unique<hostile::LongMessageDrill>();
        QVERIFY2(drill->run(text), qPrintable(report(*drill)));
        qInfo("%s", qPrintable(report(*drill)));
        QVERIFY2(drill->worst().cpuMs < kCpuLimitMs, qPrintable(report(*drill)));
    }
    QVERIFY2(drill->worst().wallMs < kWallLimitMs, qPrintable(report(*drill)));

    // What the row shows in the end: the hostile message in part, at most kMaxShown of it, with
    // the note that the rest can be copied; the ordinary one whole.
    MessageView &view = drill->view();
    const QModelIndex index = drill->index();
    const MessageClip::Limits shown = view.layoutCache()->limits(index);
    const MessageDelegate::Geometry g =
            view.messageDelegate()->geometry(view.itemOption(index), index);
    QCOMPARE(!g.more.isNull(), hostile);
    QVERIFY(!g.moreExpands);
    QCOMPARE(drill->showMoreSteps() > 0, hostile);
    QCOMPARE(shown, hostile ? MessageClip::kMaxShown : MessageClip::kCollapsed);
    QVERIFY(MessageTexts::bodyText(index, shown).size() <= MessageClip::kMaxShown.chars);
    QCOMPARE(index.data(MessageModel::TextRole).toString(), text);  // the model keeps it whole
}

void tst_HostileLongMessages::showMoreByClickAndFromTheMenu()
{
    hostile::LongMessageDrill drill;
    MessageView &view = drill.view();
    QVERIFY(drill.open());
    QVERIFY(drill.arrive(hostile::longTexts().constFirst().text));
    const QModelIndex index = drill.index();
    MessageDelegate *delegate = view.messageDelegate();
    const auto morePoint = [&] {
        view.scrollTo(index, QAbstractItemView::PositionAtBottom);
        drill.settle();
        const QStyleOptionViewItem option = view.itemOption(index);
        return option.rect.topLeft() + delegate->geometry(option, index).more.center();
    };
    const qsizetype collapsed =
            MessageTexts::bodyText(index, view.layoutCache()->limits(index)).size();
    QCOMPARE(collapsed, MessageClip::kCollapsed.chars);
    QCOMPARE(view.showMoreAt(morePoint()), QModelIndex(index));

    // A click shows more.
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, morePoint());
    QTRY_COMPARE(view.layoutCache()->limits(index), MessageClip::next(MessageClip::kCollapsed));
    QVERIFY(drill.settle());
    QVERIFY(MessageTexts::bodyText(index, view.layoutCache()->limits(index)).size() > collapsed);

    // The keyboard's context menu offers it until there is no more to show.
    view.setCurrentIndex(index);
    std::unique_ptr<QMenu> menu(view.createContextMenu(QPoint(), true));
    QAction *more = findAction(menu.get(), QStringLiteral("showMoreAction"));
    QVERIFY(more);
    more->trigger();
    QCOMPARE(view.layoutCache()->limits(index), MessageClip::kMaxShown);
    QVERIFY(drill.settle());
    menu.reset(view.createContextMenu(QPoint(), true));
    QVERIFY(!findAction(menu.get(), QStringLiteral("showMoreAction")));
    QVERIFY(!view.showMore(index));
    // The note in its place is no link.
    QVERIFY(!view.showMoreAt(morePoint()).isValid());
}

void tst_HostileLongMessages::linkCutByTheLimitOpensTheWholeAddress()
{
    hostile::LongMessageDrill drill;
    MessageView &view = drill.view();
    QSignalSpy activated(&view, &MessageView::linkActivated);
    const QString url = QStringLiteral("https://example.com/") + QString(200, QLatin1Char('p'));
    // Narrow letters, so that the character limit cuts before the line limit does.
    const qsizetype before = MessageClip::kCollapsed.chars - 50;  // the cut is inside the link
    QVERIFY(drill.run(QString(before - 1, QLatin1Char('i')) + QLatin1Char(' ') + url
                      + QStringLiteral(" and more")));
    const QModelIndex index = drill.index();
    view.scrollTo(index, QAbstractItemView::PositionAtBottom);
    QVERIFY(drill.settle());
    const QList<LinkFinder::Link> links =
            view.messageDelegate()->links(view.itemOption(index), index);
    QCOMPARE(links.size(), 1);
    QCOMPARE(links.first().url, QUrl(url));
    // After "Show more" (the drill) it shows whole: no longer cut, the same link.
    QCOMPARE(links.first().start, int(before));
    QCOMPARE(links.first().length, url.size());

    drill.model().addMessage(hostile::LongMessageDrill::message(
            100, QString(before - 1, QLatin1Char('l')) + QLatin1Char(' ') + url));
    QVERIFY(drill.settle());
    const QModelIndex cut = drill.model().index(drill.model().rowCount() - 1, 0);
    const QStyleOptionViewItem option = view.itemOption(cut);
    const QList<LinkFinder::Link> cutLinks = view.messageDelegate()->links(option, cut);
    QCOMPARE(cutLinks.size(), 1);
    QCOMPARE(cutLinks.first().length, 50);  // shown in part...
    QCOMPARE(cutLinks.first().url, QUrl(url));  // ...opens the whole address
    const QList<QRect> rects = view.messageDelegate()->linkRects(option, cut, 0);
    QVERIFY(!rects.isEmpty());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                      option.rect.topLeft() + rects.last().center());
    QTRY_COMPARE(activated.size(), 1);
    QCOMPARE(activated.first().first().toUrl(), QUrl(url));
}

void tst_HostileLongMessages::copyingCopiesTheWholeMessage()
{
    const QString text = hostile::longTexts().at(3).text;  // 200,000 short lines
    hostile::LongMessageDrill drill;
    MessageView &view = drill.view();
    QVERIFY(drill.run(text));
    view.selectionModel()->select(drill.index(), QItemSelectionModel::ClearAndSelect);
    QCOMPARE(view.selectedText(), text);
}

PARLEY_TEST_MAIN(tst_HostileLongMessages)
#include "tst_hostile_longmessages.moc"
