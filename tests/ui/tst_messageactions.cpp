// Tests ui/messageactions.cpp: the React submenu (the quick set, others' emoji, one's own ticked,
// "More Reactions…" instead of a question for a typed emoji), the emoji picker it opens (a pick
// asks for that reaction on that message once; Esc asks nothing; the picker goes away), the same
// picker through showPicker(), and nothing offered where the server has no reactions.
#include "chatmessage.h"
#include "emojipicker.h"
#include "messageactions.h"
#include "messagemodel.h"
#include "testmain.h"

#include <QAction>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

class tst_MessageActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reactMenu();
    void moreReactionsOpensThePicker_data();
    void moreReactionsOpensThePicker();
    void showPicker();
    void nothingWhereUnavailable();

private:
    static constexpr qint64 kMe = 1;
    static constexpr qint64 kSeq = 7;
    static ChatMessage message();
    static QAction *actionNamed(QMenu *menu, const QString &text);

    QTemporaryDir m_settingsDir;
};

ChatMessage tst_MessageActions::message()
{
    ChatMessage m;
    m.clientId = QStringLiteral("c7");
    m.room = QStringLiteral("lobby");
    m.seq = kSeq;
    m.sender = QStringLiteral("Bob");
    m.senderId = 2;
    m.text = QStringLiteral("hello");
    m.time = QDateTime(QDate(2024, 5, 17), QTime(13, 7), Qt::UTC);
    m.reactions = {{QStringLiteral("🦩"), 1, {2}}, {QStringLiteral("👍"), 2, {2, kMe}}};
    return m;
}

QAction *tst_MessageActions::actionNamed(QMenu *menu, const QString &text)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *a : actions) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

void tst_MessageActions::initTestCase()
{
    // The picker remembers recently used emoji in the application's QSettings: keep them here.
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ParleyTest"));
    QCoreApplication::setApplicationName(QStringLiteral("MessageActions"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_MessageActions::reactMenu()
{
    MessageModel model(QStringLiteral("lobby"));
    model.addMessage(message());
    MessageActions actions;
    actions.setAvailable(true, kMe, false);
    QMenu menu;
    QWidget parent;
    actions.addTo(&menu, model.index(0), &parent);
    auto *react = menu.findChild<QMenu *>(QStringLiteral("reactMenu"));
    QVERIFY(react);
    for (const QString &emoji : MessageActions::quickReactions())
        QVERIFY2(actionNamed(react, emoji), qPrintable(emoji));
    QVERIFY(actionNamed(react, QStringLiteral("🦩"))); // someone else's, joined in one click
    QVERIFY(actionNamed(react, QStringLiteral("👍"))->isChecked()); // one's own
    QVERIFY(!actionNamed(react, QStringLiteral("😂"))->isChecked());
    QVERIFY(!actionNamed(react, QStringLiteral("Other…")));
    QAction *more = react->findChild<QAction *>(QStringLiteral("moreReactionsAction"));
    QVERIFY(more);
    QCOMPARE(more->text(), QStringLiteral("More Reactions…"));
    QCOMPARE(react->actions().last(), more);

    // A quick one asks at once: on, or off for one's own.
    QSignalSpy requested(&actions, &MessageActions::reactionRequested);
    actionNamed(react, QStringLiteral("😂"))->trigger();
    actionNamed(react, QStringLiteral("👍"))->trigger();
    QCOMPARE(requested.count(), 2);
    QCOMPARE(requested.at(0), (QVariantList{kSeq, QStringLiteral("😂"), true}));
    QCOMPARE(requested.at(1), (QVariantList{kSeq, QStringLiteral("👍"), false}));
}

void tst_MessageActions::moreReactionsOpensThePicker_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("reaction"); // empty: none (Esc)
    QTest::newRow("a keyword, Enter") << QStringLiteral("pizza") << QStringLiteral("🍕");
    QTest::newRow("any emoji, Enter") << QStringLiteral("🦜") << QStringLiteral("🦜");
    QTest::newRow("Esc") << QString() << QString();
}

void tst_MessageActions::moreReactionsOpensThePicker()
{
    QFETCH(QString, typed);
    QFETCH(QString, reaction);
    MessageModel model(QStringLiteral("lobby"));
    model.addMessage(message());
    MessageActions actions;
    actions.setAvailable(true, kMe, false);
    QSignalSpy requested(&actions, &MessageActions::reactionRequested);
    QMenu menu;
    QWidget parent;
    actions.addTo(&menu, model.index(0), &parent);
    menu.findChild<QAction *>(QStringLiteral("moreReactionsAction"))->trigger();
    QPointer<EmojiPicker> picker = parent.findChild<EmojiPicker *>();
    QVERIFY(picker);
    QVERIFY(picker->isVisible());
    QVERIFY(picker->isWindow());
    auto *search = picker->findChild<QLineEdit *>(QStringLiteral("emojiSearch"));
    if (reaction.isEmpty()) {
        QTest::keyClick(search, Qt::Key_Escape);
    } else {
        QTest::sendKeyEvent(QTest::Click, search, Qt::Key_unknown, typed, Qt::NoModifier);
        QTest::keyClick(search, Qt::Key_Return);
    }
    QTRY_VERIFY(!picker); // closed and deleted
    QCOMPARE(requested.count(), reaction.isEmpty() ? 0 : 1);
    if (!reaction.isEmpty())
        QCOMPARE(requested.at(0), (QVariantList{kSeq, reaction, true}));
}

void tst_MessageActions::showPicker()
{
    MessageActions actions;
    QSignalSpy requested(&actions, &MessageActions::reactionRequested);
    QWidget parent;
    actions.showPicker(42, QPoint(30, 40), &parent);
    QPointer<EmojiPicker> picker = parent.findChild<EmojiPicker *>();
    QVERIFY(picker);
    QVERIFY(picker->isVisible());
    QCOMPARE(picker->windowHandle()->framePosition(), QPoint(30, 40));
    QTest::keyClicks(picker->findChild<QLineEdit *>(QStringLiteral("emojiSearch")), QStringLiteral("rocket"));
    QTest::keyClick(picker->focusWidget(), Qt::Key_Return);
    QTRY_VERIFY(!picker);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0), (QVariantList{qint64(42), QStringLiteral("🚀"), true}));
}

void tst_MessageActions::nothingWhereUnavailable()
{
    MessageModel model(QStringLiteral("lobby"));
    model.addMessage(message());
    MessageActions actions; // not available until the server says it has reactions
    QMenu menu;
    actions.addTo(&menu, model.index(0), nullptr);
    QVERIFY(menu.actions().isEmpty());
}

PARLEY_TEST_MAIN(tst_MessageActions)
#include "tst_messageactions.moc"
