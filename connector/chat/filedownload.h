#pragma once
// FileDownload: one file fetched from the server into a local file (docs/protocol.md, "Files"),
// chunk by chunk, hashed as it comes and checked against the file's id (its SHA-256) before the
// file appears under its name: a wrong or truncated download never takes the place of a file.
// A lost link pauses it; start() again goes on from the bytes it has. Up to a window of fetches
// is in flight (ConnectorSettings::transferWindow) once the size is known; the server answers them
// in order, and an answer for another offset than the next byte is a corrupt download.
#include "filechannel.h"

#include <QCryptographicHash>
#include <QObject>
#include <QSaveFile>
#include <QTimer>
#include <memory>

class FileDownload : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Fetching, Done, Failed };
    Q_ENUM(State)

    //! Why it failed besides the server's refusal ("not found", …).
    static inline const QString kCorrupt = QStringLiteral("hash mismatch");
    static inline const QString kCannotWrite = QStringLiteral("cannot write");

    //! \a channel must outlive this object. \a file names the id and size; the bytes go to
    //! \a target (written atomically when complete and verified). A size of 0 is unknown (only
    //! the id was given): the server's first answer says it, and more than \a maxSize is refused.
    FileDownload(FileChannel *channel, const FileRef &file, const QString &target, qint64 maxSize,
                 int window = 4, QObject *parent = nullptr);

    //! Starts, or after a lost link resumes from the bytes received.
    void start();
    //! Stops for good; what was received is thrown away. No signal follows.
    void cancel();

    State state() const { return m_state; }
    qint64 received() const { return m_offset; }
    const FileRef &file() const { return m_file; }
    QString target() const { return m_target; }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    //! The whole file is at target(), verified.
    void finished();
    void failed(const QString &error);
    void interrupted();

private:
    //! Fetches again from the bytes received (m_offset): to begin, after a wait or a lost link.
    void fetchNext();
    //! Fills the window: fetches from m_next while fewer than m_window are unanswered.
    void fetchMore();
    void onAnswer(const FileChannel::Answer &answer, qint64 at);
    void fail(const QString &error);
    //! Ends it: what was received is thrown away, later answers ignored.
    void stop();

    FileChannel *m_channel;
    FileRef m_file;
    QString m_target;
    qint64 m_maxSize;
    State m_state = State::Idle;
    qint64 m_offset = 0; //!< bytes received, written and hashed
    qint64 m_next = 0;   //!< the next byte to ask for
    int m_inFlight = 0;
    int m_window;
    std::unique_ptr<QSaveFile> m_out;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QTimer m_retry;
    quint64 m_generation = 0;
};
