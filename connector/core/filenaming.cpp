#include "filenaming.h"

#include <QRegularExpression>
#include <algorithm>

bool FileNaming::isValidId(const QString &id)
{
    return id.size() == 64 && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
           });
}

bool FileNaming::isValidName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.size() > kMaxNameLength)
        return false;
    return std::none_of(name.cbegin(), name.cend(), [](QChar c) {
        return c == u'/' || c == u'\\' || c.category() == QChar::Other_Control
            || c.category() == QChar::Other_Format || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph;
    });
}

QString FileNaming::mediaType(const QString &type)
{
    static const QRegularExpression form(QStringLiteral("^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$"));
    const QString lower = type.trimmed().toLower();
    return lower.size() <= kMaxTypeLength && form.match(lower).hasMatch() ? lower : QString();
}
