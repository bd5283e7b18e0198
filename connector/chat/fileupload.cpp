#include "fileupload.h"

#include "connectorsettings.h"
#include "logging.h"

#include <QFileInfo>
#include <QPointer>

FileUpload::FileUpload(FileChannel *channel, const QString &room, const FileRef &file, int window, QObject *parent)
    : QObject(parent), m_channel(channel), m_room(room), m_file(file), m_window(qBound(ConnectorSettings::kMinTransferWindow, window, ConnectorSettings::kMaxTransferWindow))
{
    m_retry.setSingleShot(true);
}

void FileUpload::start()
{
    if (m_state == State::Done || m_state == State::Failed || m_state == State::Beginning
        || m_state == State::Sending)
        return;
    m_retry.stop();
    m_state = State::Beginning;
    const quint64 generation = ++m_generation;
    QPointer<FileUpload> self(this);
    m_channel->begin(m_room, m_file, [self, generation](const FileChannel::Answer &answer) {
        if (self && self->m_generation == generation)
            self->onBegun(answer);
    });
}

void FileUpload::cancel()
{
    ++m_generation;
    m_retry.stop();
    m_source.close();
    m_state = State::Failed;
}

bool FileUpload::waitIfAsked(const FileChannel::Answer &answer, void (FileUpload::*again)())
{
    if (answer.retryAfterMs <= 0
        || (answer.error != QLatin1String("busy") && answer.error != QLatin1String("rate limited")))
        return false;
    m_state = State::Waiting;
    m_retry.disconnect(this);
    connect(&m_retry, &QTimer::timeout, this, again);
    m_retry.start(int(qMin(answer.retryAfterMs, kMaxRetryWaitMs)));
    return true;
}

void FileUpload::onBegun(const FileChannel::Answer &answer)
{
    if (answer.linkFailure) {
        m_state = State::Idle;
        Q_EMIT interrupted();
        return;
    }
    if (!answer.ok) {
        if (waitIfAsked(answer, &FileUpload::start))
            return;
        return fail(answer.error);
    }
    m_upload = answer.upload;
    m_offset = answer.offset;
    Q_EMIT progress(m_offset, m_file.size);
    if (!answer.file.isEmpty()) { // stored before: nothing to send
        if (answer.file != m_file.id)
            return fail(FileChannel::kMalformed);
        m_state = State::Done;
        Q_EMIT finished();
        return;
    }
    m_state = State::Sending;
    sendNext();
}

void FileUpload::sendNext()
{
    // Answers to what was in flight before are not waited for any more.
    ++m_generation;
    m_inFlight = 0;
    m_next = m_offset;
    sendMore();
}

void FileUpload::sendMore()
{
    m_state = State::Sending;
    if (!m_source.isOpen()) {
        m_source.setFileName(m_file.path);
        if (!m_source.open(QIODevice::ReadOnly))
            return fail(QFileInfo::exists(m_file.path) ? kUnreadable : kGone);
    }
    // The file must still be the one that was hashed (as far as its size tells; the server checks
    // the hash at the end).
    if (m_source.size() != m_file.size)
        return fail(QFileInfo::exists(m_file.path) ? kChanged : kGone);
    while (m_inFlight < m_window && m_next < m_file.size) {
        if (!m_source.seek(m_next))
            return fail(kUnreadable);
        const QByteArray data = m_source.read(qMin(FileChannel::kMaxChunk, m_file.size - m_next));
        if (data.isEmpty())
            return fail(kUnreadable);
        const qint64 at = m_next;
        const qint64 expected = at + data.size();
        const quint64 generation = m_generation;
        QPointer<FileUpload> self(this);
        m_next = expected;
        ++m_inFlight;
        m_channel->chunk(m_upload, at, data, [self, generation, expected](const FileChannel::Answer &answer) {
            if (self && self->m_generation == generation)
                self->onChunk(answer, expected);
        });
        if (!self || m_generation != generation)
            return; // answered at once, and that answer changed everything (a lost link)
    }
}

void FileUpload::onChunk(const FileChannel::Answer &answer, qint64 expected)
{
    --m_inFlight;
    if (answer.linkFailure) {
        ++m_generation; // the rest of the window is lost with the link
        m_state = State::Idle;
        Q_EMIT interrupted();
        return;
    }
    if (!answer.ok) {
        ++m_generation; // the rest of the window was sent after a refused chunk: not waited for
        if (waitIfAsked(answer, &FileUpload::sendNext))
            return;
        if (answer.error == QLatin1String("wrong offset") && answer.offset <= m_file.size
            && ++m_resyncs <= kMaxResyncs) {
            qCInfo(lcChat) << "upload of" << m_file.id.left(12) << "resumes at the server's offset" << answer.offset;
            m_offset = answer.offset;
            return sendNext();
        }
        return fail(answer.error == QLatin1String("hash mismatch") ? kChanged : answer.error);
    }
    if (answer.offset != expected) // a server that does not count as it says
        return fail(FileChannel::kMalformed);
    m_resyncs = 0;
    m_offset = answer.offset;
    Q_EMIT progress(m_offset, m_file.size);
    if (m_offset < m_file.size)
        return sendMore();
    if (answer.file != m_file.id)
        return fail(FileChannel::kMalformed);
    m_source.close();
    m_state = State::Done;
    Q_EMIT finished();
}

void FileUpload::fail(const QString &error)
{
    qCInfo(lcChat).noquote() << "upload of" << m_file.name << "failed:" << error;
    ++m_generation;
    m_source.close();
    m_state = State::Failed;
    Q_EMIT failed(error);
}
