// Tests model/unsavedmessages.cpp: the memory side of a store that cannot write. The watermark on
// disk never passes an unsaved message; memory keeps the sync going; once writing works the memory
// watermarks go (the room is fetched again from below the gap), and the gap closes once the sync
// is written past it.
#include "testmain.h"
#include "unsavedmessages.h"

#include <QTest>

class tst_UnsavedMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void watermarkStopsBelowTheGap();
    void toldOnceEachWay();
    void keysAreBounded();
};

void tst_UnsavedMessages::watermarkStopsBelowTheGap()
{
    UnsavedMessages u;
    QCOMPARE(u.clampWatermark(QStringLiteral("lobby"), 5), qint64(5)); // nothing unsaved
    QCOMPARE(u.memoryWatermark(QStringLiteral("lobby")), qint64(-1));
    u.noteUnsaved(QStringLiteral("lobby"), 7, QStringLiteral("lobby#7"), QStringLiteral("database or disk is full"));
    u.noteUnsaved(QStringLiteral("lobby"), 9, QStringLiteral("lobby#9"), QStringLiteral("database or disk is full"));
    QVERIFY(u.isFailing());
    QCOMPARE(u.lowestUnsaved(QStringLiteral("lobby")), qint64(7));
    // The sync says 9: the disk may say 6, memory says 9.
    QCOMPARE(u.clampWatermark(QStringLiteral("lobby"), 9), qint64(6));
    QCOMPARE(u.memoryWatermark(QStringLiteral("lobby")), qint64(9));
    QCOMPARE(u.clampWatermark(QStringLiteral("lobby"), 6), qint64(6));
    // Another room is not held back.
    QCOMPARE(u.clampWatermark(QStringLiteral("dev"), 40), qint64(40));
    QVERIFY(u.contains(QStringLiteral("lobby#9")));

    // Writing works again: memory forgets its watermarks (the disk's, 6, is read again)...
    u.noteSaved();
    QVERIFY(!u.isFailing());
    QCOMPARE(u.memoryWatermark(QStringLiteral("lobby")), qint64(-1));
    // The copies fetched again are known as shown, once.
    QVERIFY(u.takeSaved(QStringLiteral("lobby#9")));
    QVERIFY(!u.takeSaved(QStringLiteral("lobby#9")));
    QVERIFY(!u.contains(QStringLiteral("lobby#9")));
    // ...the catch-up stores 7..9 and moves the sync past the gap: it is closed.
    QCOMPARE(u.clampWatermark(QStringLiteral("lobby"), 9), qint64(9));
    QCOMPARE(u.lowestUnsaved(QStringLiteral("lobby")), qint64(0));
}

void tst_UnsavedMessages::toldOnceEachWay()
{
    UnsavedMessages u;
    QList<bool> told;
    u.setNotify([&told](bool failing, const QString &) { told << failing; });
    u.noteSaved(); // nothing was failing: nothing to say
    for (int seq = 1; seq <= 100; ++seq)
        u.noteUnsaved(QStringLiteral("lobby"), seq, QStringLiteral("k%1").arg(seq), QStringLiteral("full"));
    u.noteSaved();
    u.noteSaved();
    QCOMPARE(told, (QList<bool>{true, false}));
}

void tst_UnsavedMessages::keysAreBounded()
{
    UnsavedMessages u;
    for (int i = 0; i < UnsavedMessages::kMaxKeys + 10; ++i)
        u.noteUnsaved(QStringLiteral("lobby"), i + 1, QStringLiteral("k%1").arg(i), QStringLiteral("full"));
    QVERIFY(!u.contains(QStringLiteral("k0")));  // the oldest went
    QVERIFY(!u.contains(QStringLiteral("k9")));
    QVERIFY(u.contains(QStringLiteral("k10")));
    QVERIFY(u.contains(QStringLiteral("k%1").arg(UnsavedMessages::kMaxKeys + 9)));
    QCOMPARE(u.lowestUnsaved(QStringLiteral("lobby")), qint64(1)); // the gap is not forgotten
}

PARLEY_TEST_GUILESS_MAIN(tst_UnsavedMessages)
#include "tst_unsavedmessages.moc"
