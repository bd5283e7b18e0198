#include "servermemory.h"

#include "websocketurl.h"

#include <QSettings>

namespace {
//! QSettings treats '/' as a group separator and some formats dislike ':'; keep the key one level.
QString settingsGroup(const QUrl &serverUrl)
{
    return QStringLiteral("servers/") + QString::fromLatin1(QUrl::toPercentEncoding(ServerMemory::key(serverUrl)));
}
} // namespace

QString ServerMemory::key(const QUrl &serverUrl)
{
    QString path = serverUrl.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return serverUrl.host().toLower() + QLatin1Char(':') + QString::number(WebSocketUrl::port(serverUrl)) + path;
}

ServerMemory::Entry ServerMemory::recall(QSettings &settings, const QUrl &serverUrl)
{
    settings.beginGroup(settingsGroup(serverUrl));
    Entry e;
    e.dialect = settings.value(QStringLiteral("dialect")).toString();
    e.profile = settings.value(QStringLiteral("profile")).toString();
    settings.endGroup();
    return e;
}

void ServerMemory::remember(QSettings &settings, const QUrl &serverUrl, const Entry &entry)
{
    settings.beginGroup(settingsGroup(serverUrl));
    if (entry.dialect.isEmpty())
        settings.remove(QStringLiteral("dialect"));
    else
        settings.setValue(QStringLiteral("dialect"), entry.dialect);
    if (entry.profile.isEmpty())
        settings.remove(QStringLiteral("profile"));
    else
        settings.setValue(QStringLiteral("profile"), entry.profile);
    settings.endGroup();
}

void ServerMemory::forget(QSettings &settings, const QUrl &serverUrl)
{
    settings.remove(settingsGroup(serverUrl));
}

QString ServerMemory::recallUser(QSettings &settings, const QUrl &serverUrl)
{
    return settings.value(settingsGroup(serverUrl) + QStringLiteral("/user")).toString();
}

void ServerMemory::rememberUser(QSettings &settings, const QUrl &serverUrl, const QString &username)
{
    const QString key = settingsGroup(serverUrl) + QStringLiteral("/user");
    if (username.isEmpty())
        settings.remove(key);
    else
        settings.setValue(key, username);
}
