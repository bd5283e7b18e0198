// Search in the window, end to end (issue 13), against an in-process parley-server: Ctrl+Shift+F
// opens the panel on every room, Ctrl+F on the room shown; a message of another room is found
// (from the local store, and from the server when the store never had it: someone who joined
// late), and Enter goes to it -- its room shown, the message current in the view.
#include "chatclient.h"
#include "chatwindow.h"
#include "conversationpane.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "messageview.h"
#include "parleyserver.h"
#include "searchmodel.h"
#include "searchpanel.h"
#include "secondperson.h"
#include "sessionmodels.h"
#include "latejoiner.h"
#include "testmain.h"
#include "testsettings.h"

#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_ChatWindowSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsAMessageNeverDownloadedAndGoesToIt();
};

void tst_ChatWindowSearch::findsAMessageNeverDownloadedAndGoesToIt()
{
    ServerSettings settings;
    settings.messageRate = settings.textRate = {}; // 130 messages at once: rates are not tested
    ParleyServer server(settings);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    SecondPerson bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("the release checklist is in the wiki"));
    for (int i = 1; i <= 130; ++i) // pushes the checklist out of a newcomer's first page
        bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("chatter %1").arg(i));
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("lunch at noon"));
    QTRY_VERIFY_WITH_TIMEOUT(bob.client.outbox().isEmpty(), 20000);

    LateJoiner me;
    QVERIFY(me.open({QStringLiteral("lobby"), QStringLiteral("dev")}));
    ChatClient &carol = me.client;
    SessionModels &models = *me.models;
    models.setCurrentRoom(QStringLiteral("lobby"));
    ChatWindow window(&models);
    window.resize(1000, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    carol.connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(carol.isReady() && carol.hasSearch(), 10000);
    MessageModel *dev = models.modelFor(QStringLiteral("dev"));
    QTRY_VERIFY_WITH_TIMEOUT(dev->rowCount() >= 100, 10000);
    QVERIFY(dev->rowOfSeq(1) < 0); // the checklist was never downloaded

    auto *panel = window.findChild<SearchPanel *>(QStringLiteral("searchPanel"));
    QVERIFY(panel);
    QVERIFY(!panel->isVisible());
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(panel->isVisible());
    QCOMPARE(panel->room(), QString()); // every room
    QTRY_VERIFY(panel->field()->hasFocus());
    QTest::keyClicks(panel->field(), QStringLiteral("checklist"));
    auto *results = panel->results();
    QTRY_COMPARE_WITH_TIMEOUT(results->model()->rowCount(), 1, 10000); // only the server has it
    QCOMPARE(results->model()->index(0, 0).data(SearchModel::RoomRole).toString(), QStringLiteral("dev"));
    QTest::keyClick(panel->field(), Qt::Key_Return);

    // Its room is shown, and the message is paged in from the server and made current.
    QTRY_COMPARE(models.currentRoom(), QStringLiteral("dev"));
    auto *pane = window.findChild<ConversationPane *>();
    QVERIFY(pane);
    QTRY_VERIFY_WITH_TIMEOUT(dev->rowOfSeq(1) >= 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pane->view()->currentIndex().data(MessageModel::SeqRole).toLongLong(), 1, 10000);

    // Ctrl+F: this room only.
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(panel->room(), QStringLiteral("dev"));
    panel->field()->selectAll();
    QTest::keyClicks(panel->field(), QStringLiteral("lunch"));
    auto *model = qobject_cast<SearchModel *>(results->model());
    QVERIFY(model);
    QTRY_COMPARE(model->query().terms, QStringList{QStringLiteral("lunch")}); // after the typing pause
    QTRY_VERIFY_WITH_TIMEOUT(!model->isSearchingServer(), 10000);
    QCOMPARE(model->query().room, QStringLiteral("dev"));
    QCOMPARE(results->model()->rowCount(), 0); // lunch was in the lobby
    carol.disconnectFromServer();
}

PARLEY_TEST_MAIN(tst_ChatWindowSearch)
#include "tst_chatwindowsearch.moc"
