#pragma once
// SessionTokens: the tokens table of AccountStore -- issuing, checking, listing and revoking the
// session tokens a client signs in with after its password.

#include "accountstore.h"
#include "usernamepolicy.h"

#include <QList>
#include <QString>

#include <chrono>

class AccountDatabase;

//! AccountStore's token methods, on the connection it shares (AccountDatabase).
//!
//! Why apart: the tokens are a table and a life of their own (expiry, least recently used
//! eviction, revocation), and AccountStore had grown past its room with them. The promises are
//! AccountStore's (see there): only IssuedToken::hashOf() of a token is stored, an account holds
//! at most maxTokensPerAccount, expired tokens are refused and deleted.
class SessionTokens
{
public:
    using Account = AccountStore::Account;
    template <typename T>
    using Result = AccountStore::Result<T>;

    //! \a db must outlive this object.
    explicit SessionTokens(AccountDatabase *db);

    //! AccountStore::issueToken().
    Result<QString> issue(qint64 accountId, const QString &deviceLabel,
                          std::chrono::milliseconds lifetime);
    //! AccountStore::accountForToken().
    Result<Account> accountFor(const QString &token);
    //! AccountStore::listTokens().
    Result<QList<AccountStore::TokenInfo>> list(qint64 accountId);
    //! AccountStore::revokeToken().
    QString revoke(qint64 accountId, const QString &tokenId);

private:
    AccountDatabase *m_db;
    UsernamePolicy m_labels; //!< device labels: cleaned as display names, to their own length
};
