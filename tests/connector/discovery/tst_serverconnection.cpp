// ServerConnection: resolve → protocol → connect → remember, against a real parley-server on
// 127.0.0.1 (the same bootstrap the app and parley-cli use).
#include "chatclient.h"
#include "parleyprotocol.h"
#include "parleyserver.h"
#include "servermemory.h"
#include "serverconnection.h"
#include "testmain.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_ServerConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void probesConnectsAndRemembers();
    void badUrlFails();
};

void tst_ServerConnection::probesConnectsAndRemembers()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    ServerConnection connection(&client, &settings);
    QSignalSpy connecting(&connection, &ServerConnection::connecting);
    QSignalSpy failed(&connection, &ServerConnection::failed);
    DialectResolver::Request request;
    request.server = server.url();
    connection.start(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.isReady(), 10000);
    QCOMPARE(connecting.size(), 1);
    QCOMPARE(connecting.at(0).at(0).value<ServerKind>(), ServerKind::Parley);
    QCOMPARE(connection.kind(), ServerKind::Parley);
    QVERIFY(dynamic_cast<ParleyProtocol *>(client.protocol()));
    QCOMPARE(failed.size(), 0);
    // What worked is remembered for the next start: no probe then.
    QCOMPARE(ServerMemory::recall(settings, server.url()).dialect, QStringLiteral("parley"));
    client.disconnectFromServer();
}

void tst_ServerConnection::badUrlFails()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    ChatClient client;
    ServerConnection connection(&client, &settings);
    QSignalSpy connecting(&connection, &ServerConnection::connecting);
    QSignalSpy failed(&connection, &ServerConnection::failed);
    DialectResolver::Request request;
    request.server = QUrl(QStringLiteral("ftp://example.invalid"));
    connection.start(request);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::BadUrl);
    QCOMPARE(connecting.size(), 0);
    QCOMPARE(client.connectionState(), IMConnector::State::Disconnected);
    QVERIFY(ServerMemory::recall(settings, request.server).dialect.isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerConnection)
#include "tst_serverconnection.moc"
