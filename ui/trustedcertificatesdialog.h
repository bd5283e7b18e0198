#pragma once
// TrustedCertificatesDialog: Parley ▸ Trusted Certificates…: the certificates the user trusted
// for a server (CertificatePins: "Trust This Certificate for This Server", parley-cli
// --trust-fingerprint), one row per host:port with the certificate's subject, expiry and SHA-256
// fingerprint, and "Remove" -- after which that server's certificate is asked about again.
#include <QDialog>

class QPushButton;
class QSettings;
class QTreeWidget;

class TrustedCertificatesDialog : public QDialog
{
    Q_OBJECT
public:
    //! Lists the pins in \a settings (not owned; outlives the dialog).
    explicit TrustedCertificatesDialog(QSettings *settings, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    QPushButton *removeButton() const { return m_remove; }
    //! Removes the pin of row \a row and lists again.
    void removeRow(int row);
    //! Lists the pins again (after a change elsewhere).
    void reload();

private:
    QSettings *m_settings;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_remove = nullptr;
};
