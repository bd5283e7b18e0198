// Outbox: one's own messages from Pending to Delivered or Failed, with ack deadlines, driven by
// hand on an InMemoryChatStore (no link).
#include "inmemorychatstore.h"
#include "outbox.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using Delivery = ChatMessage::Delivery;

namespace {
ChatMessage own(const QString &clientId, const QString &room = QStringLiteral("r"))
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = room;
    m.text = clientId;
    m.own = true;
    return m;
}

QList<Delivery> statesOf(const QSignalSpy &spy, const QString &clientId)
{
    QList<Delivery> out;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).toString() == clientId)
            out << args.at(1).value<Delivery>();
    }
    return out;
}

//! A store that refuses to write (a full disk).
class RefusingStore : public InMemoryChatStore
{
public:
    bool saveOutgoing(const ChatMessage &) override { return false; }
};
} // namespace

class tst_Outbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pendingSentDelivered();
    void nothingQueuedThatCannotBeStored();
    void pendingByRoomInOrder();
    void ackTimeoutResendsThenFails();
    void lostLinkDoesNotCount();
    void throttledIsDeferredNotFailed();
    void deferralsAreBounded();
    void throttledRoomIsHeldAndResentInOrder();
    void refusedThenRetried();
    void failedSeenDeliveredSettles();
    void restoredFromStore();
    void withoutAcksWrittenIsFinal();
};

void tst_Outbox::pendingSentDelivered()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QSignalSpy queued(&outbox, &Outbox::queued);
    QSignalSpy delivery(&outbox, &Outbox::deliveryChanged);
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    QCOMPARE(queued.size(), 1);
    QCOMPARE(queued.at(0).at(0).value<ChatMessage>().delivery, Delivery::Pending);
    QCOMPARE(store.unacknowledged().size(), 1); // stored before anything is written
    outbox.written(QStringLiteral("a"), true);
    const std::optional<ChatMessage> settled = outbox.acknowledge(QStringLiteral("a"), 42, QDateTime::currentDateTimeUtc());
    QVERIFY(settled);
    QCOMPARE(settled->seq, 42);
    QCOMPARE(settled->delivery, Delivery::Delivered);
    QVERIFY(!outbox.acknowledge(QStringLiteral("a"), 42, {})); // a second ack (a resend)
    QCOMPARE(statesOf(delivery, QStringLiteral("a")), (QList<Delivery>{Delivery::Sent, Delivery::Delivered}));
    QVERIFY(outbox.messages().isEmpty());
    QVERIFY(store.unacknowledged().isEmpty());
}

void tst_Outbox::nothingQueuedThatCannotBeStored()
{
    RefusingStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QSignalSpy queued(&outbox, &Outbox::queued);
    QVERIFY(!outbox.add(own(QStringLiteral("a"))));
    QCOMPARE(queued.size(), 0);
    QVERIFY(outbox.messages().isEmpty());
}

void tst_Outbox::pendingByRoomInOrder()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QVERIFY(outbox.add(own(QStringLiteral("1"), QStringLiteral("a"))));
    QVERIFY(outbox.add(own(QStringLiteral("2"), QStringLiteral("b"))));
    QVERIFY(outbox.add(own(QStringLiteral("3"), QStringLiteral("a"))));
    QCOMPARE(outbox.pending(QStringLiteral("a")), (QStringList{QStringLiteral("1"), QStringLiteral("3")}));
    QCOMPARE(outbox.pending(), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")}));
    outbox.written(QStringLiteral("1"), true);
    QCOMPARE(outbox.pending(QStringLiteral("a")), QStringList{QStringLiteral("3")});
}

void tst_Outbox::ackTimeoutResendsThenFails()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    outbox.setAckPolicy(20ms, 2);
    QSignalSpy due(&outbox, &Outbox::resendDue);
    QSignalSpy delivery(&outbox, &Outbox::deliveryChanged);
    // Whoever writes on resendDue reports it, as ChatClient does.
    connect(&outbox, &Outbox::resendDue, &outbox, [&outbox](const QString &id) { outbox.written(id, true); });
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    outbox.written(QStringLiteral("a"), true);
    QTRY_COMPARE(statesOf(delivery, QStringLiteral("a")).constLast(), Delivery::Failed);
    QCOMPARE(due.size(), 2); // ackRetries writes again, then gives up
    QVERIFY(outbox.isFailed(QStringLiteral("a")));
    QCOMPARE(store.failed().size(), 1);
}

void tst_Outbox::lostLinkDoesNotCount()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    outbox.setAckPolicy(10s, 0);
    QSignalSpy delivery(&outbox, &Outbox::deliveryChanged);
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    outbox.written(QStringLiteral("a"), true);
    outbox.linkLost();
    QCOMPARE(outbox.pending(), QStringList{QStringLiteral("a")}); // back to Pending, to be resent
    QCOMPARE(statesOf(delivery, QStringLiteral("a")), (QList<Delivery>{Delivery::Sent, Delivery::Pending}));
    QVERIFY(!outbox.isFailed(QStringLiteral("a")));
}

void tst_Outbox::throttledIsDeferredNotFailed()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    outbox.setAckPolicy(10s, 0); // not one write may be lost: only a throttled one is free
    QSignalSpy due(&outbox, &Outbox::resendDue);
    QSignalSpy delivery(&outbox, &Outbox::deliveryChanged);
    connect(&outbox, &Outbox::resendDue, &outbox, [&outbox](const QString &id) { outbox.written(id, true); });
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    outbox.written(QStringLiteral("a"), true);
    for (int i = 1; i <= 3; ++i) {
        outbox.defer(QStringLiteral("a"), 20); // "rate limited", retryAfterMs 20
        QTRY_COMPARE(due.size(), i);            // written again after the wait, not after 10 s
    }
    QVERIFY(!outbox.isFailed(QStringLiteral("a")));
    QVERIFY(outbox.acknowledge(QStringLiteral("a"), 7, QDateTime::currentDateTimeUtc()));
    QCOMPARE(statesOf(delivery, QStringLiteral("a")), (QList<Delivery>{Delivery::Sent, Delivery::Delivered}));
    outbox.defer(QStringLiteral("unknown"), 20); // nothing waiting by that id: ignored
}

void tst_Outbox::deferralsAreBounded()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    outbox.written(QStringLiteral("a"), true);
    for (int i = 0; i < Outbox::kMaxDeferrals; ++i)
        outbox.defer(QStringLiteral("a"), 1);
    QVERIFY(!outbox.isFailed(QStringLiteral("a")));
    outbox.defer(QStringLiteral("a"), 1); // a server that never lets it through: a way out
    QVERIFY(outbox.isFailed(QStringLiteral("a")));
}

// A burst: "b" and "c" were written after "a", "a" is throttled; "d" is typed during the wait.
// The room is held (nothing of it may be written), the other room is not, and when the longest
// wait is over the room's messages are due together, in the order they were typed.
void tst_Outbox::throttledRoomIsHeldAndResentInOrder()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    outbox.setAckPolicy(20ms, 3); // ack deadlines run out during the hold: they wait for it
    QSignalSpy due(&outbox, &Outbox::resendDue);
    const QString room = QStringLiteral("r");
    for (const char *id : {"a", "b", "c"}) {
        QVERIFY(outbox.add(own(QLatin1String(id))));
        outbox.written(QLatin1String(id), true);
    }
    QVERIFY(outbox.add(own(QStringLiteral("x"), QStringLiteral("other"))));
    QVERIFY(!outbox.isHeld(room));
    outbox.defer(QStringLiteral("a"), 150);
    outbox.defer(QStringLiteral("c"), 200); // "b" is in flight still; "c" came back throttled too
    QVERIFY(outbox.isHeld(room));
    QVERIFY(!outbox.isHeld(QStringLiteral("other")));
    QVERIFY(outbox.add(own(QStringLiteral("d")))); // typed now: stays Pending
    QTRY_VERIFY(!outbox.isHeld(room));
    QTRY_COMPARE(due.size(), 4);
    QStringList order;
    for (const QList<QVariant> &args : std::as_const(due))
        order << args.at(0).toString();
    QCOMPARE(order, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                 QStringLiteral("d")}));
    // A lost link forgets the hold (it was the old session's) and nothing is Failed.
    outbox.defer(QStringLiteral("a"), 10'000);
    QVERIFY(outbox.isHeld(room));
    outbox.linkLost();
    QVERIFY(!outbox.isHeld(room));
    QCOMPARE(outbox.pending(room).size(), 4);
}

void tst_Outbox::refusedThenRetried()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    outbox.written(QStringLiteral("a"), true);
    QVERIFY(outbox.refuse(QStringLiteral("a")));
    QVERIFY(!outbox.refuse(QStringLiteral("a")));
    QVERIFY(outbox.isFailed(QStringLiteral("a")));
    QVERIFY(!outbox.contains(QStringLiteral("a")));
    QVERIFY(!outbox.retry(QStringLiteral("nope")));
    QVERIFY(outbox.retry(QStringLiteral("a")));
    QCOMPARE(outbox.pending(), QStringList{QStringLiteral("a")});
    QVERIFY(!outbox.isFailed(QStringLiteral("a")));
}

void tst_Outbox::failedSeenDeliveredSettles()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QSignalSpy delivery(&outbox, &Outbox::deliveryChanged);
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    QVERIFY(outbox.refuse(QStringLiteral("a")));
    ChatMessage seen = own(QStringLiteral("a"));
    QVERIFY(!outbox.settleFailed(seen)); // no seq: it did not reach the server
    seen.seq = 9;
    QVERIFY(outbox.settleFailed(seen));
    QCOMPARE(statesOf(delivery, QStringLiteral("a")).constLast(), Delivery::Delivered);
    QVERIFY(!outbox.isFailed(QStringLiteral("a")));
}

void tst_Outbox::restoredFromStore()
{
    InMemoryChatStore store;
    ChatMessage sent = own(QStringLiteral("s"));
    sent.delivery = Delivery::Sent;
    QVERIFY(store.saveOutgoing(sent));
    ChatMessage failed = own(QStringLiteral("f"));
    failed.delivery = Delivery::Failed;
    QVERIFY(store.saveOutgoing(failed));
    Outbox outbox;
    QSignalSpy queued(&outbox, &Outbox::queued);
    outbox.setStore(&store);
    QCOMPARE(queued.size(), 1);
    QCOMPARE(outbox.pending(), QStringList{QStringLiteral("s")}); // written before? unknown: Pending
    QVERIFY(outbox.isFailed(QStringLiteral("f")));
}

void tst_Outbox::withoutAcksWrittenIsFinal()
{
    InMemoryChatStore store;
    Outbox outbox;
    outbox.setStore(&store);
    QSignalSpy delivery(&outbox, &Outbox::deliveryChanged);
    QVERIFY(outbox.add(own(QStringLiteral("a"))));
    outbox.written(QStringLiteral("a"), false);
    QCOMPARE(statesOf(delivery, QStringLiteral("a")), QList<Delivery>{Delivery::Sent});
    QVERIFY(outbox.messages().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
