// ChangeEvents, the part without a socket: which emoji a reaction may be (docs/protocol.md,
// "react"). The events themselves are tested over the wire in tst_parleyserver_conversations.

#include "changeevents.h"
#include "testmain.h"

#include <QTest>

class tst_ChangeEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emoji_data();
    void emoji();
    void changeEventsAreHandled();
};

void tst_ChangeEvents::emoji_data()
{
    QTest::addColumn<QString>("emoji");
    QTest::addColumn<bool>("valid");
    QTest::newRow("thumbs up") << QStringLiteral("👍") << true;
    QTest::newRow("with a skin tone") << QStringLiteral("👍🏽") << true;
    QTest::newRow("with a variation selector") << QStringLiteral("❤️") << true;
    QTest::newRow("joined (ZWJ sequence)") << QStringLiteral("👩‍💻") << true;
    QTest::newRow("family") << QStringLiteral("👨‍👩‍👧‍👦") << true;
    QTest::newRow("flag") << QStringLiteral("🇫🇷") << true;
    QTest::newRow("subdivision flag (tags)") << QStringLiteral("🏴󠁧󠁢󠁳󠁣󠁴󠁿") << true;
    QTest::newRow("plain text is allowed") << QStringLiteral("+1") << true;
    QTest::newRow("CJK") << QStringLiteral("好") << true;
    QTest::newRow("32 code units") << QStringLiteral("😀").repeated(16) << true;
    QTest::newRow("33 code units") << QStringLiteral("😀").repeated(16) + QLatin1Char('x') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral(" ") << false;
    QTest::newRow("with a space") << QStringLiteral("👍 ") << false;
    QTest::newRow("no-break space") << QString(QChar(0x00A0)) << false;
    QTest::newRow("line separator") << QStringLiteral("👍") + QChar(0x2028) << false;
    QTest::newRow("newline") << QStringLiteral("👍\n") << false;
    QTest::newRow("NUL") << QStringLiteral("👍") + QChar(0) << false;
    QTest::newRow("escape") << QStringLiteral("\x1b[31m") << false;
    QTest::newRow("bidi override") << QString(QChar(0x202E)) + QStringLiteral("👍") << false;
    QTest::newRow("bidi override after") << QStringLiteral("👍") + QChar(0x202E) << false;
    QTest::newRow("zero-width space") << QStringLiteral("👍") + QChar(0x200B) << false;
    QTest::newRow("joiner alone") << QString(QChar(0x200D)) << false;
    QTest::newRow("joiner first") << QString(QChar(0x200D)) + QStringLiteral("👍") << false;
    QTest::newRow("lone high surrogate") << QString(QChar(0xD83D)) << false;
    QTest::newRow("lone low surrogate") << QStringLiteral("a") + QChar(0xDC4D) << false;
    QTest::newRow("surrogates reversed") << QString(QChar(0xDC4D)) + QChar(0xD83D) << false;
}

void tst_ChangeEvents::emoji()
{
    QFETCH(QString, emoji);
    QFETCH(bool, valid);
    QCOMPARE(ChangeEvents::isValidEmoji(emoji), valid);
}

void tst_ChangeEvents::changeEventsAreHandled()
{
    QVERIFY(ChangeEvents::handles(QStringLiteral("edit")));
    QVERIFY(ChangeEvents::handles(QStringLiteral("delete")));
    QVERIFY(ChangeEvents::handles(QStringLiteral("react")));
    QVERIFY(!ChangeEvents::handles(QStringLiteral("chat message")));
    QVERIFY(!ChangeEvents::handles(QStringLiteral("Edit")));
}

PARLEY_TEST_GUILESS_MAIN(tst_ChangeEvents)
#include "tst_changeevents.moc"
