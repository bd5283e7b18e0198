// The accounts' wire shapes on the client: SignIn → connect payload, Identity and AuthRefusal from
// what the server sends, and WireNumber's checks of numbers before conversion.
#include "authrefusal.h"
#include "identity.h"
#include "signin.h"
#include "testmain.h"
#include "wirenumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {
QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}
QJsonValue value(const char *json)
{
    return QJsonDocument::fromJson(QByteArray("[") + json + "]").array().at(0);
}
} // namespace

class tst_AccountWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wireNumbers_data();
    void wireNumbers();
    void signInPayload_data();
    void signInPayload();
    void identity_data();
    void identity();
    void refusal_data();
    void refusal();
};

void tst_AccountWire::wireNumbers_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<qint64>("expected"); // -1: refused
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::newRow("seq") << QStringLiteral("12") << qint64(12);
    QTest::newRow("2^53") << QStringLiteral("9007199254740992") << qint64(9007199254740992LL);
    QTest::newRow("2^53+2") << QStringLiteral("9007199254740994") << qint64(-1);
    QTest::newRow("2^63") << QStringLiteral("9223372036854775808") << qint64(-1);
    QTest::newRow("1e308") << QStringLiteral("1e308") << qint64(-1);
    QTest::newRow("half") << QStringLiteral("0.5") << qint64(-1);
    QTest::newRow("negative") << QStringLiteral("-3") << qint64(-1);
    QTest::newRow("string") << QStringLiteral("\"12\"") << qint64(-1);
    QTest::newRow("null") << QStringLiteral("null") << qint64(-1);
}

void tst_AccountWire::wireNumbers()
{
    QFETCH(QString, json);
    QFETCH(qint64, expected);
    const std::optional<qint64> n = WireNumber::nonNegative(value(json.toUtf8().constData()));
    QCOMPARE(n.value_or(-1), expected);
    QCOMPARE(WireNumber::positive(value(json.toUtf8().constData())).value_or(-1), expected > 0 ? expected : -1);
}

void tst_AccountWire::signInPayload_data()
{
    QTest::addColumn<SignIn>("signIn");
    QTest::addColumn<QString>("auth");
    SignIn reg;
    reg.method = SignIn::Method::Register;
    reg.username = QStringLiteral("alice");
    reg.password = QStringLiteral("pw");
    reg.displayName = QStringLiteral("Alice");
    reg.invite = QStringLiteral("CODE");
    reg.device = QStringLiteral("laptop");
    SignIn guest;
    guest.method = SignIn::Method::Guest;
    guest.displayName = QStringLiteral("Dana");
    QTest::newRow("none") << SignIn{} << QStringLiteral("{}");
    QTest::newRow("token") << SignIn::withToken(QStringLiteral("t0k"), QStringLiteral("laptop"))
                           << QStringLiteral(R"({"device":"laptop","token":"t0k"})");
    QTest::newRow("password") << SignIn::withPassword(QStringLiteral("alice"), QStringLiteral("pw"))
                              << QStringLiteral(R"({"password":"pw","username":"alice"})");
    QTest::newRow("register") << reg
                              << QStringLiteral(R"({"device":"laptop","displayName":"Alice","invite":"CODE","password":"pw","register":true,"username":"alice"})");
    QTest::newRow("guest") << guest << QStringLiteral(R"({"guest":true,"name":"Dana"})");
}

void tst_AccountWire::signInPayload()
{
    QFETCH(SignIn, signIn);
    QFETCH(QString, auth);
    QCOMPARE(QString::fromUtf8(QJsonDocument(signIn.toAuth()).toJson(QJsonDocument::Compact)), auth);
}

void tst_AccountWire::identity_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<QString>("displayName");
    QTest::newRow("full") << QStringLiteral(R"({"id":12,"username":"alice","displayName":"Alice","admin":true})") << true << qint64(12) << QStringLiteral("Alice");
    QTest::newRow("no display name") << QStringLiteral(R"({"id":3,"username":"bob"})") << true << qint64(3) << QStringLiteral("bob");
    QTest::newRow("id as string") << QStringLiteral(R"({"id":"12","username":"alice"})") << false << qint64(0) << QString();
    QTest::newRow("fractional id") << QStringLiteral(R"({"id":1.5,"username":"alice"})") << false << qint64(0) << QString();
    QTest::newRow("huge id") << QStringLiteral(R"({"id":1e300,"username":"alice"})") << false << qint64(0) << QString();
    QTest::newRow("no username") << QStringLiteral(R"({"id":12})") << false << qint64(0) << QString();
    QTest::newRow("zero id") << QStringLiteral(R"({"id":0,"username":"x"})") << false << qint64(0) << QString();
}

void tst_AccountWire::identity()
{
    QFETCH(QString, user);
    QFETCH(bool, valid);
    QFETCH(qint64, id);
    QFETCH(QString, displayName);
    const std::optional<Identity> i = Identity::fromJson(object(user.toUtf8().constData()));
    QCOMPARE(i.has_value(), valid);
    if (valid) {
        QCOMPARE(i->userId, id);
        QCOMPARE(i->displayName, displayName);
        QVERIFY(i->isValid());
    }
}

void tst_AccountWire::refusal_data()
{
    QTest::addColumn<QString>("data");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<qint64>("retryAfterMs");
    QTest::addColumn<bool>("tokenRejected");
    QTest::newRow("bare string (stock server)") << QStringLiteral(R"("nope")") << QString() << qint64(0) << false;
    QTest::newRow("expired token") << QStringLiteral(R"({"message":"Your session expired","reason":"token expired"})") << QStringLiteral("token expired") << qint64(0) << true;
    QTest::newRow("throttled") << QStringLiteral(R"({"message":"wait","reason":"throttled","retryAfterMs":4000})") << QStringLiteral("throttled") << qint64(4000) << false;
    QTest::newRow("throttled, silly delay") << QStringLiteral(R"({"reason":"throttled","retryAfterMs":-1e300})") << QStringLiteral("throttled") << qint64(0) << false;
    QTest::newRow("auth required") << QStringLiteral(R"({"reason":"auth required"})") << QStringLiteral("auth required") << qint64(0) << true;
}

void tst_AccountWire::refusal()
{
    QFETCH(QString, data);
    QFETCH(QString, reason);
    QFETCH(qint64, retryAfterMs);
    QFETCH(bool, tokenRejected);
    const AuthRefusal r = AuthRefusal::fromJson(value(data.toUtf8().constData()));
    QCOMPARE(r.reason, reason);
    QCOMPARE(r.retryAfterMs, retryAfterMs);
    QCOMPARE(r.tokenRejected(), tokenRejected);
}

PARLEY_TEST_GUILESS_MAIN(tst_AccountWire)
#include "tst_accountwire.moc"
