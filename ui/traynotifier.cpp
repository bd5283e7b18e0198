#include "traynotifier.h"

#include "messagetexts.h"

#include "directroomname.h"

#include "chatclient.h"
#include "logging.h"
#include "roomlistmodel.h"

#include <QApplication>
#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QSystemTrayIcon>

namespace {
//! The badge covers this share of the icon's width.
constexpr qreal kBadgeShare = 0.58;
const QColor kBadgeFill(0xd9, 0x30, 0x25);
} // namespace

TrayNotifier::TrayNotifier(RoomListModel *rooms, QObject *parent)
    : QObject(parent)
    , m_rooms(rooms)
    , m_isActive([] { return QGuiApplication::applicationState() == Qt::ApplicationActive; })
    , m_baseIcon(QStringLiteral(":/icons/parley.svg"))
{
    Q_ASSERT(rooms);
    connect(rooms, &RoomListModel::totalUnreadChanged, this, &TrayNotifier::updateTray);
    connect(this, &TrayNotifier::notificationRequested, this, &TrayNotifier::show);
}

TrayNotifier::~TrayNotifier() = default;

void TrayNotifier::connectClient(ChatClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    if (client)
        connect(client, &ChatClient::messagesReceived, this,
                [this](const QList<ChatMessage> &messages, ChatClient::Arrival arrival) {
                    if (arrival != ChatClient::Arrival::Live)
                        return; // history is not news
                    for (const ChatMessage &m : messages)
                        consider(m);
                });
}

bool TrayNotifier::setTrayVisible(bool visible)
{
    if (!visible) {
        if (m_tray)
            m_tray->hide();
        return false;
    }
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        qCInfo(lcUi) << "no system tray here: unread counts show in the window only";
        return false;
    }
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(this);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!m_lastRoom.isEmpty())
                Q_EMIT roomActivated(m_lastRoom);
            else
                Q_EMIT showRequested();
        });
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                Q_EMIT showRequested();
        });
    }
    updateTray();
    m_tray->show();
    return true;
}

bool TrayNotifier::isTrayVisible() const
{
    return m_tray && m_tray->isVisible();
}

void TrayNotifier::setTrayMenu(QMenu *menu)
{
    if (m_tray)
        m_tray->setContextMenu(menu);
}

bool TrayNotifier::shouldNotify(const ChatMessage &message) const
{
    if (message.own || !m_rooms)
        return false;
    const QString room = message.room.isEmpty() ? m_rooms->currentRoom() : message.room;
    if (!m_rooms->contains(room))
        return false;
    // A muted room stays quiet, except when someone mentions the user (unless they said no).
    if (m_rooms->isMuted(room) && !(m_mentionsInMutedRooms && m_rooms->mentionsMe(message)))
        return false;
    return !(m_isActive && m_isActive());
}

void TrayNotifier::consider(const ChatMessage &message)
{
    if (message.isChange() || !shouldNotify(message)) // an edit or a reaction is not a new message
        return;
    const QString room = message.room.isEmpty() ? m_rooms->currentRoom() : message.room;
    QDeadlineTimer &quiet = m_quietUntil[room];
    if (!quiet.hasExpired() && m_interval.count() > 0)
        return; // the previous one for this room is recent; the unread count tells the rest
    quiet = QDeadlineTimer(m_interval);
    Q_EMIT notificationRequested(room, titleFor(message), textFor(message));
}

QString TrayNotifier::titleFor(const ChatMessage &message)
{
    const QString sender = message.sender.isEmpty() ? tr("Someone") : message.sender;
    // A direct message is said by its sender alone: the room is the two of you.
    if (message.room.isEmpty() || DirectRoomName::isDirect(message.room))
        return sender;
    return tr("%1 in #%2").arg(sender, message.room);
}

QString TrayNotifier::textFor(const ChatMessage &message)
{
    QString text = message.text.simplified();
    if (!message.file.isNull()) // "📎 shot.png (1.2 MB)", then the caption
        text = text.isEmpty() ? MessageTexts::fileLine(message.file) : MessageTexts::fileLine(message.file) + QLatin1Char(' ') + text;
    if (text.size() > kPreviewChars)
        text = text.left(kPreviewChars - 1) + QChar(0x2026);
    return text;
}

void TrayNotifier::show(const QString &room, const QString &title, const QString &text)
{
    m_lastRoom = room;
    if (!m_tray || !m_tray->isVisible())
        return;
    QString body = text;
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // Freedesktop notification servers read the body as markup (body-markup): untrusted text is
    // escaped so that "<b>x</b>" is shown as typed, never as bold or as an image.
    body = body.toHtmlEscaped();
#endif
    m_tray->showMessage(title, body, m_baseIcon, int(kNotificationTimeout.count()));
}

QString TrayNotifier::toolTip() const
{
    const int unread = m_rooms ? m_rooms->totalUnread() : 0;
    return unread > 0 ? tr("Parley — %1 unread").arg(unread) : tr("Parley");
}

QIcon TrayNotifier::badgeIcon(const QIcon &base, int count)
{
    if (count <= 0)
        return base;
    QPixmap pixmap = base.pixmap(kIconSize, kIconSize);
    if (pixmap.isNull()) {
        pixmap = QPixmap(kIconSize, kIconSize);
        pixmap.fill(Qt::transparent);
    }
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QString text = count > 99 ? QStringLiteral("99+") : QString::number(count);
    const qreal d = kIconSize * kBadgeShare;
    const QRectF badge(kIconSize - d, 0, d, d);
    painter.setPen(QPen(Qt::white, kIconSize / 32.0));
    painter.setBrush(kBadgeFill);
    painter.drawEllipse(badge.adjusted(1, 1, -1, -1));
    QFont font = QApplication::font();
    font.setBold(true);
    font.setPixelSize(int(d * (text.size() > 2 ? 0.38 : text.size() > 1 ? 0.5 : 0.62)));
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(badge, Qt::AlignCenter, text);
    painter.end();
    return QIcon(pixmap);
}

void TrayNotifier::updateTray()
{
    if (!m_tray)
        return;
    m_tray->setToolTip(toolTip());
    m_tray->setIcon(badgeIcon(m_baseIcon, m_rooms ? m_rooms->totalUnread() : 0));
}
