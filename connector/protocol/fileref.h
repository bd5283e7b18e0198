#pragma once
// FileRef: the file a chat message sends (docs/protocol.md, "Files"): its id (the SHA-256 of its
// bytes, lowercase hex), the name, size and media type its sender gave, and -- for one's own
// messages only -- the local file it is uploaded from. A value type inside ChatMessage.
#include "filenaming.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <optional>

struct FileRef
{
    QString id;     //!< SHA-256 of the bytes, 64 lowercase hex digits; empty: no file
    QString name;   //!< as the sender gave it: shown and offered for saving, never used as a path
    qint64 size = 0;
    QString type;   //!< media type "type/subtype" in lowercase
    //! One's own message: the local file uploaded from (never sent; kept so the upload can resume
    //! after a restart). Empty for others' files.
    QString path;
    //! A small picture of the file made by its sender (JPEG or PNG bytes, FileNaming::isThumbnail),
    //! or empty.
    QByteArray thumbnail;

    bool isNull() const { return id.isEmpty(); }
    bool operator==(const FileRef &o) const
    {
        return id == o.id && name == o.name && size == o.size && type == o.type && path == o.path
                && thumbnail == o.thumbnail;
    }
    bool isImage() const { return type.startsWith(QLatin1String("image/")); }

    //! The same rules as parley-server's (FileNaming).
    static constexpr int kMaxNameLength = FileNaming::kMaxNameLength;
    static constexpr int kMaxTypeLength = FileNaming::kMaxTypeLength;
    static bool isValidId(const QString &id) { return FileNaming::isValidId(id); }
    static bool isValidName(const QString &name) { return FileNaming::isValidName(name); }
    static QString mediaType(const QString &type) { return FileNaming::mediaType(type); }

    //! A message's "file" object from a server, checked: id, name, size (a whole number > 0),
    //! type (optional: application/octet-stream); nullopt when anything is wrong. A "thumb" that
    //! is not a thumbnail is dropped (the file stays).
    static std::optional<FileRef> fromJson(const QJsonValue &value);
    //! The "file" object of a chat message (no path).
    QJsonObject toJson() const;
    //! What a store keeps: toJson() and the path. Read back with fromStored().
    QJsonObject toStored() const;
    static FileRef fromStored(const QJsonObject &o);
};

Q_DECLARE_METATYPE(FileRef)
