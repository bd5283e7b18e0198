#pragma once
// PARLEY_TEST_MAIN(Class) / PARLEY_TEST_GUILESS_MAIN(Class): QTEST_MAIN / QTEST_GUILESS_MAIN with
// the one rule every Parley test shares, in one place: QStandardPaths test mode is switched on
// before the application object or the test class exists, so no test (and no code under test, such
// as QSettings or a history store) ever reads or writes the user's real configuration or data.
// (parley_add_test() also gives each test a private HOME and XDG tree; this is the second fence.)
//
// Header-only, on every test's include path (tests/support): a test file ends with
//     PARLEY_TEST_GUILESS_MAIN(tst_Foo)
//     #include "tst_foo.moc"
// and needs no setTestModeEnabled() of its own.
#include <QStandardPaths>
#include <QTest>

// Built on Qt's own wrapper so the application class, Qt::AA_Use96Dpi, initMain() and the source
// path are exactly what QTEST_MAIN / QTEST_GUILESS_MAIN do (Qt 6.4 names in qtest.h).
#if !defined(QTEST_MAIN_WRAPPER) || !defined(QTEST_QAPP_SETUP) || !defined(QTEST_MAIN_SETUP)
#error "testmain.h: this Qt's qtest.h lacks QTEST_MAIN_WRAPPER/QTEST_QAPP_SETUP/QTEST_MAIN_SETUP; adapt the macros below"
#endif

namespace ParleyTest {
//! Called first in every test's main(): see the top of this file.
inline void initTestEnvironment()
{
    QStandardPaths::setTestModeEnabled(true);
}
} // namespace ParleyTest

//! QTEST_MAIN (QApplication, QGuiApplication or QCoreApplication, as the test links) in test mode.
#define PARLEY_TEST_MAIN(TestObject) \
    QTEST_MAIN_WRAPPER(TestObject, ParleyTest::initTestEnvironment(); QTEST_MAIN_SETUP())

//! QTEST_GUILESS_MAIN (QCoreApplication) in test mode.
#define PARLEY_TEST_GUILESS_MAIN(TestObject) \
    QTEST_MAIN_WRAPPER(TestObject, ParleyTest::initTestEnvironment(); QTEST_QAPP_SETUP(QCoreApplication))
