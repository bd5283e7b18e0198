// MessageChange: the one rule by which edits, deletes and reactions alter their target, for the
// store and the models. Tables of (message, change) -> message, and idempotence.
#include "messagechange.h"
#include "testmain.h"

#include <QTest>

using Kind = ChatMessage::Kind;

namespace {
const QDateTime kT1 = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
const QDateTime kT2 = kT1.addSecs(60);

ChatMessage message(const QString &text = QStringLiteral("hello"))
{
    ChatMessage m;
    m.room = QStringLiteral("lobby");
    m.seq = 7;
    m.text = text;
    m.senderId = 3;
    return m;
}

ChatMessage change(Kind kind, const QString &text = {}, qint64 by = 5, bool on = true, qint64 target = 7)
{
    ChatMessage c;
    c.kind = kind;
    c.room = QStringLiteral("lobby");
    c.seq = 20;
    c.target = target;
    c.text = text;
    c.senderId = by;
    c.reactionOn = on;
    c.time = kT2;
    return c;
}

ChatMessage::Reaction reaction(const char *emoji, int count, QList<qint64> users)
{
    return ChatMessage::Reaction{QString::fromUtf8(emoji), count, users};
}
} // namespace

Q_DECLARE_METATYPE(QList<ChatMessage::Reaction>)

class tst_MessageChange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void apply_data();
    void apply();
    void reactionsAreBounded();
    void reactionOrderDoesNotDependOnTheOrderApplied();
    void emoji_data();
    void emoji();
};

void tst_MessageChange::apply_data()
{
    QTest::addColumn<ChatMessage>("before");
    QTest::addColumn<QList<ChatMessage>>("changes");
    QTest::addColumn<ChatMessage>("after");
    QTest::addColumn<bool>("changedByFirst");

    ChatMessage edited = message(QStringLiteral("hi there"));
    edited.edited = kT2;
    QTest::newRow("edit") << message() << QList<ChatMessage>{change(Kind::Edit, QStringLiteral("hi there"))}
                          << edited << true;
    QTest::newRow("edit twice is one edit")
            << message()
            << QList<ChatMessage>{change(Kind::Edit, QStringLiteral("hi there")), change(Kind::Edit, QStringLiteral("hi there"))}
            << edited << true;
    ChatMessage deleted = message(QString());
    deleted.deleted = true;
    QTest::newRow("delete") << message() << QList<ChatMessage>{change(Kind::Delete)} << deleted << true;
    QTest::newRow("an edit after the delete does not bring the text back")
            << message() << QList<ChatMessage>{change(Kind::Delete), change(Kind::Edit, QStringLiteral("back"))}
            << deleted << true;
    // The edit shown at once, then the delete: nothing of the edit is left (no "edited" time),
    // as on every client that never saw the edit (chaos test seed 90401581).
    QTest::newRow("a delete drops the edit time")
            << message() << QList<ChatMessage>{change(Kind::Edit, QStringLiteral("hi there")), change(Kind::Delete)}
            << deleted << true;
    ChatMessage withReactions = message();
    withReactions.reactions = {reaction("👍", 2, {5, 6})};
    QTest::newRow("two people react")
            << message()
            << QList<ChatMessage>{change(Kind::React, QStringLiteral("👍"), 5), change(Kind::React, QStringLiteral("👍"), 6),
                                  change(Kind::React, QStringLiteral("👍"), 5)}
            << withReactions << true;
    QTest::newRow("taken back") << withReactions
                                << QList<ChatMessage>{change(Kind::React, QStringLiteral("👍"), 5, false),
                                                      change(Kind::React, QStringLiteral("👍"), 6, false)}
                                << message() << true;
    QTest::newRow("taking back what one never gave does nothing")
            << message() << QList<ChatMessage>{change(Kind::React, QStringLiteral("👍"), 5, false)} << message() << false;
    ChatMessage deletedWithReactions = withReactions;
    deletedWithReactions.deleted = true;
    deletedWithReactions.text.clear();
    deletedWithReactions.reactions.clear();
    QTest::newRow("a delete drops the reactions")
            << withReactions << QList<ChatMessage>{change(Kind::Delete), change(Kind::React, QStringLiteral("🎉"))}
            << deletedWithReactions << true;
    QTest::newRow("another message's change") << message()
                                              << QList<ChatMessage>{change(Kind::Edit, QStringLiteral("x"), 3, true, 8)}
                                              << message() << false;
    ChatMessage otherRoom = change(Kind::Delete);
    otherRoom.room = QStringLiteral("elsewhere");
    QTest::newRow("another room's change") << message() << QList<ChatMessage>{otherRoom} << message() << false;
    QTest::newRow("a message is not a change") << message() << QList<ChatMessage>{message(QStringLiteral("x"))}
                                               << message() << false;
    QTest::newRow("an invalid emoji") << message() << QList<ChatMessage>{change(Kind::React, QStringLiteral("a b"))}
                                      << message() << false;
}

void tst_MessageChange::apply()
{
    QFETCH(ChatMessage, before);
    QFETCH(QList<ChatMessage>, changes);
    QFETCH(ChatMessage, after);
    QFETCH(bool, changedByFirst);
    ChatMessage m = before;
    for (int i = 0; i < changes.size(); ++i) {
        const bool changed = MessageChange::apply(changes.at(i), &m);
        if (i == 0)
            QCOMPARE(changed, changedByFirst);
    }
    QCOMPARE(m.text, after.text);
    QCOMPARE(m.deleted, after.deleted);
    QCOMPARE(m.edited, after.edited);
    QCOMPARE(m.reactions, after.reactions);
    // Applying them all again changes nothing: a catch-up may bring a change twice.
    for (const ChatMessage &c : std::as_const(changes))
        QVERIFY(!MessageChange::apply(c, &m) || c.kind == Kind::React);
    QCOMPARE(m.text, after.text);
}

void tst_MessageChange::reactionsAreBounded()
{
    QList<ChatMessage::Reaction> reactions;
    for (int i = 0; i < ChatMessage::kMaxReactions + 5; ++i)
        MessageChange::setReaction(&reactions, QString(QChar(u'a' + i)), 1, true);
    QCOMPARE(reactions.size(), ChatMessage::kMaxReactions);
    QList<ChatMessage::Reaction> many;
    for (qint64 user = 1; user <= 200; ++user)
        QVERIFY(MessageChange::setReaction(&many, QStringLiteral("👍"), user, true));
    QCOMPARE(many.first().count, 200);
    QCOMPARE(many.first().users.size(), ChatMessage::kMaxReactionUsers);
}

// Three people react; every order of applying their six changes ends in the same list: most
// people first, then by emoji, ids ascending (what the chaos test of issue 12 found diverging).
void tst_MessageChange::reactionOrderDoesNotDependOnTheOrderApplied()
{
    struct Step
    {
        const char *emoji;
        qint64 user;
    };
    QList<Step> steps{{"🎉", 3}, {"👍", 2}, {"👍", 1}, {"❤️", 1}, {"🎉", 2}, {"😂", 4}};
    std::sort(steps.begin(), steps.end(), [](const Step &a, const Step &b) {
        return std::pair(QString::fromUtf8(a.emoji), a.user) < std::pair(QString::fromUtf8(b.emoji), b.user);
    });
    QList<ChatMessage::Reaction> first;
    int orders = 0;
    do {
        QList<ChatMessage::Reaction> reactions;
        for (const Step &s : std::as_const(steps))
            QVERIFY(MessageChange::setReaction(&reactions, QString::fromUtf8(s.emoji), s.user, true));
        if (orders++ == 0)
            first = reactions;
        QCOMPARE(reactions, first);
    } while (std::next_permutation(steps.begin(), steps.end(), [](const Step &a, const Step &b) {
        return std::pair(QString::fromUtf8(a.emoji), a.user) < std::pair(QString::fromUtf8(b.emoji), b.user);
    }));
    QCOMPARE(orders, 720);
    // Two each first (🎉 before 👍 by code units), then one each by emoji.
    QCOMPARE(first.size(), 4);
    QCOMPARE(first.at(0), reaction("🎉", 2, {2, 3}));
    QCOMPARE(first.at(1), reaction("👍", 2, {1, 2}));
    QVERIFY(first.at(2).emoji < first.at(3).emoji);
    // Taking one back reorders: 👍 alone has two now.
    QVERIFY(MessageChange::setReaction(&first, QStringLiteral("🎉"), 3, false));
    QCOMPARE(first.at(0).emoji, QStringLiteral("👍"));
}

void tst_MessageChange::emoji_data()
{
    QTest::addColumn<QString>("emoji");
    QTest::addColumn<bool>("valid");
    QTest::newRow("thumbs up") << QStringLiteral("👍") << true;
    QTest::newRow("with skin tone") << QStringLiteral("👍🏽") << true;
    QTest::newRow("ZWJ family") << QStringLiteral("👨‍👩‍👧‍👦") << true;
    QTest::newRow("heart with variation selector") << QStringLiteral("❤️") << true;
    QTest::newRow("a word") << QStringLiteral("+1") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("newline") << QStringLiteral("a\nb") << false;
    QTest::newRow("ESC") << QStringLiteral("\u001b[2J") << false;
    QTest::newRow("bidi override") << QStringLiteral("\u202e👍") << false;
    QTest::newRow("too long") << QString(ChatMessage::kMaxEmojiLength + 1, u'x') << false;
}

void tst_MessageChange::emoji()
{
    QFETCH(QString, emoji);
    QFETCH(bool, valid);
    QCOMPARE(MessageChange::isValidEmoji(emoji), valid);
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageChange)
#include "tst_messagechange.moc"
