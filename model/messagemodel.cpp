#include "messagemodel.h"

#include <QLocale>

#include "chatclient.h"
#include "logging.h"
#include "messagechange.h"
#include "messagecopies.h"
#include "mentionfinder.h"

#include <algorithm>
#include <utility>

using MessageCopies::merged;
using MessageCopies::seqIdentity;

MessageModel::MessageModel(const QString &room, QObject *parent)
    : QAbstractListModel(parent)
    , m_room(room)
{
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_messages.size())
        return {};
    const ChatMessage &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return m.deleted ? tr("Message deleted") : m.text;
    case TextRole:
        return m.text;
    case FileRole:
        return QVariant::fromValue(m.file);
    case UploadProgressRole:
        return m.own && !m.file.isNull() ? m_uploads.value(m.clientId, -1) : -1;
    case CancellableRole:
        return m.own && !m.file.isNull() && m.seq <= 0 && m_client && m_client->canCancelFile(m.clientId);
    case ReplyToRole:
        return m.replyTo;
    case EditedRole:
        return m.edited;
    case DeletedRole:
        return m.deleted;
    case ReactionsRole:
        return QVariant::fromValue(m.reactions);
    case SenderIdRole:
        return m.senderId;
    case ReplyExcerptRole:
        return replyExcerpt(m);
    case MentionsMeRole:
        return !m.own && !m.deleted && m_client
            && MentionFinder::mentions(m.text, m_client->identity().username);
    case ReactionsToolTipRole: {
        QStringList lines;
        for (const ChatMessage::Reaction &r : m.reactions) {
            QStringList names;
            for (const qint64 id : r.users) {
                const QString name = m_client ? m_client->person(id).displayName : QString();
                names << (name.isEmpty() ? tr("someone") : name);
            }
            QString line = r.emoji + QLatin1Char(' ') + names.join(QLatin1String(", "));
            if (r.count > names.size())
                line += QLatin1Char(' ') + tr("and %n more", nullptr, r.count - int(names.size()));
            lines << line;
        }
        return lines.join(QLatin1Char('\n'));
    }
    case ReadByRole: {
        QStringList names;
        if (!m.own || m.seq <= 0 || !m_client)
            return names;
        const QList<qint64> readers = m_client->readers(m_room, m.seq);
        for (const qint64 id : readers) {
            const QString name = m_client->person(id).displayName;
            names << (name.isEmpty() ? tr("someone") : name);
        }
        return names;
    }
    case FirstUnreadRole:
        return m_unreadLineAfter > 0 && m.seq > m_unreadLineAfter
            && (index.row() == 0 || m_messages.at(index.row() - 1).seq <= m_unreadLineAfter);
    case Qt::AccessibleTextRole: {
        // What a screen reader says: who, when, what, and for one's own messages how far it got.
        const QString when = QLocale().toString(m.time.toLocalTime().time(), QLocale::ShortFormat);
        const QString who = m.sender.isEmpty() ? tr("Unknown sender") : senderLabel(m);
        QString spoken = tr("%1 at %2: %3").arg(who, when, m.text);
        if (m.own) {
            switch (m.delivery) {
            case ChatMessage::Delivery::Pending: spoken += QLatin1String(" — ") + tr("waiting to be sent"); break;
            case ChatMessage::Delivery::Sent: spoken += QLatin1String(" — ") + tr("sent"); break;
            case ChatMessage::Delivery::Delivered: // the third state: read by someone
                spoken += QLatin1String(" — ")
                        + (m_client && m.seq > 0 && !m_client->readers(m_room, m.seq).isEmpty() ? tr("read")
                                                                                              : tr("delivered"));
                break;
            case ChatMessage::Delivery::Failed: spoken += QLatin1String(" — ") + tr("not delivered"); break;
            case ChatMessage::Delivery::None: break;
            }
        }
        return spoken;
    }
    case IdRole:
        return m.key();
    case ClientIdRole:
        return m.clientId;
    case RoomRole:
        return m.room;
    case SeqRole:
        return m.seq;
    case SenderRole:
        return senderLabel(m);
    case TimeRole:
        return m.time;
    case OwnRole:
        return m.own;
    case DeliveryRole:
        return int(m.delivery);
    default:
        return {};
    }
}

QString MessageModel::replyExcerpt(const ChatMessage &m) const
{
    if (m.replyTo <= 0)
        return {};
    ChatMessage answered;
    answered.room = m.room;
    answered.seq = m.replyTo;
    const int row = rowOf(answered);
    if (row < 0)
        return {};
    return excerptOf(m_messages.at(row));
}

QString MessageModel::excerptOf(const ChatMessage &a)
{
    QString text = a.deleted ? tr("Message deleted") : a.text.left(kMaxExcerpt + 1).simplified();
    if (text.size() > kMaxExcerpt)
        text = text.left(kMaxExcerpt) + QChar(u'…');
    return tr("%1: %2").arg(senderLabel(a), text);
}

QString MessageModel::senderLabel(const ChatMessage &m)
{
    // Display names are free text and not unique; usernames are. Where they differ the username
    // is shown too, so two people called "dana" are "dana" and "dana (@dana2)".
    if (m.senderUsername.isEmpty() || m.senderUsername.compare(m.sender.simplified(), Qt::CaseInsensitive) == 0)
        return m.sender;
    return tr("%1 (@%2)").arg(m.sender, m.senderUsername);
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "messageId");
    names.insert(ClientIdRole, "clientId");
    names.insert(RoomRole, "room");
    names.insert(SeqRole, "seq");
    names.insert(SenderRole, "sender");
    names.insert(TextRole, "text");
    names.insert(TimeRole, "time");
    names.insert(OwnRole, "own");
    names.insert(DeliveryRole, "delivery");
    names.insert(ReplyToRole, "replyTo");
    names.insert(EditedRole, "edited");
    names.insert(DeletedRole, "deleted");
    names.insert(ReactionsRole, "reactions");
    names.insert(SenderIdRole, "senderId");
    names.insert(ReplyExcerptRole, "replyExcerpt");
    names.insert(FirstUnreadRole, "firstUnread");
    names.insert(MentionsMeRole, "mentionsMe");
    names.insert(ReactionsToolTipRole, "reactionsToolTip");
    names.insert(ReadByRole, "readBy");
    names.insert(FileRole, "file");
    names.insert(UploadProgressRole, "uploadProgress");
    names.insert(CancellableRole, "cancellable");
    return names;
}

bool MessageModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_fetchMoreEnabled && hasOlder();
}

void MessageModel::fetchMore(const QModelIndex &parent)
{
    // Callers are meant to ask canFetchMore() first; not all do (QAbstractItemModelTester).
    if (canFetchMore(parent))
        loadOlder();
}

void MessageModel::connectClient(ChatClient *client)
{
    m_client = client;
    connect(client, &ChatClient::messageQueued, this, &MessageModel::addMessage);
    connect(client, &ChatClient::messagesReceived, this,
            [this](const QList<ChatMessage> &messages) { addMessages(messages); });
    connect(client, &ChatClient::deliveryChanged, this, &MessageModel::updateDelivery);
    connect(client, &ChatClient::messageCancelled, this, &MessageModel::removeCancelled);
    connect(client, &ChatClient::uploadProgress, this, [this](const QString &clientId, qint64 sent, qint64 total) {
        const int percent = total > 0 ? int(sent * 100 / total) : 0;
        if (m_uploads.value(clientId, -1) == percent)
            return; // a row repaints once per percent, not once per chunk
        m_uploads.insert(clientId, percent);
        if (const int row = rowOfClientId(clientId); row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {UploadProgressRole});
    });
    // Who has read one's own messages changed: their "Seen by" and marks.
    connect(client, &ChatClient::receiptsChanged, this, [this](const QString &room) {
        if (room != m_room)
            return;
        for (int row = 0; row < m_messages.size(); ++row) {
            if (m_messages.at(row).own && m_messages.at(row).seq > 0)
                Q_EMIT dataChanged(index(row), index(row), {ReadByRole});
        }
    });
    // A request for older history lost with the link may be made again on the next one.
    connect(client, &ChatClient::readyChanged, this, [this](bool ready) {
        if (ready)
            m_requestedBefore = 0;
    });
}

void MessageModel::setStore(MessageStore *store)
{
    if (store == m_store)
        return;
    m_store = store;
    m_requestedBefore = 0;
    m_cursor = MessageStore::Position::end();
    m_storeHasOlder = false;
    if (!store)
        return; // the rows shown stay; nothing more to page in
    const MessageStore::Page page = store->newestPage(m_room, kPageSize);
    beginResetModel();
    m_awaitingSeq.clear();
    const QList<ChatMessage> shown = std::exchange(m_messages, page.messages);
    m_rowByKey.clear();
    m_indexedRows = 0;
    if (!page.messages.isEmpty())
        m_cursor = page.oldest;
    m_storeHasOlder = page.hasMore;
    QList<ChatMessage> keep;
    for (const ChatMessage &m : shown) {
        if (rowOf(m) < 0)
            keep << m;
    }
    insertInOrder(keep, Unsequenced::AtEnd, false);
    endResetModel();
    qCDebug(lcModel) << "room" << m_room << "opened with" << m_messages.size() << "row(s);"
                     << (m_storeHasOlder ? "older ones stored" : "no older ones stored");
}

bool MessageModel::hasOlder() const
{
    return m_store && (m_storeHasOlder || serverHasOlder());
}

qint64 MessageModel::oldestSeq() const
{
    // Rows with a seq come first: the first row has the lowest seq, or none has one.
    return m_messages.isEmpty() ? 0 : m_messages.first().seq;
}

bool MessageModel::serverHasOlder() const
{
    const qint64 oldest = oldestSeq();
    return m_fetchOlderFromServer && m_client && oldest > 1 && oldest != m_requestedBefore
        && m_client->isReady() && m_client->capabilities().history;
}

int MessageModel::loadOlder()
{
    if (!m_store)
        return 0;
    // A page whose rows are all shown already (a gap filled live) moves the cursor on: go on.
    while (m_storeHasOlder) {
        const MessageStore::Page page = m_store->pageBefore(m_room, m_cursor, kPageSize);
        m_storeHasOlder = page.hasMore && !page.messages.isEmpty();
        if (page.messages.isEmpty())
            break;
        m_cursor = page.oldest;
        QList<ChatMessage> fresh;
        fresh.reserve(page.messages.size());
        for (const ChatMessage &m : page.messages) {
            if (accepts(m) && rowOf(m) < 0)
                fresh << m;
        }
        const int added = insertInOrder(fresh, Unsequenced::BeforeShown, true);
        if (added > 0)
            return added;
    }
    if (serverHasOlder()) {
        m_requestedBefore = oldestSeq();
        qCDebug(lcModel) << "room" << m_room << "asking the server for history before"
                         << m_requestedBefore;
        m_client->fetchOlder(m_room, m_requestedBefore, kPageSize);
    }
    return 0;
}

bool MessageModel::accepts(const ChatMessage &m) const
{
    return m.room == m_room || m.room.isEmpty();
}

void MessageModel::invalidateIndexFrom(int row)
{
    m_indexedRows = std::min(m_indexedRows, row);
}

void MessageModel::ensureIndexed() const
{
    // Rows only ever move down (inserted above) or by one move, so rebuilding from the first
    // changed row corrects every stale entry.
    for (int r = m_indexedRows; r < m_messages.size(); ++r) {
        const QString key = m_messages.at(r).key();
        if (!key.isEmpty())
            m_rowByKey.insert(key, r);
    }
    m_indexedRows = int(m_messages.size());
}

int MessageModel::rowOfKey(const QString &key) const
{
    if (key.isEmpty())
        return -1;
    ensureIndexed();
    return m_rowByKey.value(key, -1);
}

int MessageModel::sequencedRows() const
{
    const auto end = std::partition_point(m_messages.cbegin(), m_messages.cend(),
                                          [](const ChatMessage &m) { return m.seq > 0; });
    return int(end - m_messages.cbegin());
}

int MessageModel::sequencedInsertRow(qint64 seq, int skip) const
{
    const int sequenced = sequencedRows();
    const bool skipInside = skip >= 0 && skip < sequenced;
    const auto seqAt = [&](int row) {
        return m_messages.at(skipInside && row >= skip ? row + 1 : row).seq;
    };
    // Upper bound: after the rows with the same seq (messages of different rooms may share one).
    int low = 0;
    int high = skipInside ? sequenced - 1 : sequenced;
    while (low < high) {
        const int mid = low + (high - low) / 2;
        if (seqAt(mid) <= seq)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

int MessageModel::rowOf(const ChatMessage &message) const
{
    const int row = rowOfKey(message.key());
    if (row >= 0 || message.seq <= 0)
        return row;
    // Known by its other identity: shown with a client id, now arriving with (room, seq) only.
    const auto sequencedEnd = m_messages.cbegin() + sequencedRows();
    auto it = std::lower_bound(m_messages.cbegin(), sequencedEnd, message.seq,
                               [](const ChatMessage &m, qint64 seq) { return m.seq < seq; });
    for (; it != sequencedEnd && it->seq == message.seq; ++it) {
        if (it->room == message.room)
            return int(it - m_messages.cbegin());
    }
    return -1;
}

void MessageModel::addMessage(const ChatMessage &message)
{
    addMessages({message});
}

void MessageModel::addMessages(const QList<ChatMessage> &messages)
{
    QList<ChatMessage> fresh;
    QHash<QString, int> freshByIdentity;
    const auto remember = [&freshByIdentity](const ChatMessage &m, int at) {
        for (const QString &id : {m.key(), seqIdentity(m)}) {
            if (!id.isEmpty())
                freshByIdentity.insert(id, at);
        }
    };
    for (const ChatMessage &m : messages) {
        if (!accepts(m))
            continue;
        if (m.isChange()) {
            // An edit, delete or reaction: applied to its target, shown or arriving in this
            // batch; never a row of its own. A target not shown is current when it comes.
            ChatMessage target;
            target.room = m.room;
            target.seq = m.target;
            const int at = freshByIdentity.value(seqIdentity(target), -1);
            if (at >= 0)
                MessageChange::apply(m, &fresh[at]);
            else
                applyChange(m);
            continue;
        }
        const int row = rowOf(m);
        if (row >= 0) {
            // Already shown: the newer copy wins; the row moves only if its seq says so.
            replaceRow(row, merged(m_messages.at(row), m), {});
            continue;
        }
        int at = -1;
        for (const QString &id : {m.key(), seqIdentity(m)}) {
            if (at < 0 && !id.isEmpty())
                at = freshByIdentity.value(id, -1);
        }
        if (at >= 0) {
            fresh[at] = merged(fresh.at(at), m);
            remember(fresh.at(at), at);
            continue;
        }
        remember(m, int(fresh.size()));
        fresh << m;
    }
    insertInOrder(fresh, Unsequenced::AtEnd, true);
}

int MessageModel::firstUnreadRow() const
{
    if (m_unreadLineAfter <= 0)
        return -1;
    // Rows with a seq come first, in seq order.
    const auto sequencedEnd = m_messages.cbegin() + sequencedRows();
    const auto it = std::upper_bound(m_messages.cbegin(), sequencedEnd, m_unreadLineAfter,
                                     [](qint64 seq, const ChatMessage &m) { return seq < m.seq; });
    return it == sequencedEnd ? -1 : int(it - m_messages.cbegin());
}

void MessageModel::setUnreadLineAfter(qint64 seq)
{
    seq = std::max<qint64>(0, seq);
    if (seq == m_unreadLineAfter)
        return;
    const int before = firstUnreadRow();
    m_unreadLineAfter = seq;
    const int after = firstUnreadRow();
    for (const int row : {before, after}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {FirstUnreadRole});
    }
}

int MessageModel::rowOfSeq(qint64 seq) const
{
    ChatMessage m;
    m.room = m_room;
    m.seq = seq;
    return seq > 0 ? rowOf(m) : -1;
}

void MessageModel::applyChange(const ChatMessage &change)
{
    ChatMessage target;
    target.room = change.room;
    target.seq = change.target;
    const int row = change.target > 0 ? rowOf(target) : -1;
    if (row < 0 && sequencedRows() < m_messages.size())
        m_awaitingSeq.hold(change); // its target may be one's own message, not acknowledged yet
    if (row < 0 || !MessageChange::apply(change, &m_messages[row]))
        return;
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {Qt::DisplayRole, TextRole, EditedRole, DeletedRole, ReactionsRole});
    if (change.kind == ChatMessage::Kind::React)
        return;
    // Answers quote it: their excerpt changed too. Answers come after what they answer, and
    // edits and deletes are rare, so a scan of the rows below is cheap enough.
    for (int r = row + 1; r < m_messages.size(); ++r) {
        if (m_messages.at(r).replyTo == change.target) {
            const QModelIndex answer = index(r);
            Q_EMIT dataChanged(answer, answer, {ReplyExcerptRole});
        }
    }
}

int MessageModel::insertInOrder(QList<ChatMessage> fresh, Unsequenced placement, bool notify)
{
    if (fresh.isEmpty())
        return 0;
    // Rows with a seq in seq order, then the others in the order given.
    const auto firstUnsequenced = std::stable_partition(
            fresh.begin(), fresh.end(), [](const ChatMessage &m) { return m.seq > 0; });
    std::stable_sort(fresh.begin(), firstUnsequenced,
                     [](const ChatMessage &a, const ChatMessage &b) { return a.seq < b.seq; });
    const auto targetOf = [this, placement](const ChatMessage &m) {
        if (m.seq > 0)
            return sequencedInsertRow(m.seq);
        return placement == Unsequenced::AtEnd ? int(m_messages.size()) : sequencedRows();
    };

    // One insertion per run of messages that go to the same place. Targets are found run by
    // run: a slot reacting to one run (a view's or a tester's fetchMore()) may have added rows,
    // maybe some of these very messages, before the next.
    int inserted = 0;
    qsizetype first = 0;
    while (first < fresh.size()) {
        const auto shownMeanwhile = [&](qsizetype i) { return inserted > 0 && rowOf(fresh.at(i)) >= 0; };
        if (shownMeanwhile(first)) {
            ++first;
            continue;
        }
        const int at = targetOf(fresh.at(first));
        qsizetype last = first;
        while (last + 1 < fresh.size() && !shownMeanwhile(last + 1) && targetOf(fresh.at(last + 1)) == at)
            ++last;
        const int count = int(last - first + 1);
        if (notify)
            beginInsertRows({}, at, at + count - 1);
        m_messages.insert(at, count, ChatMessage{});
        std::move(fresh.begin() + first, fresh.begin() + last + 1, m_messages.begin() + at);
        invalidateIndexFrom(at);
        if (notify)
            endInsertRows();
        inserted += count;
        first = last + 1;
    }
    return inserted;
}

void MessageModel::replaceRow(int row, ChatMessage message, QList<int> roles)
{
    const ChatMessage &old = m_messages.at(row);
    const bool newSeq = message.seq > 0 && message.seq != old.seq;
    if (newSeq && old.seq <= 0 && m_awaitingSeq.applyTo(&message) && !roles.isEmpty())
        roles << Qt::DisplayRole << TextRole << EditedRole << DeletedRole << ReactionsRole;
    const int target = newSeq ? sequencedInsertRow(message.seq, row) : row;
    const QString oldKey = old.key();
    if (oldKey != message.key()) {
        // Known by (room, seq) until now, by client id from here on.
        m_rowByKey.remove(oldKey);
        invalidateIndexFrom(row);
    }
    m_messages[row] = message;
    int at = row;
    if (target != row) {
        beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
        m_messages.move(row, target);
        invalidateIndexFrom(std::min(row, target));
        endMoveRows();
        at = target;
    }
    const QModelIndex i = index(at);
    Q_EMIT dataChanged(i, i, roles);
}

void MessageModel::updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                                  const QDateTime &time)
{
    if (state != ChatMessage::Delivery::Pending)
        m_uploads.remove(clientId); // on the server, or failed: no more progress to show
    const int row = rowOfClientId(clientId);
    if (row < 0)
        return;
    ChatMessage m = m_messages.at(row);
    QList<int> roles{DeliveryRole};
    if (!m.file.isNull())
        roles << UploadProgressRole;
    m.delivery = state;
    if (seq > 0 && m.seq != seq) {
        m.seq = seq;
        roles << SeqRole;
    }
    if (time.isValid() && m.time != time) {
        m.time = time;
        roles << TimeRole;
    }
    replaceRow(row, m, roles);
    if (sequencedRows() == m_messages.size())
        m_awaitingSeq.clear(); // no row waits for a seq: nothing held can find its target any more
}

ChatMessage MessageModel::messageAt(int row) const
{
    return (row >= 0 && row < m_messages.size()) ? m_messages.at(row) : ChatMessage{};
}

void MessageModel::removeCancelled(const QString &clientId)
{
    const int row = rowOfClientId(clientId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rowByKey.remove(m_messages.at(row).key());
    m_messages.removeAt(row);
    m_uploads.remove(clientId);
    invalidateIndexFrom(row); // the rows below moved up: their index entries are written again
    endRemoveRows();
}

int MessageModel::rowOfClientId(const QString &clientId) const
{
    return clientId.isEmpty() ? -1 : rowOfKey(QLatin1String("c:") + clientId);
}
