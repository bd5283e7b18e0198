#include "fanout.h"

#include <QList>

namespace {

const QByteArray kMagic = QByteArrayLiteral("PF1");
constexpr qsizetype kMaxHeaderBytes = 256;

QByteArray audienceName(FanOutEnvelope::Audience audience)
{
    switch (audience) {
    case FanOutEnvelope::Audience::Room:
        return QByteArrayLiteral("room");
    case FanOutEnvelope::Audience::ReceiptSharers:
        return QByteArrayLiteral("receipts");
    case FanOutEnvelope::Audience::Account:
        return QByteArrayLiteral("account");
    }
    return {};
}

std::optional<FanOutEnvelope::Audience> audienceFrom(const QByteArray &name)
{
    for (const auto a : {FanOutEnvelope::Audience::Room, FanOutEnvelope::Audience::ReceiptSharers,
                         FanOutEnvelope::Audience::Account}) {
        if (name == audienceName(a))
            return a;
    }
    return std::nullopt;
}

//! A node id: 1-64 characters of [A-Za-z0-9._:-].
bool isNodeId(const QByteArray &id)
{
    if (id.isEmpty() || id.size() > FanOutEnvelope::kMaxNodeBytes)
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

QByteArray FanOutEnvelope::encode() const
{
    const QByteArray targetBytes = target.toUtf8();
    QByteArray out;
    out.reserve(64 + targetBytes.size() + frame.size() * 2);
    out += kMagic + ' ' + audienceName(audience) + ' ' + node + ' ' + QByteArray::number(sentMs)
            + ' ' + QByteArray::number(targetBytes.size()) + '\n';
    out += targetBytes;
    out += frame.toUtf8();
    return out;
}

std::optional<FanOutEnvelope> FanOutEnvelope::decode(const QByteArray &bytes, qsizetype maxFrameBytes)
{
    const qsizetype newline = bytes.indexOf('\n');
    if (newline <= 0 || newline > kMaxHeaderBytes)
        return std::nullopt;
    const QList<QByteArray> fields = bytes.left(newline).split(' ');
    if (fields.size() != 5 || fields.at(0) != kMagic)
        return std::nullopt;
    FanOutEnvelope e;
    const std::optional<Audience> audience = audienceFrom(fields.at(1));
    if (!audience || !isNodeId(fields.at(2)))
        return std::nullopt;
    e.audience = *audience;
    e.node = fields.at(2);
    bool ok = false;
    e.sentMs = fields.at(3).toLongLong(&ok);
    if (!ok || e.sentMs < 0)
        return std::nullopt;
    const qsizetype targetBytes = fields.at(4).toLongLong(&ok);
    const qsizetype rest = bytes.size() - newline - 1;
    if (!ok || targetBytes <= 0 || targetBytes > kMaxTargetBytes || targetBytes > rest)
        return std::nullopt;
    const qsizetype frameBytes = rest - targetBytes;
    if (frameBytes <= 0 || frameBytes > maxFrameBytes)
        return std::nullopt;
    const QByteArray target = bytes.mid(newline + 1, targetBytes);
    const QByteArray frame = bytes.mid(newline + 1 + targetBytes);
    // Valid UTF-8 only: a lossy conversion would hand members something nobody sent.
    e.target = QString::fromUtf8(target);
    e.frame = QString::fromUtf8(frame);
    if (e.target.toUtf8() != target || e.frame.toUtf8() != frame)
        return std::nullopt;
    if (e.audience == Audience::Account) {
        // "<id>" or "<id> <room whose members are left out>"
        const qsizetype space = e.target.indexOf(QLatin1Char(' '));
        const QString idText = e.target.left(space);
        const qint64 id = idText.toLongLong(&ok);
        if (!ok || id <= 0 || QString::number(id) != idText || space == e.target.size() - 1)
            return std::nullopt;
    }
    return e;
}
