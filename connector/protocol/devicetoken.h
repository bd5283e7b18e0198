#pragma once
// DeviceToken: one signed-in device of one's own account, as the server's "tokens" answer lists it
// (docs/protocol.md). The id names the token for "revokeToken"; it is never the token itself.
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

struct DeviceToken
{
    QString id;     //!< 16 hex digits
    QString device; //!< the label given at sign-in, e.g. "Parley on laptop"
    QDateTime created;
    QDateTime lastUsed;
    QDateTime expires;
    bool current = false; //!< the token this session signed in with

    //! nullopt unless \a o has a string id of 1..64 characters; the device label is cut to 64.
    static std::optional<DeviceToken> fromJson(const QJsonObject &o);
    //! At most \a max valid entries of \a array, each id once (the first wins: a revoke names one).
    static QList<DeviceToken> listFromJson(const QJsonValue &array, int max = kMaxTokens);

    static constexpr int kMaxTokens = 100;
};
Q_DECLARE_METATYPE(DeviceToken)
