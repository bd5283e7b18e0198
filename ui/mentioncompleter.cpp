#include "mentioncompleter.h"

#include "composer.h"
#include "membermodel.h"
#include "mentionfinder.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

MentionCompleter::MentionCompleter(Composer *composer, QAbstractItemModel *members, QObject *parent)
    : QObject(parent)
    , m_composer(composer)
    , m_completer(new QCompleter(members, this))
{
    m_completer->setCompletionRole(MemberModel::UsernameRole);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchStartsWith);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWidget(composer);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &MentionCompleter::insert);
    connect(composer, &QPlainTextEdit::textChanged, this, &MentionCompleter::update);
    connect(composer, &QPlainTextEdit::cursorPositionChanged, this, &MentionCompleter::update);
    composer->setMentionCompleter(this);
}

bool MentionCompleter::isPopupVisible() const
{
    return m_completer->popup() && m_completer->popup()->isVisible();
}

QString MentionCompleter::typedName(const QString &before)
{
    qsizetype at = before.size();
    while (at > 0 && MentionFinder::isNameChar(before.at(at - 1)) && before.size() - at < 64)
        --at;
    if (at == 0 || before.at(at - 1) != u'@')
        return {};
    // "@" must start a word: "mail@example" is no mention.
    if (at >= 2 && MentionFinder::isAsciiNameChar(before.at(at - 2)))
        return {};
    return before.mid(at).isNull() ? QStringLiteral("") : before.mid(at);
}

void MentionCompleter::update()
{
    QTextCursor cursor = m_composer->textCursor();
    const QString block = cursor.block().text();
    const QString name = typedName(block.left(cursor.positionInBlock()));
    if (name.isNull()) {
        m_completer->popup()->hide();
        return;
    }
    if (name != m_completer->completionPrefix())
        m_completer->setCompletionPrefix(name);
    if (m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = m_composer->cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
}

void MentionCompleter::insert(const QString &username)
{
    if (username.isEmpty())
        return;
    QTextCursor cursor = m_composer->textCursor();
    const QString typed = typedName(cursor.block().text().left(cursor.positionInBlock()));
    if (typed.isNull())
        return;
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, int(typed.size()));
    cursor.insertText(username + QLatin1Char(' '));
    m_composer->setTextCursor(cursor);
    m_completer->popup()->hide();
}
