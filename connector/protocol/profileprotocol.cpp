#include "profileprotocol.h"

#include "foreignmessage.h"
#include "inlinefile.h"
#include "logging.h"
#include "socketiocodec.h"
#include "socketiosession.h"

#include <QJsonDocument>

namespace {
QString compactJson(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

//! Most recent own texts kept for echo recognition.
constexpr qsizetype kMaxRememberedSends = 256;
} // namespace

ProfileProtocol::ProfileProtocol(IMConnector *connector, const ServerProfile &profile, QObject *parent)
    : ChatProtocol(parent)
    , m_profile(profile)
    , m_session(new SocketIoSession(connector, this))
{
    m_session->setNamespace(profile.nameSpace);
    m_session->setAuth(profile.authFor({}));
    connect(m_session, &SocketIoSession::ready, this, [this] {
        if (m_session->wasRecovered())
            qCInfo(lcProtocol) << "session recovered: the server replays what was missed";
        // Said first: what the user can expect holds from the first message on.
        if (!m_toldLimitations) {
            m_toldLimitations = true;
            Q_EMIT problem(limitations());
        }
        Q_EMIT ready();
    });
    connect(m_session, &SocketIoSession::notReady, this, &ChatProtocol::notReady);
    connect(m_session, &SocketIoSession::eventReceived, this,
            [this](const QString &event, const QJsonArray &args, qint64 ackId) { onEvent(event, args, {}, ackId); });
    connect(m_session, &SocketIoSession::binaryEventReceived, this, &ProfileProtocol::onEvent);
}

ChatProtocol::Capabilities ProfileProtocol::capabilities() const
{
    Capabilities c;
    c.acks = m_profile.sendWithAck;
    c.inlineFiles = m_profile.sendFiles ? m_profile.maxFileSize : 0;
    return c;
}

QUrl ProfileProtocol::endpointUrl(const QUrl &serverUrl) const
{
    return SocketIoSession::endpointUrl(serverUrl);
}

void ProfileProtocol::setUserName(const QString &name)
{
    m_userName = name;
    m_session->setAuth(m_profile.authFor(name));
}

bool ProfileProtocol::isReady() const
{
    return m_session->isReady();
}

void ProfileProtocol::join(const QString &room)
{
    qCDebug(lcProtocol) << "stock Socket.IO server: no rooms; join of" << room << "is local only";
}

void ProfileProtocol::leave(const QString &room)
{
    Q_UNUSED(room)
}

void ProfileProtocol::requestHistory(const QString &room, qint64 after, qint64 before, int limit)
{
    Q_UNUSED(room)
    Q_UNUSED(after)
    Q_UNUSED(before)
    Q_UNUSED(limit)
}

QString ProfileProtocol::limitations() const
{
    if (m_profile.sendWithAck)
        return tr("Connected to a standard Socket.IO server (profile “%1”): there are no rooms, no "
                  "member list and no history here.").arg(m_profile.id);
    return tr("Connected to a standard Socket.IO server (profile “%1”): there are no rooms, no member "
              "list and no history here, and the server does not confirm delivery, so your messages "
              "show as Sent rather than Delivered.").arg(m_profile.id);
}

bool ProfileProtocol::send(const ChatMessage &message)
{
    QJsonArray args{m_profile.payload(message.text, m_userName)};
    QList<QByteArray> attachments;
    QStringList echoes{message.text};
    bool captionAfter = false;
    if (!message.file.isNull()) {
        QString why = tr("this server's profile sends no files");
        const std::optional<QByteArray> bytes =
                m_profile.sendFiles ? InlineFile::read(message.file, m_profile.maxFileSize, &why) : std::nullopt;
        if (!bytes) {
            qCWarning(lcProtocol).noquote() << "file" << message.file.name << "not sent:" << why;
            return false;
        }
        attachments << *bytes;
        echoes = QStringList{ForeignMessage::describeBinary(*bytes)};
        if (m_profile.sendShape == ServerProfile::Shape::PlainString) {
            // The attachment alone; a caption follows as a message of its own.
            args = QJsonArray{SocketIoCodec::placeholder(0)};
            captionAfter = !message.text.isEmpty();
            if (captionAfter)
                echoes << message.text;
        } else {
            QJsonObject o = args.at(0).toObject();
            o.insert(m_profile.sendFileField, SocketIoCodec::placeholder(0));
            o.insert(QLatin1String("fileName"), message.file.name);
            o.insert(QLatin1String("fileType"), message.file.type);
            args = QJsonArray{o};
        }
    }
    bool written = false;
    if (m_profile.sendWithAck) {
        const QString clientId = message.clientId;
        written = m_session->emitEventWithAttachments(m_profile.sendEvent, args, attachments,
                                                      [this, clientId](const QJsonArray &reply, const QList<QByteArray> &) {
            // Whatever the server's callback answers is a receipt, unless it says no in one of the
            // usual ways ({ok:false}, {error:"…"}).
            const QJsonObject o = reply.at(0).toObject();
            const QJsonValue error = o.value(QLatin1String("error"));
            if (o.value(QLatin1String("ok")) == QJsonValue(false) || (error.isString() && !error.toString().isEmpty())) {
                const QString why = error.toString();
                Q_EMIT refused(clientId, why.isEmpty() ? tr("refused by the server") : why);
                return;
            }
            Q_EMIT acknowledged(clientId, 0, QDateTime::currentDateTimeUtc());
        });
    } else {
        written = m_session->emitEventWithAttachments(m_profile.sendEvent, args, attachments);
    }
    if (written && captionAfter)
        m_session->emitEvent(m_profile.sendEvent, {m_profile.payload(message.text, m_userName)});
    if (written && m_profile.serverEchoes) {
        for (const QString &echo : std::as_const(echoes)) {
            Sent s{echo, {}};
            s.age.start();
            m_recentlySent << s;
        }
        while (m_recentlySent.size() > kMaxRememberedSends)
            m_recentlySent.removeFirst();
    }
    return written;
}

bool ProfileProtocol::isEcho(const ChatMessage &incoming)
{
    if (!m_profile.serverEchoes)
        return false;
    if (!incoming.sender.isEmpty() && incoming.sender != m_userName)
        return false;
    for (qsizetype i = 0; i < m_recentlySent.size();) {
        if (m_recentlySent.at(i).age.elapsed() > ServerProfile::kEchoWindowMs) {
            m_recentlySent.removeAt(i);
            continue;
        }
        if (m_recentlySent.at(i).text == incoming.text) {
            m_recentlySent.removeAt(i);
            return true;
        }
        ++i;
    }
    return false;
}

bool ProfileProtocol::parseMessage(const ServerProfile &profile, const QJsonArray &args,
                                   const QList<QByteArray> &attachments, ChatMessage *out)
{
    if (args.isEmpty())
        return false;
    const QJsonValue first = args.at(0);
    ChatMessage m;
    m.time = QDateTime::currentDateTimeUtc();

    const int binary = SocketIoCodec::placeholderIndex(first);
    if (binary >= 0 && binary < attachments.size()) {
        m = ForeignMessage::fromBinary(attachments.at(binary));
    } else if (first.isString()) {
        // Later arguments are ignored: a recovering server appends its offset there.
        m.text = first.toString();
    } else if (first.isObject()) {
        const QJsonObject o = first.toObject();
        m.text = ForeignMessage::textOf(o, &m.sender, profile.receiveTextField, profile.receiveSenderField);
        // A binary attachment inside the object ({name, msg, file: <Buffer>}): the data is shown,
        // after the text when there is one (a caption).
        const QList<int> found = SocketIoCodec::placeholders(first);
        if (!found.isEmpty() && found.first() < attachments.size()) {
            const QString sender = m.sender;
            const QString caption = m.text;
            m = ForeignMessage::fromBinary(attachments.at(found.first()));
            m.sender = sender;
            if (!caption.isEmpty())
                m.text = caption + QLatin1Char('\n') + m.text;
        }
        if (m.raw.isEmpty())
            m.raw = compactJson(args);
    } else if (first.isDouble() || first.isBool()) {
        m.text = first.isBool() ? (first.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                : QString::number(first.toDouble(), 'g', 15);
    }
    if (m.text.isEmpty())
        return false;
    *out = m;
    return true;
}

void ProfileProtocol::onEvent(const QString &event, const QJsonArray &args,
                              const QList<QByteArray> &attachments, qint64 ackId)
{
    const bool shown = m_profile.receiveEvents.contains(event);
    if (shown) {
        ChatMessage m;
        if (!parseMessage(m_profile, args, attachments, &m)) {
            qCInfo(lcProtocol).noquote() << "event" << event << "holds no text to show:" << compactJson(args).left(200);
        } else if (isEcho(m)) {
            qCDebug(lcProtocol) << "echo of our own message dropped";
        } else {
            Q_EMIT messageReceived(m);
        }
    } else {
        qCDebug(lcProtocol) << "event" << event << "is not in the profile's incoming events; ignored";
    }
    if (ackId >= 0)
        m_session->sendAck(ackId, shown ? QJsonArray{QJsonObject{{QStringLiteral("ok"), true}}} : QJsonArray{});
}
