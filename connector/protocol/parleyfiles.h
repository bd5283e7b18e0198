#pragma once
// ParleyFiles: FileChannel over parley-server's Socket.IO events "file.begin", "file.chunk"
// (one binary attachment) and "file.fetch" (a binary ack), docs/protocol.md "Files".
#include "filechannel.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

class SocketIoSession;

//! Every answer is checked before it is used: offsets and sizes are whole numbers in range, a
//! fetch brings at most the bytes asked for and never past the size it names. The session drops
//! the acks it waits for when the link goes: the callbacks still pending then are answered with
//! kLinkLost here, each once.
class ParleyFiles : public QObject, public FileChannel
{
    Q_OBJECT
public:
    explicit ParleyFiles(SocketIoSession *session, QObject *parent = nullptr);
    ~ParleyFiles() override;

    void begin(const QString &room, const FileRef &file, Callback done) override;
    void chunk(const QString &upload, qint64 offset, const QByteArray &data, Callback done) override;
    void fetch(const QString &fileId, qint64 offset, qint64 length, Callback done) override;
    void cancel(const QString &upload, Callback done) override;

    //! Requests sent and not answered yet (for tests).
    int pending() const { return int(m_pending.size()); }

private:
    //! Sends \a event; \a read turns the server's answer into an Answer.
    void request(const QString &event, const QJsonObject &args, const QList<QByteArray> &attachments,
                 std::function<Answer(const QJsonObject &, const QList<QByteArray> &)> read,
                 Callback done);
    void failAll(const QString &error);

    SocketIoSession *m_session;
    quint64 m_next = 0;
    QHash<quint64, Callback> m_pending;
};
