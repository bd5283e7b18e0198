#pragma once
// Reads standard input line by line on its own thread (a blocking read works the same for a
// terminal, a pipe and a file, on every platform) and hands each line to the main thread.
#include <QThread>

class StdinReader : public QThread
{
    Q_OBJECT
public:
    using QThread::QThread;

Q_SIGNALS:
    //! One line, without its line break, decoded as UTF-8. Queued to the receiver's thread.
    void lineRead(const QString &line);
    //! End of input (or a read error): no more lines will come.
    void endOfInput();

protected:
    void run() override;
};
