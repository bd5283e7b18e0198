#include "parleyfiles.h"

#include "logging.h"
#include "socketiocodec.h"
#include "socketiosession.h"
#include "wirenumber.h"

#include <QJsonArray>

namespace {

//! The answer's refusal, or an ok Answer to fill in.
FileChannel::Answer base(const QJsonObject &o)
{
    FileChannel::Answer a;
    a.ok = o.value(QLatin1String("ok")).toBool();
    if (!a.ok) {
        const QString error = o.value(QLatin1String("error")).toString().left(200);
        a.error = error.isEmpty() ? FileChannel::kMalformed : error;
    }
    a.retryAfterMs = qMin<qint64>(WireNumber::nonNegative(o.value(QLatin1String("retryAfterMs"))).value_or(0), 60'000);
    a.offset = WireNumber::nonNegative(o.value(QLatin1String("offset"))).value_or(0);
    return a;
}

FileChannel::Answer malformed()
{
    FileChannel::Answer a;
    a.error = FileChannel::kMalformed;
    return a;
}

} // namespace

ParleyFiles::ParleyFiles(SocketIoSession *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    connect(m_session, &SocketIoSession::notReady, this, [this] { failAll(kLinkLost); });
}

ParleyFiles::~ParleyFiles()
{
    m_pending.clear(); // nobody is told: whoever waits is going away with us
}

void ParleyFiles::failAll(const QString &error)
{
    const QHash<quint64, Callback> lost = std::exchange(m_pending, {});
    for (const Callback &done : lost) {
        Answer a;
        a.error = error;
        a.linkFailure = true;
        done(a);
    }
}

void ParleyFiles::request(const QString &event, const QJsonObject &args, const QList<QByteArray> &attachments,
                          std::function<Answer(const QJsonObject &, const QList<QByteArray> &)> read,
                          Callback done)
{
    const quint64 id = ++m_next;
    m_pending.insert(id, std::move(done));
    const bool sent = m_session->emitEventWithAttachments(
            event, {args}, attachments,
            [this, id, read = std::move(read)](const QJsonArray &answer, const QList<QByteArray> &bytes) {
                const Callback done = m_pending.take(id);
                if (!done)
                    return;
                const Answer a = answer.at(0).isObject() ? read(answer.at(0).toObject(), bytes) : malformed();
                if (!a.ok)
                    qCDebug(lcProtocol).noquote() << "file request refused:" << a.error;
                done(a);
            });
    if (!sent) {
        const Callback failed = m_pending.take(id);
        Answer a;
        a.error = kNotConnected;
        a.linkFailure = true;
        failed(a);
    }
}

void ParleyFiles::begin(const QString &room, const FileRef &file, Callback done)
{
    const QJsonObject args{{QLatin1String("room"), room},
                           {QLatin1String("name"), file.name},
                           {QLatin1String("size"), double(file.size)},
                           {QLatin1String("sha256"), file.id},
                           {QLatin1String("type"), file.type}};
    const qint64 size = file.size;
    request(QStringLiteral("file.begin"), args, {}, [size](const QJsonObject &o, const QList<QByteArray> &) {
        Answer a = base(o);
        if (!a.ok)
            return a;
        a.upload = o.value(QLatin1String("upload")).toString();
        a.file = o.value(QLatin1String("file")).toString();
        if (a.upload.isEmpty() || a.upload.size() > 200 || a.offset > size
            || (!a.file.isEmpty() && !FileRef::isValidId(a.file)))
            return malformed();
        return a;
    }, std::move(done));
}

void ParleyFiles::chunk(const QString &upload, qint64 offset, const QByteArray &data, Callback done)
{
    const QJsonObject args{{QLatin1String("upload"), upload},
                           {QLatin1String("offset"), double(offset)},
                           {QLatin1String("data"), SocketIoCodec::placeholder(0)}};
    request(QStringLiteral("file.chunk"), args, {data}, [](const QJsonObject &o, const QList<QByteArray> &) {
        Answer a = base(o);
        a.file = o.value(QLatin1String("file")).toString();
        if (a.ok && !a.file.isEmpty() && !FileRef::isValidId(a.file))
            return malformed();
        return a;
    }, std::move(done));
}

void ParleyFiles::fetch(const QString &fileId, qint64 offset, qint64 length, Callback done)
{
    length = qBound<qint64>(1, length, kMaxChunk);
    const QJsonObject args{{QLatin1String("file"), fileId},
                           {QLatin1String("offset"), double(offset)},
                           {QLatin1String("length"), double(length)}};
    request(QStringLiteral("file.fetch"), args, {},
            [offset, length](const QJsonObject &o, const QList<QByteArray> &bytes) {
                Answer a = base(o);
                if (!a.ok)
                    return a;
                const std::optional<qint64> size = WireNumber::nonNegative(o.value(QLatin1String("size")));
                // The bytes asked for, at the offset asked for, never past the end it names.
                if (!size || bytes.size() != 1 || a.offset != offset || bytes.constFirst().size() > length
                    || offset + bytes.constFirst().size() > *size)
                    return malformed();
                a.size = *size;
                a.data = bytes.constFirst();
                return a;
            },
            std::move(done));
}

void ParleyFiles::cancel(const QString &upload, Callback done)
{
    request(QStringLiteral("file.cancel"), QJsonObject{{QLatin1String("upload"), upload}}, {},
            [](const QJsonObject &o, const QList<QByteArray> &) { return base(o); }, std::move(done));
}
