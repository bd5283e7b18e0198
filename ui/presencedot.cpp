#include "presencedot.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>

namespace {
const QColor kOnline(0x2e, 0xa0, 0x4f);  // the status bar's "connected" green
const QColor kAway(0xe0, 0x9b, 0x00);    // the status bar's "trying" amber
const QColor kUnknown(0x9a, 0x9a, 0x9a); // offline, or not known now
} // namespace

void PresenceDot::paint(QPainter *painter, const QRectF &rect, Person::Presence presence)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (presence == Person::Presence::Online) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(kOnline);
        painter->drawEllipse(rect);
    } else {
        painter->setPen(QPen(presence == Person::Presence::Away ? kAway : kUnknown, 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(rect.adjusted(0.75, 0.75, -0.75, -0.75));
    }
    painter->restore();
}

QString PresenceDot::words(Person::Presence presence)
{
    switch (presence) {
    case Person::Presence::Online:
        return QCoreApplication::translate("PresenceDot", "online");
    case Person::Presence::Away:
        return QCoreApplication::translate("PresenceDot", "away");
    case Person::Presence::Offline:
        return QCoreApplication::translate("PresenceDot", "offline");
    case Person::Presence::Unknown:
        break;
    }
    return QCoreApplication::translate("PresenceDot", "presence unknown");
}

QString PresenceDot::lastSeenText(const QDateTime &lastSeen, const QDateTime &now)
{
    if (!lastSeen.isValid())
        return {};
    const QDateTime local = lastSeen.toLocalTime();
    const QLocale locale;
    if (local.date() == now.toLocalTime().date())
        return QCoreApplication::translate("PresenceDot", "Last seen %1").arg(locale.toString(local.time(), QLocale::ShortFormat));
    return QCoreApplication::translate("PresenceDot", "Last seen %1").arg(locale.toString(local, QLocale::ShortFormat));
}
