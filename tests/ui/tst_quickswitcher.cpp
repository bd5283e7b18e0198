// Tests ui/quickswitcher.cpp: the filter narrows the rooms, Enter goes to the chosen one, arrows
// choose, a name nobody has joins (or creates) that room, Esc closes.
#include "quickswitcher.h"
#include "roomlistmodel.h"
#include "testmain.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

class tst_QuickSwitcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void filterAndEnterSwitches();
    void emptyFilterChoosesAnotherRoom();
    void arrowsChoose();
    void exactNameWins();
    void unknownNameJoins();
    void atNameWritesToAPerson();
    void escapeCloses();

private:
    std::unique_ptr<QWidget> m_window;
    std::unique_ptr<RoomListModel> m_rooms;
    QuickSwitcher *m_switcher = nullptr;
};

void tst_QuickSwitcher::initTestCase()
{
}

void tst_QuickSwitcher::init()
{
    m_rooms = std::make_unique<RoomListModel>();
    for (const char *room : {"lobby", "devops", "dev", "random", "Design"})
        m_rooms->addRoom(QString::fromLatin1(room));
    m_rooms->setCurrentRoom(QStringLiteral("lobby"));
    m_window = std::make_unique<QWidget>();
    m_window->resize(600, 400);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_switcher = new QuickSwitcher(m_rooms.get(), m_window.get());
    m_switcher->popup();
    QVERIFY(m_switcher->isVisible());
}

void tst_QuickSwitcher::cleanup()
{
    m_window.reset();
    m_switcher = nullptr;
    m_rooms.reset();
}

void tst_QuickSwitcher::filterAndEnterSwitches()
{
    QSignalSpy chosen(m_switcher, &QuickSwitcher::roomChosen);
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("RAN"));
    QCOMPARE(m_switcher->matches(), QStringList{QStringLiteral("random")});
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Return);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().at(0).toString(), QStringLiteral("random"));
    QVERIFY(!m_switcher->isVisible());
}

void tst_QuickSwitcher::emptyFilterChoosesAnotherRoom()
{
    QCOMPARE(m_switcher->matches().size(), 5);
    QCOMPARE(m_switcher->chosenRoom(), QStringLiteral("devops")); // not lobby, the room in view
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("#de"));
    QCOMPARE(m_switcher->matches(),
             (QStringList{QStringLiteral("devops"), QStringLiteral("dev"), QStringLiteral("Design")}));
}

void tst_QuickSwitcher::arrowsChoose()
{
    QSignalSpy chosen(m_switcher, &QuickSwitcher::roomChosen);
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("de"));
    QCOMPARE(m_switcher->chosenRoom(), QStringLiteral("devops"));
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Down);
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Down);
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Down); // stays at the last
    QCOMPARE(m_switcher->chosenRoom(), QStringLiteral("Design"));
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Up);
    QCOMPARE(m_switcher->chosenRoom(), QStringLiteral("dev"));
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Enter);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().at(0).toString(), QStringLiteral("dev"));
}

void tst_QuickSwitcher::exactNameWins()
{
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("dev"));
    QCOMPARE(m_switcher->matches(), (QStringList{QStringLiteral("devops"), QStringLiteral("dev")}));
    QCOMPARE(m_switcher->chosenRoom(), QStringLiteral("dev"));
}

void tst_QuickSwitcher::unknownNameJoins()
{
    QSignalSpy chosen(m_switcher, &QuickSwitcher::roomChosen);
    QSignalSpy join(m_switcher, &QuickSwitcher::joinRequested);
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("#music"));
    QVERIFY(m_switcher->matches().isEmpty());
    auto *hint = m_switcher->findChild<QLabel *>(QStringLiteral("quickSwitcherHint"));
    QVERIFY2(hint->text().contains(QStringLiteral("#music")), qPrintable(hint->text()));
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Return);
    QCOMPARE(chosen.size(), 0);
    QCOMPARE(join.size(), 1);
    QCOMPARE(join.first().at(0).toString(), QStringLiteral("music"));
}

void tst_QuickSwitcher::atNameWritesToAPerson()
{
    // A direct room is found by the person's name.
    Person bob;
    bob.id = 12;
    bob.username = QStringLiteral("bob");
    bob.displayName = QStringLiteral("Bob Builder");
    m_rooms->addRoom(QStringLiteral("@dm:3:12"));
    m_rooms->setPeer(QStringLiteral("@dm:3:12"), bob);
    QSignalSpy chosen(m_switcher, &QuickSwitcher::roomChosen);
    QSignalSpy direct(m_switcher, &QuickSwitcher::directRequested);
    QSignalSpy join(m_switcher, &QuickSwitcher::joinRequested);
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("@builder"));
    QCOMPARE(m_switcher->matches(), QStringList{QStringLiteral("@dm:3:12")});
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Return);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().at(0).toString(), QStringLiteral("@dm:3:12"));

    // Somebody with no conversation yet: Enter asks to write to them, not to join a room.
    m_switcher->popup();
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("@carol"));
    QVERIFY(m_switcher->matches().isEmpty());
    auto *hint = m_switcher->findChild<QLabel *>(QStringLiteral("quickSwitcherHint"));
    QVERIFY2(hint->text().contains(QStringLiteral("@carol")), qPrintable(hint->text()));
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Return);
    QCOMPARE(direct.size(), 1);
    QCOMPARE(direct.first().at(0).toString(), QStringLiteral("carol"));
    QCOMPARE(join.size(), 0);
}

void tst_QuickSwitcher::escapeCloses()
{
    QSignalSpy chosen(m_switcher, &QuickSwitcher::roomChosen);
    QTest::keyClicks(m_switcher->filterEdit(), QStringLiteral("dev"));
    QTest::keyClick(m_switcher->filterEdit(), Qt::Key_Escape);
    QVERIFY(!m_switcher->isVisible());
    QCOMPARE(chosen.size(), 0);
    // Opening again starts afresh.
    m_switcher->popup();
    QCOMPARE(m_switcher->filterEdit()->text(), QString());
    QCOMPARE(m_switcher->matches().size(), 5);
}

PARLEY_TEST_MAIN(tst_QuickSwitcher)
#include "tst_quickswitcher.moc"
