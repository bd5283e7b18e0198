#include "unsavedmessages.h"

#include "logging.h"

void UnsavedMessages::noteUnsaved(const QString &room, qint64 seq, const QString &key, const QString &why)
{
    if (!key.isEmpty() && !m_keys.contains(key)) {
        while (m_order.size() >= kMaxKeys)
            m_keys.remove(m_order.takeFirst()); // the oldest (or a key stored since: no-op)
        m_keys.insert(key);
        m_order << key;
    }
    if (seq > 0) {
        const qint64 lowest = m_lowestUnsaved.value(room, 0);
        if (lowest == 0 || seq < lowest)
            m_lowestUnsaved.insert(room, seq);
    }
    if (!m_failing) {
        m_failing = true;
        qCWarning(lcModel).noquote() << "message store: cannot write (" << why
                                     << "); keeping received messages in memory";
        if (m_notify)
            m_notify(true, why);
    }
}

void UnsavedMessages::noteSaved()
{
    if (!m_failing)
        return;
    m_failing = false;
    // The lowest unsaved seqs stay: the disk's watermarks are below them until the rooms caught up
    // again (clampWatermark() drops a room's once its watermark is written past it).
    m_memoryWatermark.clear();
    qCInfo(lcModel) << "message store: writing works again; catching up on what was kept in memory";
    if (m_notify)
        m_notify(false, {});
}

bool UnsavedMessages::takeSaved(const QString &key)
{
    // m_order keeps the key until it comes round: noteUnsaved() skips what is gone.
    return m_keys.remove(key);
}

qint64 UnsavedMessages::clampWatermark(const QString &room, qint64 seq)
{
    const qint64 lowest = m_lowestUnsaved.value(room, 0);
    if (m_failing)
        m_memoryWatermark.insert(room, seq);
    if (lowest == 0 || seq < lowest)
        return seq;
    if (!m_failing) {
        // Writing works and the room's sync moved past the gap: what was unsaved has been fetched
        // and stored again by now (the sync only moves over stored rows), so the gap is closed.
        m_lowestUnsaved.remove(room);
        return seq;
    }
    return lowest - 1;
}
