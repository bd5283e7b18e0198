#pragma once
// ChangeEvents: "edit", "delete" and "react" (docs/protocol.md, "Conversations: replies, edits,
// deletes, reactions") -- checked, rate limited like a room message, stored through
// HistoryStore::change(), acknowledged and told to the rest of the room.

#include "historystore.h"
#include "serversettings.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class ClientLimits;
class FileStore;
class RoomRegistry;
class RoomRelay;
class ServerSession;

//! Handles the changes of messages for ChatHub, which hands over every event handles() accepts.
//!
//! Why apart from ChatHub: a change is a request of its own kind (a target, a permission, an
//! edit window, reactions) that would double the hub's message path; the hub stays the rooms.
//! What it shares with a room message it takes from ChatHub's helpers: the room argument, the
//! text rules, the "not joined" check, ClientLimits::message() (rate, quota and the hold after a
//! refusal; an edit costs its text's length, a delete or a reaction 1), the storage-failure
//! answer. The sender is the session's account; whether it is an administrator too (who may
//! delete anybody's message).
//!
//! Like a message, a change is acknowledged only after its commit and then broadcast, as the
//! event of its name, to every other member of the room -- the sender's other sessions included.
//! A resend (same clientId) is acknowledged with the original's seq and not broadcast; a change
//! that changes nothing is acknowledged with "unchanged": true and its target, no seq.
class ChangeEvents
{
public:
    //! Longest emoji accepted, in UTF-16 code units (a flag with its tags fits).
    static constexpr qsizetype kMaxEmojiLength = 32;

    //! \a history (open), \a rooms, \a limits and \a files (null: files are off) must outlive
    //! this object. A delete of the last message that sent a file removes the file's bytes.
    ChangeEvents(const ServerSettings &settings, HistoryStore *history, const RoomRegistry *rooms,
                 ClientLimits *limits, FileStore *files, RoomRelay *relay);

    //! True for "edit", "delete" and "react".
    static bool handles(const QString &event);
    void handle(ServerSession *from, const QString &event, const QJsonArray &args,
                std::optional<qint64> ackId);

    //! Whether \a emoji may be a reaction: 1 to kMaxEmojiLength UTF-16 code units, whole
    //! characters (no lone surrogate), no white space, no control character and no format
    //! character except the zero-width joiner and the tag characters that emoji sequences are
    //! made of, and those never first. It need not be an emoji: any short visible text is.
    static bool isValidEmoji(const QString &emoji);

private:
    //! The change \a request (of \a event's kind) asks for, or nullopt with \a refusal set:
    //! "malformed arguments", "clientId too long", the text's refusals, "invalid emoji".
    std::optional<HistoryStore::Change> parse(const QString &event, const QJsonObject &request,
                                              const ServerSession *from, QJsonObject *refusal) const;

    ServerSettings m_settings;
    HistoryStore *m_history;
    const RoomRegistry *m_rooms;
    ClientLimits *m_limits;
    FileStore *m_files;
    RoomRelay *m_relay;
};
