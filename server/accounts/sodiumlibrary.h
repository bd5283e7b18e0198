#pragma once
// SodiumLibrary: libsodium's one-time start, in one place for every class that uses it.

//! Starts libsodium (sodium_init()) once per process, before any of its functions is used.
//!
//! Why: libsodium must be initialised before randombytes_buf() or crypto_pwhash_str() is called
//! (it picks the fastest implementations and opens the system's random source). sodium_init() is
//! thread-safe and may be called again, but checking its result in one place keeps a failure
//! (no random source) from being ignored by one caller and noticed by another.
class SodiumLibrary
{
public:
    //! True when libsodium is ready; the first call starts it. False only when the system's
    //! random source cannot be opened: then no password can be hashed and no token drawn.
    static bool ready();
};
