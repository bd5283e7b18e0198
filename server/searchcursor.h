#pragma once
// SearchCursor: the opaque "cursor" of parley-server's "search" answers (docs/protocol.md,
// "Search"): where the next page starts, tied to the query it belongs to.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

//! Encodes and strictly decodes a search cursor.
//!
//! What it holds: a format version, the storage position the next page starts below
//! (HistorySearch::Page::resumeBelow) and the fingerprint of the query's arguments (the first 8
//! bytes of a SHA-256 of them), as "1:<position>:<16 hex digits>" in unpadded base64url. A
//! client treats it as opaque; the server refuses anything that is not exactly what encode()
//! writes -- another encoding of the same bytes, a position that is not a positive decimal without
//! leading zeros, another version -- and a cursor made for other arguments ("invalid cursor"), so
//! that a page never continues a different query.
//!
//! Why no secret: the position only says where to go on among what the asker may read anyway;
//! a made-up one skips or repeats its own results, nothing else. (It tells how many rows the
//! server had stored before it, as stream positions in other chat protocols' tokens do.)
class SearchCursor
{
public:
    //! Longest cursor decode() reads (characters); longer is refused before any decoding.
    static constexpr int kMaxLength = 64;

    //! The fingerprint of a query's arguments, as encode() and decode() compare it. \a terms as
    //! searched, \a room and \a fromKey empty when not given.
    static QByteArray fingerprint(const QStringList &terms, const QString &room,
                                  const QString &fromKey, std::optional<qint64> after,
                                  std::optional<qint64> before);
    //! The cursor for going on below \a position (> 0) with the query of \a fingerprint.
    static QString encode(qint64 position, const QByteArray &fingerprint);
    //! The position in \a cursor if it is well formed and made for \a fingerprint; else nullopt.
    static std::optional<qint64> decode(const QString &cursor, const QByteArray &fingerprint);
};
