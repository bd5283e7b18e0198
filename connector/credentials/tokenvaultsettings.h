#pragma once
// The vault's timing and switches, named, with documented defaults. Overridable from QSettings
// (group "credentials") and in tests.
#include <QString>
#include <chrono>

class QSettings;

struct TokenVaultSettings
{
    //! A keychain request not answered within this long means no keychain service is running
    //! (Secret Service on a headless box blocks, it does not fail): the vault says so once and uses
    //! token files from then on. Key "keychainTimeoutMs".
    std::chrono::milliseconds keychainTimeout{5000};
    //! Skip the keychain and use token files from the start, without reporting anything: for
    //! tests and headless machines where the keychain is known to be absent. Key "forceFileFallback".
    bool forceFileFallback = false;
    //! Where token files go; empty means TokenFileStore::defaultDirectory(). Not read from settings.
    QString fileDirectory;

    //! Reads overrides from \a settings, keeping defaults otherwise.
    static TokenVaultSettings fromSettings(QSettings &settings);
};
