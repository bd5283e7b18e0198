// Tests ui/emojicatalog.cpp: parsing the catalog format (comments, CRLF, category order, bad lines
// ignored one by one, a bounded line length and entry count), telling an emoji from a word,
// searching by keyword prefix ignoring case, and the embedded catalog itself (every line parses,
// categories in order, the quick reactions are in it).
#include "emojicatalog.h"
#include "messageactions.h"
#include "testmain.h"

#include <QFile>
#include <QTest>

class tst_EmojiCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseKeepsKeywordsLowerCase();
    void parseIsBounded();
    void looksLikeEmoji_data();
    void looksLikeEmoji();
    void search_data();
    void search();
    void categoryOrder();
    void builtIn();
};

namespace {
QStringList emojiOf(const QList<EmojiCatalog::Entry> &entries)
{
    QStringList emoji;
    for (const EmojiCatalog::Entry &e : entries)
        emoji << e.emoji;
    return emoji;
}

QByteArray lineOfLength(int bytes)
{
    QByteArray line = QStringLiteral("smileys\t😀\t").toUtf8();
    while (line.size() < bytes)
        line += 'a';
    return line;
}
} // namespace

void tst_EmojiCatalog::parse_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("emoji");
    const auto utf8 = [](const QString &s) { return s.toUtf8(); };
    QTest::newRow("empty") << QByteArray() << QStringList();
    QTest::newRow("one line") << utf8(QStringLiteral("smileys\t😀\tgrinning smile"))
                              << QStringList{QStringLiteral("😀")};
    QTest::newRow("comments and blank lines")
            << utf8(QStringLiteral("# a comment\n\nsmileys\t😀\tx\n\n# smileys\t😂\tjoy\n"))
            << QStringList{QStringLiteral("😀")};
    QTest::newRow("CRLF") << utf8(QStringLiteral("smileys\t😀\ta\r\nfood\t🍕\tpizza\r\n"))
                          << QStringList{QStringLiteral("😀"), QStringLiteral("🍕")};
    QTest::newRow("category order, then file order")
            << utf8(QStringLiteral("objects\t📱\tphone\nfood\t🍕\tpizza\nsmileys\t😂\tjoy\nsmileys\t😀\tx"))
            << QStringList{QStringLiteral("😂"), QStringLiteral("😀"), QStringLiteral("🍕"),
                           QStringLiteral("📱")};
    QTest::newRow("no keywords is fine") << utf8(QStringLiteral("smileys\t😀\t"))
                                         << QStringList{QStringLiteral("😀")};
    QTest::newRow("unknown category") << utf8(QStringLiteral("flags\t🏁\tx\nSmileys\t😀\tx")) << QStringList();
    QTest::newRow("too few fields") << utf8(QStringLiteral("smileys\t😀\nsmileys")) << QStringList();
    QTest::newRow("too many fields") << utf8(QStringLiteral("smileys\t😀\ta\tb")) << QStringList();
    QTest::newRow("spaces instead of tabs") << utf8(QStringLiteral("smileys 😀 grinning")) << QStringList();
    QTest::newRow("a word, not an emoji") << utf8(QStringLiteral("smileys\tok\tok")) << QStringList();
    QTest::newRow("a space in the emoji") << utf8(QStringLiteral("smileys\t😀 😀\tx")) << QStringList();
    QTest::newRow("empty emoji") << utf8(QStringLiteral("smileys\t\tx")) << QStringList();
    QTest::newRow("emoji too long for the server")
            << utf8(QStringLiteral("smileys\t") + QStringLiteral("😀").repeated(17) + QStringLiteral("\tx"))
            << QStringList();
    QTest::newRow("a repeat: the first one stays")
            << utf8(QStringLiteral("people\t😀\ta\nsmileys\t😀\tb\nsmileys\t😂\tc"))
            << QStringList{QStringLiteral("😂"), QStringLiteral("😀")};
    QTest::newRow("invalid UTF-8") << QByteArray("smileys\t\xff\xfe\tx\nsmileys\t\xf0\x9f\x98\tx") << QStringList();
    QTest::newRow("ZWJ sequence and U+FE0F kept whole")
            << utf8(QStringLiteral("symbols\t❤️‍🔥\tfire\nsymbols\t❤️\theart"))
            << QStringList{QStringLiteral("❤️‍🔥"), QStringLiteral("❤️")};
    QTest::newRow("keycap") << utf8(QStringLiteral("symbols\t1️⃣\tone")) << QStringList{QStringLiteral("1️⃣")};
    QTest::newRow("line at the limit kept")
            << (lineOfLength(EmojiCatalog::kMaxLineLength) + "\nfood\t🍕\tpizza")
            << QStringList{QStringLiteral("😀"), QStringLiteral("🍕")};
    QTest::newRow("a longer line skipped, the next kept")
            << (lineOfLength(EmojiCatalog::kMaxLineLength + 1) + "\nfood\t🍕\tpizza")
            << QStringList{QStringLiteral("🍕")};
    QTest::newRow("a bad line costs only itself")
            << utf8(QStringLiteral("smileys\t😀\ta\nnonsense\nfood\t🍕\tpizza"))
            << QStringList{QStringLiteral("😀"), QStringLiteral("🍕")};
}

void tst_EmojiCatalog::parse()
{
    QFETCH(QByteArray, data);
    QFETCH(QStringList, emoji);
    const EmojiCatalog catalog = EmojiCatalog::parse(data);
    QCOMPARE(emojiOf(catalog.entries()), emoji);
    for (const QString &e : std::as_const(emoji))
        QVERIFY(catalog.contains(e));
}

void tst_EmojiCatalog::parseKeepsKeywordsLowerCase()
{
    const EmojiCatalog catalog = EmojiCatalog::parse(QStringLiteral("symbols\t❤️\tRed  HEART love\n").toUtf8());
    QCOMPARE(catalog.entries().size(), 1);
    const EmojiCatalog::Entry expected{QStringLiteral("symbols"), QStringLiteral("❤️"),
                                       {QStringLiteral("red"), QStringLiteral("heart"), QStringLiteral("love")}};
    QCOMPARE(catalog.entries().first(), expected);
    QCOMPARE(catalog.keywordsOf(QStringLiteral("❤️")), expected.keywords);
    QCOMPARE(catalog.keywordsOf(QStringLiteral("😀")), QStringList());
}

void tst_EmojiCatalog::parseIsBounded()
{
    // More distinct, valid lines than kMaxEntries: the rest is not read.
    QByteArray data;
    for (int i = 0; i < EmojiCatalog::kMaxEntries + 100; ++i) {
        const char32_t symbol[] = {char32_t(0x1f300 + i), 0xfe0f};
        data += "objects\t" + QString::fromUcs4(symbol, 2).toUtf8() + "\tx\n";
    }
    QCOMPARE(EmojiCatalog::parse(data).entries().size(), EmojiCatalog::kMaxEntries);
}

void tst_EmojiCatalog::looksLikeEmoji_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("emoji");
    QTest::newRow("emoji") << QStringLiteral("😀") << true;
    QTest::newRow("with U+FE0F") << QStringLiteral("❤️") << true;
    QTest::newRow("punctuation with U+FE0F") << QStringLiteral("‼️") << true;
    QTest::newRow("keycap") << QStringLiteral("1️⃣") << true;
    QTest::newRow("skin tone") << QStringLiteral("👍🏽") << true;
    QTest::newRow("flag") << QStringLiteral("🇫🇷") << true;
    QTest::newRow("ZWJ sequence") << QStringLiteral("🧑‍💻") << true;
    QTest::newRow("two emoji") << QStringLiteral("😀😀") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("word") << QStringLiteral("ok") << false;
    QTest::newRow("letter and emoji") << QStringLiteral("a😀") << false;
    QTest::newRow("CJK") << QStringLiteral("中") << false;
    QTest::newRow("digits") << QStringLiteral("123") << false;
    QTest::newRow("punctuation") << QStringLiteral("!!") << false;
    QTest::newRow("space") << QStringLiteral("😀 ") << false;
    QTest::newRow("control") << QStringLiteral("😀\u0007") << false;
    QTest::newRow("too long") << QStringLiteral("😀").repeated(17) << false;
}

void tst_EmojiCatalog::looksLikeEmoji()
{
    QFETCH(QString, text);
    QFETCH(bool, emoji);
    QCOMPARE(EmojiCatalog::looksLikeEmoji(text), emoji);
}

void tst_EmojiCatalog::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("found");
    const QString smile = QStringLiteral("😀"), joy = QStringLiteral("😂"), love = QStringLiteral("🥰"),
                  red = QStringLiteral("❤️"), broken = QStringLiteral("💔"), pizza = QStringLiteral("🍕");
    QTest::newRow("empty: everything") << QString() << QStringList{smile, joy, love, red, broken, pizza};
    QTest::newRow("blank: everything") << QStringLiteral("   ") << QStringList{smile, joy, love, red, broken, pizza};
    QTest::newRow("word, catalog order") << QStringLiteral("heart") << QStringList{love, red, broken};
    QTest::newRow("upper case") << QStringLiteral("HEART") << QStringList{love, red, broken};
    QTest::newRow("prefix") << QStringLiteral("hea") << QStringList{love, red, broken};
    QTest::newRow("not inside a word") << QStringLiteral("eart") << QStringList();
    QTest::newRow("every word must match") << QStringLiteral("red heart") << QStringList{red};
    QTest::newRow("words in any order, extra spaces") << QStringLiteral("  heart\tred ") << QStringList{red};
    QTest::newRow("one word no match") << QStringLiteral("red pizza") << QStringList();
    QTest::newRow("shared keyword") << QStringLiteral("love") << QStringList{love, red};
    QTest::newRow("nothing") << QStringLiteral("xyz") << QStringList();
    QTest::newRow("an emoji is no keyword") << smile << QStringList();
}

void tst_EmojiCatalog::search()
{
    QFETCH(QString, query);
    QFETCH(QStringList, found);
    const EmojiCatalog catalog = EmojiCatalog::parse(QStringLiteral("symbols\t❤️\tred heart love\n"
                                                                    "food\t🍕\tpizza\n"
                                                                    "smileys\t😀\tgrinning smile\n"
                                                                    "symbols\t💔\tbroken heart\n"
                                                                    "smileys\t😂\tjoy tears\n"
                                                                    "smileys\t🥰\tlove hearts\n")
                                                             .toUtf8());
    QCOMPARE(emojiOf(catalog.search(query)), found);
}

void tst_EmojiCatalog::categoryOrder()
{
    QCOMPARE(EmojiCatalog::categoryOrder(),
             (QStringList{QStringLiteral("smileys"), QStringLiteral("people"), QStringLiteral("symbols"),
                          QStringLiteral("nature"), QStringLiteral("food"), QStringLiteral("activities"),
                          QStringLiteral("objects")}));
}

void tst_EmojiCatalog::builtIn()
{
    const EmojiCatalog &catalog = EmojiCatalog::builtIn();
    // Every line of the shipped file parses: none is dropped as malformed or repeated.
    QFile file(QStringLiteral(":/emoji/emoji.txt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    int lines = 0;
    for (const QByteArray &line : file.readAll().split('\n'))
        lines += (!line.isEmpty() && !line.startsWith('#')) ? 1 : 0;
    QCOMPARE(catalog.entries().size(), lines);
    QVERIFY(lines >= 200 && lines <= 300);

    // Grouped in the category order, every category present.
    const QStringList order = EmojiCatalog::categoryOrder();
    int previous = 0;
    for (const EmojiCatalog::Entry &e : catalog.entries()) {
        const int at = int(order.indexOf(e.category));
        QVERIFY2(at >= previous, qPrintable(e.emoji));
        QVERIFY2(!e.keywords.isEmpty(), qPrintable(e.emoji));
        previous = at;
    }
    for (const QString &category : order)
        QVERIFY2(!catalog.inCategory(category).isEmpty(), qPrintable(category));

    // The quick set is in it, fully qualified (the heart with U+FE0F), and so is a ZWJ sequence.
    for (const QString &emoji : MessageActions::quickReactions())
        QVERIFY2(catalog.contains(emoji), qPrintable(emoji));
    QVERIFY(catalog.contains(QStringLiteral("\u2764\ufe0f")));
    QVERIFY(!catalog.contains(QStringLiteral("\u2764")));
    QVERIFY(catalog.contains(QStringLiteral("🧑‍💻")));
}

PARLEY_TEST_GUILESS_MAIN(tst_EmojiCatalog)
#include "tst_emojicatalog.moc"
