#pragma once
// Who a session is, as the server says (parley-server's connect reply, docs/protocol.md): the
// account's user id (stable, never reused) and names. "Own message" is decided by this id, never
// by a name a client could claim.
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>

struct Identity
{
    qint64 userId = 0;    //!< 0: not signed in (stock servers have no accounts)
    QString username;     //!< unique on the server ("guest-12" for a guest)
    QString displayName;  //!< free text, cleaned by the server
    bool guest = false;
    bool admin = false;
    //! Whether the account shares read receipts ("privacy"; docs/protocol.md, "Read receipts").
    //! True when the server does not say (a boolean only is believed).
    bool readReceipts = true;

    bool isValid() const { return userId > 0; }
    //! From the connect reply's "user" object; nullopt unless it has a positive integer id and a
    //! username (a malformed reply is not an identity).
    static std::optional<Identity> fromJson(const QJsonObject &user);
    bool operator==(const Identity &o) const;
};
Q_DECLARE_METATYPE(Identity)
