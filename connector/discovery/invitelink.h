#pragma once
// Invite links: "parley://HOST:PORT/?invite=CODE" (what parley-server --create-invite and the
// app's "Invite someone…" hand out; a desktop opens Parley with it), and the same as a ws:// or
// wss:// URL with "invite=" in its query. Parsed into the server to join and the code the sign-up
// form is filled in with.
#include <QString>
#include <QUrl>
#include <optional>

namespace InviteLink {
struct Invite
{
    QUrl server; //!< ws:// (parley:// means ws://) or wss://, without the invite query
    QString code;
};
//! Longest invite code accepted from a link (characters).
inline constexpr int kMaxCodeLength = 128;
//! \a text as an invite link, or nullopt if it is not one (no code, not a server, a bad code).
std::optional<Invite> parse(const QString &text);
//! The link for \a code on the server others reach at \a server (ws://HOST:PORT).
QString make(const QUrl &server, const QString &code);
} // namespace InviteLink
