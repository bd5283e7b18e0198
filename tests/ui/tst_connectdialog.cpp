// Tests ui/connectdialog.cpp: a profile edited in the dialog round-trips through QSettings
// (stored, listed, loaded back into the fields), the recent servers list, what was remembered for
// a server is chosen again, and invalid input keeps the dialog open with a reason.
#include "connectdialog.h"
#include "servermemory.h"
#include "testmain.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_ConnectDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void parseServer_data();
    void parseServer();
    void profileRoundTripsThroughSettings();
    void recentServers();
    void rememberedServerChoosesItsDialect();
    void invalidInputKeepsTheDialogOpen();
    void parleyDialectNeedsNoProfile();

private:
    template<typename T> T *child(ConnectDialog &d, const char *name)
    {
        T *w = d.findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qWarning("no child %s", name);
        return w;
    }
    std::unique_ptr<QSettings> m_settings;
};

void tst_ConnectDialog::initTestCase()
{
}

void tst_ConnectDialog::init()
{
    // The app's own QSettings location, redirected by the test's private XDG_CONFIG_HOME.
    m_settings = std::make_unique<QSettings>(QStringLiteral("ParleyTest"), QStringLiteral("ConnectDialog"));
    m_settings->clear();
}

void tst_ConnectDialog::cleanup()
{
    m_settings->clear();
    m_settings.reset();
}

void tst_ConnectDialog::parseServer_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("url");
    QTest::newRow("ws") << QStringLiteral("ws://chat.example:8787") << QStringLiteral("ws://chat.example:8787");
    QTest::newRow("wss path") << QStringLiteral(" wss://chat.example/io ") << QStringLiteral("wss://chat.example/io");
    QTest::newRow("host:port") << QStringLiteral("127.0.0.1:3000") << QStringLiteral("ws://127.0.0.1:3000");
    QTest::newRow("http") << QStringLiteral("http://chat.example") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("no host") << QStringLiteral("ws://") << QString();
}

void tst_ConnectDialog::parseServer()
{
    QFETCH(QString, text);
    QFETCH(QString, url);
    QCOMPARE(ConnectDialog::parseServer(text).toString(), url);
}

void tst_ConnectDialog::profileRoundTripsThroughSettings()
{
    {
        ConnectDialog dialog(m_settings.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *server = child<QComboBox>(dialog, "serverEdit");
        server->setEditText(QStringLiteral("ws://127.0.0.1:3000"));
        child<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("alice"));
        auto *dialect = child<QComboBox>(dialog, "dialectCombo");
        dialect->setCurrentIndex(dialect->findData(QStringLiteral("socketio")));
        auto *profile = child<QComboBox>(dialog, "profileCombo");
        profile->setCurrentIndex(profile->findData(QStringLiteral("group")));
        QCOMPARE(child<QLineEdit>(dialog, "sendEventEdit")->text(), QStringLiteral("message"));

        // Edit the preset's fields the way a person does: clear and type.
        auto retype = [](QLineEdit *edit, const QString &text) {
            edit->selectAll();
            QTest::keyClick(edit, Qt::Key_Delete);
            QTest::keyClicks(edit, text);
        };
        retype(child<QLineEdit>(dialog, "sendEventEdit"), QStringLiteral("say"));
        auto *payload = child<QComboBox>(dialog, "payloadCombo");
        payload->setCurrentIndex(payload->findData(int(ServerProfile::Shape::Object)));
        retype(child<QLineEdit>(dialog, "sendTextFieldEdit"), QStringLiteral("body"));
        retype(child<QLineEdit>(dialog, "sendNameFieldEdit"), QStringLiteral("user"));
        retype(child<QLineEdit>(dialog, "receiveEventsEdit"), QStringLiteral("said, announce"));
        retype(child<QLineEdit>(dialog, "receiveTextFieldEdit"), QStringLiteral("body"));
        retype(child<QLineEdit>(dialog, "receiveSenderFieldEdit"), QStringLiteral("user"));
        child<QCheckBox>(dialog, "serverEchoesCheck")->setChecked(true);
        QCOMPARE(dialog.problem(), QString());

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::mouseClick(child<QDialogButtonBox>(dialog, "")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(accepted.size(), 1);
        const ConnectDialog::Choice c = dialog.choice();
        QCOMPARE(c.server, QUrl(QStringLiteral("ws://127.0.0.1:3000")));
        QCOMPARE(c.name, QStringLiteral("alice"));
        QCOMPARE(c.dialect, QStringLiteral("socketio"));
        QCOMPARE(c.profileId, QStringLiteral("group"));
    }
    m_settings->sync();

    // Stored: a user's edit of a preset wins over the preset.
    QSettings again(QStringLiteral("ParleyTest"), QStringLiteral("ConnectDialog"));
    const std::optional<ServerProfile> stored = ServerProfile::load(again, QStringLiteral("group"));
    QVERIFY(stored);
    QCOMPARE(stored->sendEvent, QStringLiteral("say"));
    QCOMPARE(stored->sendShape, ServerProfile::Shape::Object);
    QCOMPARE(stored->sendTextField, QStringLiteral("body"));
    QCOMPARE(stored->sendNameField, QStringLiteral("user"));
    QCOMPARE(stored->receiveEvents, (QStringList{QStringLiteral("said"), QStringLiteral("announce")}));
    QCOMPARE(stored->receiveTextField, QStringLiteral("body"));
    QCOMPARE(stored->receiveSenderField, QStringLiteral("user"));
    QVERIFY(stored->serverEchoes);
    QCOMPARE(again.value(QStringLiteral("connect/name")).toString(), QStringLiteral("alice"));

    // A new dialog shows the stored fields, and Reset brings the preset back.
    ConnectDialog dialog(&again);
    dialog.setChoice({QUrl(QStringLiteral("ws://127.0.0.1:3000")), QStringLiteral("alice"),
                      QStringLiteral("socketio"), QStringLiteral("group")});
    QCOMPARE(child<QLineEdit>(dialog, "sendEventEdit")->text(), QStringLiteral("say"));
    QCOMPARE(child<QLineEdit>(dialog, "receiveEventsEdit")->text(), QStringLiteral("said, announce"));
    QCOMPARE(dialog.editedProfile(), *stored);
    auto *reset = child<QPushButton>(dialog, "resetProfileButton");
    QVERIFY(reset->isEnabled());
    reset->click();
    QCOMPARE(child<QLineEdit>(dialog, "sendEventEdit")->text(), QStringLiteral("message"));
    QCOMPARE(*ServerProfile::load(again, QStringLiteral("group")), *ServerProfile::preset(QStringLiteral("group")));
}

void tst_ConnectDialog::recentServers()
{
    for (int i = 0; i < ConnectDialog::kMaxRecent + 3; ++i)
        ConnectDialog::addRecentServer(*m_settings, QUrl(QStringLiteral("ws://host%1:1").arg(i)));
    ConnectDialog::addRecentServer(*m_settings, QUrl(QStringLiteral("ws://host5:1")));
    const QStringList recent = ConnectDialog::recentServers(*m_settings);
    QCOMPARE(recent.size(), ConnectDialog::kMaxRecent);
    QCOMPARE(recent.first(), QStringLiteral("ws://host5:1")); // newest first, not twice
    QCOMPARE(recent.count(QStringLiteral("ws://host5:1")), 1);
    ConnectDialog dialog(m_settings.get());
    QCOMPARE(child<QComboBox>(dialog, "serverEdit")->count(), ConnectDialog::kMaxRecent);
}

void tst_ConnectDialog::rememberedServerChoosesItsDialect()
{
    const QUrl url(QStringLiteral("ws://raw.example:9000"));
    ServerMemory::remember(*m_settings, url, {QStringLiteral("raw"), QString()});
    ConnectDialog dialog(m_settings.get());
    child<QComboBox>(dialog, "serverEdit")->setEditText(QStringLiteral("raw.example:9000"));
    QCOMPARE(dialog.choice().dialect, QStringLiteral("raw"));
    QVERIFY(!child<QGroupBox>(dialog, "profileBox")->isEnabled()); // no events for raw
    // Another server, not known: back to detecting.
    child<QComboBox>(dialog, "serverEdit")->setEditText(QStringLiteral("ws://new.example:1"));
    QCOMPARE(dialog.choice().dialect, QStringLiteral("auto"));
    // What the user chose stays, whatever is typed next.
    auto *dialect = child<QComboBox>(dialog, "dialectCombo");
    dialect->setCurrentIndex(dialect->findData(QStringLiteral("socketio")));
    child<QComboBox>(dialog, "serverEdit")->setEditText(QStringLiteral("ws://other.example:2"));
    QCOMPARE(dialog.choice().dialect, QStringLiteral("socketio"));
}

void tst_ConnectDialog::invalidInputKeepsTheDialogOpen()
{
    ConnectDialog dialog(m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    auto *ok = child<QDialogButtonBox>(dialog, "")->button(QDialogButtonBox::Ok);
    child<QComboBox>(dialog, "serverEdit")->setEditText(QStringLiteral("http://nope"));
    child<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("alice"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(child<QLabel>(dialog, "problemLabel")->text().contains(QStringLiteral("ws://")));
    dialog.accept();
    QCOMPARE(accepted.size(), 0);
    QVERIFY(dialog.isVisible());

    child<QComboBox>(dialog, "serverEdit")->setEditText(QStringLiteral("ws://ok.example:1"));
    auto *dialect = child<QComboBox>(dialog, "dialectCombo");
    dialect->setCurrentIndex(dialect->findData(QStringLiteral("socketio")));
    auto *events = child<QLineEdit>(dialog, "sendEventEdit");
    events->clear();
    QTest::keyClick(events, Qt::Key_Space); // textEdited, still blank
    QVERIFY(!dialog.problem().isEmpty());
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(events, QStringLiteral("msg"));
    QCOMPARE(dialog.problem(), QString());
    QVERIFY(ok->isEnabled());
}

void tst_ConnectDialog::parleyDialectNeedsNoProfile()
{
    ConnectDialog dialog(m_settings.get());
    dialog.setChoice({QUrl(QStringLiteral("ws://127.0.0.1:8787")), QStringLiteral("bob"),
                      QStringLiteral("parley"), QString()});
    QVERIFY(!child<QGroupBox>(dialog, "profileBox")->isEnabled());
    QCOMPARE(dialog.choice().profileId, QString());
    QCOMPARE(dialog.problem(), QString());
    QVERIFY(!dialog.windowTitle().isEmpty());
    QVERIFY(!child<QComboBox>(dialog, "serverEdit")->accessibleName().isEmpty());
}

PARLEY_TEST_MAIN(tst_ConnectDialog)
#include "tst_connectdialog.moc"
