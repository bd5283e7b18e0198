#pragma once
// ShortcutsHelp: F1's list of every keyboard shortcut of the window, in words.
//
// Why apart from ChatWindow: the list is words, kept in one place that is easy to check against
// the actions; the window only opens it.
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>

class QMessageBox;
class QWidget;

class ShortcutsHelp
{
    Q_DECLARE_TR_FUNCTIONS(ShortcutsHelp)

public:
    ShortcutsHelp() = delete;

    //! (keys, what they do), in the order shown.
    static QList<std::pair<QString, QString>> rows();
    //! Opens the list in a window-modal message box of \a parent (deleted when closed).
    static QMessageBox *open(QWidget *parent);
};
