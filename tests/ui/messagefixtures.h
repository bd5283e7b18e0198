#pragma once
// Messages and style options shared by the tests of the message view's classes
// (tst_messagedelegate, tst_rowlayoutcache): one room, fixed times, a fixed font.
#include "chatmessage.h"

#include <QDateTime>
#include <QFont>
#include <QPalette>
#include <QStyleOptionViewItem>

namespace fixtures {

//! Noon local time on an ordinary day (no summer-time change near it).
inline const QDateTime kNoon(QDate(2024, 5, 17), QTime(12, 0), Qt::LocalTime);

inline ChatMessage message(const QString &clientId, const QString &sender, const QString &text,
                           bool own = false,
                           ChatMessage::Delivery delivery = ChatMessage::Delivery::None)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = QStringLiteral("lobby");
    m.sender = sender;
    m.text = text;
    m.time = QDateTime(QDate(2024, 5, 17), QTime(13, 7), Qt::UTC);
    m.own = own;
    m.delivery = delivery;
    return m;
}

//! Someone else's message with a server seq (display order) at local time \a time.
inline ChatMessage said(qint64 seq, const QString &sender, const QDateTime &time,
                        const QString &text = QStringLiteral("hello"))
{
    ChatMessage m = message(QStringLiteral("m%1").arg(seq), sender, text);
    m.seq = seq;
    m.time = time.toUTC();
    return m;
}

inline QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return p;
}

//! What a caller without a view passes: a rect \a width wide, a fixed font, a light palette.
inline QStyleOptionViewItem option(int width)
{
    QStyleOptionViewItem opt;
    opt.rect = QRect(0, 0, width, 0);
    opt.font = QFont(QStringLiteral("DejaVu Sans"), 10);
    opt.palette = lightPalette();
    return opt;
}

}  // namespace fixtures
