#include "authenticator.h"

#include "issuedtoken.h"
#include "logging.h"
#include "usernamepolicy.h"

#include <QJsonObject>
#include <QMetaObject>

#include <algorithm>

namespace {

const QLatin1String kToken("token");
const QLatin1String kUsername("username");
const QLatin1String kPassword("password");
const QLatin1String kRegister("register");
const QLatin1String kName("name");
const QLatin1String kDisplayName("displayName");
const QLatin1String kInvite("invite");
const QLatin1String kDevice("device");

const QString kAuthRequired = QStringLiteral("auth required");
const QString kInvalidCredentials = QStringLiteral("invalid credentials");
const QString kThrottled = QStringLiteral("throttled");
const QString kStorageFailure = QStringLiteral("storage failure");

//! \a value as a string; an empty one when it is anything else.
QString stringOf(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

} // namespace

Authenticator::Authenticator(const ServerSettings &settings, AccountStore *store, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_store(store)
    , m_hasher(settings.passwordHashing)
    , m_throttle(settings.signInThrottle)
    , m_newAccounts(settings.newAccountThrottle)
{
    m_pool.setMaxThreadCount(std::max(1, settings.passwordThreads));
}

Authenticator::~Authenticator()
{
    m_pool.clear();       // checks not started: nobody will get their answer anyway
    m_pool.waitForDone(); // running ones: their queued answers die with this object
}

QString Authenticator::addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also IPv4-mapped IPv6
    if (isV4)
        return QHostAddress(v4).toString();
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address.toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    std::fill(bytes.c + 8, bytes.c + 16, quint8(0));
    return QHostAddress(bytes).toString() + QLatin1String("/64");
}

QString Authenticator::describe(const QString &reason)
{
    static const QHash<QString, QString> words{
            {kAuthRequired, QStringLiteral("This server needs you to sign in.")},
            {QStringLiteral("invalid token"), QStringLiteral("Your session is no longer valid; sign in again.")},
            {QStringLiteral("token expired"), QStringLiteral("Your session has expired; sign in again.")},
            {kInvalidCredentials, QStringLiteral("Wrong username or password.")},
            {QStringLiteral("account disabled"), QStringLiteral("This account is disabled.")},
            {kThrottled, QStringLiteral("Too many attempts; wait before trying again.")},
            {QStringLiteral("registration closed"), QStringLiteral("This server does not take new accounts.")},
            {QStringLiteral("invite required"), QStringLiteral("This server takes new accounts by invitation only.")},
            {QStringLiteral("invalid invite"), QStringLiteral("This invite code is not valid.")},
            {QStringLiteral("invite expired"), QStringLiteral("This invite code has expired.")},
            {QStringLiteral("invite used up"), QStringLiteral("This invite code has been used up.")},
            {QStringLiteral("username taken"), QStringLiteral("This username is taken.")},
            {kStorageFailure, QStringLiteral("The server cannot check accounts right now; try again later.")},
    };
    return words.value(reason, reason);
}

void Authenticator::signIn(const QJsonValue &auth, const QHostAddress &peer, QObject *receiver,
                           Done done)
{
    Request request;
    request.receiver = receiver;
    request.watched = receiver != nullptr;
    request.done = std::move(done);
    request.address = addressKey(peer);
    const QJsonObject o = auth.toObject();
    request.device = stringOf(o.value(kDevice));

    // The first credential present decides, strongest first; its fields are then required.
    if (o.contains(kToken))
        return signInWithToken(o.value(kToken), request);
    if (o.value(kRegister).toBool())
        return signUp(o, request);
    if (o.contains(kUsername) || o.contains(kPassword))
        return signInWithPassword(o, request);
    if (!m_settings.guests)
        return refuse(request, kAuthRequired);
    // {"guest": true, "name": …}, or anything else (e.g. {"name": …}) where guests are allowed.
    signInAsGuest(o.value(kName), request);
}

void Authenticator::signInWithToken(const QJsonValue &token, Request &request)
{
    const QString text = stringOf(token);
    const AccountStore::Result<AccountStore::Account> found = m_store->accountForToken(text);
    if (!found.ok())
        return refuse(request, found.error);
    Outcome outcome;
    outcome.account = found.value;
    outcome.tokenId = IssuedToken::idOf(IssuedToken::hashOf(text));
    report(request, outcome);
}

void Authenticator::signInWithPassword(const QJsonObject &auth, Request &request)
{
    const QJsonValue usernameValue = auth.value(kUsername);
    const QJsonValue passwordValue = auth.value(kPassword);
    if (!usernameValue.isString() || !passwordValue.isString())
        return refuse(request, kInvalidCredentials);
    const QString username = usernameValue.toString();
    const QString password = passwordValue.toString();
    // Absurd input (a name longer than any, an empty or huge password) cannot match: no hash.
    if (username.size() > UsernamePolicy::kDefaultMaxInputLength
        || !m_hasher.check(password).isEmpty()) {
        return refuse(request, kInvalidCredentials);
    }
    request.accountKey = UsernamePolicy::keyOf(UsernamePolicy::canonical(username));
    const qint64 wait = m_throttle.check(request.accountKey, request.address);
    if (wait > 0)
        return refuse(request, kThrottled, wait);
    const AccountStore::Result<AccountStore::PasswordRecord> record =
            m_store->passwordRecord(username);
    if (record.error == kStorageFailure)
        return refuse(request, kStorageFailure);
    if (!reserveCheck(request))
        return;
    request.accountId = record.value.account.id; // 0: no such account (or no password)
    const QByteArray storedHash = record.value.hash;
    const PasswordHasher hasher = m_hasher;
    runOnWorker(std::move(request),
                [hasher, storedHash, password] {
                    Hashed hashed;
                    if (storedHash.isEmpty()) {
                        hasher.hash(password); // what a real check costs, so timing tells nothing
                        return hashed;
                    }
                    hashed.matched = hasher.verify(storedHash, password);
                    if (hashed.matched && hasher.needsRehash(storedHash))
                        hashed.hash = hasher.hash(password).hash;
                    return hashed;
                },
                &Authenticator::finishSignIn);
}

void Authenticator::finishSignIn(Request &request, const Hashed &hashed)
{
    if (!hashed.matched) {
        m_throttle.failed(request.accountKey, request.address);
        return refuse(request, kInvalidCredentials);
    }
    m_throttle.succeeded(request.accountKey, request.address);
    if (!hashed.hash.isEmpty()) // best effort: the sign-in holds even if this cannot be stored
        m_store->storePasswordHash(request.accountId, hashed.hash);
    // Read again: the account may have been disabled while the password was checked.
    const AccountStore::Result<AccountStore::Account> account = m_store->account(request.accountId);
    if (!account.ok())
        return refuse(request, account.error == kStorageFailure ? kStorageFailure : kInvalidCredentials);
    if (account.value.disabled)
        return refuse(request, QStringLiteral("account disabled"));
    succeed(request, account.value);
}

void Authenticator::signUp(const QJsonObject &auth, Request &request)
{
    switch (m_settings.registration) {
    case ServerSettings::Registration::Closed:
        return refuse(request, QStringLiteral("registration closed"));
    case ServerSettings::Registration::Invite:
        request.invite = stringOf(auth.value(kInvite));
        if (request.invite.isEmpty())
            return refuse(request, QStringLiteral("invite required"));
        break;
    case ServerSettings::Registration::Open:
        break;
    }
    request.username = stringOf(auth.value(kUsername));
    request.displayName = stringOf(auth.value(kDisplayName));
    const QString password = stringOf(auth.value(kPassword));
    const QString error = m_store->checkNewAccount(request.username, password);
    if (!error.isEmpty())
        return refuse(request, error);
    const qint64 wait = m_newAccounts.check(QString(), request.address);
    if (wait > 0)
        return refuse(request, kThrottled, wait);
    if (!reserveCheck(request))
        return;
    const PasswordHasher hasher = m_hasher;
    runOnWorker(std::move(request),
                [hasher, password] {
                    const PasswordHasher::Hashed made = hasher.hash(password);
                    Hashed hashed;
                    hashed.hash = made.hash;
                    hashed.error = made.error;
                    return hashed;
                },
                &Authenticator::finishSignUp);
}

void Authenticator::finishSignUp(Request &request, const Hashed &hashed)
{
    if (request.watched && !request.receiver)
        return; // nobody to sign in: make nothing, spend no invite
    if (!hashed.error.isEmpty())
        return refuse(request, hashed.error);
    if (!request.invite.isEmpty()) {
        // The name may have been taken while hashing: find out before the invite is spent.
        const QString taken = m_store->checkUsername(request.username);
        if (!taken.isEmpty())
            return refuse(request, taken);
        const QString inviteError = m_store->redeemInvite(request.invite);
        if (!inviteError.isEmpty())
            return refuse(request, inviteError);
    }
    const AccountStore::Result<AccountStore::Account> made =
            m_store->createAccountWithHash(request.username, request.displayName, hashed.hash, false);
    if (!made.ok())
        return refuse(request, made.error);
    m_newAccounts.failed(QString(), request.address);
    qCInfo(lcServer).noquote() << "new account" << made.value.username << "id" << made.value.id;
    succeed(request, made.value);
}

void Authenticator::signInAsGuest(const QJsonValue &name, Request &request)
{
    if (!name.isString() && !name.isUndefined() && !name.isNull())
        return refuse(request, QStringLiteral("invalid name"));
    const QString text = name.toString().trimmed();
    if (text.size() > m_settings.maxNameLength)
        return refuse(request, QStringLiteral("name too long"));
    if (hasControlCharacters(text))
        return refuse(request, QStringLiteral("invalid name"));
    const qint64 wait = m_newAccounts.check(QString(), request.address);
    if (wait > 0)
        return refuse(request, kThrottled, wait);
    const AccountStore::Result<AccountStore::Account> guest = m_store->createGuest(text);
    if (!guest.ok())
        return refuse(request, guest.error);
    m_newAccounts.failed(QString(), request.address);
    succeed(request, guest.value);
}

bool Authenticator::reserveCheck(Request &request)
{
    int &forAddress = m_checksByAddress[request.address];
    if (m_inFlight >= m_settings.maxPasswordChecks
        || forAddress >= m_settings.maxPasswordChecksPerAddress) {
        if (forAddress == 0)
            m_checksByAddress.remove(request.address);
        qCInfo(lcServer).noquote() << "sign-in from" << request.address << "refused:" << m_inFlight
                                   << "password checks under way," << forAddress << "from there";
        refuse(request, kThrottled, m_settings.busyRetry.count());
        return false;
    }
    ++forAddress;
    ++m_inFlight;
    return true;
}

void Authenticator::runOnWorker(Request request, std::function<Hashed()> work, Finish finish)
{
    const quint64 id = m_nextJob++;
    m_waiting.insert(id, {std::move(request), finish});
    m_pool.start([this, id, work = std::move(work)] {
        const Hashed hashed = work();
        QMetaObject::invokeMethod(this, [this, id, hashed] { onHashed(id, hashed); },
                                  Qt::QueuedConnection);
    });
}

void Authenticator::onHashed(quint64 id, const Hashed &hashed)
{
    auto waiting = m_waiting.take(id);
    Request &request = waiting.first;
    --m_inFlight;
    if (--m_checksByAddress[request.address] <= 0)
        m_checksByAddress.remove(request.address);
    (this->*waiting.second)(request, hashed);
}

void Authenticator::succeed(Request &request, const AccountStore::Account &account)
{
    if (request.watched && !request.receiver)
        return; // gone: a token nobody receives would only fill the table
    const AccountStore::Result<QString> token =
            m_store->issueToken(account.id, request.device, m_settings.tokenLifetime);
    if (!token.ok())
        return refuse(request, token.error == QLatin1String("account disabled") ? token.error
                                                                               : kStorageFailure);
    Outcome outcome;
    outcome.account = account;
    outcome.newToken = token.value;
    outcome.tokenId = IssuedToken::idOf(IssuedToken::hashOf(token.value));
    report(request, outcome);
}

void Authenticator::report(Request &request, const Outcome &outcome)
{
    if (request.watched && !request.receiver)
        return;
    if (request.done)
        request.done(outcome);
}

void Authenticator::refuse(Request &request, const QString &reason, qint64 retryAfterMs)
{
    Outcome outcome;
    outcome.error = reason;
    outcome.retryAfterMs = retryAfterMs;
    report(request, outcome);
}
