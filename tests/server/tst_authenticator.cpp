// Authenticator with a real AccountStore in memory and libsodium's cheapest hashing, no socket:
// every way to sign in and every refusal, the throttles on a clock the test moves, the bound on
// password checks, and a session that goes away while its password is checked.

#include "authenticator.h"
#include "issuedtoken.h"
#include "testmain.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace std::chrono_literals;
using Outcome = Authenticator::Outcome;

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QHostAddress kHere(QStringLiteral("192.0.2.1"));
const QHostAddress kThere(QStringLiteral("198.51.100.7"));

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class tst_Authenticator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void addressKey_data();
    void addressKey();
    void refusals_data();
    void refusals();
    void tokenSignsIn();
    void passwordSignsInOffThisThread();
    void signUpOpen();
    void signUpByInvite();
    void inviteNotSpentOnATakenName();
    void guestsGetAnIdAndAToken();
    void disabledAccountSaysSoOnlyToTheRightPassword();
    void throttledPerAccountAndPerAddress();
    void passwordChecksAreBounded();
    void goneReceiverGetsNothingButItsFailureCounts();
    void newAccountsThrottledPerAddress();
    void describeHasWords();

private:
    //! (Re)builds the store with alice (password kPassword) and an authenticator on \a settings.
    void rebuild(ServerSettings settings)
    {
        m_auth.reset();
        m_store = std::make_unique<AccountStore>(storeSettings());
        QVERIFY(m_store->open(QString()));
        m_alice = m_store->createAccount(QStringLiteral("alice"), QStringLiteral("Alice"), kPassword, false).value;
        QVERIFY(m_alice.id > 0);
        settings.passwordHashing = PasswordHasher::fastestSettings();
        settings.signInThrottle.clock = [this] { return m_now; };
        settings.newAccountThrottle.clock = [this] { return m_now; };
        m_auth = std::make_unique<Authenticator>(settings, m_store.get());
    }
    AccountStore::Settings storeSettings() const
    {
        AccountStore::Settings s;
        s.hashing = PasswordHasher::fastestSettings();
        return s;
    }
    //! Signs in with \a auth from \a peer and waits for the outcome.
    Outcome run(const QJsonObject &auth, const QHostAddress &peer = kHere)
    {
        std::optional<Outcome> got;
        m_auth->signIn(auth, peer, this, [&got](const Outcome &o) { got = o; });
        if (!QTest::qWaitFor([&got] { return got.has_value(); }, 5000))
            return Outcome{{}, {}, {}, QStringLiteral("test: no outcome"), 0};
        return *got;
    }
    ServerSettings withInvites() const
    {
        ServerSettings s;
        s.registration = ServerSettings::Registration::Invite;
        return s;
    }

    std::unique_ptr<AccountStore> m_store;
    std::unique_ptr<Authenticator> m_auth;
    AccountStore::Account m_alice;
    qint64 m_now = 1'000'000;
};

void tst_Authenticator::init()
{
    m_now = 1'000'000;
    rebuild(ServerSettings());
}

void tst_Authenticator::cleanup()
{
    m_auth.reset();
    m_store.reset();
}

void tst_Authenticator::addressKey_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("key");
    QTest::newRow("IPv4") << QStringLiteral("192.0.2.1") << QStringLiteral("192.0.2.1");
    QTest::newRow("IPv4-mapped IPv6") << QStringLiteral("::ffff:192.0.2.1") << QStringLiteral("192.0.2.1");
    QTest::newRow("IPv6: its /64") << QStringLiteral("2001:db8:1:2:3:4:5:6") << QStringLiteral("2001:db8:1:2::/64");
    QTest::newRow("same /64, other host") << QStringLiteral("2001:db8:1:2::ffff") << QStringLiteral("2001:db8:1:2::/64");
    QTest::newRow("next /64") << QStringLiteral("2001:db8:1:3::1") << QStringLiteral("2001:db8:1:3::/64");
    QTest::newRow("loopback") << QStringLiteral("::1") << QStringLiteral("::/64");
}

void tst_Authenticator::addressKey()
{
    QFETCH(QString, address);
    QFETCH(QString, key);
    QCOMPARE(Authenticator::addressKey(QHostAddress(address)), key);
}

void tst_Authenticator::refusals_data()
{
    QTest::addColumn<bool>("guests");
    QTest::addColumn<int>("registration");
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QString>("reason");
    const int open = int(ServerSettings::Registration::Open);
    const int invite = int(ServerSettings::Registration::Invite);
    const int closed = int(ServerSettings::Registration::Closed);
    const QString required = QStringLiteral("auth required");
    const QString invalid = QStringLiteral("invalid credentials");

    QTest::newRow("no guests: nothing") << false << open << QJsonObject() << required;
    QTest::newRow("no guests: a name") << false << open << obj(R"({"name":"alice"})") << required;
    QTest::newRow("no guests: a guest") << false << open << obj(R"({"guest":true,"name":"x"})") << required;
    QTest::newRow("unknown token") << true << open << QJsonObject{{QLatin1String("token"), IssuedToken::generate()}}
                                   << QStringLiteral("invalid token");
    QTest::newRow("malformed token") << true << open << obj(R"({"token":"let me in"})") << QStringLiteral("invalid token");
    QTest::newRow("token not a string") << true << open << obj(R"({"token":5})") << QStringLiteral("invalid token");
    QTest::newRow("wrong password") << true << open << obj(R"({"username":"alice","password":"wrong"})") << invalid;
    QTest::newRow("unknown name") << true << open << obj(R"({"username":"bob","password":"wrong"})") << invalid;
    QTest::newRow("name not a string") << true << open << obj(R"({"username":5,"password":"x"})") << invalid;
    QTest::newRow("no password") << true << open << obj(R"({"username":"alice"})") << invalid;
    QTest::newRow("empty password") << true << open << obj(R"({"username":"alice","password":""})") << invalid;
    QTest::newRow("huge name") << true << open
                               << QJsonObject{{QLatin1String("username"), QString(5000, QLatin1Char('a'))},
                                              {QLatin1String("password"), kPassword}}
                               << invalid;
    QTest::newRow("closed") << true << closed << obj(R"({"register":true,"username":"bob","password":"pw"})")
                            << QStringLiteral("registration closed");
    QTest::newRow("closed, with an invite") << true << closed
                                            << obj(R"({"register":true,"username":"bob","password":"pw","invite":"x"})")
                                            << QStringLiteral("registration closed");
    QTest::newRow("invite missing") << true << invite << obj(R"({"register":true,"username":"bob","password":"pw"})")
                                    << QStringLiteral("invite required");
    QTest::newRow("invite unknown") << true << invite
                                    << obj(R"({"register":true,"username":"bob","password":"pw","invite":"AAAAAAAAAAAAAAAAAAAAAA"})")
                                    << QStringLiteral("invalid invite");
    QTest::newRow("taken") << true << open << obj(R"({"register":true,"username":"ALICE","password":"pw"})")
                           << QStringLiteral("username taken");
    QTest::newRow("taken, fullwidth") << true << open
                                      << QJsonObject{{QLatin1String("register"), true},
                                                     {QLatin1String("username"), QString::fromUtf8("ａｌｉｃｅ")},
                                                     {QLatin1String("password"), kPassword}}
                                      << QStringLiteral("username taken");
    QTest::newRow("look-alike, Cyrillic a") << true << open
                                            << QJsonObject{{QLatin1String("register"), true},
                                                           {QLatin1String("username"), QString::fromUtf8("\xD0\xB0lice")},
                                                           {QLatin1String("password"), kPassword}}
                                            << QStringLiteral("username mixes scripts");
    QTest::newRow("a guest's name") << true << open << obj(R"({"register":true,"username":"guest-1","password":"pw"})")
                                    << QStringLiteral("username reserved");
    QTest::newRow("no username") << true << open << obj(R"({"register":true,"password":"pw"})")
                                 << QStringLiteral("username empty");
    QTest::newRow("no password to sign up") << true << open << obj(R"({"register":true,"username":"bob"})")
                                            << QStringLiteral("password empty");
    QTest::newRow("long password") << true << open
                                   << QJsonObject{{QLatin1String("register"), true},
                                                  {QLatin1String("username"), QStringLiteral("bob")},
                                                  {QLatin1String("password"), QString(2000, QLatin1Char('p'))}}
                                   << QStringLiteral("password too long");
    QTest::newRow("guest's name a number") << true << open << obj(R"({"name":42})") << QStringLiteral("invalid name");
    QTest::newRow("guest's name too long") << true << open
                                           << QJsonObject{{QLatin1String("name"), QString(65, QLatin1Char('n'))}}
                                           << QStringLiteral("name too long");
    QTest::newRow("guest's name a control") << true << open << obj(R"({"guest":true,"name":"a\u0007"})")
                                            << QStringLiteral("invalid name");
}

void tst_Authenticator::refusals()
{
    QFETCH(bool, guests);
    QFETCH(int, registration);
    QFETCH(QJsonObject, auth);
    QFETCH(QString, reason);
    ServerSettings settings;
    settings.guests = guests;
    settings.registration = ServerSettings::Registration(registration);
    rebuild(settings);
    const Outcome outcome = run(auth);
    QCOMPARE(outcome.error, reason);
    QCOMPARE(outcome.account.id, 0);
    QVERIFY(outcome.newToken.isEmpty());
    QCOMPARE(m_store->listTokens(m_alice.id).value.size(), 0);
    QCOMPARE(m_store->findAccount(QStringLiteral("bob")).error, QStringLiteral("unknown account"));
}

void tst_Authenticator::tokenSignsIn()
{
    const QString token = m_store->issueToken(m_alice.id, QStringLiteral("phone"), 1h).value;
    const Outcome outcome = run(QJsonObject{{QLatin1String("token"), token}});
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.account.id, m_alice.id);
    QCOMPARE(outcome.tokenId, IssuedToken::idOf(IssuedToken::hashOf(token)));
    QVERIFY(outcome.newToken.isEmpty()); // it has one
    // A token wins over whatever else the object holds.
    const Outcome mixed = run(QJsonObject{{QLatin1String("token"), token},
                                          {QLatin1String("username"), QStringLiteral("bob")},
                                          {QLatin1String("guest"), true}});
    QCOMPARE(mixed.account.id, m_alice.id);
}

void tst_Authenticator::passwordSignsInOffThisThread()
{
    std::optional<Outcome> got;
    m_auth->signIn(obj(R"({"username":"ALICE","password":"correct horse battery","device":"laptop"})"),
                   kHere, this, [&got](const Outcome &o) { got = o; });
    QVERIFY(!got);                               // not hashed on the caller's thread
    QCOMPARE(m_auth->passwordChecksInFlight(), 1);
    QTRY_VERIFY(got);
    QCOMPARE(m_auth->passwordChecksInFlight(), 0);
    QCOMPARE(got->error, QString());
    QCOMPARE(got->account.id, m_alice.id);
    QCOMPARE(got->account.displayName, QStringLiteral("Alice"));
    QCOMPARE(m_store->accountForToken(got->newToken).value.id, m_alice.id);
    QCOMPARE(got->tokenId, IssuedToken::idOf(IssuedToken::hashOf(got->newToken)));
    const QList<AccountStore::TokenInfo> tokens = m_store->listTokens(m_alice.id).value;
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(tokens.constFirst().deviceLabel, QStringLiteral("laptop"));
}

void tst_Authenticator::signUpOpen()
{
    const Outcome outcome = run(obj(R"({"register":true,"username":"Bob","password":"pw","displayName":" Bob B. "})"));
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.account.username, QStringLiteral("Bob"));
    QCOMPARE(outcome.account.displayName, QStringLiteral("Bob B."));
    QVERIFY(!outcome.account.isGuest);
    QVERIFY(!outcome.account.isAdmin);
    QCOMPARE(m_store->accountForToken(outcome.newToken).value.id, outcome.account.id);
    QCOMPARE(m_store->verifyPassword(QStringLiteral("bob"), QStringLiteral("pw")).value.id, outcome.account.id);
}

void tst_Authenticator::signUpByInvite()
{
    rebuild(withInvites());
    const QString code = m_store->createInvite(0, 2, 1h).value.code;
    QJsonObject auth = obj(R"({"register":true,"username":"bob","password":"pw"})");
    auth.insert(QLatin1String("invite"), code);
    QCOMPARE(run(auth).error, QString());
    auth.insert(QLatin1String("username"), QStringLiteral("carol"));
    QCOMPARE(run(auth).error, QString());
    auth.insert(QLatin1String("username"), QStringLiteral("dave"));
    QCOMPARE(run(auth).error, QStringLiteral("invite used up"));
    QCOMPARE(m_store->findAccount(QStringLiteral("dave")).error, QStringLiteral("unknown account"));
}

void tst_Authenticator::inviteNotSpentOnATakenName()
{
    rebuild(withInvites());
    const QString code = m_store->createInvite(0, 1, 1h).value.code;
    QJsonObject auth = obj(R"({"register":true,"username":"alice","password":"pw"})");
    auth.insert(QLatin1String("invite"), code);
    QCOMPARE(run(auth).error, QStringLiteral("username taken")); // before hashing

    // Taken while the password was hashed: found out before the invite is spent.
    auth.insert(QLatin1String("username"), QStringLiteral("bob"));
    std::optional<Outcome> got;
    m_auth->signIn(auth, kHere, this, [&got](const Outcome &o) { got = o; });
    QVERIFY(!got);
    QVERIFY(m_store->createAccount(QStringLiteral("Bob"), QString(), kPassword, false).ok());
    QTRY_VERIFY(got);
    QCOMPARE(got->error, QStringLiteral("username taken"));
    QCOMPARE(m_store->redeemInvite(code), QString()); // still unused
}

void tst_Authenticator::guestsGetAnIdAndAToken()
{
    const Outcome first = run(obj(R"({"guest":true,"name":"  Dana "})"));
    QCOMPARE(first.error, QString());
    QVERIFY(first.account.isGuest);
    QCOMPARE(first.account.displayName, QStringLiteral("Dana"));
    QCOMPARE(first.account.username, QStringLiteral("guest-%1").arg(first.account.id));
    QVERIFY(!first.newToken.isEmpty());
    // Another "Dana" is another guest; the token brings the first one back.
    const Outcome other = run(obj(R"({"name":"Dana"})"));
    QVERIFY(other.account.id != first.account.id);
    QCOMPARE(other.account.displayName, QStringLiteral("Dana"));
    const Outcome back = run(QJsonObject{{QLatin1String("token"), first.newToken}});
    QCOMPARE(back.account.id, first.account.id);
    // A guest who claims a registered name is still only a guest of that name.
    const Outcome claim = run(obj(R"({"name":"alice"})"));
    QVERIFY(claim.account.isGuest);
    QVERIFY(claim.account.id != m_alice.id);
    QCOMPARE(claim.account.displayName, QStringLiteral("alice"));
}

void tst_Authenticator::disabledAccountSaysSoOnlyToTheRightPassword()
{
    QCOMPARE(m_store->setDisabled(m_alice.id, true), QString());
    QCOMPARE(run(obj(R"({"username":"alice","password":"wrong"})")).error, QStringLiteral("invalid credentials"));
    QCOMPARE(run(obj(R"({"username":"alice","password":"correct horse battery"})")).error,
             QStringLiteral("account disabled"));
    QCOMPARE(m_store->listTokens(m_alice.id).value.size(), 0);
}

void tst_Authenticator::throttledPerAccountAndPerAddress()
{
    ServerSettings settings;
    settings.signInThrottle.freeFailures = 1;
    settings.signInThrottle.baseDelay = 1000ms;
    rebuild(settings);
    QVERIFY(m_store->createAccount(QStringLiteral("bob"), QString(), kPassword, false).ok());
    const QJsonObject wrongAlice = obj(R"({"username":"alice","password":"wrong"})");
    const QJsonObject rightAlice = obj(R"({"username":"Alice","password":"correct horse battery"})");
    const QJsonObject rightBob = obj(R"({"username":"bob","password":"correct horse battery"})");
    QCOMPARE(run(wrongAlice).error, QStringLiteral("invalid credentials")); // free
    QCOMPARE(run(wrongAlice).error, QStringLiteral("invalid credentials")); // counted: 1 s now

    const Outcome throttled = run(rightAlice); // even the right password waits
    QCOMPARE(throttled.error, QStringLiteral("throttled"));
    QCOMPARE(throttled.retryAfterMs, 1000);
    QCOMPARE(run(rightAlice, kThere).error, QStringLiteral("throttled")); // the account, elsewhere
    QCOMPARE(run(rightBob).error, QStringLiteral("throttled"));           // the address, another account
    QCOMPARE(run(rightBob, kThere).error, QString());

    m_now += 999;
    QCOMPARE(run(rightAlice).retryAfterMs, 1);
    m_now += 1;
    QCOMPARE(run(rightAlice).error, QString());
    QCOMPARE(run(rightAlice, kThere).error, QString()); // a success cleared the account
}

void tst_Authenticator::passwordChecksAreBounded()
{
    ServerSettings settings;
    settings.maxPasswordChecks = 2;
    settings.maxPasswordChecksPerAddress = 1;
    settings.busyRetry = 1500ms;
    rebuild(settings);
    const QJsonObject right = obj(R"({"username":"alice","password":"correct horse battery"})");
    QList<Outcome> outcomes;
    const auto collect = [&outcomes](const Outcome &o) { outcomes << o; };
    m_auth->signIn(right, kHere, this, collect);
    m_auth->signIn(right, kHere, this, collect);  // one per address: refused at once
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.at(0).error, QStringLiteral("throttled"));
    QCOMPARE(outcomes.at(0).retryAfterMs, 1500);
    m_auth->signIn(right, kThere, this, collect); // another address: runs
    m_auth->signIn(right, QHostAddress(QStringLiteral("203.0.113.9")), this, collect); // two in all
    QCOMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes.at(1).error, QStringLiteral("throttled"));
    QCOMPARE(m_auth->passwordChecksInFlight(), 2);
    QTRY_COMPARE(outcomes.size(), 4);
    QCOMPARE(outcomes.at(2).error, QString());
    QCOMPARE(outcomes.at(3).error, QString());
    QCOMPARE(m_auth->passwordChecksInFlight(), 0);
    QCOMPARE(run(right).error, QString()); // free again
}

void tst_Authenticator::goneReceiverGetsNothingButItsFailureCounts()
{
    ServerSettings settings;
    settings.signInThrottle.freeFailures = 0;
    rebuild(settings);
    bool called = false;
    auto receiver = std::make_unique<QObject>();
    m_auth->signIn(obj(R"({"username":"alice","password":"wrong"})"), kHere, receiver.get(),
                   [&called](const Outcome &) { called = true; });
    receiver.reset(); // the session closed its socket at once
    QTRY_COMPARE(m_auth->passwordChecksInFlight(), 0);
    QVERIFY(!called);
    QCOMPARE(run(obj(R"({"username":"alice","password":"correct horse battery"})")).error,
             QStringLiteral("throttled"));

    // A sign-up nobody waits for makes no account.
    receiver = std::make_unique<QObject>();
    m_auth->signIn(obj(R"({"register":true,"username":"bob","password":"pw"})"), kThere,
                   receiver.get(), [&called](const Outcome &) { called = true; });
    receiver.reset();
    QTRY_COMPARE(m_auth->passwordChecksInFlight(), 0);
    QVERIFY(!called);
    QCOMPARE(m_store->findAccount(QStringLiteral("bob")).error, QStringLiteral("unknown account"));
}

void tst_Authenticator::newAccountsThrottledPerAddress()
{
    ServerSettings settings;
    settings.newAccountThrottle.freeFailures = 1; // one free, the next counted: then a wait
    rebuild(settings);
    QCOMPARE(run(obj(R"({"name":"a"})")).error, QString());
    QCOMPARE(run(obj(R"({"register":true,"username":"bob","password":"pw"})")).error, QString());
    const Outcome third = run(obj(R"({"name":"c"})"));
    QCOMPARE(third.error, QStringLiteral("throttled"));
    QVERIFY(third.retryAfterMs > 0);
    QCOMPARE(run(obj(R"({"register":true,"username":"carol","password":"pw"})")).error, QStringLiteral("throttled"));
    QCOMPARE(run(obj(R"({"name":"c"})"), kThere).error, QString());
    // Signing in is not making an account.
    QCOMPARE(run(obj(R"({"username":"alice","password":"correct horse battery"})")).error, QString());
}

void tst_Authenticator::describeHasWords()
{
    for (const char *reason : {"auth required", "invalid token", "token expired", "invalid credentials",
                               "account disabled", "throttled", "registration closed", "invite required",
                               "invalid invite", "invite expired", "invite used up", "username taken",
                               "storage failure"}) {
        const QString text = Authenticator::describe(QLatin1String(reason));
        QVERIFY2(!text.isEmpty() && text != QLatin1String(reason), reason);
    }
    QCOMPARE(Authenticator::describe(QStringLiteral("username mixes scripts")),
             QStringLiteral("username mixes scripts"));
}

PARLEY_TEST_GUILESS_MAIN(tst_Authenticator)
#include "tst_authenticator.moc"
