#pragma once
// MessageTimeText: the words a conversation shows for time: "HH:mm" beside each message, the day
// separator's "Today", "Yesterday" or date, and the full date and time of a tooltip.
//
// Why its own local-time arithmetic: a message's time is UTC; showing it needs the local wall
// clock, and QDateTime::toLocalTime() costs glibc a tzset() (a stat() of /etc/localtime) per call,
// three per row, which was 13% of laying out a burst of new rows. The zone's offset is looked up
// once per quarter hour of UTC time instead (zones change offset on quarter hours only) and kept
// for the process (GUI thread only; a zone change applies to quarter hours not seen yet).
// tests/ui/tst_messagetimetext.cpp checks it against QDateTime across summer-time changes.
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>

class MessageTimeText
{
    Q_DECLARE_TR_FUNCTIONS(MessageTimeText)
public:
    MessageTimeText() = delete;

    //! "HH:mm" of \a time on the local clock, formatted by the default QLocale; empty for an
    //! invalid time. Formatted once per minute of the day (parsing the format string per row
    //! showed in profiles); follows a change of the default locale.
    static QString clockText(const QDateTime &time);
    //! The local calendar day of \a time (invalid for an invalid time).
    static QDate localDay(const QDateTime &time);
    //! The day separator's words for \a day: "Today", "Yesterday" (relative to \a today), else
    //! the date in the default QLocale's long format; empty for an invalid day. Worded when
    //! painted, not when measured: "Today" becomes "Yesterday" at midnight with no change of size.
    static QString dayText(const QDate &day, const QDate &today);
    //! The full local date and time of \a time in the default QLocale's long format (the
    //! tooltip over a message's time); empty for an invalid time.
    static QString fullText(const QDateTime &time);
};
