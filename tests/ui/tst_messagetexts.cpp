// Tests ui/messagetexts.cpp: the time line of a message in each of its states -- plain, edited,
// deleted after an edit, read by some in a room ("Seen by 2"), read in a direct message ("Seen")
// -- the quoted line of an answer, the reactions line, and the sender placeholder. The texts read
// only roles, so a QStandardItemModel stands in for MessageModel.
#include "messagemodel.h"
#include "messagetexts.h"
#include "messagetimetext.h"
#include "testmain.h"

#include <QStandardItemModel>
#include <QTest>

class tst_MessageTexts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timeText_data();
    void timeText();
    void replyText();
    void reactionsText();
    void senderPlaceholder();

private:
    QModelIndex row(const QMap<int, QVariant> &roles);
    QStandardItemModel m_model;
};

QModelIndex tst_MessageTexts::row(const QMap<int, QVariant> &roles)
{
    auto *item = new QStandardItem;
    for (auto it = roles.cbegin(); it != roles.cend(); ++it)
        item->setData(it.value(), it.key());
    m_model.appendRow(item);
    return item->index();
}

void tst_MessageTexts::timeText_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("edited");
    QTest::addColumn<bool>("deleted");
    QTest::addColumn<QStringList>("readBy");
    QTest::addColumn<QString>("expected"); // %1: the clock
    const QString lobby = QStringLiteral("lobby");
    const QString direct = QStringLiteral("@dm:3:12");
    const QStringList none;
    const QStringList two{QStringLiteral("Bob"), QStringLiteral("Carol")};
    QTest::newRow("plain") << lobby << false << false << none << QStringLiteral("%1");
    QTest::newRow("edited") << lobby << true << false << none << QStringLiteral("edited %1");
    QTest::newRow("deleted after an edit") << lobby << true << true << none << QStringLiteral("%1");
    QTest::newRow("read by two") << lobby << false << false << two << QStringLiteral("Seen by 2 · %1");
    QTest::newRow("read and edited") << lobby << true << false << two << QStringLiteral("Seen by 2 · edited %1");
    QTest::newRow("read in a direct message") << direct << false << false << QStringList{QStringLiteral("Bob")}
                                              << QStringLiteral("Seen · %1");
    QTest::newRow("a room named like one is not") << QStringLiteral("@dm:12:3") << false << false
                                                  << QStringList{QStringLiteral("Bob")}
                                                  << QStringLiteral("Seen by 1 · %1");
}

void tst_MessageTexts::timeText()
{
    QFETCH(QString, room);
    QFETCH(bool, edited);
    QFETCH(bool, deleted);
    QFETCH(QStringList, readBy);
    QFETCH(QString, expected);
    const QDateTime sent(QDate(2024, 5, 17), QTime(13, 7), Qt::UTC);
    const QModelIndex index = row({{MessageModel::TimeRole, sent},
                                   {MessageModel::EditedRole, edited ? sent.addSecs(60) : QDateTime()},
                                   {MessageModel::DeletedRole, deleted},
                                   {MessageModel::ReadByRole, readBy},
                                   {MessageModel::RoomRole, room}});
    QCOMPARE(MessageTexts::timeText(index), expected.arg(MessageTimeText::clockText(sent)));
}

void tst_MessageTexts::replyText()
{
    QCOMPARE(MessageTexts::replyText(row({})), QString());
    QCOMPARE(MessageTexts::replyText(row({{MessageModel::ReplyToRole, 4},
                                          {MessageModel::ReplyExcerptRole, QStringLiteral("Bob: hi")}})),
             QStringLiteral("Bob: hi"));
    // The message answered is not here: said so, not left blank.
    QCOMPARE(MessageTexts::replyText(row({{MessageModel::ReplyToRole, 4}})),
             QStringLiteral("In reply to an earlier message"));
}

void tst_MessageTexts::reactionsText()
{
    QCOMPARE(MessageTexts::reactionsText(row({})), QString());
    QList<ChatMessage::Reaction> reactions{{QStringLiteral("👍"), 2, {1, 2}}, {QStringLiteral("🎉"), 1, {3}}};
    const QString text = MessageTexts::reactionsText(
            row({{MessageModel::ReactionsRole, QVariant::fromValue(reactions)}}));
    QCOMPARE(text, QStringLiteral("👍\u00a02   🎉\u00a01"));
}

void tst_MessageTexts::senderPlaceholder()
{
    QCOMPARE(MessageTexts::senderText(row({{MessageModel::SenderRole, QStringLiteral("bob")}})),
             QStringLiteral("bob"));
    QCOMPARE(MessageTexts::senderText(row({})), QStringLiteral("Unknown"));
}

PARLEY_TEST_MAIN(tst_MessageTexts)
#include "tst_messagetexts.moc"
