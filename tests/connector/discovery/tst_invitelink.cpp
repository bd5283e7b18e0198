// InviteLink: the links an invite travels in, parsed and made.
#include "invitelink.h"
#include "testmain.h"

#include <QTest>

class tst_InviteLink : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void roundTrip();
};

void tst_InviteLink::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("server"); // empty: not an invite link
    QTest::addColumn<QString>("code");
    QTest::newRow("parley link") << QStringLiteral("parley://chat.example:8787/?invite=Ab_-9") << QStringLiteral("ws://chat.example:8787") << QStringLiteral("Ab_-9");
    QTest::newRow("no path") << QStringLiteral("parley://10.0.0.5:8787?invite=x1") << QStringLiteral("ws://10.0.0.5:8787") << QStringLiteral("x1");
    QTest::newRow("wss with path") << QStringLiteral("wss://chat.example/team/?invite=abc&x=1") << QStringLiteral("wss://chat.example/team/?x=1") << QStringLiteral("abc");
    QTest::newRow("no code") << QStringLiteral("parley://chat.example:8787/") << QString() << QString();
    QTest::newRow("empty code") << QStringLiteral("parley://chat.example:8787/?invite=") << QString() << QString();
    QTest::newRow("code with odd characters") << QStringLiteral("parley://h:1/?invite=a%20b") << QString() << QString();
    QTest::newRow("code too long") << QStringLiteral("parley://h:1/?invite=") + QString(129, QLatin1Char('a')) << QString() << QString();
    QTest::newRow("http is not a server") << QStringLiteral("http://h:1/?invite=abc") << QString() << QString();
    QTest::newRow("no host") << QStringLiteral("parley:///?invite=abc") << QString() << QString();
    QTest::newRow("not a url") << QStringLiteral("lobby") << QString() << QString();
}

void tst_InviteLink::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, server);
    QFETCH(QString, code);
    const std::optional<InviteLink::Invite> invite = InviteLink::parse(text);
    QCOMPARE(invite.has_value(), !server.isEmpty());
    if (invite) {
        QCOMPARE(invite->server.toString(), server);
        QCOMPARE(invite->code, code);
    }
}

void tst_InviteLink::roundTrip()
{
    const QString link = InviteLink::make(QUrl(QStringLiteral("ws://192.168.1.20:8787")), QStringLiteral("CODE_1"));
    QCOMPARE(link, QStringLiteral("parley://192.168.1.20:8787/?invite=CODE_1"));
    const std::optional<InviteLink::Invite> back = InviteLink::parse(link);
    QVERIFY(back);
    QCOMPARE(back->server, QUrl(QStringLiteral("ws://192.168.1.20:8787")));
    QCOMPARE(back->code, QStringLiteral("CODE_1"));
}

PARLEY_TEST_GUILESS_MAIN(tst_InviteLink)
#include "tst_invitelink.moc"
