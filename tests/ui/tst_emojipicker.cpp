// Tests ui/emojipicker.cpp: what the popup shows (categories in order, recently used first),
// filtering by keyword, offering a typed emoji that the catalog lacks, picking by keyboard and by
// mouse (one signal, then closed), Esc (closed, no signal), the recently used emoji kept in
// QSettings (newest first, no repeats, bounded, hand-edited junk rejected), and that the popup
// stays on the screen wherever it is asked to open.
#include "emojicatalog.h"
#include "emojipicker.h"
#include "testmain.h"

#include <QApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

class tst_EmojiPicker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsCategoriesInOrder();
    void searchFilters_data();
    void searchFilters();
    void heartFindsHearts();
    void typedEmojiIsOffered_data();
    void typedEmojiIsOffered();
    void keyboardPicks_data();
    void keyboardPicks();
    void typingInTheGridSearches();
    void mousePicks();
    void escapeCloses_data();
    void escapeCloses();
    void recentPersists();
    void recentRejectsInvalid_data();
    void recentRejectsInvalid();
    void recentIsBounded();
    void staysOnScreen_data();
    void staysOnScreen();
    void categoryTitles();

private:
    static QTableWidget *grid(EmojiPicker &p) { return p.findChild<QTableWidget *>(QStringLiteral("emojiGrid")); }
    static QLineEdit *search(EmojiPicker &p) { return p.findChild<QLineEdit *>(QStringLiteral("emojiSearch")); }
    //! The emoji cells, in reading order.
    static QStringList shown(EmojiPicker &p);
    //! The rows that are titles (category names, "No emoji found"), in order.
    static QStringList titles(EmojiPicker &p);
    static void type(QWidget *w, const QString &text)
    {
        QTest::sendKeyEvent(QTest::Click, w, Qt::Key_unknown, text, Qt::NoModifier);
    }

    QTemporaryDir m_settingsDir;
};

QStringList tst_EmojiPicker::shown(EmojiPicker &p)
{
    QStringList emoji;
    QTableWidget *g = grid(p);
    for (int row = 0; row < g->rowCount(); ++row) {
        for (int column = 0; column < g->columnCount(); ++column) {
            const QTableWidgetItem *item = g->item(row, column);
            if (item && item->flags().testFlag(Qt::ItemIsSelectable))
                emoji << item->text();
        }
    }
    return emoji;
}

QStringList tst_EmojiPicker::titles(EmojiPicker &p)
{
    QStringList found;
    QTableWidget *g = grid(p);
    for (int row = 0; row < g->rowCount(); ++row) {
        const QTableWidgetItem *item = g->item(row, 0);
        if (item && !item->flags().testFlag(Qt::ItemIsSelectable))
            found << item->text();
    }
    return found;
}

void tst_EmojiPicker::initTestCase()
{
    // The picker uses the application's QSettings: here, a file in a private temporary folder.
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ParleyTest"));
    QCoreApplication::setApplicationName(QStringLiteral("EmojiPicker"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(QSettings().fileName().startsWith(m_settingsDir.path()));
}

void tst_EmojiPicker::init()
{
    QSettings().clear();
}

void tst_EmojiPicker::showsCategoriesInOrder()
{
    EmojiPicker picker;
    picker.popupAt(QPoint(10, 10));
    QVERIFY(picker.isVisible());
    QCOMPARE(picker.focusWidget(), search(picker));
    QCOMPARE(search(picker)->placeholderText(), QStringLiteral("Search emoji"));
    QStringList expectedTitles;
    for (const QString &key : EmojiCatalog::categoryOrder())
        expectedTitles << EmojiPicker::categoryTitle(key);
    QCOMPARE(titles(picker), expectedTitles); // no "Recently used" before anything was picked
    QStringList all;
    for (const EmojiCatalog::Entry &e : EmojiCatalog::builtIn().entries())
        all << e.emoji;
    QCOMPARE(shown(picker), all);
    // Eight columns, six rows of emoji visible: the rest scrolls.
    QTableWidget *g = grid(picker);
    QCOMPARE(g->columnCount(), EmojiPicker::kColumns);
    QVERIFY(g->viewport()->width() >= EmojiPicker::kColumns * g->columnWidth(0));
    QCOMPARE(g->viewport()->height(), EmojiPicker::kVisibleRows * g->rowHeight(1));
    QVERIFY(g->verticalScrollBar()->maximum() > 0);
}

void tst_EmojiPicker::searchFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("heart") << QStringLiteral("heart");
    QTest::newRow("upper case") << QStringLiteral("PIZZA");
    QTest::newRow("two words") << QStringLiteral("thumbs up");
    QTest::newRow("a word that is no emoji") << QStringLiteral("ok");
}

void tst_EmojiPicker::searchFilters()
{
    QFETCH(QString, query);
    EmojiPicker picker;
    picker.popupAt(QPoint(10, 10));
    QTest::keyClicks(search(picker), query);
    QStringList expected;
    for (const EmojiCatalog::Entry &e : EmojiCatalog::builtIn().search(query))
        expected << e.emoji;
    QVERIFY(!expected.isEmpty());
    QCOMPARE(shown(picker), expected);
    QCOMPARE(titles(picker), QStringList()); // results, not categories
    // Emptying the field brings the categories back.
    search(picker)->clear();
    QCOMPARE(shown(picker).size(), EmojiCatalog::builtIn().entries().size());
}

void tst_EmojiPicker::heartFindsHearts()
{
    EmojiPicker picker;
    picker.popupAt(QPoint(10, 10));
    QTest::keyClicks(search(picker), QStringLiteral("heart"));
    const QStringList hearts = shown(picker);
    for (const QString &heart : {QStringLiteral("❤️"), QStringLiteral("💔"), QStringLiteral("💙")})
        QVERIFY2(hearts.contains(heart), qPrintable(heart));
    QVERIFY(!hearts.contains(QStringLiteral("😀")));
    QVERIFY(!hearts.contains(QStringLiteral("🍕")));
    QTest::keyClicks(search(picker), QStringLiteral("qqq"));
    QCOMPARE(shown(picker), QStringList());
    QCOMPARE(titles(picker), QStringList{QStringLiteral("No emoji found")});
}

void tst_EmojiPicker::typedEmojiIsOffered_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("inCatalog");
    QTest::newRow("not in the catalog") << QStringLiteral("🦩") << false;
    QTest::newRow("with a skin tone") << QStringLiteral("👍🏽") << false;
    QTest::newRow("in the catalog") << QStringLiteral("😀") << true;
}

void tst_EmojiPicker::typedEmojiIsOffered()
{
    QFETCH(QString, typed);
    QFETCH(bool, inCatalog);
    QCOMPARE(EmojiCatalog::builtIn().contains(typed), inCatalog);
    EmojiPicker picker;
    QSignalSpy picked(&picker, &EmojiPicker::emojiPicked);
    picker.popupAt(QPoint(10, 10));
    type(search(picker), typed);
    QCOMPARE(search(picker)->text(), typed);
    QCOMPARE(shown(picker), QStringList{typed}); // first and, being no keyword, alone
    QTest::keyClick(search(picker), Qt::Key_Return);
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(0).toString(), typed);
    QTRY_VERIFY(!picker.isVisible());
}

void tst_EmojiPicker::keyboardPicks_data()
{
    QTest::addColumn<QList<int>>("keys");
    QTest::addColumn<int>("index"); // in the catalog; -1: the last one
    using K = QList<int>;
    QTest::newRow("Enter in the search field: the first") << K{} << 0;
    QTest::newRow("Down") << K{Qt::Key_Down} << 0;
    QTest::newRow("Down Right") << K{Qt::Key_Down, Qt::Key_Right} << 1;
    QTest::newRow("Down Right Right Left") << K{Qt::Key_Down, Qt::Key_Right, Qt::Key_Right, Qt::Key_Left} << 1;
    QTest::newRow("Left at the start stays") << K{Qt::Key_Down, Qt::Key_Left} << 0;
    QTest::newRow("Down Down: the row below") << K{Qt::Key_Down, Qt::Key_Down} << EmojiPicker::kColumns;
    QTest::newRow("Down Down Right Up") << K{Qt::Key_Down, Qt::Key_Down, Qt::Key_Right, Qt::Key_Up} << 1;
    QTest::newRow("Up to the search field and back")
            << K{Qt::Key_Down, Qt::Key_Right, Qt::Key_Up, Qt::Key_Down} << 1;
    QTest::newRow("Page Down") << K{Qt::Key_Down, Qt::Key_PageDown}
                               << EmojiPicker::kVisibleRows * EmojiPicker::kColumns;
    QTest::newRow("End") << K{Qt::Key_Down, Qt::Key_End} << -1;
    QTest::newRow("End Home") << K{Qt::Key_Down, Qt::Key_End, Qt::Key_Home} << 0;
}

void tst_EmojiPicker::keyboardPicks()
{
    QFETCH(QList<int>, keys);
    QFETCH(int, index);
    const auto &entries = EmojiCatalog::builtIn().entries();
    QVERIFY(EmojiCatalog::builtIn().inCategory(QStringLiteral("smileys")).size()
            > EmojiPicker::kVisibleRows * EmojiPicker::kColumns); // the rows above stay in one category
    const QString expected = entries.at(index < 0 ? entries.size() - 1 : index).emoji;
    EmojiPicker picker;
    QSignalSpy picked(&picker, &EmojiPicker::emojiPicked);
    picker.popupAt(QPoint(10, 10));
    for (const int key : std::as_const(keys))
        QTest::keyClick(picker.focusWidget(), Qt::Key(key));
    if (!keys.isEmpty() && keys.last() != Qt::Key_Up)
        QCOMPARE(picker.focusWidget(), grid(picker));
    QCOMPARE(picked.count(), 0);
    QTest::keyClick(picker.focusWidget(), Qt::Key_Return);
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(0).toString(), expected);
    QCoreApplication::processEvents();
    QVERIFY(!picker.isVisible());
    QTest::keyClick(picker.focusWidget(), Qt::Key_Return); // closed: nothing more
    QCOMPARE(picked.count(), 1);
}

void tst_EmojiPicker::typingInTheGridSearches()
{
    EmojiPicker picker;
    picker.popupAt(QPoint(10, 10));
    QTest::keyClick(search(picker), Qt::Key_Down);
    QCOMPARE(picker.focusWidget(), grid(picker));
    QTest::keyClicks(grid(picker), QStringLiteral("p"));
    QCOMPARE(picker.focusWidget(), search(picker));
    QTest::keyClicks(picker.focusWidget(), QStringLiteral("izza"));
    QCOMPARE(search(picker)->text(), QStringLiteral("pizza"));
    QCOMPARE(shown(picker), QStringList{QStringLiteral("🍕")});
}

void tst_EmojiPicker::mousePicks()
{
    EmojiPicker picker;
    QSignalSpy picked(&picker, &EmojiPicker::emojiPicked);
    picker.popupAt(QPoint(10, 10));
    QTableWidget *g = grid(picker);
    // A category title is no emoji: clicking it picks nothing.
    QTest::mouseClick(g->viewport(), Qt::LeftButton, {}, g->visualItemRect(g->item(0, 0)).center());
    QCOMPARE(picked.count(), 0);
    QVERIFY(picker.isVisible());
    QTest::mouseClick(g->viewport(), Qt::LeftButton, {}, g->visualItemRect(g->item(1, 2)).center());
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(0).toString(), EmojiCatalog::builtIn().entries().at(2).emoji);
    QTRY_VERIFY(!picker.isVisible());
}

void tst_EmojiPicker::escapeCloses_data()
{
    QTest::addColumn<bool>("fromGrid");
    QTest::newRow("from the search field") << false;
    QTest::newRow("from the grid") << true;
}

void tst_EmojiPicker::escapeCloses()
{
    QFETCH(bool, fromGrid);
    EmojiPicker picker;
    QSignalSpy picked(&picker, &EmojiPicker::emojiPicked);
    picker.popupAt(QPoint(10, 10));
    QTest::keyClicks(search(picker), QStringLiteral("heart"));
    if (fromGrid)
        QTest::keyClick(search(picker), Qt::Key_Down);
    QTest::keyClick(picker.focusWidget(), Qt::Key_Escape);
    QCoreApplication::processEvents();
    QVERIFY(!picker.isVisible());
    QCOMPARE(picked.count(), 0);
    QVERIFY(!QSettings().contains(EmojiPicker::recentKey())); // nothing was used
}

void tst_EmojiPicker::recentPersists()
{
    const auto pickBySearch = [](const QString &query) {
        EmojiPicker picker;
        QSignalSpy picked(&picker, &EmojiPicker::emojiPicked);
        picker.popupAt(QPoint(10, 10));
        QTest::keyClicks(search(picker), query);
        QTest::keyClick(search(picker), Qt::Key_Return);
        return picked.count() == 1 ? picked.at(0).at(0).toString() : QString();
    };
    const QString pizza = QStringLiteral("🍕"), smile = QStringLiteral("😀");
    QCOMPARE(pickBySearch(QStringLiteral("pizza")), pizza);
    QCOMPARE(QSettings().value(EmojiPicker::recentKey()).toStringList(), QStringList{pizza});
    {
        // The next picker shows it first, under "Recently used".
        EmojiPicker picker;
        picker.popupAt(QPoint(10, 10));
        QCOMPARE(titles(picker).value(0), EmojiPicker::categoryTitle(QStringLiteral("recent")));
        QCOMPARE(titles(picker).value(1), EmojiPicker::categoryTitle(QStringLiteral("smileys")));
        QCOMPARE(shown(picker).value(0), pizza);
        QCOMPARE(shown(picker).value(1), smile); // then the catalog
    }
    QCOMPARE(pickBySearch(QStringLiteral("grinning")), smile);
    QCOMPARE(QSettings().value(EmojiPicker::recentKey()).toStringList(), (QStringList{smile, pizza}));
    QCOMPARE(pickBySearch(QStringLiteral("pizza")), pizza); // again: first, once
    QCOMPARE(QSettings().value(EmojiPicker::recentKey()).toStringList(), (QStringList{pizza, smile}));
    QSettings().sync();
    QSettings fromDisk(QSettings().fileName(), QSettings::IniFormat);
    QCOMPARE(EmojiPicker::recentEmoji(fromDisk), (QStringList{pizza, smile}));
}

void tst_EmojiPicker::recentRejectsInvalid_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QStringList>("recent");
    const QString smile = QStringLiteral("😀"), thumbs = QStringLiteral("👍"), flamingo = QStringLiteral("🦩");
    QTest::newRow("nothing") << QVariant() << QStringList();
    QTest::newRow("one string") << QVariant(smile) << QStringList{smile};
    QTest::newRow("a number") << QVariant(42) << QStringList();
    QTest::newRow("junk among emoji")
            << QVariant(QStringList{smile, QString(), QStringLiteral("ok"), QStringLiteral("a b"), smile,
                                    QString(QChar(7)), QStringLiteral("😀").repeated(17), thumbs,
                                    QStringLiteral(" 😀"), flamingo})
            << QStringList{smile, thumbs, flamingo};
}

void tst_EmojiPicker::recentRejectsInvalid()
{
    QFETCH(QVariant, stored);
    QFETCH(QStringList, recent);
    QSettings settings;
    settings.setValue(EmojiPicker::recentKey(), stored);
    QCOMPARE(EmojiPicker::recentEmoji(settings), recent);
    // The picker shows exactly those under "Recently used".
    EmojiPicker picker;
    picker.popupAt(QPoint(10, 10));
    QCOMPARE(shown(picker).mid(0, recent.size()), recent);
    QCOMPARE(titles(picker).value(0) == EmojiPicker::categoryTitle(QStringLiteral("recent")), !recent.isEmpty());
    // Remembering an invalid one stores nothing.
    EmojiPicker::rememberEmoji(settings, QStringLiteral("a b"));
    QCOMPARE(EmojiPicker::recentEmoji(settings), recent);
}

void tst_EmojiPicker::recentIsBounded()
{
    QSettings settings;
    const auto &entries = EmojiCatalog::builtIn().entries();
    for (int i = 0; i < EmojiPicker::kMaxRecent + 4; ++i)
        EmojiPicker::rememberEmoji(settings, entries.at(i).emoji);
    const QStringList recent = EmojiPicker::recentEmoji(settings);
    QCOMPARE(recent.size(), EmojiPicker::kMaxRecent);
    QCOMPARE(recent.first(), entries.at(EmojiPicker::kMaxRecent + 3).emoji);
    QCOMPARE(recent.last(), entries.at(4).emoji);
    QCOMPARE(settings.value(EmojiPicker::recentKey()).toStringList().size(), EmojiPicker::kMaxRecent);
    // A hand-edited longer list is read up to the bound.
    QStringList many;
    for (const EmojiCatalog::Entry &e : entries)
        many << e.emoji;
    settings.setValue(EmojiPicker::recentKey(), many);
    QCOMPARE(EmojiPicker::recentEmoji(settings), many.mid(0, EmojiPicker::kMaxRecent));
}

void tst_EmojiPicker::staysOnScreen_data()
{
    QTest::addColumn<QPoint>("at");
    QTest::addColumn<bool>("cornerAtPoint");
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    QTest::newRow("top left") << available.topLeft() << true;
    QTest::newRow("near the middle") << available.topLeft() + QPoint(20, 20) << true;
    QTest::newRow("bottom right corner") << available.bottomRight() << false;
    QTest::newRow("right edge") << QPoint(available.right() - 5, available.top() + 10) << false;
    QTest::newRow("bottom edge") << QPoint(available.left() + 10, available.bottom() - 5) << false;
    QTest::newRow("far outside") << QPoint(available.right() + 5000, available.bottom() + 5000) << false;
    QTest::newRow("before the top left") << available.topLeft() - QPoint(300, 300) << false;
}

void tst_EmojiPicker::staysOnScreen()
{
    QFETCH(QPoint, at);
    QFETCH(bool, cornerAtPoint);
    EmojiPicker picker;
    picker.popupAt(at);
    QVERIFY(picker.isVisible());
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    QVERIFY(available.width() > picker.width() && available.height() > picker.height());
    // The window with its frame, if the platform gives a popup one (offscreen does).
    const QRect frame = picker.windowHandle()->frameGeometry();
    QVERIFY2(available.contains(frame),
             qPrintable(QStringLiteral("%1,%2 %3x%4").arg(frame.x()).arg(frame.y()).arg(frame.width()).arg(frame.height())));
    if (cornerAtPoint)
        QCOMPARE(frame.topLeft(), at);
}

void tst_EmojiPicker::categoryTitles()
{

    QStringList keys = EmojiCatalog::categoryOrder();
    keys << QStringLiteral("recent");
    QStringList titles;
    for (const QString &key : std::as_const(keys)) {
        const QString title = EmojiPicker::categoryTitle(key);
        QVERIFY2(!title.isEmpty() && title != key, qPrintable(key));
        QVERIFY2(!titles.contains(title), qPrintable(title));
        titles << title;
    }
    QCOMPARE(EmojiPicker::categoryTitle(QStringLiteral("smileys")), QStringLiteral("Smileys"));
    QCOMPARE(EmojiPicker::categoryTitle(QStringLiteral("recent")), QStringLiteral("Recently used"));
}

PARLEY_TEST_MAIN(tst_EmojiPicker)
#include "tst_emojipicker.moc"
