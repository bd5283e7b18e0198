// Tests ui/messagetimetext.cpp: "HH:mm" and the local day of UTC times on the local clock (its
// own offset arithmetic agrees with QDateTime across summer-time changes, local midnights and
// half-hour zones), the day separator's words, the tooltip's full date, and that the words are
// translated.
#include "languageloader.h"
#include "messagetimetext.h"
#include "testmain.h"

#include <QLocale>
#include <QTest>

#include <ctime>

namespace {

QDateTime utc(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC);
}

void setZone(const QByteArray &zone)
{
    qputenv("TZ", zone);
    tzset();
}

}  // namespace

class tst_MessageTimeText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void clockText_data();
    void clockText();
    void localDay_data();
    void localDay();
    void localTimeFollowsTheZone();
    void dayText_data();
    void dayText();
    void fullText_data();
    void fullText();
    void wordsAreTranslated();  // last: installs another language
};

void tst_MessageTimeText::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    setZone("Europe/Berlin");  // for the _data() functions too
}

void tst_MessageTimeText::init()
{
    // A zone with summer time, set before any local time is computed: offsets are kept per
    // quarter hour of UTC time, so each zone below is asked about instants of its own.
    setZone("Europe/Berlin");
}

void tst_MessageTimeText::clockText_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("text");
    QTest::newRow("summer afternoon") << QByteArray("Europe/Berlin") << utc(2024, 5, 17, 13, 7)
                                      << QStringLiteral("15:07");
    QTest::newRow("winter") << QByteArray("Europe/Berlin") << utc(2024, 1, 10, 13, 7)
                            << QStringLiteral("14:07");
    QTest::newRow("local midnight") << QByteArray("Europe/Berlin") << utc(2024, 5, 16, 22, 0)
                                    << QStringLiteral("00:00");
    QTest::newRow("before spring forward") << QByteArray("Europe/Berlin")
                                           << utc(2024, 3, 31, 0, 59) << QStringLiteral("01:59");
    QTest::newRow("after spring forward") << QByteArray("Europe/Berlin")
                                          << utc(2024, 3, 31, 1, 0) << QStringLiteral("03:00");
    QTest::newRow("before fall back") << QByteArray("Europe/Berlin") << utc(2024, 10, 27, 0, 30)
                                      << QStringLiteral("02:30");
    QTest::newRow("after fall back") << QByteArray("Europe/Berlin") << utc(2024, 10, 27, 1, 30)
                                     << QStringLiteral("02:30");
    QTest::newRow("half-hour zone") << QByteArray("Asia/Kolkata") << utc(2030, 6, 1, 10, 0)
                                    << QStringLiteral("15:30");
    QTest::newRow("before the epoch") << QByteArray("Europe/Berlin") << utc(1969, 12, 31, 23, 59)
                                      << QStringLiteral("00:59");
    QTest::newRow("invalid") << QByteArray("Europe/Berlin") << QDateTime() << QString();
}

void tst_MessageTimeText::clockText()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDateTime, time);
    QFETCH(QString, text);
    setZone(zone);
    QCOMPARE(MessageTimeText::clockText(time), text);
}

void tst_MessageTimeText::localDay_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QDate>("day");
    QTest::newRow("afternoon") << QByteArray("Europe/Berlin") << utc(2024, 5, 17, 13, 7)
                               << QDate(2024, 5, 17);
    QTest::newRow("UTC evening, local next day") << QByteArray("Europe/Berlin")
                                                 << utc(2024, 5, 17, 22, 30) << QDate(2024, 5, 18);
    QTest::newRow("last local minute") << QByteArray("Europe/Berlin") << utc(2024, 5, 18, 21, 59)
                                       << QDate(2024, 5, 18);
    QTest::newRow("new year") << QByteArray("Europe/Berlin") << utc(2023, 12, 31, 23, 0)
                              << QDate(2024, 1, 1);
    QTest::newRow("half-hour zone, before midnight") << QByteArray("Asia/Kolkata")
                                                     << utc(2031, 1, 1, 18, 29) << QDate(2031, 1, 1);
    QTest::newRow("half-hour zone, midnight") << QByteArray("Asia/Kolkata")
                                              << utc(2031, 1, 1, 18, 30) << QDate(2031, 1, 2);
    QTest::newRow("before the epoch") << QByteArray("Europe/Berlin") << utc(1969, 12, 31, 22, 59)
                                      << QDate(1969, 12, 31);
    QTest::newRow("invalid") << QByteArray("Europe/Berlin") << QDateTime() << QDate();
}

void tst_MessageTimeText::localDay()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDateTime, time);
    QFETCH(QDate, day);
    setZone(zone);
    QCOMPARE(MessageTimeText::localDay(time), day);
}

void tst_MessageTimeText::localTimeFollowsTheZone()
{
    // Offsets are looked up per quarter hour instead of converting every time; that must agree
    // with QDateTime everywhere, across both summer-time changes and local midnights.
    const auto check = [](const QDateTime &from, const QDateTime &to, int stepSecs) {
        int checked = 0;
        for (QDateTime t = from; t < to; t = t.addSecs(stepSecs)) {
            const QDateTime local = t.toLocalTime();
            QCOMPARE(MessageTimeText::clockText(t), local.toString(QStringLiteral("HH:mm")));
            QCOMPARE(MessageTimeText::localDay(t), local.date());
            ++checked;
        }
        QVERIFY(checked > 0);
    };
    // Europe/Berlin: 2024-03-31 01:00 UTC clocks go 02:00 -> 03:00; 2024-10-27 01:00 UTC
    // 03:00 -> 02:00. Every 7 minutes for a day around each, so every quarter hour is hit.
    check(utc(2024, 3, 30, 12, 0), utc(2024, 3, 31, 12, 0), 7 * 60);
    if (QTest::currentTestFailed())
        return;
    check(utc(2024, 10, 26, 12, 0), utc(2024, 10, 27, 12, 0), 7 * 60);
    if (QTest::currentTestFailed())
        return;
    // The same in a half-hour zone (other instants: offsets are kept per instant, not per zone).
    setZone("Asia/Kolkata");
    check(utc(2032, 1, 1, 12, 0), utc(2032, 1, 2, 12, 0), 7 * 60);
}

void tst_MessageTimeText::dayText_data()
{
    QTest::addColumn<QDate>("day");
    QTest::addColumn<QDate>("today");
    QTest::addColumn<QString>("text");
    const QDate today(2024, 5, 17);
    const auto longDate = [](const QDate &d) { return QLocale().toString(d, QLocale::LongFormat); };
    QTest::newRow("today") << today << today << QStringLiteral("Today");
    QTest::newRow("yesterday") << today.addDays(-1) << today << QStringLiteral("Yesterday");
    QTest::newRow("two days ago") << today.addDays(-2) << today << longDate(today.addDays(-2));
    QTest::newRow("last year") << QDate(2023, 12, 31) << today << longDate(QDate(2023, 12, 31));
    QTest::newRow("yesterday across a new year") << QDate(2023, 12, 31) << QDate(2024, 1, 1)
                                                 << QStringLiteral("Yesterday");
    QTest::newRow("tomorrow (a clock behind the server)") << today.addDays(1) << today
                                                           << longDate(today.addDays(1));
    QTest::newRow("long format") << QDate(2024, 5, 15) << today
                                 << QStringLiteral("Wednesday, May 15, 2024");
    QTest::newRow("invalid") << QDate() << today << QString();
}

void tst_MessageTimeText::dayText()
{
    QFETCH(QDate, day);
    QFETCH(QDate, today);
    QFETCH(QString, text);
    QCOMPARE(MessageTimeText::dayText(day, today), text);
}

void tst_MessageTimeText::fullText_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("text");
    const QDateTime summer = utc(2024, 5, 17, 13, 7);
    QTest::newRow("local, long format")
            << summer << QLocale().toString(summer.toLocalTime(), QLocale::LongFormat);
    QTest::newRow("says the day and the local hour")
            << summer << QLocale().toString(QDateTime(QDate(2024, 5, 17), QTime(15, 7), Qt::LocalTime),
                                            QLocale::LongFormat);
    QTest::newRow("invalid") << QDateTime() << QString();
}

void tst_MessageTimeText::fullText()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, text);
    QCOMPARE(MessageTimeText::fullText(time), text);
}

void tst_MessageTimeText::wordsAreTranslated()
{
    QVERIFY(LanguageLoader::install(qApp, QStringLiteral("zh_CN")));
    const QDate today(2024, 5, 17);
    QCOMPARE(MessageTimeText::dayText(today, today), QStringLiteral("今天"));
    QCOMPARE(MessageTimeText::dayText(today.addDays(-1), today), QStringLiteral("昨天"));
    // The date follows the language's locale.
    QCOMPARE(MessageTimeText::dayText(today.addDays(-3), today),
             QLocale(QStringLiteral("zh_CN")).toString(today.addDays(-3), QLocale::LongFormat));
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageTimeText)
#include "tst_messagetimetext.moc"
