#pragma once
// writeTestFile(): a file of given bytes in a test's temporary folder, for the tests that send
// files (tst_chatclientfiles, tst_parleycli_files, tst_conversationpane_files). Header-only.
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

//! Writes \a bytes to \a name in \a dir; its path, or empty when it could not be written.
inline QString writeTestFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}
