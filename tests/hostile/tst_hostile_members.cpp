// Member lists (issue 11): 1,000 clients joining one room took 38 s and 12 s of CPU, every join
// sending the whole list to everybody. Now a room's changes are coalesced (the longer the bigger
// the room) and sent as "membersDelta" to clients that ask: O(N) frames for N joins.
//
// PARLEY_HOSTILE_LEGACY=1 runs the same crowd with full lists every membersAnnounceDelay (the
// old way, with today's O(N) list building), to measure the "before".

#include "hostilefixtures.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

#include <memory>
#include <vector>

class tst_HostileMembers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thousandJoinsCostLinearFrames();
};

namespace {
constexpr int kCrowd = 1000;
const QString kBig = QStringLiteral("big");
} // namespace

void tst_HostileMembers::thousandJoinsCostLinearFrames()
{
    const bool legacy = qEnvironmentVariableIntValue("PARLEY_HOSTILE_LEGACY") == 1;
    ServerSettings settings = manyFromOneAddress();
    settings.joinRate = {};
    if (legacy)
        settings.membersPerAnnounceStep = std::numeric_limits<int>::max();
    auto server = startServer(settings);
    QVERIFY(server);

    qint64 frames = 0;
    qint64 bytes = 0;
    // The first member follows the room by its deltas, as PeopleBook does.
    QSet<qint64> firstView;
    QElapsedTimer clock;
    clock.start();
    const qint64 cpuBefore = cpuMs();
    std::vector<std::unique_ptr<SioClient>> crowd;
    for (int i = 0; i < kCrowd; ++i) {
        auto client = connectClient(*server, QStringLiteral("c%1").arg(i));
        QVERIFY(client);
        QJsonObject join{{QLatin1String("room"), kBig}};
        if (!legacy)
            join.insert(QLatin1String("memberDeltas"), true);
        const auto answer = client->request(QStringLiteral("join"), {join});
        QVERIFY(answer);
        QCOMPARE(answer->value(QLatin1String("ok")), QJsonValue(true));
        if (i == 0) {
            const QJsonArray people = answer->value(QLatin1String("people")).toArray();
            for (const QJsonValue &p : people)
                firstView.insert(p.toObject().value(QLatin1String("id")).toInteger());
        }
        // Count the announcements, keep nothing (the join answers alone are O(N²) bytes).
        client->frames.clear();
        client->packets.clear();
        SioClient *raw = client.get();
        const bool first = i == 0;
        connect(&raw->socket, &QWebSocket::textMessageReceived, this, [&, raw, first](const QString &frame) {
            const bool delta = frame.startsWith(QLatin1String("42[\"membersDelta\""));
            const bool announcement = delta || frame.startsWith(QLatin1String("42[\"members\""));
            if (announcement) {
                ++frames;
                bytes += frame.size();
            }
            if (first && announcement && !raw->packets.isEmpty()) {
                const QJsonObject o = raw->packets.constLast().arguments().at(0).toObject();
                if (!delta && o.contains(QLatin1String("people")))
                    firstView.clear(); // a full list: it replaces what was known
                const QJsonArray people = o.value(QLatin1String("people")).toArray();
                for (const QJsonValue &p : people)
                    firstView.insert(p.toObject().value(QLatin1String("id")).toInteger());
                const QJsonArray left = o.value(QLatin1String("left")).toArray();
                for (const QJsonValue &id : left)
                    firstView.remove(id.toInteger());
                const QJsonArray joined = o.value(QLatin1String("joined")).toArray();
                for (const QJsonValue &p : joined)
                    firstView.insert(p.toObject().value(QLatin1String("id")).toInteger());
            }
            raw->frames.clear();
            raw->packets.clear();
        });
        crowd.push_back(std::move(client));
    }
    const qint64 joinedMs = clock.elapsed();
    // The last announcement goes to every member in one go: once the first has it, all have.
    QTRY_COMPARE_WITH_TIMEOUT(firstView.size(), kCrowd, 10'000);
    const qint64 cpu = cpuMs() - cpuBefore;
    qInfo("%d clients joined one room in %lld ms (%lld ms CPU, server and clients; %s): %lld member "
          "frames, %lld KiB",
          kCrowd, joinedMs, cpu, legacy ? "full lists every 50 ms" : "deltas, coalesced by size",
          frames, bytes / 1024);
    if (legacy)
        return;
    QVERIFY2(frames <= 10 * kCrowd, qPrintable(QString::number(frames)));

    // Leaving is a delta too.
    crowd.back().reset();
    crowd.pop_back();
    QTRY_COMPARE_WITH_TIMEOUT(firstView.size(), kCrowd - 1, 10'000);
}

PARLEY_TEST_GUILESS_MAIN(tst_HostileMembers)
#include "tst_hostile_members.moc"
