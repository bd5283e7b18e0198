#pragma once
// settingsWithFiles(): an in-process parley-server's settings that take files into a test's
// temporary folder, without the rate of file.begin (the tests begin many at once). Header-only;
// the test links Parley::Server.
#include "serversettings.h"

#include <QTemporaryDir>

namespace ParleyTest {

inline ServerSettings settingsWithFiles(const QTemporaryDir &dir, bool files = true)
{
    ServerSettings settings;
    if (files)
        settings.filesDirectory = dir.filePath(QStringLiteral("server-files"));
    settings.fileBeginRate = {};
    return settings;
}

} // namespace ParleyTest
