#include "servertls.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

//! A loopback connection for the key check takes microseconds; this is only a bound.
constexpr int kLoopbackWaitMs = 5000;

//! Keeps the accepted socket's descriptor for a QSslSocket instead of wrapping it in a QTcpSocket.
class DescriptorServer : public QTcpServer
{
public:
    qintptr descriptor = -1;

protected:
    void incomingConnection(qintptr socketDescriptor) override { descriptor = socketDescriptor; }
};

std::optional<QByteArray> readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = ServerTls::tr("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    if (file.size() > ServerTls::kMaxFileSize) {
        *error = ServerTls::tr("%1 is larger than %2 bytes: not a PEM file")
                         .arg(QDir::toNativeSeparators(path))
                         .arg(ServerTls::kMaxFileSize);
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

std::optional<QSslConfiguration> ServerTls::load(const QString &certificateFile, const QString &keyFile,
                                                 QString *error, QString *warning)
{
    if (!QSslSocket::supportsSsl()) {
        *error = tr("this build of Qt has no TLS backend (OpenSSL)");
        return std::nullopt;
    }
    const std::optional<QByteArray> certificateData = readFile(certificateFile, error);
    if (!certificateData)
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificateData, QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull()) {
        *error = tr("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                         .arg(QDir::toNativeSeparators(certificateFile));
        return std::nullopt;
    }
    const std::optional<QByteArray> keyData = readFile(keyFile, error);
    if (!keyData)
        return std::nullopt;
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(*keyData, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error = tr("%1 holds no usable private key (PEM, RSA, EC or DSA, without a passphrase)")
                         .arg(QDir::toNativeSeparators(keyFile));
        return std::nullopt;
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients have no certificates
    const QString problem = handshakeProblem(configuration);
    if (!problem.isEmpty()) {
        *error = tr("the private key in %1 does not belong to the certificate in %2 (%3)")
                         .arg(QDir::toNativeSeparators(keyFile), QDir::toNativeSeparators(certificateFile), problem);
        return std::nullopt;
    }
    const QSslCertificate &leaf = chain.constFirst();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (warning && (leaf.expiryDate() < now || leaf.effectiveDate() > now)) {
        *warning = tr("the certificate in %1 is valid from %2 to %3 only: clients will refuse it")
                           .arg(QDir::toNativeSeparators(certificateFile),
                                leaf.effectiveDate().toString(Qt::ISODate), leaf.expiryDate().toString(Qt::ISODate));
    }
    return configuration;
}

QString ServerTls::handshakeProblem(const QSslConfiguration &configuration)
{
    // OpenSSL checks the key against the certificate when a server context is made, which needs a
    // connected socket: one loopback connection that never sends a byte.
    DescriptorServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return tr("cannot open a loopback connection to check it: %1").arg(server.errorString());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    if (!client.waitForConnected(kLoopbackWaitMs) || !server.waitForNewConnection(kLoopbackWaitMs)
        || server.descriptor < 0)
        return tr("cannot open a loopback connection to check it");
    QSslSocket socket;
    QString problem;
    QObject::connect(&socket, &QSslSocket::errorOccurred, &socket, [&socket, &problem] {
        if (problem.isEmpty()) // the first error says why; the next only "Unable to init SSL Context"
            problem = socket.errorString();
    });
    socket.setSocketDescriptor(server.descriptor);
    socket.setSslConfiguration(configuration);
    socket.startServerEncryption();
    socket.abort();
    client.abort();
    return problem;
}
