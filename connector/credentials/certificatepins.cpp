#include "certificatepins.h"

#include "logging.h"
#include "websocketurl.h"

#include <QRegularExpression>
#include <QSettings>

#include <algorithm>

namespace {
const QLatin1String kGroup("certificatePins");
const QLatin1String kPemKey("pem");
const QLatin1String kFingerprintKey("sha256");

//! One level under kGroup: ':' and '/' percent-encoded (QSettings and INI files dislike them).
QString entryGroup(const QString &server)
{
    return kGroup + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(server));
}

//! The pin stored under \a server, or a null certificate (with a warning if it is damaged).
QSslCertificate read(QSettings &settings, const QString &server)
{
    settings.beginGroup(entryGroup(server));
    const QByteArray pem = settings.value(kPemKey).toByteArray();
    const QString stored = settings.value(kFingerprintKey).toString();
    settings.endGroup();
    if (pem.isEmpty())
        return QSslCertificate();
    const QSslCertificate certificate(pem, QSsl::Pem);
    if (certificate.isNull() || CertificatePins::fingerprint(certificate) != stored) {
        qCWarning(lcCredentials).noquote() << "ignoring the damaged certificate pin for" << server;
        return QSslCertificate();
    }
    return certificate;
}
} // namespace

QString CertificatePins::key(const QUrl &serverUrl)
{
    return WebSocketUrl::hostAndPort(serverUrl).toLower();
}

QString CertificatePins::fingerprint(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString CertificatePins::normalizedFingerprint(const QString &text)
{
    QString hex = text.trimmed();
    if (hex.startsWith(QLatin1String("sha256:"), Qt::CaseInsensitive))
        hex.remove(0, 7);
    static const QRegularExpression separators(QStringLiteral("[\\s:]"));
    hex.remove(separators);
    static const QRegularExpression sha256Hex(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!sha256Hex.match(hex).hasMatch())
        return {};
    return QString::fromLatin1(QByteArray::fromHex(hex.toLatin1()).toHex(':').toUpper());
}

QSslCertificate CertificatePins::pinned(QSettings &settings, const QUrl &serverUrl)
{
    return read(settings, key(serverUrl));
}

void CertificatePins::pin(QSettings &settings, const QUrl &serverUrl, const QSslCertificate &certificate)
{
    const QString server = key(serverUrl);
    settings.beginGroup(entryGroup(server));
    settings.setValue(kPemKey, certificate.toPem());
    settings.setValue(kFingerprintKey, fingerprint(certificate));
    settings.endGroup();
    settings.sync();
    qCInfo(lcCredentials).noquote() << "pinned certificate" << fingerprint(certificate) << "for" << server;
}

bool CertificatePins::unpin(QSettings &settings, const QString &server)
{
    const QString group = entryGroup(server);
    if (!settings.childGroups().contains(kGroup))
        return false;
    settings.beginGroup(kGroup);
    const bool known = settings.childGroups().contains(QString::fromLatin1(QUrl::toPercentEncoding(server)));
    settings.endGroup();
    if (!known)
        return false;
    settings.remove(group);
    settings.sync();
    qCInfo(lcCredentials).noquote() << "removed the certificate pin for" << server;
    return true;
}

QList<CertificatePins::Pin> CertificatePins::all(QSettings &settings)
{
    settings.beginGroup(kGroup);
    const QStringList groups = settings.childGroups();
    settings.endGroup();
    QList<Pin> pins;
    for (const QString &group : groups) {
        const QString server = QUrl::fromPercentEncoding(group.toLatin1());
        const QSslCertificate certificate = read(settings, server);
        if (!certificate.isNull())
            pins.append(Pin{server, certificate, fingerprint(certificate)});
    }
    std::sort(pins.begin(), pins.end(), [](const Pin &a, const Pin &b) { return a.server < b.server; });
    return pins;
}
