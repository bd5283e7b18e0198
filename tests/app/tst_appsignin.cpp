// Tests app/signinkeeper.cpp through AppSession, as a user meets it: a parley-server that wants to
// know who you are opens the sign-in form; after signing in the token is kept (here in the 0600
// file: no keychain on a test machine) and the next start signs in with it, asking nothing; a
// token the server no longer takes is forgotten and the form comes back with the server's words.
#include "appsession.h"
#include "chatclient.h"
#include "chatwindow.h"
#include "scriptedsocketioserver.h"
#include "servermemory.h"
#include "signindialog.h"
#include "testmain.h"
#include "tokenfilestore.h"
#include "tokenvault.h"

#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kWelcome = QStringLiteral(R"(40{"sid":"s","user":{"id":7,"username":"dana","displayName":"Dana"},"token":"tok-dana-7"})");
const QString kWelcomeBack = QStringLiteral(R"(40{"sid":"s","user":{"id":7,"username":"dana","displayName":"Dana"}})");

//! Joins are answered, the joiner alone.
void answerJoins(ScriptedSocketIoServer &server)
{
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
    });
}

//! The server knows dana (password "s3cret", token "tok-dana-7") and asks anybody else to sign in.
void answerAsDana(ScriptedSocketIoServer &server)
{
    server.setConnectHandler([](QWebSocket *, const QJsonObject &auth) {
        if (auth.value(QLatin1String("password")).toString() == QLatin1String("s3cret"))
            return kWelcome;
        if (auth.value(QLatin1String("token")).toString() == QLatin1String("tok-dana-7"))
            return kWelcomeBack;
        return QStringLiteral(R"(44{"message":"Sign in first.","reason":"auth required"})");
    });
    answerJoins(server);
}
} // namespace

class tst_AppSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void askedOnceThenKeptSignedIn();
    void refusedTokenAsksAgain();
    void sessionEndedForgetsTokenAndAsks_data();
    void sessionEndedForgetsTokenAndAsks();
    void throttledDoesNotAsk();

private:
    AppSession::Target target(const QUrl &url) const;
    static SignInDialog *dialogOf(AppSession &session);
    //! Waits for the form, signs in as dana with it, waits until the client is ready.
    static void signInThroughForm(AppSession &session);
    QTemporaryDir m_dir;
};

void tst_AppSignIn::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

AppSession::Target tst_AppSignIn::target(const QUrl &url) const
{
    AppSession::Target t;
    t.server = url;
    t.name = QStringLiteral("dana");
    t.room = QStringLiteral("lobby");
    t.dialect = QStringLiteral("parley");
    t.persistent = false;
    return t;
}

SignInDialog *tst_AppSignIn::dialogOf(AppSession &session)
{
    const auto dialogs = session.window()->findChildren<SignInDialog *>();
    return dialogs.isEmpty() || !dialogs.constFirst()->isVisible() ? nullptr : dialogs.constFirst();
}

void tst_AppSignIn::signInThroughForm(AppSession &session)
{
    QTRY_VERIFY_WITH_TIMEOUT(dialogOf(session), 10000);
    SignInDialog *dialog = dialogOf(session);
    dialog->findChild<QLineEdit *>(QStringLiteral("username"))->setText(QStringLiteral("dana"));
    dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("s3cret"));
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(session.client()->isReady(), 10000);
}

void tst_AppSignIn::askedOnceThenKeptSignedIn()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    answerAsDana(server);
    QSettings settings(m_dir.filePath(QStringLiteral("kept.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("credentials/forceFileFallback"), true);
    {
        AppSession session(&settings, nullptr);
        session.start(target(server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(dialogOf(session), 10000);
        SignInDialog *dialog = dialogOf(session);
        QCOMPARE(dialog->mode(), SignInDialog::Mode::SignIn);
        dialog->findChild<QLineEdit *>(QStringLiteral("username"))->setText(QStringLiteral("dana"));
        dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(QStringLiteral("s3cret"));
        QVERIFY(dialog->problem().isEmpty());
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(session.client()->isReady(), 10000);
        QCOMPARE(session.client()->identity().userId, 7);
        QTRY_COMPARE(ServerMemory::recallUser(settings, server.url()), QStringLiteral("dana"));
    }
    QVERIFY(!settings.allKeys().join(QLatin1Char(' ')).contains(QLatin1String("tok-dana-7")));
    const int connects = int(server.connectAuths().size());

    // The next start: the kept token, no form.
    AppSession again(&settings, nullptr);
    again.start(target(server.url()));
    QTRY_VERIFY_WITH_TIMEOUT(again.client()->isReady(), 10000);
    QVERIFY(!dialogOf(again));
    QCOMPARE(server.connectAuths().at(connects).value(QLatin1String("token")).toString(), QStringLiteral("tok-dana-7"));
    QVERIFY(!server.connectAuths().at(connects).contains(QLatin1String("password")));
}

void tst_AppSignIn::refusedTokenAsksAgain()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setConnectHandler([](QWebSocket *, const QJsonObject &auth) {
        if (auth.value(QLatin1String("password")).toString() == QLatin1String("s3cret"))
            return kWelcome;
        return QStringLiteral(R"(44{"message":"Your session has expired.","reason":"token expired"})");
    });
    QSettings settings(m_dir.filePath(QStringLiteral("refused.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("credentials/forceFileFallback"), true);
    {
        AppSession session(&settings, nullptr);
        session.start(target(server.url()));
        signInThroughForm(session);
        if (QTest::currentTestFailed())
            return;
    }
    // The server no longer takes the token: the form comes back, prefilled, with its words.
    AppSession again(&settings, nullptr);
    again.start(target(server.url()));
    QTRY_VERIFY_WITH_TIMEOUT(dialogOf(again), 10000);
    SignInDialog *dialog = dialogOf(again);
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("username"))->text(), QStringLiteral("dana"));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("signInError"))->text(), QStringLiteral("Your session has expired."));
    QCOMPARE(again.client()->connectionState(), IMConnector::State::Disconnected); // waits for the user
}

void tst_AppSignIn::sessionEndedForgetsTokenAndAsks_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("why");
    QTest::newRow("signed out") << QStringLiteral("signed out") << QStringLiteral("You signed out.");
    QTest::newRow("token revoked") << QStringLiteral("token revoked")
                                   << QStringLiteral("This device was signed out from another device.");
}

void tst_AppSignIn::sessionEndedForgetsTokenAndAsks()
{
    QFETCH(QString, reason);
    QFETCH(QString, why);
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    answerAsDana(server);
    QSettings settings(m_dir.filePath(QStringLiteral("ended-%1.ini").arg(QLatin1String(QTest::currentDataTag()))), QSettings::IniFormat);
    settings.setValue(QStringLiteral("credentials/forceFileFallback"), true);
    {
        AppSession session(&settings, nullptr);
        session.start(target(server.url()));
        signInThroughForm(session);
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY(!dialogOf(session));
        const QString key = TokenVault::keyFor(server.url(), QStringLiteral("dana"));
        QTRY_COMPARE(TokenFileStore().read(key).status, TokenResult::Status::Ok); // kept

        // The server ends the session: the form comes back with why, in plain words.
        QWebSocket *link = server.sockets().constLast();
        ScriptedSocketIoServer::emitTo(link, QStringLiteral("auth"), {QJsonObject{{QStringLiteral("reason"), reason}}});
        link->close();
        QTRY_VERIFY_WITH_TIMEOUT(dialogOf(session), 10000);
        QCOMPARE(dialogOf(session)->findChild<QLabel *>(QStringLiteral("signInError"))->text(), why);
        QCOMPARE(dialogOf(session)->findChild<QLineEdit *>(QStringLiteral("username"))->text(), QStringLiteral("dana"));
        QTRY_COMPARE(session.client()->connectionState(), IMConnector::State::Disconnected);
        QTRY_COMPARE(TokenFileStore().read(key).status, TokenResult::Status::NotFound); // forgotten
    }
    // The token was forgotten: the next start does not offer it, and asks.
    const int connects = int(server.connectAuths().size());
    AppSession again(&settings, nullptr);
    again.start(target(server.url()));
    QTRY_VERIFY_WITH_TIMEOUT(dialogOf(again), 10000);
    QCOMPARE(server.connectAuths().size(), connects + 1);
    QVERIFY(!server.connectAuths().constLast().contains(QLatin1String("token")));
}

void tst_AppSignIn::throttledDoesNotAsk()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    int connects = 0;
    server.setConnectHandler([&connects](QWebSocket *, const QJsonObject &) {
        return ++connects == 1
            ? QStringLiteral(R"(44{"message":"Too many attempts.","reason":"throttled","retryAfterMs":100})")
            : kWelcomeBack;
    });
    answerJoins(server);
    QSettings settings(m_dir.filePath(QStringLiteral("throttled.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("credentials/forceFileFallback"), true);
    AppSession session(&settings, nullptr);
    session.start(target(server.url()));
    QSignalSpy refused(session.client(), &ChatClient::authRefused);
    QTRY_VERIFY_WITH_TIMEOUT(session.client()->isReady(), 10000); // tried again by itself
    QCOMPARE(refused.size(), 1);
    QCOMPARE(connects, 2);
    QVERIFY(!dialogOf(session));
}

PARLEY_TEST_MAIN(tst_AppSignIn)
#include "tst_appsignin.moc"
