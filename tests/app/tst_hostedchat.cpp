// Tests app/hostedchat.cpp: the chat the app hosts, shared on the network on demand. Sharing
// re-binds the listener on the same port and keeps the people already in the chat connected;
// invite links name the address others use. (The test shares on 127.0.0.2, not on every
// interface: network tests only touch loopback.)
#include "chatclient.h"
#include "hostedchat.h"
#include "invitelink.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "testmain.h"
#include "testsettings.h"

#include <QSignalSpy>
#include <QTest>

class tst_HostedChat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sharingKeepsThePeopleInTheChat();
    void inviteLinksNameTheSharedAddress();
};

void tst_HostedChat::sharingKeepsThePeopleInTheChat()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    const quint16 port = server.port();
    const QHostAddress shared(QStringLiteral("127.0.0.2"));
    HostedChat hosted(&server, QHostAddress(QHostAddress::LocalHost), shared);
    QVERIFY(hosted.isLocalOnly());

    ChatClient alice;
    alice.setSettings(ParleyTest::fastSettings());
    alice.setUserName(QStringLiteral("alice"));
    alice.joinRoom(QStringLiteral("lobby"));
    alice.connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(alice.isReady(), 10000);
    QSignalSpy aliceState(&alice, &ChatClient::connectionStateChanged);

    QString error;
    QVERIFY2(hosted.shareOnNetwork(&error), qPrintable(error));
    QVERIFY(!hosted.isLocalOnly());
    QCOMPARE(server.port(), port);
    QCOMPARE(hosted.addressForOthers().host(), shared.toString());
    QCOMPARE(hosted.addressForOthers().port(), int(port));

    // Someone arriving on the shared address reaches the same chat, and alice, who was there
    // before, hears them without having reconnected.
    ChatClient bob;
    bob.setSettings(ParleyTest::fastSettings());
    bob.setUserName(QStringLiteral("bob"));
    bob.joinRoom(QStringLiteral("lobby"));
    bob.connectToServer(hosted.addressForOthers());
    QTRY_VERIFY_WITH_TIMEOUT(bob.isReady(), 10000);
    ReceivedMessages heard(&alice);
    QVERIFY(!bob.sendMessage(QStringLiteral("lobby"), QStringLiteral("hello from the network")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(heard.texts(), QStringList{QStringLiteral("hello from the network")}, 10000);
    QCOMPARE(aliceState.size(), 0);
    QVERIFY(alice.isReady());

    // Sharing twice is a no-op.
    QVERIFY(hosted.shareOnNetwork(&error));
    QCOMPARE(server.port(), port);
}

void tst_HostedChat::inviteLinksNameTheSharedAddress()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    HostedChat hosted(&server, QHostAddress(QHostAddress::LocalHost), QHostAddress(QStringLiteral("127.0.0.3")));
    QString error;
    QVERIFY(hosted.shareOnNetwork(&error));
    const QString link = hosted.makeInviteLink(&error);
    QVERIFY2(!link.isEmpty(), qPrintable(error));
    const auto parsed = InviteLink::parse(link);
    QVERIFY(parsed);
    QCOMPARE(parsed->server.host(), QStringLiteral("127.0.0.3"));
    QCOMPARE(parsed->server.port(), int(server.port()));
    QVERIFY(!parsed->code.isEmpty());
    // Two links, two codes: each lets one person in.
    const auto second = InviteLink::parse(hosted.makeInviteLink(&error));
    QVERIFY(second);
    QVERIFY(second->code != parsed->code);
}

PARLEY_TEST_MAIN(tst_HostedChat)
#include "tst_hostedchat.moc"
