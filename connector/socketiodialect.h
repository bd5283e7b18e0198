#pragma once
// Socket.IO 5 over Engine.IO 4, websocket transport only, on top of an IMConnector.
//
// Per link: waits for the Engine.IO open packet, connects the namespace (with an auth object),
// answers every server ping "2" with "3", and declares the link dead (IMConnector::fail(Timeout))
// after pingInterval + pingTimeout of silence. A connect_error (44) is a permanent refusal: the
// connector is stopped rather than hammering the server. Events and acks go both ways.
#include "imconnector.h"
#include "socketiocodec.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <functional>

class SocketIoDialect : public QObject
{
    Q_OBJECT
public:
    using AckCallback = std::function<void(const QJsonArray &args)>;

    explicit SocketIoDialect(IMConnector *connector, QObject *parent = nullptr);

    //! ws://host:port[/path] → ws://host:port/socket.io/?EIO=4&transport=websocket. A path other
    //! than "/" is kept as the Engine.IO path (servers mounted elsewhere).
    static QUrl endpointUrl(const QUrl &serverUrl);

    void setNamespace(const QString &nsp);
    QString nameSpace() const { return m_nsp; }
    //! The auth object sent with each namespace connect (e.g. {"name":"alice"}).
    void setAuth(const QJsonObject &auth);

    //! Where the current link is in the Socket.IO handshake.
    enum class Phase { Down, AwaitingOpen, AwaitingConnect, Ready };
    Q_ENUM(Phase)
    Phase phase() const { return m_phase; }
    //! True between the namespace connect reply (40) and the loss of the link.
    bool isReady() const { return m_phase == Phase::Ready; }
    QString sid() const { return m_sid; }
    const EngineIoOpen &handshake() const { return m_open; }

    //! Emits \a event with \a args. With \a onAck, asks for an acknowledgement; the callback runs
    //! once when it arrives and is dropped if the link is lost first. False if not ready.
    bool emitEvent(const QString &event, const QJsonArray &args, AckCallback onAck = {});
    //! Answers an ack request received with eventReceived().
    void sendAck(qint64 ackId, const QJsonArray &args);

Q_SIGNALS:
    void ready(const QString &sid);
    //! The link this dialect was ready on is gone.
    void notReady();
    //! \a ackId is -1 when the sender wants no acknowledgement.
    void eventReceived(const QString &event, const QJsonArray &args, qint64 ackId);
    //! The server refused the namespace connect (connect_error); the connector has stopped.
    void connectRefused(const QString &message);
    //! A frame we could not understand (logged; the link stays up).
    void protocolError(const QString &text);

private:
    void onOpened();
    void onLinkDown();
    void onText(const QString &frame);
    void onSocketPacket(const QString &payload);
    void armKeepalive();

    IMConnector *m_connector;
    QString m_nsp = QStringLiteral("/");
    QJsonObject m_auth;
    EngineIoOpen m_open;
    QString m_sid;
    Phase m_phase = Phase::Down;
    qint64 m_nextAckId = 0;
    QHash<qint64, AckCallback> m_pendingAcks;
    QTimer m_keepalive;
};
