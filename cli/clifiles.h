#pragma once
// CliFiles: parley-cli's `send-file` and `fetch-file` on a ChatClient -- the files sent as
// messages to a room (each waited for until delivered or failed), or one file fetched into a
// local file, verified.
#include "chatclient.h"

#include <QHash>
#include <QObject>
#include <QSet>

//! Why its own class: CliSession runs the link (sign-in, reconnects, TLS) and the text commands;
//! this only drives files and says how it went. It starts once the room is joined (the server
//! takes and serves files only to the members of a room).
class CliFiles : public QObject
{
    Q_OBJECT
public:
    //! Sends \a paths (with \a caption) to \a room on \a client (not owned).
    static CliFiles *sending(ChatClient *client, const QString &room, const QStringList &paths,
                             const QString &caption, QObject *parent);
    //! Fetches file \a id into \a output on \a client.
    static CliFiles *fetching(ChatClient *client, const QString &id, const QString &output, QObject *parent);

    //! Starts (once \a room is joined). Safe to call twice.
    void start();

Q_SIGNALS:
    //! Something moved (a chunk went or came): the run's timeout starts again.
    void progressed();
    void note(const QString &text);
    void failed(const QString &text);
    //! Every file delivered or fetched (true), or one failed (false).
    void finished(bool ok);

private:
    explicit CliFiles(ChatClient *client, QObject *parent);
    void sendAll();
    void fetch();
    void settle(bool ok);

    ChatClient *m_client;
    QString m_room;
    QStringList m_paths;
    QString m_caption;
    QString m_fileId;
    QString m_output;
    bool m_started = false;
    QSet<QString> m_waiting;       //!< absolute paths not queued yet
    QHash<QString, QString> m_names; //!< client id -> file name, queued and not settled
    QString m_download;            //!< fetch: the download's id
    int m_failed = 0;
    int m_settled = 0;
    int m_lastPercent = -1;
};
