// Tests ui/searchpanel.cpp with a real MessageStore behind a SearchModel (no server: a stock one has
// no search, and the store's results are what is left): results come as one types, after the
// typing pause; the terms are what a result marks; Down and Enter choose a result and the panel
// says which (room, seq); Esc closes; the scope (one room or all) is kept; a search of an empty
// text shows nothing; a room filter typed in the text wins over the scope.
#include "messagestore.h"
#include "searchmodel.h"
#include "searchpanel.h"
#include "testmain.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
ChatMessage said(const QString &room, qint64 seq, const QString &text, qint64 minutes)
{
    ChatMessage m;
    m.room = room;
    m.seq = seq;
    m.sender = QStringLiteral("Bob");
    m.senderId = 2;
    m.senderUsername = QStringLiteral("bob");
    m.text = text;
    m.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + minutes * 60'000, Qt::UTC);
    return m;
}
}  // namespace

class tst_SearchPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void resultsComeAsOneTypes();
    void enterChoosesAndEscCloses();
    void scopeIsOneRoomOrAll();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<SearchModel> m_model;
    std::unique_ptr<SearchPanel> m_panel;
};

void tst_SearchPanel::init()
{
    m_store = std::make_unique<MessageStore>();
    QVERIFY(m_store->open(m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(QDateTime::currentMSecsSinceEpoch()))));
    int seq = 0;
    for (const QString &text : {QStringLiteral("we deploy on Friday"), QStringLiteral("lunch?"),
                                QStringLiteral("the deploy failed"), QStringLiteral("今天天气很好")}) {
        ++seq;
        QVERIFY(m_store->saveReceived(said(QStringLiteral("lobby"), seq, text, seq)));
    }
    QVERIFY(m_store->saveReceived(said(QStringLiteral("dev"), 1, QStringLiteral("deploy script ready"), 10)));
    m_model = std::make_unique<SearchModel>(nullptr, m_store.get());
    m_panel = std::make_unique<SearchPanel>(m_model.get());
    m_panel->resize(320, 400);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void tst_SearchPanel::cleanup()
{
    m_panel.reset();
    m_model.reset();
    m_store.reset();
}

void tst_SearchPanel::resultsComeAsOneTypes()
{
    m_panel->open(QString());
    QVERIFY(m_panel->field()->hasFocus());
    QTest::keyClicks(m_panel->field(), QStringLiteral("deploy"));
    QCOMPARE(m_model->rowCount(), 0); // the typing pause first
    QTRY_COMPARE(m_model->rowCount(), 3);
    // Newest first, every room.
    QCOMPARE(m_model->messageAt(0).room, QStringLiteral("dev"));
    QCOMPARE(m_model->messageAt(1).text, QStringLiteral("the deploy failed"));
    QCOMPARE(m_model->index(0).data(SearchModel::TermsRole).toStringList(), QStringList{QStringLiteral("deploy")});
    QVERIFY2(m_panel->statusText().contains(QLatin1String("3")), qPrintable(m_panel->statusText()));
    // More words narrow it; Chinese by any part.
    QTest::keyClicks(m_panel->field(), QStringLiteral(" friday"));
    QTRY_COMPARE(m_model->rowCount(), 1);
    m_panel->field()->clear();
    QTRY_COMPARE(m_model->rowCount(), 0);
    // Typed through an input method: one key event carrying the text (QTest::keyClicks is ASCII).
    QKeyEvent chinese(QEvent::KeyPress, 0, Qt::NoModifier, QStringLiteral("天气"));
    QApplication::sendEvent(m_panel->field(), &chinese);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->messageAt(0).text, QStringLiteral("今天天气很好"));
    m_panel->field()->selectAll();
    QTest::keyClicks(m_panel->field(), QStringLiteral("nothing like it"));
    QTRY_VERIFY(m_panel->statusText().contains(QLatin1String("No results")));
}

void tst_SearchPanel::enterChoosesAndEscCloses()
{
    QSignalSpy chosen(m_panel.get(), &SearchPanel::messageChosen);
    QSignalSpy closed(m_panel.get(), &SearchPanel::closed);
    m_panel->open(QString());
    // Typed and Enter at once: it searches first, then goes to the newest result.
    QTest::keyClicks(m_panel->field(), QStringLiteral("deploy"));
    QTest::keyClick(m_panel->field(), Qt::Key_Return);
    QCOMPARE(chosen.count(), 1);
    QCOMPARE(chosen.at(0).at(0).toString(), QStringLiteral("dev"));
    QCOMPARE(chosen.at(0).at(1).toLongLong(), 1);
    // Down into the list, down once more, Enter: the second.
    QTest::keyClick(m_panel->field(), Qt::Key_Down);
    QVERIFY(m_panel->results()->hasFocus());
    QTest::keyClick(m_panel->results(), Qt::Key_Down);
    QTest::keyClick(m_panel->results(), Qt::Key_Return);
    QCOMPARE(chosen.count(), 2);
    QCOMPARE(chosen.at(1).at(0).toString(), QStringLiteral("lobby"));
    QCOMPARE(chosen.at(1).at(1).toLongLong(), 3);
    QTest::keyClick(m_panel->results(), Qt::Key_Escape);
    QCOMPARE(closed.count(), 1);
    QVERIFY(!m_panel->isVisible());
}

void tst_SearchPanel::scopeIsOneRoomOrAll()
{
    m_panel->open(QStringLiteral("lobby"));
    QTest::keyClicks(m_panel->field(), QStringLiteral("deploy"));
    QTRY_COMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->messageAt(0).room, QStringLiteral("lobby"));
    // The same words, every room: searched again at once.
    m_panel->open(QString());
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_panel->field()->selectedText(), QStringLiteral("deploy"));
    // in:#dev typed wins over the scope.
    m_panel->open(QStringLiteral("lobby"));
    m_panel->field()->selectAll();
    QTest::keyClicks(m_panel->field(), QStringLiteral("in:#dev deploy"));
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->messageAt(0).room, QStringLiteral("dev"));
}

PARLEY_TEST_MAIN(tst_SearchPanel)
#include "tst_searchpanel.moc"
