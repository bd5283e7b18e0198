#include "signin.h"

SignIn SignIn::withToken(const QString &token, const QString &device)
{
    SignIn s;
    s.method = Method::Token;
    s.token = token;
    s.device = device;
    return s;
}

SignIn SignIn::withPassword(const QString &username, const QString &password, const QString &device)
{
    SignIn s;
    s.method = Method::Password;
    s.username = username;
    s.password = password;
    s.device = device;
    return s;
}

QJsonObject SignIn::toAuth() const
{
    QJsonObject o;
    switch (method) {
    case Method::None:
        break;
    case Method::Token:
        o.insert(QStringLiteral("token"), token);
        break;
    case Method::Password:
        o.insert(QStringLiteral("username"), username);
        o.insert(QStringLiteral("password"), password);
        break;
    case Method::Register:
        o.insert(QStringLiteral("register"), true);
        o.insert(QStringLiteral("username"), username);
        o.insert(QStringLiteral("password"), password);
        if (!displayName.isEmpty())
            o.insert(QStringLiteral("displayName"), displayName);
        if (!invite.isEmpty())
            o.insert(QStringLiteral("invite"), invite);
        break;
    case Method::Guest:
        o.insert(QStringLiteral("guest"), true);
        o.insert(QStringLiteral("name"), displayName);
        break;
    }
    if (method != Method::None && !device.isEmpty())
        o.insert(QStringLiteral("device"), device);
    return o;
}
