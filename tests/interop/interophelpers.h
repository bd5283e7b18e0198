#pragma once
// Small helpers shared by the interop tests: a ChatClient with spies.
#include "chatclient.h"
#include "protocolfactory.h"
#include "receivedmessages.h"
#include "testsettings.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QSignalSpy>

namespace interop {

using namespace std::chrono_literals;

//! A ChatClient on a given protocol kind, with spies on what the tests look at.
struct Client
{
    Client(const QString &name, ServerKind dialect, const ServerProfile &profile = {})
    {
        ConnectorSettings settings = ParleyTest::fastSettings();
        settings.ackTimeout = 3000ms;
        client.setSettings(settings);
        client.setUserName(name);
        client.setProtocol(ProtocolFactory::create(dialect, profile, client.connector()));
    }
    ChatClient client;
    QSignalSpy ready{&client, &ChatClient::readyChanged};
    ReceivedMessages received{&client};
    QSignalSpy delivery{&client, &ChatClient::deliveryChanged};
    QSignalSpy errors{&client, &ChatClient::errorOccurred};
    QSignalSpy joined{&client, &ChatClient::joined};

    ChatMessage receivedAt(int i) const { return received.at(i); }
    QStringList receivedTexts() const { return received.texts(); }
    QList<ChatMessage::Delivery> deliveriesOf(const QString &clientId) const
    {
        QList<ChatMessage::Delivery> out;
        for (const auto &args : delivery) {
            if (args.at(0).toString() == clientId)
                out << args.at(1).value<ChatMessage::Delivery>();
        }
        return out;
    }
    bool isReady() const { return client.isReady(); }
};

//! \a size bytes of a repeatable pattern written to \a name in \a dir; the path.
inline QString writeBytes(const QTemporaryDir &dir, const QString &name, qint64 size, QByteArray *bytes)
{
    bytes->resize(size);
    for (qint64 i = 0; i < size; ++i)
        (*bytes)[i] = char((i * 131 + 7) % 251);
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(*bytes) != size)
        return {};
    return f.fileName();
}

inline QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

inline ServerProfile profile(const char *id)
{
    return ServerProfile::preset(QLatin1String(id)).value_or(ServerProfile{});
}

} // namespace interop
