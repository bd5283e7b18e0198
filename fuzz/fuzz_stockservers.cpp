// What Parley reads from chat servers that are not parley-server (connector/protocol/):
// ForeignMessage (a plain websocket server's text and binary frames, a stock Socket.IO event's
// object) and ServerProfile::fromJson (a profile as stored in settings or pasted by a user). The
// input is read as a text frame, as binary data and, when it is JSON, as an object. Beyond "no
// crash, no undefined behaviour": a profile that loads saves and loads to the same profile, and a
// binary frame kept for "show the rest" is bounded unless it is an image.
#include "foreignmessage.h"
#include "fuzzsupport.h"
#include "serverprofile.h"

#include <QJsonObject>

namespace {

void checkFrames(const QByteArray &bytes)
{
    const ChatMessage text = ForeignMessage::fromText(QString::fromUtf8(bytes));
    FUZZ_CHECK(text.time.isValid());
    const ChatMessage binary = ForeignMessage::fromBinary(bytes);
    FUZZ_CHECK(!binary.text.isEmpty());
    const QString url = ForeignMessage::dataUrl(bytes);
    FUZZ_CHECK(url.isEmpty() || url.startsWith(QLatin1String("data:")));
    if (!url.isEmpty() && !url.startsWith(QLatin1String("data:image/")))
        FUZZ_CHECK(bytes.size() <= ForeignMessage::kMaxRawBinary);
}

void checkObject(const QJsonObject &object)
{
    QString sender;
    (void)ForeignMessage::textOf(object, &sender);
    for (auto it = object.begin(); it != object.end(); ++it)
        (void)ForeignMessage::textOf(object, &sender, it.key(), it.key());

    QString error;
    const std::optional<ServerProfile> profile = ServerProfile::fromJson(object, &error);
    if (!profile) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    const std::optional<ServerProfile> again = ServerProfile::fromJson(profile->toJson(), &error);
    FUZZ_CHECK(again && *again == *profile);
    (void)profile->validate();
    (void)profile->payload(QStringLiteral("hello"), QStringLiteral("alice"));
    (void)profile->authFor(QStringLiteral("alice"));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    checkFrames(QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    if (const std::optional<QJsonValue> value = Fuzz::json(data, size))
        checkObject(value->toObject());
    return 0;
}
