#include "typingindicator.h"

#include "chatclient.h"

#include <QEvent>

#include <algorithm>

TypingIndicator::TypingIndicator(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("typingIndicator"));
    setTextFormat(Qt::PlainText);
    // Long names must not widen the window: the text is elided to whatever width there is.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setForegroundRole(QPalette::PlaceholderText);
    QFont f = font();
    f.setItalic(true);
    setFont(f);
    setMinimumHeight(fontMetrics().height());
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &TypingIndicator::expire);
    setAccessibleName(tr("Typing"));
}

TypingIndicator::~TypingIndicator() = default;

void TypingIndicator::connectClient(ChatClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    if (!client)
        return;
    connect(client, &ChatClient::typingReceived, this, &TypingIndicator::noteTyping);
    connect(client, &ChatClient::messagesReceived, this,
            [this](const QList<ChatMessage> &messages, ChatClient::Arrival arrival) {
                if (arrival != ChatClient::Arrival::Live)
                    return;
                for (const ChatMessage &m : messages) {
                    if (!m.isChange()) // a reaction is no sign that someone stopped typing
                        noteStopped(m.room, m.sender);
                }
            });
    connect(client, &ChatClient::readyChanged, this, [this](bool ready) {
        if (!ready)
            clearAll(); // nobody's notifications can reach us now
    });
}

void TypingIndicator::setRoom(const QString &room)
{
    if (room == m_room)
        return;
    m_room = room;
    refresh();
}

void TypingIndicator::noteTyping(const QString &room, const QString &who)
{
    if (who.isEmpty())
        return;
    QList<Typist> &list = m_typing[room];
    const QDeadlineTimer until(m_expiry, Qt::CoarseTimer);
    auto it = std::find_if(list.begin(), list.end(), [&](const Typist &t) { return t.name == who; });
    if (it != list.end())
        it->until = until;
    else
        list.append({who, until});
    armTimer();
    if (room == m_room)
        refresh();
}

void TypingIndicator::noteStopped(const QString &room, const QString &who)
{
    auto found = m_typing.find(room);
    if (found == m_typing.end())
        return;
    const auto removed = found->removeIf([&](const Typist &t) { return t.name == who; });
    if (found->isEmpty())
        m_typing.erase(found);
    if (removed > 0 && room == m_room)
        refresh();
}

QStringList TypingIndicator::typing(const QString &room) const
{
    QStringList names;
    for (const Typist &t : m_typing.value(room))
        names << t.name;
    return names;
}

void TypingIndicator::clearAll()
{
    m_typing.clear();
    m_timer.stop();
    refresh();
}

void TypingIndicator::expire()
{
    for (auto it = m_typing.begin(); it != m_typing.end();) {
        it->removeIf([](const Typist &t) { return t.until.hasExpired(); });
        it = it->isEmpty() ? m_typing.erase(it) : std::next(it);
    }
    armTimer();
    refresh();
}

void TypingIndicator::armTimer()
{
    qint64 earliest = -1;
    for (const QList<Typist> &list : std::as_const(m_typing)) {
        for (const Typist &t : list) {
            const qint64 left = std::max<qint64>(0, t.until.remainingTime());
            earliest = earliest < 0 ? left : std::min(earliest, left);
        }
    }
    if (earliest < 0)
        m_timer.stop();
    else
        m_timer.start(std::chrono::milliseconds(earliest));
}

QString TypingIndicator::textFor(const QStringList &names)
{
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(names.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(names.at(0), names.at(1));
    default:
        return tr("Several people are typing…");
    }
}

void TypingIndicator::refresh()
{
    const QStringList names = typing(m_room);
    m_fullText = textFor(names);
    // With several, the tooltip still says who.
    setToolTip(names.size() > 2 ? tr("Typing: %1").arg(names.join(QLatin1String(", "))) : QString());
    setAccessibleDescription(m_fullText);
    showElided();
}

void TypingIndicator::showElided()
{
    const int width = contentsRect().width();
    setText(width > 0 ? fontMetrics().elidedText(m_fullText, Qt::ElideRight, width) : m_fullText);
}

void TypingIndicator::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    showElided();
}

void TypingIndicator::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        setAccessibleName(tr("Typing"));
        refresh();
    } else if (event->type() == QEvent::FontChange) {
        setMinimumHeight(fontMetrics().height());
        showElided();
    }
}
