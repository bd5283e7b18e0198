#include "shortcutshelp.h"

#include <QMessageBox>

QList<std::pair<QString, QString>> ShortcutsHelp::rows()
{
    return {
            {tr("Enter"), tr("send the message")},
            {tr("Shift+Enter"), tr("new line")},
            {tr("Ctrl+K"), tr("switch room (type a new name to join it)")},
            {tr("Ctrl+N"), tr("join or create a room")},
            {tr("Alt+Up, Alt+Down"), tr("previous, next room")},
            {tr("Ctrl+PgUp, Ctrl+PgDown"), tr("previous, next room")},
            {tr("Ctrl+F"), tr("search this room")},
            {tr("Ctrl+Shift+F"), tr("search all rooms")},
            {tr("Ctrl+Shift+M"), tr("show or hide the members")},
            {tr("Ctrl+Shift+U"), tr("send files (or drop them on the window, or paste an image)")},
            {tr("Ctrl+O"), tr("connect to another server")},
            {tr("Ctrl+C"), tr("copy the selected messages or text")},
            {tr("Up"), tr("edit your last message (in an empty composer)")},
            {tr("Ctrl+Up, Ctrl+Down"), tr("reply to an earlier, a later message")},
            {tr("Esc"), tr("stop replying or editing; close the search")},
            {tr("Menu key"), tr("links and more for the current message")},
            {tr("Tab"), tr("move between rooms, messages, composer and members")},
            {tr("Ctrl+Q"), tr("quit")},
    };
}

QMessageBox *ShortcutsHelp::open(QWidget *parent)
{
    // Our own words only, escaped all the same.
    QString table = QStringLiteral("<table cellspacing='4'>");
    for (const auto &[keys, what] : rows()) {
        table += QStringLiteral("<tr><td><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>")
                         .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    }
    table += QStringLiteral("</table>");
    auto *box = new QMessageBox(QMessageBox::Information, tr("Keyboard Shortcuts"), table,
                                QMessageBox::Close, parent);
    box->setObjectName(QStringLiteral("shortcutsBox"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return box;
}
