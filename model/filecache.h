#pragma once
// FileCache: where fetched files are kept on this computer (QStandardPaths::CacheLocation/files),
// one folder per file id, bounded in size: the files least recently fetched or opened go first.
// A file is only ever put there by a verified download (ChatClient::fetchFile()), so a file found
// here with the right size is the file its id names.
#include "fileref.h"

#include <QString>

class FileCache
{
public:
    //! Default bound on what the cache keeps (settings key files/cacheMaxBytes).
    static constexpr qint64 kDefaultMaxBytes = qint64(1) << 30;

    //! A cache in \a directory (default: the user's cache folder's "files").
    explicit FileCache(const QString &directory = {});

    QString directory() const { return m_directory; }
    //! Where \a file is (or will be) kept: <directory>/<id>/<its name, made safe as a file name>.
    QString pathFor(const FileRef &file) const;
    //! Whether \a file is here whole (its size as named); marks it as used now.
    bool contains(const FileRef &file) const;
    //! Drops the least recently used files until at most \a maxBytes are kept, never \a keep.
    //! Returns the bytes dropped.
    qint64 trim(qint64 maxBytes, const QString &keep = {}) const;
    //! Bytes kept now.
    qint64 size() const;

    //! \a name as a file name on this system: no separators, no leading dots, not empty.
    static QString safeName(const QString &name);

private:
    QString m_directory;
};
