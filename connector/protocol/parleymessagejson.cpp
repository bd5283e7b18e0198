#include "parleymessagejson.h"

#include "messagechange.h"
#include "wirenumber.h"

#include <QJsonArray>

using Kind = ChatMessage::Kind;

namespace {
QList<ChatMessage::Reaction> reactionsFrom(const QJsonValue &value)
{
    QList<ChatMessage::Reaction> out;
    const QJsonArray list = value.toArray();
    for (const QJsonValue &v : list) {
        if (out.size() >= ChatMessage::kMaxReactions)
            break;
        const QJsonObject o = v.toObject();
        ChatMessage::Reaction r;
        r.emoji = o.value(QLatin1String("emoji")).toString();
        const std::optional<qint64> count = WireNumber::positive(o.value(QLatin1String("count")));
        if (!MessageChange::isValidEmoji(r.emoji) || !count)
            continue;
        const QJsonArray users = o.value(QLatin1String("users")).toArray();
        for (const QJsonValue &u : users) {
            if (r.users.size() >= ChatMessage::kMaxReactionUsers)
                break;
            if (const std::optional<qint64> id = WireNumber::positive(u); id && !r.users.contains(*id))
                r.users << *id;
        }
        r.count = int(std::clamp<qint64>(*count, r.users.size(), 1'000'000'000));
        if (std::none_of(out.cbegin(), out.cend(), [&r](const ChatMessage::Reaction &o) { return o.emoji == r.emoji; }))
            out << r; // an emoji listed twice counts once
    }
    ChatMessage::orderReactions(&out);
    return out;
}
} // namespace

QDateTime ParleyMessageJson::time(const QJsonValue &v)
{
    const std::optional<qint64> ms = WireNumber::nonNegative(v);
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime::currentDateTimeUtc();
}

std::optional<Kind> ParleyMessageJson::kindOf(const QString &name)
{
    if (name.isEmpty() || name == QLatin1String("message") || name == QLatin1String("chat message"))
        return Kind::Message;
    if (name == QLatin1String("edit"))
        return Kind::Edit;
    if (name == QLatin1String("delete"))
        return Kind::Delete;
    if (name == QLatin1String("react"))
        return Kind::React;
    return std::nullopt;
}

QString ParleyMessageJson::eventName(Kind kind)
{
    switch (kind) {
    case Kind::Edit:
        return QStringLiteral("edit");
    case Kind::Delete:
        return QStringLiteral("delete");
    case Kind::React:
        return QStringLiteral("react");
    case Kind::Message:
        break;
    }
    return QStringLiteral("chat message");
}

bool ParleyMessageJson::parse(const QJsonValue &v, ChatMessage *out, Kind kind)
{
    ChatMessage m;
    if (v.isString()) {
        if (kind != Kind::Message)
            return false;
        // Classic socket.io chat: a bare string, broadcast to everyone, no room, no sender.
        m.text = v.toString();
        m.time = QDateTime::currentDateTimeUtc();
        *out = m;
        return true;
    }
    if (!v.isObject())
        return false;
    const QJsonObject o = v.toObject();
    if (const QJsonValue k = o.value(QLatin1String("kind")); k.isString()) {
        const std::optional<Kind> named = kindOf(k.toString());
        if (!named)
            return false; // a kind of row this client does not know: not a message either
        kind = *named;
    }
    m.kind = kind;
    m.room = o.value(QLatin1String("room")).toString();
    m.seq = WireNumber::positive(o.value(QLatin1String("seq"))).value_or(0);
    m.sender = o.value(QLatin1String("sender")).toString();
    m.senderId = WireNumber::positive(o.value(QLatin1String("senderId"))).value_or(0);
    m.senderUsername = o.value(QLatin1String("senderUsername")).toString();
    m.text = o.value(QLatin1String("text")).toString();
    m.clientId = o.value(QLatin1String("clientId")).toString();
    m.time = time(o.value(QLatin1String("time")));
    if (kind == Kind::Message) {
        m.replyTo = WireNumber::positive(o.value(QLatin1String("replyTo"))).value_or(0);
        if (const QJsonValue edited = o.value(QLatin1String("edited")); !edited.isUndefined())
            m.edited = time(edited);
        m.deleted = o.value(QLatin1String("deleted")).toBool();
        if (const QJsonValue file = o.value(QLatin1String("file")); !file.isUndefined() && !file.isNull()) {
            const std::optional<FileRef> ref = FileRef::fromJson(file);
            if (!ref)
                return false; // a file this client cannot name, size or type safely
            m.file = *ref;
        }
        if (m.deleted) {
            m.file = {};
            m.text.clear();
            m.edited = QDateTime(); // a deleted message has no edit time (docs/protocol.md)
        } else
            m.reactions = reactionsFrom(o.value(QLatin1String("reactions")));
    } else {
        const std::optional<qint64> target = WireNumber::positive(o.value(QLatin1String("target")));
        if (!target)
            return false;
        m.target = *target;
        if (kind == Kind::React) {
            m.text = o.value(QLatin1String("emoji")).toString();
            m.reactionOn = o.value(QLatin1String("on")).toBool();
            if (!MessageChange::isValidEmoji(m.text))
                return false;
        } else if (kind == Kind::Delete) {
            m.text.clear();
        }
    }
    *out = m;
    return true;
}

QJsonObject ParleyMessageJson::payload(const ChatMessage &m)
{
    QJsonObject o{{QStringLiteral("room"), m.room}, {QStringLiteral("clientId"), m.clientId}};
    switch (m.kind) {
    case Kind::Message:
        o.insert(QStringLiteral("text"), m.text);
        if (m.replyTo > 0)
            o.insert(QStringLiteral("replyTo"), m.replyTo);
        if (!m.file.isNull())
            o.insert(QStringLiteral("file"), m.file.toJson());
        break;
    case Kind::Edit:
        o.insert(QStringLiteral("seq"), m.target);
        o.insert(QStringLiteral("text"), m.text);
        break;
    case Kind::Delete:
        o.insert(QStringLiteral("seq"), m.target);
        break;
    case Kind::React:
        o.insert(QStringLiteral("seq"), m.target);
        o.insert(QStringLiteral("emoji"), m.text);
        o.insert(QStringLiteral("on"), m.reactionOn);
        break;
    }
    return o;
}
