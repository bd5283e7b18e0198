#include "tokenvault.h"

#include "logging.h"
#include "sessiontoken.h"
#include "websocketurl.h"

#include <qt6keychain/keychain.h>

TokenVault::TokenVault(const TokenVaultSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_files(settings.fileDirectory.isEmpty() ? TokenFileStore::defaultDirectory() : settings.fileDirectory)
    , m_backend(settings.forceFileFallback ? Backend::File : Backend::Keychain)
{
    qRegisterMetaType<TokenResult>();
    m_jobTimeout.setSingleShot(true);
    m_jobTimeout.setInterval(settings.keychainTimeout);
    connect(&m_jobTimeout, &QTimer::timeout, this, &TokenVault::onJobTimeout);
}

// A job still running is left to finish and delete itself: QtKeychain's backends hold a pointer to
// it until they answer, so deleting it here could crash later. Our connection to it dies with us.
TokenVault::~TokenVault() = default;

QString TokenVault::serviceName()
{
    return QStringLiteral("Parley");
}

QString TokenVault::keyFor(const QUrl &server, const QString &username)
{
    if (server.host().isEmpty() || username.isEmpty())
        return {};
    return WebSocketUrl::hostAndPort(server) + QLatin1Char('/') + username;
}

void TokenVault::read(const QUrl &server, const QString &username)
{
    enqueue(Operation::Read, server, username, {});
}

void TokenVault::write(const QUrl &server, const QString &username, const QByteArray &token)
{
    enqueue(Operation::Write, server, username, token);
}

void TokenVault::forget(const QUrl &server, const QString &username)
{
    enqueue(Operation::Forget, server, username, {});
}

void TokenVault::enqueue(Operation operation, const QUrl &server, const QString &username, const QByteArray &token)
{
    m_queue.push_back({operation, keyFor(server, username), token});
    if (m_busy)
        return;
    m_busy = true;
    QMetaObject::invokeMethod(this, &TokenVault::startNext, Qt::QueuedConnection);
}

void TokenVault::startNext()
{
    if (m_queue.empty()) {
        m_busy = false;
        return;
    }
    const Request &request = m_queue.front();
    if (request.key.isEmpty()) {
        finish(TokenResult::refused(tr("A session token needs a server and a user name.")));
    } else if (request.operation == Operation::Write && !SessionToken::isValid(request.token)) {
        finish(TokenResult::refused(SessionToken::describe(SessionToken::defect(request.token))));
    } else if (m_backend == Backend::File) {
        finish(runOnFile(request));
    } else {
        startKeychainJob(request);
    }
}

void TokenVault::startKeychainJob(const Request &request)
{
    QKeychain::Job *job = nullptr;
    switch (request.operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(serviceName());
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(serviceName());
        write->setTextData(QString::fromLatin1(request.token));
        job = write;
        break;
    }
    case Operation::Forget:
        job = new QKeychain::DeletePasswordJob(serviceName());
        break;
    }
    // No parent (see ~TokenVault); QtKeychain deletes the job once it has answered.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(request.key);
    connect(job, &QKeychain::Job::finished, this, &TokenVault::onJobFinished);
    m_job = job;
    m_jobTimeout.start();
    qCDebug(lcCredentials) << "keychain" << request.operation << request.key;
    job->start();
}

void TokenVault::onJobFinished(QKeychain::Job *job)
{
    if (job != m_job)
        return;
    m_jobTimeout.stop();
    m_job = nullptr;
    const Request &request = m_queue.front();
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError: // e.g. no D-Bus session bus, no Secret Service on it
        markKeychainUnavailable(job->errorString());
        finish(runOnFile(request));
        return;
    default:
        finish(keychainResult(request, job));
        return;
    }
}

void TokenVault::onJobTimeout()
{
    abandonJob();
    markKeychainUnavailable(tr("No keychain service answered within %1 ms.").arg(m_settings.keychainTimeout.count()));
    finish(runOnFile(m_queue.front()));
}

// The job cannot be cancelled; it finishes (or not) on its own and its answer is ignored. QtKeychain
// runs jobs one at a time per process, so nothing more is asked of the keychain after this.
void TokenVault::abandonJob()
{
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    m_job = nullptr;
}

void TokenVault::markKeychainUnavailable(const QString &reason)
{
    if (m_backend == Backend::File)
        return;
    m_backend = Backend::File;
    m_keychainProblem = reason;
    qCWarning(lcCredentials).noquote() << "no keychain:" << reason << "- session tokens go to files in"
                                       << m_files.directory();
    Q_EMIT keychainUnavailable(reason);
}

TokenResult TokenVault::runOnFile(const Request &request) const
{
    switch (request.operation) {
    case Operation::Read:
        return m_files.read(request.key);
    case Operation::Write:
        return m_files.write(request.key, request.token);
    case Operation::Forget:
        return m_files.remove(request.key);
    }
    return TokenResult::failed({});
}

TokenResult TokenVault::keychainResult(const Request &request, QKeychain::Job *job)
{
    const QKeychain::Error error = job->error();
    switch (request.operation) {
    case Operation::Read: {
        if (error == QKeychain::EntryNotFound)
            return m_files.read(request.key); // stored while the keychain was away
        if (error != QKeychain::NoError)
            return TokenResult::failed(tr("The keychain refused to read the session token: %1").arg(job->errorString()));
        const QByteArray token = static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData();
        const SessionToken::Defect defect = SessionToken::defect(token);
        if (defect != SessionToken::Defect::None)
            return TokenResult::refused(tr("The session token in the keychain is damaged. %1").arg(SessionToken::describe(defect)));
        return TokenResult::ok(token);
    }
    case Operation::Write: {
        if (error != QKeychain::NoError)
            return TokenResult::failed(tr("The keychain refused to store the session token: %1").arg(job->errorString()));
        const TokenResult stale = m_files.remove(request.key);
        if (stale.status != TokenResult::Status::Ok)
            qCWarning(lcCredentials).noquote() << stale.error;
        return TokenResult::ok();
    }
    case Operation::Forget: {
        const TokenResult removed = m_files.remove(request.key);
        if (error != QKeychain::NoError && error != QKeychain::EntryNotFound)
            return TokenResult::failed(tr("The keychain refused to delete the session token: %1").arg(job->errorString()));
        return removed;
    }
    }
    return TokenResult::failed({});
}

void TokenVault::finish(const TokenResult &result)
{
    const Request request = m_queue.front();
    m_queue.pop_front();
    if (result.status == TokenResult::Status::Refused || result.status == TokenResult::Status::Failed)
        qCWarning(lcCredentials).noquote() << request.operation << request.key << result.error;
    Q_EMIT finished(request.operation, request.key, result);
    // Next request on a fresh turn, so a slot that asks again from finished() never recurses here.
    QMetaObject::invokeMethod(this, &TokenVault::startNext, Qt::QueuedConnection);
}
