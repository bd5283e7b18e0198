// Tests ui/hostedserverbanner.cpp: what the hosting notice says for an address only this computer
// can reach and for one others can (table), that it is plain text, and that it hides without one.
#include "hostedserverbanner.h"
#include "testmain.h"

#include <QTest>

class tst_HostedServerBanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void text_data();
    void text();
    void hiddenWithoutAnAddress();
};

void tst_HostedServerBanner::text_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("text");
    const auto localOnly = [](const QString &url, const QString &port) {
        return QStringLiteral("Hosting a chat at %1 that only this computer can join. To let someone in, "
                              "use Parley ▸ Invite Someone…: it offers to share the chat on your network (port %2).").arg(url, port);
    };
    const auto shared = [](const QString &url) {
        return QStringLiteral("Hosting on %1 — to let someone in, send them a link from Parley ▸ Invite Someone…").arg(url);
    };
    QTest::newRow("loopback") << QUrl(QStringLiteral("ws://127.0.0.1:8787"))
                              << localOnly(QStringLiteral("ws://127.0.0.1:8787"), QStringLiteral("8787"));
    QTest::newRow("localhost") << QUrl(QStringLiteral("ws://localhost:9000"))
                               << localOnly(QStringLiteral("ws://localhost:9000"), QStringLiteral("9000"));
    QTest::newRow("ipv6 loopback") << QUrl(QStringLiteral("ws://[::1]:8787"))
                                   << localOnly(QStringLiteral("ws://[::1]:8787"), QStringLiteral("8787"));
    QTest::newRow("no port, ws") << QUrl(QStringLiteral("ws://127.0.0.1"))
                                 << localOnly(QStringLiteral("ws://127.0.0.1"), QStringLiteral("80"));
    QTest::newRow("no port, wss") << QUrl(QStringLiteral("wss://127.0.0.1"))
                                  << localOnly(QStringLiteral("wss://127.0.0.1"), QStringLiteral("443"));
    QTest::newRow("lan") << QUrl(QStringLiteral("ws://192.0.2.7:8787"))
                         << shared(QStringLiteral("ws://192.0.2.7:8787"));
    QTest::newRow("name") << QUrl(QStringLiteral("ws://desk.example:8787"))
                          << shared(QStringLiteral("ws://desk.example:8787"));
}

void tst_HostedServerBanner::text()
{
    QFETCH(QUrl, url);
    QFETCH(QString, text);
    HostedServerBanner banner;
    banner.setUrl(url);
    QCOMPARE(banner.text(), text);
    QCOMPARE(banner.url(), url);
    QVERIFY(!banner.isHidden());
    QCOMPARE(banner.textFormat(), Qt::PlainText);
    QVERIFY(!banner.accessibleName().isEmpty());
    QVERIFY(banner.toolTip().contains(QStringLiteral("HOST")));
}

void tst_HostedServerBanner::hiddenWithoutAnAddress()
{
    HostedServerBanner banner;
    QVERIFY(banner.isHidden());
    QVERIFY(banner.text().isEmpty());
    banner.setUrl(QUrl(QStringLiteral("ws://127.0.0.1:8787")));
    QVERIFY(!banner.isHidden());
    banner.setUrl(QUrl());
    QVERIFY(banner.isHidden());
    QVERIFY(banner.text().isEmpty());
    QCOMPARE(banner.url(), QUrl());
}

PARLEY_TEST_MAIN(tst_HostedServerBanner)
#include "tst_hostedserverbanner.moc"
