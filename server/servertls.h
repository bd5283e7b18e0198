#pragma once
// parley-server's own wss://: the certificate chain and private key the operator names
// (--tls-cert, --tls-key), read and checked before the server listens, so that a wrong file is a
// clear error at start and not a handshake failure for every client later.
#include <QCoreApplication>
#include <QSslConfiguration>
#include <QString>

#include <optional>

class ServerTls
{
    Q_DECLARE_TR_FUNCTIONS(ServerTls)
public:
    //! Largest certificate or key file read (bytes): PEM chains are a few KiB.
    static constexpr qint64 kMaxFileSize = 1024 * 1024;

    //! The server's TLS configuration from \a certificateFile (PEM: the server's certificate first,
    //! then any intermediates) and \a keyFile (PEM, unencrypted RSA, EC or DSA private key).
    //! nullopt, with \a error in words naming the file, when a file cannot be read, holds no
    //! certificate or key, or the key does not belong to the certificate (checked by starting a
    //! TLS server handshake over a loopback connection, as every client's would). An expired or
    //! not-yet-valid certificate loads, with a warning in \a warning.
    static std::optional<QSslConfiguration> load(const QString &certificateFile, const QString &keyFile,
                                                 QString *error, QString *warning = nullptr);

private:
    //! Empty when \a configuration can serve a TLS handshake, else OpenSSL's reason.
    static QString handshakeProblem(const QSslConfiguration &configuration);
};
