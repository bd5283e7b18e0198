// AccountStore on a clock the test moves, with libsodium's cheapest hashing: accounts and guests,
// sign-in (whole and in steps), tokens (issue, use, expire, list, revoke, bound), pruning, and
// what the file holds. Invites: tst_accountstore_invites.

#include "accountstoretestbase.h"
#include "issuedtoken.h"
#include "testmain.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <limits>

using namespace std::chrono_literals;

class tst_AccountStore : public AccountStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void createAndSignIn();
    void usernameTaken_data();
    void usernameTaken();
    void createRefused_data();
    void createRefused();
    void displayName_data();
    void displayName();
    void idsAreNeverReused();
    void databaseRestartIsSurvived();
    void guests();
    void verifyPassword_data();
    void verifyPassword();
    void disabledAccount();
    void weakHashReplacedAtSignIn();
    void signInInSteps();
    void checkNewAccount_data();
    void checkNewAccount();
    void tokenOnlyAccount();
    void tokenSignsIn();
    void tokenRefused_data();
    void tokenRefused();
    void tokenExpiresAtItsTime();
    void tokenLifetime_data();
    void tokenLifetime();
    void listTokens();
    void revokeToken_data();
    void revokeToken();
    void tokensPerAccountBounded();
    void pruneExpired();
    void secretsNeverStored();
    void lastSeenIsKept();
    void notOpenFailsSoftly();
};

void tst_AccountStore::createAndSignIn()
{
    QCOMPARE(m_store->schemaVersion(), AccountStore::kSchemaVersion);
    const AccountStore::Result<Account> created =
            m_store->createAccount(u("Alice"), u("Alice Liddell"), kPassword, true);
    QCOMPARE(created.error, QString());
    QVERIFY(created.value.id > 0);
    QCOMPARE(created.value.username, u("Alice"));
    QCOMPARE(created.value.displayName, u("Alice Liddell"));
    QVERIFY(created.value.isAdmin);
    QVERIFY(!created.value.isGuest);
    QCOMPARE(created.value.createdMs, m_now);

    const AccountStore::Result<Account> signedIn = m_store->verifyPassword(u("alice"), kPassword);
    QCOMPARE(signedIn.error, QString());
    QCOMPARE(signedIn.value.id, created.value.id);
    QCOMPARE(signedIn.value.username, u("Alice"));
    QCOMPARE(signedIn.value.displayName, u("Alice Liddell"));
    QVERIFY(signedIn.value.isAdmin);
    QCOMPARE(signedIn.value.createdMs, m_now);

    const AccountStore::Result<Account> byId = m_store->account(created.value.id);
    QCOMPARE(byId.value.username, u("Alice"));
    QCOMPARE(m_store->account(created.value.id + 1).error, QStringLiteral("unknown account"));
    QCOMPARE(m_store->findAccount(u("ａｌｉｃｅ")).value.id, created.value.id);
    QCOMPARE(m_store->findAccount(u("bob")).error, QStringLiteral("unknown account"));
    QCOMPARE(m_store->findAccount(QString(1000, QLatin1Char('a'))).error, QStringLiteral("unknown account"));
}

void tst_AccountStore::usernameTaken_data()
{
    QTest::addColumn<QString>("second");
    QTest::addColumn<QString>("error");
    QTest::newRow("same") << u("alice") << QStringLiteral("username taken");
    QTest::newRow("capitals") << u("ALICE") << QStringLiteral("username taken");
    QTest::newRow("fullwidth") << u("ａｌｉｃｅ") << QStringLiteral("username taken");
    QTest::newRow("Cyrillic, distinct") << u("алиса") << QString();
    QTest::newRow("another") << u("alice2") << QString();
}

void tst_AccountStore::usernameTaken()
{
    QFETCH(QString, second);
    QFETCH(QString, error);
    QVERIFY(create(u("alice")).id > 0);
    QCOMPARE(m_store->createAccount(second, QString(), kPassword, false).error, error);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM accounts")).toInt(), error.isEmpty() ? 2 : 1);
}

void tst_AccountStore::createRefused_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("error");
    QTest::newRow("too short") << u("a") << kPassword << QStringLiteral("username too short");
    QTest::newRow("guest's name") << u("guest-1") << kPassword << QStringLiteral("username reserved");
    QTest::newRow("zero width") << u("ali\xE2\x80\x8B" "ce") << kPassword
                                << QStringLiteral("username has a character that is not allowed");
    QTest::newRow("empty password") << u("alice") << QString() << QStringLiteral("password empty");
    QTest::newRow("long password") << u("alice") << QString(1025, QLatin1Char('p'))
                                   << QStringLiteral("password too long");
}

void tst_AccountStore::createRefused()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, error);
    const AccountStore::Result<Account> r = m_store->createAccount(username, u("x"), password, false);
    QCOMPARE(r.error, error);
    QCOMPARE(r.value.id, 0);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM accounts")).toInt(), 0);
}

void tst_AccountStore::displayName_data()
{
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("stored");
    QTest::newRow("plain") << u("Alice L.") << u("Alice L.");
    QTest::newRow("cleaned") << u("  Alice\xE2\x80\xAE  L. ") << u("Alice L.");
    QTest::newRow("empty: the username") << QString() << u("Alice");
    QTest::newRow("invisible only: the username") << u("\xE2\x80\x8B\xE3\x85\xA4") << u("Alice");
}

void tst_AccountStore::displayName()
{
    QFETCH(QString, displayName);
    QFETCH(QString, stored);
    const AccountStore::Result<Account> r = m_store->createAccount(u("Alice"), displayName, kPassword, false);
    QCOMPARE(r.value.displayName, stored);
    QCOMPARE(m_store->account(r.value.id).value.displayName, stored);
}

void tst_AccountStore::databaseRestartIsSurvived()
{
    if (!TestDatabase::isPostgres())
        QSKIP("a PostgreSQL server restart");
    const qint64 alice = create(u("alice")).id;
    QVERIFY(alice > 0);
    QVERIFY(TestDatabase::restartServer());
    // The first statement finds the link gone, connects again and is run on the new link.
    QCOMPARE(m_store->account(alice).value.username, u("alice"));
    QVERIFY(create(u("bob")).id > alice);
    QCOMPARE(m_store->verifyPassword(u("bob"), kPassword).error, QString());
}

void tst_AccountStore::idsAreNeverReused()
{
    QCOMPARE(create(u("first")).id, 1);
    QCOMPARE(create(u("second")).id, 2);
    {
        SqlConnection raw;
        QVERIFY(raw.open(m_path));
        QVERIFY(raw.execute(QStringLiteral("DELETE FROM accounts WHERE id = 2")));
    }

    QCOMPARE(create(u("third")).id, 3);
    QCOMPARE(m_store->createGuest(u("g")).value.id, 4);
    openStore(); // and after a restart
    QCOMPARE(create(u("fourth")).id, 5);
}

void tst_AccountStore::guests()
{
    QVERIFY(create(u("alice")).id > 0);
    const AccountStore::Result<Account> first = m_store->createGuest(u(" Bob\xE2\x80\x8F "));
    const AccountStore::Result<Account> second = m_store->createGuest(QString());
    QCOMPARE(first.error, QString());
    QCOMPARE(second.error, QString());
    QVERIFY(first.value.isGuest);
    QVERIFY(!first.value.isAdmin);
    QCOMPARE(first.value.username, QStringLiteral("guest-%1").arg(first.value.id));
    QCOMPARE(first.value.displayName, u("Bob"));
    QCOMPARE(second.value.username, QStringLiteral("guest-%1").arg(second.value.id));
    QCOMPARE(second.value.displayName, second.value.username);
    QVERIFY(second.value.id > first.value.id);
    QVERIFY(m_store->account(first.value.id).value.isGuest);

    // A guest has no password to sign in with; no one can register a guest's name.
    QCOMPARE(m_store->verifyPassword(first.value.username, QString()).error,
             QStringLiteral("invalid credentials"));
    QCOMPARE(m_store->verifyPassword(first.value.username, u("guess")).error,
             QStringLiteral("invalid credentials"));
    QCOMPARE(m_store->createAccount(second.value.username, QString(), kPassword, false).error,
             QStringLiteral("username reserved"));
    // A guest signs in again with its token.
    const QString token = m_store->issueToken(first.value.id, u("laptop"), 1h).value;
    QCOMPARE(m_store->accountForToken(token).value.id, first.value.id);
}

void tst_AccountStore::verifyPassword_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("error");
    const QString invalid = QStringLiteral("invalid credentials");
    QTest::newRow("right") << u("alice") << kPassword << QString();
    QTest::newRow("name in capitals") << u("ALICE") << kPassword << QString();
    QTest::newRow("name fullwidth") << u("ａｌｉｃｅ") << kPassword << QString();
    QTest::newRow("wrong password") << u("alice") << u("hunter3") << invalid;
    QTest::newRow("password in capitals") << u("alice") << kPassword.toUpper() << invalid;
    QTest::newRow("empty password") << u("alice") << QString() << invalid;
    QTest::newRow("unknown name") << u("bob") << kPassword << invalid;
    QTest::newRow("empty name") << QString() << kPassword << invalid;
    QTest::newRow("huge name") << QString(100000, QLatin1Char('a')) << kPassword << invalid;
}

void tst_AccountStore::verifyPassword()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, error);
    const qint64 id = create(u("alice")).id;
    const AccountStore::Result<Account> r = m_store->verifyPassword(username, password);
    QCOMPARE(r.error, error);
    QCOMPARE(r.value.id, error.isEmpty() ? id : 0);
}

void tst_AccountStore::disabledAccount()
{
    const qint64 id = create(u("alice")).id;
    const QString token = m_store->issueToken(id, u("phone"), 1h).value;
    QCOMPARE(m_store->setDisabled(id, true), QString());
    QVERIFY(m_store->account(id).value.disabled);
    QCOMPARE(m_store->verifyPassword(u("alice"), kPassword).error, QStringLiteral("account disabled"));
    QCOMPARE(m_store->verifyPassword(u("alice"), u("wrong")).error, QStringLiteral("invalid credentials"));
    QCOMPARE(m_store->accountForToken(token).error, QStringLiteral("account disabled"));
    QCOMPARE(m_store->issueToken(id, u("tablet"), 1h).error, QStringLiteral("account disabled"));
    QCOMPARE(m_store->setDisabled(id, false), QString());
    QCOMPARE(m_store->verifyPassword(u("alice"), kPassword).error, QString());
    QCOMPARE(m_store->accountForToken(token).error, QString());
    QCOMPARE(m_store->setDisabled(id + 1, true), QStringLiteral("unknown account"));
}

void tst_AccountStore::weakHashReplacedAtSignIn()
{
    create(u("alice"));
    const QString weak = fileValue(QStringLiteral("SELECT password_hash FROM accounts")).toString();
    QVERIFY(weak.contains(QLatin1String("t=1,")));
    AccountStore::Settings stronger = settings();
    stronger.hashing.opsLimit = PasswordHasher::kMinOpsLimit + 1;
    openStore(stronger);
    QCOMPARE(m_store->verifyPassword(u("alice"), u("wrong")).error, QStringLiteral("invalid credentials"));
    QCOMPARE(fileValue(QStringLiteral("SELECT password_hash FROM accounts")).toString(), weak);
    QCOMPARE(m_store->verifyPassword(u("alice"), kPassword).error, QString());
    const QString rehashed = fileValue(QStringLiteral("SELECT password_hash FROM accounts")).toString();
    QVERIFY(rehashed.contains(QLatin1String("t=2,")));
    QCOMPARE(m_store->verifyPassword(u("alice"), kPassword).error, QString());
}

void tst_AccountStore::signInInSteps()
{
    // What the server's Authenticator does around its worker thread: read, verify, store.
    const qint64 id = create(u("alice")).id;
    const AccountStore::Result<AccountStore::PasswordRecord> record = m_store->passwordRecord(u("ALICE"));
    QCOMPARE(record.error, QString());
    QCOMPARE(record.value.account.id, id);
    const PasswordHasher hasher(PasswordHasher::fastestSettings());
    QVERIFY(hasher.verify(record.value.hash, kPassword));
    QVERIFY(!hasher.verify(record.value.hash, u("wrong")));

    const QString invalid = QStringLiteral("invalid credentials");
    QCOMPARE(m_store->passwordRecord(u("bob")).error, invalid);
    QCOMPARE(m_store->passwordRecord(QString(1000, QLatin1Char('a'))).error, invalid);
    const Account guest = m_store->createGuest(u("Dana")).value;
    QCOMPARE(m_store->passwordRecord(guest.username).error, invalid);
    // A disabled account's record is read: "disabled" is said only after the password matched.
    QCOMPARE(m_store->setDisabled(id, true), QString());
    QVERIFY(m_store->passwordRecord(u("alice")).value.account.disabled);

    const QByteArray newHash = hasher.hash(u("another password")).hash;
    QCOMPARE(m_store->storePasswordHash(id, newHash), QString());
    QCOMPARE(m_store->passwordRecord(u("alice")).value.hash, newHash);
    QCOMPARE(m_store->storePasswordHash(id + 100, newHash), QStringLiteral("unknown account"));
}

void tst_AccountStore::checkNewAccount_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("error");
    QTest::newRow("free") << u("bob") << kPassword << QString();
    QTest::newRow("taken") << u("Alice") << kPassword << QStringLiteral("username taken");
    QTest::newRow("taken, fullwidth") << u("ａｌｉｃｅ") << kPassword << QStringLiteral("username taken");
    QTest::newRow("mixed scripts") << u("\xD0\xB0lice") << kPassword << QStringLiteral("username mixes scripts");
    QTest::newRow("guest's") << u("guest-7") << kPassword << QStringLiteral("username reserved");
    QTest::newRow("empty password") << u("bob") << QString() << QStringLiteral("password empty");
}

void tst_AccountStore::checkNewAccount()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    QFETCH(QString, error);
    create(u("alice"));
    QCOMPARE(m_store->checkNewAccount(username, password), error);
    if (!error.startsWith(QLatin1String("password")))
        QCOMPARE(m_store->checkUsername(username), error);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM accounts")).toInt(), 1);
}

void tst_AccountStore::tokenOnlyAccount()
{
    const AccountStore::Result<Account> made =
            m_store->createAccountWithHash(u("Owner"), u("The Owner"), QByteArray(), true);
    QCOMPARE(made.error, QString());
    QVERIFY(made.value.isAdmin);
    QCOMPARE(made.value.displayName, u("The Owner"));
    // No password signs in to it, not even an empty one; a token does.
    QCOMPARE(m_store->verifyPassword(u("owner"), QString()).error, QStringLiteral("invalid credentials"));
    QCOMPARE(m_store->verifyPassword(u("owner"), kPassword).error, QStringLiteral("invalid credentials"));
    const QString token = m_store->issueToken(made.value.id, u("app"), 1h).value;
    QCOMPARE(m_store->accountForToken(token).value.id, made.value.id);
    QCOMPARE(m_store->createAccountWithHash(u("OWNER"), QString(), QByteArray(), false).error,
             QStringLiteral("username taken"));
    QCOMPARE(m_store->createAccountWithHash(u("x"), QString(), QByteArray(), false).error,
             QStringLiteral("username too short"));
}

void tst_AccountStore::tokenSignsIn()
{
    const qint64 id = create(u("alice")).id;
    const AccountStore::Result<QString> issued = m_store->issueToken(id, u("laptop"), 24h);
    QCOMPARE(issued.error, QString());
    QVERIFY(IssuedToken::isWellFormed(issued.value));
    m_now += 5000;
    const AccountStore::Result<Account> r = m_store->accountForToken(issued.value);
    QCOMPARE(r.error, QString());
    QCOMPARE(r.value.id, id);
    QCOMPARE(r.value.username, u("alice"));
    const QList<AccountStore::TokenInfo> tokens = m_store->listTokens(id).value;
    QCOMPARE(tokens.size(), 1);
    QCOMPARE(tokens.constFirst().lastUsedMs, m_now);
    QCOMPARE(tokens.constFirst().createdMs, m_now - 5000);
    openStore(); // tokens outlive a restart
    QCOMPARE(m_store->accountForToken(issued.value).value.id, id);
}

void tst_AccountStore::tokenRefused_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QString() << QStringLiteral("invalid token");
    QTest::newRow("malformed") << u("not a token") << QStringLiteral("invalid token");
    QTest::newRow("unknown") << IssuedToken::generate() << QStringLiteral("invalid token");
    QTest::newRow("its hash") << QStringLiteral("HASH") << QStringLiteral("invalid token");
}

void tst_AccountStore::tokenRefused()
{
    QFETCH(QString, token);
    QFETCH(QString, error);
    const qint64 id = create(u("alice")).id;
    const QString real = m_store->issueToken(id, QString(), 1h).value;
    if (token == QLatin1String("HASH"))
        token = IssuedToken::hashOf(real);
    QCOMPARE(m_store->accountForToken(token).error, error);
    QCOMPARE(m_store->accountForToken(real).error, QString());
}

void tst_AccountStore::tokenExpiresAtItsTime()
{
    const qint64 id = create(u("alice")).id;
    const QString token = m_store->issueToken(id, QString(), 1000ms).value;
    m_now += 999;
    QCOMPARE(m_store->accountForToken(token).error, QString());
    m_now += 1;
    QCOMPARE(m_store->listTokens(id).value.size(), 0);
    QCOMPARE(m_store->accountForToken(token).error, QStringLiteral("token expired"));
    QCOMPARE(m_store->accountForToken(token).error, QStringLiteral("invalid token")); // deleted
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM tokens")).toInt(), 0);
}

void tst_AccountStore::tokenLifetime_data()
{
    QTest::addColumn<qint64>("lifetimeMs");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("expiresInMs");
    const qint64 max = AccountStore::kDefaultMaxTokenLifetime.count();
    QTest::newRow("an hour") << qint64(3600000) << QString() << qint64(3600000);
    QTest::newRow("the longest") << max << QString() << max;
    QTest::newRow("cut to the longest") << max * 10 << QString() << max;
    QTest::newRow("no overflow") << std::numeric_limits<qint64>::max() << QString() << max;
    QTest::newRow("zero") << qint64(0) << QStringLiteral("invalid lifetime") << qint64(0);
    QTest::newRow("negative") << qint64(-5) << QStringLiteral("invalid lifetime") << qint64(0);
}

void tst_AccountStore::tokenLifetime()
{
    QFETCH(qint64, lifetimeMs);
    QFETCH(QString, error);
    QFETCH(qint64, expiresInMs);
    const qint64 id = create(u("alice")).id;
    QCOMPARE(m_store->issueToken(id, QString(), std::chrono::milliseconds(lifetimeMs)).error, error);
    const QList<AccountStore::TokenInfo> tokens = m_store->listTokens(id).value;
    QCOMPARE(tokens.size(), error.isEmpty() ? 1 : 0);
    if (error.isEmpty())
        QCOMPARE(tokens.constFirst().expiresMs, m_now + expiresInMs);
    QCOMPARE(m_store->issueToken(id + 1, QString(), 1h).error, QStringLiteral("unknown account"));
}

void tst_AccountStore::listTokens()
{
    const qint64 alice = create(u("alice")).id;
    const qint64 bob = create(u("bob")).id;
    const QString laptop = m_store->issueToken(alice, u("laptop"), 24h).value;
    m_now += 10;
    const QString phone = m_store->issueToken(alice, u(" phone\xE2\x80\xAE "), 24h).value;
    m_now += 10;
    m_store->issueToken(alice, u("short-lived"), 5ms);
    m_store->issueToken(bob, u("bob's"), 24h);
    m_now += 10;
    QCOMPARE(m_store->accountForToken(laptop).error, QString()); // laptop: most recently used

    const QList<AccountStore::TokenInfo> tokens = m_store->listTokens(alice).value;
    QCOMPARE(tokens.size(), 2); // the expired one and bob's are not listed
    QCOMPARE(tokens.at(0).deviceLabel, u("laptop"));
    QCOMPARE(tokens.at(0).id, IssuedToken::idOf(IssuedToken::hashOf(laptop)));
    QCOMPARE(tokens.at(0).lastUsedMs, m_now);
    QCOMPARE(tokens.at(1).deviceLabel, u("phone"));
    QCOMPARE(tokens.at(1).id, IssuedToken::idOf(IssuedToken::hashOf(phone)));
    QCOMPARE(tokens.at(1).createdMs, m_now - 20);
    QCOMPARE(tokens.at(1).lastUsedMs, m_now - 20);
    QCOMPARE(tokens.at(1).expiresMs, m_now - 20 + 24 * 3600 * 1000);
    QCOMPARE(m_store->listTokens(alice + 100).value.size(), 0);

    // A long label is cut like a display name.
    const QString longLabel = m_store->issueToken(bob, QString(200, QLatin1Char('d')), 1h).value;
    Q_UNUSED(longLabel)
    QCOMPARE(m_store->listTokens(bob).value.constFirst().deviceLabel.size(),
             AccountStore::kDefaultMaxDeviceLabelLength);
}

void tst_AccountStore::revokeToken_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("error");
    QTest::newRow("own token") << u("own") << QString();
    QTest::newRow("another account's") << u("other account") << QStringLiteral("unknown token");
    QTest::newRow("unknown id") << u("unknown") << QStringLiteral("unknown token");
    QTest::newRow("malformed id") << u("malformed") << QStringLiteral("unknown token");
    QTest::newRow("the whole hash") << u("hash") << QStringLiteral("unknown token");
}

void tst_AccountStore::revokeToken()
{
    QFETCH(QString, which);
    QFETCH(QString, error);
    const qint64 alice = create(u("alice")).id;
    const qint64 bob = create(u("bob")).id;
    const QString token = m_store->issueToken(alice, u("laptop"), 1h).value;
    const QString other = m_store->issueToken(alice, u("phone"), 1h).value;
    const QString hash = IssuedToken::hashOf(token);
    QString id = IssuedToken::idOf(hash);
    qint64 owner = alice;
    if (which == QLatin1String("other account"))
        owner = bob;
    else if (which == QLatin1String("unknown"))
        id = QStringLiteral("0000000000000000");
    else if (which == QLatin1String("malformed"))
        id = id.left(10) + QLatin1Char('%');
    else if (which == QLatin1String("hash"))
        id = hash;

    QCOMPARE(m_store->revokeToken(owner, id), error);
    QCOMPARE(m_store->accountForToken(token).error,
             error.isEmpty() ? QStringLiteral("invalid token") : QString());
    QCOMPARE(m_store->accountForToken(other).error, QString()); // the other device stays
}

void tst_AccountStore::tokensPerAccountBounded()
{
    AccountStore::Settings s = settings();
    s.maxTokensPerAccount = 3;
    openStore(s);
    const qint64 alice = create(u("alice")).id;
    const qint64 bob = create(u("bob")).id;
    const QString bobs = m_store->issueToken(bob, QString(), 1h).value;
    QStringList tokens;
    for (int i = 0; i < 3; ++i) {
        tokens.append(m_store->issueToken(alice, QString::number(i), 1h).value);
        m_now += 10;
    }
    QCOMPARE(m_store->accountForToken(tokens.at(0)).error, QString()); // 0 used last: kept
    m_now += 10;
    tokens.append(m_store->issueToken(alice, QStringLiteral("3"), 1h).value);
    QCOMPARE(m_store->listTokens(alice).value.size(), 3);
    QCOMPARE(m_store->accountForToken(tokens.at(1)).error, QStringLiteral("invalid token"));
    QCOMPARE(m_store->accountForToken(tokens.at(0)).error, QString());
    QCOMPARE(m_store->accountForToken(tokens.at(2)).error, QString());
    QCOMPARE(m_store->accountForToken(tokens.at(3)).error, QString());
    for (int i = 0; i < 20; ++i)
        m_store->issueToken(alice, QString(), 1h);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM tokens")).toInt(), 3 + 1);
    QCOMPARE(m_store->accountForToken(bobs).error, QString()); // another account's stay
}

void tst_AccountStore::pruneExpired()
{
    const qint64 alice = create(u("alice")).id; // no token: registered accounts stay
    const qint64 keeps = m_store->createGuest(u("keeps")).value.id;
    const qint64 lapses = m_store->createGuest(u("lapses")).value.id;
    const qint64 never = m_store->createGuest(u("never")).value.id; // never got a token
    const QString kept = m_store->issueToken(keeps, QString(), 2h).value;
    QVERIFY(!m_store->issueToken(lapses, QString(), 1h).value.isEmpty());
    QVERIFY(!m_store->createInvite(0, 1, 1h).value.code.isEmpty());
    const QString usedUp = m_store->createInvite(0, 1, 2h).value.code;
    QCOMPARE(m_store->redeemInvite(usedUp), QString());
    const QString open = m_store->createInvite(0, 2, 2h).value.code;

    m_now += 3600 * 1000;
    const AccountStore::Result<int> pruned = m_store->pruneExpired();
    QCOMPARE(pruned.error, QString());
    QCOMPARE(pruned.value, 2);
    QCOMPARE(m_store->account(lapses).error, QStringLiteral("unknown account"));
    QCOMPARE(m_store->account(never).error, QStringLiteral("unknown account"));
    QCOMPARE(m_store->account(alice).error, QString());
    QCOMPARE(m_store->accountForToken(kept).value.id, keeps);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM tokens")).toInt(), 1);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM invites")).toInt(), 1);
    QCOMPARE(m_store->redeemInvite(open), QString());
    QCOMPARE(m_store->pruneExpired().value, 0);
    // The ids of pruned guests are never handed out again.
    QVERIFY(m_store->createGuest(QString()).value.id > never);
}

void tst_AccountStore::secretsNeverStored()
{
    const qint64 id = create(u("alice")).id;
    const QString token = m_store->issueToken(id, QString(), 1h).value;
    const QString invite = m_store->createInvite(id, 1, 1h).value.code;
    m_store->verifyPassword(u("alice"), kPassword);
    m_store->accountForToken(token);
    QCOMPARE(fileValue(QStringLiteral("SELECT token_hash FROM tokens")).toString(), IssuedToken::hashOf(token));
    QCOMPARE(fileValue(QStringLiteral("SELECT code_hash FROM invites")).toString(), IssuedToken::hashOf(invite));
    if (TestDatabase::isPostgres()) {
        // No row of any of the three tables holds one of them, in any column.
        for (const QString &secret : {kPassword, token, invite}) {
            QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM (SELECT a::text AS r FROM accounts a"
                                              " UNION ALL SELECT t::text FROM tokens t"
                                              " UNION ALL SELECT i::text FROM invites i) AS x"
                                              " WHERE position('%1' in r) > 0")
                                       .arg(secret))
                             .toInt(),
                     0);
        }
        QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE username = 'alice'")).toInt(), 1);
        return;
    }
    m_store.reset(); // everything checkpointed into the file
    QByteArray bytes;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-journal")}) {
        QFile file(m_path + suffix);
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    QVERIFY(bytes.contains("alice")); // the file was read
    QVERIFY(!bytes.contains(kPassword.toUtf8()));
    QVERIFY(!bytes.contains(token.toUtf8()));
    QVERIFY(!bytes.contains(invite.toUtf8()));
}

void tst_AccountStore::lastSeenIsKept()
{
    const qint64 alice = create(u("alice")).id;
    const qint64 guest = m_store->createGuest(u("dana")).value.id;
    QCOMPARE(m_store->account(alice).value.lastSeenMs, 0); // never seen
    QCOMPARE(m_store->setLastSeen(alice, 1234), QString());
    QCOMPARE(m_store->setLastSeen(guest, 99), QString());
    QCOMPARE(m_store->setLastSeen(alice + guest + 1, 5), QStringLiteral("unknown account"));
    // Every way an account is read carries it, and it outlives the connection.
    m_store.reset();
    openStore();
    QCOMPARE(m_store->account(alice).value.lastSeenMs, 1234);
    QCOMPARE(m_store->account(guest).value.lastSeenMs, 99);
    QCOMPARE(m_store->findAccount(u("alice")).value.lastSeenMs, 1234);
    const QString token = m_store->issueToken(alice, QString(), 1h).value;
    QCOMPARE(m_store->accountForToken(token).value.lastSeenMs, 1234);
    QCOMPARE(m_store->verifyPassword(u("alice"), kPassword).value.lastSeenMs, 1234);
}

void tst_AccountStore::notOpenFailsSoftly()
{
    AccountStore closed(settings());
    QVERIFY(!closed.isOpen());
    QCOMPARE(closed.schemaVersion(), 0);
    const QString failure = QStringLiteral("storage failure");
    QCOMPARE(closed.createAccount(u("alice"), QString(), kPassword, false).error, failure);
    QCOMPARE(closed.createGuest(QString()).error, failure);
    QCOMPARE(closed.verifyPassword(u("alice"), kPassword).error, failure);
    QCOMPARE(closed.issueToken(1, QString(), 1h).error, failure);
    QCOMPARE(closed.accountForToken(IssuedToken::generate()).error, failure);
    QCOMPARE(closed.listTokens(1).error, failure);
    QCOMPARE(closed.revokeToken(1, QStringLiteral("0123456789abcdef")), failure);
    QCOMPARE(closed.createInvite(0, 1, 1h).error, failure);
    QCOMPARE(closed.redeemInvite(IssuedToken::generate(16)), failure);
    QCOMPARE(closed.setLastSeen(1, 1), failure);
    QVERIFY(!closed.errorString().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_AccountStore)
#include "tst_accountstore.moc"
