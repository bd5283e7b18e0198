#pragma once
// One run of parley-cli: finds the dialect (DialectResolver: given, remembered, or probed), builds
// the matching ChatProtocol (ProtocolFactory) on a ChatClient, and carries out the command. The
// link reconnects exactly as in the app (IMConnector); only permanent errors end the run.
#include "chatclient.h"
#include "clioptions.h"
#include "dialectresolver.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

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
    void startClient(DialectDetector::Dialect dialect, const ServerProfile &profile);
    void onReady(bool ready);
    void onConnectorError(IMConnector::Error kind, const QString &text);
    void onDelivery(const QString &clientId, ChatMessage::Delivery state);
    void queue(const QString &text);
    void checkDone();
    void onTimeout();
    void finish(int exitCode);
    void note(const QString &text) const;
    void error(const QString &text) const;

    CliOptions m_options;
    QSettings *m_settings;
    ConnectorSettings m_connectorSettings;
    DialectResolver *m_resolver;
    ChatClient *m_client = nullptr;
    DialectDetector::Dialect m_dialect = DialectDetector::Dialect::Parley;
    ServerProfile m_profile;
    StdinReader *m_stdin = nullptr;
    QTimer m_timeout;
    QSet<QString> m_outstanding;  //!< own messages not yet in a final state
    QHash<QString, ChatMessage::Delivery> m_final; //!< final states seen (may precede queue())
    int m_failed = 0;
    bool m_inputDone = false;
    bool m_remembered = false;
    bool m_finishing = false;
};
