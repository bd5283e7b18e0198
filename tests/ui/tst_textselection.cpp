// Tests ui/textselection.cpp through a real MessageView: selecting part of a message's text with
// the mouse (press, drag, release) and copying exactly those characters (Ctrl+C, the context
// menu), a double click selecting a word, Shift+click still selecting whole messages, an edit of
// the message clearing its selection; and the row's other mouse offers: the hover Reply and React
// buttons (only where the server has the actions), and a message's several links each offered
// by its address in the mouse's context menu.
#include "messageactions.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messagetexts.h"
#include "messageview.h"
#include "testmain.h"
#include "textselection.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QTextLayout>

#include <memory>

namespace {

ChatMessage said(int seq, const QString &text, bool own = false)
{
    ChatMessage m;
    m.clientId = QStringLiteral("c%1").arg(seq);
    m.room = QStringLiteral("lobby");
    m.seq = seq;
    m.sender = own ? QStringLiteral("alice") : QStringLiteral("bob");
    m.senderId = own ? 1 : 2;
    m.own = own;
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}

QList<QAction *> entries(const QMenu *menu, const QString &name)
{
    QList<QAction *> found;
    for (QAction *action : menu->actions()) {
        if (action->objectName() == name)
            found.append(action);
    }
    return found;
}

}  // namespace

class tst_TextSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void extractTurnsLineSeparatorsBack_data();
    void extractTurnsLineSeparatorsBack();
    void dragSelectsPartOfAMessage();
    void dragBackwardsAndPastTheText();
    void aPlainClickSelectsNoText();
    void doubleClickSelectsAWord();
    void shiftClickStillSelectsMessages();
    void anEditClearsTheSelection();
    void contextMenuCopiesTheSelectedText();
    void hoverButtonsReplyAndOnlyWhereAvailable();
    void everyLinkOfAMessageIsOfferedByItsAddress();

private:
    QModelIndex add(const ChatMessage &m);
    //! The point between characters \a n - 1 and \a n of \a index's first line (viewport).
    QPoint caretPoint(const QModelIndex &index, int n) const;
    void drag(const QPoint &from, const QPoint &to);

    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<MessageView> m_view;
};

void tst_TextSelection::init()
{
    m_model = std::make_unique<MessageModel>(QStringLiteral("lobby"));
    m_view = std::make_unique<MessageView>();
    m_view->setModel(m_model.get());
    m_view->resize(800, 400); // every body here fits one line
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QApplication::clipboard()->clear();
}

void tst_TextSelection::cleanup()
{
    m_view.reset();
    m_model.reset();
}

QModelIndex tst_TextSelection::add(const ChatMessage &m)
{
    m_model->addMessage(m);
    const int row = m_model->rowOfClientId(m.clientId);
    return row < 0 ? QModelIndex() : m_model->index(row);
}

QPoint tst_TextSelection::caretPoint(const QModelIndex &index, int n) const
{
    const QStyleOptionViewItem option = m_view->itemOption(index);
    const auto g = m_view->messageDelegate()->geometry(option, index);
    QTextLayout layout(MessageTexts::bodyText(index), option.font);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    const QTextLine line = layout.lineAt(0);
    return option.rect.topLeft() + g.text.topLeft()
            + QPoint(qRound(line.cursorToX(n)), int(line.height() / 2));
}

void tst_TextSelection::drag(const QPoint &from, const QPoint &to)
{
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(m_view->viewport(), (from + to) / 2);
    QTest::mouseMove(m_view->viewport(), to);
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, to);
}

void tst_TextSelection::extractTurnsLineSeparatorsBack_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("end");
    QTest::addColumn<QString>("expected");
    const QString sep(QChar::LineSeparator);
    QTest::newRow("middle") << QStringLiteral("hello world") << 2 << 7 << QStringLiteral("llo w");
    QTest::newRow("line break") << (QStringLiteral("one") + sep + QStringLiteral("two")) << 1 << 6
                                << QStringLiteral("ne\ntw");
    QTest::newRow("past the end is clamped") << QStringLiteral("abc") << 1 << 99 << QStringLiteral("bc");
    QTest::newRow("reversed is empty") << QStringLiteral("abc") << 2 << 1 << QString();
    QTest::newRow("negative start") << QStringLiteral("abc") << -5 << 2 << QStringLiteral("ab");
}

void tst_TextSelection::extractTurnsLineSeparatorsBack()
{
    QFETCH(QString, text);
    QFETCH(int, start);
    QFETCH(int, end);
    QFETCH(QString, expected);
    QCOMPARE(TextSelection::extract(text, start, end), expected);
}

void tst_TextSelection::dragSelectsPartOfAMessage()
{
    const QString text = QStringLiteral("the quick brown fox jumps");
    const QModelIndex index = add(said(1, text));
    drag(caretPoint(index, 4), caretPoint(index, 15));
    const TextSelection *selection = m_view->textSelection();
    QVERIFY(selection->hasSelection());
    QCOMPARE(selection->index(), QPersistentModelIndex(index));
    QCOMPARE(selection->text(), QStringLiteral("quick brown"));
    // The characters are what is selected, not the message.
    QVERIFY(!m_view->selectionModel()->hasSelection());
    m_view->setFocus();
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("quick brown"));
}

void tst_TextSelection::dragBackwardsAndPastTheText()
{
    const QString text = QStringLiteral("select me backwards");
    const QModelIndex index = add(said(1, text));
    add(said(2, QStringLiteral("the next message")));
    // From the end of "me" back to the start: the same characters either way.
    drag(caretPoint(index, 9), caretPoint(index, 7));
    QCOMPARE(m_view->textSelection()->text(), QStringLiteral("me"));
    // Dragged down onto the next message: the selection runs to the end of this one only.
    const QPoint below = m_view->visualRect(m_model->index(1)).center();
    drag(caretPoint(index, 7), below);
    QCOMPARE(m_view->textSelection()->index(), QPersistentModelIndex(index));
    QCOMPARE(m_view->textSelection()->text(), QStringLiteral("me backwards"));
}

void tst_TextSelection::aPlainClickSelectsNoText()
{
    const QModelIndex index = add(said(1, QStringLiteral("just a click")));
    drag(caretPoint(index, 2), caretPoint(index, 6));
    QVERIFY(m_view->textSelection()->hasSelection());
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, caretPoint(index, 3));
    QVERIFY(!m_view->textSelection()->hasSelection());
    // The click selected the message as before: Copy copies it whole.
    QVERIFY(m_view->selectionModel()->isSelected(index));
    QCOMPARE(m_view->selectedText(), QStringLiteral("just a click"));
}

void tst_TextSelection::doubleClickSelectsAWord()
{
    const QModelIndex index = add(said(1, QStringLiteral("alpha beta gamma")));
    const QPoint onBeta = (caretPoint(index, 7) + caretPoint(index, 8)) / 2;
    QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, onBeta);
    QCOMPARE(m_view->textSelection()->text(), QStringLiteral("beta"));
    m_view->copySelection();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("beta"));
}

void tst_TextSelection::shiftClickStillSelectsMessages()
{
    const QModelIndex first = add(said(1, QStringLiteral("first message")));
    const QModelIndex second = add(said(2, QStringLiteral("second message")));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, caretPoint(first, 2));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, Qt::ShiftModifier, caretPoint(second, 2));
    QVERIFY(!m_view->textSelection()->hasSelection());
    QCOMPARE(m_view->selectionModel()->selectedIndexes().size(), 2);
    QCOMPARE(m_view->selectedText(),
             QStringLiteral("bob: first message\nbob: second message"));
}

void tst_TextSelection::anEditClearsTheSelection()
{
    const QModelIndex index = add(said(1, QStringLiteral("before the edit")));
    drag(caretPoint(index, 0), caretPoint(index, 6));
    QCOMPARE(m_view->textSelection()->text(), QStringLiteral("before"));
    ChatMessage edit = said(2, QStringLiteral("after"));
    edit.clientId = QStringLiteral("e1");
    edit.kind = ChatMessage::Kind::Edit;
    edit.target = 1;
    m_model->addMessage(edit);
    QCOMPARE(index.data(MessageModel::TextRole).toString(), QStringLiteral("after"));
    QVERIFY(!m_view->textSelection()->hasSelection());
}

void tst_TextSelection::contextMenuCopiesTheSelectedText()
{
    const QModelIndex index = add(said(1, QStringLiteral("copy only this part")));
    add(said(2, QStringLiteral("another")));
    drag(caretPoint(index, 5), caretPoint(index, 14));
    QScopedPointer<QMenu> menu(m_view->createContextMenu(caretPoint(index, 8)));
    QAction *copy = entries(menu.data(), QStringLiteral("copyAction")).value(0);
    QVERIFY(copy);
    QVERIFY(copy->isEnabled());
    copy->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("only this"));
    // The menu of another message: that message, whole.
    QScopedPointer<QMenu> other(m_view->createContextMenu(m_view->visualRect(m_model->index(1)).center()));
    QVERIFY(!m_view->textSelection()->hasSelection());
    entries(other.data(), QStringLiteral("copyAction")).value(0)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("another"));
}

void tst_TextSelection::hoverButtonsReplyAndOnlyWhereAvailable()
{
    const QModelIndex theirs = add(said(1, QStringLiteral("answer me")));
    const QModelIndex mine = add(said(2, QStringLiteral("my own"), true));
    MessageDelegate *delegate = m_view->messageDelegate();
    const auto buttonCentre = [&](const QModelIndex &index, MessageDelegate::HoverButton b) {
        const QStyleOptionViewItem option = m_view->itemOption(index);
        const QRect r = MessageDelegate::hoverButtonRect(delegate->geometry(option, index),
                                                         index.data(MessageModel::OwnRole).toBool(), b);
        return r.isNull() ? QPoint(-1, -1) : r.center() + option.rect.topLeft();
    };
    const QPoint reply = buttonCentre(theirs, MessageDelegate::HoverButton::Reply);
    QVERIFY(m_view->viewport()->rect().contains(reply));
    // Beside the bubble, not on it: on the right of others', on the left of one's own.
    const QRect theirBubble = delegate->geometry(m_view->itemOption(theirs), theirs).bubble;
    QVERIFY(reply.x() > theirBubble.right());
    const QRect myBubble = delegate->geometry(m_view->itemOption(mine), mine).bubble;
    QVERIFY(buttonCentre(mine, MessageDelegate::HoverButton::Reply).x() < myBubble.left());

    QSignalSpy replies(m_view->messageActions(), &MessageActions::replyRequested);
    // A stock server: no actions, no buttons; the click selects the message as anywhere else.
    m_view->messageActions()->setAvailable(false, 0, false);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, reply);
    QCOMPARE(replies.count(), 0);
    QCOMPARE(delegate->hoverButtonAt(m_view->itemOption(theirs), theirs,
                                     reply - m_view->visualRect(theirs).topLeft()),
             MessageDelegate::HoverButton::None);

    m_view->messageActions()->setAvailable(true, 1, false);
    QTest::mouseMove(m_view->viewport(), reply);
    QTRY_COMPARE(m_view->viewport()->cursor().shape(), Qt::PointingHandCursor);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, reply);
    QCOMPARE(replies.count(), 1);
    QCOMPARE(replies.at(0).at(0).toLongLong(), 1);
    QVERIFY(!m_view->textSelection()->hasSelection());
}

void tst_TextSelection::everyLinkOfAMessageIsOfferedByItsAddress()
{
    const QModelIndex index = add(said(1, QStringLiteral("see https://a.example/x or http://b.example/y")));
    QScopedPointer<QMenu> menu(m_view->createContextMenu(caretPoint(index, 1)));
    const auto opens = entries(menu.data(), QStringLiteral("openLinkAction"));
    const auto copies = entries(menu.data(), QStringLiteral("copyLinkAction"));
    QCOMPARE(opens.size(), 2);
    QCOMPARE(copies.size(), 2);
    QVERIFY(opens.at(0)->text().contains(QLatin1String("https://a.example/x")));
    QVERIFY(opens.at(1)->text().contains(QLatin1String("http://b.example/y")));
    copies.at(1)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("http://b.example/y"));
}

PARLEY_TEST_MAIN(tst_TextSelection)
#include "tst_textselection.moc"
