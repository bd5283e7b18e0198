#pragma once
// The pane as ChatWindow wires it, for the tests of ui/conversationpane.cpp: an offline
// ChatClient signed in as "alice", its SessionModels with the room "lobby" joined and shown, and
// helpers that make others' messages. Tests derive from it and call setUpPane()/tearDownPane()
// from their init()/cleanup().
#include "chatclient.h"
#include "composer.h"
#include "conversationpane.h"
#include "messagemodel.h"
#include "messageview.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"

#include <QDateTime>
#include <QObject>
#include <QTest>

#include <memory>

class ConversationPaneFixture : public QObject
{
    Q_OBJECT

protected:
    void setUpPane()
    {
        m_client = std::make_unique<ChatClient>();
        m_client->setUserName(QStringLiteral("alice"));
        m_models = std::make_unique<SessionModels>(m_client.get());
        m_models->joinRoom(QStringLiteral("lobby"));
        m_model = m_models->modelFor(QStringLiteral("lobby"));
        m_pane = std::make_unique<ConversationPane>(m_models.get());
        m_pane->resize(700, 520);
        m_pane->showRoom(QStringLiteral("lobby"));
        m_pane->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
        m_pane->activateWindow();
        composer()->setFocus();
    }

    void tearDownPane()
    {
        m_pane.reset();
        m_models.reset();
        m_client.reset();
    }

    //! Bob's message number \a n in the lobby (seq n + 1).
    ChatMessage others(int n, const QString &text) const
    {
        ChatMessage m;
        m.clientId = QStringLiteral("other-%1").arg(n);
        m.room = QStringLiteral("lobby");
        m.seq = n + 1;
        m.sender = QStringLiteral("bob");
        m.text = text;
        m.time = QDateTime::currentDateTimeUtc();
        return m;
    }

    ChatMessage inRoom(const QString &room, int n, const QString &text) const
    {
        ChatMessage m = others(n, text);
        m.room = room;
        m.clientId = QStringLiteral("%1-%2").arg(room).arg(n);
        return m;
    }

    Composer *composer() const { return m_pane->composer(); }
    MessageView *view() const { return m_pane->view(); }
    RoomListModel *rooms() const { return m_models->rooms(); }

    //! Joins \a room and fills it with \a count messages of others.
    MessageModel *filledRoom(const QString &room, int count)
    {
        m_models->joinRoom(room);
        MessageModel *model = m_models->modelFor(room);
        QList<ChatMessage> batch;
        for (int i = 0; i < count; ++i)
            batch << inRoom(room, i, QStringLiteral("%1 message %2").arg(room).arg(i));
        model->addMessages(batch);
        return model;
    }

    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<SessionModels> m_models;
    MessageModel *m_model = nullptr; //!< lobby's
    std::unique_ptr<ConversationPane> m_pane;
};
