#pragma once
// ImagePreviews: the thumbnails of the images messages send, for the conversation to show inline.
// A thumbnail is made when its row is first painted, on a worker thread, from the best source at
// hand: the image itself when it is here (one's own file, or in the FileCache), else the thumbnail
// its sender put into the message (FileRef::thumbnail), else the image fetched into the FileCache
// (verified against its id). Until then (and for an image that cannot be shown) the row shows a
// placeholder of the same size, so nothing moves when it arrives.
//
// Hostile input: everything is read under ImageReading's bounds (declared size, allocation limit).
// Fetches are bounded too: only images up to kMaxFetchBytes are fetched for a preview, and at most
// kMaxLoading previews load at once.
#include "fileref.h"
#include "imagereading.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSize>

class ChatClient;
class FileCache;

class ImagePreviews : public QObject
{
    Q_OBJECT
public:
    //! The box a thumbnail fits in (logical pixels); rows reserve it for every image.
    static constexpr QSize kBox{260, 180};
    //! Images larger than this are not fetched for a preview (Open still fetches them).
    static constexpr qint64 kMaxFetchBytes = 25 * 1024 * 1024;
    //! Previews fetched or decoded at the same time; the rest wait their turn.
    static constexpr int kMaxLoading = 4;
    //! Thumbnails kept in memory (bytes).
    static constexpr qint64 kCacheBytes = 64LL * 1024 * 1024;

    enum class State { None, Loading, Ready, Failed };

    //! Previews of images \a client fetches, for the view \a parent (MessageDelegate finds them
    //! there: of()).
    ImagePreviews(ChatClient *client, QObject *parent = nullptr);
    ~ImagePreviews() override;
    //! The previews of \a view (a child of it), or nullptr.
    static ImagePreviews *of(const QObject *view);

    //! The thumbnail of \a file, or a null image while it loads (loading starts here) or when
    //! it cannot be shown (state() says which). \a devicePixelRatio: the screen's.
    QImage preview(const FileRef &file, qreal devicePixelRatio = 1.0);
    State state(const QString &fileId) const;

Q_SIGNALS:
    //! \a fileId's thumbnail is ready, or failed: rows showing it repaint.
    void changed(const QString &fileId);

private:
    struct Wanted
    {
        FileRef file;
        QSize box;
    };
    void startNext();
    void load(const Wanted &wanted);
    //! Decodes the image at \a path, or (\a path empty) \a file's thumbnail, on a worker.
    void decodeInBackground(const FileRef &file, const QString &path, const QSize &box);
    void finish(const QString &fileId, const QImage &image, const QString &error);

    QPointer<ChatClient> m_client;
    FileCache *m_files;
    QCache<QString, QImage> m_images;
    QHash<QString, QString> m_problems;
    QSet<QString> m_loading;             //!< fetching or decoding now
    QList<Wanted> m_queue;               //!< asked for, waiting for a turn
    QHash<QString, Wanted> m_fetches;    //!< download id -> what it is for
};
