#pragma once
// SignInDialog: sign in to (or create an account on) a parley-server that asks who you are. The
// dialog only collects what the user typed and says why the last try failed; the app turns the
// result into a SignIn for ChatClient and keeps the token the server returns (TokenVault), so the
// password is asked for once per device, not at every start.
//
// Two modes on one form: "Sign in" (username, password) and "Create account" (username, display
// name, password twice, invite code when the server asks for one). An invite link opens it in
// "Create account" with the code filled in.
#include "signin.h"

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTabBar;

class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { SignIn, CreateAccount };

    explicit SignInDialog(const QUrl &server, QWidget *parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const;
    void setUsername(const QString &username);
    void setInvite(const QString &code);
    //! Shows why the last try did not work (in plain words, from the server or the app).
    void setError(const QString &text);
    //! Why the form cannot be sent yet, or empty.
    QString problem() const;
    //! What to sign in with; \a device labels this computer in the server's list of sessions.
    SignIn signIn(const QString &device) const;
    //! Forgets the typed passwords (once signIn() was taken: the form is kept for the next time,
    //! the password is not).
    void clearPasswords();

    //! Longest password accepted from the form (characters); the server has its own bound.
    static constexpr int kMaxPasswordLength = 1024;

private:
    void updateForm();

    QUrl m_server;
    QTabBar *m_tabs;
    QLabel *m_intro;
    QLineEdit *m_username;
    QLineEdit *m_displayName;
    QLabel *m_displayNameLabel;
    QLineEdit *m_password;
    QLineEdit *m_repeat;
    QLabel *m_repeatLabel;
    QLineEdit *m_invite;
    QLabel *m_inviteLabel;
    QLabel *m_error;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
