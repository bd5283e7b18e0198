#pragma once
// One run of parley-cli: a ChatClient connected through a ServerConnection (the kind of server
// given, remembered, or probed; its protocol; connect; remember), carrying out the command
// (`search`'s paging is CliSearch's). The
// link reconnects exactly as in the app (IMConnector); only permanent errors end the run.
#include "chatclient.h"
#include "clioptions.h"
#include "serverconnection.h"
#include "tokenvault.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

class CliFiles;
class CliSearch;
class QSettings;
class StdinReader;

class CliSession : public QObject
{
    Q_OBJECT
public:
    explicit CliSession(const CliOptions &options, QObject *parent = nullptr);
    ~CliSession() override;

    //! Starts; the run ends with finished(exitCode).
    void start();

    //! One received message as the JSON object `listen` prints.
    static QJsonObject toJson(const ChatMessage &message);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void wireClient();
    //! With --user: the saved token, else the password, else nothing to sign in with.
    void chooseSignIn(const TokenResult &saved);
    void connectToServer();
    void onSignedIn(const Identity &identity, const QString &newToken);
    void onAuthRefused(const AuthRefusal &refusal);
    void onVaultFinished(TokenVault::Operation operation, const TokenResult &result);
    bool signsInOnly() const;
    //! `listen` and `pipe`: one JSON line per received message, in the order they are handed over.
    void print(const QList<ChatMessage> &messages) const;
    //! `listen` and `pipe`: one JSON line {"kind":"read","room","userId","seq"} per receipt of
    //! \a room that moved since the last one printed.
    void printReceipts(const QString &room);
    //! Writes \a o to stdout as one line of compact JSON, safe for a terminal.
    static void writeJsonLine(const QJsonObject &o);
    void onReady(bool ready);
    void onConnectorError(IMConnector::Error kind, const QString &text);
    void onDelivery(const QString &clientId, ChatMessage::Delivery state);
    void queue(const QString &text);
    //! send, reply, edit, delete, react, unreact: the one message or change of the command line.
    void queueCommand();
    //! search: the pages of the query, started once its room is joined.
    void startSearch();
    bool isFileCommand() const;
    //! send-file, fetch-file: CliFiles, started once the room is joined.
    void startFiles();
    void checkDone();
    void onTimeout();
    void finish(int exitCode);
    //! A certificate nobody trusts: pinned if it is the one --trust-fingerprint names, else
    //! explained (fingerprint, how to trust it).
    void onUntrustedCertificate(const QSslCertificate &certificate, const QList<QSslError> &errors);
    //! The pinned certificate changed: refused loudly unless --trust-fingerprint names the new one.
    void onCertificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented);
    //! After a TLS stop: true (and the connection starts again, pinned) when the certificate
    //! was accepted by --trust-fingerprint.
    bool retryTrusted();
    void note(const QString &text) const;
    void error(const QString &text) const;

    CliOptions m_options;
    QSettings *m_settings;
    ConnectorSettings m_connectorSettings;
    ChatClient *m_client;
    ServerConnection *m_connection;
    TokenVault *m_vault;
    int m_vaultBusy = 0;           //!< vault requests not answered yet: the run ends after them
    int m_exitCode = -1;           //!< finish() called while the vault was busy
    bool m_usedSavedToken = false;
    StdinReader *m_stdin = nullptr;
    CliSearch *m_search = nullptr;
    CliFiles *m_files = nullptr;
    QTimer m_timeout;
    QSet<QString> m_outstanding;  //!< own messages not yet in a final state
    QHash<QString, QHash<qint64, qint64>> m_printedReceipts; //!< room -> user id -> seq printed
    QHash<QString, ChatMessage::Delivery> m_final; //!< final states seen (may precede queue())
    int m_failed = 0;
    bool m_inputDone = false;
    bool m_finishing = false;
    QSslCertificate m_toTrust;     //!< accepted by --trust-fingerprint, pinned after the TLS stop
    bool m_trustTried = false;     //!< at most once per run: no loop if it still fails
};
