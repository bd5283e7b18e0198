#pragma once
// TypingIndicator: the line under the messages that says who is writing in the room being shown:
// "alice is typing…", "alice and bob are typing…", "Several people are typing…".
//
// Why it expires by itself: a typing notification says "I am typing now", never "I stopped";
// clients repeat it at most every ConnectorSettings::typingThrottle (3 s) while the user types. So
// a name stays for kTypingExpiry after its last notification (longer than the throttle, so that a
// person who keeps typing does not flicker), and goes at once when that person's message arrives.
// Notifications are kept for every room, so switching rooms shows who is typing there at once.
//
// The line keeps its height when empty so the conversation above does not jump, and names are
// shown as plain text (they come from the network).
#include <QDeadlineTimer>
#include <QHash>
#include <QLabel>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <chrono>

class ChatClient;

class TypingIndicator : public QLabel
{
    Q_OBJECT
public:
    //! How long a name stays after its last typing notification.
    static constexpr std::chrono::milliseconds kTypingExpiry{5000};

    explicit TypingIndicator(QWidget *parent = nullptr);
    ~TypingIndicator() override;

    //! Follows \a client's typingReceived() and live messagesReceived() (a message ends its sender's
    //! typing). Not owned.
    void connectClient(ChatClient *client);
    //! Shows who is typing in \a room.
    void setRoom(const QString &room);
    QString room() const { return m_room; }
    //! For tests and settings: how long a name stays (default kTypingExpiry).
    void setExpiry(std::chrono::milliseconds expiry) { m_expiry = expiry; }
    std::chrono::milliseconds expiry() const { return m_expiry; }

    //! \a who is typing in \a room (again): shown until kTypingExpiry from now.
    void noteTyping(const QString &room, const QString &who);
    //! \a who stopped (their message arrived).
    void noteStopped(const QString &room, const QString &who);
    //! Who is typing in \a room, in the order they started.
    QStringList typing(const QString &room) const;
    //! Forgets everyone (e.g. the link was lost).
    void clearAll();

    //! The sentence for \a names (empty for nobody). Plain text.
    static QString textFor(const QStringList &names);
    //! What the line says now, before eliding to its width.
    QString fullText() const { return m_fullText; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Typist
    {
        QString name;
        QDeadlineTimer until;
    };
    void expire();
    void armTimer();
    void refresh();
    void showElided();

    QPointer<ChatClient> m_client;
    QString m_room;
    QHash<QString, QList<Typist>> m_typing; //!< by room
    std::chrono::milliseconds m_expiry = kTypingExpiry;
    //! Single shot at the earliest expiry of all rooms.
    QTimer m_timer;
    QString m_fullText;
};
