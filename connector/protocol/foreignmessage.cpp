#include "foreignmessage.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QMimeDatabase>

namespace {
QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QString firstPresent(const QJsonObject &o, const QString &preferred, const QStringList &fallbacks)
{
    if (!preferred.isEmpty()) {
        const QString t = scalarText(o.value(preferred));
        if (!t.isEmpty())
            return t;
    }
    for (const QString &f : fallbacks) {
        const QString t = scalarText(o.value(f));
        if (!t.isEmpty())
            return t;
    }
    return {};
}

QString mimeOf(const QByteArray &data)
{
    static const QMimeDatabase db;
    return db.mimeTypeForData(data).name();
}

//! Image types with strong signatures that a view can show inline. Content sniffing also "finds"
//! formats with weak magic (TGA matches almost any bytes), which must not count as images.
bool isImage(const QString &mime)
{
    static const QStringList images{QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
                                    QStringLiteral("image/gif"), QStringLiteral("image/webp"),
                                    QStringLiteral("image/bmp")};
    return images.contains(mime);
}
} // namespace

QStringList ForeignMessage::textFields()
{
    return {QStringLiteral("msg"),        QStringLiteral("text"),       QStringLiteral("message"),
            QStringLiteral("content"),    QStringLiteral("body"),       QStringLiteral("serverText"),
            QStringLiteral("clientText"), QStringLiteral("data")};
}

QStringList ForeignMessage::senderFields()
{
    return {QStringLiteral("name"), QStringLiteral("sender"), QStringLiteral("from"),
            QStringLiteral("user"), QStringLiteral("username"), QStringLiteral("author"),
            QStringLiteral("nick")};
}

QString ForeignMessage::textOf(const QJsonObject &object, QString *sender, const QString &textField,
                               const QString &senderField)
{
    if (sender)
        *sender = firstPresent(object, senderField, senderFields());
    return firstPresent(object, textField, textFields());
}

ChatMessage ForeignMessage::fromText(const QString &frame)
{
    ChatMessage m;
    m.time = QDateTime::currentDateTimeUtc();
    m.text = frame;
    const QString trimmed = frame.trimmed();
    if (trimmed.startsWith(QLatin1Char('{'))) {
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &pe);
        if (pe.error == QJsonParseError::NoError && doc.isObject()) {
            QString sender;
            const QString text = textOf(doc.object(), &sender);
            if (!text.isEmpty()) {
                m.text = text;
                m.sender = sender;
                m.raw = frame;
            }
        }
    }
    return m;
}

ChatMessage ForeignMessage::fromBinary(const QByteArray &data)
{
    ChatMessage m;
    m.time = QDateTime::currentDateTimeUtc();
    m.text = describeBinary(data);
    m.raw = dataUrl(data);
    return m;
}

QString ForeignMessage::describeBinary(const QByteArray &data)
{
    const QString mime = mimeOf(data);
    if (isImage(mime))
        return tr("image (%1), %n byte(s)", nullptr, int(data.size())).arg(mime);
    return tr("binary, %n byte(s)", nullptr, int(data.size()));
}

QString ForeignMessage::dataUrl(const QByteArray &data)
{
    const QString mime = mimeOf(data);
    const bool image = isImage(mime);
    if (!image && data.size() > kMaxRawBinary)
        return {};
    return QLatin1String("data:") + (image ? mime : QStringLiteral("application/octet-stream")) + QLatin1String(";base64,") + QString::fromLatin1(data.toBase64());
}
