#pragma once
// FileUpload: one file's bytes on their way to the server (docs/protocol.md, "Files"): begin, then
// chunk after chunk from the local file, up to a window of them in flight, until the server says the file
// is stored.
// A lost link only pauses it: start() again after the reconnect asks the server where it is and
// goes on from there (a 200 MB upload cut at 150 MB sends the last 50 MB).
#include "filechannel.h"

#include <QFile>
#include <QObject>
#include <QTimer>

//! Why a window of chunks in flight (ConnectorSettings::transferWindow, 4 by default): with one, each 256 KiB waits a round trip and the server's
//! write before the next leaves (bench_file_transfer: a quarter of what the link carries). The
//! server takes chunks in order and answers them in order; a refusal ("busy", "wrong offset")
//! drops the rest of the window (their answers are ignored) and sending starts again from the
//! offset the server has. Memory: a window of chunks. The file is read as it goes, never whole.
//!
//! Each answer is checked: an offset the server claims must lie within the file and move forward
//! ("wrong offset" resynchronises to the server's offset, a bounded number of times), so no server
//! can make an upload loop for ever or read outside the file.
class FileUpload : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Beginning, Sending, Waiting, Done, Failed };
    Q_ENUM(State)

    //! Most "wrong offset" answers in a row before giving up (a server that keeps moving).
    static constexpr int kMaxResyncs = 8;
    //! Longest wait a "busy" / "rate limited" answer may ask for.
    static constexpr qint64 kMaxRetryWaitMs = 10'000;

    //! \a channel must outlive this object; \a file has its id, size and local path.
    FileUpload(FileChannel *channel, const QString &room, const FileRef &file, int window,
               QObject *parent = nullptr);

    //! Starts, or after a lost link resumes: asks the server where the upload stands.
    void start();
    //! Stops for good (nothing more is sent); no signal follows.
    void cancel();

    State state() const { return m_state; }
    //! Bytes the server has.
    qint64 sent() const { return m_offset; }
    const FileRef &file() const { return m_file; }
    //! The server's id of the upload once begun; empty before.
    QString uploadId() const { return m_upload; }
    QString room() const { return m_room; }

    //! Why it failed: the server's refusal ("over quota", "too large", …) or one of these.
    static inline const QString kGone = QStringLiteral("file gone");
    static inline const QString kChanged = QStringLiteral("file changed");
    static inline const QString kUnreadable = QStringLiteral("file unreadable");

Q_SIGNALS:
    void progress(qint64 sent, qint64 total);
    //! The server has every byte and has checked them.
    void finished();
    void failed(const QString &error);
    //! The link went away mid-way: start() again once it is back.
    void interrupted();

private:
    void onBegun(const FileChannel::Answer &answer);
    //! Sends again from the server's offset (m_offset), after a refusal or to begin with.
    void sendNext();
    //! Fills the window: chunks from m_next while fewer than m_window are unanswered.
    void sendMore();
    void onChunk(const FileChannel::Answer &answer, qint64 expected);
    //! An answer that says to wait (busy, rate limited): \a again after its wait.
    bool waitIfAsked(const FileChannel::Answer &answer, void (FileUpload::*again)());
    void fail(const QString &error);

    FileChannel *m_channel;
    QString m_room;
    FileRef m_file;
    State m_state = State::Idle;
    QString m_upload;
    qint64 m_offset = 0;   //!< what the server has
    qint64 m_next = 0;     //!< the next byte to send (m_offset + what is in flight)
    int m_inFlight = 0;
    int m_window;
    int m_resyncs = 0;
    QFile m_source;
    QTimer m_retry;
    quint64 m_generation = 0; //!< answers to an older start() (or after cancel()) are ignored
};
