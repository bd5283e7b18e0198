#pragma once
// ConnectionStatusBar: the window's status bar, which always says whether messages can go out
// right now: a coloured dot (green / amber / grey at a glance), the state in words ("Connected",
// "Reconnecting in 4 s"…), the last measured round trip while connected, and the server. Passing
// notes and errors (QStatusBar::showMessage()) appear on the left without hiding any of it.
//
// It follows a ChatClient only through its signals and getters. The countdown is the
// ConnectionBanner's: one timer, one number in both places. There is no button here: the banner
// is the one place to retry or reconnect.
#include "imconnector.h"

#include <QPointer>
#include <QStatusBar>

class ChatClient;
class ConnectionBanner;
class QLabel;

class ConnectionStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    //! Follows \a client and \a banner (neither owned). Build it after the banner, so that the
    //! banner has seen a new retry delay before the status bar asks it for the countdown.
    ConnectionStatusBar(ChatClient *client, ConnectionBanner *banner, QWidget *parent = nullptr);
    ~ConnectionStatusBar() override;

    //! The connection state in words, as the status bar shows it ("Connected",
    //! "Reconnecting in 4 s"…). \a retryMs is the time left before the next attempt, or -1.
    static QString stateText(IMConnector::State state, int retryMs = -1);

    //! The text of the connection part (for tests and accessibility).
    QString connectionText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateConnection();
    QPixmap stateDot(IMConnector::State state) const;
    //! Shows the client's last measured round trip while Connected, and nothing otherwise.
    void updateLatency();
    void updateServer();

    QPointer<ChatClient> m_client;
    ConnectionBanner *m_banner = nullptr;
    QLabel *m_stateDot = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_latencyLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
};
