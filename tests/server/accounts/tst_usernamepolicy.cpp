// UsernamePolicy: what a username may hold, when two names are one, how display names are
// cleaned. Every case is a row: the input, written with its invisible characters spelled out.

#include "usernamepolicy.h"
#include "testmain.h"

#include <QTest>

namespace {

//! \a text with \a ch (one code point) inserted at \a at.
QString with(const char *text, char32_t ch, qsizetype at)
{
    QString s = QString::fromUtf8(text);
    s.insert(at, QChar::fromUcs4(ch)); // not QString::fromUcs4(), which drops a BOM
    return s;
}

QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

} // namespace

class tst_UsernamePolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data();
    void check();
    void limitsAreSettings_data();
    void limitsAreSettings();
    void normalize_data();
    void normalize();
    void sameName_data();
    void sameName();
    void canonicalKeepsCase();
    void cleanDisplayName_data();
    void cleanDisplayName();
    void isInvisible_data();
    void isInvisible();
};

void tst_UsernamePolicy::check_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("error");
    const QString ok;
    const QString notAllowed = QStringLiteral("username has a character that is not allowed");
    const QString badStart = QStringLiteral("username must start with a letter or digit");
    const QString reserved = QStringLiteral("username reserved");
    const QString mixes = QStringLiteral("username mixes scripts");

    QTest::newRow("plain") << u("alice") << ok;
    QTest::newRow("capitals") << u("Alice") << ok;
    QTest::newRow("dot underscore hyphen") << u("a.b_c-d") << ok;
    QTest::newRow("starts with a digit") << u("9lives") << ok;
    QTest::newRow("shortest") << u("al") << ok;
    QTest::newRow("longest") << QString(32, QLatin1Char('a')) << ok;
    QTest::newRow("empty") << QString() << QStringLiteral("username empty");
    QTest::newRow("one character") << u("a") << QStringLiteral("username too short");
    QTest::newRow("33 characters") << QString(33, QLatin1Char('a'))
                                   << QStringLiteral("username too long");
    // Bounded before NFKC: a flood of invisible characters is refused as too long, unread.
    QTest::newRow("huge input") << QString(200, QChar(0x200B)) << QStringLiteral("username too long");

    QTest::newRow("zero width space") << with("alice", 0x200B, 5) << notAllowed;
    QTest::newRow("zero width joiner") << with("alice", 0x200D, 2) << notAllowed;
    QTest::newRow("word joiner") << with("alice", 0x2060, 2) << notAllowed;
    QTest::newRow("BOM") << with("alice", 0xFEFF, 0) << notAllowed;
    QTest::newRow("LRM") << with("alice", 0x200E, 3) << notAllowed;
    QTest::newRow("RLO reversing") << with("ecila", 0x202E, 0) << notAllowed;
    QTest::newRow("isolate") << with(with("alice", 0x2066, 1).toUtf8().constData(), 0x2069, 4)
                             << notAllowed;
    QTest::newRow("soft hyphen") << with("alice", 0x00AD, 2) << notAllowed;
    QTest::newRow("Hangul filler") << with("alice", 0x3164, 2) << notAllowed;
    QTest::newRow("variation selector") << with("alice", 0xFE0F, 5) << notAllowed;
    QTest::newRow("tag character") << with("alice", 0xE0041, 5) << notAllowed;
    QTest::newRow("combining overlay") << with("alice", 0x0338, 1) << notAllowed;
    QTest::newRow("space") << u("ali ce") << notAllowed;
    QTest::newRow("tab") << u("ali\tce") << notAllowed;
    QTest::newRow("at sign") << u("ali@ce") << notAllowed;
    QTest::newRow("emoji") << u("alice\xF0\x9F\x98\x80") << notAllowed;
    QTest::newRow("unicode hyphen") << u("ali\xE2\x80\x90" "ce") << notAllowed;

    QTest::newRow("starts with a dot") << u(".alice") << badStart;
    QTest::newRow("starts with an underscore") << u("_alice") << badStart;
    QTest::newRow("starts with a hyphen") << u("-alice") << badStart;

    QTest::newRow("Cyrillic") << u("алиса") << ok;
    QTest::newRow("Greek") << u("ελένη") << ok;
    QTest::newRow("Hangul") << u("김철수") << ok;
    QTest::newRow("Han and Hiragana") << u("山田たろう") << ok;
    QTest::newRow("Latin and Han") << u("yamada山田") << ok;
    QTest::newRow("Devanagari digits") << u("१२३४") << ok;
    QTest::newRow("Latin with Devanagari digits") << u("user१२") << mixes;
    // Marks are not letters: scripts that need vowel signs are refused (see docs/security.md).
    QTest::newRow("Devanagari vowel sign") << u("नमस्ते") << notAllowed;
    QTest::newRow("Cyrillic a in Latin") << u("\xD0\xB0lice") << mixes;
    QTest::newRow("Greek o in Latin") << u("b\xCE\xBF" "b") << mixes;
    QTest::newRow("Hangul and Hiragana") << u("김たろう") << mixes;

    // NFKC first: these become plain names.
    QTest::newRow("fullwidth") << u("ａｌｉｃｅ") << ok;
    QTest::newRow("ligature fi") << u("\xEF\xAC\x81le") << ok;
    QTest::newRow("superscript two") << u("x\xC2\xB2") << ok;
    QTest::newRow("decomposed accent") << u("cafe\xCC\x81") << ok;

    QTest::newRow("guest prefix") << u("guest-1") << reserved;
    QTest::newRow("guest prefix, capitals") << u("Guest-7") << reserved;
    QTest::newRow("guest prefix, fullwidth") << u("ｇｕｅｓｔ－1") << reserved;
    QTest::newRow("guest without hyphen") << u("guest1") << ok;
    QTest::newRow("guests") << u("guests") << ok;
}

void tst_UsernamePolicy::check()
{
    QFETCH(QString, username);
    QFETCH(QString, error);
    const UsernamePolicy policy;
    QCOMPARE(policy.check(username), error);
    QCOMPARE(policy.normalize(username).has_value(), error.isEmpty());
}

void tst_UsernamePolicy::limitsAreSettings_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("error");
    QTest::newRow("below min") << u("ab") << QStringLiteral("username too short");
    QTest::newRow("min") << u("abc") << QString();
    QTest::newRow("max") << u("abcde") << QString();
    QTest::newRow("above max") << u("abcdef") << QStringLiteral("username too long");
    QTest::newRow("input above bound") << u("abcdefghi") << QStringLiteral("username too long");
}

void tst_UsernamePolicy::limitsAreSettings()
{
    QFETCH(QString, username);
    QFETCH(QString, error);
    UsernamePolicy::Limits limits;
    limits.minLength = 3;
    limits.maxLength = 5;
    limits.maxInputLength = 8;
    QCOMPARE(UsernamePolicy(limits).check(username), error);
}

void tst_UsernamePolicy::normalize_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("key");
    QTest::newRow("plain") << u("alice") << u("alice");
    QTest::newRow("capitals") << u("ALICE") << u("alice");
    QTest::newRow("fullwidth") << u("ａｌｉｃｅ") << u("alice");
    QTest::newRow("fullwidth capitals") << u("ＡＬＩＣＥ") << u("alice");
    QTest::newRow("Kelvin sign") << u("\xE2\x84\xAA" "ate") << u("kate");
    QTest::newRow("ligature fi") << u("\xEF\xAC\x81le") << u("file");
    QTest::newRow("decomposed accent") << u("Cafe\xCC\x81") << u("caf\xC3\xA9");
    QTest::newRow("Cyrillic") << u("Алиса") << u("алиса");
    QTest::newRow("Greek final sigma") << u("ΟΔΥΣΣΕΥΣ") << u("οδυσσευσ");
}

void tst_UsernamePolicy::normalize()
{
    QFETCH(QString, username);
    QFETCH(QString, key);
    const std::optional<QString> normalized = UsernamePolicy().normalize(username);
    QVERIFY(normalized);
    QCOMPARE(*normalized, key);
    QCOMPARE(UsernamePolicy::keyOf(UsernamePolicy::canonical(username)), key);
}

void tst_UsernamePolicy::sameName_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("case") << u("alice") << u("Alice") << true;
    QTest::newRow("fullwidth") << u("alice") << u("ａｌｉｃｅ") << true;
    QTest::newRow("composed and decomposed") << u("jos\xC3\xA9") << u("jose\xCC\x81") << true;
    QTest::newRow("Greek sigma forms") << u("σοφια") << u("ΣΟΦΙΑ") << true;
    QTest::newRow("Cyrillic look-alike") << u("асе") << u("ace") << false; // all Cyrillic
    QTest::newRow("Cyrillic name") << u("алиса") << u("alisa") << false;
    QTest::newRow("digit one and letter l") << u("a1ice") << u("alice") << false;
}

void tst_UsernamePolicy::sameName()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    const UsernamePolicy policy;
    const std::optional<QString> keyA = policy.normalize(a);
    const std::optional<QString> keyB = policy.normalize(b);
    QVERIFY(keyA && keyB);
    QCOMPARE(*keyA == *keyB, same);
}

void tst_UsernamePolicy::canonicalKeepsCase()
{
    QCOMPARE(UsernamePolicy::canonical(u("Alice")), u("Alice"));
    QCOMPARE(UsernamePolicy::canonical(u("ａｌｉｃｅ")), u("alice"));
    QCOMPARE(UsernamePolicy::canonical(u("Jose\xCC\x81")), u("Jos\xC3\xA9"));
}

void tst_UsernamePolicy::cleanDisplayName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<QString>("output");
    const int dflt = int(UsernamePolicy::kDefaultMaxDisplayNameLength);
    QTest::newRow("plain") << u("Alice Smith") << dflt << u("Alice Smith");
    QTest::newRow("trimmed and collapsed") << u("  Alice   Smith \t") << dflt << u("Alice Smith");
    QTest::newRow("newline and tab") << u("A\nB\tC") << dflt << u("A B C");
    QTest::newRow("line separator") << u("Ann\xE2\x80\xA8Lee") << dflt << u("Ann Lee");
    QTest::newRow("no-break space") << u("Ann\xC2\xA0Lee") << dflt << u("Ann Lee");
    QTest::newRow("RLO stripped") << with("Aliceevil", 0x202E, 5) << dflt << u("Aliceevil");
    QTest::newRow("isolates stripped") << with(with("AB", 0x2066, 1).toUtf8().constData(), 0x2069, 2)
                                       << dflt << u("AB");
    QTest::newRow("zero width stripped") << with("Alice", 0x200B, 2) << dflt << u("Alice");
    QTest::newRow("zero width between spaces") << with("Ann  Lee", 0x200B, 4) << dflt << u("Ann Lee");
    QTest::newRow("bell stripped") << u("\abell") << dflt << u("bell");
    QTest::newRow("only invisible") << QString(3, QChar(0x3164)) << dflt << QString();
    QTest::newRow("empty") << QString() << dflt << QString();
    QTest::newRow("accents and emoji kept") << u("Zoë 🎉") << dflt << u("Zoë 🎉");
    QTest::newRow("cut to the limit") << QString(100, QLatin1Char('x')) << dflt
                                      << QString(dflt, QLatin1Char('x'));
    // Code points, not UTF-16 units: 64 emoji (128 units), no half surrogate pair at the end.
    QTest::newRow("astral cut") << u("😀").repeated(70) << dflt << u("😀").repeated(dflt);
    QTest::newRow("space at the cut dropped") << u("abcd ef") << 5 << u("abcd");
    QTest::newRow("space then one more") << u("ab cdef") << 5 << u("ab cd");
}

void tst_UsernamePolicy::cleanDisplayName()
{
    QFETCH(QString, input);
    QFETCH(int, maxLength);
    QFETCH(QString, output);
    UsernamePolicy::Limits limits;
    limits.maxDisplayNameLength = maxLength;
    QCOMPARE(UsernamePolicy(limits).cleanDisplayName(input), output);
}

void tst_UsernamePolicy::isInvisible_data()
{
    QTest::addColumn<uint>("ch");
    QTest::addColumn<bool>("invisible");
    const QList<std::pair<uint, bool>> rows{
            {0x0007, true},   {0x00AD, true},  {0x200B, true},  {0x200C, true},
            {0x200D, true},   {0x200E, true},  {0x200F, true},  {0x202A, true},
            {0x202E, true},   {0x2060, true},  {0x2066, true},  {0x2069, true},
            {0xFEFF, true},   {0x3164, true},  {0x115F, true},  {0xFE0F, true},
            {0xE0041, true},  {0x2800, true},  {'a', false},    {' ', false},
            {0x00A0, false},  {0x4E00, false}, {0x0430, false}, {0x1F600, false},
    };
    for (const auto &[ch, invisible] : rows)
        QTest::addRow("U+%04X", ch) << ch << invisible;
}

void tst_UsernamePolicy::isInvisible()
{
    QFETCH(uint, ch);
    QFETCH(bool, invisible);
    QCOMPARE(UsernamePolicy::isInvisible(char32_t(ch)), invisible);
}

PARLEY_TEST_GUILESS_MAIN(tst_UsernamePolicy)
#include "tst_usernamepolicy.moc"
