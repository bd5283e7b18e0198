#include "invitelink.h"

#include "websocketurl.h"

#include <QUrlQuery>

namespace InviteLink {

namespace {
bool isCodeChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-'
        || u == u'_';
}
} // namespace

std::optional<Invite> parse(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (url.scheme() == QLatin1String("parley"))
        url.setScheme(QStringLiteral("ws"));
    if (!WebSocketUrl::isValid(url))
        return std::nullopt;
    QUrlQuery query(url);
    const QString code = query.queryItemValue(QStringLiteral("invite"), QUrl::FullyDecoded);
    if (code.isEmpty() || code.size() > kMaxCodeLength || !std::all_of(code.cbegin(), code.cend(), isCodeChar))
        return std::nullopt;
    query.removeAllQueryItems(QStringLiteral("invite"));
    url.setQuery(query);
    if (url.path() == QLatin1String("/"))
        url.setPath(QString());
    return Invite{url, code};
}

QString make(const QUrl &server, const QString &code)
{
    return QStringLiteral("parley://%1/?invite=%2").arg(WebSocketUrl::hostAndPort(server), code);
}

} // namespace InviteLink
