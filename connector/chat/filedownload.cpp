#include "filedownload.h"

#include "connectorsettings.h"
#include "logging.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>

FileDownload::FileDownload(FileChannel *channel, const FileRef &file, const QString &target,
                           qint64 maxSize, int window, QObject *parent)
    : QObject(parent), m_channel(channel), m_file(file), m_target(target), m_maxSize(maxSize)
    , m_window(qBound(ConnectorSettings::kMinTransferWindow, window, ConnectorSettings::kMaxTransferWindow))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &FileDownload::fetchNext);
}

void FileDownload::start()
{
    if (m_state != State::Idle)
        return;
    if (!m_out) {
        QDir().mkpath(QFileInfo(m_target).absolutePath());
        m_out = std::make_unique<QSaveFile>(m_target);
        if (!m_out->open(QIODevice::WriteOnly))
            return fail(kCannotWrite);
    }
    fetchNext();
}

void FileDownload::cancel()
{
    stop();
}

void FileDownload::stop()
{
    ++m_generation; // answers still to come are for nobody
    m_retry.stop();
    if (m_out)
        m_out->cancelWriting();
    m_out.reset();
    m_state = State::Failed;
}

void FileDownload::fetchNext()
{
    ++m_generation; // answers to what was asked before are for nobody
    m_inFlight = 0;
    m_next = m_offset;
    fetchMore();
}

void FileDownload::fetchMore()
{
    m_state = State::Fetching;
    // Until the first answer says how large the file is (only its id was given), one at a time.
    const int window = m_file.size > 0 ? m_window : 1;
    while (m_inFlight < window && (m_next < m_file.size || (m_file.size == 0 && m_next == m_offset))) {
        const qint64 at = m_next;
        const quint64 generation = m_generation;
        QPointer<FileDownload> self(this);
        m_next += m_file.size > 0 ? qMin(FileChannel::kMaxChunk, m_file.size - at) : FileChannel::kMaxChunk;
        ++m_inFlight;
        m_channel->fetch(m_file.id, at, FileChannel::kMaxChunk,
                         [self, generation, at](const FileChannel::Answer &answer) {
                             if (self && self->m_generation == generation)
                                 self->onAnswer(answer, at);
                         });
        if (!self || m_generation != generation || m_file.size == 0)
            return; // answered at once and that changed everything, or the size is still unknown
    }
}

void FileDownload::onAnswer(const FileChannel::Answer &answer, qint64 at)
{
    --m_inFlight;
    if (answer.linkFailure) {
        ++m_generation; // the rest of the window went with the link
        m_state = State::Idle;
        Q_EMIT interrupted();
        return;
    }
    if (!answer.ok) {
        ++m_generation; // the rest of the window is asked again after the wait
        if (answer.error == QLatin1String("rate limited") && answer.retryAfterMs > 0) {
            m_retry.start(int(qMin<qint64>(answer.retryAfterMs, 10'000)));
            return;
        }
        return fail(answer.error);
    }
    if (m_file.size == 0) { // only the id was known: the first answer says how large it is
        if (answer.size <= 0 || answer.size > m_maxSize)
            return fail(answer.size > m_maxSize ? QStringLiteral("too large") : kCorrupt);
        m_file.size = answer.size;
    }
    // The size the message named is the size there is: a server cannot make this grow.
    if (answer.size != m_file.size)
        return fail(kCorrupt);
    if (at != m_offset) // answers come in the order asked: anything else is not this file
        return fail(kCorrupt);
    if (answer.data.isEmpty()) {
        if (m_offset != m_file.size)
            return fail(kCorrupt);
    } else {
        if (m_out->write(answer.data) != answer.data.size())
            return fail(kCannotWrite);
        m_hash.addData(answer.data);
        m_offset += answer.data.size();
        Q_EMIT progress(m_offset, m_file.size);
        if (m_offset > m_file.size)
            return fail(kCorrupt);
        // Less than asked for: what was asked after it is for the wrong offsets; ask again.
        const bool shortAnswer = m_offset < qMin(m_file.size, at + FileChannel::kMaxChunk);
        if (m_offset < m_file.size)
            return shortAnswer ? fetchNext() : fetchMore();
    }
    if (QString::fromLatin1(m_hash.result().toHex()) != m_file.id)
        return fail(kCorrupt);
    if (!m_out->commit()) {
        m_out.reset();
        return fail(kCannotWrite);
    }
    m_out.reset();
    m_state = State::Done;
    Q_EMIT finished();
}

void FileDownload::fail(const QString &error)
{
    qCInfo(lcChat).noquote() << "download of" << m_file.id.left(12) << "failed:" << error;
    stop();
    Q_EMIT failed(error);
}
