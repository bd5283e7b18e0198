// The conversation pane's files against a real in-process parley-server (offscreen): a screenshot
// pasted into the composer and files dropped onto the pane are sent as file messages (the
// composer's text as the first one's caption), the attach button is there only where the server
// takes files, a file message shows its name and size with Open File / Save File As in its menu,
// and FileActions fetches a file verified.

#include "attachbutton.h"
#include "chatclient.h"
#include "composer.h"
#include "filecard.h"
#include "conversationpane.h"
#include "fileactions.h"
#include "messageactions.h"
#include "messagemetrics.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messagetexts.h"
#include "messageview.h"
#include "parleyserver.h"
#include "sessionmodels.h"
#include "signedinclient.h"
#include "serverwithfiles.h"
#include "testfiles.h"
#include "testmain.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QDropEvent>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {
const QString kLobby = QStringLiteral("lobby");


//! The file messages \a spy (on messageQueued) has seen.
QList<ChatMessage> queuedFiles(const QSignalSpy &spy)
{
    QList<ChatMessage> out;
    for (const QList<QVariant> &args : spy) {
        const ChatMessage m = args.at(0).value<ChatMessage>();
        if (!m.file.isNull())
            out << m;
    }
    return out;
}
} // namespace

class tst_ConversationPaneFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pastingAScreenshotSendsAPng();
    void droppingFilesSendsEachOne();
    void attachIsOfferedOnlyWhereFilesAreTaken();
    void aFileMessageShowsItsFileAndMenu();
    void cancelSendingRemovesTheRow();

private:
    void setUp(bool files);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ParleyServer> m_server;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<SessionModels> m_models;
    std::unique_ptr<ConversationPane> m_pane;
};

void tst_ConversationPaneFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    setUp(true);
}

void tst_ConversationPaneFiles::setUp(bool files)
{
    m_pane.reset();
    m_models.reset();
    m_client.reset();
    m_server.reset();
    m_server = std::make_unique<ParleyServer>(ParleyTest::settingsWithFiles(*m_dir, files));
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_client = ParleyTest::signedInClient(*m_server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(m_client);
    m_models = std::make_unique<SessionModels>(m_client.get());
    m_models->joinRoom(kLobby);
    m_pane = std::make_unique<ConversationPane>(m_models.get());
    m_pane->resize(700, 520);
    m_pane->showRoom(kLobby);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
}

void tst_ConversationPaneFiles::cleanup()
{
    m_pane.reset();
    m_models.reset();
    m_client.reset();
    m_server.reset();
    m_dir.reset();
}

void tst_ConversationPaneFiles::pastingAScreenshotSendsAPng()
{
    QSignalSpy queued(m_client.get(), &ChatClient::messageQueued);
    QSignalSpy delivery(m_client.get(), &ChatClient::deliveryChanged);
    m_pane->composer()->setPlainText(QStringLiteral("the bug"));
    QImage shot(320, 200, QImage::Format_RGB32);
    shot.fill(Qt::darkCyan);
    auto *data = new QMimeData;
    data->setImageData(shot);
    QGuiApplication::clipboard()->setMimeData(data);
    m_pane->composer()->paste();
    QTRY_COMPARE(queuedFiles(queued).size(), 1);
    const ChatMessage m = queuedFiles(queued).constFirst();
    QCOMPARE(m.file.type, QStringLiteral("image/png"));
    QVERIFY2(m.file.name.endsWith(QLatin1String(".png")), qPrintable(m.file.name));
    QCOMPARE(m.text, QStringLiteral("the bug"));
    QCOMPARE(m_pane->composer()->toPlainText(), QString()); // the caption went with it
    QVERIFY(m.file.path.startsWith(FileActions::outgoingDirectory()));
    QImage back(m.file.path);
    QCOMPARE(back.size(), shot.size());
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(delivery.cbegin(), delivery.cend(), [&](const QList<QVariant> &args) {
        return args.at(0).toString() == m.clientId && args.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered;
    }), 10000);
}

void tst_ConversationPaneFiles::droppingFilesSendsEachOne()
{
    QSignalSpy queued(m_client.get(), &ChatClient::messageQueued);
    const QString a = writeTestFile(*m_dir, QStringLiteral("notes.txt"), "first");
    const QString b = writeTestFile(*m_dir, QStringLiteral("data.bin"), QByteArray(5000, 'b'));
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(a), QUrl::fromLocalFile(b)});
    const QPointF where(350, 200);
    QDragEnterEvent enter(where.toPoint(), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_pane.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(where, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_pane.get(), &drop);
    QVERIFY(drop.isAccepted());
    QTRY_COMPARE(queuedFiles(queued).size(), 2);
    QStringList names;
    for (const ChatMessage &m : queuedFiles(queued))
        names << m.file.name;
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("data.bin"), QStringLiteral("notes.txt")}));
    // Plain text is no file: a drop of it is not taken here.
    QMimeData text;
    text.setText(QStringLiteral("just words"));
    QDragEnterEvent words(where.toPoint(), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    words.setAccepted(false);
    QCoreApplication::sendEvent(m_pane.get(), &words);
    QVERIFY(!words.isAccepted());
}

void tst_ConversationPaneFiles::attachIsOfferedOnlyWhereFilesAreTaken()
{
    QVERIFY(m_pane->attachButton()->isVisible());
    setUp(false);
    QVERIFY(!m_pane->attachButton()->isVisible());
    QSignalSpy queued(m_client.get(), &ChatClient::messageQueued);
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(writeTestFile(*m_dir, QStringLiteral("x.txt"), "x"))});
    QCOMPARE(m_pane->sendFiles(&data), 0);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false);
    QCoreApplication::sendEvent(m_pane.get(), &enter);
    QVERIFY(!enter.isAccepted());
    QVERIFY(queued.isEmpty());
}

void tst_ConversationPaneFiles::aFileMessageShowsItsFileAndMenu()
{
    // Bob sends a file; alice's pane shows it, and she fetches it verified.
    auto bob = ParleyTest::signedInClient(*m_server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(bob);
    const QByteArray bytes(70'000, 'z');
    QVERIFY(bob->sendFile(kLobby, writeTestFile(*m_dir, QStringLiteral("report.pdf"), bytes), QStringLiteral("Q3")));
    MessageModel *model = m_models->modelFor(kLobby);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1, 10000);
    const QModelIndex index = model->index(0);
    const FileRef file = index.data(MessageModel::FileRole).value<FileRef>();
    QCOMPARE(file.name, QStringLiteral("report.pdf"));
    QCOMPARE(file.id, QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    // Not an image: a card with its name, size and kind; the caption below it is the body.
    QCOMPARE(MessageTexts::shownText(index), QStringLiteral("Q3"));
    QVERIFY(FileCard::details(file).startsWith(QLocale().formattedDataSize(bytes.size())));
    QStyleOptionViewItem option;
    option.initFrom(m_pane->view());
    option.rect = m_pane->view()->visualRect(index);
    const QRect card = m_pane->view()->messageDelegate()->geometry(option, index).fileCard;
    QCOMPARE(card.size(), FileCard::kSize);
    QVERIFY(m_pane->view()->messageDelegate()->geometry(option, index).preview.isNull());
    const FileCard::Parts parts = FileCard::layout(card, QFontMetrics(MessageMetrics::smallFont(option.font)));
    QSignalSpy opened(m_pane->view()->messageActions(), &MessageActions::openFileRequested);
    QSignalSpy saveAsked(m_pane->view()->messageActions(), &MessageActions::saveFileRequested);
    // Opening the file is the desktop's business: the click is checked up to the request.
    m_pane->view()->messageActions()->disconnect(m_pane->fileActions());
    QTest::mouseClick(m_pane->view()->viewport(), Qt::LeftButton, {}, option.rect.topLeft() + parts.save.center());
    QTRY_COMPARE(saveAsked.size(), 1);
    QCOMPARE(saveAsked.constFirst().at(0).value<FileRef>().id, file.id);
    QTest::mouseClick(m_pane->view()->viewport(), Qt::LeftButton, {}, option.rect.topLeft() + parts.name.center());
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(saveAsked.size(), 1);
    QMenu menu;
    m_pane->view()->messageActions()->addTo(&menu, index, m_pane.get());
    QVERIFY(menu.findChild<QAction *>(QStringLiteral("openFileAction")));
    QVERIFY(menu.findChild<QAction *>(QStringLiteral("saveFileAction")));

    QSignalSpy fetched(m_pane->fileActions(), &FileActions::fetched);
    const QString target = m_dir->filePath(QStringLiteral("saved/report.pdf"));
    QVERIFY(!m_pane->fileActions()->fetchTo(file, target, false).isEmpty());
    QVERIFY(fetched.wait(10000));
    QFile saved(target);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), bytes);
}

void tst_ConversationPaneFiles::cancelSendingRemovesTheRow()
{
    m_client->disconnectFromServer(); // offline: the file waits in the outbox
    QTRY_VERIFY(!m_client->isReady());
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(writeTestFile(*m_dir, QStringLiteral("draft.pdf"), QByteArray(2000, 'd')))});
    QCOMPARE(m_pane->sendFiles(&data), 1);
    MessageModel *model = m_models->modelFor(kLobby);
    QTRY_COMPARE(model->rowCount(), 1);
    const QModelIndex index = model->index(0);
    QVERIFY(index.data(MessageModel::CancellableRole).toBool());
    QMenu menu;
    m_pane->view()->messageActions()->addTo(&menu, index, m_pane.get());
    QAction *cancel = menu.findChild<QAction *>(QStringLiteral("cancelFileAction"));
    QVERIFY(cancel);
    cancel->trigger();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(m_client->outbox().isEmpty());
}

PARLEY_TEST_MAIN(tst_ConversationPaneFiles)
#include "tst_conversationpane_files.moc"
