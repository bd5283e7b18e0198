// PostgresAddress: what a "postgresql://" location may say, and that its password never reaches
// a log line. No server needed.

#include "postgresaddress.h"
#include "sqlconnection.h"
#include "testmain.h"

#include <QTest>

class tst_PostgresAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheParts();
    void defaultsAreLibpqs();
    void optionsAreChecked_data();
    void optionsAreChecked();
    void passwordIsHiddenInLogs();
    void sqlConnectionTellsTheEngines();
    void malformedLocationIsAnOpenError();
};

void tst_PostgresAddress::parsesTheParts()
{
    QString error;
    const auto a = PostgresAddress::parse(
            QStringLiteral("postgresql://parley:s%40cret@db.example:6432/chat?connect_timeout=5&sslmode=require"),
            &error);
    QVERIFY2(a, qPrintable(error));
    QCOMPARE(a->host, QStringLiteral("db.example"));
    QCOMPARE(a->port, 6432);
    QCOMPARE(a->user, QStringLiteral("parley"));
    QCOMPARE(a->password, QStringLiteral("s@cret"));  // percent-decoded
    QCOMPARE(a->database, QStringLiteral("chat"));
    QCOMPARE(a->options, QStringLiteral("connect_timeout=5;sslmode=require"));

    const auto v6 = PostgresAddress::parse(QStringLiteral("postgres://u@[::1]:5433/d"), &error);
    QVERIFY2(v6, qPrintable(error));
    QCOMPARE(v6->host, QStringLiteral("::1"));
    QCOMPARE(v6->port, 5433);

    const auto socket = PostgresAddress::parse(
            QStringLiteral("postgresql:///parley?host=/run/postgresql"), &error);
    QVERIFY2(socket, qPrintable(error));
    QCOMPARE(socket->host, QStringLiteral("/run/postgresql"));
    QCOMPARE(socket->database, QStringLiteral("parley"));
    QCOMPARE(socket->options, QStringLiteral("connect_timeout=5"));  // never libpq's "for ever"
}

void tst_PostgresAddress::defaultsAreLibpqs()
{
    QString error;
    const auto a = PostgresAddress::parse(QStringLiteral("postgresql://"), &error);
    QVERIFY2(a, qPrintable(error));
    QCOMPARE(a->host, QString());
    QCOMPARE(a->port, 0);
    QCOMPARE(a->user, QString());
    QCOMPARE(a->password, QString());
    QCOMPARE(a->database, QString());
    QCOMPARE(a->options, QStringLiteral("connect_timeout=%1").arg(PostgresAddress::kDefaultConnectTimeoutSeconds));
}

void tst_PostgresAddress::optionsAreChecked_data()
{
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown option") << QStringLiteral("postgresql://h/d?options=-c%20x")
                                    << QStringLiteral("unsupported option \"options\"");
    QTest::newRow("separator smuggled") << QStringLiteral("postgresql://h/d?application_name=a%3Bsslmode%3Ddisable")
                                        << QStringLiteral("option application_name has an unusable value");
    QTest::newRow("timeout 0") << QStringLiteral("postgresql://h/d?connect_timeout=0")
                               << QStringLiteral("connect_timeout must be 1-3600 seconds");
    QTest::newRow("bad sslmode") << QStringLiteral("postgresql://h/d?sslmode=maybe")
                                 << QStringLiteral("unknown sslmode \"maybe\"");
    QTest::newRow("two path parts") << QStringLiteral("postgresql://h/a/b")
                                    << QStringLiteral("the path names one database: \"a/b\"");
    QTest::newRow("port 0") << QStringLiteral("postgresql://h:0/d") << QStringLiteral("port 0 is not a port");
    QTest::newRow("fragment") << QStringLiteral("postgresql://h/d#x")
                              << QStringLiteral("a location has no #fragment");
    QTest::newRow("other scheme") << QStringLiteral("mysql://h/d")
                                  << QStringLiteral("not a postgresql:// location");
    QTest::newRow("huge") << QStringLiteral("postgresql://h/") + QString(5000, QLatin1Char('d'))
                          << QStringLiteral("the location is longer than 4096 characters");
}

void tst_PostgresAddress::optionsAreChecked()
{
    QFETCH(QString, location);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!PostgresAddress::parse(location, &why));
    QCOMPARE(why, error);
}

void tst_PostgresAddress::passwordIsHiddenInLogs()
{
    QCOMPARE(PostgresAddress::display(QStringLiteral("postgresql://parley:hunter2@db:5432/chat")),
             QStringLiteral("postgresql://parley:***@db:5432/chat"));
    QCOMPARE(PostgresAddress::display(QStringLiteral("postgresql://parley@db/chat")),
             QStringLiteral("postgresql://parley@db/chat"));
    QCOMPARE(SqlConnection::displayLocation(QStringLiteral("postgresql://u:pw@h/d")),
             QStringLiteral("postgresql://u:***@h/d"));
    QCOMPARE(SqlConnection::displayLocation(QString()), QStringLiteral(":memory:"));
    QCOMPARE(SqlConnection::displayLocation(QStringLiteral("/var/lib/parley/history.sqlite")),
             QStringLiteral("/var/lib/parley/history.sqlite"));
}

void tst_PostgresAddress::sqlConnectionTellsTheEngines()
{
    QVERIFY(SqlConnection::isPostgresLocation(QStringLiteral("postgresql://h/d")));
    QVERIFY(SqlConnection::isPostgresLocation(QStringLiteral("POSTGRES://h/d")));
    QVERIFY(!SqlConnection::isPostgresLocation(QStringLiteral("/tmp/postgresql://x")));
    QVERIFY(!SqlConnection::isPostgresLocation(QString()));
    SqlConnection sqlite;
    QVERIFY(sqlite.open(QString()));
    QCOMPARE(sqlite.backend(), SqlConnection::Backend::Sqlite);
}

void tst_PostgresAddress::malformedLocationIsAnOpenError()
{
    SqlConnection connection;
    QVERIFY(!connection.open(QStringLiteral("postgresql://u:secret@h/d?sslmode=maybe")));
    QVERIFY(!connection.isOpen());
    QVERIFY2(connection.errorString().contains(QLatin1String("unknown sslmode")),
             qPrintable(connection.errorString()));
    QVERIFY2(!connection.errorString().contains(QLatin1String("secret")),
             qPrintable(connection.errorString()));
}

PARLEY_TEST_GUILESS_MAIN(tst_PostgresAddress)
#include "tst_postgresaddress.moc"
