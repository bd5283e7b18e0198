#include "languageloader.h"

#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

// Object names mark the translators we installed, so a second install() can replace them.
const auto kQtTranslatorName = QLatin1String("parley-qt-translator");
const auto kAppTranslatorName = QLatin1String("parley-app-translator");

void removeOurs(QCoreApplication *app)
{
    const auto translators = app->findChildren<QTranslator *>(QString(), Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : translators) {
        if (translator->objectName() == kQtTranslatorName
            || translator->objectName() == kAppTranslatorName) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }
}

}  // namespace

QString LanguageLoader::resourceDirectory()
{
    return QStringLiteral(":/i18n");
}

QStringList LanguageLoader::availableLanguages()
{
    QStringList languages;
    const QStringList files = QDir(resourceDirectory())
                                      .entryList({QStringLiteral("parley_*.qm")}, QDir::Files,
                                                 QDir::Name);
    for (const QString &file : files) {
        languages.append(file.mid(int(qstrlen("parley_")),
                                  file.size() - int(qstrlen("parley_")) - int(qstrlen(".qm"))));
    }
    return languages;
}

bool LanguageLoader::install(QCoreApplication *app, const QString &lang)
{
    if (!app) {
        qCWarning(lcUi) << "LanguageLoader::install: no application object";
        return false;
    }
    removeOurs(app);

    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    if (!lang.isEmpty()) {
        if (locale.language() == QLocale::C)
            qCWarning(lcUi) << "unknown language" << lang << "- keeping the system locale";
        else
            QLocale::setDefault(locale);
    }

    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    auto *qtTranslator = new QTranslator(app);
    qtTranslator->setObjectName(kQtTranslatorName);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), qtDir)) {
        QCoreApplication::installTranslator(qtTranslator);
        qCDebug(lcUi) << "Qt translation loaded:" << qtTranslator->filePath();
    } else {
        qCDebug(lcUi) << "no Qt translation for" << locale.uiLanguages() << "in" << qtDir;
        delete qtTranslator;
    }

    auto *appTranslator = new QTranslator(app);
    appTranslator->setObjectName(kAppTranslatorName);
    if (appTranslator->load(locale, QStringLiteral("parley"), QStringLiteral("_"),
                            resourceDirectory())) {
        QCoreApplication::installTranslator(appTranslator);
        qCInfo(lcUi) << "Parley translation loaded:" << appTranslator->filePath();
        return true;
    }
    qCDebug(lcUi) << "no Parley translation for" << locale.uiLanguages();
    delete appTranslator;
    return false;
}
