#pragma once
// A plain websocket server (Node's `ws`, `nodejs-websocket`, anything that is not Socket.IO) as a
// ChatProtocol, on IMConnector directly: the URL is opened as given, the link is ready as soon as
// it opens, each text frame is a message (JSON objects shown by a recognised text field, the rest
// kept in ChatMessage::raw; see ForeignMessage), each binary frame is described (or is an image),
// and what the user types goes out as one text frame. There are no rooms, acks, history or
// members; the user is told so once.
#include "chatprotocol.h"

class IMConnector;

class RawProtocol : public ChatProtocol
{
    Q_OBJECT
public:
    explicit RawProtocol(IMConnector *connector, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("raw"); }
    Capabilities capabilities() const override;
    //! The URL as given: a plain websocket server has no endpoint convention.
    QUrl endpointUrl(const QUrl &serverUrl) const override { return serverUrl; }
    void setUserName(const QString &name) override { m_userName = name; }
    bool isReady() const override { return m_ready; }

    void join(const QString &room) override;
    void leave(const QString &room) override;
    bool send(const ChatMessage &message) override;
    void requestHistory(const QString &room, qint64 after, qint64 before, int limit) override;

    QString limitations() const;

private:
    void setReady(bool up);

    IMConnector *m_connector;
    QString m_userName;
    bool m_ready = false;
    bool m_toldLimitations = false;
};
