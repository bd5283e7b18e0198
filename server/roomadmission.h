#pragma once
// RoomAdmission: how many rooms a session, an account and an address are in at once, and whether
// one more may be joined. Pure counting; ChatHub tells it of every join and leave.

#include <QHash>
#include <QString>

//! Room slots per holder instead of one global door that one client can shut.
//!
//! Why three counts: a session's bound stops one connection; an account's stops one user opening
//! many connections; an address's (IPv6: /64) stops one host making a guest per connection. Each
//! membership (one session in one room) counts once for each of the three.
class RoomAdmission
{
public:
    struct Limits
    {
        int perSession = 0;
        int perAccount = 0;
        int perAddress = 0;
    };
    //! Who holds a membership: the session's key, its account id and its address key.
    struct Holder
    {
        QString session;
        qint64 account = 0;
        QString address;
    };

    explicit RoomAdmission(Limits limits);

    //! "too many rooms joined" when \a holder may not be in one more room, else empty.
    QString admit(const Holder &holder) const;
    //! \a holder joined one more room.
    void joined(const Holder &holder);
    //! \a holder left one room.
    void left(const Holder &holder);

    int sessionCount(const QString &session) const { return m_sessions.value(session); }
    int accountCount(qint64 account) const { return m_accounts.value(account); }
    int addressCount(const QString &address) const { return m_addresses.value(address); }

private:
    Limits m_limits;
    QHash<QString, int> m_sessions;
    QHash<qint64, int> m_accounts;
    QHash<QString, int> m_addresses;
};
