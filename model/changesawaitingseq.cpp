#include "changesawaitingseq.h"

#include "logging.h"
#include "messagechange.h"

#include <algorithm>

void ChangesAwaitingSeq::hold(const ChatMessage &change)
{
    if (!change.isChange() || change.target <= 0)
        return;
    if (m_held.size() >= kMaxHeld) {
        qCInfo(lcModel) << "dropping a change to message" << m_held.constFirst().target
                        << "of" << m_held.constFirst().room << ": more than" << kMaxHeld
                        << "changes wait for their targets";
        m_held.removeFirst();
    }
    m_held.append(change);
}

bool ChangesAwaitingSeq::applyTo(ChatMessage *message)
{
    if (m_held.isEmpty() || message->seq <= 0 || message->isChange())
        return false;
    QList<ChatMessage> mine;
    m_held.removeIf([&](const ChatMessage &c) {
        const bool targetsIt = c.target == message->seq && c.room == message->room;
        if (targetsIt)
            mine.append(c);
        return targetsIt;
    });
    std::stable_sort(mine.begin(), mine.end(),
                     [](const ChatMessage &a, const ChatMessage &b) { return a.seq < b.seq; });
    bool changed = false;
    for (const ChatMessage &c : mine)
        changed = MessageChange::apply(c, message) || changed;
    return changed;
}
