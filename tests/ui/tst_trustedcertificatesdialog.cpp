// TrustedCertificatesDialog: the pinned certificates listed per server with their fingerprints,
// and Remove takes a pin out of the settings.
#include "certificatepins.h"
#include "testcerts.h"
#include "testmain.h"
#include "trustedcertificatesdialog.h"

#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace ParleyTest;

class tst_TrustedCertificatesDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsAndRemovesPins();
};

void tst_TrustedCertificatesDialog::listsAndRemovesPins()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("Parley.conf")), QSettings::IniFormat);
    CertificatePins::pin(settings, QUrl(QStringLiteral("wss://127.0.0.1:8787")), testCertificate("localhost.crt"));
    CertificatePins::pin(settings, QUrl(QStringLiteral("wss://chat.example.org")), testCertificate("other.crt"));
    TrustedCertificatesDialog d(&settings);
    d.show();
    QTreeWidget *list = d.list();
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("127.0.0.1:8787"));
    QCOMPARE(list->topLevelItem(0)->text(3), CertificatePins::fingerprint(testCertificate("localhost.crt")));
    QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("chat.example.org:443"));
    QVERIFY(!d.removeButton()->isEnabled()); // nothing chosen yet

    list->setCurrentItem(list->topLevelItem(0));
    QVERIFY(d.removeButton()->isEnabled());
    QTest::mouseClick(d.removeButton(), Qt::LeftButton);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("chat.example.org:443"));
    QVERIFY(CertificatePins::pinned(settings, QUrl(QStringLiteral("wss://127.0.0.1:8787"))).isNull());
    QSettings again(dir.filePath(QStringLiteral("Parley.conf")), QSettings::IniFormat);
    QCOMPARE(CertificatePins::all(again).size(), 1);
}

PARLEY_TEST_MAIN(tst_TrustedCertificatesDialog)
#include "tst_trustedcertificatesdialog.moc"
