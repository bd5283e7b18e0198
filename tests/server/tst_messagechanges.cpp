// MessageChanges through HistoryStore (no socket): edits, deletes and reactions with their rules
// (who, when, which target), de-duplication across messages and changes, replies, what pages
// show (change rows with "after" only; message rows in their current state with their
// reactions), and that a delete leaves no trace of the text in the file.

#include "historystore.h"
#include "testdatabase.h"
#include "messagechanges.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using Kind = HistoryStore::Message::Kind;
using Outcome = HistoryStore::Outcome;

namespace {

const QString kLobby = QStringLiteral("lobby");
const HistoryStore::Sender kAlice{1, QStringLiteral("alice"), QStringLiteral("alice"), false};
const HistoryStore::Sender kBob{2, QStringLiteral("bob"), QStringLiteral("bob"), false};
constexpr qsizetype kNoBudget = 1'000'000;
constexpr std::chrono::milliseconds kWindow = 48h;

HistoryStore::Change makeChange(Kind kind, qint64 target, const QString &text = QString(),
                                const QString &clientId = QString(), bool on = true)
{
    HistoryStore::Change c;
    c.kind = kind;
    c.target = target;
    c.text = text;
    c.clientId = clientId;
    c.on = on;
    return c;
}

//! first, first + 1, …, last.
QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 i = first; i <= last; ++i)
        result << i;
    return result;
}

QList<qint64> seqs(const HistoryStore::Page &page)
{
    QList<qint64> result;
    for (const HistoryStore::Message &m : page.messages)
        result << m.seq;
    return result;
}

//! The message \a seq of \a room as a page shows it (a default Message when it is not there).
HistoryStore::Message messageAt(HistoryStore &store, const QString &room, qint64 seq)
{
    const std::optional<HistoryStore::Page> page = store.before(room, seq + 1, 1, kNoBudget);
    return page && !page->messages.isEmpty() && page->messages.constFirst().seq == seq
            ? page->messages.constFirst()
            : HistoryStore::Message{};
}

} // namespace

Q_DECLARE_METATYPE(HistoryStore::Change)

class tst_MessageChanges : public QObject
{
    Q_OBJECT

private:
    //! lobby: 1 alice "a1" (t 1000), 2 bob "b2" (t 1000), 3 alice's edit of 1 to "a1 edited",
    //! 4 alice "a4", 5 alice's delete of 4. "other": 1 bob "o1".
    static void seed(HistoryStore &store)
    {
        QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("a1"), QStringLiteral("c1"), 1000).message.seq, 1);
        QCOMPARE(store.post(kLobby, kBob, QStringLiteral("b2"), QStringLiteral("c2"), 1000).message.seq, 2);
        QCOMPARE(store.change(kLobby, kAlice, makeChange(Kind::Edit, 1, QStringLiteral("a1 edited"), QStringLiteral("c3")),
                              1500, false, kWindow).message.seq, 3);
        QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("a4"), QStringLiteral("c4"), 1000).message.seq, 4);
        QCOMPARE(store.change(kLobby, kAlice, makeChange(Kind::Delete, 4, {}, QStringLiteral("c5")), 1600, false,
                              kWindow).message.seq, 5);
        QCOMPARE(store.post(QStringLiteral("other"), kBob, QStringLiteral("o1"), QStringLiteral("o1"), 1000).message.seq, 1);
    }

private Q_SLOTS:
    void initTestCase();
    void rules_data();
    void rules();
    void editStoresARowAndChangesTheMessage();
    void deleteRemovesTheTextEverywhere();
    void reactionsAreSetTakenBackAndListed();
    void reactionsAreLimitedPerMessage();
    void listedUsersAreCappedNotCounted();
    void resendsAreDuplicatesAcrossMessagesAndChanges();
    void repliesPointAtMessages();
    void pagesOfMessagesSkipChanges();
    void failedChangeStoresNothing();
    void reopenKeepsTheChanges();
};

void tst_MessageChanges::initTestCase()
{
    PARLEY_TEST_DATABASE_SETUP();
}

void tst_MessageChanges::rules_data()
{
    QTest::addColumn<HistoryStore::Change>("change");
    QTest::addColumn<bool>("byBob");  // else alice
    QTest::addColumn<bool>("admin");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("windowMs");
    QTest::addColumn<int>("outcome");  // Outcome
    QTest::addColumn<QString>("error");
    const qint64 window = kWindow.count();
    const QString edited = QStringLiteral("new");
    const auto row = [&](const char *name, HistoryStore::Change c, bool byBob, bool admin, qint64 now,
                         qint64 windowMs, Outcome outcome, const char *error = "") {
        QTest::newRow(name) << c << byBob << admin << now << windowMs << int(outcome)
                            << QString::fromUtf8(error);
    };
    row("edit own", makeChange(Kind::Edit, 1, edited), false, false, 2000, window, Outcome::Stored);
    row("edit someone else's", makeChange(Kind::Edit, 1, edited), true, false, 2000, window, Outcome::Refused, "not allowed");
    row("an admin may not edit others'", makeChange(Kind::Edit, 1, edited), true, true, 2000, window, Outcome::Refused, "not allowed");
    row("edit an unknown seq", makeChange(Kind::Edit, 99, edited), false, false, 2000, window, Outcome::Refused, "unknown message");
    row("edit a change's seq", makeChange(Kind::Edit, 3, edited), false, false, 2000, window, Outcome::Refused, "unknown message");
    row("edit a deleted message", makeChange(Kind::Edit, 4, edited), false, false, 2000, window, Outcome::Refused, "not allowed");
    row("edit to the same text", makeChange(Kind::Edit, 1, QStringLiteral("a1 edited")), false, false, 2000, window, Outcome::Unchanged);
    row("edit at the window's end", makeChange(Kind::Edit, 1, edited), false, false, 1000 + window, window, Outcome::Stored);
    row("edit past the window", makeChange(Kind::Edit, 1, edited), false, false, 1001 + window, window, Outcome::Refused, "edit window passed");
    row("edit with no window", makeChange(Kind::Edit, 1, edited), false, false, 1000 + 100 * window, 0, Outcome::Stored);
    row("delete own", makeChange(Kind::Delete, 1), false, false, 2000, window, Outcome::Stored);
    row("delete own past the edit window", makeChange(Kind::Delete, 1), false, false, 1001 + window, window, Outcome::Stored);
    row("delete someone else's", makeChange(Kind::Delete, 2), false, false, 2000, window, Outcome::Refused, "not allowed");
    row("an admin deletes someone else's", makeChange(Kind::Delete, 2), false, true, 2000, window, Outcome::Stored);
    row("delete a deleted message", makeChange(Kind::Delete, 4), false, false, 2000, window, Outcome::Refused, "not allowed");
    row("delete a change's seq", makeChange(Kind::Delete, 5), false, true, 2000, window, Outcome::Refused, "unknown message");
    row("react", makeChange(Kind::React, 1, QStringLiteral("👍")), true, false, 2000, window, Outcome::Stored);
    row("react to one's own", makeChange(Kind::React, 1, QStringLiteral("👍")), false, false, 2000, window, Outcome::Stored);
    row("react past the edit window", makeChange(Kind::React, 2, QStringLiteral("👍")), false, false, 1001 + window, window, Outcome::Stored);
    row("react to a deleted message", makeChange(Kind::React, 4, QStringLiteral("👍")), false, false, 2000, window, Outcome::Refused, "not allowed");
    row("react to a change's seq", makeChange(Kind::React, 3, QStringLiteral("👍")), false, false, 2000, window, Outcome::Refused, "unknown message");
    row("react to an unknown seq", makeChange(Kind::React, 6, QStringLiteral("👍")), false, false, 2000, window, Outcome::Refused, "unknown message");
    row("take back what one has not", makeChange(Kind::React, 1, QStringLiteral("👍"), {}, false), false, false, 2000, window, Outcome::Unchanged);
}

void tst_MessageChanges::rules()
{
    QFETCH(HistoryStore::Change, change);
    QFETCH(bool, byBob);
    QFETCH(bool, admin);
    QFETCH(qint64, now);
    QFETCH(qint64, windowMs);
    QFETCH(int, outcome);
    QFETCH(QString, error);
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    change.clientId = QStringLiteral("the change");
    const HistoryStore::Posting p = store.change(kLobby, byBob ? kBob : kAlice, change, now, admin,
                                                 std::chrono::milliseconds(windowMs));
    QCOMPARE(int(p.outcome), outcome);
    QCOMPARE(p.error, error);
    if (p.outcome == Outcome::Stored) {
        QCOMPARE(p.message.seq, 6);  // the room's one counter
        QCOMPARE(p.message.kind, change.kind);
        QCOMPARE(p.message.target, change.target);
        QCOMPARE(p.message.timeMs, now);
        QCOMPARE(store.lastSeq(kLobby).value_or(-1), 6);
    } else {
        QCOMPARE(store.lastSeq(kLobby).value_or(-1), 5);  // no seq used, nothing written
        QCOMPARE(store.messageCount().value_or(-1), 6);
    }
    if (p.outcome == Outcome::Unchanged) {  // answered with the target and the time now, no seq
        QCOMPARE(p.message.room, kLobby);
        QCOMPARE(p.message.seq, 0);
        QCOMPARE(p.message.target, change.target);
        QCOMPARE(p.message.kind, change.kind);
        QCOMPARE(p.message.timeMs, now);
    }
    QCOMPARE(store.lastSeq(QStringLiteral("other")).value_or(-1), 1);
}

void tst_MessageChanges::editStoresARowAndChangesTheMessage()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    const HistoryStore::Posting p = store.change(
            kLobby, kAlice, makeChange(Kind::Edit, 1, QStringLiteral("third text"), QStringLiteral("e2")), 2000,
            false, kWindow);
    QCOMPARE(p.outcome, Outcome::Stored);
    QCOMPARE(p.message.text, QStringLiteral("third text"));
    QCOMPARE(p.message.senderId, kAlice.id);
    QCOMPARE(p.message.clientId, QStringLiteral("e2"));

    const HistoryStore::Message m = messageAt(store, kLobby, 1);
    QCOMPARE(m.text, QStringLiteral("third text"));
    QCOMPARE(m.editedMs, 2000);
    QCOMPARE(m.timeMs, 1000);  // still posted when it was
    QCOMPARE(m.kind, Kind::Message);
    // Catching up: both edits as rows of their own, in seq order, between the messages.
    const std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 100, kNoBudget);
    QVERIFY(page);
    QCOMPARE(seqs(*page), (QList<qint64>{1, 2, 3, 4, 5, 6}));
    const HistoryStore::Message &first = page->messages.at(2);
    QCOMPARE(first.kind, Kind::Edit);
    QCOMPARE(first.target, 1);
    QCOMPARE(first.text, QStringLiteral("a1 edited"));
    QCOMPARE(first.timeMs, 1500);
    QCOMPARE(page->messages.at(5).text, QStringLiteral("third text"));
    QCOMPARE(page->messages.at(0).text, QStringLiteral("third text"));  // the message as it is now
}

void tst_MessageChanges::deleteRemovesTheTextEverywhere()
{
    PARLEY_SQLITE_ONLY(); // the bytes of the file (secure_delete)
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    // Long enough to need overflow pages: freed pages keep their bytes unless overwritten.
    const QString secret = QStringLiteral("the secret plan ").repeated(400);
    const QString secretEdit = QStringLiteral("the secret plan, v2 ").repeated(400);
    {
        HistoryStore store;
        QVERIFY(store.open(path));
        QCOMPARE(store.post(kLobby, kAlice, secret, QStringLiteral("s"), 1000).message.seq, 1);
        QCOMPARE(store.post(kLobby, kBob, QStringLiteral("kept"), QStringLiteral("k"), 1000).message.seq, 2);
        QCOMPARE(store.change(kLobby, kAlice, makeChange(Kind::Edit, 1, secretEdit), 1100, false, kWindow).outcome,
                 Outcome::Stored);
        QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 1, QStringLiteral("😮")), 1200, false, kWindow).outcome,
                 Outcome::Stored);
        QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 2, QStringLiteral("😮")), 1200, false, kWindow).outcome,
                 Outcome::Stored);
        const HistoryStore::Posting deleted =
                store.change(kLobby, kAlice, makeChange(Kind::Delete, 1, {}, QStringLiteral("d")), 1300, false, kWindow);
        QCOMPARE(deleted.outcome, Outcome::Stored);
        QCOMPARE(deleted.message.seq, 6);
        QCOMPARE(deleted.message.text, QString());

        const HistoryStore::Message m = messageAt(store, kLobby, 1);
        QVERIFY(m.deleted);
        QCOMPARE(m.text, QString());
        QVERIFY(m.reactions.isEmpty());  // dropped with the text
        QCOMPARE(messageAt(store, kLobby, 2).reactions.size(), 1);  // others' stay
        const std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 100, kNoBudget);
        QVERIFY(page);
        QCOMPARE(seqs(*page), range(1, 6));
        QCOMPARE(page->messages.at(2).kind, Kind::Edit);
        QCOMPARE(page->messages.at(2).text, QString());  // the edit's row lost its text too
        QCOMPARE(page->messages.at(5).kind, Kind::Delete);
        QCOMPARE(page->messages.at(5).target, 1);
    }
    // Straight from the file: neither text is in any row, nor anywhere in its bytes.
    const QString texts = RawSqliteFile::column(path, QStringLiteral("SELECT text FROM messages ORDER BY seq"));
    QCOMPARE(texts, QStringLiteral("\nkept\n\n😮\n😮\n"));
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("SELECT COUNT(*) FROM reactions WHERE seq = 1")),
             QStringLiteral("0"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.contains("kept"));
    QVERIFY(!bytes.contains("secret plan"));
}

void tst_MessageChanges::reactionsAreSetTakenBackAndListed()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    const HistoryStore::Sender carol{3, QStringLiteral("carol"), QStringLiteral("carol"), true};
    const auto react = [&](const HistoryStore::Sender &who, const QString &emoji, bool on) {
        return store.change(kLobby, who, makeChange(Kind::React, 1, emoji, {}, on), 2000, false, kWindow);
    };
    const QString thumbs = QStringLiteral("👍");
    const QString heart = QStringLiteral("❤️");
    HistoryStore::Posting p = react(kBob, thumbs, true);
    QCOMPARE(p.outcome, Outcome::Stored);
    QCOMPARE(p.message.kind, Kind::React);
    QCOMPARE(p.message.text, thumbs);
    QVERIFY(p.message.reactionOn);
    QCOMPARE(react(kBob, thumbs, true).outcome, Outcome::Unchanged);  // has it already
    QCOMPARE(react(carol, heart, true).outcome, Outcome::Stored);
    QCOMPARE(react(carol, thumbs, true).outcome, Outcome::Stored);
    QCOMPARE(react(kAlice, thumbs, true).outcome, Outcome::Stored);
    p = react(carol, thumbs, false);
    QCOMPARE(p.outcome, Outcome::Stored);
    QVERIFY(!p.message.reactionOn);
    QCOMPARE(react(carol, thumbs, false).outcome, Outcome::Unchanged);  // has it no more

    HistoryStore::Message m = messageAt(store, kLobby, 1);
    QCOMPARE(m.reactions.size(), 2);
    QCOMPARE(m.reactions.at(0).emoji, thumbs);  // most people first
    QCOMPARE(m.reactions.at(0).count, 2);
    QCOMPARE(m.reactions.at(0).users, (QList<qint64>{std::min(kBob.id, kAlice.id), std::max(kBob.id, kAlice.id)})); // ids ascending
    QCOMPARE(m.reactions.at(1).emoji, heart);
    QCOMPARE(m.reactions.at(1).users, (QList<qint64>{carol.id}));
    QVERIFY(messageAt(store, kLobby, 2).reactions.isEmpty());
    // The same in every kind of page, and never on a change row.
    const std::optional<HistoryStore::Page> after = store.after(kLobby, 0, 100, kNoBudget);
    QVERIFY(after);
    for (const HistoryStore::Message &row : after->messages) {
        QCOMPARE(row.reactions.size(), row.seq == 1 ? 2 : 0);
        if (row.seq > 5)
            QCOMPARE(row.kind, Kind::React);
    }
    QCOMPARE(after->messages.constFirst().reactions.at(0).users, m.reactions.at(0).users);
    QCOMPARE(store.newest(kLobby, 100, kNoBudget)->messages.constFirst().reactions.size(), 2);
    // The last one taken back: the emoji is gone from the message.
    QCOMPARE(react(carol, heart, false).outcome, Outcome::Stored);
    m = messageAt(store, kLobby, 1);
    QCOMPARE(m.reactions.size(), 1);
}

void tst_MessageChanges::reactionsAreLimitedPerMessage()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    const auto react = [&](const HistoryStore::Sender &who, const QString &emoji) {
        return store.change(kLobby, who, makeChange(Kind::React, 2, emoji), 2000, false, kWindow);
    };
    for (int i = 0; i < MessageChanges::kMaxEmojiPerMessage; ++i)
        QCOMPARE(react(i % 2 ? kAlice : kBob, QString(QChar(0x2600 + i))).outcome, Outcome::Stored);
    const qint64 last = store.lastSeq(kLobby).value_or(-1);
    const HistoryStore::Posting one = react(kAlice, QStringLiteral("🎉"));
    QCOMPARE(one.outcome, Outcome::Refused);
    QCOMPARE(one.error, QStringLiteral("too many reactions"));
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), last);
    // An emoji it has already takes more people; another message has its own 20.
    QCOMPARE(react(kAlice, QString(QChar(0x2600))).outcome, Outcome::Stored);
    QCOMPARE(store.change(kLobby, kAlice, makeChange(Kind::React, 1, QStringLiteral("🎉")), 2000, false, kWindow).outcome,
             Outcome::Stored);
    QCOMPARE(messageAt(store, kLobby, 2).reactions.size(), MessageChanges::kMaxEmojiPerMessage);
    QCOMPARE(messageAt(store, kLobby, 2).reactions.constFirst().count, 2);
}

void tst_MessageChanges::listedUsersAreCappedNotCounted()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    constexpr int kPeople = MessageChanges::kMaxListedUsers + 10;
    for (qint64 id = 100; id < 100 + kPeople; ++id) {
        const HistoryStore::Sender who{id, QStringLiteral("p"), QStringLiteral("p%1").arg(id), false};
        for (const qint64 target : {1, 2}) {
            QCOMPARE(store.change(kLobby, who, makeChange(Kind::React, target, QStringLiteral("👍")), 2000, false,
                                  kWindow).outcome,
                     Outcome::Stored);
        }
    }
    const std::optional<HistoryStore::Page> page = store.newest(kLobby, 10, kNoBudget);
    QVERIFY(page);
    for (const HistoryStore::Message &m : page->messages) {
        if (m.seq > 2) {
            QVERIFY(m.reactions.isEmpty());
            continue;
        }
        QCOMPARE(m.reactions.size(), 1);
        QCOMPARE(m.reactions.constFirst().count, kPeople);
        QCOMPARE(m.reactions.constFirst().users, range(100, 100 + MessageChanges::kMaxListedUsers - 1));
    }
}

void tst_MessageChanges::resendsAreDuplicatesAcrossMessagesAndChanges()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    // The same change again: the original row, nothing new (even once the message is deleted).
    const HistoryStore::Change edit = makeChange(Kind::Edit, 1, QStringLiteral("again"), QStringLiteral("c3"));
    HistoryStore::Posting p = store.change(kLobby, kAlice, edit, 9000, false, kWindow);
    QCOMPARE(p.outcome, Outcome::Duplicate);
    QCOMPARE(p.message.seq, 3);
    QCOMPARE(p.message.timeMs, 1500);
    QCOMPARE(p.message.kind, Kind::Edit);
    QCOMPARE(p.message.text, QStringLiteral("a1 edited"));
    p = store.change(kLobby, kAlice, makeChange(Kind::Delete, 4, {}, QStringLiteral("c5")), 9000, false, kWindow);
    QCOMPARE(p.outcome, Outcome::Duplicate);
    QCOMPARE(p.message.seq, 5);
    // A change under a message's clientId is that message; a message under a change's, that change.
    p = store.change(kLobby, kAlice, makeChange(Kind::React, 2, QStringLiteral("👍"), QStringLiteral("c1")), 9000,
                     false, kWindow);
    QCOMPARE(p.outcome, Outcome::Duplicate);
    QCOMPARE(p.message.seq, 1);
    QCOMPARE(p.message.kind, Kind::Message);
    p = store.post(kLobby, kAlice, QStringLiteral("x"), QStringLiteral("c3"), 9000);
    QCOMPARE(p.outcome, Outcome::Duplicate);
    QCOMPARE(p.message.seq, 3);
    // Another account's clientId is its own.
    p = store.change(kLobby, kBob, makeChange(Kind::React, 1, QStringLiteral("👍"), QStringLiteral("c3")), 9000,
                     false, kWindow);
    QCOMPARE(p.outcome, Outcome::Stored);
    QCOMPARE(p.message.seq, 6);
    QCOMPARE(store.messageCount().value_or(-1), 7);
}

void tst_MessageChanges::repliesPointAtMessages()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    HistoryStore::Posting p = store.post(kLobby, kBob, QStringLiteral("re: a1"), QStringLiteral("r1"), 2000, 1);
    QCOMPARE(p.outcome, Outcome::Stored);
    QCOMPARE(p.message.replyTo, 1);
    QCOMPARE(messageAt(store, kLobby, 6).replyTo, 1);
    QCOMPARE(messageAt(store, kLobby, 2).replyTo, 0);
    // A deleted message is still a message to answer.
    QCOMPARE(store.post(kLobby, kBob, QStringLiteral("re: a4"), QStringLiteral("r2"), 2000, 4).outcome, Outcome::Stored);
    for (const qint64 target : {3, 5, 99}) {  // a change's seq, another's, none
        p = store.post(kLobby, kBob, QStringLiteral("re"), QStringLiteral("r%1").arg(target), 2000, target);
        QCOMPARE(p.outcome, Outcome::Refused);
        QCOMPARE(p.error, QStringLiteral("unknown message"));
    }
    // Another room's message is not this room's.
    p = store.post(QStringLiteral("other"), kBob, QStringLiteral("re"), QStringLiteral("r-o"), 2000, 2);
    QCOMPARE(p.outcome, Outcome::Refused);
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), 7);
    QCOMPARE(store.lastSeq(QStringLiteral("other")).value_or(-1), 1);
    QCOMPARE(store.post(QStringLiteral("other"), kBob, QStringLiteral("re"), QStringLiteral("r-o"), 2000, 1).outcome,
             Outcome::Stored);
}

void tst_MessageChanges::pagesOfMessagesSkipChanges()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);  // messages 1, 2, 4; changes 3, 5
    QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 2, QStringLiteral("👍")), 2000, false, kWindow).message.seq, 6);
    QCOMPARE(store.post(kLobby, kBob, QStringLiteral("b7"), QString(), 2000).message.seq, 7);
    QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::Edit, 7, QStringLiteral("b7!")), 2000, false, kWindow).message.seq, 8);

    std::optional<HistoryStore::Page> page = store.newest(kLobby, 2, kNoBudget);
    QVERIFY(page);
    QCOMPARE(seqs(*page), (QList<qint64>{4, 7}));
    QVERIFY(page->hasMore);
    QVERIFY(page->messages.at(0).deleted);
    QCOMPARE(page->messages.at(1).text, QStringLiteral("b7!"));
    page = store.before(kLobby, 4, 2, kNoBudget);
    QCOMPARE(seqs(*page), (QList<qint64>{1, 2}));
    QVERIFY(!page->hasMore);
    QCOMPARE(page->messages.at(1).reactions.size(), 1);
    QCOMPARE(page->messages.at(1).reactions.constFirst().users, (QList<qint64>{kBob.id}));
    page = store.before(kLobby, 100, 100, kNoBudget);
    QCOMPARE(seqs(*page), (QList<qint64>{1, 2, 4, 7}));
    // Catching up counts every row, changes included.
    page = store.after(kLobby, 2, 3, kNoBudget);
    QCOMPARE(seqs(*page), (QList<qint64>{3, 4, 5}));
    QVERIFY(page->hasMore);
    page = store.after(kLobby, 5, 100, kNoBudget);
    QCOMPARE(seqs(*page), (QList<qint64>{6, 7, 8}));
    QCOMPARE(page->messages.at(0).reactions.size(), 0);  // a change row
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), 8);
}

void tst_MessageChanges::failedChangeStoresNothing()
{
    // The faults are SQLite triggers; on PostgreSQL a failed write's rollback is
    // tst_historystore's failedWriteStoresNothingAndUsesNoSeq.
    PARLEY_SQLITE_ONLY();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    HistoryStore store;
    QVERIFY(store.open(path));
    seed(store);
    // Another process refuses updates of messages: the edit's row must go with its effect.
    QVERIFY(RawSqliteFile::run(path, {QStringLiteral("CREATE TRIGGER refuse BEFORE UPDATE ON messages"
                                                     " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")}));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused by the test")));
    const HistoryStore::Posting p = store.change(
            kLobby, kAlice, makeChange(Kind::Edit, 1, QStringLiteral("lost?"), QStringLiteral("e")), 2000, false, kWindow);
    QCOMPARE(p.outcome, Outcome::Failed);
    QVERIFY2(store.errorString().contains(QLatin1String("refused by the test")), qPrintable(store.errorString()));
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), 5);
    QCOMPARE(messageAt(store, kLobby, 1).text, QStringLiteral("a1 edited"));
    // The change's own row cannot be written after the reaction was: the reaction goes with it.
    QVERIFY(RawSqliteFile::run(path, {QStringLiteral("DROP TRIGGER refuse"),
                                      QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON messages"
                                                     " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")}));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused by the test")));
    QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 1, QStringLiteral("👍")), 2000, false, kWindow).outcome,
             Outcome::Failed);
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("SELECT COUNT(*) FROM reactions")), QStringLiteral("0"));
    // Once the fault is gone the same edit goes through with the next seq.
    QVERIFY(RawSqliteFile::run(path, {QStringLiteral("DROP TRIGGER refuse")}));
    QCOMPARE(store.change(kLobby, kAlice, makeChange(Kind::Edit, 1, QStringLiteral("lost?"), QStringLiteral("e")), 2000,
                          false, kWindow).message.seq,
             6);
}

void tst_MessageChanges::reopenKeepsTheChanges()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = TestDatabase::fresh(dir.filePath(QStringLiteral("history.sqlite")));
    {
        HistoryStore store;
        QVERIFY(store.open(path));
        seed(store);
        QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 1, QStringLiteral("👍"), QStringLiteral("r")),
                              2000, false, kWindow).outcome,
                 Outcome::Stored);
        QCOMPARE(store.post(kLobby, kBob, QStringLiteral("re"), QStringLiteral("re"), 2000, 1).message.seq, 7);
    }
    HistoryStore store;
    QVERIFY(store.open(path));
    const std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 100, kNoBudget);
    QVERIFY(page);
    QCOMPARE(seqs(*page), range(1, 7));
    QCOMPARE(page->messages.at(0).text, QStringLiteral("a1 edited"));
    QCOMPARE(page->messages.at(0).editedMs, 1500);
    QCOMPARE(page->messages.at(0).reactions.constFirst().users, (QList<qint64>{kBob.id}));
    QVERIFY(page->messages.at(3).deleted);
    QCOMPARE(page->messages.at(5).kind, Kind::React);
    QCOMPARE(page->messages.at(6).replyTo, 1);
    QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 1, QStringLiteral("👍"), QStringLiteral("r")), 3000,
                          false, kWindow).message.seq,
             6);  // de-dup of changes survives too
    QCOMPARE(store.change(kLobby, kBob, makeChange(Kind::React, 1, QStringLiteral("👍")), 3000, false, kWindow).outcome,
             Outcome::Unchanged);
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageChanges)
#include "tst_messagechanges.moc"
