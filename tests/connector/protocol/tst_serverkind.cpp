// ServerKind names: what --dialect and the per-server memory store.
#include "serverkind.h"
#include "testmain.h"

#include <QTest>

class tst_ServerKind : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names_data();
    void names();
    void unknownName();
};

void tst_ServerKind::names_data()
{
    QTest::addColumn<ServerKind>("kind");
    QTest::addColumn<QString>("name");
    QTest::newRow("parley") << ServerKind::Parley << QStringLiteral("parley");
    QTest::newRow("socketio") << ServerKind::SocketIo << QStringLiteral("socketio");
    QTest::newRow("raw") << ServerKind::Raw << QStringLiteral("raw");
}

void tst_ServerKind::names()
{
    QFETCH(ServerKind, kind);
    QFETCH(QString, name);
    QCOMPARE(ServerKinds::name(kind), name);
    QCOMPARE(ServerKinds::fromName(name), std::optional<ServerKind>(kind));
}

void tst_ServerKind::unknownName()
{
    QVERIFY(!ServerKinds::fromName(QStringLiteral("auto")));
    QVERIFY(!ServerKinds::fromName(QString()));
    QVERIFY(!ServerKinds::fromName(QStringLiteral("Parley"))); // names are exact
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerKind)
#include "tst_serverkind.moc"
