// Tests ui/composer.cpp: Enter sends, Shift+Enter breaks the line, nothing empty is sent.
#include "composer.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>

class tst_Composer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void enterSends_data();
    void enterSends();
    void shiftEnterInsertsNewline();
    void emptyOrBlankIsNotSent_data();
    void emptyOrBlankIsNotSent();
    void submitSlotSends();
    void normalized_data();
    void normalized();
    void placeholderAndAccessibility();
    void upAndEscapeAskForEditingAndCancel();
    void growsWithTextUpToALimit();

private:
    Composer *m_composer = nullptr;
};

void tst_Composer::init()
{
    m_composer = new Composer;
    m_composer->resize(400, m_composer->height());
    m_composer->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_composer));
    m_composer->setFocus();
}

void tst_Composer::cleanup()
{
    delete m_composer;
    m_composer = nullptr;
}

void tst_Composer::enterSends_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<Qt::KeyboardModifiers>("modifiers");
    QTest::newRow("Return") << int(Qt::Key_Return) << Qt::KeyboardModifiers();
    QTest::newRow("keypad Enter") << int(Qt::Key_Enter) << Qt::KeyboardModifiers(Qt::KeypadModifier);
    QTest::newRow("Ctrl+Return") << int(Qt::Key_Return) << Qt::KeyboardModifiers(Qt::ControlModifier);
}

void tst_Composer::enterSends()
{
    QFETCH(int, key);
    QFETCH(Qt::KeyboardModifiers, modifiers);
    QSignalSpy spy(m_composer, &Composer::sendRequested);
    QTest::keyClicks(m_composer, QStringLiteral("hello there"));
    QCOMPARE(m_composer->toPlainText(), QStringLiteral("hello there"));
    QTest::keyClick(m_composer, Qt::Key(key), modifiers);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("hello there"));
    QVERIFY(m_composer->toPlainText().isEmpty());
}

void tst_Composer::shiftEnterInsertsNewline()
{
    QSignalSpy spy(m_composer, &Composer::sendRequested);
    QTest::keyClicks(m_composer, QStringLiteral("first"));
    QTest::keyClick(m_composer, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(m_composer, QStringLiteral("second"));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(m_composer->toPlainText(), QStringLiteral("first\nsecond"));
    QCOMPARE(m_composer->document()->blockCount(), 2);

    QTest::keyClick(m_composer, Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("first\nsecond"));
}

void tst_Composer::emptyOrBlankIsNotSent_data()
{
    QTest::addColumn<QString>("typed");
    QTest::newRow("nothing") << QString();
    QTest::newRow("spaces") << QStringLiteral("    ");
    QTest::newRow("tab") << QStringLiteral("\t");
}

void tst_Composer::emptyOrBlankIsNotSent()
{
    QFETCH(QString, typed);
    QSignalSpy spy(m_composer, &Composer::sendRequested);
    QTest::keyClicks(m_composer, typed);
    QTest::keyClick(m_composer, Qt::Key_Return);
    QTest::keyClick(m_composer, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClick(m_composer, Qt::Key_Return);
    QCOMPARE(spy.count(), 0);
}

void tst_Composer::submitSlotSends()
{
    QSignalSpy spy(m_composer, &Composer::sendRequested);
    m_composer->setPlainText(QStringLiteral("from the Send button"));
    m_composer->submit();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("from the Send button"));
    QVERIFY(m_composer->toPlainText().isEmpty());
    m_composer->submit();
    QCOMPARE(spy.count(), 1);
}

void tst_Composer::normalized_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("hi") << QStringLiteral("hi");
    QTest::newRow("trailing newline") << QStringLiteral("hi\n") << QStringLiteral("hi");
    QTest::newRow("leading newlines") << QStringLiteral("\n\nhi") << QStringLiteral("hi");
    QTest::newRow("indent kept") << QStringLiteral("  code();\n") << QStringLiteral("  code();");
    QTest::newRow("inner lines kept") << QStringLiteral("a\n\nb") << QStringLiteral("a\n\nb");
    QTest::newRow("blank") << QStringLiteral(" \n \t") << QString();
    QTest::newRow("markup untouched") << QStringLiteral("<b>x</b>") << QStringLiteral("<b>x</b>");
}

void tst_Composer::normalized()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(Composer::normalized(input), expected);
}

void tst_Composer::placeholderAndAccessibility()
{
    QCOMPARE(m_composer->placeholderText(), QStringLiteral("Write a message…"));
    QVERIFY(!m_composer->accessibleName().isEmpty());
    QVERIFY(!m_composer->accessibleDescription().isEmpty());
    QVERIFY(m_composer->tabChangesFocus());
    // A server without replies, edits, deletes and reactions: the tooltip says so.
    QVERIFY(!m_composer->toolTip().contains(QLatin1String("no replies")));
    m_composer->setConversationsAvailable(false);
    QVERIFY(m_composer->toolTip().contains(QLatin1String("no replies")));
    m_composer->setConversationsAvailable(true);
    QVERIFY(!m_composer->toolTip().contains(QLatin1String("no replies")));
}

void tst_Composer::upAndEscapeAskForEditingAndCancel()
{
    QSignalSpy editLast(m_composer, &Composer::editLastRequested);
    QSignalSpy cancel(m_composer, &Composer::cancelRequested);
    QTest::keyClick(m_composer, Qt::Key_Up);
    QCOMPARE(editLast.size(), 1);
    QTest::keyClicks(m_composer, QStringLiteral("a"));
    QTest::keyClick(m_composer, Qt::Key_Up); // text there: the cursor moves, nothing else
    QCOMPARE(editLast.size(), 1);
    QTest::keyClick(m_composer, Qt::Key_Escape);
    QCOMPARE(cancel.size(), 1);
    QCOMPARE(m_composer->toPlainText(), QStringLiteral("a")); // Esc does not clear what was typed
}

void tst_Composer::growsWithTextUpToALimit()
{
    const int empty = m_composer->height();
    for (int i = 0; i < 3; ++i) {
        QTest::keyClicks(m_composer, QStringLiteral("line"));
        QTest::keyClick(m_composer, Qt::Key_Return, Qt::ShiftModifier);
    }
    QTRY_VERIFY(m_composer->height() > empty);
    for (int i = 0; i < 20; ++i)
        QTest::keyClick(m_composer, Qt::Key_Return, Qt::ShiftModifier);
    const int lineSpacing = m_composer->fontMetrics().lineSpacing();
    QTRY_VERIFY(m_composer->height() > empty + 2 * lineSpacing);
    QVERIFY(m_composer->height() <= empty + (Composer::kMaxVisibleLines) * lineSpacing);
}

PARLEY_TEST_MAIN(tst_Composer)
#include "tst_composer.moc"
