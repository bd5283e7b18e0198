#pragma once
// LocalFile: what a file on this computer is, as a message would send it -- its SHA-256, size,
// name and media type -- found on a worker thread (a 200 MB file takes most of a second to hash,
// which must never stall the GUI), or why it cannot be sent.
#include "fileref.h"

#include <QObject>
#include <functional>

class LocalFile
{
public:
    enum class Problem { None, NotFound, NotAFile, Empty, TooLarge, Unreadable, Changed };

    struct Inspection
    {
        FileRef file;       //!< id, name, size, type and path; null when problem is not None
        Problem problem = Problem::None;
        qint64 size = 0;    //!< the size seen (TooLarge: how large it is)
    };

    //! Makes the thumbnail of the image file at a path (JPEG/PNG bytes, FileNaming::isThumbnail),
    //! or empty bytes. Runs on the worker: it must be thread-safe.
    using ThumbnailMaker = std::function<QByteArray(const QString &path)>;

    //! Reads \a path whole on a worker thread and calls \a done with what it found, in
    //! \a context's thread (not at all if \a context is gone by then). A file over \a maxSize
    //! bytes is TooLarge without being read; one whose size changes while it is read is Changed.
    //! An image gets a thumbnail from \a thumbnails when given (and when what it makes is one).
    static void inspect(const QString &path, qint64 maxSize, QObject *context,
                        std::function<void(const Inspection &)> done, ThumbnailMaker thumbnails = {});
    //! The same, on the calling thread (the worker's body; for tests and tools).
    static Inspection inspectNow(const QString &path, qint64 maxSize, const ThumbnailMaker &thumbnails = {});
};
