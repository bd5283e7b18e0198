// AccountStore on a clock the test moves, with libsodium's cheapest hashing: accounts and guests,
// sign-in, tokens (issue, use, expire, list, revoke, bound), invites, and what the file holds.

#include "accountstore.h"
#include "issuedtoken.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <limits>
#include <memory>

using namespace std::chrono_literals;
using Account = AccountStore::Account;

namespace {

QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

const QString kPassword = QStringLiteral("hunter2-but-longer");

} // namespace

class tst_AccountStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void createAndSignIn();
    void usernameTaken_data();
    void usernameTaken();
    void createRefused_data();
    void createRefused();
    void displayName_data();
    void displayName();
    void idsAreNeverReused();
    void guests();
    void verifyPassword_data();
    void verifyPassword();
    void disabledAccount();
    void weakHashReplacedAtSignIn();
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
    void invite_data();
    void invite();
    void inviteExpires();
    void inviteRefused_data();
    void inviteRefused();
    void createInviteRefused_data();
    void createInviteRefused();
    void inviteUsesShareOneCount();
    void secretsNeverStored();
    void notOpenFailsSoftly();

private:
    AccountStore::Settings settings()
    {
        AccountStore::Settings s;
        s.hashing = PasswordHasher::fastestSettings();
        s.clock = [this] { return m_now; };
        return s;
    }
    //! Opens m_store on m_path with \a s (default: settings()).
    void openStore(std::optional<AccountStore::Settings> s = std::nullopt)
    {
        m_store = std::make_unique<AccountStore>(s ? *s : settings());
        QVERIFY2(m_store->open(m_path), qPrintable(m_store->errorString()));
    }
    Account create(const QString &username, bool admin = false)
    {
        const AccountStore::Result<Account> r =
                m_store->createAccount(username, QString(), kPassword, admin);
        if (!r.ok())
            qWarning() << "createAccount" << username << r.error;
        return r.value;
    }
    //! One value from the file, through a connection of the test's own.
    QVariant fileValue(const QString &sql)
    {
        QVariant value;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(m_path);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(sql) && q.next())
                    value = q.value(0);
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return value;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<AccountStore> m_store;
    qint64 m_now = 1'700'000'000'000;
};

void tst_AccountStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("server.sqlite"));
    m_now = 1'700'000'000'000;
    openStore();
}

void tst_AccountStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

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

void tst_AccountStore::idsAreNeverReused()
{
    QCOMPARE(create(u("first")).id, 1);
    QCOMPARE(create(u("second")).id, 2);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
    db.setDatabaseName(m_path);
    QVERIFY(db.open());
    QVERIFY(QSqlQuery(db).exec(QStringLiteral("DELETE FROM accounts WHERE id = 2")));
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));

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

void tst_AccountStore::invite_data()
{
    QTest::addColumn<int>("uses");
    QTest::newRow("single use") << 1;
    QTest::newRow("three uses") << 3;
}

void tst_AccountStore::invite()
{
    QFETCH(int, uses);
    const qint64 admin = create(u("admin"), true).id;
    const AccountStore::Result<QString> created = m_store->createInvite(admin, uses, 24h);
    QCOMPARE(created.error, QString());
    QVERIFY(IssuedToken::isWellFormed(created.value, AccountStore::kDefaultInviteCodeBytes));
    for (int i = 0; i < uses; ++i)
        QCOMPARE(m_store->redeemInvite(created.value), QString());
    QCOMPARE(m_store->redeemInvite(created.value), QStringLiteral("invite used up"));
    QCOMPARE(m_store->redeemInvite(created.value), QStringLiteral("invite used up"));
    QCOMPARE(fileValue(QStringLiteral("SELECT created_by FROM invites")).toLongLong(), admin);

    // By the server's operator (no account): created_by stays empty.
    const QString byOperator = m_store->createInvite(0, 1, 1h).value;
    QCOMPARE(m_store->redeemInvite(byOperator), QString());
    QVERIFY(fileValue(QStringLiteral("SELECT COUNT(*) FROM invites WHERE created_by IS NULL")).toInt() == 1);
}

void tst_AccountStore::inviteExpires()
{
    const QString code = m_store->createInvite(0, 5, 1000ms).value;
    m_now += 999;
    QCOMPARE(m_store->redeemInvite(code), QString());
    m_now += 1;
    QCOMPARE(m_store->redeemInvite(code), QStringLiteral("invite expired"));
    QCOMPARE(fileValue(QStringLiteral("SELECT uses_left FROM invites")).toInt(), 4);
}

void tst_AccountStore::inviteRefused_data()
{
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << QString();
    QTest::newRow("malformed") << u("let me in");
    QTest::newRow("unknown") << IssuedToken::generate(AccountStore::kDefaultInviteCodeBytes);
    QTest::newRow("a session token") << u("TOKEN");
    QTest::newRow("its hash") << u("HASH");
}

void tst_AccountStore::inviteRefused()
{
    QFETCH(QString, code);
    const QString real = m_store->createInvite(0, 1, 1h).value;
    if (code == QLatin1String("TOKEN"))
        code = m_store->issueToken(create(u("alice")).id, QString(), 1h).value;
    else if (code == QLatin1String("HASH"))
        code = IssuedToken::hashOf(real);
    QCOMPARE(m_store->redeemInvite(code), QStringLiteral("invalid invite"));
    QCOMPARE(m_store->redeemInvite(real), QString()); // the real one was not used up
}

void tst_AccountStore::createInviteRefused_data()
{
    QTest::addColumn<qint64>("createdBy");
    QTest::addColumn<int>("uses");
    QTest::addColumn<qint64>("lifetimeMs");
    QTest::addColumn<QString>("error");
    QTest::newRow("no uses") << qint64(0) << 0 << qint64(1000) << QStringLiteral("invalid uses");
    QTest::newRow("too many uses") << qint64(0) << AccountStore::kDefaultMaxInviteUses + 1
                                   << qint64(1000) << QStringLiteral("invalid uses");
    QTest::newRow("most uses") << qint64(0) << AccountStore::kDefaultMaxInviteUses << qint64(1000)
                               << QString();
    QTest::newRow("no lifetime") << qint64(0) << 1 << qint64(0) << QStringLiteral("invalid lifetime");
    QTest::newRow("unknown creator") << qint64(99) << 1 << qint64(1000)
                                     << QStringLiteral("unknown account");
}

void tst_AccountStore::createInviteRefused()
{
    QFETCH(qint64, createdBy);
    QFETCH(int, uses);
    QFETCH(qint64, lifetimeMs);
    QFETCH(QString, error);
    const AccountStore::Result<QString> r =
            m_store->createInvite(createdBy, uses, std::chrono::milliseconds(lifetimeMs));
    QCOMPARE(r.error, error);
    QCOMPARE(r.value.isEmpty(), !error.isEmpty());
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM invites")).toInt(), error.isEmpty() ? 1 : 0);
}

void tst_AccountStore::inviteUsesShareOneCount()
{
    // Two stores on one file (two servers, or a restart between uses): one count of uses.
    const QString code = m_store->createInvite(0, 2, 1h).value;
    AccountStore second(settings());
    QVERIFY(second.open(m_path));
    QCOMPARE(m_store->redeemInvite(code), QString());
    QCOMPARE(second.redeemInvite(code), QString());
    QCOMPARE(m_store->redeemInvite(code), QStringLiteral("invite used up"));
    QCOMPARE(second.redeemInvite(code), QStringLiteral("invite used up"));
}

void tst_AccountStore::secretsNeverStored()
{
    const qint64 id = create(u("alice")).id;
    const QString token = m_store->issueToken(id, QString(), 1h).value;
    const QString invite = m_store->createInvite(id, 1, 1h).value;
    m_store->verifyPassword(u("alice"), kPassword);
    m_store->accountForToken(token);
    QCOMPARE(fileValue(QStringLiteral("SELECT token_hash FROM tokens")).toString(), IssuedToken::hashOf(token));
    QCOMPARE(fileValue(QStringLiteral("SELECT code_hash FROM invites")).toString(), IssuedToken::hashOf(invite));
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
    QVERIFY(!closed.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(tst_AccountStore)
#include "tst_accountstore.moc"
