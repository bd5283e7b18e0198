#pragma once
// MentionCompleter: typing "@" and the start of a name in the composer offers the room's members
// (their usernames, which MentionFinder recognises); Enter or Tab takes one, Esc leaves it.
#include <QObject>

class Composer;
class QAbstractItemModel;
class QCompleter;

class MentionCompleter : public QObject
{
    Q_OBJECT
public:
    //! Completes in \a composer from \a members (a MemberModel: its UsernameRole). Not owned;
    //! \a composer consults isPopupVisible() before taking Enter, Tab and Esc itself.
    MentionCompleter(Composer *composer, QAbstractItemModel *members, QObject *parent = nullptr);

    bool isPopupVisible() const;
    QCompleter *completer() const { return m_completer; }
    //! The "@name" being typed before the cursor, without the "@"; null when there is none.
    static QString typedName(const QString &textBeforeCursor);

private:
    void update();
    void insert(const QString &username);

    Composer *m_composer;
    QCompleter *m_completer;
};
