// RoomAdmission: room slots per session, account and address.

#include "roomadmission.h"
#include "testmain.h"

#include <QTest>

class tst_RoomAdmission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admit_data();
    void admit();
    void leavingFreesASlot();
};

using Holders = QList<RoomAdmission::Holder>;

void tst_RoomAdmission::admit_data()
{
    QTest::addColumn<Holders>("joins");      // admitted ones are counted as joined
    QTest::addColumn<QList<bool>>("admitted");

    const RoomAdmission::Holder s1{QStringLiteral("s1"), 1, QStringLiteral("a")};
    const RoomAdmission::Holder s2{QStringLiteral("s2"), 1, QStringLiteral("a")};
    const RoomAdmission::Holder s3{QStringLiteral("s3"), 2, QStringLiteral("a")};
    const RoomAdmission::Holder s4{QStringLiteral("s4"), 3, QStringLiteral("a")};
    const RoomAdmission::Holder elsewhere{QStringLiteral("s5"), 4, QStringLiteral("b")};
    // Limits below: 2 per session, 3 per account, 5 per address.
    QTest::newRow("per session") << Holders{s1, s1, s1} << QList<bool>{true, true, false};
    QTest::newRow("per account over two sessions")
            << Holders{s1, s1, s2, s2} << QList<bool>{true, true, true, false};
    QTest::newRow("per address over accounts")
            << Holders{s1, s1, s2, s3, s3, s4, elsewhere}
            << QList<bool>{true, true, true, true, true, false, true};
}

void tst_RoomAdmission::admit()
{
    QFETCH(Holders, joins);
    QFETCH(QList<bool>, admitted);
    RoomAdmission admission({2, 3, 5});
    QList<bool> actual;
    for (const RoomAdmission::Holder &h : std::as_const(joins)) {
        const bool ok = admission.admit(h).isEmpty();
        actual << ok;
        if (ok)
            admission.joined(h);
    }
    QCOMPARE(actual, admitted);
}

void tst_RoomAdmission::leavingFreesASlot()
{
    RoomAdmission admission({1, 1, 1});
    const RoomAdmission::Holder h{QStringLiteral("s"), 1, QStringLiteral("a")};
    admission.joined(h);
    QCOMPARE(admission.admit(h), QStringLiteral("too many rooms joined"));
    admission.left(h);
    QCOMPARE(admission.admit(h), QString());
    QCOMPARE(admission.sessionCount(QStringLiteral("s")), 0);
    admission.left(h); // one too many: stays at zero
    QCOMPARE(admission.accountCount(1), 0);
}

PARLEY_TEST_GUILESS_MAIN(tst_RoomAdmission)
#include "tst_roomadmission.moc"
