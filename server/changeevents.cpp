#include "changeevents.h"

#include "roomrelay.h"

#include "filestore.h"

#include "chathub.h"
#include "logging.h"
#include "messagejson.h"
#include "room.h"
#include "roomregistry.h"
#include "serversession.h"
#include "socketiocodec.h"

namespace {

const QLatin1String kEdit("edit");
const QLatin1String kDelete("delete");
const QLatin1String kReact("react");

const QLatin1String kClientId("clientId");

using Kind = HistoryStore::Message::Kind;

Kind kindOf(const QString &event)
{
    return event == kEdit ? Kind::Edit : event == kDelete ? Kind::Delete : Kind::React;
}

//! The format characters emoji sequences are made of: the zero-width joiner (👩‍💻) and the tags
//! of subdivision flags (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
bool isEmojiJoiner(char32_t c)
{
    return c == 0x200D || (c >= 0xE0020 && c <= 0xE007F);
}

} // namespace

ChangeEvents::ChangeEvents(const ServerSettings &settings, HistoryStore *history,
                           const RoomRegistry *rooms, ClientLimits *limits, FileStore *files,
                           RoomRelay *relay)
    : m_settings(settings)
    , m_history(history)
    , m_rooms(rooms)
    , m_limits(limits)
    , m_files(files)
    , m_relay(relay)
{
}

bool ChangeEvents::handles(const QString &event)
{
    return event == kEdit || event == kDelete || event == kReact;
}

bool ChangeEvents::isValidEmoji(const QString &emoji)
{
    if (emoji.isEmpty() || emoji.size() > kMaxEmojiLength)
        return false;
    for (qsizetype i = 0; i < emoji.size(); ++i) {
        const qsizetype start = i;
        char32_t c = emoji.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < emoji.size() && emoji.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(emoji.at(i), emoji.at(i + 1));
            ++i;
        }
        const QChar::Category category = QChar::category(c);
        if (category == QChar::Other_Surrogate || category == QChar::Other_Control || QChar::isSpace(c))
            return false;
        if (category == QChar::Other_Format && (!isEmojiJoiner(c) || start == 0))
            return false;
    }
    return true;
}

std::optional<HistoryStore::Change> ChangeEvents::parse(const QString &event,
                                                        const QJsonObject &request,
                                                        const ServerSession *from,
                                                        QJsonObject *refusal) const
{
    HistoryStore::Change change;
    change.kind = kindOf(event);
    const QJsonValue seq = request.value(QLatin1String("seq"));
    const QJsonValue clientId = request.value(kClientId);
    const QJsonValue text = request.value(QLatin1String("text"));
    const QJsonValue emoji = request.value(QLatin1String("emoji"));
    const QJsonValue on = request.value(QLatin1String("on"));
    change.target = seq.isDouble() ? seq.toInteger(0) : 0;
    const bool wellFormed = change.target > 0
            && (clientId.isUndefined() || clientId.isNull() || clientId.isString())
            && (change.kind != Kind::Edit || text.isString())
            && (change.kind != Kind::React || (emoji.isString() && on.isBool()));
    if (!wellFormed) {
        qCWarning(lcServer).noquote() << from->logId() << event << "with malformed arguments";
        *refusal = ChatHub::errorReply(QStringLiteral("malformed arguments"));
        return std::nullopt;
    }
    change.clientId = clientId.toString();
    if (change.clientId.size() > m_settings.maxClientIdLength) {
        *refusal = ChatHub::errorReply(QStringLiteral("clientId too long"));
        return std::nullopt;
    }
    if (change.kind == Kind::Edit) {
        change.text = text.toString();
        if (const std::optional<QJsonObject> refused =
                    ChatHub::refuseText(from, change.text, m_settings.maxTextLength)) {
            *refusal = *refused;
            return std::nullopt;
        }
    } else if (change.kind == Kind::React) {
        change.text = emoji.toString();
        change.on = on.toBool();
        if (!isValidEmoji(change.text)) {
            *refusal = ChatHub::errorReply(QStringLiteral("invalid emoji"));
            return std::nullopt;
        }
    }
    return change;
}

void ChangeEvents::handle(ServerSession *from, const QString &event, const QJsonArray &args,
                          std::optional<qint64> ackId)
{
    QString error;
    const QString roomName = ChatHub::roomArgument(args, m_settings.maxRoomNameLength, &error);
    if (!error.isEmpty())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(error));
    QJsonObject refusal;
    const std::optional<HistoryStore::Change> change =
            parse(event, args.at(0).toObject(), from, &refusal);
    if (!change)
        return ChatHub::reply(from, ackId, refusal);
    const Room *room = m_rooms->find(roomName);
    if (!room || !room->contains(from))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("not joined")));
    const qsizetype cost = change->kind == Kind::Edit ? change->text.size() : 1;
    const ClientLimits::Verdict verdict = m_limits->message(
            ChatHub::whoIs(*from), roomName, change->clientId, cost, m_settings.nowMs());
    if (!verdict.ok())
        return ChatHub::refuse(from, ackId, verdict);

    const HistoryStore::Posting posting =
            m_history->change(roomName, ChatHub::senderOf(*from), *change, m_settings.wallNowMs(),
                              from->account().isAdmin, m_settings.editWindow);
    switch (posting.outcome) {
    case HistoryStore::Outcome::Failed:
        qCWarning(lcServer).noquote() << from->logId() << event << change->clientId << "in"
                                      << roomName << "not stored, refused for a retry:"
                                      << m_history->errorString();
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    case HistoryStore::Outcome::Refused:
        qCDebug(lcServer).noquote() << from->logId() << event << "of" << change->target << "in"
                                    << roomName << "refused:" << posting.error;
        return ChatHub::reply(from, ackId, ChatHub::errorReply(posting.error));
    case HistoryStore::Outcome::Stored:
    case HistoryStore::Outcome::Duplicate:
    case HistoryStore::Outcome::Unchanged:
        break;
    }
    // A duplicate is answered with the original's room, seq and time. A change that changes
    // nothing has no seq of its own: its answer names the target instead, never a seq a client
    // could take for the change's (the target's is the message's).
    const HistoryStore::Message &stored = posting.message;
    QJsonObject answer{{QLatin1String("ok"), true},
                       {QLatin1String("room"), stored.room},
                       {QLatin1String("time"), stored.timeMs},
                       {kClientId, change->clientId}};
    if (posting.outcome == HistoryStore::Outcome::Unchanged) {
        answer.insert(QLatin1String("target"), stored.target);
        answer.insert(QLatin1String("unchanged"), true);
    } else {
        answer.insert(QLatin1String("seq"), stored.seq);
    }
    ChatHub::reply(from, ackId, answer);
    if (posting.outcome != HistoryStore::Outcome::Stored)
        return;
    if (!posting.orphanedFile.isEmpty() && m_files) {
        // Committed: no message sends the file any more and its rows are gone.
        if (!m_files->remove(posting.orphanedFile))
            qCWarning(lcServer).noquote() << "file" << posting.orphanedFile << "not removed";
        else
            qCInfo(lcServer).noquote() << "file" << posting.orphanedFile << "removed with its last message";
    }
    m_relay->toRoom(*room, from, SocketIoCodec::eventFrame(MessageJson::kindName(stored.kind),
                                                           QJsonArray{MessageJson::change(stored)}));
}
