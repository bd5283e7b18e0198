#include "chathub.h"

#include "historystore.h"
#include "logging.h"
#include "messagejson.h"
#include "room.h"
#include "serversession.h"
#include "socketiocodec.h"

#include <algorithm>
#include <QElapsedTimer>

namespace {

const QLatin1String kJoin("join");
const QLatin1String kLeave("leave");
const QLatin1String kChatMessage("chat message");
const QLatin1String kMembers("members");
const QLatin1String kHistory("history");
const QLatin1String kTyping("typing");
const QLatin1String kName("name");

const QLatin1String kOk("ok");
const QLatin1String kError("error");
const QLatin1String kRoom("room");
const QLatin1String kText("text");
const QLatin1String kClientId("clientId");
const QLatin1String kSeq("seq");
const QLatin1String kTime("time");
const QLatin1String kLastSeq("lastSeq");
const QLatin1String kAfter("after");
const QLatin1String kBefore("before");
const QLatin1String kLimit("limit");
const QLatin1String kMessages("messages");
const QLatin1String kHasMore("hasMore");
const QLatin1String kRetry("retry");
const QLatin1String kRetryAfterMs("retryAfterMs");
const QLatin1String kSenderId("senderId");
const QLatin1String kPeople("people");
const QLatin1String kMaxTextLength("maxTextLength");
const QLatin1String kReplyTo("replyTo");
const QLatin1String kFile("file");

QJsonObject okReply(std::initializer_list<QPair<QString, QJsonValue>> fields = {})
{
    QJsonObject o{{kOk, true}};
    for (const auto &field : fields)
        o.insert(field.first, field.second);
    return o;
}

bool isBlank(const QString &text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isSpace(); });
}

//! Who holds \a session's room slots.
RoomAdmission::Holder holderOf(const ServerSession &session)
{
    return RoomAdmission::Holder{session.engineSid(), session.account().id, session.addressKey()};
}

//! The files' store in \a directory, or null (files off) when none is given or it cannot be made.
std::unique_ptr<FileStore> openFileStore(const QString &directory)
{
    if (directory.isEmpty())
        return nullptr;
    auto store = std::make_unique<FileStore>(directory);
    if (store->open()) {
        qCInfo(lcServer).noquote() << "files in" << directory;
        return store;
    }
    qCWarning(lcServer).noquote() << "files are off:" << store->errorString();
    return nullptr;
}

} // namespace

ChatHub::ChatHub(const ServerSettings &settings, HistoryStore *history, AccountStore *accounts,
                 FanOut *fanOut)
    : m_settings(settings)
    , m_history(history)
    , m_rooms(settings.maxRooms)
    , m_accountEvents(settings, accounts)
    , m_presence(settings, &m_rooms, accounts)
    , m_localFanOut(fanOut ? nullptr : std::make_unique<LocalFanOut>())
    , m_relay(&m_rooms, &m_presence.board(), fanOut ? fanOut : m_localFanOut.get(), &m_metrics)
    , m_directs(history, accounts, &m_presence, &m_relay)
    , m_members(settings, &m_rooms, &m_presence)
    , m_limits(settings)
    , m_fileStore(openFileStore(settings.filesDirectory))
    , m_changes(settings, history, &m_rooms, &m_limits, m_fileStore.get(), &m_relay)
    , m_reads(settings, history, accounts, &m_rooms, &m_limits, &m_members, &m_relay)
    , m_search(settings, history, &m_rooms, &m_limits)
    , m_files(settings, history, &m_rooms, &m_limits, m_fileStore.get())
    , m_admission({settings.maxRoomsPerSession, settings.maxRoomsPerAccount,
                   settings.maxRoomsPerAddress})
    , m_outgoing(settings.maxOutgoingTotal)
{
    m_relay.fanOut()->setSink([this](const FanOutEnvelope &envelope) { m_relay.fromOtherNode(envelope); });
}

ChatHub::~ChatHub() = default;

void ChatHub::catchUpAfterRelayGap()
{
    for (const Room *room : m_rooms.roomsStartingWith(QString())) {
        const std::optional<qint64> last = m_history->lastSeq(room->name());
        if (!last || *last == 0)
            continue;
        const std::optional<HistoryStore::Page> page = m_history->after(room->name(), *last - 1, 1,
                                                                        m_settings.maxHistoryReplyText);
        if (!page || page->messages.isEmpty())
            continue;
        const HistoryStore::Message &row = page->messages.constFirst();
        const QString frame = row.isChange()
                ? SocketIoCodec::eventFrame(MessageJson::kindName(row.kind), QJsonArray{MessageJson::change(row)})
                : SocketIoCodec::eventFrame(kChatMessage, QJsonArray{MessageJson::message(row)});
        m_relay.toLocalMembers(*room, frame);
    }
}

HistoryStore::Sender ChatHub::senderOf(const ServerSession &session)
{
    const AccountStore::Account &account = session.account();
    return HistoryStore::Sender{account.id, account.displayName, account.username, account.isGuest};
}

ClientLimits::Who ChatHub::whoIs(const ServerSession &session)
{
    return ClientLimits::Who{session.engineSid(), session.account().id, session.addressKey()};
}

QJsonObject ChatHub::errorReply(const QString &error)
{
    return QJsonObject{{kOk, false}, {kError, error}};
}

QJsonObject ChatHub::storageFailureReply()
{
    return QJsonObject{{kOk, false}, {kError, QStringLiteral("storage failure")}, {kRetry, true}};
}

QJsonObject ChatHub::failureReply(const QString &error)
{
    return error == QLatin1String("storage failure") ? storageFailureReply() : errorReply(error);
}

void ChatHub::attach(ServerSession *session)
{
    if (m_sessions.contains(session))
        return;
    m_sessions.append(session);
    m_presence.sessionStarted(session);
}

void ChatHub::detach(ServerSession *session)
{
    if (!m_sessions.removeOne(session))
        return;
    m_presence.sessionEnded(session); // while it is still in its rooms: they are its audience
    const QList<Room *> rooms = m_rooms.roomsOf(session);
    for (Room *room : rooms) {
        room->leave(session);
        leftRoom(session, room);
    }
    m_members.sessionEnded(session);
    m_limits.sessionEnded(session->engineSid());
}

void ChatHub::joinedRoom(ServerSession *from, const Room &room)
{
    m_admission.joined(holderOf(*from));
    m_members.changed(room, from->account().id);
}

void ChatHub::leftRoom(ServerSession *from, Room *room)
{
    m_admission.left(holderOf(*from));
    m_members.changed(*room, from->account().id);
    m_rooms.dropIfUnused(room);
}

void ChatHub::refuse(ServerSession *from, std::optional<qint64> ackId,
                     const ClientLimits::Verdict &verdict)
{
    qCDebug(lcServer).noquote() << from->logId() << "refused:" << verdict.error << "for"
                                << verdict.retryAfterMs << "ms";
    QJsonObject answer = errorReply(verdict.error);
    if (verdict.retryAfterMs > 0)
        answer.insert(kRetryAfterMs, verdict.retryAfterMs);
    reply(from, ackId, answer);
}

void ChatHub::pruneUploads()
{
    const std::optional<int> dropped = m_files.pruneAbandoned(m_settings.wallNowMs());
    if (!dropped)
        qCWarning(lcServer) << "pruning abandoned uploads failed";
    else if (*dropped > 0)
        qCInfo(lcServer) << "dropped" << *dropped << "uploads abandoned for over"
                         << m_settings.uploadLifetime.count() / 1000 << "s";
}

void ChatHub::handleEvent(ServerSession *from, const QString &event, const QJsonArray &args,
                          std::optional<qint64> ackId, const QList<QByteArray> &attachments)
{
    // PostgreSQL: a link lost since the last failure is opened again before anything uses it
    // (no pointer into the history is held here).
    m_history->recover();
    if (FileEvents::handles(event)) {
        m_files.handle(from, event, args, attachments, ackId);
    } else if (!attachments.isEmpty()) {
        qCWarning(lcServer).noquote() << from->logId() << "ignored" << event.left(64) << "with binary attachments";
        reply(from, ackId, errorReply(QStringLiteral("binary attachments are not supported")));
    } else if (event == kJoin) {
        handleJoin(from, args, ackId);
    } else if (event == kLeave) {
        handleLeave(from, args, ackId);
    } else if (event == kChatMessage) {
        handleChatMessage(from, args, ackId);
    } else if (event == kHistory) {
        handleHistory(from, args, ackId);
    } else if (event == kTyping) {
        handleTyping(from, args, ackId);
    } else if (PresenceEvents::handles(event)) {
        m_presence.handle(from, args, ackId);
    } else if (DirectRooms::handles(event)) {
        m_directs.handle(from, event, args, ackId);
    } else if (ChangeEvents::handles(event)) {
        m_changes.handle(from, event, args, ackId);
    } else if (SearchEvents::handles(event)) {
        m_search.handle(from, args, ackId);
    } else if (ReadEvents::handles(event)) {
        m_reads.handle(from, event, args, ackId, m_sessions);
    } else if (AccountEvents::handles(event)) {
        m_accountEvents.handle(from, event, args, ackId, m_sessions);
    } else {
        qCWarning(lcServer).noquote() << from->logId() << "unknown event" << event.left(64);
        reply(from, ackId, errorReply(QStringLiteral("unknown event")));
    }
}

void ChatHub::handleJoin(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    QString error;
    const QString name = roomArgument(args, &error);
    if (!error.isEmpty())
        return reply(from, ackId, errorReply(error));
    AccountStore::Account peer;
    error = m_directs.admit(*from, name, &peer);
    if (!error.isEmpty())
        return reply(from, ackId, failureReply(error));
    const qint64 now = m_settings.nowMs();
    const ClientLimits::Verdict rate = m_limits.join(whoIs(*from), now);
    if (!rate.ok())
        return refuse(from, ackId, rate);
    Room *existing = m_rooms.find(name);
    if (!existing || !existing->contains(from)) {
        error = m_admission.admit(holderOf(*from));
        if (!error.isEmpty()) {
            qCWarning(lcServer).noquote() << from->logId() << "join" << name.left(64)
                                          << "refused:" << error;
            return reply(from, ackId, errorReply(error));
        }
    }
    if (!existing) {
        const ClientLimits::Verdict create = m_limits.createRoom(whoIs(*from), now);
        if (!create.ok())
            return refuse(from, ackId, create);
    }
    if (args.at(0).toObject().value(QLatin1String("memberDeltas")).toBool())
        m_members.setWantsDeltas(from);
    Room *room = existing ? existing : m_rooms.findOrCreate(name);
    if (!room) {
        qCWarning(lcServer).noquote() << from->logId() << "cannot create room" << name
                                      << "(room limit reached)";
        return reply(from, ackId, errorReply(QStringLiteral("too many rooms")));
    }
    // Member first, then the newest seq: every message committed after the lastSeq in this answer
    // is broadcast to this session too, so none can fall between the two (the hub runs on one
    // thread today; the order keeps that promise if storage ever completes elsewhere).
    const bool added = room->join(from);
    const std::optional<qint64> lastSeq = m_history->lastSeq(name);
    const std::optional<QJsonArray> receipts =
            lastSeq ? m_reads.joinReceipts(*from, name) : std::nullopt;
    if (!lastSeq || !receipts) {
        qCWarning(lcServer).noquote() << from->logId() << "join" << name
                                      << "refused: history unavailable:" << m_history->errorString();
        if (added)
            room->leave(from);
        m_rooms.dropIfUnused(room);
        return reply(from, ackId, storageFailureReply());
    }
    qCDebug(lcServer).noquote() << from->logId() << from->name() << "joined" << name;
    QJsonObject answer = okReply({{kRoom, name},
                                  {kMembers, QJsonArray::fromStringList(MemberAnnouncer::memberNames(*room))},
                                  {kPeople, m_members.people(*room)},
                                  {kLastSeq, *lastSeq},
                                  {QLatin1String("receipts"), *receipts}});
    if (peer.id > 0)
        answer.insert(QLatin1String("peer"), m_presence.person(peer));
    reply(from, ackId, answer);
    if (added)
        joinedRoom(from, *room);
}

void ChatHub::handleLeave(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    QString error;
    const QString name = roomArgument(args, &error);
    if (!error.isEmpty())
        return reply(from, ackId, errorReply(error));
    Room *room = m_rooms.find(name);
    if (!room || !room->leave(from))
        return reply(from, ackId, errorReply(QStringLiteral("not joined")));
    qCDebug(lcServer).noquote() << from->logId() << from->name() << "left" << name;
    reply(from, ackId, okReply({{kRoom, name}}));
    leftRoom(from, room);
}

void ChatHub::handleChatMessage(ServerSession *from, const QJsonArray &args,
                                std::optional<qint64> ackId)
{
    const QJsonValue first = args.at(0);
    if (first.isString())
        return handlePlainMessage(from, first.toString(), ackId);
    if (first.isObject())
        return handleRoomMessage(from, first.toObject(), ackId);
    qCWarning(lcServer).noquote() << from->logId() << "chat message with malformed arguments";
    reply(from, ackId, errorReply(QStringLiteral("malformed arguments")));
}

void ChatHub::handleRoomMessage(ServerSession *from, const QJsonObject &message,
                                std::optional<qint64> ackId)
{
    QString error;
    const QString roomName = roomArgument(QJsonArray{message}, &error);
    if (!error.isEmpty())
        return reply(from, ackId, errorReply(error));
    const QJsonValue textValue = message.value(kText);
    const QJsonValue clientIdValue = message.value(kClientId);
    if (!textValue.isString()
        || !(clientIdValue.isUndefined() || clientIdValue.isNull() || clientIdValue.isString())) {
        qCWarning(lcServer).noquote() << from->logId() << "chat message with malformed arguments";
        return reply(from, ackId, errorReply(QStringLiteral("malformed arguments")));
    }
    QString text = textValue.toString();
    HistoryStore::File file;
    if (const QString refusal = m_files.sentFile(*from, message.value(kFile), &file); !refusal.isEmpty()) {
        if (refusal == QLatin1String("storage failure"))
            return reply(from, ackId, storageFailureReply());
        return reply(from, ackId, errorReply(refusal));
    }
    std::optional<qint64> replyTo;
    if (!optionalCount(message, kReplyTo, &replyTo) || replyTo == qint64(0)) {
        qCWarning(lcServer).noquote() << from->logId() << "chat message with an invalid replyTo";
        return reply(from, ackId, errorReply(QStringLiteral("malformed arguments")));
    }
    const QString clientId = clientIdValue.toString();
    if (clientId.size() > m_settings.maxClientIdLength)
        return reply(from, ackId, errorReply(QStringLiteral("clientId too long")));
    // A file's caption may be blank (then it is empty); a message without a file says something.
    if (!file.isNull() && isBlank(text))
        text.clear();
    else if (const std::optional<QJsonObject> refusal = refuseText(from, text, m_settings.maxTextLength))
        return reply(from, ackId, *refusal);
    Room *room = m_rooms.find(roomName);
    if (!room || !room->contains(from))
        return reply(from, ackId, errorReply(QStringLiteral("not joined")));
    const ClientLimits::Verdict verdict =
            m_limits.message(whoIs(*from), roomName, clientId, text.size(), m_settings.nowMs());
    if (!verdict.ok())
        return refuse(from, ackId, verdict);

    const HistoryStore::Posting posting = m_history->post(
            roomName, senderOf(*from), text, clientId, m_settings.wallNowMs(), replyTo.value_or(0),
            file);
    if (posting.outcome == HistoryStore::Outcome::Failed) {
        qCWarning(lcServer).noquote() << from->logId() << "message" << clientId << "in" << roomName
                                      << "not stored, refused for a retry:"
                                      << m_history->errorString();
        return reply(from, ackId, storageFailureReply());
    }
    if (posting.outcome == HistoryStore::Outcome::Refused)
        return reply(from, ackId, errorReply(posting.error));
    // A duplicate is answered with the original's room, seq and time, wherever it was posted.
    const HistoryStore::Message &stored = posting.message;
    reply(from, ackId,
          okReply({{kRoom, stored.room},
                   {kSeq, stored.seq},
                   {kTime, stored.timeMs},
                   {kClientId, clientId}}));
    if (posting.outcome == HistoryStore::Outcome::Duplicate) {
        qCDebug(lcServer).noquote() << from->logId() << "duplicate message" << clientId << "in"
                                    << stored.room << "re-acknowledged as seq" << stored.seq;
        return;
    }

    QElapsedTimer fanout;
    fanout.start();
    const QJsonObject broadcast = MessageJson::message(stored);
    const qsizetype frames =
            m_relay.toRoom(*room, from, SocketIoCodec::eventFrame(kChatMessage, QJsonArray{broadcast}));
    ++m_metrics.messagesStored;
    ++m_metrics.fanoutCount;
    m_metrics.fanoutFrames += frames;
    m_metrics.fanoutNanos += fanout.nsecsElapsed();
    m_directs.posted(*room, broadcast, *from);
}

void ChatHub::handlePlainMessage(ServerSession *from, const QString &text,
                                 std::optional<qint64> ackId)
{
    if (const std::optional<QJsonObject> refusal = refuseText(from, text, m_settings.maxTextLength))
        return reply(from, ackId, *refusal);
    if (text.size() > m_settings.maxPlainTextLength)
        return reply(from, ackId, errorReply(QStringLiteral("text too long")));
    const ClientLimits::Verdict verdict = m_limits.plain(whoIs(*from), text.size(), m_settings.nowMs());
    if (!verdict.ok())
        return refuse(from, ackId, verdict);
    reply(from, ackId, okReply());
    // Only classic clients hear it: sessions in no room (the classic socket.io chat never joins
    // one). A room-less broadcast never fans out to every session of the server.
    QList<ServerSession *> classic;
    for (ServerSession *s : std::as_const(m_sessions)) {
        if (m_admission.sessionCount(s->engineSid()) == 0)
            classic << s;
    }
    sendToAll(classic, SocketIoCodec::eventFrame(kChatMessage, QJsonArray{text}));
}

void ChatHub::handleTyping(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    QString error;
    const QString roomName = roomArgument(args, &error);
    if (!error.isEmpty())
        return reply(from, ackId, errorReply(error));
    Room *room = m_rooms.find(roomName);
    if (!room || !room->contains(from))
        return reply(from, ackId, errorReply(QStringLiteral("not joined")));
    const ClientLimits::Verdict verdict = m_limits.typing(whoIs(*from), m_settings.nowMs());
    if (!verdict.ok())
        return refuse(from, ackId, verdict);
    reply(from, ackId, okReply());
    const QJsonObject typing{{kRoom, roomName}, {kName, from->name()}, {kSenderId, from->account().id}};
    m_relay.toRoom(*room, from, SocketIoCodec::eventFrame(kTyping, QJsonArray{typing}));
}

void ChatHub::handleHistory(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    QString error;
    const QString roomName = roomArgument(args, &error);
    if (!error.isEmpty())
        return reply(from, ackId, errorReply(error));
    AccountStore::Account peer; // a direct room's: refused before any other check
    error = m_directs.admit(*from, roomName, &peer);
    if (!error.isEmpty())
        return reply(from, ackId, failureReply(error));
    const QJsonObject request = args.at(0).toObject();
    std::optional<qint64> after;
    std::optional<qint64> before;
    std::optional<qint64> limit;
    if (!optionalCount(request, kAfter, &after))
        return reply(from, ackId, errorReply(QStringLiteral("invalid after")));
    if (!optionalCount(request, kBefore, &before))
        return reply(from, ackId, errorReply(QStringLiteral("invalid before")));
    if (!optionalCount(request, kLimit, &limit) || limit == qint64(0))
        return reply(from, ackId, errorReply(QStringLiteral("invalid limit")));
    if (after && before)
        return reply(from, ackId, errorReply(QStringLiteral("after and before are exclusive")));
    const Room *room = m_rooms.find(roomName);
    if (!room || !room->contains(from))
        return reply(from, ackId, errorReply(QStringLiteral("not in room")));
    const ClientLimits::Verdict verdict = m_limits.history(whoIs(*from), m_settings.nowMs());
    if (!verdict.ok())
        return refuse(from, ackId, verdict);
    if (!ackId) {
        qCDebug(lcServer).noquote() << from->logId() << "history without ack id: nowhere to answer";
        return;
    }

    const int count = int(qMin<qint64>(limit.value_or(m_settings.defaultHistoryLimit),
                                       m_settings.maxHistoryLimit));
    const qsizetype maxText = m_settings.maxHistoryReplyText;
    const std::optional<HistoryStore::Page> page =
            after    ? m_history->after(roomName, *after, count, maxText)
            : before ? m_history->before(roomName, *before, count, maxText)
                     : m_history->newest(roomName, count, maxText);
    const std::optional<qint64> lastSeq = page ? m_history->lastSeq(roomName) : std::nullopt;
    if (!page || !lastSeq) {
        qCWarning(lcServer).noquote() << from->logId() << "history of" << roomName
                                      << "failed:" << m_history->errorString();
        return reply(from, ackId, storageFailureReply());
    }
    QJsonArray messages;
    for (const HistoryStore::Message &m : page->messages)
        messages.append(MessageJson::historyRow(m));
    qCDebug(lcServer).noquote() << from->logId() << "history of" << roomName << "answered with"
                                << page->messages.size() << "messages";
    reply(from, ackId,
          okReply({{kRoom, roomName},
                   {kMessages, messages},
                   {kLastSeq, *lastSeq},
                   {kHasMore, page->hasMore}}));
}

bool ChatHub::optionalCount(const QJsonObject &request, QLatin1String key, std::optional<qint64> *out)
{
    const QJsonValue value = request.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    const qint64 n = value.isDouble() ? value.toInteger(-1) : -1;
    if (n < 0)
        return false;
    *out = n;
    return true;
}

QString ChatHub::roomArgument(const QJsonArray &args, qsizetype maxLength, QString *error)
{
    const QJsonValue room = args.at(0).toObject().value(kRoom);
    if (!args.at(0).isObject() || !room.isString()) {
        *error = QStringLiteral("malformed arguments");
        return {};
    }
    QString name = room.toString().trimmed();
    if (name.isEmpty())
        *error = QStringLiteral("invalid room name");
    else if (name.size() > maxLength)
        *error = QStringLiteral("room name too long");
    return name;
}

std::optional<QJsonObject> ChatHub::refuseText(const ServerSession *from, const QString &text,
                                               qsizetype maxTextLength)
{
    if (text.size() > maxTextLength) {
        qCInfo(lcServer).noquote() << from->logId() << "text of" << text.size()
                                   << "characters refused: over maxTextLength" << maxTextLength;
        QJsonObject refusal = errorReply(QStringLiteral("text too long"));
        refusal.insert(kMaxTextLength, qint64(maxTextLength));
        return refusal;
    }
    if (isBlank(text))
        return errorReply(QStringLiteral("empty text"));
    return std::nullopt;
}

void ChatHub::reply(ServerSession *to, std::optional<qint64> ackId, const QJsonObject &answer)
{
    if (ackId)
        to->sendAck(*ackId, answer);
    else if (!answer.value(kOk).toBool())
        qCDebug(lcServer).noquote() << to->logId() << "refused without ack:"
                                    << answer.value(kError).toString();
}

void ChatHub::sendToAll(const QList<ServerSession *> &targets, const QString &frame)
{
    const QList<ServerSession *> snapshot = targets;  // the original may be a room's live list
    for (ServerSession *target : snapshot)
        target->sendFrame(frame);
}

