#include "attachmentassembler.h"

bool AttachmentAssembler::start(const SocketIoPacket &packet)
{
    m_skip = 0; // attachments come right after their packet, never after another one
    m_partial.reset();
    m_frames.clear();
    m_bytes = 0;
    if (packet.attachments > m_limits.maxAttachments) {
        skip(packet.attachments);
        return false;
    }
    m_partial = packet;
    return true;
}

void AttachmentAssembler::skip(int frames)
{
    m_dropped += std::max(0, frames);
    m_skip = std::max(0, frames);
}

AttachmentAssembler::Fed AttachmentAssembler::feed(const QByteArray &frame)
{
    if (m_skip > 0) {
        --m_skip;
        return Fed::Skipped;
    }
    if (!m_partial)
        return Fed::Unannounced;
    if (m_bytes + frame.size() > m_limits.maxBytes) {
        drop();
        --m_skip; // this frame was one of those still due
        return Fed::OverBytes;
    }
    m_frames << frame;
    m_bytes += frame.size();
    if (m_frames.size() < m_partial->attachments)
        return Fed::NeedMore;
    m_complete.emplace(*m_partial, m_frames);
    m_partial.reset();
    m_frames.clear();
    m_bytes = 0;
    return Fed::Complete;
}

std::pair<SocketIoPacket, QList<QByteArray>> AttachmentAssembler::take()
{
    auto out = m_complete.value_or(std::pair<SocketIoPacket, QList<QByteArray>>{});
    m_complete.reset();
    return out;
}

bool AttachmentAssembler::textArrived()
{
    m_skip = 0;
    if (!m_partial)
        return false;
    m_dropped += m_partial->attachments;
    m_partial.reset();
    m_frames.clear();
    m_bytes = 0;
    return true;
}

void AttachmentAssembler::drop()
{
    if (!m_partial)
        return;
    const int due = this->due();
    m_dropped += m_partial->attachments;
    m_skip = due;
    m_partial.reset();
    m_frames.clear();
    m_bytes = 0;
}

void AttachmentAssembler::reset()
{
    m_partial.reset();
    m_frames.clear();
    m_bytes = 0;
    m_skip = 0;
    m_complete.reset();
}
