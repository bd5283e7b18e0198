#pragma once
// MessageStoreOpener: opens the app's message store and, when the file is damaged (not a database,
// malformed), moves it aside — kept, never deleted, next to it as "<name>.damaged-<time>" with its
// -wal and -shm — and starts a new one, so that the outbox keeps working on disk. What happened
// is said in the result for the user. A file Parley cannot use for another reason (a newer
// schema, no permission) is left where it is.
#include <QString>

class MessageStore;

class MessageStoreOpener
{
public:
    struct Result
    {
        bool ok = false;
        QString movedAsideTo; //!< the damaged file's new name, when it was moved aside
        QString error;        //!< why nothing could be opened
    };

    //! Opens \a store at \a path (see the class comment).
    static Result open(MessageStore &store, const QString &path);
    //! Whether \a error (MessageStore::errorString()) says the file is damaged.
    static bool isDamage(const QString &error);
};
