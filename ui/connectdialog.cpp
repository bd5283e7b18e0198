#include "connectdialog.h"

#include "dialectdetector.h"
#include "websocketurl.h"
#include "logging.h"
#include "servermemory.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QVBoxLayout>

namespace {
const auto kRecentKey = QLatin1String("connect/recent");

QStringList splitEvents(const QString &text)
{
    QStringList out;
    const QStringList parts = text.split(QLatin1Char(','));
    for (const QString &p : parts) {
        const QString e = p.trimmed();
        if (!e.isEmpty() && !out.contains(e))
            out << e;
    }
    return out;
}

enum Label {
    kServerLabel,
    kNameLabel,
    kDialectLabel,
    kProfileLabel,
    kNamespaceLabel,
    kSendEventLabel,
    kShapeLabel,
    kSendTextLabel,
    kSendNameLabel,
    kReceiveEventsLabel,
    kReceiveTextLabel,
    kReceiveSenderLabel,
    kLabelCount
};
} // namespace

ConnectDialog::ConnectDialog(QSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    Q_ASSERT(settings);
    setObjectName(QStringLiteral("connectDialog"));
    buildUi();
    retranslate();
    fillProfiles(QLatin1String(ServerProfile::kClassicId));
    updateState();
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::buildUi()
{
    for (int i = 0; i < kLabelCount; ++i)
        m_labels << new QLabel(this);

    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_server = new QComboBox(this);
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_server->setEditable(true);
    m_server->setInsertPolicy(QComboBox::NoInsert);
    m_server->addItems(recentServers(*m_settings));
    m_server->setCurrentIndex(-1);
    m_server->setMinimumContentsLength(32);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_dialect = new QComboBox(this);
    m_dialect->setObjectName(QStringLiteral("dialectCombo"));
    for (const char *d : {"auto", "parley", "socketio", "raw"})
        m_dialect->addItem(QString(), QString::fromLatin1(d));
    form->addRow(m_labels[kServerLabel], m_server);
    form->addRow(m_labels[kNameLabel], m_name);
    form->addRow(m_labels[kDialectLabel], m_dialect);
    layout->addLayout(form);

    m_profileBox = new QGroupBox(this);
    m_profileBox->setObjectName(QStringLiteral("profileBox"));
    auto *pform = new QFormLayout(m_profileBox);
    auto *profileRow = new QHBoxLayout;
    m_profile = new QComboBox(m_profileBox);
    m_profile->setObjectName(QStringLiteral("profileCombo"));
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_profile->setMinimumContentsLength(24);
    m_saveAs = new QPushButton(m_profileBox);
    m_saveAs->setObjectName(QStringLiteral("saveAsButton"));
    m_reset = new QPushButton(m_profileBox);
    m_reset->setObjectName(QStringLiteral("resetProfileButton"));
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(m_saveAs);
    profileRow->addWidget(m_reset);
    pform->addRow(m_labels[kProfileLabel], profileRow);

    auto line = [this](const char *name) {
        auto *edit = new QLineEdit(m_profileBox);
        edit->setObjectName(QString::fromLatin1(name));
        connect(edit, &QLineEdit::textEdited, this, &ConnectDialog::updateState);
        return edit;
    };
    m_nameSpace = line("namespaceEdit");
    m_sendEvent = line("sendEventEdit");
    m_shape = new QComboBox(m_profileBox);
    m_shape->setObjectName(QStringLiteral("payloadCombo"));
    m_shape->addItem(QString(), int(ServerProfile::Shape::PlainString));
    m_shape->addItem(QString(), int(ServerProfile::Shape::Object));
    m_sendTextField = line("sendTextFieldEdit");
    m_sendNameField = line("sendNameFieldEdit");
    m_receiveEvents = line("receiveEventsEdit");
    m_receiveTextField = line("receiveTextFieldEdit");
    m_receiveSenderField = line("receiveSenderFieldEdit");
    m_echoes = new QCheckBox(m_profileBox);
    m_echoes->setObjectName(QStringLiteral("serverEchoesCheck"));
    m_withAck = new QCheckBox(m_profileBox);
    m_withAck->setObjectName(QStringLiteral("sendWithAckCheck"));
    m_sendFiles = new QCheckBox(m_profileBox);
    m_sendFiles->setObjectName(QStringLiteral("sendFilesCheck"));
    pform->addRow(m_labels[kNamespaceLabel], m_nameSpace);
    pform->addRow(m_labels[kSendEventLabel], m_sendEvent);
    pform->addRow(m_labels[kShapeLabel], m_shape);
    pform->addRow(m_labels[kSendTextLabel], m_sendTextField);
    pform->addRow(m_labels[kSendNameLabel], m_sendNameField);
    pform->addRow(m_labels[kReceiveEventsLabel], m_receiveEvents);
    pform->addRow(m_labels[kReceiveTextLabel], m_receiveTextField);
    pform->addRow(m_labels[kReceiveSenderLabel], m_receiveSenderField);
    pform->addRow(QString(), m_echoes);
    pform->addRow(QString(), m_withAck);
    pform->addRow(QString(), m_sendFiles);
    layout->addWidget(m_profileBox);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);

    connect(m_server, &QComboBox::currentTextChanged, this, &ConnectDialog::onServerEdited);
    connect(m_name, &QLineEdit::textChanged, this, &ConnectDialog::updateState);
    connect(m_dialect, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_settingFromMemory)
            m_dialectFromMemory = false; // the user's own choice stays
        updateState();
    });
    connect(m_shape, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateState);
    connect(m_echoes, &QCheckBox::toggled, this, &ConnectDialog::updateState);
    connect(m_withAck, &QCheckBox::toggled, this, &ConnectDialog::updateState);
    connect(m_sendFiles, &QCheckBox::toggled, this, &ConnectDialog::updateState);
    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            loadProfile(m_profile->currentData().toString());
    });
    connect(m_saveAs, &QPushButton::clicked, this, &ConnectDialog::saveAsNew);
    connect(m_reset, &QPushButton::clicked, this, &ConnectDialog::resetProfile);
}

void ConnectDialog::retranslate()
{
    setWindowTitle(tr("Connect to server"));
    const QStringList labels{
        tr("&Server:"),        tr("Your &name:"),      tr("&Kind of server:"), tr("&Profile:"),
        tr("Names&pace:"),     tr("Send &event:"),     tr("Pa&yload:"),        tr("&Text field:"),
        tr("Na&me field:"),    tr("&Incoming events:"), tr("Incoming te&xt field:"),
        tr("Incoming sen&der field:"),
    };
    for (int i = 0; i < kLabelCount; ++i)
        m_labels[i]->setText(labels.at(i));
    const QList<QWidget *> buddies{m_server, m_name, m_dialect, m_profile, m_nameSpace, m_sendEvent,
                                   m_shape, m_sendTextField, m_sendNameField, m_receiveEvents,
                                   m_receiveTextField, m_receiveSenderField};
    for (int i = 0; i < kLabelCount; ++i) {
        m_labels[i]->setBuddy(buddies.at(i));
        buddies.at(i)->setAccessibleName(QString(labels.at(i)).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    }
    m_server->lineEdit()->setPlaceholderText(tr("ws://host:port"));
    m_server->setToolTip(tr("A ws:// or wss:// address; “host:port” means ws://host:port."));
    m_dialect->setItemText(0, tr("Detect automatically"));
    m_dialect->setItemText(1, tr("parley-server"));
    m_dialect->setItemText(2, tr("Socket.IO server (events by profile)"));
    m_dialect->setItemText(3, tr("Plain WebSocket (one frame, one message)"));
    m_profileBox->setTitle(tr("Socket.IO events"));
    m_shape->setItemText(0, tr("Plain text"));
    m_shape->setItemText(1, tr("Object with fields"));
    m_receiveEvents->setPlaceholderText(tr("chat message, message"));
    m_receiveEvents->setToolTip(tr("Events shown as messages, separated by commas."));
    m_receiveTextField->setPlaceholderText(tr("automatic"));
    m_receiveSenderField->setPlaceholderText(tr("automatic"));
    m_sendNameField->setPlaceholderText(tr("none"));
    m_echoes->setText(tr("The server sends my messages back to me"));
    m_withAck->setText(tr("Ask the server to acknowledge each message"));
    m_withAck->setToolTip(tr("Only for servers that call the acknowledgement callback; "
                             "otherwise messages would end up as not delivered."));
    m_sendFiles->setText(tr("The server takes files (each sent whole, as a binary attachment)"));
    m_sendFiles->setToolTip(tr("Files up to the profile's largest file size (1 MB unless changed: "
                               "Socket.IO's own default limit); in an object payload under the file "
                               "field, with fileName and fileType beside it."));
    m_saveAs->setText(tr("Save as…"));
    m_saveAs->setToolTip(tr("Keep these fields as a new profile"));
    m_reset->setText(tr("Reset"));
    m_reset->setToolTip(tr("Forget your changes to this preset"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    fillProfiles(m_profile->currentData().toString());
    updateState();
}

void ConnectDialog::fillProfiles(const QString &select)
{
    m_loading = true;
    m_profile->clear();
    const QStringList ids = ServerProfile::ids(*m_settings);
    for (const QString &id : ids) {
        const std::optional<ServerProfile> p = ServerProfile::load(*m_settings, id);
        if (!p)
            continue;
        m_profile->addItem(p->title.isEmpty() ? id : tr("%1 — %2").arg(id, p->title), id);
        m_profile->setItemData(m_profile->count() - 1, p->title, Qt::ToolTipRole);
    }
    const int index = std::max(0, m_profile->findData(select));
    m_profile->setCurrentIndex(index);
    m_loading = false;
    loadProfile(m_profile->currentData().toString());
}

void ConnectDialog::loadProfile(const QString &id)
{
    const std::optional<ServerProfile> p = ServerProfile::load(*m_settings, id);
    if (!p)
        return;
    m_loading = true;
    m_loaded = *p;
    m_nameSpace->setText(p->nameSpace);
    m_sendEvent->setText(p->sendEvent);
    m_shape->setCurrentIndex(m_shape->findData(int(p->sendShape)));
    m_sendTextField->setText(p->sendTextField);
    m_sendNameField->setText(p->sendNameField);
    m_receiveEvents->setText(p->receiveEvents.join(QLatin1String(", ")));
    m_receiveTextField->setText(p->receiveTextField);
    m_receiveSenderField->setText(p->receiveSenderField);
    m_echoes->setChecked(p->serverEchoes);
    m_withAck->setChecked(p->sendWithAck);
    m_sendFiles->setChecked(p->sendFiles);
    m_loading = false;
    updateState();
}

ServerProfile ConnectDialog::editedProfile() const
{
    ServerProfile p = m_loaded;
    if (p.isParley())
        return p; // its event fields are not used
    p.nameSpace = m_nameSpace->text().trimmed();
    p.sendEvent = m_sendEvent->text().trimmed();
    p.sendShape = ServerProfile::Shape(m_shape->currentData().toInt());
    p.sendTextField = m_sendTextField->text().trimmed();
    p.sendNameField = m_sendNameField->text().trimmed();
    p.receiveEvents = splitEvents(m_receiveEvents->text());
    p.receiveTextField = m_receiveTextField->text().trimmed();
    p.receiveSenderField = m_receiveSenderField->text().trimmed();
    p.serverEchoes = m_echoes->isChecked();
    p.sendWithAck = m_withAck->isChecked();
    p.sendFiles = m_sendFiles->isChecked();
    return p;
}

QUrl ConnectDialog::parseServer(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    QUrl url(t.contains(QLatin1String("://")) ? t : QLatin1String("ws://") + t, QUrl::StrictMode);
    if (!WebSocketUrl::isValid(url))
        return {};
    return url;
}

ConnectDialog::Choice ConnectDialog::choice() const
{
    Choice c;
    c.server = parseServer(m_server->currentText());
    c.name = m_name->text().trimmed();
    c.dialect = m_dialect->currentData().toString();
    if (c.dialect == QLatin1String("auto") || c.dialect == QLatin1String("socketio"))
        c.profileId = m_profile->currentData().toString();
    return c;
}

void ConnectDialog::setChoice(const Choice &choice)
{
    m_server->setEditText(choice.server.isEmpty() ? QString() : choice.server.toDisplayString());
    m_name->setText(choice.name);
    // No dialect given: what was remembered for the server (onServerEdited()) stands.
    if (!choice.dialect.isEmpty())
        m_dialect->setCurrentIndex(std::max(0, m_dialect->findData(choice.dialect)));
    if (!choice.profileId.isEmpty())
        fillProfiles(choice.profileId);
    updateState();
}

QString ConnectDialog::problem() const
{
    if (m_server->currentText().trimmed().isEmpty())
        return tr("Name the server, e.g. ws://chat.example.org:8787");
    if (parseServer(m_server->currentText()).isEmpty())
        return tr("“%1” is not a ws:// or wss:// address.").arg(m_server->currentText().trimmed());
    if (m_name->text().trimmed().isEmpty())
        return tr("Say what name others will see.");
    if (m_profileBox->isEnabled())
        return editedProfile().validate();
    return {};
}

void ConnectDialog::onServerEdited()
{
    // A server Parley has talked to before: take back what worked with it.
    // A server not known (or not yet fully typed) puts back what an earlier known one had set.
    const QUrl url = parseServer(m_server->currentText());
    const ServerMemory::Entry known = url.isEmpty() ? ServerMemory::Entry{} : ServerMemory::recall(*m_settings, url);
    const int d = m_dialect->findData(known.dialect);
    m_settingFromMemory = true;
    if (d >= 0) {
        m_dialect->setCurrentIndex(d);
        m_dialectFromMemory = true;
    } else if (m_dialectFromMemory) {
        m_dialect->setCurrentIndex(m_dialect->findData(QStringLiteral("auto")));
        m_dialectFromMemory = false;
    }
    if (!known.profile.isEmpty() && m_profile->findData(known.profile) >= 0)
        m_profile->setCurrentIndex(m_profile->findData(known.profile));
    m_settingFromMemory = false;
    updateState();
}

void ConnectDialog::saveAsNew()
{
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("New profile"), tr("Name of the new profile:"),
                                                QLineEdit::Normal, QString(), &ok);
    if (!ok || title.trimmed().isEmpty())
        return;
    QString id = title.trimmed().toLower();
    id.replace(QRegularExpression(QStringLiteral("[^a-z0-9_-]+")), QStringLiteral("-"));
    id = id.left(48);
    if (!ServerProfile::isValidId(id) || ServerProfile::preset(id))
        id = QStringLiteral("profile-%1").arg(id.isEmpty() ? QStringLiteral("1") : id);
    ServerProfile p = editedProfile();
    p.id = id;
    p.title = title.trimmed();
    if (const QString why = p.validate(); !why.isEmpty()) {
        m_problem->setText(why);
        return;
    }
    p.save(*m_settings);
    fillProfiles(id);
}

void ConnectDialog::resetProfile()
{
    const QString id = m_profile->currentData().toString();
    ServerProfile::remove(*m_settings, id);
    fillProfiles(id);
}

void ConnectDialog::updateState()
{
    if (m_loading)
        return;
    const QString dialect = m_dialect->currentData().toString();
    const bool usesProfile = dialect == QLatin1String("auto") || dialect == QLatin1String("socketio");
    m_profileBox->setEnabled(usesProfile);
    const bool parleyProfile = m_loaded.isParley();
    for (QWidget *w : {static_cast<QWidget *>(m_nameSpace), static_cast<QWidget *>(m_sendEvent),
                       static_cast<QWidget *>(m_shape), static_cast<QWidget *>(m_sendTextField),
                       static_cast<QWidget *>(m_sendNameField), static_cast<QWidget *>(m_receiveEvents),
                       static_cast<QWidget *>(m_receiveTextField),
                       static_cast<QWidget *>(m_receiveSenderField), static_cast<QWidget *>(m_echoes),
                       static_cast<QWidget *>(m_withAck), static_cast<QWidget *>(m_sendFiles),
                       static_cast<QWidget *>(m_saveAs)})
        w->setEnabled(!parleyProfile);
    const bool object = m_shape->currentData().toInt() == int(ServerProfile::Shape::Object);
    m_sendTextField->setEnabled(!parleyProfile && object);
    m_sendNameField->setEnabled(!parleyProfile && object);
    // Reset only makes sense for a preset the user has changed and saved.
    const std::optional<ServerProfile> preset = ServerProfile::preset(m_loaded.id);
    m_reset->setVisible(preset.has_value());
    m_reset->setEnabled(preset && *preset != m_loaded);
    const QString why = problem();
    m_problem->setText(why);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

void ConnectDialog::accept()
{
    const QString why = problem();
    if (!why.isEmpty()) {
        m_problem->setText(why);
        return;
    }
    const Choice c = choice();
    if (m_profileBox->isEnabled()) {
        const ServerProfile edited = editedProfile();
        if (edited != m_loaded) {
            edited.save(*m_settings);
            qCInfo(lcUi) << "saved server profile" << edited.id;
        }
    }
    addRecentServer(*m_settings, c.server);
    m_settings->setValue(QStringLiteral("connect/name"), c.name);
    QDialog::accept();
}

QStringList ConnectDialog::recentServers(QSettings &settings)
{
    return settings.value(kRecentKey).toStringList();
}

void ConnectDialog::addRecentServer(QSettings &settings, const QUrl &server)
{
    if (server.isEmpty())
        return;
    QStringList recent = recentServers(settings);
    const QString text = server.toDisplayString();
    recent.removeAll(text);
    recent.prepend(text);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
}

void ConnectDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}
