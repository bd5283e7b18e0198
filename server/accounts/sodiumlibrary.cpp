#include "sodiumlibrary.h"

#include "logging.h"

#include <sodium.h>

bool SodiumLibrary::ready()
{
    // A function-local static runs once, thread-safely; sodium_init() returns 1 when already done.
    static const bool started = [] {
        const bool ok = sodium_init() >= 0;
        if (!ok)
            qCCritical(lcServer) << "libsodium could not start (no random source?)";
        return ok;
    }();
    return started;
}
