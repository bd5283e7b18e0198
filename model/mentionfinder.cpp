#include "mentionfinder.h"

#include <QStringView>

bool MentionFinder::isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u'-';
}

bool MentionFinder::isAsciiNameChar(QChar c)
{
    return c.unicode() < 0x80 && isNameChar(c);
}

bool MentionFinder::mentions(const QString &text, const QString &username)
{
    if (username.isEmpty())
        return false;
    const QStringView scanned = QStringView(text).left(kMaxScan);
    const QString needle = QLatin1Char('@') + username;
    for (qsizetype at = scanned.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
         at = scanned.indexOf(needle, at + 1, Qt::CaseInsensitive)) {
        const qsizetype end = at + needle.size();
        const bool startsWord = at == 0 || !isAsciiNameChar(scanned.at(at - 1));
        // After a Latin name, Chinese may follow with no space ("@bob你好"); after a Chinese one,
        // any letter goes on with the name. A trailing '.' ends a sentence ("thanks @bob.").
        const auto goesOn = [latin = username.back().unicode() < 0x80](QChar c) {
            return latin ? isAsciiNameChar(c) : isNameChar(c);
        };
        const bool endsWord = end >= scanned.size() || !goesOn(scanned.at(end))
                || (scanned.at(end) == u'.' && (end + 1 >= scanned.size() || !goesOn(scanned.at(end + 1))));
        if (startsWord && endsWord)
            return true;
    }
    return false;
}
