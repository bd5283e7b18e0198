#pragma once
// What a ChatClient hands over through its one messagesReceived() signal, collected in order as a
// flat list (live messages and history batches alike), for tests to wait on and look at.
#include "chatclient.h"

#include <QList>
#include <QObject>
#include <QSignalSpy>
#include <QStringList>

class ReceivedMessages : public QObject
{
    Q_OBJECT
public:
    explicit ReceivedMessages(ChatClient *client)
    {
        connect(client, &ChatClient::messagesReceived, this,
                [this](const QList<ChatMessage> &messages, ChatClient::Arrival arrival) {
                    m_messages << messages;
                    m_arrivals << arrival;
                    Q_EMIT arrived();
                });
    }

    qsizetype size() const { return m_messages.size(); }
    bool isEmpty() const { return m_messages.isEmpty(); }
    const ChatMessage &at(qsizetype i) const { return m_messages.at(i); }
    const QList<ChatMessage> &messages() const { return m_messages; }
    //! How each batch came, one entry per emission.
    const QList<ChatClient::Arrival> &arrivals() const { return m_arrivals; }
    QStringList texts() const
    {
        QStringList out;
        for (const ChatMessage &m : m_messages)
            out << m.text;
        return out;
    }
    void clear()
    {
        m_messages.clear();
        m_arrivals.clear();
    }
    //! True if another batch arrives within \a timeoutMs.
    bool wait(int timeoutMs = 5000) { return QSignalSpy(this, &ReceivedMessages::arrived).wait(timeoutMs); }

Q_SIGNALS:
    void arrived();

private:
    QList<ChatMessage> m_messages;
    QList<ChatClient::Arrival> m_arrivals;
};
