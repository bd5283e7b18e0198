#include "socketiocodec.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace {

//! 2^53: the largest integer a JSON number (a double) holds exactly.
constexpr qint64 kMaxExactInteger = 9007199254740992LL;

//! Parses any JSON value (Qt's QJsonDocument only takes objects/arrays at the top level).
bool parseJsonValue(QStringView text, QJsonValue *out, QString *error)
{
    const QString wrapped = QLatin1Char('[') + text + QLatin1Char(']');
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1) {
        if (error)
            *error = QStringLiteral("invalid JSON payload: %1").arg(pe.errorString());
        return false;
    }
    *out = doc.array().at(0);
    return true;
}

QString toCompactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isUndefined())
        return {};
    // Scalars: serialise inside an array and strip the brackets.
    QString s = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return s.mid(1, s.size() - 2);
}

//! \a v as a whole number in [\a min, \a max], or nullopt. Checked before any conversion: a
//! fraction would be cut (a pingInterval of 0.5 became a 0 ms keepalive), and converting a double
//! out of range (1e308) to an integer is undefined behaviour.
std::optional<qint64> wholeNumber(const QJsonValue &v, qint64 min, qint64 max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= double(min) && d <= double(max)) || std::floor(d) != d)
        return std::nullopt;
    return static_cast<qint64>(d);
}

bool fail(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

} // namespace

QString SocketIoPacket::eventName() const
{
    const QJsonArray a = data.toArray();
    return a.isEmpty() ? QString() : a.at(0).toString();
}

QJsonArray SocketIoPacket::arguments() const
{
    QJsonArray a = data.toArray();
    if (type == SocketIoType::Event || type == SocketIoType::BinaryEvent) {
        if (!a.isEmpty())
            a.removeFirst();
    }
    return a;
}

bool SocketIoCodec::decodeEngine(const QString &frame, EngineIoPacket *out, QString *error)
{
    if (frame.isEmpty())
        return fail(error, QStringLiteral("empty Engine.IO frame"));
    const QChar t = frame.at(0);
    if (t < QLatin1Char('0') || t > QLatin1Char('6'))
        return fail(error, QStringLiteral("unknown Engine.IO packet type '%1'").arg(t));
    out->type = static_cast<EngineIoType>(t.toLatin1());
    out->data = frame.mid(1);
    return true;
}

QString SocketIoCodec::encodeEngine(EngineIoType type, const QString &data)
{
    return QChar(QLatin1Char(static_cast<char>(type))) + data;
}

bool SocketIoCodec::decodeOpen(const QString &data, EngineIoOpen *out, QString *error)
{
    QJsonValue v;
    if (!parseJsonValue(data, &v, error))
        return false;
    if (!v.isObject())
        return fail(error, QStringLiteral("Engine.IO open packet is not a JSON object"));
    const QJsonObject o = v.toObject();
    if (!o.value(QLatin1String("sid")).isString())
        return fail(error, QStringLiteral("Engine.IO open packet has no sid"));
    constexpr qint64 kDayMs = 24 * 3600 * 1000;
    const std::optional<qint64> interval = wholeNumber(o.value(QLatin1String("pingInterval")), 1, kDayMs);
    const std::optional<qint64> timeout = wholeNumber(o.value(QLatin1String("pingTimeout")), 1, kDayMs);
    if (!interval || !timeout)
        return fail(error, QStringLiteral("Engine.IO open packet has no valid pingInterval/pingTimeout"));
    out->sid = o.value(QLatin1String("sid")).toString();
    out->pingIntervalMs = static_cast<int>(*interval);
    out->pingTimeoutMs = static_cast<int>(*timeout);
    // Only advisory for a client (a websocket client never splits messages by it): one that is
    // missing or not a sane byte count keeps the Engine.IO default.
    out->maxPayload = wholeNumber(o.value(QLatin1String("maxPayload")), 0, kMaxExactInteger)
                          .value_or(EngineIoOpen().maxPayload);
    out->upgrades.clear();
    const QJsonArray ups = o.value(QLatin1String("upgrades")).toArray();
    for (const QJsonValue &u : ups)
        out->upgrades << u.toString();
    return true;
}

QString SocketIoCodec::encodeOpen(const EngineIoOpen &open)
{
    QJsonObject o;
    o.insert(QLatin1String("sid"), open.sid);
    o.insert(QLatin1String("upgrades"), QJsonArray::fromStringList(open.upgrades));
    o.insert(QLatin1String("pingInterval"), open.pingIntervalMs);
    o.insert(QLatin1String("pingTimeout"), open.pingTimeoutMs);
    o.insert(QLatin1String("maxPayload"), open.maxPayload);
    return encodeEngine(EngineIoType::Open, toCompactJson(o));
}

bool SocketIoCodec::decodeSocket(const QString &payload, SocketIoPacket *out, QString *error)
{
    if (payload.isEmpty())
        return fail(error, QStringLiteral("empty Socket.IO packet"));
    const QChar t = payload.at(0);
    if (t < QLatin1Char('0') || t > QLatin1Char('6'))
        return fail(error, QStringLiteral("unknown Socket.IO packet type '%1'").arg(t));
    SocketIoPacket p;
    p.type = static_cast<SocketIoType>(t.digitValue());
    qsizetype i = 1;
    const qsizetype n = payload.size();

    if (p.type == SocketIoType::BinaryEvent || p.type == SocketIoType::BinaryAck) {
        const qsizetype start = i;
        while (i < n && payload.at(i).isDigit() && i - start < 6)
            ++i;
        if (i == start || i >= n || payload.at(i) != QLatin1Char('-'))
            return fail(error, QStringLiteral("binary Socket.IO packet without a valid attachment count"));
        p.attachments = payload.mid(start, i - start).toInt();
        if (p.attachments > kMaxAttachments)
            return fail(error, QStringLiteral("too many binary attachments (%1)").arg(p.attachments));
        ++i; // '-'
    }

    if (i < n && payload.at(i) == QLatin1Char('/')) {
        const qsizetype comma = payload.indexOf(QLatin1Char(','), i);
        if (comma < 0) {
            p.nsp = payload.mid(i);
            i = n;
        } else {
            p.nsp = payload.mid(i, comma - i);
            i = comma + 1;
        }
    }

    if (i < n && payload.at(i).isDigit()) {
        const qsizetype start = i;
        while (i < n && payload.at(i).isDigit())
            ++i;
        if (i - start > 12)
            return fail(error, QStringLiteral("Socket.IO ack id too large"));
        p.id = payload.mid(start, i - start).toLongLong();
    }

    if (i < n) {
        if (!parseJsonValue(QStringView(payload).mid(i), &p.data, error))
            return false;
    } else {
        p.data = QJsonValue(QJsonValue::Undefined);
    }

    switch (p.type) {
    case SocketIoType::Connect:
        if (!p.data.isUndefined() && !p.data.isObject())
            return fail(error, QStringLiteral("Socket.IO CONNECT payload must be an object"));
        break;
    case SocketIoType::Disconnect:
        // socket.io-parser's rule too. Were data allowed here, a scalar would not survive a round
        // trip: "1.5" (data 0.5) would re-encode as "10.5", i.e. ack id 10 with data .5.
        if (!p.data.isUndefined())
            return fail(error, QStringLiteral("Socket.IO DISCONNECT carries no payload"));
        break;
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent:
        if (!p.data.isArray() || p.data.toArray().isEmpty() || !p.data.toArray().at(0).isString())
            return fail(error, QStringLiteral("Socket.IO EVENT payload must be an array starting with the event name"));
        if (p.type == SocketIoType::BinaryEvent && !placeholdersValid(p.data, p.attachments))
            return fail(error, QStringLiteral("binary Socket.IO packet with a placeholder out of range"));
        break;
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck:
        if (!p.id)
            return fail(error, QStringLiteral("Socket.IO ACK without an id"));
        if (!p.data.isArray())
            return fail(error, QStringLiteral("Socket.IO ACK payload must be an array"));
        if (p.type == SocketIoType::BinaryAck && !placeholdersValid(p.data, p.attachments))
            return fail(error, QStringLiteral("binary Socket.IO packet with a placeholder out of range"));
        break;
    case SocketIoType::ConnectError:
        if (!p.data.isObject() && !p.data.isString())
            return fail(error, QStringLiteral("Socket.IO CONNECT_ERROR payload must be an object"));
        break;
    }
    *out = p;
    return true;
}

QString SocketIoCodec::encodeSocket(const SocketIoPacket &p)
{
    QString s = QString::number(static_cast<int>(p.type));
    if (p.type == SocketIoType::BinaryEvent || p.type == SocketIoType::BinaryAck)
        s += QString::number(p.attachments) + QLatin1Char('-');
    if (!p.nsp.isEmpty() && p.nsp != QLatin1String("/"))
        s += p.nsp + QLatin1Char(',');
    if (p.id)
        s += QString::number(*p.id);
    s += toCompactJson(p.data);
    return s;
}

QString SocketIoCodec::connectFrame(const QString &nsp, const QJsonObject &auth)
{
    SocketIoPacket p;
    p.type = SocketIoType::Connect;
    p.nsp = nsp;
    p.data = auth.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(auth);
    return encodeEngine(EngineIoType::Message, encodeSocket(p));
}

QString SocketIoCodec::eventFrame(const QString &event, const QJsonArray &args,
                                  std::optional<qint64> ackId, const QString &nsp)
{
    SocketIoPacket p;
    p.type = SocketIoType::Event;
    p.nsp = nsp;
    p.id = ackId;
    QJsonArray a{event};
    for (const QJsonValue &v : args)
        a.append(v);
    p.data = a;
    return encodeEngine(EngineIoType::Message, encodeSocket(p));
}

QString SocketIoCodec::ackFrame(qint64 ackId, const QJsonArray &args, const QString &nsp)
{
    SocketIoPacket p;
    p.type = SocketIoType::Ack;
    p.nsp = nsp;
    p.id = ackId;
    p.data = args;
    return encodeEngine(EngineIoType::Message, encodeSocket(p));
}

QJsonObject SocketIoCodec::placeholder(int num)
{
    return QJsonObject{{QStringLiteral("_placeholder"), true}, {QStringLiteral("num"), num}};
}

int SocketIoCodec::placeholderIndex(const QJsonValue &value)
{
    if (!value.isObject())
        return -1;
    const QJsonObject o = value.toObject();
    const QJsonValue num = o.value(QLatin1String("num"));
    if (!o.value(QLatin1String("_placeholder")).toBool() || !num.isDouble())
        return -1;
    const double n = num.toDouble();
    if (n < 0 || n > kMaxAttachments || n != double(int(n)))
        return -1;
    return int(n);
}

QList<int> SocketIoCodec::placeholders(const QJsonValue &value)
{
    QList<int> out;
    const int own = placeholderIndex(value);
    if (own >= 0) {
        out << own;
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (const QJsonValue &v : a)
            out << placeholders(v);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out << placeholders(it.value());
    }
    return out;
}

bool SocketIoCodec::placeholdersValid(const QJsonValue &value, int attachments)
{
    const QList<int> found = placeholders(value);
    for (int n : found) {
        if (n >= attachments)
            return false;
    }
    return true;
}

QString SocketIoCodec::binaryEventFrame(const QString &event, const QJsonArray &args, int attachments,
                                        std::optional<qint64> ackId, const QString &nsp)
{
    SocketIoPacket p;
    p.type = SocketIoType::BinaryEvent;
    p.nsp = nsp;
    p.id = ackId;
    p.attachments = attachments;
    QJsonArray a{event};
    for (const QJsonValue &v : args)
        a.append(v);
    p.data = a;
    return encodeEngine(EngineIoType::Message, encodeSocket(p));
}

QString SocketIoCodec::binaryAckFrame(qint64 ackId, const QJsonArray &args, int attachments,
                                      const QString &nsp)
{
    SocketIoPacket p;
    p.type = SocketIoType::BinaryAck;
    p.nsp = nsp;
    p.id = ackId;
    p.attachments = attachments;
    p.data = args;
    return encodeEngine(EngineIoType::Message, encodeSocket(p));
}

QString SocketIoCodec::recoveryOffset(const SocketIoPacket &packet)
{
    if ((packet.type != SocketIoType::Event && packet.type != SocketIoType::BinaryEvent) || packet.id)
        return {};
    const QJsonArray a = packet.data.toArray();
    if (a.size() < 2 || !a.last().isString())
        return {};
    return a.last().toString();
}

QJsonObject SocketIoCodec::recoveryAuth(const QJsonObject &auth, const QString &pid, const QString &offset)
{
    if (pid.isEmpty() || offset.isEmpty())
        return auth;
    QJsonObject out{{QStringLiteral("pid"), pid}, {QStringLiteral("offset"), offset}};
    for (auto it = auth.begin(); it != auth.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}
