// The client's reading of parley-server's events (connector/protocol/): chat messages and history
// rows (ParleyProtocol::parseMessage), people (Person), the connect reply's user (Identity),
// connect_error data (AuthRefusal), the devices list (DeviceToken) and every id, seq and time
// (WireNumber). The input is one JSON value; it is read as each of those, as the fields of an
// object and as the elements of an array (an event's arguments), the way the handlers meet it.
// Beyond "no crash, no undefined behaviour": every bound the parsers promise holds.
//
// ParleyProtocol's ack handlers (join, send, history) are lambdas inside the protocol and need a
// live SocketIoSession; only their pure parts are reached here (parseMessage over "messages").
#include "authrefusal.h"
#include "devicetoken.h"
#include "fuzzsupport.h"
#include "identity.h"
#include "messagechange.h"
#include "parleymessagejson.h"
#include "parleyprotocol.h"
#include "person.h"
#include "wirenumber.h"

#include <QJsonObject>
#include <QSet>

namespace {

void checkNumber(const QJsonValue &v)
{
    const std::optional<qint64> n = WireNumber::nonNegative(v);
    if (n) {
        FUZZ_CHECK(v.isDouble() && *n >= 0 && *n <= WireNumber::kMaxExact);
        FUZZ_CHECK(double(*n) == v.toDouble());
    }
    const std::optional<qint64> p = WireNumber::positive(v);
    FUZZ_CHECK(!p || (n && *p == *n && *p > 0));
}

void checkPerson(const Person &p)
{
    FUZZ_CHECK(p.isValid());
    FUZZ_CHECK(!p.username.isEmpty() && p.username.size() <= Person::kMaxNameLength);
    FUZZ_CHECK(!p.displayName.isEmpty() && p.displayName.size() <= Person::kMaxNameLength);
    FUZZ_CHECK(!p.lastSeen.isValid() || p.lastSeen.toMSecsSinceEpoch() > 0);
}

void checkPeople(const QJsonValue &v)
{
    for (int max : {Person::kMaxPeople, 2}) {
        const QList<Person> people = Person::listFromJson(v, max);
        FUZZ_CHECK(people.size() <= max);
        QSet<qint64> ids;
        for (const Person &p : people) {
            checkPerson(p);
            FUZZ_CHECK(!ids.contains(p.id));
            ids.insert(p.id);
        }
    }
}

void checkMessage(const QJsonValue &v)
{
    ChatMessage message; // as a message object or history row, then as each change event
    for (const ChatMessage::Kind kind : {ChatMessage::Kind::Message, ChatMessage::Kind::Edit,
                                         ChatMessage::Kind::Delete, ChatMessage::Kind::React}) {
        ChatMessage m;
        if (!ParleyMessageJson::parse(v, &m, kind)) {
            FUZZ_CHECK(kind != ChatMessage::Kind::Message || !v.isString());
            continue;
        }
        FUZZ_CHECK(m.seq >= 0 && m.seq <= WireNumber::kMaxExact);
        FUZZ_CHECK(m.senderId >= 0 && m.senderId <= WireNumber::kMaxExact);
        FUZZ_CHECK(m.time.isValid());
        FUZZ_CHECK(m.reactions.size() <= ChatMessage::kMaxReactions);
        for (const ChatMessage::Reaction &r : m.reactions) {
            FUZZ_CHECK(MessageChange::isValidEmoji(r.emoji));
            FUZZ_CHECK(r.users.size() <= ChatMessage::kMaxReactionUsers && r.count >= r.users.size());
        }
        FUZZ_CHECK(!m.deleted || m.text.isEmpty());
        if (m.isChange()) {
            FUZZ_CHECK(m.target > 0 && m.target <= WireNumber::kMaxExact);
            FUZZ_CHECK(m.kind != ChatMessage::Kind::React || MessageChange::isValidEmoji(m.text));
        } else if (kind == ChatMessage::Kind::Message) {
            message = m;
        }
        (void)m.key();
    }
    // Any change applied to what was read keeps the bounds (a server drives both).
    ChatMessage change;
    if (!message.isChange() && ParleyMessageJson::parse(v, &change, ChatMessage::Kind::React)) {
        change.target = message.seq;
        change.room = message.room;
        MessageChange::apply(change, &message);
        FUZZ_CHECK(message.reactions.size() <= ChatMessage::kMaxReactions);
    }
}

void checkTokens(const QJsonValue &v)
{
    const QList<DeviceToken> tokens = DeviceToken::listFromJson(v);
    FUZZ_CHECK(tokens.size() <= DeviceToken::kMaxTokens);
    for (const DeviceToken &t : tokens) {
        FUZZ_CHECK(!t.id.isEmpty() && t.id.size() <= 64 && t.device.size() <= 64);
        for (const QDateTime &time : {t.created, t.lastUsed, t.expires})
            FUZZ_CHECK(!time.isValid() || time.toMSecsSinceEpoch() > 0);
    }
}

void checkRefusal(const QJsonValue &v)
{
    const AuthRefusal r = AuthRefusal::fromJson(v);
    FUZZ_CHECK(r.message.size() <= AuthRefusal::kMaxTextLength);
    FUZZ_CHECK(r.reason.size() <= AuthRefusal::kMaxTextLength);
    FUZZ_CHECK(r.retryAfterMs >= 0);
    (void)r.tokenRejected();
}

void checkIdentity(const QJsonObject &o)
{
    if (const std::optional<Identity> i = Identity::fromJson(o)) {
        FUZZ_CHECK(i->isValid() && i->userId <= WireNumber::kMaxExact && !i->username.isEmpty());
        FUZZ_CHECK(*i == *Identity::fromJson(o));
    }
}

//! Everything a handler may read \a v as.
void checkValue(const QJsonValue &v)
{
    checkNumber(v);
    checkMessage(v);
    checkPeople(v);
    checkTokens(v);
    checkRefusal(v);
    const QJsonObject o = v.toObject();
    checkIdentity(o);
    if (const std::optional<Person> p = Person::fromJson(o)) {
        checkPerson(*p);
        FUZZ_CHECK(*p == *Person::fromJson(o));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::optional<QJsonValue> value = Fuzz::json(data, size);
    if (!value)
        return -1; // not JSON: nothing a Socket.IO packet could carry; keep it out of the corpus
    checkValue(*value);
    // An event's arguments, an ack's answer.
    const QJsonArray array = value->toArray();
    for (const QJsonValue &v : array)
        checkValue(v);
    // The fields the handlers look up: a connect reply's "user", a history reply's "messages", a
    // join answer's "people", a connect_error's "data", a direct room's "peer", and so on.
    const QJsonObject object = value->toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        checkValue(it.value());
    const QJsonArray messages = object.value(QLatin1String("messages")).toArray();
    for (const QJsonValue &v : messages)
        checkMessage(v);
    return 0;
}
