#pragma once
// A custom certificate authority file (--ca-file in parley-cli and the app): the CA certificates
// of a private or company network, or a test CA, trusted beside the system's for every server.
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <optional>

class CaFile
{
    Q_DECLARE_TR_FUNCTIONS(CaFile)
public:
    //! Largest file read (bytes): a bundle of a few hundred CA certificates fits.
    static constexpr qint64 kMaxFileSize = 4 * 1024 * 1024;

    //! The certificates in \a path (PEM, one or more; or one DER certificate); nullopt, with
    //! \a error naming the file, when it cannot be read or holds no certificate.
    static std::optional<QList<QSslCertificate>> read(const QString &path, QString *error);
};
