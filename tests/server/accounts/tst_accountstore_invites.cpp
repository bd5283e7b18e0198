// AccountStore's invite codes: uses counted down atomically, expiry, refusals, one count of uses
// across stores on one file.

#include "accountstoretestbase.h"
#include "issuedtoken.h"
#include "testmain.h"

#include <QTest>

using namespace std::chrono_literals;

class tst_AccountStoreInvites : public AccountStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void invite_data();
    void invite();
    void inviteExpires();
    void inviteLifetimeCut();
    void inviteRefused_data();
    void inviteRefused();
    void createInviteRefused_data();
    void createInviteRefused();
    void inviteUsesShareOneCount();
};

void tst_AccountStoreInvites::invite_data()
{
    QTest::addColumn<int>("uses");
    QTest::newRow("single use") << 1;
    QTest::newRow("three uses") << 3;
}

void tst_AccountStoreInvites::invite()
{
    QFETCH(int, uses);
    const qint64 admin = create(u("admin"), true).id;
    const AccountStore::Result<AccountStore::Invite> created = m_store->createInvite(admin, uses, 24h);
    QCOMPARE(created.error, QString());
    QVERIFY(IssuedToken::isWellFormed(created.value.code, AccountStore::kDefaultInviteCodeBytes));
    for (int i = 0; i < uses; ++i)
        QCOMPARE(m_store->redeemInvite(created.value.code), QString());
    QCOMPARE(m_store->redeemInvite(created.value.code), QStringLiteral("invite used up"));
    QCOMPARE(m_store->redeemInvite(created.value.code), QStringLiteral("invite used up"));
    QCOMPARE(fileValue(QStringLiteral("SELECT created_by FROM invites")).toLongLong(), admin);

    // By the server's operator (no account): created_by stays empty.
    const QString byOperator = m_store->createInvite(0, 1, 1h).value.code;
    QCOMPARE(m_store->redeemInvite(byOperator), QString());
    QVERIFY(fileValue(QStringLiteral("SELECT COUNT(*) FROM invites WHERE created_by IS NULL")).toInt() == 1);
}

void tst_AccountStoreInvites::inviteExpires()
{
    const QString code = m_store->createInvite(0, 5, 1000ms).value.code;
    m_now += 999;
    QCOMPARE(m_store->redeemInvite(code), QString());
    m_now += 1;
    QCOMPARE(m_store->redeemInvite(code), QStringLiteral("invite expired"));
    QCOMPARE(fileValue(QStringLiteral("SELECT uses_left FROM invites")).toInt(), 4);
}

void tst_AccountStoreInvites::inviteLifetimeCut()
{
    const auto longest = AccountStore::kDefaultMaxInviteLifetime;
    QCOMPARE(m_store->createInvite(0, 1, longest + 1ms).value.expiresMs, m_now + longest.count());
    QCOMPARE(m_store->createInvite(0, 1, longest * 10).value.expiresMs, m_now + longest.count());
}

void tst_AccountStoreInvites::inviteRefused_data()
{
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << QString();
    QTest::newRow("malformed") << u("let me in");
    QTest::newRow("unknown") << IssuedToken::generate(AccountStore::kDefaultInviteCodeBytes);
    QTest::newRow("a session token") << u("TOKEN");
    QTest::newRow("its hash") << u("HASH");
}

void tst_AccountStoreInvites::inviteRefused()
{
    QFETCH(QString, code);
    const QString real = m_store->createInvite(0, 1, 1h).value.code;
    if (code == QLatin1String("TOKEN"))
        code = m_store->issueToken(create(u("alice")).id, QString(), 1h).value;
    else if (code == QLatin1String("HASH"))
        code = IssuedToken::hashOf(real);
    QCOMPARE(m_store->redeemInvite(code), QStringLiteral("invalid invite"));
    QCOMPARE(m_store->redeemInvite(real), QString()); // the real one was not used up
}

void tst_AccountStoreInvites::createInviteRefused_data()
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
    QTest::newRow("longest lifetime") << qint64(0) << 1
                                      << qint64(AccountStore::kDefaultMaxInviteLifetime.count()) << QString();
    QTest::newRow("no lifetime") << qint64(0) << 1 << qint64(0) << QStringLiteral("invalid lifetime");
    QTest::newRow("unknown creator") << qint64(99) << 1 << qint64(1000)
                                     << QStringLiteral("unknown account");
}

void tst_AccountStoreInvites::createInviteRefused()
{
    QFETCH(qint64, createdBy);
    QFETCH(int, uses);
    QFETCH(qint64, lifetimeMs);
    QFETCH(QString, error);
    const AccountStore::Result<AccountStore::Invite> r =
            m_store->createInvite(createdBy, uses, std::chrono::milliseconds(lifetimeMs));
    QCOMPARE(r.error, error);
    QCOMPARE(r.value.code.isEmpty(), !error.isEmpty());
    QCOMPARE(r.value.expiresMs, error.isEmpty() ? m_now + lifetimeMs : 0);
    QCOMPARE(fileValue(QStringLiteral("SELECT COUNT(*) FROM invites")).toInt(), error.isEmpty() ? 1 : 0);
}

void tst_AccountStoreInvites::inviteUsesShareOneCount()
{
    // Two stores on one file (two servers, or a restart between uses): one count of uses.
    const QString code = m_store->createInvite(0, 2, 1h).value.code;
    AccountStore second(settings());
    QVERIFY(second.open(m_path));
    QCOMPARE(m_store->redeemInvite(code), QString());
    QCOMPARE(second.redeemInvite(code), QString());
    QCOMPARE(m_store->redeemInvite(code), QStringLiteral("invite used up"));
    QCOMPARE(second.redeemInvite(code), QStringLiteral("invite used up"));
}

PARLEY_TEST_GUILESS_MAIN(tst_AccountStoreInvites)
#include "tst_accountstore_invites.moc"
