#include "accountmenu.h"

#include "chatclient.h"
#include "devicesdialog.h"
#include "signoutquestion.h"

#include <QEvent>

AccountMenu::AccountMenu(ChatClient *client, QWidget *parent)
    : QMenu(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("accountMenu"));
    m_who = addAction(QString());
    m_who->setEnabled(false);
    addSeparator();
    m_devices = addAction(QString(), this, [this] { showDevices(); });
    m_devices->setObjectName(QStringLiteral("devicesAction"));
    // Privacy: off, the server neither keeps nor sends one's receipts, and one sees nobody's.
    m_readReceipts = addAction(QString());
    m_readReceipts->setObjectName(QStringLiteral("readReceiptsAction"));
    m_readReceipts->setCheckable(true);
    connect(m_readReceipts, &QAction::triggered, this, [this](bool on) {
        if (m_client)
            m_client->setReadReceipts(on);
    });
    m_signOut = addAction(QString(), this, &AccountMenu::confirmSignOut);
    m_signOut->setObjectName(QStringLiteral("signOutAction"));
    if (client) {
        connect(client, &ChatClient::signedIn, this, &AccountMenu::update);
        connect(client, &ChatClient::sessionEnded, this, &AccountMenu::update);
        connect(client, &ChatClient::readyChanged, this, &AccountMenu::update);
    }
    retranslate();
}

AccountMenu::~AccountMenu() = default;

void AccountMenu::setHosted(bool hosted)
{
    m_hosted = hosted;
    update();
}

DevicesDialog *AccountMenu::showDevices()
{
    if (!m_dialog) {
        m_dialog = new DevicesDialog(m_client, parentWidget());
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

void AccountMenu::confirmSignOut()
{
    if (!m_client)
        return;
    if (SignOutQuestion::ask(parentWidget(), SignOutQuestion::Kind::SignOut, m_client->serverUrl()))
        m_client->signOut();
}

void AccountMenu::update()
{
    const Identity me = m_client ? m_client->identity() : Identity{};
    const bool accounts = m_client && m_client->capabilities().accounts && me.isValid();
    menuAction()->setVisible(accounts);
    m_who->setText(me.isValid() ? tr("Signed in as %1 (@%2)").arg(me.displayName, me.username) : QString());
    m_devices->setVisible(accounts && !me.guest);
    m_readReceipts->setVisible(accounts && m_client->hasConversations());
    m_readReceipts->setChecked(m_client && m_client->readReceipts());
    m_signOut->setVisible(accounts && !me.guest && !m_hosted);
    const bool ready = m_client && m_client->isReady();
    m_devices->setEnabled(ready);
    m_readReceipts->setEnabled(ready);
    m_signOut->setEnabled(ready);
}

void AccountMenu::retranslate()
{
    setTitle(tr("&Account"));
    m_devices->setText(tr("Signed-in &Devices…"));
    m_readReceipts->setText(tr("Send &Read Receipts"));
    m_readReceipts->setToolTip(tr("Others see when you have read their messages; off, you see nobody's either"));
    m_signOut->setText(tr("Sign &Out…"));
    update();
}

void AccountMenu::changeEvent(QEvent *event)
{
    QMenu::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}
