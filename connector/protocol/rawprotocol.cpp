#include "rawprotocol.h"

#include "foreignmessage.h"
#include "imconnector.h"
#include "inlinefile.h"
#include "logging.h"

RawProtocol::RawProtocol(IMConnector *connector, QObject *parent)
    : ChatProtocol(parent)
    , m_connector(connector)
{
    connect(connector, &IMConnector::opened, this, [this] { setReady(true); });
    connect(connector, &IMConnector::stateChanged, this, [this](IMConnector::State s) {
        if (s != IMConnector::State::Connected)
            setReady(false);
    });
    connect(connector, &IMConnector::textReceived, this, [this](const QString &frame) {
        if (m_ready)
            Q_EMIT messageReceived(ForeignMessage::fromText(frame));
    });
    connect(connector, &IMConnector::binaryReceived, this, [this](const QByteArray &data) {
        if (m_ready)
            Q_EMIT messageReceived(ForeignMessage::fromBinary(data));
    });
}

void RawProtocol::setReady(bool up)
{
    if (up == m_ready)
        return;
    m_ready = up;
    if (!up) {
        Q_EMIT notReady();
        return;
    }
    qCInfo(lcProtocol) << "plain websocket link ready";
    if (!m_toldLimitations) {
        m_toldLimitations = true;
        Q_EMIT problem(limitations());
    }
    Q_EMIT ready();
}

QString RawProtocol::limitations() const
{
    return tr("Connected to a plain WebSocket server: every text frame is a message. There are no "
              "rooms, member list or history here, and the server does not confirm delivery, so "
              "your messages show as Sent rather than Delivered.");
}

void RawProtocol::join(const QString &room)
{
    qCDebug(lcProtocol) << "plain websocket server: no rooms; join of" << room << "is local only";
}

void RawProtocol::leave(const QString &room)
{
    Q_UNUSED(room)
}

ChatProtocol::Capabilities RawProtocol::capabilities() const
{
    Capabilities c;
    c.inlineFiles = m_connector->settings().maxRawFileSize; // one binary frame each
    return c;
}

bool RawProtocol::send(const ChatMessage &message)
{
    if (!m_ready)
        return false;
    if (message.file.isNull())
        return m_connector->sendText(message.text);
    QString why;
    const std::optional<QByteArray> bytes = InlineFile::read(message.file, capabilities().inlineFiles, &why);
    if (!bytes) {
        qCWarning(lcProtocol).noquote() << "file" << message.file.name << "not sent:" << why;
        return false;
    }
    // The file is one binary frame; a caption, a text frame after it.
    if (!m_connector->sendBinary(*bytes))
        return false;
    if (!message.text.isEmpty())
        m_connector->sendText(message.text);
    return true;
}

void RawProtocol::requestHistory(const QString &room, qint64 after, qint64 before, int limit)
{
    Q_UNUSED(room)
    Q_UNUSED(after)
    Q_UNUSED(before)
    Q_UNUSED(limit)
}
