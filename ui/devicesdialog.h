#pragma once
// DevicesDialog: Account ▸ Signed-in Devices…: where one's account is signed in (the server's
// "tokens" list: device label, last used, signed in, expires; "this device" marked), and a button
// that signs the chosen device out. Signing this device out asks first and ends the session
// (ChatClient::sessionEnded()). Labels are other people's text (a device label is whatever the
// signing-in client said): shown as plain text.
#include "devicetoken.h"

#include <QDialog>
#include <QPointer>

class ChatClient;
class QLabel;
class QPushButton;
class QTreeWidget;

class DevicesDialog : public QDialog
{
    Q_OBJECT
public:
    //! Lists \a client's devices (asked for at once, and again by "Refresh").
    explicit DevicesDialog(ChatClient *client, QWidget *parent = nullptr);
    ~DevicesDialog() override;

    QTreeWidget *list() const { return m_list; }
    QPushButton *signOutButton() const { return m_signOut; }
    //! Shows \a devices (most recently used first, as the server sends them).
    void setDevices(const QList<DeviceToken> &devices);
    //! Signs the device of row \a row out (after asking when it is this one).
    void signOutRow(int row);

private:
    void refresh();
    void updateButtons();

    QPointer<ChatClient> m_client;
    QList<DeviceToken> m_devices;
    QLabel *m_status = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_signOut = nullptr;
    QPushButton *m_refresh = nullptr;
};
