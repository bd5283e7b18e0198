// PresenceBoard: an account's presence from its sessions and their away flags, as tables of
// steps with no socket at all.

#include "presenceboard.h"
#include "testmain.h"

#include <QTest>

namespace {

ServerSession *fakeSession(quintptr n)
{
    return reinterpret_cast<ServerSession *>(n * 16);
}

using Presence = PresenceBoard::Presence;

//! One step: "+A1" session 1 of account A signs in, "-1" session 1 ends, "a1" it is away, "o1"
//! it is back; accounts are letters (A = 1, B = 2).
void apply(PresenceBoard &board, const QString &step)
{
    const QChar op = step.at(0);
    if (op == QLatin1Char('+')) {
        board.add(step.at(1).unicode() - u'A' + 1, fakeSession(step.mid(2).toUInt()));
        return;
    }
    ServerSession *session = fakeSession(step.mid(1).toUInt());
    if (op == QLatin1Char('-'))
        board.remove(session);
    else
        board.setAway(session, op == QLatin1Char('a'));
}

} // namespace

Q_DECLARE_METATYPE(PresenceBoard::Presence)

class tst_PresenceBoard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presence_data();
    void presence();
    void sessionsAndAccounts();
    void names_data();
    void names();
};

void tst_PresenceBoard::presence_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<Presence>("a");
    QTest::addColumn<Presence>("b");

    const auto steps = [](const char *text) { return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts); };
    QTest::newRow("nobody") << steps("") << Presence::Offline << Presence::Offline;
    QTest::newRow("signed in") << steps("+A1") << Presence::Online << Presence::Offline;
    QTest::newRow("away") << steps("+A1 a1") << Presence::Away << Presence::Offline;
    QTest::newRow("back") << steps("+A1 a1 o1") << Presence::Online << Presence::Offline;
    QTest::newRow("gone") << steps("+A1 a1 -1") << Presence::Offline << Presence::Offline;
    QTest::newRow("one of two away") << steps("+A1 +A2 a1") << Presence::Online << Presence::Offline;
    QTest::newRow("both away") << steps("+A1 +A2 a1 a2") << Presence::Away << Presence::Offline;
    QTest::newRow("the one in use leaves") << steps("+A1 +A2 a1 -2") << Presence::Away << Presence::Offline;
    QTest::newRow("a new session is online") << steps("+A1 a1 +A2") << Presence::Online << Presence::Offline;
    QTest::newRow("accounts apart") << steps("+A1 +B2 a2") << Presence::Online << Presence::Away;
    QTest::newRow("added twice counts once") << steps("+A1 +A1 -1") << Presence::Offline << Presence::Offline;
    QTest::newRow("unknown session ignored") << steps("+A1 a9 -9") << Presence::Online << Presence::Offline;
    QTest::newRow("away twice, back once") << steps("+A1 a1 a1 o1") << Presence::Online << Presence::Offline;
}

void tst_PresenceBoard::presence()
{
    QFETCH(QStringList, steps);
    QFETCH(Presence, a);
    QFETCH(Presence, b);
    PresenceBoard board;
    for (const QString &step : std::as_const(steps))
        apply(board, step);
    QCOMPARE(board.presenceOf(1), a);
    QCOMPARE(board.presenceOf(2), b);
}

void tst_PresenceBoard::sessionsAndAccounts()
{
    PresenceBoard board;
    board.add(1, fakeSession(1));
    board.add(2, fakeSession(2));
    board.add(1, fakeSession(3));
    QCOMPARE(board.sessionsOf(1), (QList<ServerSession *>{fakeSession(1), fakeSession(3)}));
    QCOMPARE(board.accountOf(fakeSession(3)), 1);
    QCOMPARE(board.accountCount(), 2);
    QVERIFY(!board.setAway(fakeSession(4), true));
    QCOMPARE(board.remove(fakeSession(1)), 1);
    QCOMPARE(board.remove(fakeSession(1)), 0);
    QCOMPARE(board.remove(fakeSession(3)), 1);
    QVERIFY(board.sessionsOf(1).isEmpty());
    QCOMPARE(board.accountOf(fakeSession(3)), 0);
    QCOMPARE(board.accountCount(), 1); // nothing left behind for account 1
}

void tst_PresenceBoard::names_data()
{
    QTest::addColumn<Presence>("presence");
    QTest::addColumn<QString>("name");
    QTest::newRow("online") << Presence::Online << QStringLiteral("online");
    QTest::newRow("away") << Presence::Away << QStringLiteral("away");
    QTest::newRow("offline") << Presence::Offline << QStringLiteral("offline");
}

void tst_PresenceBoard::names()
{
    QFETCH(Presence, presence);
    QFETCH(QString, name);
    QCOMPARE(PresenceBoard::nameOf(presence), name);
}

PARLEY_TEST_GUILESS_MAIN(tst_PresenceBoard)
#include "tst_presenceboard.moc"
