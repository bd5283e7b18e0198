#include "parleyaccounts.h"

#include "directroomname.h"
#include "logging.h"
#include "parleyprotocol.h"
#include "socketiosession.h"

#include <QJsonObject>

namespace {
//! Most entries read from one "directs" answer (the server sends at most 500).
constexpr int kMaxDirects = 1000;
} // namespace

ParleyAccounts::ParleyAccounts(SocketIoSession *session, std::function<qint64()> ownId, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_ownId(std::move(ownId))
{
}

std::optional<Person> ParleyAccounts::checkedPeer(const QString &room, const QJsonValue &peer) const
{
    const qint64 me = m_ownId();
    const qint64 other = DirectRoomName::peerOf(room, me);
    const std::optional<Person> p = Person::fromJson(peer.toObject());
    if (me <= 0 || other <= 0 || !p || p->id != other) {
        qCWarning(lcProtocol).noquote() << "direct room" << room.left(80) << "is not one of ours (we are" << me
                                        << ") or its peer does not match; ignored";
        return std::nullopt;
    }
    return p;
}

bool ParleyAccounts::handleEvent(const QString &event, const QJsonArray &args)
{
    const QJsonObject o = args.at(0).toObject();
    if (event == QLatin1String("presence")) {
        if (const std::optional<Person> p = Person::fromJson(o))
            Q_EMIT presenceChanged(*p);
        else
            qCWarning(lcProtocol) << "presence event without a valid person ignored";
    } else if (event == QLatin1String("direct")) {
        onDirectEvent(o);
    } else if (event == QLatin1String("auth")) {
        const QString reason = o.value(QLatin1String("reason")).toString().left(kMaxReasonLength);
        qCInfo(lcProtocol).noquote() << "the server ended this session's sign-in:" << reason;
        Q_EMIT sessionEnded(reason);
    } else {
        return false;
    }
    return true;
}

void ParleyAccounts::onDirectEvent(const QJsonObject &o)
{
    const QString room = o.value(QLatin1String("room")).toString();
    const std::optional<Person> peer = checkedPeer(room, o.value(QLatin1String("peer")));
    if (!peer)
        return;
    ChatMessage m;
    if (!ParleyProtocol::parseMessage(o.value(QLatin1String("message")), &m) || m.room != room) {
        qCWarning(lcProtocol).noquote() << "direct event for" << room << "without a message of that room ignored";
        return;
    }
    Q_EMIT directOpened(room, *peer);
    Q_EMIT messageReceived(m);
}

void ParleyAccounts::request(const QString &event, const QJsonArray &args,
                             std::function<void(const QJsonObject &)> onOk, bool quiet)
{
    const bool sent = m_session->emitEvent(event, args, [this, event, onOk, quiet](const QJsonArray &answer) {
        const QJsonObject o = answer.at(0).toObject();
        if (o.value(QLatin1String("ok")).toBool()) {
            onOk(o);
            return;
        }
        qCWarning(lcProtocol).noquote() << event << "refused:" << ParleyProtocol::ackError(o);
        if (!quiet)
            Q_EMIT accountRequestFailed(ParleyProtocol::ackError(o));
    });
    if (!sent && !quiet)
        Q_EMIT accountRequestFailed(QStringLiteral("not connected"));
}

void ParleyAccounts::openDirect(qint64 userId)
{
    askForDirect(QJsonObject{{QStringLiteral("userId"), userId}}, userId, {});
}

void ParleyAccounts::openDirectByName(const QString &username)
{
    askForDirect(QJsonObject{{QStringLiteral("username"), username}}, 0, username);
}

void ParleyAccounts::askForDirect(const QJsonObject &who, qint64 userId, const QString &username)
{
    const bool sent = m_session->emitEvent(
        QStringLiteral("openDirect"), {who},
        [this, userId, username](const QJsonArray &answer) {
            const QJsonObject o = answer.at(0).toObject();
            if (!o.value(QLatin1String("ok")).toBool()) {
                Q_EMIT directFailed(userId, ParleyProtocol::ackError(o));
                return;
            }
            const QString room = o.value(QLatin1String("room")).toString();
            const std::optional<Person> peer = checkedPeer(room, o.value(QLatin1String("peer")));
            auto folded = [](const QString &name) {
                return name.normalized(QString::NormalizationForm_KC).toCaseFolded();
            };
            const bool asked = userId > 0 ? peer && peer->id == userId
                                          : peer && folded(peer->username) == folded(username);
            if (asked)
                Q_EMIT directOpened(room, *peer);
            else
                Q_EMIT directFailed(userId, QStringLiteral("unexpected answer"));
        });
    if (!sent)
        Q_EMIT directFailed(userId, QStringLiteral("not connected"));
}

void ParleyAccounts::requestDirects()
{
    request(QStringLiteral("directs"), {}, [this](const QJsonObject &o) {
        const QJsonArray list = o.value(QLatin1String("directs")).toArray();
        int read = 0;
        for (const QJsonValue &v : list) {
            if (++read > kMaxDirects) {
                qCWarning(lcProtocol) << "directs answer over" << kMaxDirects << "entries; the rest ignored";
                break;
            }
            const QJsonObject entry = v.toObject();
            const QString room = entry.value(QLatin1String("room")).toString();
            if (const std::optional<Person> peer = checkedPeer(room, entry.value(QLatin1String("peer"))))
                Q_EMIT directOpened(room, *peer);
        }
    }, kQuiet);
}

void ParleyAccounts::sendPresence(bool away)
{
    const QString presence = Person::presenceToWire(away ? Person::Presence::Away : Person::Presence::Online);
    request(QStringLiteral("presence"), {QJsonObject{{QStringLiteral("presence"), presence}}}, [](const QJsonObject &) {},
            kQuiet);
}

void ParleyAccounts::requestDevices()
{
    request(QStringLiteral("tokens"), {}, [this](const QJsonObject &o) {
        Q_EMIT devicesReceived(DeviceToken::listFromJson(o.value(QLatin1String("tokens"))));
    });
}

void ParleyAccounts::revokeDevice(const QString &tokenId)
{
    request(QStringLiteral("revokeToken"), {QJsonObject{{QStringLiteral("id"), tokenId}}},
            [this](const QJsonObject &) { requestDevices(); });
}

void ParleyAccounts::signOut()
{
    // The answer is followed by an "auth" event ("signed out"): sessionEnded() comes from there.
    request(QStringLiteral("signOut"), {}, [](const QJsonObject &) {});
}
