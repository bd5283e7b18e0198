#include "hostedchat.h"

#include "commandline.h"
#include "invitelink.h"
#include "logging.h"
#include "parleyserver.h"

HostedChat::HostedChat(ParleyServer *server, const QHostAddress &host, const QHostAddress &shared)
    : m_server(server)
    , m_host(host)
    , m_shared(shared)
{
    Q_ASSERT(server);
}

bool HostedChat::isLocalOnly() const
{
    return m_host != m_shared && m_host.isLoopback(); // once shared, it listens on m_shared
}

QUrl HostedChat::addressForOthers() const
{
    return CommandLine::addressForOthers(m_host, m_server->port());
}

bool HostedChat::shareOnNetwork(QString *error)
{
    if (!isLocalOnly())
        return true;
    const quint16 port = m_server->port();
    if (!m_server->listen(m_shared, port)) {
        *error = m_server->errorString();
        qCWarning(lcApp).noquote() << "could not share the hosted chat on the network:" << *error;
        // Back to where it was, so that this computer keeps its chat.
        m_server->listen(m_host, port);
        return false;
    }
    m_host = m_shared;
    qCInfo(lcApp).noquote() << "hosted chat shared on the network on port" << port;
    return true;
}

QString HostedChat::makeInviteLink(QString *error) const
{
    const auto invite = m_server->createInvite(kInviteUses, kInviteLifetime);
    if (!invite.ok()) {
        *error = invite.error;
        return {};
    }
    return InviteLink::make(addressForOthers(), invite.value.code);
}
