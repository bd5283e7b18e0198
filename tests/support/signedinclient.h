#pragma once
// signedInClient(): a ChatClient signed in to an in-process parley-server with an account (the
// server's localSignIn(), so no form and no password), with fastSettings() and in "lobby", ready.
// For tests of what needs accounts: direct rooms, presence by person.
//
// Header-only, on every test's include path (tests/support); the test links Parley::Server.
#include "chatclient.h"
#include "parleyserver.h"
#include "signin.h"
#include "testsettings.h"

#include <QSignalSpy>

#include <memory>

namespace ParleyTest {

//! A client signed in as \a username (shown as \a displayName) on \a server and joined to
//! "lobby"; null when the server refused the name or the join did not come within 10 s.
inline std::unique_ptr<ChatClient> signedInClient(ParleyServer &server, const QString &username,
                                                  const QString &displayName)
{
    const QString token = server.localSignIn(username, displayName);
    if (token.isEmpty())
        return nullptr;
    auto client = std::make_unique<ChatClient>();
    client->setSettings(fastSettings());
    client->setSignIn(SignIn::withToken(token, QStringLiteral("test")));
    client->joinRoom(QStringLiteral("lobby"));
    client->connectToServer(server.url());
    QSignalSpy joined(client.get(), &ChatClient::joined);
    if (!joined.wait(10000))
        return nullptr;
    return client;
}

} // namespace ParleyTest
