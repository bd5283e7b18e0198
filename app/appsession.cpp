#include "appsession.h"

#include "awaytimer.h"
#include "certificatedialog.h"
#include "certificatepins.h"
#include "chatclient.h"
#include "chatwindow.h"
#include "connectorsettings.h"
#include "hostedchat.h"
#include "logging.h"
#include "messagestore.h"
#include "messagestoreopener.h"
#include "serverconnection.h"
#include "sessionmodels.h"
#include "signindialog.h"
#include "signinkeeper.h"
#include "tokenvault.h"
#include "trustedcertificatesdialog.h"
#include "thumbnail.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMessageBox>
#include <QSettings>

AppSession::AppSession(QSettings *settings, NetworkMonitor *network, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(network)
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelay);
    connect(&m_saveTimer, &QTimer::timeout, this, &AppSession::saveRooms);
}

AppSession::~AppSession()
{
    saveRooms();
    if (m_connection)
        m_connection->abort();
    if (m_client)
        m_client->disconnectFromServer();
    // The window shows the models, the models follow the client; the store outlives them all.
    m_window.reset();
    m_models.reset();
    m_client.reset();
    m_store.reset();
}

void AppSession::start(const Target &target, const QRect &geometry)
{
    m_target = target;
    if (m_target.identity.isEmpty())
        m_target.identity = target.server;
    const ConnectorSettings connectorSettings = ConnectorSettings::fromSettings(*m_settings);

    m_client = std::make_unique<ChatClient>();
    m_client->setSettings(connectorSettings);
    m_client->setThumbnailMaker(&Thumbnail::make); // receivers show an image without fetching it
    // Away after awayAfter without input anywhere in the app; back at the next input.
    m_away = new AwayTimer(connectorSettings.awayAfter, this);
    connect(m_away, &AwayTimer::awayChanged, m_client.get(), &ChatClient::setAway);
    qApp->installEventFilter(this);
    m_client->setUserName(target.name);
    if (m_network)
        m_client->setNetworkMonitor(m_network);

    // Outbox and history on disk, one database per server and user: nothing typed is lost.
    // A damaged file is moved aside (kept) and a new one started; what happened is told below.
    QString storeNotice;
    if (target.persistent) {
        m_store = std::make_unique<MessageStore>();
        const MessageStoreOpener::Result opened =
                MessageStoreOpener::open(*m_store, MessageStore::defaultPath(m_target.identity, target.name));
        if (!opened.movedAsideTo.isEmpty()) {
            storeNotice = tr("Parley's message history for this server was damaged. It was kept as %1 "
                             "and a new one was started.").arg(opened.movedAsideTo);
        }
        if (opened.ok) {
            qCInfo(lcApp).noquote() << "local history:" << m_store->path();
            m_client->setStore(m_store.get());
        } else {
            qCWarning(lcApp).noquote() << "local history unavailable, keeping messages in memory:"
                                       << opened.error;
            storeNotice = tr("Parley cannot save messages (%1). Messages are kept only until Parley "
                             "quits; what you write is sent, but not kept if Parley stops first.")
                                  .arg(opened.error);
            m_store.reset();
        }
    }

    // The rooms of this server, as they were left (SessionModels::restore()).
    m_models = std::make_unique<SessionModels>(m_client.get(), m_store.get());
    const QString shown = m_models->restore(*m_settings, m_target.identity, target.room, target.roomGiven);
    m_window = std::make_unique<ChatWindow>(m_models.get());
    if (!storeNotice.isEmpty())
        m_window->showError(storeNotice);
    if (m_store) {
        // Told once when saving starts failing (a full disk) and once when it works again.
        m_store->setWriteNotify([window = m_window.get()](bool failing, const QString &why) {
            if (!failing) {
                window->showStatus(tr("Parley can save messages again; fetching what it could not save."));
                return;
            }
            const QString words = why.contains(QLatin1String("full"), Qt::CaseInsensitive)
                                          ? tr("the disk is full")
                                          : why;
            window->showError(tr("Parley cannot save messages: %1. They are kept in memory; once saving "
                                 "works again, Parley fetches what it could not save.").arg(words));
        });
    }
    m_window->setSettings(m_settings);
    m_window->showRoom(shown);
    // Saved again soon after each change from now on (kSaveDelay), and when the session ends.
    connect(m_models.get(), &SessionModels::savedStateChanged, &m_saveTimer, qOverload<>(&QTimer::start));
    if (!target.hostedUrl.isEmpty())
        m_window->setHostedServer(target.hostedUrl);
    connect(m_window.get(), &ChatWindow::connectRequested, this, &AppSession::connectRequested);
    connect(m_window.get(), &ChatWindow::inviteRequested, this, &AppSession::invite);
    connect(m_window.get(), &ChatWindow::trustedCertificatesRequested, this, [this] {
        auto *dialog = new TrustedCertificatesDialog(m_settings, m_window.get());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });

    if (geometry.isValid())
        m_window->setGeometry(geometry);
    m_window->show();

    // Which protocol: asked for, remembered for this server, or found out; then connect.
    m_connection = new ServerConnection(m_client.get(), m_settings, this);
    m_connection->setConnectorSettings(connectorSettings);
    m_connection->setCaCertificates(target.caCertificates);
    connect(m_connection, &ServerConnection::untrustedCertificate, this, &AppSession::askToTrust);
    connect(m_connection, &ServerConnection::certificateChanged, this, &AppSession::warnCertificateChanged);
    connect(m_connection, &ServerConnection::progress, m_window.get(), &ChatWindow::showStatus);
    connect(m_connection, &ServerConnection::failed, m_window.get(),
            [this](IMConnector::Error, const QString &text) { m_window->showError(text); });
    DialectResolver::Request request;
    request.server = target.server;
    request.dialect = target.dialect;
    request.profileId = target.profileId;

    // Who we are on that server: the kept sign-in, else whatever the server says it needs.
    m_vault = std::make_unique<TokenVault>(TokenVaultSettings::fromSettings(*m_settings));
    m_keeper = new SignInKeeper(m_client.get(), m_vault.get(), m_settings, target.server, this);
    connect(m_keeper, &SignInKeeper::signInNeeded, this, &AppSession::askToSignIn);
    // Signed in: an invite of the link is spent (a sign-in form after a sign-out signs in).
    connect(m_client.get(), &ChatClient::signedIn, this, [this](const Identity &identity) {
        if (identity.guest || m_target.invite.isEmpty())
            return;
        m_target.invite.clear();
        if (m_signInDialog)
            m_signInDialog->setInvite(QString());
    });
    connect(m_keeper, &SignInKeeper::notice, m_window.get(), &ChatWindow::showStatus);
    if (!target.token.isEmpty()) { // our own hosted chat: already known, nothing to keep
        m_client->setSignIn(SignIn::withToken(target.token, SignInKeeper::deviceLabel()));
        m_connection->start(request);
        return;
    }
    m_keeper->prepare([this, request] { m_connection->start(request); });
}

bool AppSession::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (m_away)
            m_away->activity(); // cheap: it only notes the time
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void AppSession::invite()
{
    HostedChat *hosted = m_target.hosted;
    if (!hosted)
        return;
    QString error;
    if (hosted->isLocalOnly()) {
        // An invite to a chat only this computer can reach would be no use: ask to share it.
        const auto answer = QMessageBox::question(
                m_window.get(), tr("Share this chat on your network?"),
                tr("Your chat can only be reached from this computer now. To invite someone, Parley "
                   "shares it on your network: people on it can then reach this computer on port %1 "
                   "(they still need an invite to create an account).\n\nShare it now?")
                        .arg(hosted->addressForOthers().port()));
        if (answer != QMessageBox::Yes)
            return;
        if (!hosted->shareOnNetwork(&error)) {
            m_window->showError(tr("Could not share the chat on the network: %1").arg(error));
            return;
        }
        m_window->setHostedServer(hosted->addressForOthers());
    }
    const QString link = hosted->makeInviteLink(&error);
    if (link.isEmpty()) {
        m_window->showError(tr("Could not make an invite: %1").arg(error));
        return;
    }
    QGuiApplication::clipboard()->setText(link);
    QMessageBox box(QMessageBox::Information, tr("Invite someone"),
                    tr("This link lets one person create an account in this chat within 7 days. It is "
                       "copied; send it to them, and they open it with Parley:\n\n%1").arg(link),
                    QMessageBox::Ok, m_window.get());
    box.setTextFormat(Qt::PlainText);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

void AppSession::askToTrust(const QSslCertificate &certificate, const QList<QSslError> &errors)
{
    showCertificateDialog(CertificateDialog::untrusted(CertificatePins::key(m_target.server), certificate, errors,
                                                       m_window.get()));
}

void AppSession::warnCertificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented)
{
    m_window->showError(tr("The certificate of %1 has changed: Parley did not connect.")
                                .arg(CertificatePins::key(m_target.server)));
    showCertificateDialog(CertificateDialog::changed(CertificatePins::key(m_target.server), pinned, presented,
                                                     m_window.get()));
}

void AppSession::showCertificateDialog(CertificateDialog *dialog)
{
    if (m_certificateDialog) // the probe and the link report once each start: one dialog at a time
        m_certificateDialog->deleteLater();
    m_certificateDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, certificate = dialog->certificate()] {
        m_connection->trust(certificate);
    });
    dialog->open();
}

void AppSession::askToSignIn(const QString &why, const QString &username)
{
    if (!m_signInDialog) {
        m_signInDialog = new SignInDialog(m_target.server, m_window.get());
        m_signInDialog->setWindowModality(Qt::WindowModal);
        connect(m_signInDialog, &QDialog::accepted, this, [this] {
            m_keeper->signInWith(m_signInDialog->signIn(SignInKeeper::deviceLabel()));
            m_signInDialog->clearPasswords();
        });
        connect(m_signInDialog, &QDialog::rejected, this, [this] {
            m_window->showError(tr("Not signed in to %1.").arg(m_target.server.host()));
        });
    }
    m_signInDialog->setUsername(username);
    if (!m_target.invite.isEmpty()) {
        m_signInDialog->setMode(SignInDialog::Mode::CreateAccount);
        m_signInDialog->setInvite(m_target.invite);
    } else if (!username.isEmpty()) {
        // Somebody with an account here (signed out, or the token expired): sign in.
        m_signInDialog->setMode(SignInDialog::Mode::SignIn);
    }
    m_signInDialog->setError(why);
    m_signInDialog->open();
}

void AppSession::saveRooms()
{
    if (m_models)
        m_models->save(*m_settings, m_target.identity);
}
