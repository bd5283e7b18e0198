#pragma once
// FileNaming: what makes a file's id, name and media type acceptable on the wire
// (docs/protocol.md, "Files"), one rule for parley-server (FileEvents, FileStore) and the client
// (FileRef) alike.
#include <QString>

namespace FileNaming {
//! Longest file name taken (UTF-16 code units); longest media type.
inline constexpr int kMaxNameLength = 255;
inline constexpr int kMaxTypeLength = 127;

//! A SHA-256 in lowercase hex: 64 of 0-9a-f.
bool isValidId(const QString &id);
//! A file name as given, if it is one: not blank, at most kMaxNameLength, no path separators,
//! control, format, line or paragraph separator characters (it is shown and offered for saving,
//! never used as a path as it is).
bool isValidName(const QString &name);
//! \a type as "type/subtype" in lowercase, or empty when it is not one (or too long).
QString mediaType(const QString &type);
} // namespace FileNaming
