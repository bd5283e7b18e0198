#include "filedownload.h"

#include "logging.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>

FileDownload::FileDownload(FileChannel *channel, const FileRef &file, const QString &target,
                           qint64 maxSize, QObject *parent)
    : QObject(parent), m_channel(channel), m_file(file), m_target(target), m_maxSize(maxSize)
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
    m_state = State::Fetching;
    const quint64 generation = ++m_generation;
    QPointer<FileDownload> self(this);
    m_channel->fetch(m_file.id, m_offset, FileChannel::kMaxChunk,
                     [self, generation](const FileChannel::Answer &answer) {
                         if (self && self->m_generation == generation)
                             self->onAnswer(answer);
                     });
}

void FileDownload::onAnswer(const FileChannel::Answer &answer)
{
    if (answer.linkFailure) {
        m_state = State::Idle;
        Q_EMIT interrupted();
        return;
    }
    if (!answer.ok) {
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
    if (answer.data.isEmpty()) {
        if (m_offset != m_file.size)
            return fail(kCorrupt);
    } else {
        if (m_out->write(answer.data) != answer.data.size())
            return fail(kCannotWrite);
        m_hash.addData(answer.data);
        m_offset += answer.data.size();
        Q_EMIT progress(m_offset, m_file.size);
        if (m_offset < m_file.size)
            return fetchNext();
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
