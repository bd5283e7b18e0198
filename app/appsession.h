#pragma once
// AppSession: one server, from the app's point of view. It wires what main() used to wire by
// hand, so that "Connect to server…" can start a second one: a ChatClient (settings, network
// monitor, the local MessageStore of that server and user), the link to the server
// (ServerConnection: kind asked for, remembered or probed; protocol; connect), the session's models
// (SessionModels: the rooms of that server kept in QSettings, re-joined at start with their muted
// flags and drafts) and the ChatWindow that shows them.
//
// Wiring only: every decision lives in the classes it wires.
#include "connectdialog.h"

#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

class CertificateDialog;
class ChatClient;
class ChatWindow;
class MessageStore;
class NetworkMonitor;
class QSettings;
class ServerConnection;
class SignInDialog;
class AwayTimer;
class HostedChat;
class SignInKeeper;
class TokenVault;
class SessionModels;

class AppSession : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        QUrl server;   //!< what the client connects to
        //! The server's identity for the local history and the saved rooms (a hosted server on
        //! a free port uses the port asked for, so that its rooms come back next time).
        QUrl identity;
        QString name;
        QString dialect = QStringLiteral("auto");
        QString profileId;
        QString room;          //!< shown (and joined if need be) when roomGiven
        bool roomGiven = false;
        bool persistent = true; //!< keep history and outbox on disk
        QUrl hostedUrl;         //!< this app hosts the server: the address for others (banner)
        QString invite;         //!< an invite code from a link: the sign-up form opens with it
        QString token;          //!< sign in with this (the hosted server's own user), no form
        //! The chat this app hosts, when the target is it (not owned; outlives the session).
        HostedChat *hosted = nullptr;
        //! --ca-file: certificate authorities trusted beside the system's.
        QList<QSslCertificate> caCertificates;
    };

    //! Saved rooms, drafts and muted flags are written at most this long after they change.
    static constexpr std::chrono::milliseconds kSaveDelay{1000};

    //! \a settings and \a network are not owned and must outlive the session.
    AppSession(QSettings *settings, NetworkMonitor *network, QObject *parent = nullptr);
    ~AppSession() override;

    //! Builds everything for \a target, shows the window (at \a geometry if valid) and connects.
    void start(const Target &target, const QRect &geometry = {});
    ChatWindow *window() const { return m_window.get(); }
    ChatClient *client() const { return m_client.get(); }
    //! The rooms and messages of this session (they outlive the window).
    SessionModels *models() const { return m_models.get(); }
    const Target &target() const { return m_target; }

    //! Writes the rooms of this server to the settings now.
    void saveRooms();

protected:
    //! Input anywhere in the app is activity: the user is not away (AwayTimer).
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    //! The user chose another server in the connect dialog.
    void connectRequested(const ConnectDialog::Choice &choice);

private:
    //! The server wants to know who we are: the sign-in form, with \a why it is asked again.
    void askToSignIn(const QString &why, const QString &username);
    //! "Invite someone…": a one-use invite link for the hosted chat, copied and shown.
    void invite();
    //! A certificate nothing vouches for: the CertificateDialog; trusting it pins it and connects.
    void askToTrust(const QSslCertificate &certificate, const QList<QSslError> &errors);
    //! The pinned certificate changed: the loud CertificateDialog (old and new fingerprints).
    void warnCertificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented);
    //! Shows \a dialog window-modal, one at a time; accepted → trust its certificate.
    void showCertificateDialog(CertificateDialog *dialog);

    QSettings *m_settings;
    NetworkMonitor *m_network;
    Target m_target;
    std::unique_ptr<MessageStore> m_store;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<SessionModels> m_models;
    std::unique_ptr<ChatWindow> m_window;
    ServerConnection *m_connection = nullptr;
    std::unique_ptr<TokenVault> m_vault;
    SignInKeeper *m_keeper = nullptr;
    QPointer<SignInDialog> m_signInDialog;
    QPointer<CertificateDialog> m_certificateDialog;
    QTimer m_saveTimer;
    AwayTimer *m_away = nullptr;
};
