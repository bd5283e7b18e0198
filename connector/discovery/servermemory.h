#pragma once
// What worked for a server, remembered in QSettings so that the next start neither probes again
// nor asks again: the dialect found by DialectDetector (or chosen by the user) and the Socket.IO
// server profile. Keyed by host:port/path (group "servers"); the scheme is not part of the key
// because ws:// and wss:// to one host:port are one server.
#include <QString>
#include <QUrl>

class QSettings;

class ServerMemory
{
public:
    struct Entry
    {
        QString dialect; //!< ServerKinds::name(): "parley", "socketio" or "raw"; empty = unknown
        QString profile; //!< ServerProfile id for "socketio"; empty = none chosen
    };

    //! "host:port/path", lower-case host, default port by scheme, no trailing '/'.
    static QString key(const QUrl &serverUrl);
    static Entry recall(QSettings &settings, const QUrl &serverUrl);
    //! Stores \a entry for \a serverUrl; empty fields are removed.
    static void remember(QSettings &settings, const QUrl &serverUrl, const Entry &entry);
    static void forget(QSettings &settings, const QUrl &serverUrl);
    //! The account last signed in on the server (its session token is in the TokenVault, never
    //! here); empty = none.
    static QString recallUser(QSettings &settings, const QUrl &serverUrl);
    static void rememberUser(QSettings &settings, const QUrl &serverUrl, const QString &username);
};
