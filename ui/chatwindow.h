#pragma once
// ChatWindow: one room's conversation — the message list, the composer, a banner that explains a
// lost or refused link and offers to retry (ConnectionBanner), and a status bar that always says
// whether messages can go out right now (state words, a coloured dot, latency, server).
//
// It owns no network logic: it calls ChatClient's public slots and shows ChatClient's signals.
// The MessageModel already follows the client (the app wires model->connectClient(client)), so a
// sent message appears as a Pending row by itself; sending while offline is allowed on purpose
// (ChatClient keeps an outbox and sends it when the link is back).
#include "imconnector.h"

#include <QMainWindow>
#include <QPointer>
#include <QUrl>

class ChatClient;
class Composer;
class ConnectionBanner;
class MessageModel;
class MessageView;
class QLabel;
class QPushButton;

class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    //! Shows \a model's room; sends through \a client. Neither is owned.
    ChatWindow(ChatClient *client, MessageModel *model, QWidget *parent = nullptr);
    ~ChatWindow() override;

    //! Tells the user that this instance hosts a server at \a url (the address others would use)
    //! and how they join it; a loopback \a url says that only this computer can join and how to
    //! share. An empty \a url hides the notice.
    void setHostedServer(const QUrl &url);
    QUrl hostedServer() const { return m_hostedUrl; }

    //! The connection state in words, as the status bar shows it ("Connected",
    //! "Reconnecting in 4 s"…). \a retryMs is the time left before the next attempt, or -1.
    static QString stateText(IMConnector::State state, int retryMs = -1);

    //! The text of the connection part of the status bar (for tests and accessibility).
    QString connectionText() const;

    //! Sends \a text to the room (what the composer and the Send button do).
    void send(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslate();
    void updateConnection();
    QPixmap stateDot(IMConnector::State state) const;
    //! Shows the client's last measured round trip while Connected, and nothing otherwise.
    void updateLatency();
    void updateServer();
    void showError(const QString &text);
    void rememberScrollPosition();
    void followNewRows(const QModelIndex &parent, int first, int last);

    QPointer<ChatClient> m_client;
    QPointer<MessageModel> m_model;
    MessageView *m_view = nullptr;
    Composer *m_composer = nullptr;
    QPushButton *m_sendButton = nullptr;
    //! The one place to retry or reconnect; it also drives the status bar's countdown.
    ConnectionBanner *m_connectionBanner = nullptr;
    QLabel *m_hostBanner = nullptr;
    QLabel *m_stateDot = nullptr;  //!< green / amber / grey at a glance
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_latencyLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QUrl m_hostedUrl;
    bool m_wasAtBottom = true;
    bool m_scrollPending = false;
};
