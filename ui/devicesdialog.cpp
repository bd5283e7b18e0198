#include "devicesdialog.h"

#include "chatclient.h"
#include "signoutquestion.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Column { DeviceColumn, LastUsedColumn, CreatedColumn, ExpiresColumn, ColumnCount };

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
}
} // namespace

DevicesDialog::DevicesDialog(ChatClient *client, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("devicesDialog"));
    setWindowTitle(tr("Signed-in Devices"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Your account is signed in on these devices. Sign out a device you "
                                "no longer use or do not recognise."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("devicesList"));
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Device"), tr("Last used"), tr("Signed in"), tr("Expires")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(DeviceColumn, QHeaderView::Stretch);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_list, 1);

    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_signOut = buttons->addButton(tr("Sign Out Device"), QDialogButtonBox::ActionRole);
    m_signOut->setObjectName(QStringLiteral("signOutDeviceButton"));
    m_refresh = buttons->addButton(tr("Refresh"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_signOut, &QPushButton::clicked, this, [this] {
        signOutRow(m_list->indexOfTopLevelItem(m_list->currentItem()));
    });
    connect(m_refresh, &QPushButton::clicked, this, &DevicesDialog::refresh);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &DevicesDialog::updateButtons);

    if (client) {
        connect(client, &ChatClient::devicesReceived, this, &DevicesDialog::setDevices);
        connect(client, &ChatClient::errorOccurred, this, [this](const QString &text) {
            m_status->setText(text);
        });
        connect(client, &ChatClient::readyChanged, this, [this](bool) { updateButtons(); });
    }
    resize(720, 320);
    refresh();
}

DevicesDialog::~DevicesDialog() = default;

void DevicesDialog::refresh()
{
    if (!m_client || !m_client->isReady()) {
        m_status->setText(tr("Not connected: the list shows once Parley is connected."));
        updateButtons();
        return;
    }
    m_status->setText(tr("Asking the server…"));
    m_client->requestDevices();
}

void DevicesDialog::setDevices(const QList<DeviceToken> &devices)
{
    m_devices = devices;
    m_list->clear();
    for (const DeviceToken &d : devices) {
        const QString label = d.device.isEmpty() ? tr("Unnamed device") : d.device;
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(DeviceColumn, d.current ? tr("%1 (this device)").arg(label) : label);
        item->setText(LastUsedColumn, when(d.lastUsed));
        item->setText(CreatedColumn, when(d.created));
        item->setText(ExpiresColumn, when(d.expires));
        if (d.current) {
            QFont bold = item->font(DeviceColumn);
            bold.setBold(true);
            item->setFont(DeviceColumn, bold);
        }
    }
    m_status->setText(devices.size() == 1 && devices.first().current
                              ? tr("Signed in on this device only.")
                              : tr("Devices signed in: %1").arg(devices.size()));
    updateButtons();
}

void DevicesDialog::signOutRow(int row)
{
    if (!m_client || row < 0 || row >= m_devices.size())
        return;
    const DeviceToken device = m_devices.at(row);
    if (device.current) {
        if (!SignOutQuestion::ask(this, SignOutQuestion::Kind::SignOutThisDevice, m_client->serverUrl()))
            return;
        m_client->signOut();
        accept();
        return;
    }
    m_status->setText(tr("Signing “%1” out…").arg(device.device));
    m_client->revokeDevice(device.id);
}

void DevicesDialog::updateButtons()
{
    const bool ready = m_client && m_client->isReady();
    m_signOut->setEnabled(ready && m_list->currentItem());
    m_refresh->setEnabled(ready);
}
