// SodiumLibrary: libsodium is started by the first ready() and stays started.

#include "sodiumlibrary.h"
#include "testmain.h"

#include <QTest>

#include <sodium.h>

class tst_SodiumLibrary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readyStartsLibsodiumOnce();
};

void tst_SodiumLibrary::readyStartsLibsodiumOnce()
{
    QVERIFY(SodiumLibrary::ready());
    // sodium_init() answers 1 when libsodium was started before: ready() did start it.
    QCOMPARE(sodium_init(), 1);
    QVERIFY(SodiumLibrary::ready());
}

PARLEY_TEST_GUILESS_MAIN(tst_SodiumLibrary)
#include "tst_sodiumlibrary.moc"
