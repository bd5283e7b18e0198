#include "stdinreader.h"

#include <iostream>
#include <string>

void StdinReader::run()
{
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        Q_EMIT lineRead(QString::fromUtf8(line.data(), qsizetype(line.size())));
    }
    Q_EMIT endOfInput();
}
