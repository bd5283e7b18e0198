// parley-server's handling of what clients send (server/): ServerSession decodes each text frame
// and hands events to ChatHub (join, leave, chat message, history, typing, the accounts' events,
// presence, direct rooms, edits, deletes and reactions), with the real Authenticator, AccountStore
// and HistoryStore behind them (in memory). No network: each session owns a QWebSocket that never
// connects, and the input's frames are delivered as its textMessageReceived signal; what the
// server answers goes nowhere.
//
// The input is a list of frames, one per line: text frames, and binary frames where a line starts
// with U+0001 (the rest of the line, as UTF-8, is the frame's bytes: a file chunk's attachment).
// The server takes files (a directory of its own under the system's temporary one). Two guests are signed in and in "lobby"
// first: "fuzz" (who sends the input's frames) and "probe" (a well-behaved bystander that hears
// every broadcast). Every input starts from a fresh server, so a crash reproduces from its file.
// Beyond "no crash, no undefined behaviour, no leak": the probe is still signed in and in its
// room afterwards, and the hub holds no session that is gone.
#include "authenticator.h"
#include "chathub.h"
#include "fuzzsupport.h"
#include "historystore.h"
#include "room.h"
#include "serversession.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTemporaryDir>
#include <QThread>
#include <QWebSocket>

#include <memory>

namespace {

//! Frames read from one input; more are ignored (each one may write to the database).
constexpr int kMaxFrames = 64;

ServerSettings fuzzSettings()
{
    ServerSettings s;
    s.passwordHashing = PasswordHasher::fastestSettings();
    s.passwordThreads = 1;
    s.membersAnnounceDelay = std::chrono::milliseconds(0); // announcements within the input
    static QTemporaryDir files; // one for the process: guests cannot store anything in it
    s.filesDirectory = files.path();
    return s;
}

AccountStore::Settings accountSettings(const ServerSettings &settings)
{
    AccountStore::Settings s;
    s.hashing = settings.passwordHashing;
    return s;
}

//! One parley-server without a listening socket.
struct Server
{
    ServerSettings settings = fuzzSettings();
    HistoryStore history;
    AccountStore accounts{accountSettings(settings)};
    Authenticator authenticator{settings, &accounts};
    ChatHub hub{settings, &history, &accounts};

    Server()
    {
        FUZZ_CHECK(history.open(QString()));
        FUZZ_CHECK(accounts.open(QString()));
    }

    //! A session whose socket never connects; \a socket receives what a peer would send.
    ServerSession *session(QWebSocket **socket)
    {
        *socket = new QWebSocket;
        auto *s = new ServerSession(*socket, settings, &hub, &authenticator);
        s->start();
        return s;
    }

    //! Runs what the frame set going: queued calls, the 0 ms announcement timers, and password
    //! checks on the worker thread (waited for, so that an input always does the same).
    void settle()
    {
        QElapsedTimer waited;
        waited.start();
        do {
            QCoreApplication::processEvents();
        } while (authenticator.passwordChecksInFlight() > 0 && waited.elapsed() < 5000
                 && (QThread::yieldCurrentThread(), true));
        QCoreApplication::processEvents();
    }
};

void deliver(QWebSocket *socket, const QString &frame)
{
    if (frame.startsWith(QChar(0x01)))
        Q_EMIT socket->binaryMessageReceived(frame.mid(1).toUtf8());
    else
        Q_EMIT socket->textMessageReceived(frame);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto server = std::make_unique<Server>();
    QWebSocket *fuzzSocket = nullptr;
    QWebSocket *probeSocket = nullptr;
    QPointer<ServerSession> fuzz = server->session(&fuzzSocket);
    QPointer<ServerSession> probe = server->session(&probeSocket);
    deliver(probeSocket, QStringLiteral("40{\"name\":\"probe\"}"));
    deliver(probeSocket, QStringLiteral("420[\"join\",{\"room\":\"lobby\"}]"));
    deliver(fuzzSocket, QStringLiteral("40{\"name\":\"fuzz\"}"));
    deliver(fuzzSocket, QStringLiteral("420[\"join\",{\"room\":\"lobby\"}]"));
    server->settle();
    // The harness itself: both signed in and in the lobby before the input begins.
    const Room *before = server->hub.rooms().find(QStringLiteral("lobby"));
    FUZZ_CHECK(before && before->contains(probe) && before->contains(fuzz));

    const QStringList frames = Fuzz::text(data, size).split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < frames.size() && i < kMaxFrames && fuzz; ++i) {
        deliver(fuzzSocket, frames.at(i));
        server->settle();
    }

    // The bystander noticed nothing: still signed in, still in its room, and the hub knows only
    // sessions that exist.
    FUZZ_CHECK(probe && probe->state() == ServerSession::State::Connected);
    const Room *lobby = server->hub.rooms().find(QStringLiteral("lobby"));
    FUZZ_CHECK(lobby && lobby->contains(probe));
    for (ServerSession *s : server->hub.sessions())
        FUZZ_CHECK(s == probe.data() || s == fuzz.data());

    delete fuzz.data();
    delete probe.data();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    server.reset();
    return 0;
}
