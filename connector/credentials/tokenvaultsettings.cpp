#include "tokenvaultsettings.h"

#include <QSettings>

TokenVaultSettings TokenVaultSettings::fromSettings(QSettings &s)
{
    TokenVaultSettings c;
    s.beginGroup(QStringLiteral("credentials"));
    bool ok = false;
    const qint64 timeout = s.value(QStringLiteral("keychainTimeoutMs"), qint64(c.keychainTimeout.count())).toLongLong(&ok);
    if (ok && timeout > 0)
        c.keychainTimeout = std::chrono::milliseconds(timeout);
    c.forceFileFallback = s.value(QStringLiteral("forceFileFallback"), c.forceFileFallback).toBool();
    s.endGroup();
    return c;
}
