// CertificateDialog: an untrusted certificate shown with its details and SHA-256 fingerprint and
// a one-click trust; a changed one shown loudly with both fingerprints, Disconnect by default,
// and no trust until the user says they checked the new fingerprint.
#include "certificatedialog.h"
#include "testcerts.h"
#include "testmain.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace ParleyTest;

namespace {

//! The dialog's text in its labels, as a user reads it (fingerprints are wrapped in two lines).
QString shown(const QDialog &dialog)
{
    QStringList texts;
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        texts << label->text();
    return texts.join(QLatin1Char('\n'));
}
} // namespace

class tst_CertificateDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void untrustedShowsDetailsAndFingerprint();
    void untrustedTrustIsOneClick();
    void changedShowsBothFingerprints();
    void changedNeedsConfirmationToTrust();
    void certificateTextIsPlain();
};

void tst_CertificateDialog::untrustedShowsDetailsAndFingerprint()
{
    const QSslCertificate cert = testCertificate("localhost.crt");
    QVERIFY(!cert.isNull());
    QSslError selfSigned(QSslError::SelfSignedCertificate, cert);
    std::unique_ptr<CertificateDialog> d(
            CertificateDialog::untrusted(QStringLiteral("127.0.0.1:8787"), cert, {selfSigned}));
    QCOMPARE(d->mode(), CertificateDialog::Mode::Untrusted);
    const QString text = d->text();
    QVERIFY2(text.contains(QLatin1String("SHA-256 fingerprint: ") + kLocalhostSha256), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("127.0.0.1:8787")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Issued to: 127.0.0.1")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("self-signed")), qPrintable(text));
    QVERIFY2(text.contains(selfSigned.errorString()), qPrintable(text)); // the error in words
    QVERIFY2(text.contains(QLatin1String("Valid until:")) && text.contains(QLatin1String("2126")), qPrintable(text));
    // On screen: the fingerprint in two lines of 16 pairs.
    QVERIFY2(shown(*d).contains(kLocalhostSha256.left(47) + QLatin1Char('\n') + kLocalhostSha256.mid(48)),
             qPrintable(shown(*d)));
    QVERIFY(!d->confirmBox());
}

void tst_CertificateDialog::untrustedTrustIsOneClick()
{
    const QSslCertificate cert = testCertificate("localhost.crt");
    std::unique_ptr<CertificateDialog> d(CertificateDialog::untrusted(QStringLiteral("h:1"), cert, {}));
    d->show();
    QVERIFY(d->trustButton()->isEnabled());
    QCOMPARE(d->trustButton()->text(), QStringLiteral("Trust This Certificate for This Server"));
    QSignalSpy accepted(d.get(), &QDialog::accepted);
    QTest::mouseClick(d->trustButton(), Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(d->certificate(), cert);
}

void tst_CertificateDialog::changedShowsBothFingerprints()
{
    std::unique_ptr<CertificateDialog> d(CertificateDialog::changed(
            QStringLiteral("127.0.0.1:8787"), testCertificate("localhost.crt"), testCertificate("other.crt")));
    QCOMPARE(d->mode(), CertificateDialog::Mode::Changed);
    const QString text = d->text();
    QVERIFY2(text.contains(QLatin1String("has changed")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Trusted before (SHA-256): ") + kLocalhostSha256), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Presented now (SHA-256): ") + kOtherSha256), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("intercepting")), qPrintable(text));
    QCOMPARE(d->certificate(), testCertificate("other.crt")); // what trusting would pin
}

void tst_CertificateDialog::changedNeedsConfirmationToTrust()
{
    std::unique_ptr<CertificateDialog> d(CertificateDialog::changed(
            QStringLiteral("h:1"), testCertificate("localhost.crt"), testCertificate("other.crt")));
    d->show();
    QVERIFY(QTest::qWaitForWindowExposed(d.get()));
    QSignalSpy accepted(d.get(), &QDialog::accepted);
    QSignalSpy rejected(d.get(), &QDialog::rejected);
    QVERIFY(!d->trustButton()->isEnabled());
    QTest::mouseClick(d->trustButton(), Qt::LeftButton);
    QCOMPARE(accepted.size(), 0);
    // Enter takes the safe way out.
    QTest::keyClick(d.get(), Qt::Key_Return);
    QCOMPARE(accepted.size(), 0);
    QCOMPARE(rejected.size(), 1);

    d->show();
    QVERIFY(d->confirmBox());
    d->confirmBox()->setChecked(true);
    QVERIFY(d->trustButton()->isEnabled());
    QTest::mouseClick(d->trustButton(), Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
}

void tst_CertificateDialog::certificateTextIsPlain()
{
    std::unique_ptr<CertificateDialog> d(
            CertificateDialog::untrusted(QStringLiteral("<b>h</b>:1"), testCertificate("localhost.crt"), {}));
    for (const QLabel *label : d->findChildren<QLabel *>()) {
        if (!label->text().isEmpty())
            QCOMPARE(label->textFormat(), Qt::PlainText);
    }
}

PARLEY_TEST_MAIN(tst_CertificateDialog)
#include "tst_certificatedialog.moc"
