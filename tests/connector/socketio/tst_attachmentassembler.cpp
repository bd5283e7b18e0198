// AttachmentAssembler: a binary packet and the frames after it come back together in order; past
// its bounds (attachments per packet, bytes per packet), interrupted by a text packet or out of
// time, a packet is dropped and the rest of its frames are skipped, and a frame no packet
// announced is refused -- nothing is held past the bounds.
#include "attachmentassembler.h"
#include "testmain.h"

#include <QTest>

using Fed = AttachmentAssembler::Fed;

namespace {
SocketIoPacket announcing(int attachments)
{
    SocketIoPacket p;
    p.type = SocketIoType::BinaryEvent;
    p.attachments = attachments;
    p.data = QJsonArray{QStringLiteral("file.chunk"), SocketIoCodec::placeholder(0)};
    return p;
}
} // namespace

class tst_AttachmentAssembler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void framesFollowTheirPacket();
    void tooManyAttachmentsAreSkipped();
    void tooManyBytesDropThePacket();
    void aTextPacketInterrupts();
    void aTimeoutDropsAndSkipsTheRest();
    void anUnannouncedFrameIsRefused();

private:
    AttachmentAssembler m_a;
};

void tst_AttachmentAssembler::init()
{
    m_a = AttachmentAssembler();
    m_a.setLimits({2, 100});
}

void tst_AttachmentAssembler::framesFollowTheirPacket()
{
    QVERIFY(m_a.start(announcing(2)));
    QVERIFY(m_a.isHolding());
    QCOMPARE(m_a.feed("first"), Fed::NeedMore);
    QCOMPARE(m_a.due(), 1);
    QCOMPARE(m_a.heldBytes(), qint64(5));
    QCOMPARE(m_a.feed("second"), Fed::Complete);
    const auto [packet, frames] = m_a.take();
    QCOMPARE(packet.attachments, 2);
    QCOMPARE(frames, (QList<QByteArray>{"first", "second"}));
    QVERIFY(!m_a.isHolding());
    QCOMPARE(m_a.heldBytes(), qint64(0));
    QCOMPARE(m_a.dropped(), 0);
}

void tst_AttachmentAssembler::tooManyAttachmentsAreSkipped()
{
    QVERIFY(!m_a.start(announcing(3)));
    QVERIFY(!m_a.isHolding());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_a.feed("x"), Fed::Skipped);
    QCOMPARE(m_a.feed("x"), Fed::Unannounced); // the fourth belongs to nothing
    QCOMPARE(m_a.dropped(), 3);
}

void tst_AttachmentAssembler::tooManyBytesDropThePacket()
{
    QVERIFY(m_a.start(announcing(2)));
    QCOMPARE(m_a.feed(QByteArray(60, 'a')), Fed::NeedMore);
    QCOMPARE(m_a.feed(QByteArray(41, 'b')), Fed::OverBytes); // 101 > 100
    QVERIFY(!m_a.isHolding());
    QCOMPARE(m_a.heldBytes(), qint64(0));
    QCOMPARE(m_a.dropped(), 2);
    QCOMPARE(m_a.feed("next"), Fed::Unannounced); // the packet had no more frames due
    // A bound of one frame: the frames still due after the one over it are skipped.
    QVERIFY(m_a.start(announcing(2)));
    QCOMPARE(m_a.feed(QByteArray(101, 'c')), Fed::OverBytes);
    QCOMPARE(m_a.feed("rest"), Fed::Skipped);
}

void tst_AttachmentAssembler::aTextPacketInterrupts()
{
    QVERIFY(m_a.start(announcing(2)));
    QCOMPARE(m_a.feed("half"), Fed::NeedMore);
    QVERIFY(m_a.textArrived());
    QVERIFY(!m_a.isHolding());
    QCOMPARE(m_a.dropped(), 2);
    QCOMPARE(m_a.feed("late"), Fed::Unannounced);
    QVERIFY(!m_a.textArrived()); // nothing held: nothing dropped
}

void tst_AttachmentAssembler::aTimeoutDropsAndSkipsTheRest()
{
    QVERIFY(m_a.start(announcing(2)));
    QCOMPARE(m_a.feed("one"), Fed::NeedMore);
    m_a.drop();
    QVERIFY(!m_a.isHolding());
    QCOMPARE(m_a.feed("two, too late"), Fed::Skipped);
    QCOMPARE(m_a.feed("three"), Fed::Unannounced);
    // A new packet starts clean, whatever was still to be skipped.
    m_a.drop(); // nothing held: nothing happens
    QVERIFY(m_a.start(announcing(1)));
    QCOMPARE(m_a.feed("only"), Fed::Complete);
    QCOMPARE(m_a.take().second, QList<QByteArray>{"only"});
}

void tst_AttachmentAssembler::anUnannouncedFrameIsRefused()
{
    QCOMPARE(m_a.feed("stray"), Fed::Unannounced);
    QCOMPARE(m_a.dropped(), 0);
    m_a.skip(1);
    QCOMPARE(m_a.feed("of a packet not taken"), Fed::Skipped);
    QCOMPARE(m_a.dropped(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_AttachmentAssembler)
#include "tst_attachmentassembler.moc"
