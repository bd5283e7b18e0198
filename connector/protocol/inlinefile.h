#pragma once
// InlineFile: the bytes of a file sent inline -- the whole file in one message, to a stock
// Socket.IO server whose profile says it takes files (ProfileProtocol) or a plain WebSocket
// server (RawProtocol) -- read from the sender's own file (FileRef::path) when it is written.
// Bounded: a file over the protocol's limit (Capabilities::inlineFiles) is never read.
#include "fileref.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace InlineFile {
//! Why \a file cannot go inline within \a maxSize bytes now (in words for the user), or empty:
//! it has no local path, is gone, has another size than when it was chosen, or is too large.
//! Only looks at the file (no read).
QString problem(const FileRef &file, qint64 maxSize);
//! The bytes of \a file, or nullopt (and \a why) when problem() says so or reading fails.
std::optional<QByteArray> read(const FileRef &file, qint64 maxSize, QString *why);
} // namespace InlineFile
