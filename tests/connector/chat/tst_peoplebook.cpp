// PeopleBook: who is known, by id; member lists follow later news of a person; presence is Unknown
// while not current; both maps are bounded.
#include "peoplebook.h"
#include "testmain.h"

#include <QTest>

namespace {
Person make(qint64 id, const QString &name, Person::Presence presence = Person::Presence::Online)
{
    Person p;
    p.id = id;
    p.username = name.toLower();
    p.displayName = name;
    p.presence = presence;
    return p;
}
} // namespace

class tst_PeopleBook : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answers_data();
    void answers();
    void forgetRoomKeepsPeople();
    void applyDelta_data();
    void applyDelta();
    void deltaNeedsAList();
    void personsBounded();
    void directRoomsBounded();
};

void tst_PeopleBook::answers_data()
{
    using P = Person::Presence;
    QTest::addColumn<bool>("current");
    QTest::addColumn<bool>("laterNews");     // a presence change of bob after the member list
    QTest::addColumn<int>("bobInRoom");      // presence of bob as the room's list says it
    QTest::addColumn<int>("bobAsPerson");
    QTest::addColumn<int>("bobAsPeer");
    QTest::newRow("current, list only") << true << false << int(P::Online) << int(P::Online) << int(P::Online);
    QTest::newRow("current, later news wins") << true << true << int(P::Away) << int(P::Away) << int(P::Away);
    QTest::newRow("not current: unknown") << false << true << int(P::Unknown) << int(P::Unknown) << int(P::Unknown);
    QTest::newRow("not current, list only") << false << false << int(P::Unknown) << int(P::Unknown) << int(P::Unknown);
}

void tst_PeopleBook::answers()
{
    QFETCH(bool, current);
    QFETCH(bool, laterNews);
    QFETCH(int, bobInRoom);
    QFETCH(int, bobAsPerson);
    QFETCH(int, bobAsPeer);
    PeopleBook book;
    book.setCurrent(current);
    book.setPeople(QStringLiteral("lobby"), {make(7, QStringLiteral("Dana")), make(12, QStringLiteral("Bob"))});
    QVERIFY(book.setDirectPeer(QStringLiteral("@dm:7:12"), make(12, QStringLiteral("Bob"))));
    if (laterNews)
        book.remember(make(12, QStringLiteral("Bob"), Person::Presence::Away));
    const QList<Person> room = book.people(QStringLiteral("lobby"));
    QCOMPARE(room.size(), 2);
    QCOMPARE(room.at(1).id, 12);
    QCOMPARE(int(room.at(1).presence), bobInRoom);
    QCOMPARE(int(book.person(12).presence), bobAsPerson);
    QCOMPARE(book.person(12).displayName, QStringLiteral("Bob"));
    QCOMPARE(int(book.directPeer(QStringLiteral("@dm:7:12")).presence), bobAsPeer);
    QVERIFY(!book.person(99).isValid());
    QVERIFY(!book.directPeer(QStringLiteral("lobby")).isValid());
    QVERIFY(book.people(QStringLiteral("elsewhere")).isEmpty());
}

using Ids = QList<qint64>;

void tst_PeopleBook::applyDelta_data()
{
    QTest::addColumn<Ids>("before");
    QTest::addColumn<Ids>("joined");
    QTest::addColumn<Ids>("left");
    QTest::addColumn<Ids>("after");
    QTest::newRow("join appends") << Ids{1, 2} << Ids{3} << Ids{} << Ids{1, 2, 3};
    QTest::newRow("leave removes") << Ids{1, 2, 3} << Ids{} << Ids{2} << Ids{1, 3};
    QTest::newRow("both") << Ids{1, 2} << Ids{4, 5} << Ids{1} << Ids{2, 4, 5};
    QTest::newRow("known joiner keeps its place") << Ids{1, 2} << Ids{1} << Ids{} << Ids{1, 2};
    QTest::newRow("unknown leaver ignored") << Ids{1} << Ids{} << Ids{9} << Ids{1};
    QTest::newRow("same delta twice") << Ids{1, 2, 3} << Ids{3} << Ids{} << Ids{1, 2, 3};
    QTest::newRow("joined and left in one: left wins") << Ids{1} << Ids{2} << Ids{2} << Ids{1};
    QTest::newRow("invalid joiner ignored") << Ids{1} << Ids{0} << Ids{} << Ids{1};
}

void tst_PeopleBook::applyDelta()
{
    QFETCH(Ids, before);
    QFETCH(Ids, joined);
    QFETCH(Ids, left);
    QFETCH(Ids, after);
    const auto people = [](const Ids &ids) {
        QList<Person> out;
        for (qint64 id : ids)
            out << make(id, QStringLiteral("P%1").arg(id));
        return out;
    };
    PeopleBook book;
    book.setPeople(QStringLiteral("r"), people(before));
    QVERIFY(book.applyDelta(QStringLiteral("r"), people(joined), left));
    Ids actual;
    const QList<Person> now = book.people(QStringLiteral("r"));
    for (const Person &p : now)
        actual << p.id;
    QCOMPARE(actual, after);
    QCOMPARE(PeopleBook::displayNames(now).size(), after.size()); // P1, P2…: one name each
}

void tst_PeopleBook::deltaNeedsAList()
{
    PeopleBook book;
    QVERIFY(!book.applyDelta(QStringLiteral("never joined"), {make(1, QStringLiteral("A"))}, {}));
    QVERIFY(book.people(QStringLiteral("never joined")).isEmpty());
    QVERIFY(!book.person(1).isValid()); // a delta for a room not ours teaches nothing
    QCOMPARE(PeopleBook::displayNames({make(1, QStringLiteral("Ann")), make(2, QStringLiteral("Bo")),
                                       make(3, QStringLiteral("Ann"))}),
             (QStringList{QStringLiteral("Ann"), QStringLiteral("Bo")}));
}

void tst_PeopleBook::forgetRoomKeepsPeople()
{
    PeopleBook book;
    book.setPeople(QStringLiteral("lobby"), {make(12, QStringLiteral("Bob"))});
    book.forgetRoom(QStringLiteral("lobby"));
    QVERIFY(book.people(QStringLiteral("lobby")).isEmpty());
    QCOMPARE(book.person(12).displayName, QStringLiteral("Bob"));
    book.remember(Person{}); // invalid: not remembered
    QCOMPARE(book.personCount(), 1);
}

void tst_PeopleBook::personsBounded()
{
    PeopleBook book;
    book.setCurrent(true);
    for (qint64 id = 1; id <= PeopleBook::kMaxPersons + 5; ++id)
        book.remember(make(id, QStringLiteral("P%1").arg(id)));
    QCOMPARE(book.personCount(), PeopleBook::kMaxPersons);
    QVERIFY(!book.person(PeopleBook::kMaxPersons + 1).isValid()); // new ids past the bound: not kept
    book.remember(make(1, QStringLiteral("One"), Person::Presence::Away)); // known ones still follow news
    QCOMPARE(book.person(1).displayName, QStringLiteral("One"));
    QCOMPARE(book.person(1).presence, Person::Presence::Away);
    // A room's list still carries somebody the book could not keep.
    book.setPeople(QStringLiteral("big"), {make(PeopleBook::kMaxPersons + 9, QStringLiteral("Late"))});
    QCOMPARE(book.people(QStringLiteral("big")).constFirst().displayName, QStringLiteral("Late"));
}

void tst_PeopleBook::directRoomsBounded()
{
    PeopleBook book;
    for (qint64 id = 1; id <= PeopleBook::kMaxDirectRooms; ++id)
        QVERIFY(book.setDirectPeer(QStringLiteral("@dm:%1:%2").arg(id).arg(PeopleBook::kMaxDirectRooms + 1), make(id, QStringLiteral("P"))));
    QVERIFY(!book.setDirectPeer(QStringLiteral("@dm:1:999999"), make(999999, QStringLiteral("X"))));
    QCOMPARE(book.directCount(), PeopleBook::kMaxDirectRooms);
    QVERIFY(!book.directPeer(QStringLiteral("@dm:1:999999")).isValid());
    // One already known may be told again.
    QVERIFY(book.setDirectPeer(QStringLiteral("@dm:1:%1").arg(PeopleBook::kMaxDirectRooms + 1), make(1, QStringLiteral("Again"))));
    QVERIFY(!book.setDirectPeer(QStringLiteral("@dm:1:2"), Person{}));
}

PARLEY_TEST_GUILESS_MAIN(tst_PeopleBook)
#include "tst_peoplebook.moc"
