#include "signindialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabBar>
#include <QVBoxLayout>

SignInDialog::SignInDialog(const QUrl &server, QWidget *parent)
    : QDialog(parent)
    , m_server(server)
    , m_tabs(new QTabBar(this))
    , m_intro(new QLabel(this))
    , m_username(new QLineEdit(this))
    , m_displayName(new QLineEdit(this))
    , m_displayNameLabel(new QLabel(tr("Display &name:"), this))
    , m_password(new QLineEdit(this))
    , m_repeat(new QLineEdit(this))
    , m_repeatLabel(new QLabel(tr("&Repeat password:"), this))
    , m_invite(new QLineEdit(this))
    , m_inviteLabel(new QLabel(tr("&Invite code:"), this))
    , m_error(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in to %1").arg(server.host()));
    m_tabs->addTab(tr("Sign in"));
    m_tabs->addTab(tr("Create account"));
    m_intro->setTextFormat(Qt::PlainText);
    m_intro->setWordWrap(true);
    m_username->setObjectName(QStringLiteral("username"));
    m_displayName->setObjectName(QStringLiteral("displayName"));
    m_password->setObjectName(QStringLiteral("password"));
    m_repeat->setObjectName(QStringLiteral("repeatPassword"));
    m_invite->setObjectName(QStringLiteral("invite"));
    for (QLineEdit *secret : {m_password, m_repeat}) {
        secret->setEchoMode(QLineEdit::Password);
        secret->setMaxLength(kMaxPasswordLength);
    }
    m_username->setMaxLength(64);
    m_displayName->setMaxLength(64);
    m_invite->setMaxLength(128);
    m_error->setObjectName(QStringLiteral("signInError"));
    m_problem->setObjectName(QStringLiteral("signInProblem"));
    for (QLabel *l : {m_error, m_problem}) {
        l->setTextFormat(Qt::PlainText); // server words are never rich text
        l->setWordWrap(true);
    }
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight);"));
    m_error->hide();

    auto *form = new QFormLayout;
    auto *userLabel = new QLabel(tr("&User name:"), this);
    userLabel->setBuddy(m_username);
    m_displayNameLabel->setBuddy(m_displayName);
    auto *passwordLabel = new QLabel(tr("&Password:"), this);
    passwordLabel->setBuddy(m_password);
    m_repeatLabel->setBuddy(m_repeat);
    m_inviteLabel->setBuddy(m_invite);
    form->addRow(userLabel, m_username);
    form->addRow(m_displayNameLabel, m_displayName);
    form->addRow(passwordLabel, m_password);
    form->addRow(m_repeatLabel, m_repeat);
    form->addRow(m_inviteLabel, m_invite);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_tabs, &QTabBar::currentChanged, this, &SignInDialog::updateForm);
    for (QLineEdit *e : {m_username, m_displayName, m_password, m_repeat, m_invite})
        connect(e, &QLineEdit::textChanged, this, &SignInDialog::updateForm);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateForm();
}

void SignInDialog::setMode(Mode mode)
{
    m_tabs->setCurrentIndex(mode == Mode::SignIn ? 0 : 1);
    updateForm();
}

SignInDialog::Mode SignInDialog::mode() const
{
    return m_tabs->currentIndex() == 0 ? Mode::SignIn : Mode::CreateAccount;
}

void SignInDialog::setUsername(const QString &username)
{
    m_username->setText(username);
}

void SignInDialog::setInvite(const QString &code)
{
    m_invite->setText(code);
}

void SignInDialog::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

QString SignInDialog::problem() const
{
    if (m_username->text().trimmed().isEmpty())
        return tr("Enter your user name.");
    if (m_password->text().isEmpty())
        return tr("Enter your password.");
    if (mode() == Mode::CreateAccount && m_repeat->text() != m_password->text())
        return tr("The two passwords are not the same.");
    return {};
}

SignIn SignInDialog::signIn(const QString &device) const
{
    SignIn s;
    s.method = mode() == Mode::SignIn ? SignIn::Method::Password : SignIn::Method::Register;
    s.username = m_username->text().trimmed();
    s.password = m_password->text();
    s.device = device;
    if (s.method == SignIn::Method::Register) {
        s.displayName = m_displayName->text().trimmed();
        s.invite = m_invite->text().trimmed();
    }
    return s;
}

void SignInDialog::updateForm()
{
    const bool create = mode() == Mode::CreateAccount;
    m_intro->setText(create ? tr("Create an account on %1. Others see your display name; your user name is unique on the server.")
                                  .arg(m_server.host())
                            : tr("%1 asks who you are. Parley keeps you signed in on this computer.")
                                  .arg(m_server.host()));
    for (QWidget *w : {static_cast<QWidget *>(m_displayName), static_cast<QWidget *>(m_displayNameLabel),
                       static_cast<QWidget *>(m_repeat), static_cast<QWidget *>(m_repeatLabel),
                       static_cast<QWidget *>(m_invite), static_cast<QWidget *>(m_inviteLabel)})
        w->setVisible(create);
    m_buttons->button(QDialogButtonBox::Ok)->setText(create ? tr("Create account") : tr("Sign in"));
    const QString why = problem();
    m_problem->setText(why);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

void SignInDialog::clearPasswords()
{
    m_password->clear();
    m_repeat->clear();
}
