#pragma once
// MessageView: the conversation as a list of MessageDelegate bubbles, with what people do to
// messages: click a link, retry a message that was not delivered, select and copy, all of it
// from the keyboard too.
//
// Why it owns a RowLayoutCache: the measured rows belong to the view (their width, its font),
// not to the delegate, which may serve several views; the view also knows which rows are about
// to be visible and has them measured first (doItemsLayout()).
//
// Why it anchors: rows above the viewport can change height (messages inserted above, heights
// that were estimated during a burst and measured later, see RowLayoutCache). QListView keeps the
// scroll offset in pixels, so the messages being read would jump. The view always knows whether
// it is at the end of the conversation, and otherwise which message is at the top and where
// (noted after each layout and each scroll); after a relayout it puts that message back in its
// place, or stays at the end.
//
// Why "Show more" is the view's own business: how much of a long message shows belongs to
// this view (its cache measures it), not to the model or the other views of the room.
//
// Why the view does not act itself: opening a URL and sending again are the window's business
// (it knows the desktop and the ChatClient); the view only says what the user asked for, through
// linkActivated() and retryRequested(). Tests observe those signals, nothing leaves the process,
// and the UI never talks to the network (ARCHITECTURE.md).
#include "fileref.h"

#include <QListView>
#include <QPersistentModelIndex>
#include <QUrl>

class MessageActions;
class MessageDelegate;
class RowLayoutCache;
class TextSelection;
class QAction;
class QMenu;

class MessageView : public QListView
{
    Q_OBJECT
public:
    //! Pixels from the end of the conversation that still count as "at the end": a reader there
    //! keeps following new messages (the view's anchor, ChatWindow's scrolling and the position
    //! it remembers per room all decide with it).
    static constexpr int kBottomSlack = 4;

    explicit MessageView(QWidget *parent = nullptr);
    ~MessageView() override;

    //! The delegate that composes, paints and hit-tests the rows (the view's own unless
    //! setMessageDelegate() gave it another).
    MessageDelegate *messageDelegate() const { return m_delegate; }
    //! Reply, React, Edit, Delete in the context menu; the pane acts on their requests.
    MessageActions *messageActions() const { return m_actions; }
    //! Paints with \a delegate, which may serve other views too; this view keeps measuring into
    //! its own layoutCache(). The view does not take ownership; its own delegate stays its child.
    void setMessageDelegate(MessageDelegate *delegate);
    //! This view's measured rows and measuring budget (owned by the view).
    RowLayoutCache *layoutCache() const { return m_cache; }

    //! The style option the delegate is given for \a index, its rect in viewport coordinates:
    //! what delegate geometry (links, Retry) is measured with. For hit tests and tests.
    QStyleOptionViewItem itemOption(const QModelIndex &index) const;
    //! The http(s) link at \a pos (viewport coordinates), or an empty URL.
    QUrl linkAt(const QPoint &pos) const;
    //! The Failed own message whose "Retry" is at \a pos (viewport coordinates), or an invalid
    //! index.
    QModelIndex retryAt(const QPoint &pos) const;
    //! The message shown in part whose "Show more" is at \a pos (viewport coordinates), or an
    //! invalid index.
    QModelIndex showMoreAt(const QPoint &pos) const;
    //! Shows more of \a index (a click on its "Show more", or the context menu's "Show More"):
    //! MessageClip::next() of it, laid out again. False when there is no more it can show.
    bool showMore(const QModelIndex &index);

    //! The characters selected with the mouse in one message (press and drag over its text, or
    //! a double click on a word); painted by the delegate.
    const TextSelection *textSelection() const;
    //! The selected text: the characters selected in one message, else the selected messages
    //! in display order, one message's text alone or "sender: text" per line for several.
    QString selectedText() const;
    //! Puts selectedText() on the clipboard (Ctrl+C, the context menu's "Copy").
    void copySelection();

    //! The context menu for the message at \a pos (viewport coordinates), or for the current
    //! message when \a fromKeyboard: Copy; Open / Copy for each of the message's links by its
    //! address (the one under the pointer first); Retry for a Failed own message;
    //! Show More for a message shown in part.
    //! The caller owns the menu; contextMenuEvent() runs it. Separate so tests can look inside.
    QMenu *createContextMenu(const QPoint &pos, bool fromKeyboard = false);

    void setModel(QAbstractItemModel *model) override;
    //! Measures the rows about to be visible first (exactly, whatever the cache's budget),
    //! lays out, then restores the reading position noted before the change.
    void doItemsLayout() override;
    //! Whether the view was at the end of the conversation when it last laid out or scrolled
    //! (it stays there through relayouts).
    bool isAtEnd() const { return m_anchor.atBottom; }

Q_SIGNALS:
    //! The user clicked (or chose from the menu) the http(s) link \a url. ChatWindow opens it
    //! with QDesktopServices.
    void linkActivated(const QUrl &url);
    //! The user asked to send the Failed own message \a clientId again (its "Retry", the menu,
    //! or Enter on it). ChatWindow passes it to ChatClient::retry().
    void retryRequested(const QString &clientId);
    //! The user clicked the quoted line of an answer: show the message \a seq it answers.
    void replyQuoteActivated(qint64 seq);
    //! The user clicked an image's thumbnail: show \a file whole (the pane's ImageViewer).
    void previewActivated(const FileRef &file);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    void selectionChanged(const QItemSelection &selected,
                          const QItemSelection &deselected) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    //! What a click at one place does.
    struct Target
    {
        enum class Kind { None, Link, Retry, ShowMore, Reply, HoverReply, HoverReact, Preview, FileOpen, FileSave };
        Kind kind = Kind::None;
        QPersistentModelIndex index;
        QUrl url;
        bool operator==(const Target &other) const
        {
            return kind == other.kind && index == other.index && url == other.url;
        }
    };
    Target targetAt(const QPoint &pos) const;
    //! A delegate hit test of one row (row-relative point).
    using Hit = bool (MessageDelegate::*)(const QStyleOptionViewItem &, const QModelIndex &,
                                          const QPoint &) const;
    //! The row at \a pos (viewport coordinates) if \a hit says yes there, else an invalid index.
    QModelIndex rowWhere(const QPoint &pos, Hit hit) const;
    void activate(const Target &target);
    void requestRetry(const QModelIndex &index);
    void copyLink(const QUrl &url);
    void updateCursor(const QPoint &pos);
    void retranslate();
    void updateCopyAction();
    //! Notes the reading position from the current (valid) layout.
    void refreshAnchor();
    //! The model changed: QListView cleared its row positions until it lays out again, so the
    //! anchor cannot be read from them meanwhile.
    void markPositionsStale() { m_positionsStale = true; }
    void primeVisibleRows();
    void restoreAnchor();

    MessageDelegate *m_delegate = nullptr;
    RowLayoutCache *m_cache = nullptr;
    QAction *m_copyAction = nullptr;
    MessageActions *m_actions = nullptr;
    TextSelection *m_selection = nullptr;
    Target m_pressed;  //!< a link or Retry pressed and not yet released
    struct Anchor
    {
        bool atBottom = true;         //!< a conversation opens at its end
        QPersistentModelIndex index;  //!< the row at the top of the viewport
        int top = 0;                  //!< its top, in viewport coordinates
    };
    Anchor m_anchor;
    bool m_positionsStale = true;
    bool m_inLayout = false;
    QList<QMetaObject::Connection> m_modelConnections;
};
