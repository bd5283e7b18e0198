#pragma once
// FileUploads: the uploads of the file messages in ChatClient's outbox, one per message (by client
// id). A file message is written only once its upload is done; ChatClient asks ensure() each time
// it would write one, and is told when an upload ends.
#include "chatmessage.h"

#include <QHash>
#include <QObject>
#include <QSet>

class FileChannel;
class FileUpload;

class FileUploads : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    //! Whether \a clientId's file is on the server (its message may be written).
    bool isDone(const QString &clientId) const { return m_done.contains(clientId); }
    //! Starts \a message's upload on \a channel, or resumes it if it was interrupted; nothing
    //! when it is under way or done.
    void ensure(const ChatMessage &message, FileChannel *channel);
    //! Stops \a clientId's upload and forgets it (its message left the outbox, or is retried).
    void forget(const QString &clientId);
    //! Stops every upload (the protocol, and with it the channel, is replaced).
    void clear();
    //! The server's id of \a clientId's upload once begun; empty before.
    QString uploadId(const QString &clientId) const;
    //! Chunks in flight per upload started from now on (ConnectorSettings::transferWindow).
    void setWindow(int window) { m_window = window; }

Q_SIGNALS:
    void progress(const QString &clientId, qint64 sent, qint64 total);
    void uploaded(const QString &clientId);
    void failed(const QString &clientId, const QString &error);

private:
    QHash<QString, FileUpload *> m_uploads;
    QSet<QString> m_done;
    int m_window = 4;
};
