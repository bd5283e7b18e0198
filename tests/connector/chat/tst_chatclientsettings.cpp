// New settings for a ChatClient that is connected and joined (the app applies Preferences at
// once): messages keep arriving, in order, and the new timings are used. Before the fix, new
// settings started every room's sync over, and live messages were held back for a catch-up that
// was never asked for: the client stopped showing messages until it reconnected.
#include "chatclient.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>

class tst_ChatClientSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newSettingsWhileConnectedKeepMessagesComing();
};

void tst_ChatClientSettings::newSettingsWhileConnectedKeepMessagesComing()
{
    ServerSettings settings;
    settings.guests = false;
    ParleyServer server(settings);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    ReceivedMessages received(alice.get());
    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("before"));
    QTRY_COMPARE_WITH_TIMEOUT(received.texts(), QStringList{QStringLiteral("before")}, 10000);

    ConnectorSettings changed = ParleyTest::fastSettings();
    changed.readReceiptInterval = std::chrono::milliseconds(250);
    alice->setSettings(changed);
    QVERIFY(alice->isReady());
    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("after 1"));
    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("after 2"));
    QTRY_COMPARE_WITH_TIMEOUT(received.texts(),
                              (QStringList{QStringLiteral("before"), QStringLiteral("after 1"),
                                           QStringLiteral("after 2")}),
                              10000);
    // And one's own still go out and are delivered.
    QSignalSpy delivery(alice.get(), &ChatClient::deliveryChanged);
    const QString mine = alice->sendMessage(QStringLiteral("lobby"), QStringLiteral("mine"));
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(delivery.cbegin(), delivery.cend(), [&mine](const QList<QVariant> &args) {
        return args.at(0).toString() == mine
                && args.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered;
    }), 10000);
}

PARLEY_TEST_MAIN(tst_ChatClientSettings)
#include "tst_chatclientsettings.moc"
