// Tests ui/typingindicator.cpp: the sentence for one, two and several people, per-room state,
// expiry by itself, a message ending its sender's typing, and a real second client typing
// through an in-process parley-server.
#include "chatclient.h"
#include "parleyserver.h"
#include "typingindicator.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace std::chrono_literals;

class tst_TypingIndicator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void textFor_data();
    void textFor();
    void perRoom();
    void expiresByItself();
    void repeatedTypingKeepsTheName();
    void aMessageEndsTyping();
    void longNamesDoNotWidenTheWindow();
    void anotherClientTypes();
};

void tst_TypingIndicator::initTestCase()
{
}

void tst_TypingIndicator::textFor_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("text");
    QTest::newRow("nobody") << QStringList() << QString();
    QTest::newRow("one") << QStringList{QStringLiteral("alice")} << QStringLiteral("alice is typing…");
    QTest::newRow("two") << QStringList{QStringLiteral("alice"), QStringLiteral("bob")}
                         << QStringLiteral("alice and bob are typing…");
    QTest::newRow("three") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
                           << QStringLiteral("Several people are typing…");
    QTest::newRow("markup") << QStringList{QStringLiteral("<b>x</b>")} << QStringLiteral("<b>x</b> is typing…");
}

void tst_TypingIndicator::textFor()
{
    QFETCH(QStringList, names);
    QFETCH(QString, text);
    QCOMPARE(TypingIndicator::textFor(names), text);
}

void tst_TypingIndicator::perRoom()
{
    TypingIndicator indicator;
    QCOMPARE(indicator.textFormat(), Qt::PlainText);
    indicator.setRoom(QStringLiteral("lobby"));
    indicator.noteTyping(QStringLiteral("dev"), QStringLiteral("bob"));
    QCOMPARE(indicator.fullText(), QString());
    indicator.noteTyping(QStringLiteral("lobby"), QStringLiteral("carol"));
    QCOMPARE(indicator.fullText(), QStringLiteral("carol is typing…"));
    indicator.setRoom(QStringLiteral("dev"));
    QCOMPARE(indicator.fullText(), QStringLiteral("bob is typing…"));
    indicator.noteTyping(QStringLiteral("dev"), QStringLiteral("dave"));
    indicator.noteTyping(QStringLiteral("dev"), QStringLiteral("erin"));
    QCOMPARE(indicator.fullText(), QStringLiteral("Several people are typing…"));
    QVERIFY(indicator.toolTip().contains(QStringLiteral("bob, dave, erin")));
    indicator.clearAll();
    QCOMPARE(indicator.fullText(), QString());
}

void tst_TypingIndicator::expiresByItself()
{
    QCOMPARE(TypingIndicator::kTypingExpiry, 5000ms);
    TypingIndicator indicator;
    indicator.setExpiry(200ms);
    indicator.setRoom(QStringLiteral("lobby"));
    indicator.resize(300, indicator.sizeHint().height());
    indicator.show();
    indicator.noteTyping(QStringLiteral("lobby"), QStringLiteral("bob"));
    indicator.noteTyping(QStringLiteral("dev"), QStringLiteral("carol"));
    QCOMPARE(indicator.text(), QStringLiteral("bob is typing…"));
    QTRY_COMPARE(indicator.fullText(), QString());
    QCOMPARE(indicator.text(), QString());
    QTRY_VERIFY(indicator.typing(QStringLiteral("dev")).isEmpty()); // every room expires
}

void tst_TypingIndicator::repeatedTypingKeepsTheName()
{
    TypingIndicator indicator;
    indicator.setExpiry(400ms);
    indicator.setRoom(QStringLiteral("lobby"));
    indicator.noteTyping(QStringLiteral("lobby"), QStringLiteral("bob"));
    QElapsedTimer clock;
    clock.start();
    // Notified again before expiring: still shown after the first deadline.
    QTRY_VERIFY(clock.elapsed() >= 250);
    indicator.noteTyping(QStringLiteral("lobby"), QStringLiteral("bob"));
    QTRY_VERIFY(clock.elapsed() >= 500);
    QCOMPARE(indicator.typing(QStringLiteral("lobby")), QStringList{QStringLiteral("bob")});
    QTRY_VERIFY(indicator.typing(QStringLiteral("lobby")).isEmpty());
}

void tst_TypingIndicator::aMessageEndsTyping()
{
    TypingIndicator indicator;
    indicator.setRoom(QStringLiteral("lobby"));
    indicator.noteTyping(QStringLiteral("lobby"), QStringLiteral("bob"));
    indicator.noteTyping(QStringLiteral("lobby"), QStringLiteral("carol"));
    QCOMPARE(indicator.fullText(), QStringLiteral("bob and carol are typing…"));
    indicator.noteStopped(QStringLiteral("lobby"), QStringLiteral("bob"));
    QCOMPARE(indicator.fullText(), QStringLiteral("carol is typing…"));
}

void tst_TypingIndicator::longNamesDoNotWidenTheWindow()
{
    TypingIndicator indicator;
    indicator.setRoom(QStringLiteral("lobby"));
    indicator.resize(120, indicator.sizeHint().height());
    indicator.show();
    indicator.noteTyping(QStringLiteral("lobby"), QString(200, QLatin1Char('w')));
    QCOMPARE(indicator.sizePolicy().horizontalPolicy(), QSizePolicy::Ignored);
    QVERIFY(indicator.text().endsWith(QChar(0x2026)));
    QVERIFY(indicator.fontMetrics().horizontalAdvance(indicator.text()) <= indicator.contentsRect().width());
    // An empty line keeps its height: the messages above do not jump.
    indicator.clearAll();
    QVERIFY(indicator.minimumHeight() >= indicator.fontMetrics().height());
}

void tst_TypingIndicator::anotherClientTypes()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    ChatClient alice;
    alice.setUserName(QStringLiteral("alice"));
    ChatClient bob;
    bob.setUserName(QStringLiteral("bob"));
    TypingIndicator indicator;
    indicator.setExpiry(500ms);
    indicator.connectClient(&alice);
    indicator.setRoom(QStringLiteral("lobby"));
    for (ChatClient *c : {&alice, &bob}) {
        c->joinRoom(QStringLiteral("lobby"));
        c->connectToServer(server.url());
    }
    QSignalSpy aliceJoined(&alice, &ChatClient::joined);
    QSignalSpy bobJoined(&bob, &ChatClient::joined);
    QTRY_VERIFY_WITH_TIMEOUT(!aliceJoined.isEmpty() && !bobJoined.isEmpty(), 10000);

    bob.notifyTyping(QStringLiteral("lobby"));
    QTRY_COMPARE(indicator.fullText(), QStringLiteral("bob is typing…"));
    // Nobody says "stopped": it goes by itself.
    QTRY_COMPARE(indicator.fullText(), QString());

    alice.disconnectFromServer();
    bob.disconnectFromServer();
}

PARLEY_TEST_MAIN(tst_TypingIndicator)
#include "tst_typingindicator.moc"
