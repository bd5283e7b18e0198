#pragma once
// The vault's fallback where no keychain answers: one file per account holding just the token,
// readable and writable by the user alone (0600, in a 0700 directory), written atomically so a
// crash never leaves half a token. It is plain text at rest, protected only by file permissions
// and the user's disk encryption, which is why the vault prefers the keychain and says when it
// cannot use one. Synchronous: files this small are written in well under a millisecond.
#include "tokenresult.h"

#include <QCoreApplication>
#include <QString>

class TokenFileStore
{
    Q_DECLARE_TR_FUNCTIONS(TokenFileStore)
public:
    //! Tokens live in \a directory, created (0700) on the first write.
    explicit TokenFileStore(const QString &directory = defaultDirectory());

    //! QStandardPaths::AppDataLocation + "/tokens": per user, never next to Parley.conf.
    static QString defaultDirectory();

    QString directory() const { return m_directory; }
    //! The file of \a key ("host:port/username"): its SHA-256 in hex, so any user name makes one
    //! short, portable file name, and two keys never share a file, even on case-insensitive disks.
    QString pathFor(const QString &key) const;

    //! The token stored for \a key. NotFound if there is no file; Refused if the file is not a
    //! regular file, is larger than SessionToken::kMaxBytes or holds anything but a token (it is
    //! neither used nor deleted, so the user can look at it). A file that others could read is
    //! narrowed to 0600 and a warning logged.
    TokenResult read(const QString &key) const;
    //! Stores \a token for \a key, replacing any earlier one. Refused if \a token is not a valid
    //! token; Failed if the directory or file cannot be made private or written. The new file is
    //! 0600 before a byte of it is written, and appears whole or not at all (QSaveFile).
    TokenResult write(const QString &key, const QByteArray &token) const;
    //! Deletes the token of \a key. Ok when there was none.
    TokenResult remove(const QString &key) const;

private:
    bool makeDirectory(QString *error) const;

    QString m_directory;
};
