#include "messagejson.h"

#include "filenaming.h"

#include <QJsonArray>

namespace {

const QLatin1String kRoom("room");
const QLatin1String kSeq("seq");
const QLatin1String kTime("time");
const QLatin1String kSender("sender");
const QLatin1String kSenderId("senderId");
const QLatin1String kSenderUsername("senderUsername");
const QLatin1String kText("text");
const QLatin1String kClientId("clientId");

QJsonArray reactionsArray(const QList<HistoryStore::Reaction> &reactions)
{
    QJsonArray list;
    for (const HistoryStore::Reaction &r : reactions) {
        QJsonArray users;
        for (const qint64 id : r.users)
            users.append(id);
        list.append(QJsonObject{{QLatin1String("emoji"), r.emoji},
                                {QLatin1String("count"), r.count},
                                {QLatin1String("users"), users}});
    }
    return list;
}

} // namespace

QJsonObject MessageJson::message(const HistoryStore::Message &m)
{
    QJsonObject o{{kRoom, m.room},     {kSeq, m.seq},   {kTime, m.timeMs},
                  {kSender, m.sender}, {kText, m.text}, {kClientId, m.clientId}};
    if (m.isLegacy()) {
        o.insert(QLatin1String("legacy"), true);
    } else {
        o.insert(kSenderId, m.senderId);
        o.insert(kSenderUsername, m.senderUsername);
        if (m.senderGuest)
            o.insert(QLatin1String("guest"), true);
    }
    if (m.replyTo > 0)
        o.insert(QLatin1String("replyTo"), m.replyTo);
    if (!m.file.isNull()) {
        QJsonObject file{{QLatin1String("id"), m.file.id},
                         {QLatin1String("name"), m.file.name},
                         {QLatin1String("size"), double(m.file.size)},
                         {QLatin1String("type"), m.file.type}};
        if (!m.file.thumbnail.isEmpty())
            file.insert(QLatin1String("thumb"), FileNaming::thumbnailToWire(m.file.thumbnail));
        o.insert(QLatin1String("file"), file);
    }
    if (m.editedMs > 0)
        o.insert(QLatin1String("edited"), m.editedMs);
    if (m.deleted)
        o.insert(QLatin1String("deleted"), true);
    if (!m.reactions.isEmpty())
        o.insert(QLatin1String("reactions"), reactionsArray(m.reactions));
    return o;
}

QJsonObject MessageJson::change(const HistoryStore::Message &m)
{
    QJsonObject o{{kRoom, m.room},
                  {kSeq, m.seq},
                  {kTime, m.timeMs},
                  {QLatin1String("target"), m.target},
                  {kSenderId, m.senderId},
                  {kSender, m.sender},
                  {kSenderUsername, m.senderUsername},
                  {kClientId, m.clientId}};
    switch (m.kind) {
    case HistoryStore::Message::Kind::Edit:
        o.insert(kText, m.text);
        break;
    case HistoryStore::Message::Kind::React:
        o.insert(QLatin1String("emoji"), m.text);
        o.insert(QLatin1String("on"), m.reactionOn);
        break;
    case HistoryStore::Message::Kind::Delete:
    case HistoryStore::Message::Kind::Message:
        break;
    }
    return o;
}

QJsonObject MessageJson::historyRow(const HistoryStore::Message &m)
{
    if (!m.isChange())
        return message(m);
    QJsonObject o = change(m);
    o.insert(QLatin1String("kind"), kindName(m.kind));
    return o;
}

QString MessageJson::kindName(HistoryStore::Message::Kind kind)
{
    switch (kind) {
    case HistoryStore::Message::Kind::Edit:
        return QStringLiteral("edit");
    case HistoryStore::Message::Kind::Delete:
        return QStringLiteral("delete");
    case HistoryStore::Message::Kind::React:
        return QStringLiteral("react");
    case HistoryStore::Message::Kind::Message:
        break;
    }
    return QString();
}
