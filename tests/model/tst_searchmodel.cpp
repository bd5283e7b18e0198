// SearchModel with a real MessageStore (and no server: a stock server has no search): the first
// page at once, newest first; the next page added below (rows inserted, no reset: the list stays
// where the reader is) with no duplicates and no gaps; bounded by kMaxRows; an empty text or
// filters alone list nothing.
#include "messagestore.h"
#include "searchmodel.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_SearchModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagesAreAddedBelow();
    void nothingToLookFor();
    void boundedByMaxRows();
};

// However often the list asks for more, one search holds kMaxRows rows at most.
void tst_SearchModel::boundedByMaxRows()
{
    QTemporaryDir dir;
    MessageStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("s.sqlite"))));
    const int matching = SearchModel::kMaxRows + 50;
    for (int i = 1; i <= matching; ++i) {
        ChatMessage m;
        m.room = QStringLiteral("lobby");
        m.seq = i;
        m.sender = QStringLiteral("Bob");
        m.text = QStringLiteral("ping %1").arg(i);
        m.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + i * 1000, Qt::UTC);
        QVERIFY(store.saveReceived(m));
    }
    SearchModel model(nullptr, &store);
    model.search(QStringLiteral("ping"));
    for (int i = 0; i < 3 * matching / SearchModel::kPageSize; ++i)
        model.fetchNextPage();
    QCOMPARE(model.rowCount(), SearchModel::kMaxRows);
    QVERIFY(!model.hasMore());
    QCOMPARE(model.messageAt(SearchModel::kMaxRows - 1).seq, matching - SearchModel::kMaxRows + 1);
}

void tst_SearchModel::pagesAreAddedBelow()
{
    QTemporaryDir dir;
    MessageStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("s.sqlite"))));
    constexpr int kMatching = 70;
    for (int i = 1; i <= kMatching; ++i) {
        ChatMessage m;
        m.room = QStringLiteral("lobby");
        m.seq = 2 * i;
        m.sender = QStringLiteral("Bob");
        m.text = QStringLiteral("status report %1").arg(i);
        m.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + i * 1000, Qt::UTC);
        QVERIFY(store.saveReceived(m));
        m.seq = 2 * i + 1;
        m.text = QStringLiteral("unrelated %1").arg(i);
        QVERIFY(store.saveReceived(m));
    }
    SearchModel model(nullptr, &store);
    model.search(QStringLiteral("report"));
    QCOMPARE(model.rowCount(), SearchModel::kPageSize);
    QVERIFY(model.hasMore());
    QCOMPARE(model.messageAt(0).seq, 2 * kMatching); // newest first
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.fetchNextPage();
    model.fetchNextPage();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.rowCount(), kMatching);
    QVERIFY(!model.hasMore());
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.messageAt(row).seq, 2 * (kMatching - row)); // no duplicate, no gap
    model.fetchNextPage(); // nothing more: nothing changes
    QCOMPARE(model.rowCount(), kMatching);
}

void tst_SearchModel::nothingToLookFor()
{
    QTemporaryDir dir;
    MessageStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("s.sqlite"))));
    SearchModel model(nullptr, &store);
    for (const QString &text : {QString(), QStringLiteral("   "), QStringLiteral("in:#lobby"),
                                QStringLiteral("after:2020-01-01")}) {
        model.search(text);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.query().isEmpty());
        QVERIFY(!model.isSearchingServer());
    }
}

PARLEY_TEST_GUILESS_MAIN(tst_SearchModel)
#include "tst_searchmodel.moc"
