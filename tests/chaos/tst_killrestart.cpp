// Killed with SIGKILL while sending: on the next start the outbox is resent and nothing is
// duplicated. The test binary runs itself as the sending child (PARLEY_KILL_CHILD=1) against a
// parley-server hosted here; an observer client in the room counts what the server accepted.
// The child signs in to an account made here up front (its password in PARLEY_KILL_PASSWORD), so
// the restarted child is the same user and the server recognises its resends by (user id,
// clientId); as a guest it would come back as a new guest whose resends are new messages.
#include "chatclient.h"
#include "messagestore.h"
#include "parleyserver.h"
#include "signin.h"
#include "testmain.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace std::chrono_literals;

namespace {
constexpr int kMessages = 1500;
const QString kRoom = QStringLiteral("lobby");
const QString kVictim = QStringLiteral("victim");

//! The child: types kMessages, one per millisecond (each stored before it is sent), until killed;
//! restarted without PARLEY_KILL_QUEUE it types nothing and only delivers its outbox.
int runChild()
{
    const QString db = qEnvironmentVariable("PARLEY_KILL_DB");
    const QUrl server(qEnvironmentVariable("PARLEY_KILL_SERVER"));
    const bool queue = qEnvironmentVariableIntValue("PARLEY_KILL_QUEUE") != 0;
    MessageStore store;
    if (!store.open(db))
        return 2;
    ChatClient client;
    client.setUserName(kVictim);
    client.setSignIn(SignIn::withPassword(kVictim, qEnvironmentVariable("PARLEY_KILL_PASSWORD")));
    client.setStore(&store);
    client.joinRoom(kRoom);
    QTimer typist;
    int typed = 0;
    QObject::connect(&typist, &QTimer::timeout, &client, [&] {
        client.sendMessage(kRoom, QStringLiteral("message %1").arg(typed));
        if (++typed == kMessages)
            typist.stop();
    });
    QTextStream(stdout) << "outbox " << client.outbox().size() << Qt::endl;
    QObject::connect(&client, &ChatClient::deliveryChanged, &client, [&client, queue] {
        if (!queue && client.outbox().isEmpty()) {
            QTextStream(stdout) << "all delivered" << Qt::endl;
            QCoreApplication::quit();
        }
    });
    client.connectToServer(server);
    if (queue)
        typist.start(1);
    return QCoreApplication::exec();
}
} // namespace

class tst_KillRestart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sigkillWhileSendingLosesNothingDuplicatesNothing();
};

void tst_KillRestart::sigkillWhileSendingLosesNothingDuplicatesNothing()
{
#ifndef Q_OS_UNIX
    QSKIP("SIGKILL is POSIX");
#else
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings ss;
    ss.databasePath = dir.filePath(QStringLiteral("server.sqlite"));
    ss.passwordHashing = PasswordHasher::fastestSettings();
    // One message a millisecond on purpose: the rate limit (docs/security.md) is not under test.
    ss.messageRate = ss.textRate = {};
    ParleyServer server(ss);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString password = QStringLiteral("the victim's password");
    QVERIFY(server.accounts()->createAccount(kVictim, kVictim, password, false).ok());

    ChatClient observer;
    observer.setUserName(QStringLiteral("observer"));
    QList<ChatMessage> seen;
    connect(&observer, &ChatClient::messagesReceived, this, [&seen](const QList<ChatMessage> &ms) { seen << ms; });
    observer.joinRoom(kRoom);
    observer.connectToServer(server.url());
    QTRY_VERIFY(observer.isReady());

    auto startChild = [&](bool queue) {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PARLEY_KILL_CHILD"), QStringLiteral("1"));
        env.insert(QStringLiteral("PARLEY_KILL_DB"), dir.filePath(QStringLiteral("victim.sqlite")));
        env.insert(QStringLiteral("PARLEY_KILL_SERVER"), server.url().toString());
        env.insert(QStringLiteral("PARLEY_KILL_PASSWORD"), password);
        env.insert(QStringLiteral("PARLEY_KILL_QUEUE"), queue ? QStringLiteral("1") : QStringLiteral("0"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("parley.*.info=false"));
        p->setProcessEnvironment(env);
        p->setProgram(QCoreApplication::applicationFilePath());
        p->start();
        return p;
    };

    // First run: queue everything, get killed part-way through sending.
    QProcess *first = startChild(true);
    QVERIFY(first->waitForStarted());
    // Killed the moment the server has accepted a tenth: mid-stream, whatever the machine's speed.
    bool killed = false;
    connect(&observer, &ChatClient::messagesReceived, this, [&] {
        if (!killed && seen.size() >= kMessages / 10) {
            killed = true;
            ::kill(pid_t(first->processId()), SIGKILL);
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(killed, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(first->state(), QProcess::NotRunning, 10000);
    QCOMPARE(first->exitStatus(), QProcess::CrashExit);
    const int beforeKill = int(seen.size());
    // What the child had typed is exactly what its database holds: that must all arrive.
    int typed = 0;
    int unacknowledged = 0;
    {
        MessageStore victim;
        QVERIFY(victim.open(dir.filePath(QStringLiteral("victim.sqlite"))));
        unacknowledged = int(victim.unacknowledged().size());
        MessageStore::Page page = victim.newestPage(kRoom, 500);
        typed = int(page.messages.size());
        while (page.hasMore) {
            page = victim.pageBefore(kRoom, page.oldest, 500);
            typed += int(page.messages.size());
        }
    }
    qInfo("killed having typed %d of %d; the server had %d, %d were not acknowledged",
          typed, kMessages, beforeKill, unacknowledged);
    QVERIFY2(typed < kMessages, "the child finished before it could be killed");
    QVERIFY(unacknowledged > 0 || beforeKill < typed); // something was still in flight

    // Second run: nothing new is queued; the outbox comes back from the database and is resent.
    QProcess *second = startChild(false);
    QVERIFY(second->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(second->state() == QProcess::NotRunning, 60000);
    const QString out = QString::fromUtf8(second->readAllStandardOutput());
    QVERIFY2(out.contains(QLatin1String("all delivered")), qPrintable(out));
    QTRY_COMPARE_WITH_TIMEOUT(int(seen.size()), typed, 10000);

    // Exactly once each, in the order they were typed, with seq 1…typed.
    QSet<QString> ids;
    for (int i = 0; i < seen.size(); ++i) {
        QCOMPARE(seen.at(i).seq, qint64(i + 1));
        QCOMPARE(seen.at(i).text, QStringLiteral("message %1").arg(i));
        ids.insert(seen.at(i).clientId);
    }
    QCOMPARE(int(ids.size()), typed);
    QCOMPARE(server.lastSeq(kRoom), qint64(typed)); // and nothing more: no copy got a seq of its own
    qInfo("after the restart the observer holds %d messages, seq 1..%d, %d distinct ids",
          int(seen.size()), typed, int(ids.size()));
#endif
}

// Its own main (the binary is also the child), with the same test environment as PARLEY_TEST_MAIN.
int main(int argc, char *argv[])
{
    ParleyTest::initTestEnvironment();
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("PARLEY_KILL_CHILD"))
        return runChild();
    tst_KillRestart test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_killrestart.moc"
