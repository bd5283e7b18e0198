#pragma once
// UnsavedMessages: what MessageStore could not write (the disk is full, the file went read-only),
// kept in memory so that nothing is lost and nothing is fetched as if it were stored.
//
// While writes fail, received messages are kept here (their keys: the de-duplication goes on from
// memory, and a copy fetched again later is known as shown already) and each room's watermark is kept here too. The watermark written to disk never passes
// a message that is not on disk: it stops just below the lowest unsaved seq of the room. When a
// write succeeds again, the memory watermarks are dropped, so the room's sync reads the one on disk
// again and fetches what was missed (the next tail check or join asks the server after it).
//
// Pure bookkeeping, no SQL; bounded (kMaxKeys keys; past it the oldest are forgotten: a message
// may then be shown twice, never lost).
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>

class UnsavedMessages
{
public:
    //! Called when writing starts failing (\a failing true, \a why in words) and when it works again.
    using Notify = std::function<void(bool failing, const QString &why)>;
    void setNotify(Notify notify) { m_notify = std::move(notify); }

    //! A message of \a room with \a seq (0: none) and \a key could not be written because of \a why.
    void noteUnsaved(const QString &room, qint64 seq, const QString &key, const QString &why);
    //! A write committed: the store works again (the memory watermarks go, see the class comment).
    void noteSaved();
    bool isFailing() const { return m_failing; }
    //! \a key was kept here (a copy of it is not new).
    bool contains(const QString &key) const { return m_keys.contains(key); }
    //! \a key, kept here, is now on disk (fetched again after writing came back): forgets it and
    //! says it was shown already (true), so that it is not shown twice.
    bool takeSaved(const QString &key);

    //! The seq the disk may hold as \a room's watermark when \a seq is asked for: below the lowest
    //! unsaved seq of the room. Remembers \a seq as the memory watermark while writes fail.
    qint64 clampWatermark(const QString &room, qint64 seq);
    //! The memory watermark of \a room while writes fail, or -1 (then the disk's is right).
    qint64 memoryWatermark(const QString &room) const { return m_memoryWatermark.value(room, -1); }
    //! The lowest unsaved seq of \a room (0: none).
    qint64 lowestUnsaved(const QString &room) const { return m_lowestUnsaved.value(room, 0); }

    //! Most keys kept.
    static constexpr int kMaxKeys = 100'000;

private:
    Notify m_notify;
    bool m_failing = false;
    QSet<QString> m_keys;
    QList<QString> m_order; //!< keys in arrival order (some stored since), to forget the oldest
    QHash<QString, qint64> m_lowestUnsaved;
    QHash<QString, qint64> m_memoryWatermark;
};
