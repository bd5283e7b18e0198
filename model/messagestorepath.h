#pragma once
// MessageStorePath: which file holds a user's history and outbox for one server.

#include <QString>

class QUrl;

//! Names MessageStore's file for (server, user); no database involved.
//!
//! Why one file per server and user: their histories and outboxes are unrelated. Why the name is
//! a contract: a file found under another name next time is a history lost, so the name of a
//! given (server, user) must never change between versions (tst_messagestorepath pins one).
class MessageStorePath
{
public:
    //! AppDataLocation/history/ + fileName(\a server, \a user). MessageStore::open() creates
    //! the folders.
    static QString defaultPath(const QUrl &server, const QString &user);
    //! <host>_<port>-<user>-<hash>.sqlite. The readable parts are reduced to [a-z0-9._-] and at
    //! most kReadableNameChars each (lower case: host names are case-insensitive and so are some
    //! file systems); the first kNameHashChars hex digits of the SHA-256 of the exact
    //! "host:port/user" keep names apart that reduce alike ("Bob" and "bob", "a b" and "a_b").
    //! The port is the scheme's default (ws/http 80, wss/https 443, else 0) when the URL gives none.
    static QString fileName(const QUrl &server, const QString &user);

    //! Characters of a user or host name kept readable in the file name.
    static constexpr int kReadableNameChars = 40;
    //! Hex digits of the SHA-256 of "host:port/user" that keep the names apart.
    static constexpr int kNameHashChars = 16;
};
