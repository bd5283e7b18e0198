// Tests ui/languageloader.cpp and the resources embedded in the static parley_ui library:
// the zh_CN catalogue loads and translates, Qt's own catalogue comes with it, the .ts is
// complete, and the app icon is there.
#include "connectionstatusbar.h"
#include "composer.h"
#include "languageloader.h"
#include "testmain.h"

#include <QCoreApplication>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QLocale>
#include <QTest>
#include <QXmlStreamReader>

class tst_LanguageLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void translationIsEmbedded();
    void zhCnTranslates();
    void installReplacesTheEarlierLanguage();
    void unknownLanguageLoadsNothing();
    void tsFileIsComplete();
    void iconIsEmbedded();
};

void tst_LanguageLoader::cleanup()
{
    LanguageLoader::install(qApp, QStringLiteral("en"));
    QLocale::setDefault(QLocale::system());
}

void tst_LanguageLoader::translationIsEmbedded()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/parley_zh_CN.qm")));
    QVERIFY(LanguageLoader::availableLanguages().contains(QStringLiteral("zh_CN")));
}

void tst_LanguageLoader::zhCnTranslates()
{
    QVERIFY(LanguageLoader::install(qApp, QStringLiteral("zh_CN")));
    QCOMPARE(QCoreApplication::translate("ConnectionStatusBar", "Connected"), QStringLiteral("已连接"));
    QCOMPARE(ConnectionStatusBar::stateText(IMConnector::State::Connected), QStringLiteral("已连接"));
    QCOMPARE(ConnectionStatusBar::stateText(IMConnector::State::Reconnecting, 4000),
             QStringLiteral("4 秒后重新连接"));
    Composer composer;
    QCOMPARE(composer.placeholderText(), QStringLiteral("输入消息…"));
    // Qt's own catalogue (qtbase) came along: the standard "Cancel" is translated too.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
}

void tst_LanguageLoader::installReplacesTheEarlierLanguage()
{
    QVERIFY(LanguageLoader::install(qApp, QStringLiteral("zh_CN")));
    QVERIFY(LanguageLoader::install(qApp, QStringLiteral("zh_CN")));  // twice: still one
    QCOMPARE(QCoreApplication::translate("ConnectionStatusBar", "Offline"), QStringLiteral("离线"));
    QVERIFY(!LanguageLoader::install(qApp, QStringLiteral("en")));  // English is the source
    QCOMPARE(QCoreApplication::translate("ConnectionStatusBar", "Offline"), QStringLiteral("Offline"));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void tst_LanguageLoader::unknownLanguageLoadsNothing()
{
    QVERIFY(!LanguageLoader::install(qApp, QStringLiteral("xx_YY")));
    QCOMPARE(QCoreApplication::translate("ConnectionStatusBar", "Connected"), QStringLiteral("Connected"));
}

void tst_LanguageLoader::tsFileIsComplete()
{
    QFile file(QStringLiteral(PARLEY_TS_FILE));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            if (type == QLatin1String("vanished") || type == QLatin1String("obsolete"))
                continue;
            ++messages;
            QVERIFY2(type.isEmpty(), qPrintable(context + QLatin1String(": ") + source));
            // Plural forms come as <numerusform> children; plain ones as text.
            bool empty = true;
            while (!(xml.isEndElement() && xml.name() == QLatin1String("translation"))) {
                xml.readNext();
                if (xml.isCharacters() && !xml.isWhitespace())
                    empty = false;
            }
            QVERIFY2(!empty, qPrintable(context + QLatin1String(": ") + source));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 20);
}

void tst_LanguageLoader::iconIsEmbedded()
{
    QVERIFY(QFile::exists(QStringLiteral(":/icons/parley.svg")));
    const QIcon icon(QStringLiteral(":/icons/parley.svg"));
    QVERIFY(!icon.isNull());
    const QImage image = icon.pixmap(64, 64).toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(64, 64));
    // It rendered: some pixels are opaque, the corners are transparent.
    QVERIFY(qAlpha(image.pixel(32, 36)) > 0);
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
}

PARLEY_TEST_MAIN(tst_LanguageLoader)
#include "tst_languageloader.moc"
