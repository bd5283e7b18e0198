#include "certificatedialog.h"

#include "certificatepins.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace {
QString names(const QStringList &parts)
{
    return parts.join(QLatin1String(", "));
}

//! "CN, O" of a subject or issuer, the parts most people recognise.
QString who(const QSslCertificate &c, bool issuer)
{
    const auto info = [&c, issuer](QSslCertificate::SubjectInfo field) {
        return issuer ? c.issuerInfo(field) : c.subjectInfo(field);
    };
    const QString text = names(info(QSslCertificate::CommonName) + info(QSslCertificate::Organization)
                               + info(QSslCertificate::OrganizationalUnitName));
    return text.isEmpty() ? (issuer ? c.issuerDisplayName() : c.subjectDisplayName()) : text;
}

//! Fingerprints are long: two lines of 16 pairs read and compare better than one.
QString wrapped(const QString &fingerprint)
{
    return fingerprint.size() > 48 ? fingerprint.left(47) + QLatin1Char('\n') + fingerprint.mid(48) : fingerprint;
}
} // namespace

CertificateDialog *CertificateDialog::untrusted(const QString &server, const QSslCertificate &certificate,
                                                const QList<QSslError> &errors, QWidget *parent)
{
    auto *d = new CertificateDialog(Mode::Untrusted, server, certificate, parent);
    d->m_headline->setText(tr("Parley cannot confirm that this is really %1").arg(server));
    QStringList why;
    for (const QSslError &e : errors)
        why << e.errorString();
    d->m_explanation->setText(
            tr("No certificate authority that this computer trusts vouches for the server's "
               "certificate: %1.\n\nA server on your own network often has a certificate like this. "
               "Before you trust it, ask the server's operator for its SHA-256 fingerprint and compare "
               "it with the one below. Once trusted, Parley connects to %2 only while it presents this "
               "very certificate.")
                    .arg(why.join(QLatin1String("; ")), server));
    d->addDetails(d->m_form);
    d->m_trust->setText(tr("Trust This Certificate for This Server"));
    return d;
}

CertificateDialog *CertificateDialog::changed(const QString &server, const QSslCertificate &pinned,
                                              const QSslCertificate &presented, QWidget *parent)
{
    auto *d = new CertificateDialog(Mode::Changed, server, presented, parent);
    d->setWindowTitle(tr("Warning: Certificate Changed"));
    d->m_headline->setText(tr("The certificate of %1 has changed!").arg(server));
    d->m_explanation->setText(
            tr("You trusted another certificate for this server before. Someone may be intercepting "
               "the connection to read your messages, or the server's operator replaced the "
               "certificate. Parley did not connect.\n\nAsk the operator, by some other way than this "
               "chat, which fingerprint the server has now. Trust the new certificate only if it is "
               "the one shown as “Presented now”."));
    d->addRow(d->m_form, tr("Trusted before (SHA-256):"), wrapped(CertificatePins::fingerprint(pinned)), true);
    d->addRow(d->m_form, tr("Presented now (SHA-256):"), wrapped(CertificatePins::fingerprint(presented)), true);
    d->addDetails(d->m_form);
    d->m_confirm = new QCheckBox(tr("I have checked the new fingerprint with the server's operator"), d);
    d->m_confirm->setObjectName(QStringLiteral("confirmNewCertificate"));
    // Above the buttons: read before the choice.
    auto *column = static_cast<QVBoxLayout *>(d->layout());
    column->insertWidget(column->count() - 1, d->m_confirm);
    d->m_trust->setText(tr("Trust the New Certificate"));
    d->m_trust->setEnabled(false);
    connect(d->m_confirm, &QCheckBox::toggled, d->m_trust, &QPushButton::setEnabled);
    // Nothing to confirm by Enter: the safe way out is the default.
    return d;
}

CertificateDialog::CertificateDialog(Mode mode, const QString &server, const QSslCertificate &certificate,
                                     QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
    , m_certificate(certificate)
{
    setObjectName(QStringLiteral("certificateDialog"));
    setWindowTitle(tr("Untrusted Certificate – %1").arg(server));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *icon = new QLabel(this);
    const QStyle::StandardPixmap pixmap =
            mode == Mode::Changed ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning;
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(pixmap, nullptr, this).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    top->addWidget(icon);
    auto *words = new QVBoxLayout;
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("certificateHeadline"));
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    QFont bold = m_headline->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_headline->setFont(bold);
    words->addWidget(m_headline);
    m_explanation = new QLabel(this);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setWordWrap(true);
    words->addWidget(m_explanation);
    top->addLayout(words, 1);
    layout->addLayout(top);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(m_form);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *cancel = buttons->addButton(mode == Mode::Changed ? tr("Disconnect") : tr("Cancel"),
                                             QDialogButtonBox::RejectRole);
    m_trust = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_trust->setObjectName(QStringLiteral("trustCertificateButton"));
    m_trust->setAutoDefault(false);
    cancel->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(560);
}

QLabel *CertificateDialog::addRow(QFormLayout *form, const QString &label, const QString &value, bool monospace)
{
    auto *field = new QLabel(value, this);
    field->setTextFormat(Qt::PlainText);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field->setWordWrap(!monospace);
    if (monospace)
        field->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *name = new QLabel(label, this);
    name->setTextFormat(Qt::PlainText);
    form->addRow(name, field);
    return field;
}

void CertificateDialog::addDetails(QFormLayout *form)
{
    const QSslCertificate &c = m_certificate;
    const QLocale locale;
    addRow(form, tr("Issued to:"), who(c, false));
    addRow(form, tr("Issued by:"), c.isSelfSigned() ? tr("%1 (itself: self-signed)").arg(who(c, true)) : who(c, true));
    addRow(form, tr("Valid from:"), locale.toString(c.effectiveDate().toLocalTime(), QLocale::LongFormat));
    addRow(form, tr("Valid until:"), locale.toString(c.expiryDate().toLocalTime(), QLocale::LongFormat));
    if (m_mode == Mode::Untrusted)
        addRow(form, tr("SHA-256 fingerprint:"), wrapped(CertificatePins::fingerprint(c)), true);
}

QString CertificateDialog::text() const
{
    QStringList lines{m_headline->text(), m_explanation->text()};
    for (int row = 0; row < m_form->rowCount(); ++row) {
        const auto *label = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)->widget());
        const auto *field = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::FieldRole)->widget());
        if (label && field)
            lines << label->text() + QLatin1Char(' ') + QString(field->text()).replace(QLatin1Char('\n'), QLatin1Char(':'));
    }
    return lines.join(QLatin1Char('\n'));
}
