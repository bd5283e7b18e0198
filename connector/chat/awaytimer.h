#pragma once
// AwayTimer: says when the user has gone away (no input for ConnectorSettings::awayAfter) and when
// they are back (the next input). No widgets: the app feeds it activity() from its event filter and
// passes awayChanged() to ChatClient::setAway().
//
// activity() is called for every key press and mouse move, so it only notes the time; the timer
// is re-armed when it fires early, not on every input.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <chrono>

class AwayTimer : public QObject
{
    Q_OBJECT
public:
    //! Starts counting at once (starting counts as activity). \a awayAfter 0: never away.
    explicit AwayTimer(std::chrono::milliseconds awayAfter, QObject *parent = nullptr);

    void setAwayAfter(std::chrono::milliseconds awayAfter);
    std::chrono::milliseconds awayAfter() const { return m_awayAfter; }
    bool isAway() const { return m_away; }

    //! The user did something: the count starts again; if they were away, they are back.
    void activity();

Q_SIGNALS:
    void awayChanged(bool away);

private:
    void onTimeout();
    void arm(qint64 ms);

    std::chrono::milliseconds m_awayAfter;
    QElapsedTimer m_sinceActivity;
    QTimer m_timer;
    bool m_away = false;
};
