#pragma once
// CertificateDialog: what the user sees when a wss:// server's certificate is not trusted, in one
// of two modes.
//
//  * Untrusted: nothing vouches for the certificate (self-signed, unknown CA, wrong name,
//    expired). Its subject, issuer, validity, SHA-256 fingerprint and the errors in words, and
//    "Trust This Certificate for This Server" (which pins it, CertificatePins) or Cancel.
//  * Changed: the server no longer presents the certificate pinned for it -- possibly someone in
//    the middle. Said loudly, with the old and the new fingerprint side by side; Disconnect is the
//    default, and trusting the new one needs a tick in "I have checked the new fingerprint with
//    the server's operator" first: never one click from the normal path.
//
// Everything in a certificate is the server's text: shown as plain text only.
#include <QDialog>
#include <QList>
#include <QSslCertificate>
#include <QSslError>

class QCheckBox;
class QFormLayout;
class QLabel;
class QPushButton;

class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Untrusted, Changed };

    //! Untrusted mode: \a certificate of \a server ("host:port") and why it is not trusted.
    static CertificateDialog *untrusted(const QString &server, const QSslCertificate &certificate,
                                        const QList<QSslError> &errors, QWidget *parent = nullptr);
    //! Changed mode: \a pinned was trusted for \a server, which now presents \a presented.
    static CertificateDialog *changed(const QString &server, const QSslCertificate &pinned,
                                      const QSslCertificate &presented, QWidget *parent = nullptr);

    Mode mode() const { return m_mode; }
    //! The certificate to pin if the dialog is accepted (the presented one).
    QSslCertificate certificate() const { return m_certificate; }
    QPushButton *trustButton() const { return m_trust; }
    //! Changed mode only (else null): ticked before trustButton() is enabled.
    QCheckBox *confirmBox() const { return m_confirm; }
    //! Everything the dialog says, as plain text (for tests and for copying).
    QString text() const;

private:
    CertificateDialog(Mode mode, const QString &server, const QSslCertificate &certificate, QWidget *parent);
    //! Subject, issuer, validity and fingerprint rows of m_certificate.
    void addDetails(QFormLayout *form);
    QLabel *addRow(QFormLayout *form, const QString &label, const QString &value, bool monospace = false);

    Mode m_mode;
    QSslCertificate m_certificate;
    QLabel *m_headline = nullptr;
    QLabel *m_explanation = nullptr;
    QFormLayout *m_form = nullptr;
    QCheckBox *m_confirm = nullptr;
    QPushButton *m_trust = nullptr;
};
