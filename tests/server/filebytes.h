#pragma once
// What the file tests (tst_filestore, tst_parleyserver_files) share: reproducible random content
// and its SHA-256 as the server writes it (lowercase hex).
#include <QByteArray>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QString>

//! \a size bytes of pseudo-random content, the same for the same \a seed.
inline QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(rng.bounded(256));
    return bytes;
}

inline QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}
