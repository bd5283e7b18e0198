#pragma once
// The test certificates in tests/support/certs (self-signed, CA:TRUE, for 127.0.0.1 and
// localhost, valid 100 years): localhost.crt/.key and other.crt/.key, and their SHA-256
// fingerprints as `openssl x509 -noout -fingerprint -sha256` prints them (an independent check of
// Parley's own). Header-only; the test target defines PARLEY_TEST_CERTS (the folder).
#include <QFile>
#include <QSslCertificate>
#include <QString>

#ifndef PARLEY_TEST_CERTS
#error "testcerts.h: define PARLEY_TEST_CERTS for this test target (tests/support/certs)"
#endif

namespace ParleyTest {

inline const QString kLocalhostSha256 = QStringLiteral(
        "0E:79:DF:10:12:C0:89:02:91:CB:95:AE:C4:7B:AA:AF:E9:DB:C7:F2:28:7F:D5:A8:45:83:91:26:49:C4:50:19");
inline const QString kOtherSha256 = QStringLiteral(
        "80:60:31:72:E8:10:62:83:D9:E1:43:D8:A9:18:7F:79:AF:CA:A3:93:B4:D8:A6:67:FC:F1:58:EA:E1:3B:DB:E5");

//! tests/support/certs/\a name.
inline QString certPath(const char *name)
{
    return QStringLiteral(PARLEY_TEST_CERTS "/") + QLatin1String(name);
}

//! The certificate in tests/support/certs/\a name (null if missing).
inline QSslCertificate testCertificate(const char *name)
{
    QFile file(certPath(name));
    if (!file.open(QIODevice::ReadOnly))
        return QSslCertificate();
    return QSslCertificate(&file, QSsl::Pem);
}

} // namespace ParleyTest
