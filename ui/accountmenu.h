#pragma once
// AccountMenu: the menu bar's "Account": who one is on this server, "Signed-in Devices…" and
// "Sign Out". Shown only on servers with accounts, once signed in; "Sign Out" is left out for
// guests (they have nothing to sign back into) and for the chat this app hosts (its owner is
// signed in by the app itself).
#include <QMenu>
#include <QPointer>

class ChatClient;
class DevicesDialog;
struct Identity;

class AccountMenu : public QMenu
{
    Q_OBJECT
public:
    explicit AccountMenu(ChatClient *client, QWidget *parent = nullptr);
    ~AccountMenu() override;

    //! This app hosts the server: no "Sign Out".
    void setHosted(bool hosted);
    QAction *devicesAction() const { return m_devices; }
    QAction *signOutAction() const { return m_signOut; }
    //! Opens (or raises) the devices dialog.
    DevicesDialog *showDevices();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void update();
    void confirmSignOut();

    QPointer<ChatClient> m_client;
    QPointer<DevicesDialog> m_dialog;
    QAction *m_who = nullptr;
    QAction *m_devices = nullptr;
    QAction *m_readReceipts = nullptr; //!< the account's privacy setting (checkable)
    QAction *m_signOut = nullptr;
    bool m_hosted = false;
};
