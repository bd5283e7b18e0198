#pragma once
// PresenceDot: the little circle that says somebody's presence, the same in the members panel, on
// direct rooms in the sidebar and in the room header: filled green online; hollow amber away;
// hollow grey offline or unknown (our own link is down). Words for it go with it.
#include "person.h"

#include <QRectF>
#include <QString>

class QPainter;

class PresenceDot
{
public:
    //! Paints the dot for \a presence inside \a rect (a square).
    static void paint(QPainter *painter, const QRectF &rect, Person::Presence presence);
    //! "online", "away", "offline", "presence unknown" (translated; for tooltips and screen readers).
    static QString words(Person::Presence presence);
    //! "Last seen 14:02" / "Last seen 3 Nov" for an offline person seen at \a lastSeen ("" if invalid).
    static QString lastSeenText(const QDateTime &lastSeen, const QDateTime &now);

    //! Diameter, in pixels at scale 1.
    static constexpr int kSize = 8;
};
