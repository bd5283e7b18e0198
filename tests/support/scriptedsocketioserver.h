#pragma once
// A Socket.IO server whose behaviour each test scripts: it does the Engine.IO/Socket.IO handshake
// by itself and hands every event to onEvent, which decides whether and how to answer. For
// testing clients against servers that misbehave (never ack, refuse, send odd payloads).
#include "socketiocodec.h"

#include <QList>
#include <QPointer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <functional>

class ScriptedSocketIoServer : public QObject
{
public:
    //! One event from a client; answer with ack()/emitTo() if the script wants.
    using EventHandler = std::function<void(QWebSocket *socket, const QString &event,
                                            const QJsonArray &args, qint64 ackId)>;
    //! A namespace connect with its auth object; returns the whole answer frame ("40{…}" or
    //! "44{…}"). Without one, every connect is answered 40{"sid":"x"}.
    using ConnectHandler = std::function<QString(QWebSocket *socket, const QJsonObject &auth)>;

    explicit ScriptedSocketIoServer(QObject *parent = nullptr)
        : QObject(parent)
        , m_server(QStringLiteral("scripted"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *s = m_server.nextPendingConnection()) {
                s->setParent(this);
                m_sockets << s;
                connect(s, &QWebSocket::textMessageReceived, this, [this, s](const QString &f) { onFrame(s, f); });
                s->sendTextMessage(m_openFrame.isEmpty()
                                       ? SocketIoCodec::encodeOpen(EngineIoOpen{QStringLiteral("sid"), {}, 60000, 60000, 1000000})
                                       : m_openFrame);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server.serverPort())); }
    void setEventHandler(EventHandler handler) { m_handler = std::move(handler); }
    void setConnectHandler(ConnectHandler handler) { m_connectHandler = std::move(handler); }
    //! The Engine.IO open frame sent to each new socket, as is ("0{…}"); empty = a sane default.
    void setOpenFrame(const QString &frame) { m_openFrame = frame; }
    //! The auth objects of every namespace connect so far, oldest first.
    QList<QJsonObject> connectAuths() const { return m_auths; }
    int eventCount(const QString &event) const { return m_counts.value(event); }
    QList<QPointer<QWebSocket>> sockets() const { return m_sockets; }

    static void ack(QWebSocket *s, qint64 id, const QJsonArray &args)
    {
        s->sendTextMessage(SocketIoCodec::ackFrame(id, args));
    }
    static void emitTo(QWebSocket *s, const QString &event, const QJsonArray &args)
    {
        s->sendTextMessage(SocketIoCodec::eventFrame(event, args));
    }
    //! The default answer to "join": ok, the joiner alone, no history.
    static void ackJoin(QWebSocket *s, qint64 id, const QJsonArray &args, qint64 lastSeq = 0)
    {
        const QString room = args.at(0).toObject().value(QLatin1String("room")).toString();
        ack(s, id, {QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("room"), room},
                                {QStringLiteral("members"), QJsonArray{}}, {QStringLiteral("lastSeq"), lastSeq}}});
    }

private:
    void onFrame(QWebSocket *s, const QString &frame)
    {
        EngineIoPacket e;
        SocketIoPacket p;
        if (!SocketIoCodec::decodeEngine(frame, &e, nullptr) || e.type != EngineIoType::Message
            || !SocketIoCodec::decodeSocket(e.data, &p, nullptr))
            return;
        if (p.type == SocketIoType::Connect) {
            m_auths << p.data.toObject();
            s->sendTextMessage(m_connectHandler ? m_connectHandler(s, p.data.toObject())
                                                : QStringLiteral("40{\"sid\":\"x\"}"));
            return;
        }
        if (p.type != SocketIoType::Event)
            return;
        ++m_counts[p.eventName()];
        if (m_handler)
            m_handler(s, p.eventName(), p.arguments(), p.id.value_or(-1));
    }

    QWebSocketServer m_server;
    QList<QPointer<QWebSocket>> m_sockets;
    QHash<QString, int> m_counts;
    EventHandler m_handler;
    ConnectHandler m_connectHandler;
    QList<QJsonObject> m_auths;
    QString m_openFrame;
};
