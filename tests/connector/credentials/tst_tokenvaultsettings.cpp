// TokenVaultSettings: defaults, and overrides from the "credentials" settings group.
#include "tokenvaultsettings.h"
#include "testmain.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class tst_TokenVaultSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromSettings_data();
    void fromSettings();
};

void tst_TokenVaultSettings::fromSettings_data()
{
    QTest::addColumn<QVariantMap>("values");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<bool>("forceFile");
    QTest::newRow("defaults") << QVariantMap() << 5000 << false;
    QTest::newRow("timeout") << QVariantMap{{QStringLiteral("keychainTimeoutMs"), 1500}} << 1500 << false;
    QTest::newRow("forced file") << QVariantMap{{QStringLiteral("forceFileFallback"), true}} << 5000 << true;
    QTest::newRow("zero timeout keeps default") << QVariantMap{{QStringLiteral("keychainTimeoutMs"), 0}} << 5000 << false;
    QTest::newRow("garbage timeout keeps default")
        << QVariantMap{{QStringLiteral("keychainTimeoutMs"), QStringLiteral("soon")}} << 5000 << false;
}

void tst_TokenVaultSettings::fromSettings()
{
    QFETCH(QVariantMap, values);
    QFETCH(int, timeoutMs);
    QFETCH(bool, forceFile);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("Parley.conf")), QSettings::IniFormat);
    settings.beginGroup(QStringLiteral("credentials"));
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        settings.setValue(it.key(), it.value());
    settings.endGroup();

    const TokenVaultSettings s = TokenVaultSettings::fromSettings(settings);
    QCOMPARE(s.keychainTimeout.count(), qint64(timeoutMs));
    QCOMPARE(s.forceFileFallback, forceFile);
    QVERIFY(s.fileDirectory.isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_TokenVaultSettings)
#include "tst_tokenvaultsettings.moc"
