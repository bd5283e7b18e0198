#pragma once
// LanguageLoader: puts Parley in the user's language.
//
// Two catalogues are needed: Qt's own (qtbase: the words inside standard dialogs, context menus of
// text fields, "OK"/"Cancel") and Parley's, which is embedded in the binary (:/i18n/parley_<lang>.qm)
// so a copied executable is never half translated.
#include <QString>
#include <QStringList>

class QCoreApplication;

class LanguageLoader
{
public:
    //! Installs Qt's qtbase translation (from QLibraryInfo::TranslationsPath) and Parley's
    //! embedded translation for \a lang (e.g. "zh_CN"; empty = the system locale's UI languages).
    //! A non-empty \a lang also becomes the default QLocale, so times and numbers follow it.
    //! Calling it again replaces what an earlier call installed. Returns whether Parley's own
    //! translation was loaded (false for English, Parley's source language, or an unknown one).
    static bool install(QCoreApplication *app, const QString &lang = {});

    //! Languages Parley ships a translation for, e.g. {"zh_CN"} (read from the resources).
    static QStringList availableLanguages();

    //! Where the embedded .qm files live.
    static QString resourceDirectory();
};
