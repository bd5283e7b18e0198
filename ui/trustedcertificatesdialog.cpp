#include "trustedcertificatesdialog.h"

#include "certificatepins.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
enum Column { ServerColumn, SubjectColumn, ExpiresColumn, FingerprintColumn, ColumnCount };
}

TrustedCertificatesDialog::TrustedCertificatesDialog(QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("trustedCertificatesDialog"));
    setWindowTitle(tr("Trusted Certificates"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("You trusted these certificates for these servers. Parley connects to "
                                "each server only while it presents the same certificate. Remove one "
                                "to be asked again."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("trustedCertificatesList"));
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Server"), tr("Issued to"), tr("Expires"), tr("SHA-256 fingerprint")});
    m_list->header()->setSectionResizeMode(FingerprintColumn, QHeaderView::Stretch);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_list, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_remove = buttons->addButton(tr("Remove"), QDialogButtonBox::ActionRole);
    m_remove->setObjectName(QStringLiteral("removeCertificateButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_remove, &QPushButton::clicked, this,
            [this] { removeRow(m_list->indexOfTopLevelItem(m_list->currentItem())); });
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            [this] { m_remove->setEnabled(m_list->currentItem() != nullptr); });
    resize(760, 320);
    reload();
}

void TrustedCertificatesDialog::reload()
{
    m_list->clear();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const CertificatePins::Pin &pin : CertificatePins::all(*m_settings)) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(ServerColumn, pin.server);
        item->setText(SubjectColumn, pin.certificate.subjectDisplayName());
        item->setText(ExpiresColumn, QLocale().toString(pin.certificate.expiryDate().toLocalTime().date(),
                                                        QLocale::ShortFormat));
        item->setText(FingerprintColumn, pin.fingerprint);
        item->setFont(FingerprintColumn, fixed);
        item->setData(ServerColumn, Qt::UserRole, pin.server);
    }
    for (int c = ServerColumn; c < FingerprintColumn; ++c)
        m_list->resizeColumnToContents(c);
    m_remove->setEnabled(m_list->currentItem() != nullptr);
}

void TrustedCertificatesDialog::removeRow(int row)
{
    const QTreeWidgetItem *item = m_list->topLevelItem(row);
    if (!item)
        return;
    CertificatePins::unpin(*m_settings, item->data(ServerColumn, Qt::UserRole).toString());
    reload();
}
