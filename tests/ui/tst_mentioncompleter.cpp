// MentionCompleter: "@" and the start of a name in the composer offers the members; Enter takes
// one (and is not a send meanwhile); an e-mail address is no mention.
#include "composer.h"
#include "membermodel.h"
#include "mentioncompleter.h"
#include "testmain.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

class tst_MentionCompleter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typedName_data();
    void typedName();
    void completesAndEnterTakesTheName();
};

void tst_MentionCompleter::typedName_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("name"); // "<null>" for none
    QTest::newRow("just @") << QStringLiteral("hi @") << QString();
    QTest::newRow("start of a name") << QStringLiteral("hi @da") << QStringLiteral("da");
    QTest::newRow("at the start") << QStringLiteral("@dana") << QStringLiteral("dana");
    QTest::newRow("e-mail") << QStringLiteral("mail me at x@da") << QStringLiteral("<null>");
    QTest::newRow("after a space") << QStringLiteral("@dana ") << QStringLiteral("<null>");
    QTest::newRow("no @") << QStringLiteral("dana") << QStringLiteral("<null>");
}

void tst_MentionCompleter::typedName()
{
    QFETCH(QString, before);
    QFETCH(QString, name);
    const QString typed = MentionCompleter::typedName(before);
    if (name == QLatin1String("<null>"))
        QVERIFY2(typed.isNull(), qPrintable(typed));
    else
        QCOMPARE(typed, name.isNull() ? QStringLiteral("") : name);
}

void tst_MentionCompleter::completesAndEnterTakesTheName()
{
    QStandardItemModel members;
    for (const char *username : {"dana", "dave", "bob"}) {
        auto *item = new QStandardItem(QString::fromLatin1(username).toUpper());
        item->setData(QString::fromLatin1(username), MemberModel::UsernameRole);
        members.appendRow(item);
    }
    Composer composer;
    MentionCompleter completer(&composer, &members);
    composer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&composer));
    composer.activateWindow();
    composer.setFocus();
    QSignalSpy sent(&composer, &Composer::sendRequested);
    QTest::keyClicks(&composer, QStringLiteral("hi @da"));
    QTRY_VERIFY(completer.isPopupVisible());
    QCOMPARE(completer.completer()->completionCount(), 2); // dana, dave
    QTest::keyClicks(&composer, QStringLiteral("n"));
    QTRY_COMPARE(completer.completer()->completionCount(), 1);
    QAbstractItemView *popup = completer.completer()->popup();
    popup->setCurrentIndex(completer.completer()->completionModel()->index(0, 0));
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_COMPARE(composer.toPlainText(), QStringLiteral("hi @dana "));
    QCOMPARE(sent.size(), 0); // Enter took the name, it did not send
    QVERIFY(!completer.isPopupVisible());
    QTest::keyClick(&composer, Qt::Key_Return);
    QCOMPARE(sent.size(), 1);
}

PARLEY_TEST_MAIN(tst_MentionCompleter)
#include "tst_mentioncompleter.moc"
