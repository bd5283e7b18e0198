#pragma once
// What the ParleyServer end-to-end tests (tst_parleyserver_*.cpp) share: a real server on
// 127.0.0.1 (port 0) in-process, bare SioClients connected and joined to rooms, and the JSON they
// exchange. Each test builds its own server, so the files are independent executables.

#include "parleyserver.h"
#include "sioclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <optional>

inline const QString kChat = QStringLiteral("chat message");
inline const QString kHistory = QStringLiteral("history");
inline const QString kLobby = QStringLiteral("lobby");

//! \a json as an object; an empty object when it is not one (a typo shows as a failed compare).
inline QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

//! The seqs of a "history" reply's messages, in the order received.
inline QList<qint64> seqsOf(const QJsonObject &reply)
{
    QList<qint64> result;
    const QJsonArray messages = reply.value(QLatin1String("messages")).toArray();
    for (const QJsonValue &m : messages)
        result << m.toObject().value(QLatin1String("seq")).toInteger();
    return result;
}

//! first, first + 1, …, last.
inline QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 i = first; i <= last; ++i)
        result << i;
    return result;
}

//! \a settings with libsodium's cheapest password hashing: tests sign up and in by the dozen.
inline ServerSettings fastHashing(ServerSettings settings = {})
{
    settings.passwordHashing = PasswordHasher::fastestSettings();
    return settings;
}

//! \a settings without the rates and quotas of room messages (docs/security.md, "Hostile
//! clients"): for tests that post hundreds of messages as fast as they can on purpose.
inline ServerSettings withoutMessageLimits(ServerSettings settings = {})
{
    settings.messageRate = settings.textRate = {};
    settings.messagesPerAccountPerDay = settings.textPerAccountPerDay = settings.messagesPerRoomPerDay = {};
    return settings;
}

//! \a object without \a key (to compare the rest of a reply exactly).
inline QJsonObject without(QJsonObject object, const QString &key)
{
    object.remove(key);
    return object;
}

//! A server listening on a free port of 127.0.0.1 (nullptr when it cannot listen).
inline std::unique_ptr<ParleyServer> startServer(const ServerSettings &settings = {})
{
    auto server = std::make_unique<ParleyServer>(settings);
    if (!server->listen(QHostAddress(QHostAddress::LocalHost), 0))
        return nullptr;
    return server;
}

//! Settings whose history lives in a file of \a dir, so that a second server can reopen it.
inline ServerSettings onFileIn(const QTemporaryDir &dir)
{
    ServerSettings settings = fastHashing();
    settings.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    return settings;
}

//! A client whose Engine.IO link is open (the open packet received) that has not sent the
//! Socket.IO connect "40" yet (nullptr on failure).
inline std::unique_ptr<SioClient> openedClient(const ParleyServer &server)
{
    auto client = std::make_unique<SioClient>();
    if (!client->openEngine(server.url()))
        return nullptr;
    return client;
}

//! A client that completed the Socket.IO connect with \a auth, i.e. signed in (nullptr on
//! failure). The connect reply is its connectReply().
inline std::unique_ptr<SioClient> signedInClient(const ParleyServer &server, const QJsonObject &auth)
{
    auto client = openedClient(server);
    if (!client)
        return nullptr;
    const auto answer = client->connectIo(auth);
    if (!answer || answer->type != SocketIoType::Connect)
        return nullptr;
    return client;
}

//! A client that completed the Socket.IO connect with {"name": \a name}: a guest of that name on a
//! server with guests (the default), nullptr on failure.
inline std::unique_ptr<SioClient> connectClient(const ParleyServer &server, const QString &name)
{
    return signedInClient(server, QJsonObject{{QLatin1String("name"), name}});
}

//! The data of \a client's last connect answer ("40" reply or "44" refusal); empty when none.
inline QJsonObject connectReply(const SioClient &client)
{
    for (auto it = client.packets.crbegin(); it != client.packets.crend(); ++it) {
        if (it->type == SocketIoType::Connect || it->type == SocketIoType::ConnectError)
            return it->data.toObject();
    }
    return {};
}

//! The "user" of \a client's connect reply: {id, username, displayName, guest, admin}.
inline QJsonObject userOf(const SioClient &client)
{
    return connectReply(client).value(QLatin1String("user")).toObject();
}

//! The auth object of a sign-up.
inline QJsonObject signUp(const QString &username, const QString &password,
                          const QString &invite = QString())
{
    QJsonObject auth{{QLatin1String("register"), true},
                     {QLatin1String("username"), username},
                     {QLatin1String("password"), password}};
    if (!invite.isEmpty())
        auth.insert(QLatin1String("invite"), invite);
    return auth;
}

//! The auth object of a password sign-in.
inline QJsonObject withPassword(const QString &username, const QString &password)
{
    return QJsonObject{{QLatin1String("username"), username}, {QLatin1String("password"), password}};
}

//! A client connected as \a name that joined \a room.
inline std::unique_ptr<SioClient> joinedClient(const ParleyServer &server, const QString &name,
                                               const QString &room)
{
    auto client = connectClient(server, name);
    if (!client)
        return nullptr;
    const auto ack = client->request(QStringLiteral("join"),
                                     {QJsonObject{{QLatin1String("room"), room}}});
    if (!ack || !ack->value(QLatin1String("ok")).toBool())
        return nullptr;
    return client;
}

//! A server with alice and bob joined to one room: the start of most chat tests. Any part is
//! null when it could not be set up.
struct TwoInARoom
{
    std::unique_ptr<ParleyServer> server;
    std::unique_ptr<SioClient> alice;
    std::unique_ptr<SioClient> bob;
};

inline TwoInARoom aliceAndBob(const ServerSettings &settings = {}, const QString &room = kLobby)
{
    TwoInARoom two;
    two.server = startServer(settings);
    if (two.server) {
        two.alice = joinedClient(*two.server, QStringLiteral("alice"), room);
        two.bob = joinedClient(*two.server, QStringLiteral("bob"), room);
    }
    return two;
}

//! The argument of a room "chat message".
inline QJsonObject roomMessage(const QString &room, const QString &text, const QString &clientId)
{
    return QJsonObject{{QLatin1String("room"), room},
                       {QLatin1String("text"), text},
                       {QLatin1String("clientId"), clientId}};
}

//! Posts \a count messages "<prefix><n>" (n from 1, clientId the same) to \a room without
//! waiting for each ack in turn; true when every ack came back ok.
inline bool postMany(SioClient &client, const QString &room, int count,
                     const QString &prefix = QStringLiteral("m"))
{
    QList<qint64> ids;
    for (int n = 1; n <= count; ++n) {
        const QString text = prefix + QString::number(n);
        ids << client.nextAckId;
        client.emitEvent(kChat, {roomMessage(room, text, text)}, client.nextAckId++);
    }
    for (const qint64 id : std::as_const(ids)) {
        const auto ack = client.waitForAck(id);
        if (!ack || !ack->value(QLatin1String("ok")).toBool())
            return false;
    }
    return true;
}

//! Asks for history with \a request; the reply, or nullopt when none came.
inline std::optional<QJsonObject> history(SioClient &client, const QJsonObject &request)
{
    return client.request(kHistory, {request});
}

//! The "text" of the first argument of the \a index th "chat message" \a client received.
inline QString chatTextAt(const SioClient &client, qsizetype index)
{
    return client.events(kChat).at(index).at(0).toObject().value(QLatin1String("text")).toString();
}

//! A registered account \a username (display name \a displayName) made on \a server, signing in
//! by token only (no password, no hashing); its id, 0 on failure.
inline qint64 registerAccount(const ParleyServer &server, const QString &username,
                              const QString &displayName = QString())
{
    return server.accounts()->createAccountWithHash(username, displayName, QByteArray(), false).value.id;
}

//! A client signed in to account \a accountId with a fresh token (nullptr on failure).
inline std::unique_ptr<SioClient> signedInAs(const ParleyServer &server, qint64 accountId)
{
    const AccountStore::Result<QString> token =
            server.accounts()->issueToken(accountId, QStringLiteral("test"), std::chrono::hours(1));
    if (!token.ok())
        return nullptr;
    return signedInClient(server, QJsonObject{{QLatin1String("token"), token.value}});
}

//! The "presence" words \a client heard about account \a accountId, in order.
inline QStringList presencesOf(const SioClient &client, qint64 accountId)
{
    QStringList result;
    const QList<QJsonArray> events = client.events(QStringLiteral("presence"));
    for (const QJsonArray &args : events) {
        const QJsonObject person = args.at(0).toObject();
        if (person.value(QLatin1String("id")).toInteger() == accountId)
            result << person.value(QLatin1String("presence")).toString();
    }
    return result;
}

//! Sends "join" for \a room; the answer (nullopt when none came).
inline std::optional<QJsonObject> joinRoom(SioClient &client, const QString &room)
{
    return client.request(QStringLiteral("join"), {QJsonObject{{QLatin1String("room"), room}}});
}

//! A server with alice, bob and carol registered (display names Alice, Bob, Carol; ids in that
//! order) and signed in once each. Any part is null when it could not be set up.
struct ThreePeople
{
    std::unique_ptr<ParleyServer> server;
    std::unique_ptr<SioClient> alice, bob, carol;
    qint64 aliceId = 0, bobId = 0, carolId = 0;
};

inline ThreePeople threePeople(const ServerSettings &settings = {})
{
    ThreePeople t;
    t.server = startServer(settings);
    if (!t.server)
        return t;
    t.aliceId = registerAccount(*t.server, QStringLiteral("alice"), QStringLiteral("Alice"));
    t.bobId = registerAccount(*t.server, QStringLiteral("bob"), QStringLiteral("Bob"));
    t.carolId = registerAccount(*t.server, QStringLiteral("carol"), QStringLiteral("Carol"));
    t.alice = signedInAs(*t.server, t.aliceId);
    t.bob = signedInAs(*t.server, t.bobId);
    t.carol = signedInAs(*t.server, t.carolId);
    return t;
}
