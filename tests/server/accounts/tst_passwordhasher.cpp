// PasswordHasher: Argon2id hashes that verify, refuse what they should, and say when they are
// out of date. libsodium's cheapest settings, except in the one test of the defaults.

#include "passwordhasher.h"
#include "testmain.h"

#include <QTest>

namespace {

QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

PasswordHasher fastHasher()
{
    return PasswordHasher(PasswordHasher::fastestSettings());
}

} // namespace

class tst_PasswordHasher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hashVerifies_data();
    void hashVerifies();
    void check_data();
    void check();
    void refusedPasswordIsNeverHashed();
    void saltsDiffer();
    void normalisedBeforeHashing();
    void garbageHashNeverVerifies_data();
    void garbageHashNeverVerifies();
    void needsRehash();
    void defaultSettings();
};

void tst_PasswordHasher::hashVerifies_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("one character") << u("x");
    QTest::newRow("phrase") << u("correct horse battery staple");
    QTest::newRow("accents") << u("pässwörd");
    QTest::newRow("astral") << u("🔑🔑🔑");
    QTest::newRow("longest") << QString(int(PasswordHasher::kDefaultMaxPasswordBytes), QLatin1Char('a'));
}

void tst_PasswordHasher::hashVerifies()
{
    QFETCH(QString, password);
    const PasswordHasher hasher = fastHasher();
    const PasswordHasher::Hashed hashed = hasher.hash(password);
    QCOMPARE(hashed.error, QString());
    QVERIFY(hashed.hash.startsWith("$argon2id$"));
    if (password.size() > 4) // a short one may turn up in the base64 by chance
        QVERIFY(!hashed.hash.contains(password.toUtf8()));
    QVERIFY(hasher.verify(hashed.hash, password));
    QVERIFY(!hasher.verify(hashed.hash, password + QLatin1Char('!')));
    QVERIFY(!hasher.verify(hashed.hash, password.chopped(1)));
}

void tst_PasswordHasher::check_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("error");
    const QString tooLong = QStringLiteral("password too long");
    QTest::newRow("empty") << QString() << QStringLiteral("password empty");
    QTest::newRow("1024 bytes") << QString(1024, QLatin1Char('a')) << QString();
    QTest::newRow("1025 bytes") << QString(1025, QLatin1Char('a')) << tooLong;
    QTest::newRow("512 two-byte characters") << QString(512, QChar(0xE9)) << QString();
    // Few UTF-16 units, many UTF-8 bytes: the bound is on the bytes.
    QTest::newRow("513 two-byte characters") << QString(513, QChar(0xE9)) << tooLong;
    // U+FDFA is one character that NFKC turns into 18: the bound is after normalising.
    QTest::newRow("expands under NFKC") << QString(40, QChar(0xFDFA)) << tooLong;
}

void tst_PasswordHasher::check()
{
    QFETCH(QString, password);
    QFETCH(QString, error);
    const PasswordHasher hasher = fastHasher();
    QCOMPARE(hasher.check(password), error);
    const PasswordHasher::Hashed hashed = hasher.hash(password);
    QCOMPARE(hashed.error, error);
    QCOMPARE(hashed.hash.isEmpty(), !error.isEmpty());
}

void tst_PasswordHasher::refusedPasswordIsNeverHashed()
{
    PasswordHasher::Settings settings = PasswordHasher::fastestSettings();
    settings.maxPasswordBytes = 8;
    const PasswordHasher small(settings);
    QCOMPARE(small.check(u("12345678")), QString());
    QCOMPARE(small.check(u("123456789")), QStringLiteral("password too long"));
    // A hash of a longer password (made without the bound) never verifies under it.
    const PasswordHasher::Hashed hashed = fastHasher().hash(u("123456789"));
    QVERIFY(fastHasher().verify(hashed.hash, u("123456789")));
    QVERIFY(!small.verify(hashed.hash, u("123456789")));
}

void tst_PasswordHasher::saltsDiffer()
{
    const PasswordHasher hasher = fastHasher();
    const QByteArray first = hasher.hash(u("same password")).hash;
    const QByteArray second = hasher.hash(u("same password")).hash;
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second);
    QVERIFY(hasher.verify(first, u("same password")));
    QVERIFY(hasher.verify(second, u("same password")));
}

void tst_PasswordHasher::normalisedBeforeHashing()
{
    // "é" typed composed on one system and decomposed on another is the same password.
    const PasswordHasher hasher = fastHasher();
    const QByteArray hash = hasher.hash(u("caf\xC3\xA9")).hash;
    QVERIFY(hasher.verify(hash, u("cafe\xCC\x81")));
    QVERIFY(!hasher.verify(hash, u("cafe")));
}

void tst_PasswordHasher::garbageHashNeverVerifies_data()
{
    QTest::addColumn<QByteArray>("storedHash");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not a hash") << QByteArray("password");
    QTest::newRow("truncated") << fastHasher().hash(u("pw")).hash.left(30);
    QTest::newRow("too long") << QByteArray(500, 'a');
}

void tst_PasswordHasher::garbageHashNeverVerifies()
{
    QFETCH(QByteArray, storedHash);
    const PasswordHasher hasher = fastHasher();
    QVERIFY(!hasher.verify(storedHash, u("pw")));
    QVERIFY(!hasher.verify(storedHash, u("password")));
    QVERIFY(hasher.needsRehash(storedHash));
}

void tst_PasswordHasher::needsRehash()
{
    const PasswordHasher weak = fastHasher();
    const QByteArray hash = weak.hash(u("pw")).hash;
    QVERIFY(!weak.needsRehash(hash));

    PasswordHasher::Settings stronger = PasswordHasher::fastestSettings();
    stronger.opsLimit = PasswordHasher::kMinOpsLimit + 1;
    const PasswordHasher strong(stronger);
    QVERIFY(strong.needsRehash(hash));
    QVERIFY(strong.verify(hash, u("pw"))); // old hashes keep verifying
    QVERIFY(!strong.needsRehash(strong.hash(u("pw")).hash));
}

void tst_PasswordHasher::defaultSettings()
{
    // The one hash at the real cost: 2 passes over 64 MiB.
    const PasswordHasher hasher;
    QCOMPARE(hasher.settings().opsLimit, 2ULL);
    QCOMPARE(hasher.settings().memLimit, std::size_t(64 * 1024 * 1024));
    QCOMPARE(hasher.settings().maxPasswordBytes, qsizetype(1024));
    const QByteArray hash = hasher.hash(u("pw")).hash;
    QVERIFY2(hash.startsWith("$argon2id$v=19$m=65536,t=2,p=1$"), hash.constData());
    QVERIFY(hasher.verify(hash, u("pw")));
}

PARLEY_TEST_GUILESS_MAIN(tst_PasswordHasher)
#include "tst_passwordhasher.moc"
