#include "connectorsettings.h"

#include <QSettings>

namespace {
std::chrono::milliseconds readMs(QSettings &s, const char *key, std::chrono::milliseconds def)
{
    bool ok = false;
    const qint64 v = s.value(QLatin1String(key), qint64(def.count())).toLongLong(&ok);
    return ok && v >= 0 ? std::chrono::milliseconds(v) : def;
}
} // namespace

ConnectorSettings ConnectorSettings::fromSettings(QSettings &s)
{
    ConnectorSettings c;
    s.beginGroup(QStringLiteral("connection"));
    c.heartbeatInterval = readMs(s, "heartbeatIntervalMs", c.heartbeatInterval);
    c.heartbeatTimeout = readMs(s, "heartbeatTimeoutMs", c.heartbeatTimeout);
    c.connectTimeout = readMs(s, "connectTimeoutMs", c.connectTimeout);
    c.backoffBase = readMs(s, "backoffBaseMs", c.backoffBase);
    c.backoffCap = readMs(s, "backoffCapMs", c.backoffCap);
    c.stablePeriod = readMs(s, "stablePeriodMs", c.stablePeriod);
    c.ackTimeout = readMs(s, "ackTimeoutMs", c.ackTimeout);
    c.ackRetries = s.value(QStringLiteral("ackRetries"), c.ackRetries).toInt();
    c.tailCheckDelay = readMs(s, "tailCheckDelayMs", c.tailCheckDelay);
    c.awayAfter = readMs(s, "awayAfterMs", c.awayAfter);
    c.readReceiptInterval = readMs(s, "readReceiptIntervalMs", c.readReceiptInterval);
    c.backoffMultiplier = s.value(QStringLiteral("backoffMultiplier"), c.backoffMultiplier).toDouble();
    c.backoffJitter = qBound(0.0, s.value(QStringLiteral("backoffJitter"), c.backoffJitter).toDouble(), 1.0);
    c.maxAttempts = s.value(QStringLiteral("maxAttempts"), c.maxAttempts).toInt();
    c.maxBytesToWrite = s.value(QStringLiteral("maxBytesToWrite"), c.maxBytesToWrite).toLongLong();
    c.minServerPing = readMs(s, "minServerPingMs", c.minServerPing);
    c.maxServerPing = readMs(s, "maxServerPingMs", c.maxServerPing);
    c.maxAttachments = s.value(QStringLiteral("maxAttachments"), c.maxAttachments).toInt();
    c.maxAttachmentBytes = s.value(QStringLiteral("maxAttachmentBytes"), c.maxAttachmentBytes).toLongLong();
    c.attachmentTimeout = readMs(s, "attachmentTimeoutMs", c.attachmentTimeout);
    c.maxUploadSize = qMax<qint64>(1, s.value(QStringLiteral("maxUploadSize"), c.maxUploadSize).toLongLong());
    c.maxRawFileSize = qMax<qint64>(1, s.value(QStringLiteral("maxRawFileSize"), c.maxRawFileSize).toLongLong());
    c.transferWindow = qBound(kMinTransferWindow, s.value(QStringLiteral("transferWindow"), c.transferWindow).toInt(),
                              kMaxTransferWindow);
    s.endGroup();
    if (c.backoffMultiplier < 1.0)
        c.backoffMultiplier = 1.0;
    return c;
}
