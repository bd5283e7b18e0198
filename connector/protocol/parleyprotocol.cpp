#include "parleyprotocol.h"

#include "imconnector.h"
#include "logging.h"
#include "parleyaccounts.h"
#include "parleyfiles.h"
#include "parleymessagejson.h"
#include "parleysearchjson.h"
#include "socketiosession.h"
#include "wirenumber.h"

#include <QJsonObject>
#include <QUuid>

namespace {
QDateTime fromServerTime(const QJsonValue &v)
{
    return ParleyMessageJson::time(v);
}

//! A member list from the wire: at most Person::kMaxPeople names of at most Person::kMaxNameLength.
QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &e : a) {
        if (out.size() >= Person::kMaxPeople) {
            qCWarning(lcProtocol) << "member list of" << a.size() << "names; kept the first" << Person::kMaxPeople;
            break;
        }
        out << e.toString().left(Person::kMaxNameLength);
    }
    return out;
}
} // namespace

ParleyProtocol::ParleyProtocol(IMConnector *connector, QObject *parent)
    : ChatProtocol(parent)
    , m_connector(connector)
    , m_session(new SocketIoSession(connector, this))
    , m_accounts(new ParleyAccounts(m_session, [this] { return m_identity.userId; }, this))
    , m_files(new ParleyFiles(m_session, this))
{
    m_session->setBinaryAccepted(false); // parley-server never sends binary: nothing to hold
    connect(m_session, &SocketIoSession::ready, this, &ParleyProtocol::onSessionReady);
    connect(m_session, &SocketIoSession::notReady, this, [this] {
        // Their answers can no longer come (the session forgets its acks): each ends here.
        const QSet<QString> lost = std::exchange(m_searches, {});
        for (const QString &id : lost)
            Q_EMIT searchFailed(id, tr("the connection was lost before the answer"));
        Q_EMIT notReady();
    });
    connect(m_session, &SocketIoSession::eventReceived, this, &ParleyProtocol::onEvent);
    connect(m_session, &SocketIoSession::connectRefused, this, &ParleyProtocol::onConnectRefused);

    connect(m_accounts, &ParleyAccounts::presenceChanged, this, &ChatProtocol::presenceChanged);
    connect(m_accounts, &ParleyAccounts::directOpened, this, &ChatProtocol::directOpened);
    connect(m_accounts, &ParleyAccounts::directFailed, this, &ChatProtocol::directFailed);
    connect(m_accounts, &ParleyAccounts::messageReceived, this, &ChatProtocol::messageReceived);
    connect(m_accounts, &ParleyAccounts::devicesReceived, this, &ChatProtocol::devicesReceived);
    connect(m_accounts, &ParleyAccounts::accountRequestFailed, this, &ChatProtocol::accountRequestFailed);
    connect(m_accounts, &ParleyAccounts::sessionEnded, this, &ChatProtocol::sessionEnded);

    m_throttleRetry.setSingleShot(true);
    connect(&m_throttleRetry, &QTimer::timeout, this, [this] {
        qCInfo(lcProtocol) << "trying the throttled sign-in again";
        m_retryingThrottled = true;
        m_connector->reconnectNow();
    });
    // A connect started by anybody else (the user's "retry now", a new server) makes the wait moot
    // and starts a new count of retries.
    connect(m_connector, &IMConnector::stateChanged, this, [this](IMConnector::State state) {
        if (state != IMConnector::State::Connecting)
            return;
        m_throttleRetry.stop();
        if (!std::exchange(m_retryingThrottled, false))
            m_throttledInARow = 0;
    });
}

void ParleyProtocol::onConnectRefused(const QString &message, const QJsonValue &data)
{
    const AuthRefusal refusal = AuthRefusal::fromJson(data);
    if (m_guestSignIn && refusal.tokenRejected()) {
        // A guest the server forgot: nothing of the user's is lost by being a new guest.
        qCInfo(lcProtocol) << "the server forgot this guest's token; connecting as a new guest";
        m_signIn = *std::exchange(m_guestSignIn, std::nullopt);
        updateAuth();
        m_session->retryAfterRefusal();
        return;
    }
    Q_EMIT authRefused(refusal);
    Q_EMIT problem(tr("The server refused the connection: %1").arg(message.left(AuthRefusal::kMaxTextLength)));
    if (refusal.reason != QLatin1String("throttled") || refusal.retryAfterMs <= 0)
        return;
    // A passing refusal: the link stops now (SocketIoSession), and is tried once more after the wait.
    if (++m_throttledInARow > kMaxThrottledRetries) {
        qCWarning(lcProtocol) << "throttled" << kMaxThrottledRetries << "times in a row; waiting for the user";
        return;
    }
    const auto wait = std::min(std::chrono::milliseconds(refusal.retryAfterMs), kMaxThrottleWait);
    qCInfo(lcProtocol) << "sign-in throttled; trying again in" << wait.count() << "ms";
    m_throttleRetry.start(wait);
}

void ParleyProtocol::stop()
{
    m_throttleRetry.stop();
}

ChatProtocol::Capabilities ParleyProtocol::capabilities() const
{
    Capabilities c;
    c.rooms = c.acks = c.history = c.members = c.typing = c.accounts = c.conversations = c.receipts = true;
    c.search = m_serverSearches;
    c.files = m_serverFiles;
    return c;
}

QUrl ParleyProtocol::endpointUrl(const QUrl &serverUrl) const
{
    return SocketIoSession::endpointUrl(serverUrl);
}

void ParleyProtocol::setUserName(const QString &name)
{
    m_userName = name;
    updateAuth();
}

void ParleyProtocol::setSignIn(const SignIn &signIn)
{
    m_signIn = signIn;
    m_guestSignIn.reset();
    m_throttleRetry.stop(); // the next connect is the caller's, with what it just gave
    m_throttledInARow = 0;
    updateAuth();
}

void ParleyProtocol::updateAuth()
{
    if (m_signIn.method == SignIn::Method::None)
        m_session->setAuth(QJsonObject{{QStringLiteral("name"), m_userName}});
    else
        m_session->setAuth(m_signIn.toAuth());
}

void ParleyProtocol::onSessionReady()
{
    const QJsonObject reply = m_session->connectReply();
    const std::optional<Identity> identity = Identity::fromJson(reply.value(QLatin1String("user")).toObject());
    m_identity = identity.value_or(Identity{});
    // Checked before conversion: any JSON number may come (1e308, -1, 0.5).
    const QJsonValue maxText = reply.value(QLatin1String("limits")).toObject().value(QLatin1String("maxTextLength"));
    const double maxTextValue = maxText.toDouble(0);
    m_serverMaxTextLength = maxText.isDouble() && maxTextValue >= 1 && maxTextValue <= kLargestServerMaxTextLength
            ? qsizetype(maxTextValue)
            : 0;
    const QJsonArray features = reply.value(QLatin1String("features")).toArray();
    m_serverSearches = features.contains(QStringLiteral("search"));
    m_serverFiles = features.contains(QStringLiteral("files"));
    m_serverMaxFileSize = WireNumber::positive(
            reply.value(QLatin1String("limits")).toObject().value(QLatin1String("maxFileSize"))).value_or(0);
    // A fetch is answered with a binary ack: only then is binary taken (bounded by the session).
    m_session->setBinaryAccepted(m_serverFiles);
    if (identity) {
        const QJsonValue tokenValue = reply.value(QLatin1String("token"));
        const QString token = tokenValue.isString() ? tokenValue.toString() : QString();
        if (!token.isEmpty()) {
            // From now on the token signs in (every reconnect); the password is not kept.
            if (m_identity.guest)
                m_guestSignIn = m_signIn;
            m_signIn = SignIn::withToken(token, m_signIn.device);
            updateAuth();
        }
        qCInfo(lcProtocol).noquote() << "signed in as" << m_identity.username << "id" << m_identity.userId
                                     << (m_identity.guest ? "(guest)" : "");
        Q_EMIT signedIn(m_identity, token);
    }
    m_throttledInARow = 0;
    Q_EMIT ready();
}

bool ParleyProtocol::isReady() const
{
    return m_session->isReady();
}

void ParleyProtocol::join(const QString &room)
{
    // memberDeltas: in a big room the server then sends what changed, not the whole list again.
    m_session->emitEvent(QStringLiteral("join"),
                         {QJsonObject{{QStringLiteral("room"), room}, {QStringLiteral("memberDeltas"), true}}},
                         [this, room](const QJsonArray &args) {
                             const QJsonObject o = args.at(0).toObject();
                             if (!o.value(QLatin1String("ok")).toBool()) {
                                 Q_EMIT joinFailed(room, ackError(o));
                                 return;
                             }
                             Q_EMIT joined(room, toStringList(o.value(QLatin1String("members"))),
                                           WireNumber::nonNegative(o.value(QLatin1String("lastSeq"))).value_or(0));
                             announcePeople(room, o);
                             const QJsonValue receipts = o.value(QLatin1String("receipts"));
                             if (receipts.isArray()) // a server without receipts says nothing
                                 Q_EMIT receiptsReplaced(room, ReadReceipt::listFromJoin(room, receipts));
                         });
}

void ParleyProtocol::leave(const QString &room)
{
    m_session->emitEvent(QStringLiteral("leave"), {QJsonObject{{QStringLiteral("room"), room}}});
}

bool ParleyProtocol::send(const ChatMessage &message)
{
    // A message or a change (edit, delete, react): each its own event, the same ack.
    const QString clientId = message.clientId;
    const QJsonObject payload = ParleyMessageJson::payload(message);
    const QString event = ParleyMessageJson::eventName(message.kind);
    return m_session->emitEvent(event, {payload}, [this, clientId](const QJsonArray &args) {
        const QJsonObject o = args.at(0).toObject();
        const std::optional<qint64> seq = WireNumber::positive(o.value(QLatin1String("seq")));
        if (o.value(QLatin1String("ok")).toBool() && seq) {
            Q_EMIT acknowledged(clientId, *seq, fromServerTime(o.value(QLatin1String("time"))));
        } else if (o.value(QLatin1String("ok")).toBool() && o.value(QLatin1String("unchanged")).toBool()) {
            // A change that changed nothing (the same text, a reaction one already has): done,
            // with no seq of its own.
            Q_EMIT acknowledged(clientId, 0, fromServerTime(o.value(QLatin1String("time"))));
        } else if (o.value(QLatin1String("ok")).toBool()) {
            // An ack without a usable seq is not an ack: the ack timeout writes the message again.
            qCWarning(lcProtocol).noquote() << "ack for" << clientId << "without a valid seq ignored";
        } else if (o.value(QLatin1String("error")).toString() == QLatin1String("rate limited")) {
            // Too fast, not wrong: sent again after the wait the server names (the outbox caps it).
            Q_EMIT deferred(clientId, WireNumber::nonNegative(o.value(QLatin1String("retryAfterMs"))).value_or(0));
        } else if (o.value(QLatin1String("retry")).toBool()) {
            // A passing server problem (storage): not an ack. The message stays in the outbox and
            // the ack timeout writes it again.
            qCWarning(lcProtocol).noquote() << "server could not take message" << clientId << "now:" << ackError(o);
        } else {
            Q_EMIT refused(clientId, ackError(o));
        }
    });
}

void ParleyProtocol::requestHistory(const QString &room, qint64 after, qint64 before, int limit)
{
    QJsonObject q{{QStringLiteral("room"), room}, {QStringLiteral("limit"), limit}};
    if (after > 0)
        q.insert(QStringLiteral("after"), after);
    if (before > 0)
        q.insert(QStringLiteral("before"), before);
    m_session->emitEvent(QStringLiteral("history"), {q}, [this, room](const QJsonArray &args) {
        const QJsonObject o = args.at(0).toObject();
        if (!o.value(QLatin1String("ok")).toBool()) {
            qCWarning(lcProtocol).noquote() << "history of" << room << "refused:" << ackError(o);
            return;
        }
        QList<ChatMessage> messages;
        const QJsonArray list = o.value(QLatin1String("messages")).toArray();
        for (const QJsonValue &v : list) {
            ChatMessage m;
            if (parseMessage(v, &m) && !m.room.isEmpty())
                messages << m;
        }
        Q_EMIT historyReceived(room, messages, o.value(QLatin1String("hasMore")).toBool());
    });
}

void ParleyProtocol::announcePeople(const QString &room, const QJsonObject &o)
{
    const QJsonValue people = o.value(QLatin1String("people"));
    if (people.isArray()) // a server without accounts sends display names only
        Q_EMIT peopleChanged(room, Person::listFromJson(people));
}

void ParleyProtocol::sendRead(const QString &room, qint64 seq)
{
    m_session->emitEvent(QStringLiteral("read"), {QJsonObject{{QStringLiteral("room"), room}, {QStringLiteral("seq"), seq}}},
                         [this, room](const QJsonArray &args) {
                             const QJsonObject o = args.at(0).toObject();
                             const std::optional<qint64> kept = WireNumber::positive(o.value(QLatin1String("seq")));
                             if (o.value(QLatin1String("ok")).toBool() && kept)
                                 Q_EMIT readAcknowledged(room, *kept);
                             else if (ackError(o) == QLatin1String("rate limited"))
                                 Q_EMIT readDeferred(room, WireNumber::nonNegative(o.value(QLatin1String("retryAfterMs"))).value_or(0));
                             else // sent again only after a reconnect or a newer markRead()
                                 qCWarning(lcProtocol).noquote() << "read of" << room << "refused:" << ackError(o);
                         });
}

void ParleyProtocol::sendPrivacy(bool readReceipts)
{
    m_session->emitEvent(QStringLiteral("privacy"), {QJsonObject{{QStringLiteral("readReceipts"), readReceipts}}},
                         [this](const QJsonArray &args) {
                             const QJsonObject o = args.at(0).toObject();
                             const QJsonValue on = o.value(QLatin1String("readReceipts"));
                             if (o.value(QLatin1String("ok")).toBool() && on.isBool()) {
                                 m_identity.readReceipts = on.toBool();
                                 Q_EMIT privacyChanged(on.toBool());
                             } else {
                                 qCWarning(lcProtocol).noquote() << "privacy refused:" << ackError(o);
                                 Q_EMIT problem(tr("The server did not take the read receipts setting: %1").arg(ackError(o)));
                             }
                         });
}

QString ParleyProtocol::search(const SearchQuery &query, int limit, const QString &cursor)
{
    if (!m_serverSearches || !isReady() || query.terms.isEmpty())
        return {};
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const bool sent = m_session->emitEvent(
            QStringLiteral("search"), {ParleySearchJson::request(query, limit, cursor)},
            [this, id](const QJsonArray &args) {
                if (!m_searches.remove(id))
                    return;
                QString error;
                const std::optional<ParleySearchJson::Answer> answer =
                        ParleySearchJson::parseAnswer(args.at(0).toObject(), &error);
                if (!answer) {
                    qCWarning(lcProtocol).noquote() << "search" << id << "failed:" << error;
                    Q_EMIT searchFailed(id, error);
                    return;
                }
                Q_EMIT searchFinished(id, answer->results, answer->hasMore, answer->cursor);
            });
    if (!sent)
        return {};
    m_searches.insert(id);
    return id;
}

void ParleyProtocol::openDirect(qint64 userId) { m_accounts->openDirect(userId); }
void ParleyProtocol::openDirectByName(const QString &username) { m_accounts->openDirectByName(username); }
void ParleyProtocol::requestDirects() { m_accounts->requestDirects(); }
void ParleyProtocol::sendPresence(bool away) { m_accounts->sendPresence(away); }
void ParleyProtocol::requestDevices() { m_accounts->requestDevices(); }
void ParleyProtocol::revokeDevice(const QString &tokenId) { m_accounts->revokeDevice(tokenId); }
void ParleyProtocol::signOut() { m_accounts->signOut(); }

QString ParleyProtocol::ackError(const QJsonObject &ack)
{
    const QString e = ack.value(QLatin1String("error")).toString();
    return e.isEmpty() ? QStringLiteral("unknown error") : e.left(kMaxErrorLength);
}

void ParleyProtocol::sendTyping(const QString &room)
{
    m_session->emitEvent(QStringLiteral("typing"), {QJsonObject{{QStringLiteral("room"), room}}});
}

bool ParleyProtocol::parseMessage(const QJsonValue &v, ChatMessage *out)
{
    return ParleyMessageJson::parse(v, out);
}

void ParleyProtocol::onEvent(const QString &event, const QJsonArray &args, qint64 ackId)
{
    if (const std::optional<ChatMessage::Kind> kind = ParleyMessageJson::kindOf(event);
        kind && (event != QLatin1String("message"))) {
        // "chat message", or a change: "edit", "delete", "react".
        ChatMessage m;
        if (ParleyMessageJson::parse(args.at(0), &m, *kind) && (m.kind == *kind))
            Q_EMIT messageReceived(m);
        else
            qCWarning(lcProtocol).noquote() << event << "with an unexpected payload ignored";
    } else if (event == QLatin1String("members")) {
        const QJsonObject o = args.at(0).toObject();
        const QString room = o.value(QLatin1String("room")).toString();
        Q_EMIT membersChanged(room, toStringList(o.value(QLatin1String("members"))));
        announcePeople(room, o);
    } else if (event == QLatin1String("membersDelta")) {
        const QJsonObject o = args.at(0).toObject();
        QList<qint64> left;
        const QJsonArray ids = o.value(QLatin1String("left")).toArray();
        for (const QJsonValue &id : ids)
            left << WireNumber::positive(id).value_or(0);
        Q_EMIT peopleDelta(o.value(QLatin1String("room")).toString(),
                           Person::listFromJson(o.value(QLatin1String("joined"))), left);
    } else if (event == QLatin1String("read")) {
        if (const std::optional<ReadReceipt> receipt = ReadReceipt::fromEvent(args.at(0)))
            Q_EMIT receiptReceived(*receipt);
        else
            qCWarning(lcProtocol) << "read with an unexpected payload ignored";
    } else if (event == QLatin1String("typing")) {
        const QJsonObject o = args.at(0).toObject();
        Q_EMIT typingReceived(o.value(QLatin1String("room")).toString(),
                              o.value(QLatin1String("name")).toString());
    } else if (!m_accounts->handleEvent(event, args)) {
        qCDebug(lcProtocol) << "unhandled event" << event;
    }
    if (ackId >= 0)
        m_session->sendAck(ackId, {});
}

FileChannel *ParleyProtocol::files()
{
    return m_serverFiles ? m_files : nullptr;
}
