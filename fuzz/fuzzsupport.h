#pragma once
// What every Parley fuzz target shares (docs/security.md, "Fuzzing"): a check that turns a broken promise into a
// crash libFuzzer reports and saves, Qt set up once and silenced, and the fuzz input as text or JSON.
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

//! Aborts when \a cond is false: libFuzzer reports it like any crash and keeps the input. For the
//! promises a parser makes beyond "does not crash" (bounds, round trips).
#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                         \
        }                                                                                         \
    } while (0)

namespace Fuzz {

//! A QCoreApplication (timers, queued calls and QSqlDatabase need one) and no log output: the code
//! under test logs every malformed input on purpose, and at fuzzing speed the printing would cost
//! more than the work. Fatal messages still abort. Call from LLVMFuzzerInitialize().
inline void initQt(int *argc, char ***argv)
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
    static QCoreApplication app(*argc, *argv);
}

//! The input as text, as a websocket text frame would deliver it (invalid UTF-8 becomes U+FFFD).
inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

//! The input as one JSON value of any kind (object, array, string, number…), or nullopt.
inline std::optional<QJsonValue> json(const uint8_t *data, size_t size)
{
    QByteArray wrapped("[");
    wrapped.append(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    wrapped.append(']');
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}

} // namespace Fuzz
