#include "cafile.h"

#include <QDir>
#include <QFile>

std::optional<QList<QSslCertificate>> CaFile::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the CA file %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileSize) {
        *error = tr("the CA file %1 is larger than %2 bytes").arg(QDir::toNativeSeparators(path)).arg(kMaxFileSize);
        return std::nullopt;
    }
    const QByteArray data = file.readAll();
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    certificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
    if (certificates.isEmpty()) {
        *error = tr("the CA file %1 holds no certificate (PEM or DER)").arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    return certificates;
}
