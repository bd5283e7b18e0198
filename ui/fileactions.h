#pragma once
// FileActions: what the chat window does with files -- send the files a user picks (attach
// button, Ctrl+Shift+U), drops onto the window or pastes (a screenshot from the clipboard
// becomes a PNG), and open or save the file of a message (fetched into the FileCache first,
// verified). All through ChatClient; nothing here touches the network itself.
#include "fileref.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class ChatClient;
class FileCache;
class QImage;
class QMimeData;
class QWidget;

class FileActions : public QObject
{
    Q_OBJECT
public:
    //! \a dialogParent parents the file dialogs and messages.
    FileActions(ChatClient *client, QWidget *dialogParent);
    ~FileActions() override;

    //! Whether files can be sent here now (the server takes them).
    bool available() const;
    //! Whether \a data carries something to send as files: local files, or an image.
    static bool carriesFiles(const QMimeData *data);

    //! Asks for files (several at once) and sends them to \a room; the first gets \a caption.
    void chooseAndSend(const QString &room, const QString &caption);
    //! Sends the local files in \a data (or its image, as a PNG) to \a room; the number sent.
    int sendMimeData(const QString &room, const QMimeData *data, const QString &caption);
    //! Sends \a paths to \a room, the first with \a caption; the number handed to ChatClient.
    int sendPaths(const QString &room, const QStringList &paths, const QString &caption);
    //! Writes \a image as a PNG beside the outbox (it must outlive a restart until it is sent)
    //! and sends it; false if it could not be written.
    bool sendImage(const QString &room, const QImage &image, const QString &caption);

    //! Opens \a file with the desktop's application for it, fetching it first if needed.
    void open(const FileRef &file);
    //! Asks where to save \a file and puts it there (from the cache, else fetched).
    void saveAs(const FileRef &file);
    //! Shows the image \a file whole in an ImageViewer (fetched first if need be).
    void showImage(const FileRef &file);
    //! Fetches \a file into \a target, then (when \a openAfter) opens it; for tests and save.
    QString fetchTo(const FileRef &file, const QString &target, bool openAfter);

    //! Where pasted images wait until they are sent (QStandardPaths::AppDataLocation/outgoing).
    static QString outgoingDirectory();

Q_SIGNALS:
    //! A fetched file is at \a path (opened too when asked).
    void fetched(const FileRef &file, const QString &path);
    //! Something went wrong, in words for the user (also shown in a message box when visible).
    void problem(const QString &text);

private:
    void onFinished(const QString &id, const QString &path);
    void onFailed(const QString &id, const QString &why);

    QPointer<ChatClient> m_client;
    QWidget *m_dialogParent;
    FileCache *m_cache;
    enum class Then { Nothing, Open, View };
    struct Pending
    {
        FileRef file;
        Then then = Then::Nothing;
    };
    void view(const FileRef &file, const QString &path);
    //! Where \a file is on this computer already: in the cache, or (one's own) where it was sent
    //! from, unchanged in size; empty when it must be fetched.
    QString localCopy(const FileRef &file) const;
    QString fetchInto(const FileRef &file, const QString &target, Then then);
    QHash<QString, Pending> m_fetches; //!< download id -> what to do when it is done
};
