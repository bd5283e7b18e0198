#pragma once
// SecondPerson: someone else in the chat for UI tests, a plain ChatClient with no window that
// joins some rooms of a (usually in-process) server and notes each join acknowledged. It leaves
// when it goes out of scope.
#include "chatclient.h"

#include <QSignalSpy>
#include <QStringList>
#include <QUrl>

struct SecondPerson
{
    SecondPerson(const QUrl &url, const QStringList &rooms, const QString &name = QStringLiteral("bob"))
    {
        client.setUserName(name);
        for (const QString &room : rooms)
            client.joinRoom(room);
        client.connectToServer(url);
    }
    ~SecondPerson() { client.disconnectFromServer(); }
    SecondPerson(const SecondPerson &) = delete;
    SecondPerson &operator=(const SecondPerson &) = delete;

    ChatClient client;
    QSignalSpy joined{&client, &ChatClient::joined}; //!< one entry per room joined
};
