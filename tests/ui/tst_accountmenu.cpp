// AccountMenu against a real parley-server with accounts: who one is, and the read receipts
// privacy setting (checked by default; unchecking it turns receipts off on the server).
#include "accountmenu.h"
#include "chatclient.h"
#include "parleyserver.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QAction>
#include <QTest>

class tst_AccountMenu : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readReceiptsSetting();
};

void tst_AccountMenu::readReceiptsSetting()
{
    ServerSettings settings;
    settings.guests = false;
    ParleyServer server(settings);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    AccountMenu menu(alice.get());
    QTRY_VERIFY(menu.menuAction()->isVisible());
    auto *receipts = menu.findChild<QAction *>(QStringLiteral("readReceiptsAction"));
    QVERIFY(receipts);
    QVERIFY(receipts->isVisible() && receipts->isEnabled());
    QVERIFY(receipts->isChecked());
    receipts->trigger(); // unchecks
    QTRY_VERIFY_WITH_TIMEOUT(!alice->readReceipts(), 10000);
    // The server keeps it: a new sign-in of the same account comes back with receipts off.
    auto again = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(again);
    QTRY_VERIFY_WITH_TIMEOUT(!again->readReceipts(), 10000);
    AccountMenu second(again.get());
    QVERIFY(!second.findChild<QAction *>(QStringLiteral("readReceiptsAction"))->isChecked());
}

PARLEY_TEST_MAIN(tst_AccountMenu)
#include "tst_accountmenu.moc"
