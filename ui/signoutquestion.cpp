#include "signoutquestion.h"

#include <QMessageBox>

bool SignOutQuestion::ask(QWidget *parent, Kind kind, const QUrl &server)
{
    const bool thisDevice = kind == Kind::SignOutThisDevice;
    const QString title = thisDevice ? tr("Sign Out This Device") : tr("Sign Out");
    const QString text = thisDevice
            ? tr("Sign out of this server on this computer? You will need your password to sign in again.")
            : tr("Sign out of %1 on this computer? Parley forgets your sign-in here; you will need "
                 "your password to sign in again.").arg(server.toDisplayString());
    return QMessageBox::question(parent, title, text) == QMessageBox::Yes;
}
