#include "clisession.h"

#include "certificatepins.h"
#include "clifiles.h"
#include "clisearch.h"
#include "stdinreader.h"
#include "parleymessagejson.h"
#include "terminaltext.h"
#include "thumbnail.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSettings>
#include <QSysInfo>

#include <cstdio>

namespace {
void writeLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

//! A server-chosen string (a certificate's subject) made safe for a terminal: no control
//! characters, so no escape sequences.
QString printable(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QChar::ReplacementCharacter;
    }
    return out;
}

QString names(const QStringList &parts)
{
    return printable(parts.join(QLatin1String(", ")));
}

//! After the user's close, the closing handshake gets this long on top of the connector's own
//! closeTimeout before the process exits anyway.
constexpr int kExitGraceMs = 1000;
} // namespace

CliSession::CliSession(const CliOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    // Shared with the Parley app: what worked for a server is remembered for both.
    , m_settings(new QSettings(QStringLiteral("Parley"), QStringLiteral("Parley"), this))
    , m_client(new ChatClient(this))
    , m_connection(new ServerConnection(m_client, m_settings, this))
    , m_vault(new TokenVault(TokenVaultSettings::fromSettings(*m_settings), this))
{
    m_client->setThumbnailMaker(&Thumbnail::make); // send-file: images go with their thumbnails
    connect(m_vault, &TokenVault::finished, this,
            [this](TokenVault::Operation operation, const QString &, const TokenResult &result) {
                onVaultFinished(operation, result);
            });
    connect(m_vault, &TokenVault::keychainUnavailable, this, [this](const QString &reason) {
        note(tr("no keychain (%1): the session token is kept in a file only you can read").arg(reason));
    });
    m_connectorSettings = ConnectorSettings::fromSettings(*m_settings);
    if (options.maxAttempts > 0)
        m_connectorSettings.maxAttempts = options.maxAttempts;
    m_connection->setConnectorSettings(m_connectorSettings);

    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &CliSession::onTimeout);
    connect(m_connection, &ServerConnection::progress, this, &CliSession::note);
    m_connection->setCaCertificates(options.caCertificates);
    connect(m_connection, &ServerConnection::failed, this, [this](IMConnector::Error kind, const QString &text) {
        if (kind == IMConnector::Error::Tls && retryTrusted())
            return;
        error(text);
        finish(CliOptions::kPermanent);
    });
    connect(m_connection, &ServerConnection::untrustedCertificate, this, &CliSession::onUntrustedCertificate);
    connect(m_connection, &ServerConnection::certificateChanged, this, &CliSession::onCertificateChanged);
}

CliSession::~CliSession()
{
    // A reader still blocked in a read of standard input cannot be stopped cleanly; the process is
    // about to exit, which ends it (it is deliberately not deleted while running).
    if (m_stdin && m_stdin->isFinished())
        delete m_stdin;
}

void CliSession::note(const QString &text) const
{
    if (!m_options.quiet)
        writeLine(stderr, QStringLiteral("parley-cli: ") + TerminalText::forTerminal(text));
}

void CliSession::error(const QString &text) const
{
    writeLine(stderr, QStringLiteral("parley-cli: ") + tr("error: %1").arg(TerminalText::forTerminal(text)));
}

QJsonObject CliSession::toJson(const ChatMessage &m)
{
    QJsonObject o{
        {QStringLiteral("room"), m.room},
        {QStringLiteral("sender"), m.sender},
        {QStringLiteral("text"), m.text},
        {QStringLiteral("time"), m.time.toUTC().toString(Qt::ISODateWithMs)},
    };
    if (m.seq > 0)
        o.insert(QStringLiteral("seq"), m.seq);
    if (!m.clientId.isEmpty())
        o.insert(QStringLiteral("clientId"), m.clientId);
    if (m.senderId > 0)
        o.insert(QStringLiteral("senderId"), m.senderId);
    if (!m.senderUsername.isEmpty())
        o.insert(QStringLiteral("senderUsername"), m.senderUsername);
    if (!m.raw.isEmpty())
        o.insert(QStringLiteral("raw"), m.raw);
    switch (m.kind) {
    case ChatMessage::Kind::Message:
        if (m.replyTo > 0)
            o.insert(QStringLiteral("replyTo"), m.replyTo);
        if (m.edited.isValid())
            o.insert(QStringLiteral("edited"), m.edited.toUTC().toString(Qt::ISODateWithMs));
        if (m.deleted)
            o.insert(QStringLiteral("deleted"), true);
        if (!m.file.isNull()) {
            QJsonObject file = m.file.toJson();
            file.insert(QStringLiteral("sha256"), m.file.id); // the id is the SHA-256, said plainly
            o.insert(QStringLiteral("file"), file);
        }
        break;
    case ChatMessage::Kind::Edit:
    case ChatMessage::Kind::Delete:
    case ChatMessage::Kind::React:
        o.insert(QStringLiteral("kind"), ParleyMessageJson::eventName(m.kind));
        o.insert(QStringLiteral("target"), m.target);
        if (m.kind == ChatMessage::Kind::React) {
            o.remove(QStringLiteral("text"));
            o.insert(QStringLiteral("emoji"), m.text);
            o.insert(QStringLiteral("on"), m.reactionOn);
        } else if (m.kind == ChatMessage::Kind::Delete) {
            o.remove(QStringLiteral("text"));
        }
        break;
    }
    return o;
}

void CliSession::start()
{
    if (m_options.command == CliOptions::Command::Send || m_options.command == CliOptions::Command::Search
        || isFileCommand())
        m_timeout.start(std::chrono::seconds(m_options.timeoutSeconds));
    if (!m_options.profileId.isEmpty() && !m_options.customProfile
        && !ServerProfile::load(*m_settings, m_options.profileId)) {
        error(tr("There is no profile “%1” (known: %2).")
                  .arg(m_options.profileId, ServerProfile::ids(*m_settings).join(QLatin1String(", "))));
        finish(CliOptions::kUsage);
        return;
    }
    wireClient();
    if (m_options.user.isEmpty()) {
        connectToServer();
        return;
    }
    if (signsInOnly()) {
        chooseSignIn(TokenResult::notFound());
        return;
    }
    ++m_vaultBusy;
    m_vault->read(m_options.server, m_options.user);
}

bool CliSession::signsInOnly() const
{
    return m_options.command == CliOptions::Command::Register || m_options.command == CliOptions::Command::Login;
}

void CliSession::chooseSignIn(const TokenResult &saved)
{
    const QString device = tr("parley-cli on %1").arg(QSysInfo::machineHostName());
    if (m_options.command == CliOptions::Command::Register) {
        SignIn s;
        s.method = SignIn::Method::Register;
        s.username = m_options.user;
        s.password = m_options.password;
        s.displayName = m_options.displayName;
        s.invite = m_options.invite;
        s.device = device;
        m_client->setSignIn(s);
    } else if (saved.status == TokenResult::Status::Ok && m_options.command != CliOptions::Command::Login) {
        m_usedSavedToken = true;
        m_client->setSignIn(SignIn::withToken(QString::fromLatin1(saved.token), device));
    } else if (!m_options.password.isEmpty()) {
        if (saved.status == TokenResult::Status::Refused || saved.status == TokenResult::Status::Failed)
            note(saved.error);
        m_client->setSignIn(SignIn::withPassword(m_options.user, m_options.password, device));
    } else {
        error(saved.status == TokenResult::Status::NotFound
                  ? tr("no saved sign-in for %1 on %2: run parley-cli login (or give a password)")
                        .arg(m_options.user, m_options.server.toDisplayString())
                  : saved.error);
        finish(CliOptions::kPermanent);
        return;
    }
    connectToServer();
}

void CliSession::connectToServer()
{
    DialectResolver::Request request;
    request.server = m_options.server;
    request.dialect = m_options.dialect;
    request.profileId = m_options.profileId;
    request.customProfile = m_options.customProfile;
    request.nameSpace = m_options.nameSpace;
    request.auth = m_options.auth;
    request.redetect = m_options.redetect;
    m_connection->start(request);
}

void CliSession::onSignedIn(const Identity &identity, const QString &newToken)
{
    note(tr("signed in as %1 (@%2)").arg(identity.displayName, identity.username));
    if (!newToken.isEmpty() && !m_options.user.isEmpty()) {
        ++m_vaultBusy;
        m_vault->write(m_options.server, m_options.user, newToken.toLatin1());
    }
    if (signsInOnly())
        finish(CliOptions::kOk); // ends once the token is kept
}

void CliSession::onAuthRefused(const AuthRefusal &refusal)
{
    error(refusal.message.isEmpty() ? refusal.reason : refusal.message);
    if (refusal.reason == QLatin1String("throttled") && refusal.retryAfterMs > 0)
        note(tr("try again in %n second(s)", nullptr, int((refusal.retryAfterMs + 999) / 1000)));
    if (m_usedSavedToken && refusal.tokenRejected()) {
        note(tr("the saved sign-in for %1 is no longer valid: run parley-cli login").arg(m_options.user));
        ++m_vaultBusy;
        m_vault->forget(m_options.server, m_options.user);
    }
    finish(CliOptions::kPermanent);
}

void CliSession::onVaultFinished(TokenVault::Operation operation, const TokenResult &result)
{
    --m_vaultBusy;
    switch (operation) {
    case TokenVault::Operation::Read:
        if (!m_finishing)
            chooseSignIn(result);
        break;
    case TokenVault::Operation::Write:
        if (result.status == TokenResult::Status::Ok)
            note(tr("session token kept for %1").arg(m_options.user));
        else
            error(result.error);
        break;
    case TokenVault::Operation::Forget:
        break;
    }
    if (m_vaultBusy == 0 && m_exitCode >= 0) {
        const int code = m_exitCode;
        m_exitCode = -1;
        m_finishing = false;
        finish(code);
    }
}

void CliSession::wireClient()
{
    m_client->setSettings(m_connectorSettings);
    m_client->setUserName(m_options.name);
    connect(m_client, &ChatClient::errorOccurred, this, [this](const QString &text) { note(text); });
    connect(m_client->connector(), &IMConnector::errorOccurred, this, &CliSession::onConnectorError);
    connect(m_client, &ChatClient::readyChanged, this, &CliSession::onReady);
    connect(m_client, &ChatClient::signedIn, this, &CliSession::onSignedIn);
    connect(m_client, &ChatClient::authRefused, this, &CliSession::onAuthRefused);
    connect(m_client, &ChatClient::reconnectScheduled, this, [this](int attempt, int delayMs) {
        note(tr("reconnecting in %1 ms (attempt %2)").arg(delayMs).arg(attempt));
    });
    connect(m_client, &ChatClient::joined, this, [this](const QString &room) { note(tr("joined #%1").arg(room)); });
    connect(m_client, &ChatClient::deliveryChanged, this,
            [this](const QString &clientId, ChatMessage::Delivery state) { onDelivery(clientId, state); });
    if (m_options.command != CliOptions::Command::Send && m_options.command != CliOptions::Command::Search
        && !isFileCommand())
        connect(m_client, &ChatClient::messagesReceived, this, &CliSession::print);
    if (m_options.command == CliOptions::Command::Listen || m_options.command == CliOptions::Command::Pipe)
        connect(m_client, &ChatClient::receiptsChanged, this, &CliSession::printReceipts);

    if (signsInOnly())
        return;
    m_client->joinRoom(m_options.room);
    if (m_options.command == CliOptions::Command::Send)
        queueCommand();
    if (m_options.command == CliOptions::Command::Search)
        startSearch();
    if (isFileCommand())
        startFiles();
    if (m_options.command == CliOptions::Command::Pipe) {
        m_stdin = new StdinReader; // no parent: see ~CliSession()
        connect(m_stdin, &StdinReader::lineRead, this, &CliSession::queue);
        connect(m_stdin, &StdinReader::endOfInput, this, [this] {
            m_inputDone = true;
            m_timeout.start(std::chrono::seconds(m_options.timeoutSeconds));
            checkDone();
        });
        m_stdin->start();
    }
}

void CliSession::print(const QList<ChatMessage> &messages) const
{
    for (const ChatMessage &m : messages)
        writeJsonLine(toJson(m));
}

void CliSession::writeJsonLine(const QJsonObject &o)
{
    writeLine(stdout, TerminalText::forJsonLine(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))));
}

void CliSession::printReceipts(const QString &room)
{
    QHash<qint64, qint64> &printed = m_printedReceipts[room];
    const ReadReceipts &receipts = m_client->receipts();
    for (const qint64 userId : receipts.readers(room, 1)) {
        const qint64 seq = receipts.seqOf(room, userId);
        if (seq <= printed.value(userId))
            continue;
        printed.insert(userId, seq);
        writeJsonLine(QJsonObject{{QStringLiteral("kind"), QStringLiteral("read")},
                                  {QStringLiteral("room"), room},
                                  {QStringLiteral("userId"), userId},
                                  {QStringLiteral("seq"), seq}});
    }
}

void CliSession::onReady(bool ready)
{
    if (!ready)
        return;
    QString how = ServerKinds::name(m_connection->kind());
    if (m_connection->kind() == ServerKind::SocketIo)
        how += QLatin1Char('/') + m_connection->profile().id;
    note(tr("connected to %1 (%2)").arg(m_options.server.toDisplayString(), how));
}

void CliSession::onConnectorError(IMConnector::Error kind, const QString &text)
{
    if (IMConnector::isTransient(kind))
        return; // the connector reconnects by itself
    if (kind == IMConnector::Error::Tls && retryTrusted())
        return;
    if (m_options.quiet)
        error(text);
    finish(CliOptions::kPermanent);
}

void CliSession::onUntrustedCertificate(const QSslCertificate &certificate, const QList<QSslError> &errors)
{
    const QString server = CertificatePins::key(m_options.server);
    const QString fingerprint = CertificatePins::fingerprint(certificate);
    if (!m_trustTried && fingerprint == m_options.trustFingerprint) {
        m_toTrust = certificate;
        note(tr("the certificate of %1 has the fingerprint given: trusting it for this server from now on").arg(server));
        return;
    }
    QStringList why;
    for (const QSslError &e : errors)
        why << e.errorString();
    error(tr("the certificate of %1 is not trusted: %2\n"
             "  subject: %3\n"
             "  issued by: %4\n"
             "  valid: %5 to %6\n"
             "  SHA-256 fingerprint: %7\n"
             "Check the fingerprint with the server's operator, then run again with\n"
             "  --trust-fingerprint %7\n"
             "or give the certificate authority that signed it with --ca-file FILE.")
              .arg(server, printable(why.join(QLatin1String("; "))),
                   names(certificate.subjectInfo(QSslCertificate::CommonName)
                         + certificate.subjectInfo(QSslCertificate::Organization)),
                   names(certificate.issuerInfo(QSslCertificate::CommonName)
                         + certificate.issuerInfo(QSslCertificate::Organization)),
                   certificate.effectiveDate().toString(Qt::ISODate),
                   certificate.expiryDate().toString(Qt::ISODate), fingerprint));
}

void CliSession::onCertificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented)
{
    const QString server = CertificatePins::key(m_options.server);
    const QString now = CertificatePins::fingerprint(presented);
    if (!m_trustTried && now == m_options.trustFingerprint) {
        m_toTrust = presented;
        note(tr("the certificate of %1 changed to the fingerprint given: replacing the pinned one (%2)")
                 .arg(server, CertificatePins::fingerprint(pinned)));
        return;
    }
    error(tr("THE CERTIFICATE OF %1 HAS CHANGED. Someone may be intercepting the connection.\n"
             "  pinned (trusted before): %2\n"
             "  presented now:           %3\n"
             "Parley will not connect. Only if the server's operator confirms the new certificate,\n"
             "run again with --trust-fingerprint %3")
              .arg(server, CertificatePins::fingerprint(pinned), now));
}

bool CliSession::retryTrusted()
{
    if (m_toTrust.isNull() || m_trustTried || m_finishing)
        return false;
    m_trustTried = true;
    const QSslCertificate certificate = m_toTrust;
    m_toTrust = QSslCertificate();
    // Not from inside the link's error: start again once it has stopped.
    QMetaObject::invokeMethod(this, [this, certificate] { m_connection->trust(certificate); }, Qt::QueuedConnection);
    return true;
}

void CliSession::queueCommand()
{
    QString id;
    switch (m_options.kind) {
    case ChatMessage::Kind::Message:
        id = m_client->sendMessage(m_options.room, m_options.text, m_options.replyTo);
        break;
    case ChatMessage::Kind::Edit:
        id = m_client->editMessage(m_options.room, m_options.target, m_options.text);
        break;
    case ChatMessage::Kind::Delete:
        id = m_client->deleteMessage(m_options.room, m_options.target);
        break;
    case ChatMessage::Kind::React:
        id = m_client->react(m_options.room, m_options.target, m_options.text.trimmed(), m_options.reactionOn);
        break;
    }
    if (id.isEmpty()) {
        if (m_options.kind != ChatMessage::Kind::Message && !m_client->hasConversations())
            error(tr("this server has no replies, edits, deletes or reactions"));
        ++m_failed;
        checkDone();
        return;
    }
    if (!m_final.contains(id))
        m_outstanding.insert(id);
    checkDone();
}

void CliSession::startSearch()
{
    m_search = new CliSearch(m_client, m_options.search, m_options.searchLimit, this);
    connect(m_search, &CliSearch::found, this, &CliSession::print);
    connect(m_search, &CliSearch::failed, this, &CliSession::error);
    connect(m_search, &CliSearch::finished, this,
            [this](bool ok) { finish(ok ? CliOptions::kOk : CliOptions::kFailed); });
    // The server searches the rooms this session joined: the search waits for the join. A
    // server without search says so as soon as the link is up.
    connect(m_client, &ChatClient::joined, m_search, [this](const QString &room) {
        if (room == m_options.room)
            m_search->start();
    });
    connect(m_client, &ChatClient::readyChanged, m_search, [this](bool ready) {
        if (ready && !m_client->hasSearch())
            m_search->start();
    });
}

bool CliSession::isFileCommand() const
{
    return m_options.command == CliOptions::Command::SendFile
        || m_options.command == CliOptions::Command::FetchFile;
}

void CliSession::startFiles()
{
    m_files = m_options.command == CliOptions::Command::SendFile
            ? CliFiles::sending(m_client, m_options.room, m_options.files, m_options.text, this)
            : CliFiles::fetching(m_client, m_options.fileId, m_options.output, this);
    connect(m_files, &CliFiles::note, this, &CliSession::note);
    connect(m_files, &CliFiles::failed, this, &CliSession::error);
    // --timeout counts from the last progress: a large file takes as long as it takes.
    connect(m_files, &CliFiles::progressed, this,
            [this] { m_timeout.start(std::chrono::seconds(m_options.timeoutSeconds)); });
    connect(m_files, &CliFiles::finished, this,
            [this](bool ok) { finish(ok ? CliOptions::kOk : CliOptions::kFailed); });
    // The server takes and serves files to the members of a room: the files wait for the join.
    connect(m_client, &ChatClient::joined, m_files, [this](const QString &room) {
        if (room == m_options.room)
            m_files->start();
    });
    connect(m_client, &ChatClient::readyChanged, m_files, [this](bool ready) {
        if (ready && !m_client->hasFiles())
            m_files->start();
    });
}

void CliSession::queue(const QString &text)
{
    if (m_finishing || text.trimmed().isEmpty())
        return;
    const QString id = m_client->sendMessage(m_options.room, text);
    if (id.isEmpty()) {
        ++m_failed; // ChatClient said why
        return;
    }
    if (!m_final.contains(id))
        m_outstanding.insert(id);
    checkDone();
}

void CliSession::onDelivery(const QString &clientId, ChatMessage::Delivery state)
{
    const bool receipts = m_client->capabilities().acks;
    const bool final = state == ChatMessage::Delivery::Delivered || state == ChatMessage::Delivery::Failed
                    || (state == ChatMessage::Delivery::Sent && !receipts);
    if (!final)
        return;
    m_final.insert(clientId, state);
    m_outstanding.remove(clientId);
    if (state == ChatMessage::Delivery::Failed) {
        ++m_failed;
        error(tr("a message could not be delivered"));
    }
    checkDone();
}

void CliSession::checkDone()
{
    if (!m_outstanding.isEmpty())
        return;
    const bool done = m_options.command == CliOptions::Command::Send ? !m_final.isEmpty() || m_failed > 0
                    : m_options.command == CliOptions::Command::Pipe ? m_inputDone
                                                                     : false;
    if (done)
        finish(m_failed > 0 ? CliOptions::kFailed : CliOptions::kOk);
}

void CliSession::onTimeout()
{
    if (m_options.command == CliOptions::Command::Search) {
        error(tr("the search was not answered within %1 s").arg(m_options.timeoutSeconds));
        finish(CliOptions::kFailed);
        return;
    }
    if (isFileCommand()) {
        error(tr("nothing moved for %1 s").arg(m_options.timeoutSeconds));
        finish(CliOptions::kFailed);
        return;
    }
    error(tr("%n message(s) not delivered within %1 s", nullptr, int(m_outstanding.size()))
              .arg(m_options.timeoutSeconds));
    finish(CliOptions::kFailed);
}

void CliSession::finish(int exitCode)
{
    if (m_finishing)
        return;
    m_finishing = true;
    if (m_vaultBusy > 0) {
        m_exitCode = exitCode; // the token is being kept or forgotten: end after it
        return;
    }
    m_timeout.stop();
    m_connection->abort();
    if (m_client->connectionState() == IMConnector::State::Disconnected) {
        QMetaObject::invokeMethod(this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
        return;
    }
    // Close politely so that what was written reaches the server before the socket goes.
    auto done = [this, exitCode] {
        if (m_client)
            m_client->disconnect(this);
        Q_EMIT finished(exitCode);
    };
    connect(m_client, &ChatClient::connectionStateChanged, this, [done](IMConnector::State s) {
        if (s == IMConnector::State::Disconnected)
            done();
    });
    QTimer::singleShot(int(m_connectorSettings.closeTimeout.count()) + kExitGraceMs, this, done);
    m_client->disconnectFromServer();
}
