#pragma once
// HostedChat: the chat this app hosts (a ParleyServer in-process), as the session sees it: the
// address others use to reach it, invite links for it, and sharing it on the network when it was
// started for this computer only (listening on 127.0.0.1). Sharing re-binds the listener to every
// interface on the same port; the people already in the chat stay connected.
//
// No widgets: AppSession asks the user first.
#include <QHostAddress>
#include <QString>
#include <QUrl>

#include <chrono>

class ParleyServer;

class HostedChat
{
public:
    //! \a server (not owned, listening) was started on \a host; shareOnNetwork() listens on
    //! \a shared instead (every interface; tests give a loopback address).
    HostedChat(ParleyServer *server, const QHostAddress &host,
               const QHostAddress &shared = QHostAddress(QHostAddress::Any));

    //! Reachable from this computer only (it listens on a loopback address).
    bool isLocalOnly() const;
    //! The address to give others (ws://LAN-ADDRESS:PORT, or the loopback one while local only).
    QUrl addressForOthers() const;
    //! Listens on every interface on the same port. False, with \a error, if that failed (the
    //! chat then still listens where it did).
    bool shareOnNetwork(QString *error);
    //! A one-use invite link valid kInviteLifetime, or "" with \a error.
    QString makeInviteLink(QString *error) const;

    static constexpr int kInviteUses = 1;
    static constexpr std::chrono::hours kInviteLifetime{7 * 24};

private:
    ParleyServer *m_server;
    QHostAddress m_host;
    QHostAddress m_shared;
};
