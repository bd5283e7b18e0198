#pragma once
// ConnectionBanner: the strip at the top of the chat that says, in words, why messages cannot go
// out right now, and offers the one thing the user can do about it ("Retry now" / "Connect").
//
// It follows a ChatClient only through its public signals and getters. The connector owns every
// timer that decides anything; the banner's own timers only redraw the countdown, hold the banner
// back during a young first attempt, and fold a burst of signals into one update.
#include "imconnector.h"

#include <QFrame>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>

class ChatClient;
class QLabel;
class QPushButton;

class ConnectionBanner : public QFrame
{
    Q_OBJECT
public:
    //! What the banner says. Worked out again from the client on every change, never kept up by
    //! hand: the client's state decides, plus what only the banner saw happen (whether a link was
    //! up before, and the error that stopped the connector).
    enum class Mode {
        Hidden,   //!< ready; closed by the user; or a first attempt not yet older than a moment
        Trying,   //!< an attempt is under way after a loss or a failure, or a first one is slow
        Waiting,  //!< a retry is pending: "reconnecting in N s" counting down, "Retry now"
        Offline,  //!< reconnecting, but the connector waits for the network: "Retry now"
        Failed,   //!< stopped by an error retrying cannot fix: "Not connected: …", "Connect"
    };
    Q_ENUM(Mode)

    //! Follows \a client (not owned) from now on; starts hidden unless the client already needs a
    //! word.
    explicit ConnectionBanner(ChatClient *client, QWidget *parent = nullptr);
    ~ConnectionBanner() override;

    Mode mode() const { return m_mode; }
    //! The countdown in whole seconds (rounded up, never above the delay the client announced), or
    //! 0 when no retry is pending. The status bar shows this number too.
    int secondsLeft() const;
    //! What the banner says right now (empty while Hidden). Plain text.
    QString text() const;

    //! A first attempt that has not finished after this long gets the banner ("Connecting to …"):
    //! long enough that a healthy start never flashes it, short enough that a hanging one is seen.
    static constexpr std::chrono::milliseconds kFirstAttemptGrace{2000};

Q_SIGNALS:
    //! The banner's words changed, including every second of a countdown. The status bar redraws
    //! on it, so that both always show the same number.
    void textChanged(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onStateChanged(IMConnector::State state);
    void onReadyChanged(bool ready);
    void onReconnectScheduled(int attempt, int delayMs);
    void onLinkError(IMConnector::Error kind, const QString &text);
    void onButtonClicked();
    //! Folds every signal of one event-loop turn into one refresh: ChatClient says "Reconnecting"
    //! a moment before its retry timer runs, and the banner must not announce "offline" in between.
    void scheduleRefresh();
    void refresh(bool graceOver = false);
    Mode decide(bool graceOver) const;
    //! A link to the client's current server was up (ready) since the user last asked to connect.
    bool hadLink() const;
    QString textFor(Mode mode) const;
    void armCountdown();
    //! The style's warning icon, or its critical one once the connector stopped.
    void updateIcon();
    QColor accentColor() const;

    QPointer<ChatClient> m_client;
    QLabel *m_icon = nullptr;
    QLabel *m_label = nullptr;
    QPushButton *m_button = nullptr;
    Mode m_mode = Mode::Hidden;
    IMConnector::State m_lastState = IMConnector::State::Disconnected;
    //! The server of the last link that became ready; cleared when the client is Disconnected.
    QUrl m_linkUrl;
    //! Why the connector stopped for good (the last permanent link error); empty unless it did.
    QString m_failure;
    //! The delay of the last reconnectScheduled(), or -1. A coarse retry timer may report up to
    //! 5 % more than it was given ("4 s" for a 3 s delay); the countdown never shows more than this.
    int m_retryDelayMs = -1;
    //! Redraws the countdown when its whole second changes (single shot, re-armed each time).
    QTimer m_countdown;
    //! Holds the banner back while a first attempt is young (kFirstAttemptGrace).
    QTimer m_grace;
    //! Zero-delay single shot: a refresh is queued while it is active.
    QTimer m_refresh;
};
