#pragma once
// The outcome of one read, write or forget of a session token, from the file store or the vault.
#include <QByteArray>
#include <QMetaType>
#include <QString>

struct TokenResult
{
    enum class Status {
        Ok,        //!< done; for a read, token holds the token
        NotFound,  //!< a read found no token for the account: the user signs in again
        Refused,   //!< the token (given, or read back) is not a usable token; nothing was used
        Failed,    //!< the store could not do it (I/O error, keychain access denied)
    };

    Status status = Status::Failed;
    //! The token, for a successful read only.
    QByteArray token;
    //! For Refused and Failed: a translated sentence for the user and the log, never the token.
    QString error;

    static TokenResult ok(const QByteArray &token = {}) { return {Status::Ok, token, {}}; }
    static TokenResult notFound() { return {Status::NotFound, {}, {}}; }
    static TokenResult refused(const QString &why) { return {Status::Refused, {}, why}; }
    static TokenResult failed(const QString &why) { return {Status::Failed, {}, why}; }
};

Q_DECLARE_METATYPE(TokenResult)
