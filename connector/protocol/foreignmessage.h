#pragma once
// Turning what a server that is not parley-server sends into a ChatMessage: a text frame that may
// or may not be JSON, an event argument (string, object, placeholder for binary data), or a binary
// frame. Shared by RawProtocol (plain websocket servers) and ProfileProtocol (stock Socket.IO
// servers), so that both recognise the same fields and describe binary data the same way.
#include "chatmessage.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

class ForeignMessage
{
    Q_DECLARE_TR_FUNCTIONS(ForeignMessage)
public:
    //! Fields that carry the text in the JSON of the servers people run, in order of preference
    //! (`msg` of the socket.io group-chat tutorials, `serverText`/`clientText` of the
    //! nodejs-websocket one, and the usual suspects).
    static QStringList textFields();
    //! Fields that name the sender, in order of preference.
    static QStringList senderFields();

    //! The text of \a object: \a textField if given and present (a string, or a number/bool shown
    //! as such), else the first recognised text field; empty if none. Sets \a sender (if not null)
    //! from \a senderField, or the first recognised sender field.
    static QString textOf(const QJsonObject &object, QString *sender = nullptr,
                          const QString &textField = {}, const QString &senderField = {});

    //! One text frame of a plain websocket server: a JSON object with a recognised text field is
    //! shown by it (the whole JSON kept in ChatMessage::raw); anything else is shown as it is.
    static ChatMessage fromText(const QString &frame);
    //! One binary frame (or Socket.IO attachment): "binary, N bytes", or "image (type), N bytes"
    //! for images; ChatMessage::raw carries a data: URL (PNG, JPEG, GIF, WebP, BMP always; other data, as application/octet-stream, up to
    //! kMaxRawBinary) so a view can show the image inline or the bytes on demand.
    static ChatMessage fromBinary(const QByteArray &data);
    //! The text shown for binary \a data (see fromBinary()).
    static QString describeBinary(const QByteArray &data);
    //! "data:<mime>;base64,…" for \a data, or empty when it is neither an image nor small.
    static QString dataUrl(const QByteArray &data);

    //! Non-image binary data larger than this is described but not kept in ChatMessage::raw.
    static constexpr qsizetype kMaxRawBinary = 64 * 1024;
};
