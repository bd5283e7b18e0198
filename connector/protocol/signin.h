#pragma once
// How a client asks parley-server to know it (docs/protocol.md, "Connecting and accounts"): with
// a session token, a username and password, a sign-up, or as a guest. Turned into the Socket.IO
// connect payload by ParleyProtocol. Holds a password only as long as it must: the caller clears
// it once a token came back.
#include <QJsonObject>
#include <QMetaType>
#include <QString>

struct SignIn
{
    enum class Method {
        None,     //!< no credentials: a server with accounts refuses ("auth required")
        Token,    //!< token
        Password, //!< username + password (→ a token comes back)
        Register, //!< username + password + displayName [+ invite] (→ signed in, a token comes back)
        Guest,    //!< displayName as a guest (only where the server allows guests)
    };

    Method method = Method::None;
    QString username;
    QString password;
    QString displayName;
    QString invite;
    QString token;
    QString device; //!< a label the user can recognise in the list of signed-in devices

    static SignIn withToken(const QString &token, const QString &device = {});
    static SignIn withPassword(const QString &username, const QString &password, const QString &device = {});
    //! The connect payload's auth object.
    QJsonObject toAuth() const;
};
Q_DECLARE_METATYPE(SignIn)
