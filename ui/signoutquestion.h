#pragma once
// SignOutQuestion: the one "sign out?" question, asked before Parley forgets this computer's
// sign-in (Account ▸ Sign Out…, and "Sign Out Device" on this device's row of the devices
// list). Both places need the same modal Yes / No with No as the safe answer; only the words
// differ, so the question lives here once and each caller says which words it needs.
#include <QCoreApplication>
#include <QString>
#include <QUrl>

class QWidget;

class SignOutQuestion
{
    Q_DECLARE_TR_FUNCTIONS(SignOutQuestion)
public:
    SignOutQuestion() = delete;

    //! Which words: from the Account menu, which names the server (the menu does not show it),
    //! or from the devices list, where the chosen row is this device.
    enum class Kind { SignOut, SignOutThisDevice };

    //! Asks modally over \a parent and returns true only when the user answers Yes (No and
    //! Escape keep the sign-in). \a server is named in the SignOut wording.
    static bool ask(QWidget *parent, Kind kind, const QUrl &server);
};
