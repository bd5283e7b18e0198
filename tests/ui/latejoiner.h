#pragma once
// LateJoiner: the person at the window in UI tests where they arrive after others wrote the
// history (so its older pages are on the server only): a MessageStore file of their own, a
// ChatClient and the SessionModels a window shows, wired as the app wires them. The test connects
// the client once its window is up.
#include "chatclient.h"
#include "messagestore.h"
#include "sessionmodels.h"
#include "testsettings.h"

#include <QStringList>
#include <QTemporaryDir>

#include <memory>

struct LateJoiner
{
    //! Opens the store and joins \a rooms (not yet connected); false when the store cannot open.
    bool open(const QStringList &rooms, const QString &name = QStringLiteral("carol"))
    {
        if (!store.open(dir.filePath(name + QStringLiteral(".sqlite"))))
            return false;
        client.setSettings(ParleyTest::fastSettings());
        client.setUserName(name);
        client.setStore(&store);
        models = std::make_unique<SessionModels>(&client, &store);
        for (const QString &room : rooms)
            models->joinRoom(room);
        return true;
    }

    QTemporaryDir dir;
    MessageStore store;
    ChatClient client;
    std::unique_ptr<SessionModels> models; //!< last: goes first, before the client and the store
};
