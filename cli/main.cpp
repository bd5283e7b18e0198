// parley-cli: a headless Parley client (send, listen, pipe) on the same connector and dialects as
// the app. QCoreApplication only; see CliOptions for the command line and CliSession for a run.
#include "clioptions.h"
#include "clisession.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("parley-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Parley"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));
    // parley-cli says what matters itself (notes and errors on stderr, messages on stdout); the
    // library's log stays quiet unless QT_LOGGING_RULES (which wins over this) asks for it.
    QLoggingCategory::setFilterRules(QStringLiteral("parley.*.info=false\nparley.*.warning=false"));

    const CliParseResult parsed = CliOptions::parse(QCoreApplication::arguments());
    if (!parsed.options) {
        if (!parsed.output.isEmpty()) {
            std::fputs(parsed.output.toLocal8Bit().constData(), stdout);
            return CliOptions::kOk;
        }
        std::fprintf(stderr, "parley-cli: %s\n", parsed.error.toLocal8Bit().constData());
        std::fprintf(stderr, "%s\n",
                     QCoreApplication::translate("parley-cli", "Try 'parley-cli --help'.").toLocal8Bit().constData());
        return CliOptions::kUsage;
    }

    CliSession session(*parsed.options);
    QObject::connect(&session, &CliSession::finished, &app, [](int code) { QCoreApplication::exit(code); });
    QMetaObject::invokeMethod(&session, &CliSession::start, Qt::QueuedConnection);
    return QCoreApplication::exec();
}
