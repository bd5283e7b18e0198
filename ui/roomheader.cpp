#include "roomheader.h"

#include "membermodel.h"
#include "presencedot.h"
#include "roomlistmodel.h"
#include "tintediconengine.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace {

constexpr int kIconSize = 18;

}  // namespace

RoomHeader::RoomHeader(MemberModel *members, RoomListModel *rooms, QWidget *parent)
    : QWidget(parent)
    , m_members(members)
    , m_rooms(rooms)
{
    setObjectName(QStringLiteral("roomHeader"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 6, 4);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("roomTitle"));
    m_title->setTextFormat(Qt::PlainText); // a room name is anyone's text
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_membersButton = new QToolButton(this);
    m_membersButton->setObjectName(QStringLiteral("membersButton"));
    m_membersButton->setCheckable(true);
    m_membersButton->setAutoRaise(true);
    m_membersButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_membersButton->setIcon(TintedIconEngine::icon(QStringLiteral("members"), QPalette::ButtonText));
    m_membersButton->setIconSize(QSize(kIconSize, kIconSize));
    layout->addWidget(m_title, 1);
    layout->addWidget(m_membersButton);
    connect(members, &MemberModel::roomChanged, this, &RoomHeader::refresh);
    connect(members, &MemberModel::countChanged, this, &RoomHeader::refresh);
    if (rooms) {
        connect(rooms, &QAbstractItemModel::dataChanged, this, &RoomHeader::refresh);
        connect(rooms, &QAbstractItemModel::rowsInserted, this, &RoomHeader::refresh);
    }
    retranslate();
}

RoomHeader::~RoomHeader() = default;

void RoomHeader::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void RoomHeader::retranslate()
{
    m_title->setAccessibleName(tr("Room"));
    m_membersButton->setToolTip(tr("Show or hide who is in the room (Ctrl+Shift+M)"));
    m_membersButton->setAccessibleName(tr("Members"));
    refresh();
}

void RoomHeader::refresh()
{
    const QString room = m_members ? m_members->room() : QString();
    const int n = m_members ? m_members->rowCount() : 0;
    const Person peer = m_rooms ? m_rooms->peer(room) : Person{};
    if (room.isEmpty()) {
        m_title->setText(tr("No room"));
    } else if (peer.isValid()) {
        const int row = m_rooms->rowOf(room);
        const auto presence = Person::Presence(m_rooms->index(row).data(RoomListModel::PeerPresenceRole).toInt());
        QString state = PresenceDot::words(presence);
        if (presence == Person::Presence::Offline && peer.lastSeen.isValid())
            state = PresenceDot::lastSeenText(peer.lastSeen, QDateTime::currentDateTimeUtc());
        m_title->setText(tr("%1 (@%2) — %3").arg(peer.displayName, peer.username, state));
    } else {
        m_title->setText(QLatin1String("# ") + room);
    }
    m_membersButton->setText(room.isEmpty() ? QString() : QString::number(n));
    m_membersButton->setEnabled(!room.isEmpty());
    m_membersButton->setAccessibleDescription(tr("Members in the room: %1").arg(n));
}
