#pragma once
// Certificates the user decided to trust, one per server: "Trust this certificate for this server"
// in the app, --trust-fingerprint in parley-cli. Kept in QSettings (the Parley.conf the app and
// parley-cli share), group "certificatePins", one entry per host:port holding the certificate (PEM)
// and its SHA-256 fingerprint; an entry whose PEM does not match its fingerprint (edited by hand,
// damaged) is ignored, with a warning. A pin is for that host and port only, whatever the path.
//
// A pin is strict (IMConnector::setPinnedCertificate()): the server must present exactly that
// certificate, so a changed certificate is refused loudly rather than trusted silently. Pins are
// public data (certificates), not secrets: no keychain needed.
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

class QSettings;

class CertificatePins
{
    Q_DECLARE_TR_FUNCTIONS(CertificatePins)
public:
    struct Pin
    {
        QString server;               //!< key(): "host:port"
        QSslCertificate certificate;
        QString fingerprint;          //!< fingerprint(certificate)
    };

    //! "host:port" of \a serverUrl: lower-case host, the scheme's default port filled in.
    static QString key(const QUrl &serverUrl);
    //! SHA-256 of the certificate (DER) as people compare it: "0E:79:DF:…" (32 upper-case pairs).
    static QString fingerprint(const QSslCertificate &certificate);
    //! \a text as fingerprint() writes it, whether typed with colons, spaces, lower case or a
    //! "SHA256:" prefix; empty when it is not 32 bytes of hex.
    static QString normalizedFingerprint(const QString &text);

    //! The certificate pinned for \a serverUrl's host:port, or a null one.
    static QSslCertificate pinned(QSettings &settings, const QUrl &serverUrl);
    //! Pins \a certificate for \a serverUrl's host:port, replacing any pin it had.
    static void pin(QSettings &settings, const QUrl &serverUrl, const QSslCertificate &certificate);
    //! Removes the pin of \a server (a key()); false when there was none.
    static bool unpin(QSettings &settings, const QString &server);
    //! Every valid pin, sorted by server.
    static QList<Pin> all(QSettings &settings);
};
