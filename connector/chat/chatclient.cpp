#include "chatclient.h"

#include "chatstore.h"
#include "filetransfers.h"
#include "inmemorychatstore.h"
#include "logging.h"
#include "messagechange.h"
#include "outbox.h"
#include "parleyprotocol.h"

#include <QLocale>
#include <QUuid>

using Delivery = ChatMessage::Delivery;
using SyncState = RoomSync::SyncState;

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_connector(new IMConnector(this))
    , m_memoryStore(std::make_unique<InMemoryChatStore>())
    , m_store(m_memoryStore.get())
    , m_outbox(new Outbox(this))
    , m_syncs(new SyncDriver([this](const QString &room, qint64 after, qint64 before, int limit) {
                                 m_protocol->requestHistory(room, after, before, limit);
                             },
                             m_store, this))
    , m_reads(new ReadTracker([this](const QString &room) { return m_rooms.contains(room); }, this))
    , m_files(new FileTransfers([this] { return m_protocol.get(); }, this))
{
    connect(m_files, &FileTransfers::fileRefused, this, [this](const QString &path, const QString &why) {
        Q_EMIT fileRefused(path, why);
        Q_EMIT errorOccurred(why);
    });
    connect(m_files, &FileTransfers::uploadProgressed, this, &ChatClient::uploadProgress);
    connect(m_files, &FileTransfers::uploaded, this, [this](const QString &clientId) {
        const std::optional<ChatMessage> m = m_outbox->message(clientId);
        if (m && canWrite(m->room))
            transmit(clientId);
    });
    connect(m_files, &FileTransfers::uploadFailed, this, [this](const QString &clientId, const QString &why) {
        failMessage(clientId, why, tr("A file could not be sent: %1").arg(why));
    });
    connect(m_files, &FileTransfers::downloadProgressed, this, &ChatClient::downloadProgress);
    connect(m_files, &FileTransfers::downloadFinished, this, &ChatClient::downloadFinished);
    connect(m_files, &FileTransfers::downloadFailed, this, &ChatClient::downloadFailed);
    connect(m_reads, &ReadTracker::receiptsChanged, this, &ChatClient::receiptsChanged);
    connect(m_reads, &ReadTracker::readPositionChanged, this, &ChatClient::readPositionChanged);
    connect(m_syncs, &SyncDriver::handedOver, this, [this](const QList<ChatMessage> &messages, bool live) {
        Q_EMIT messagesReceived(messages, live ? Arrival::Live : Arrival::History);
    });
    connect(m_syncs, &SyncDriver::roomSynced, this, &ChatClient::roomSynced);
    connect(m_syncs, &SyncDriver::rejoin, this, &ChatClient::sendJoin);
    connect(m_syncs, &SyncDriver::joinsUnanswered, this, [this](const QString &room) {
        // The link carries heartbeats but not this: start over on a new one.
        m_connector->fail(IMConnector::Error::Timeout, tr("The server did not answer joining #%1.").arg(room));
    });
    connect(m_connector, &IMConnector::stateChanged, this, &ChatClient::connectionStateChanged);
    connect(m_connector, &IMConnector::reconnectScheduled, this, &ChatClient::reconnectScheduled);
    connect(m_connector, &IMConnector::latencyChanged, this, &ChatClient::latencyChanged);
    connect(m_connector, &IMConnector::errorOccurred, this, [this](IMConnector::Error kind, const QString &text) {
        Q_EMIT linkError(kind, text);
        Q_EMIT errorOccurred(text);
    });
    connect(m_outbox, &Outbox::queued, this, &ChatClient::messageQueued);
    connect(m_outbox, &Outbox::deliveryChanged, this, &ChatClient::deliveryChanged);
    connect(m_outbox, &Outbox::resendDue, this, &ChatClient::transmit);
    m_outbox->setStore(m_store);
    m_outbox->setAckPolicy(m_settings.ackTimeout, m_settings.ackRetries);
    setProtocol(std::make_unique<ParleyProtocol>(m_connector));
}

ChatClient::~ChatClient() = default;

void ChatClient::setProtocol(std::unique_ptr<ChatProtocol> protocol)
{
    if (!protocol || protocol == m_protocol)
        return;
    if (m_protocol)
        m_files->reset(); // their channel goes with the old protocol
    m_protocol = std::move(protocol);
    m_protocol->setParent(nullptr); // owned here, not by the QObject tree
    m_protocol->setUserName(m_userName);
    m_protocol->setSignIn(m_signIn);
    wireProtocol();
}

void ChatClient::wireProtocol()
{
    ChatProtocol *p = m_protocol.get();
    connect(p, &ChatProtocol::ready, this, &ChatClient::onReady);
    connect(p, &ChatProtocol::notReady, this, &ChatClient::onNotReady);
    connect(p, &ChatProtocol::joined, this, &ChatClient::onJoined);
    connect(p, &ChatProtocol::joinFailed, this, [this](const QString &room, const QString &error) {
        m_syncs->joinRefused(room);
        Q_EMIT errorOccurred(tr("Could not join #%1: %2").arg(room, error));
    });
    connect(p, &ChatProtocol::acknowledged, this, &ChatClient::onAcknowledged);
    connect(p, &ChatProtocol::refused, this, &ChatClient::onRefused);
    connect(p, &ChatProtocol::deferred, m_outbox, &Outbox::defer); // throttled: waits, then resent
    connect(p, &ChatProtocol::messageReceived, this, &ChatClient::onIncoming);
    connect(p, &ChatProtocol::historyReceived, this, &ChatClient::onHistory);
    connect(p, &ChatProtocol::membersChanged, this, &ChatClient::onMembers);
    connect(p, &ChatProtocol::typingReceived, this, [this](const QString &room, const QString &who) {
        if (who != m_userName)
            Q_EMIT typingReceived(room, who);
    });
    connect(p, &ChatProtocol::problem, this, &ChatClient::errorOccurred);
    connect(p, &ChatProtocol::signedIn, this, [this](const Identity &identity, const QString &newToken) {
        if (!newToken.isEmpty())
            m_signIn = SignIn::withToken(newToken, m_signIn.device); // never keep a password
        Q_EMIT signedIn(identity, newToken);
    });
    connect(p, &ChatProtocol::authRefused, this, &ChatClient::authRefused);
    connect(p, &ChatProtocol::searchFinished, this,
            [this](const QString &id, QList<ChatMessage> results, bool hasMore, const QString &cursor) {
                const Identity me = m_protocol->identity();
                for (ChatMessage &m : results)
                    m.own = me.isValid() && m.senderId == me.userId;
                Q_EMIT searchFinished(id, results, hasMore, cursor);
            });
    connect(p, &ChatProtocol::searchFailed, this, &ChatClient::searchFailed);
    wireAccounts();
    m_reads->setProtocol(p);
}

void ChatClient::setSettings(const ConnectorSettings &settings)
{
    m_settings = settings;
    m_connector->setSettings(settings);
    m_outbox->setAckPolicy(settings.ackTimeout, settings.ackRetries);
    m_syncs->setSettings(settings);
    m_reads->setInterval(settings.readReceiptInterval);
    m_files->setWindow(settings.transferWindow);
}

void ChatClient::setNetworkMonitor(NetworkMonitor *monitor)
{
    m_connector->setNetworkMonitor(monitor);
}

void ChatClient::setStore(ChatStore *store)
{
    m_store = store ? store : m_memoryStore.get();
    m_outbox->setStore(m_store);
    m_syncs->setStore(m_store);
}

void ChatClient::setSignIn(const SignIn &signIn)
{
    m_signIn = signIn;
    m_protocol->setSignIn(signIn);
}

void ChatClient::setUserName(const QString &name)
{
    m_userName = name.trimmed();
    m_protocol->setUserName(m_userName);
}

IMConnector::State ChatClient::connectionState() const { return m_connector->state(); }
bool ChatClient::isReady() const { return m_protocol->isReady(); }
int ChatClient::latencyMs() const { return m_connector->latencyMs(); }
int ChatClient::retryRemainingMs() const { return m_connector->retryRemainingMs(); }

void ChatClient::connectToServer(const QUrl &serverUrl)
{
    m_serverUrl = serverUrl;
    m_connector->open(m_protocol->endpointUrl(serverUrl));
}

void ChatClient::disconnectFromServer()
{
    m_protocol->stop();
    m_connector->close();
}

void ChatClient::reconnectNow()
{
    m_connector->reconnectNow();
}

RoomSync::SyncState ChatClient::syncState(const QString &room) const
{
    return m_syncs->state(room);
}

void ChatClient::joinRoom(const QString &room)
{
    const QString r = room.trimmed();
    if (r.isEmpty() || m_rooms.contains(r))
        return;
    m_rooms << r;
    m_syncs->addRoom(r);
    if (isReady())
        sendJoin(r);
}

void ChatClient::sendJoin(const QString &room)
{
    if (!isReady() || !m_rooms.contains(room))
        return;
    if (m_protocol->capabilities().rooms)
        m_syncs->joinSent(room); // before: the answer may come at once
    m_protocol->join(room);
}

void ChatClient::leaveRoom(const QString &room)
{
    if (!m_rooms.removeOne(room))
        return;
    m_members.remove(room);
    m_people.forgetRoom(room);
    m_reads->forgetRoom(room);
    m_syncs->removeRoom(room);
    if (isReady())
        m_protocol->leave(room);
}

bool ChatClient::canWrite(const QString &room) const
{
    if (!isReady())
        return false;
    if (!m_protocol->capabilities().rooms)
        return true;
    const RoomSync *sync = m_syncs->sync(room);
    return sync && sync->isJoined();
}

qsizetype ChatClient::maxTextLength() const
{
    const qsizetype server = m_protocol->serverMaxTextLength();
    return server > 0 ? std::min<qsizetype>(server, kMaxTextLength) : kMaxTextLength;
}

QString ChatClient::sendMessage(const QString &room, const QString &text, qint64 replyTo)
{
    if (text.trimmed().isEmpty())
        return {};
    if (!fitsLength(text))
        return {};
    ChatMessage m;
    m.room = room;
    m.text = text;
    m.replyTo = hasConversations() ? std::max<qint64>(0, replyTo) : 0;
    return queue(m);
}

bool ChatClient::fitsLength(const QString &text)
{
    if (text.size() <= maxTextLength())
        return true;
    Q_EMIT errorOccurred(tr("The message is too long (%1 characters; at most %2).")
                             .arg(QLocale().toString(text.size()), QLocale().toString(maxTextLength())));
    return false;
}

QString ChatClient::search(const SearchQuery &query, int limit, const QString &cursor)
{
    return hasSearch() ? m_protocol->search(query, limit, cursor) : QString();
}

bool ChatClient::hasConversations() const
{
    return m_protocol->capabilities().conversations;
}

QString ChatClient::editMessage(const QString &room, qint64 seq, const QString &text)
{
    if (!hasConversations() || seq <= 0 || text.trimmed().isEmpty())
        return {};
    if (!fitsLength(text))
        return {};
    ChatMessage m;
    m.kind = ChatMessage::Kind::Edit;
    m.room = room;
    m.target = seq;
    m.text = text;
    return queue(m);
}

QString ChatClient::deleteMessage(const QString &room, qint64 seq)
{
    if (!hasConversations() || seq <= 0)
        return {};
    ChatMessage m;
    m.kind = ChatMessage::Kind::Delete;
    m.room = room;
    m.target = seq;
    return queue(m);
}

QString ChatClient::react(const QString &room, qint64 seq, const QString &emoji, bool on)
{
    if (!hasConversations() || seq <= 0 || !MessageChange::isValidEmoji(emoji))
        return {};
    ChatMessage m;
    m.kind = ChatMessage::Kind::React;
    m.room = room;
    m.target = seq;
    m.text = emoji;
    m.reactionOn = on;
    return queue(m);
}

QString ChatClient::queue(ChatMessage m)
{
    m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const Identity me = m_protocol->identity();
    m.sender = me.isValid() ? me.displayName : m_userName; // as the server will say it
    m.senderId = me.userId;
    m.senderUsername = me.username;
    m.time = QDateTime::currentDateTimeUtc();
    m.own = true;
    if (!m_outbox->add(m)) {
        Q_EMIT errorOccurred(tr("The message could not be saved, so it was not sent."));
        return {};
    }
    if (canWrite(m.room))
        transmit(m.clientId);
    return m.clientId;
}

bool ChatClient::retry(const QString &clientId)
{
    if (!m_outbox->retry(clientId))
        return false;
    m_files->forgetUpload(clientId); // its file is looked at again from the start
    const std::optional<ChatMessage> m = m_outbox->message(clientId);
    if (m && canWrite(m->room))
        transmit(clientId);
    return true;
}

QList<ChatMessage> ChatClient::outbox() const
{
    return m_outbox->messages();
}

void ChatClient::notifyTyping(const QString &room)
{
    if (!isReady() || !m_protocol->capabilities().typing)
        return;
    QElapsedTimer &last = m_lastTyping[room];
    if (last.isValid() && last.elapsed() < m_settings.typingThrottle.count())
        return;
    last.start();
    m_protocol->sendTyping(room);
}

void ChatClient::fetchOlder(const QString &room, qint64 beforeSeq, int limit)
{
    if (isReady() && m_protocol->capabilities().history && beforeSeq > 1)
        m_syncs->fetchOlder(room, beforeSeq, limit); // within the room's request budget
}

void ChatClient::onReady()
{
    qCInfo(lcChat) << "ready; joining" << m_rooms << "with" << m_outbox->messages().size()
                   << "message(s) to send";
    m_people.setCurrent(true);
    Q_EMIT readyChanged(true);
    m_files->resume();
    if (!m_protocol->capabilities().rooms) {
        flushOutbox();
        return;
    }
    // Each room's outbox is resent once its join is acknowledged (see onJoined()).
    for (const QString &room : std::as_const(m_rooms))
        sendJoin(room);
    if (m_protocol->capabilities().accounts) {
        if (m_away) // a new session starts online on the server
            m_protocol->sendPresence(true);
        if (!identity().guest) // guests have no direct rooms
            m_protocol->requestDirects(); // a new device learns its direct rooms
    }
}

void ChatClient::onNotReady()
{
    m_syncs->linkLost();
    m_people.setCurrent(false);
    Q_EMIT readyChanged(false);
    // Messages written but never acknowledged go back to Pending until resent; a lost link does
    // not count against their ack retries.
    m_outbox->linkLost();
}

void ChatClient::onJoined(const QString &room, const QStringList &members, qint64 serverLastSeq)
{
    if (!m_syncs->sync(room))
        return; // left again meanwhile
    m_syncs->joined(room, serverLastSeq, m_protocol->capabilities().history, [&] {
        Q_EMIT joined(room);
        onMembers(room, members);
        flushOutbox(room);
    });
}

void ChatClient::onMembers(const QString &room, QStringList members)
{
    if (!m_rooms.contains(room)) {
        qCDebug(lcChat).noquote() << "member list of" << room.left(80) << "ignored: not a room of ours";
        return;
    }
    if (members.size() > kMaxMembers) {
        qCWarning(lcChat).noquote() << "member list of" << room << "has" << members.size() << "names; kept the first"
                                    << kMaxMembers;
        members.resize(kMaxMembers);
    }
    m_members.insert(room, members);
    Q_EMIT membersChanged(room, members);
}

void ChatClient::onHistory(const QString &room, const QList<ChatMessage> &messages, bool hasMore)
{
    QList<ChatMessage> fresh;
    qint64 highest = 0;
    for (const ChatMessage &m : messages) {
        ChatMessage copy = m;
        if (accept(&copy))
            fresh << copy;
        highest = std::max(highest, m.seq);
    }
    if (!m_syncs->pageReceived(room, fresh, highest, hasMore) && !fresh.isEmpty())
        Q_EMIT messagesReceived(fresh, Arrival::History); // an answer to fetchOlder()
}

bool ChatClient::accept(ChatMessage *m)
{
    if (!m->clientId.isEmpty() && m_outbox->contains(m->clientId))
        return false; // our own message coming back before its ack: the ack will settle it
    if (!m->clientId.isEmpty() && m_outbox->settleFailed(*m)) {
        // A message we had given up on did reach the server after all.
        m_store->saveReceived(*m);
        return false;
    }
    const Identity me = m_protocol->identity();
    if (me.isValid()) // a server with accounts: own is who the server says sent it, never a name
        m->own = m->senderId == me.userId;
    else
        m->own = !m->sender.isEmpty() && m->sender == m_userName;
    if (m->own)
        m->delivery = Delivery::Delivered;
    if (!m_store->saveReceived(*m)) {
        qCDebug(lcChat) << "duplicate message" << m->key() << "dropped";
        return false;
    }
    if (m->isChange() && m_store->isSuperseded(*m)) {
        qCDebug(lcChat) << "change" << m->seq << "of" << m->room << "arrived after a later one; not shown";
        return false;
    }
    return true;
}

void ChatClient::onIncoming(const ChatMessage &incoming)
{
    ChatMessage m = incoming;
    const bool show = accept(&m);
    if (show && m_syncs->holdBack(m))
        return;
    m_syncs->liveSeq(m.room, m.seq);
    if (show)
        Q_EMIT messagesReceived({m}, Arrival::Live);
}

void ChatClient::flushOutbox(const QString &room)
{
    // Resend in original order. The server acknowledges a duplicate (same user + client id) with its
    // original sequence number, so a resend of a message that did arrive is harmless.
    const QStringList ids = m_outbox->pending(room);
    for (const QString &clientId : ids)
        transmit(clientId);
}

void ChatClient::transmit(const QString &clientId)
{
    const std::optional<ChatMessage> m = m_outbox->message(clientId);
    if (!m || m_outbox->isHeld(m->room)) // throttled: the outbox says when the room may go on
        return;
    if (!m_files->readyToWrite(*m)) // its file goes first; uploaded() writes it
        return;
    if (!m_protocol->send(*m))
        return;
    m_outbox->written(clientId, m_protocol->capabilities().acks);
}

void ChatClient::onAcknowledged(const QString &clientId, qint64 seq, const QDateTime &time)
{
    const std::optional<ChatMessage> settled = m_outbox->acknowledge(clientId, seq, time);
    if (!settled)
        return; // acknowledged twice (a resend): already done
    m_files->forgetUpload(clientId);
    if (seq <= 0)
        return; // a change that changed nothing (ParleyProtocol): no seq, nothing to apply
    m_store->saveReceived(*settled); // its room+seq is now known: the history echo will be dropped
    m_syncs->liveSeq(settled->room, seq);
    // The server tells the others; for us the ack is the news, unless a later change decided
    // already (a resend's ack came after a later change's), or one waits (shown already: the user
    // edited twice, or took a reaction back, before the first ack).
    if (settled->isChange() && !m_store->isSuperseded(*settled) && !m_outbox->waitsWithSubjectOf(*settled))
        Q_EMIT messagesReceived({*settled}, Arrival::Live);
}

void ChatClient::onRefused(const QString &clientId, const QString &error)
{
    failMessage(clientId, error, tr("The server refused a message: %1").arg(error));
}

void ChatClient::failMessage(const QString &clientId, const QString &error, const QString &told)
{
    if (!m_outbox->contains(clientId))
        return;
    // The reason first: a listener that ends on Failed (parley-cli send) still says why.
    qCWarning(lcChat) << "message" << clientId << "failed:" << error;
    Q_EMIT errorOccurred(told);
    m_outbox->refuse(clientId);
    m_files->forgetUpload(clientId);
}

bool ChatClient::hasFiles() const
{
    return m_protocol->capabilities().files || m_protocol->capabilities().inlineFiles > 0;
}

qint64 ChatClient::maxFileSize() const
{
    if (!m_protocol->capabilities().files && m_protocol->capabilities().inlineFiles > 0)
        return qMin(m_protocol->capabilities().inlineFiles, m_settings.maxUploadSize);
    const qint64 server = m_protocol->serverMaxFileSize();
    return server > 0 ? qMin(server, m_settings.maxUploadSize) : m_settings.maxUploadSize;
}

bool ChatClient::sendFile(const QString &room, const QString &path, const QString &caption)
{
    if (!hasFiles()) {
        Q_EMIT errorOccurred(tr("This server does not take files."));
        return false;
    }
    if (!caption.isEmpty() && !fitsLength(caption))
        return false;
    m_files->prepare(room, path, caption, maxFileSize(), [this](const ChatMessage &m) { queue(m); });
    return true;
}

void ChatClient::setThumbnailMaker(LocalFile::ThumbnailMaker maker)
{
    m_files->setThumbnailMaker(std::move(maker));
}

QString ChatClient::fetchFile(const FileRef &file, const QString &target)
{
    return m_files->fetch(file, target, maxFileSize());
}

void ChatClient::cancelFetch(const QString &id)
{
    m_files->cancelFetch(id);
}

int ChatClient::filesBeingPrepared() const
{
    return m_files->preparing();
}

bool ChatClient::canCancelFile(const QString &clientId) const
{
    std::optional<ChatMessage> m = m_outbox->message(clientId);
    if (!m && m_outbox->isFailed(clientId)) {
        const QList<ChatMessage> failed = m_store->failed();
        for (const ChatMessage &f : failed) {
            if (f.clientId == clientId)
                m = f;
        }
    }
    return m && !m->file.isNull() && m->delivery != ChatMessage::Delivery::Sent
        && !m_files->isUploaded(clientId);
}

bool ChatClient::cancelFile(const QString &clientId)
{
    if (!canCancelFile(clientId))
        return false;
    m_files->cancelUpload(clientId);
    if (!m_outbox->remove(clientId))
        return false;
    qCInfo(lcChat) << "file message" << clientId << "cancelled";
    Q_EMIT messageCancelled(clientId);
    return true;
}
