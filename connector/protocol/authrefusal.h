#pragma once
// Why parley-server refused to know a client (its connect_error, docs/protocol.md): a reason code
// for programs, words for people, and for "throttled" when to try again.
#include <QJsonValue>
#include <QMetaType>
#include <QString>

struct AuthRefusal
{
    QString reason;         //!< "invalid token", "invalid credentials", "throttled", … (may be empty)
    QString message;        //!< in words, as the server sent it
    qint64 retryAfterMs = 0; //!< for "throttled"
    bool retry = false;      //!< a passing server problem ("storage failure"): try again later

    //! True when a stored token is no good any more and the user must sign in again.
    bool tokenRejected() const;
    //! From a connect_error's data (an object, or a bare string); server text is bounded.
    static AuthRefusal fromJson(const QJsonValue &data);

    //! Longest server text kept (characters).
    static constexpr int kMaxTextLength = 500;
};
Q_DECLARE_METATYPE(AuthRefusal)
