#include "messageview.h"

#include "messageactions.h"

#include "logging.h"
#include "messagedelegate.h"
#include "messagetexts.h"
#include "messagemodel.h"
#include "rowlayoutcache.h"
#include "textselection.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QScrollBar>

#include <algorithm>
#include <utility>

namespace {

constexpr int kScrollStep = 20;      // px per wheel notch / arrow click (ScrollPerPixel)
constexpr int kMaxMenuLinks = 5;     // links of one message listed in a keyboard context menu
constexpr int kMenuUrlChars = 48;    // a URL in a menu entry is elided to about this many

QString elidedUrl(const QUrl &url)
{
    const QString text = url.toDisplayString();
    if (text.size() <= kMenuUrlChars)
        return text;
    const int half = kMenuUrlChars / 2;
    return text.left(half) + QChar(0x2026) + text.right(half - 1);
}

}  // namespace

MessageView::MessageView(QWidget *parent)
    : QListView(parent)
{
    m_delegate = new MessageDelegate(this);
    m_cache = new RowLayoutCache(m_delegate, this, this);
    // What QAbstractItemView does with a delegate's signal of that name (a queued relayout per
    // signal), for this view alone.
    connect(m_cache, &RowLayoutCache::sizeHintChanged, this, &MessageView::doItemsLayout,
            Qt::QueuedConnection);
    setItemDelegate(m_delegate);
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalScrollBar()->setSingleStep(kScrollStep);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setResizeMode(QListView::Adjust);
    // In list mode QListView lays out again on a width change only when it wraps text: without
    // this, narrowing the window would keep every row's old height.
    setWordWrap(true);
    setUniformItemSizes(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);  // the pointing hand over links
    viewport()->setAttribute(Qt::WA_Hover); // State_MouseOver: the hover buttons of a row

    m_selection = new TextSelection(this);
    connect(m_selection, &TextSelection::changed, this, [this](const QModelIndex &index) {
        viewport()->update(visualRect(index));
        updateCopyAction();
    });

    m_actions = new MessageActions(this);
    m_copyAction = new QAction(this);
    m_copyAction->setObjectName(QStringLiteral("copyAction"));
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setEnabled(false);
    connect(m_copyAction, &QAction::triggered, this, &MessageView::copySelection);
    addAction(m_copyAction);
    retranslate();
}

MessageView::~MessageView() = default;

void MessageView::setMessageDelegate(MessageDelegate *delegate)
{
    if (!delegate || delegate == m_delegate)
        return;
    m_delegate = delegate;
    m_cache->setDelegate(delegate);
    setItemDelegate(delegate);
}

void MessageView::setModel(QAbstractItemModel *model)
{
    // Only our own connections: QAbstractItemView's to the same model must stay.
    for (const QMetaObject::Connection &connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    m_anchor = {};
    markPositionsStale();
    QListView::setModel(model);
    if (!model)
        return;
    // Every change after which QListView lays out again.
    m_modelConnections
            << connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
                       &MessageView::markPositionsStale)
            << connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                       &MessageView::markPositionsStale)
            << connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this,
                       &MessageView::markPositionsStale)
            << connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this,
                       &MessageView::markPositionsStale)
            << connect(model, &QAbstractItemModel::modelAboutToBeReset, this,
                       &MessageView::markPositionsStale)
            // An edited (or deleted) message: the selected characters are not there any more.
            << connect(model, &QAbstractItemModel::dataChanged, this,
                       [this](const QModelIndex &first, const QModelIndex &last) {
                           const QModelIndex selected = m_selection->index();
                           if (selected.isValid() && selected.row() >= first.row()
                               && selected.row() <= last.row())
                               m_selection->clear();
                       });
}

void MessageView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    if (m_inLayout)
        return;  // the layout's own clamping, or restoreAnchor()
    if (!m_positionsStale) {
        // Positions are those of the last layout (a relayout for changed heights may be
        // posted): the row now at the top is the one to keep there. The anchored row moved with
        // the content first: indexAt() in refreshAnchor() may run that posted layout, whose
        // restoreAnchor() must keep this scroll, not undo it.
        const QScrollBar *bar = verticalScrollBar();
        m_anchor.atBottom = bar->value() >= bar->maximum() - kBottomSlack;
        m_anchor.top += dy;
        refreshAnchor();
        return;
    }
    // Positions were cleared: the anchored row moved with the content, by dy.
    const QScrollBar *bar = verticalScrollBar();
    m_anchor.atBottom = bar->value() >= bar->maximum() - kBottomSlack;
    m_anchor.top += dy;
}

void MessageView::refreshAnchor()
{
    const QScrollBar *bar = verticalScrollBar();
    m_anchor.atBottom = bar->value() >= bar->maximum() - kBottomSlack;
    const QModelIndex top = indexAt(QPoint(0, 0));
    m_anchor.index = top;
    m_anchor.top = top.isValid() ? visualRect(top).top() : 0;
}

void MessageView::primeVisibleRows()
{
    if (!model() || model()->rowCount(rootIndex()) == 0)
        return;
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const int rows = model()->rowCount(rootIndex());
    const int height = viewport()->height();
    const bool fromTop = !m_anchor.atBottom && m_anchor.index.isValid();
    // What will be visible: from the noted top row down, or at the end, from the last row up.
    int covered = fromTop ? m_anchor.top : 0;
    for (int row = fromTop ? m_anchor.index.row() : rows - 1; row >= 0 && row < rows;
         row += fromTop ? 1 : -1) {
        if (covered >= height)
            break;
        covered += m_cache->geometry(option, model()->index(row, 0, rootIndex())).size.height();
    }
}

void MessageView::doItemsLayout()
{
    if (m_inLayout) {  // a nested request (a position asked for while a layout was posted)
        QListView::doItemsLayout();
        return;
    }
    m_inLayout = true;
    primeVisibleRows();
    QListView::doItemsLayout();
    restoreAnchor();
    m_positionsStale = false;
    refreshAnchor();
    m_inLayout = false;
}

void MessageView::restoreAnchor()
{
    QScrollBar *bar = verticalScrollBar();
    if (m_anchor.atBottom) {
        bar->setValue(bar->maximum());
    } else if (m_anchor.index.isValid()) {
        const int moved = visualRect(m_anchor.index).top() - m_anchor.top;
        if (moved != 0)
            bar->setValue(bar->value() + moved);
    }
}

void MessageView::retranslate()
{
    setAccessibleName(tr("Messages"));
    setAccessibleDescription(tr("Arrow keys move between messages, Ctrl+C copies the selected "
                                "ones, the menu key shows links and more, Enter sends a message "
                                "that was not delivered again."));
    m_copyAction->setText(tr("Copy"));
    viewport()->update();  // the delegate asks tr() while painting
}

void MessageView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    // A new font or width is noticed by the cache itself (its keys): rows keep their
    // old heights as estimates until measured again, instead of a full re-measure in one go.
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        scheduleDelayedItemsLayout();
}

void MessageView::selectionChanged(const QItemSelection &selected,
                                   const QItemSelection &deselected)
{
    QListView::selectionChanged(selected, deselected);
    updateCopyAction();
}

void MessageView::updateCopyAction()
{
    m_copyAction->setEnabled(m_selection->hasSelection()
                             || (selectionModel() && selectionModel()->hasSelection()));
}

const TextSelection *MessageView::textSelection() const
{
    return m_selection;
}

QStyleOptionViewItem MessageView::itemOption(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return option;
}

QUrl MessageView::linkAt(const QPoint &pos) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return {};
    const QStyleOptionViewItem option = itemOption(index);
    return m_delegate->linkAt(option, index, pos - option.rect.topLeft());
}

QModelIndex MessageView::rowWhere(const QPoint &pos, Hit hit) const
{
    const QModelIndex index = indexAt(pos);
    if (!index.isValid())
        return {};
    const QStyleOptionViewItem option = itemOption(index);
    return (m_delegate->*hit)(option, index, pos - option.rect.topLeft()) ? index : QModelIndex();
}

QModelIndex MessageView::retryAt(const QPoint &pos) const
{
    return rowWhere(pos, &MessageDelegate::isRetryAt);
}

QModelIndex MessageView::showMoreAt(const QPoint &pos) const
{
    return rowWhere(pos, &MessageDelegate::isMoreAt);
}

bool MessageView::showMore(const QModelIndex &index)
{
    return index.isValid() && m_cache->showMore(itemOption(index), index);
}

MessageView::Target MessageView::targetAt(const QPoint &pos) const
{
    Target target;
    const QModelIndex row = indexAt(pos);
    const QStyleOptionViewItem option = row.isValid() ? itemOption(row) : QStyleOptionViewItem();
    const auto button = row.isValid() ? m_delegate->hoverButtonAt(option, row, pos - option.rect.topLeft())
                                      : MessageDelegate::HoverButton::None;
    if (button != MessageDelegate::HoverButton::None) {
        target.kind = button == MessageDelegate::HoverButton::Reply ? Target::Kind::HoverReply
                                                                    : Target::Kind::HoverReact;
        target.index = row;
    } else if (const QModelIndex retry = retryAt(pos); retry.isValid()) {
        target.kind = Target::Kind::Retry;
        target.index = retry;
    } else if (const QModelIndex more = showMoreAt(pos); more.isValid()) {
        target.kind = Target::Kind::ShowMore;
        target.index = more;
    } else if (const QModelIndex preview = rowWhere(pos, &MessageDelegate::isPreviewAt); preview.isValid()) {
        target.kind = Target::Kind::Preview;
        target.index = preview;
    } else if (const FileCard::Hit hit = row.isValid() ? m_delegate->fileCardHitAt(option, row, pos - option.rect.topLeft())
                                                       : FileCard::Hit::None;
               hit != FileCard::Hit::None) {
        target.kind = hit == FileCard::Hit::Save ? Target::Kind::FileSave : Target::Kind::FileOpen;
        target.index = row;
    } else if (const QModelIndex reply = rowWhere(pos, &MessageDelegate::isReplyAt); reply.isValid()) {
        target.kind = Target::Kind::Reply;
        target.index = reply;
    } else if (const QUrl url = linkAt(pos); !url.isEmpty()) {
        target.kind = Target::Kind::Link;
        target.index = indexAt(pos);
        target.url = url;
    }
    return target;
}

void MessageView::activate(const Target &target)
{
    switch (target.kind) {
    case Target::Kind::Link:
        // LinkFinder::findLinks() yields nothing else; checked again where the URL leaves the view.
        if (LinkFinder::isOpenable(target.url)) {
            qCDebug(lcUi) << "link activated:" << target.url.toDisplayString();
            Q_EMIT linkActivated(target.url);
        }
        break;
    case Target::Kind::Retry:
        requestRetry(target.index);
        break;
    case Target::Kind::ShowMore:
        showMore(target.index);
        break;
    case Target::Kind::Reply:
        Q_EMIT replyQuoteActivated(target.index.data(MessageModel::ReplyToRole).toLongLong());
        break;
    case Target::Kind::Preview:
        Q_EMIT previewActivated(target.index.data(MessageModel::FileRole).value<FileRef>());
        break;
    case Target::Kind::FileOpen:
        Q_EMIT m_actions->openFileRequested(target.index.data(MessageModel::FileRole).value<FileRef>());
        break;
    case Target::Kind::FileSave:
        Q_EMIT m_actions->saveFileRequested(target.index.data(MessageModel::FileRole).value<FileRef>());
        break;
    case Target::Kind::HoverReply:
        Q_EMIT m_actions->replyRequested(target.index.data(MessageModel::SeqRole).toLongLong());
        break;
    case Target::Kind::HoverReact: {
        const QPoint button = visualRect(target.index).topLeft()
                + MessageDelegate::hoverButtonRect(m_delegate->geometry(itemOption(target.index), target.index),
                                                   target.index.data(MessageModel::OwnRole).toBool(),
                                                   MessageDelegate::HoverButton::React).bottomLeft();
        m_actions->showPicker(target.index.data(MessageModel::SeqRole).toLongLong(),
                              viewport()->mapToGlobal(button), this);
        break;
    }
    case Target::Kind::None:
        break;
    }
}

void MessageView::requestRetry(const QModelIndex &index)
{
    if (!index.isValid() || !MessageDelegate::isRetryable(index))
        return;
    const QString clientId = index.data(MessageModel::ClientIdRole).toString();
    qCDebug(lcUi) << "retry requested for" << clientId;
    Q_EMIT retryRequested(clientId);
}

void MessageView::copyLink(const QUrl &url)
{
    QApplication::clipboard()->setText(url.toString());
}

QString MessageView::selectedText() const
{
    if (m_selection->hasSelection())
        return m_selection->text();
    if (!selectionModel())
        return {};
    QModelIndexList rows = selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList parts;
    for (const QModelIndex &index : std::as_const(rows)) {
        const QString text = index.data(MessageModel::TextRole).toString();
        parts.append(rows.size() == 1
                             ? text
                             : tr("%1: %2").arg(MessageTexts::senderText(index), text));
    }
    return parts.join(QLatin1Char('\n'));
}

void MessageView::copySelection()
{
    if (!m_selection->hasSelection() && (!selectionModel() || !selectionModel()->hasSelection()))
        return;
    QApplication::clipboard()->setText(selectedText());
}

QMenu *MessageView::createContextMenu(const QPoint &pos, bool fromKeyboard)
{
    auto *menu = new QMenu(this);
    const QModelIndex index = fromKeyboard ? currentIndex() : indexAt(pos);
    // Like a file manager: the menu acts on the message under the pointer; if it is not part
    // of the selection it becomes the selection.
    // Selected text of this message stays what "Copy" copies.
    const bool textSelected = m_selection->hasSelection() && m_selection->index() == index;
    if (!textSelected)
        m_selection->clear();
    if (index.isValid() && selectionModel() && !selectionModel()->isSelected(index) && !textSelected) {
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    }
    updateCopyAction();
    menu->addAction(m_copyAction);

    // Each link of the message by its address, the one under the pointer first.
    QList<QUrl> urls;
    if (const QUrl url = fromKeyboard ? QUrl() : linkAt(pos); !url.isEmpty())
        urls.append(url);
    if (index.isValid()) {
        const QList<LinkFinder::Link> links = m_delegate->links(itemOption(index), index);
        for (const LinkFinder::Link &link : links) {
            if (urls.size() < kMaxMenuLinks && !urls.contains(link.url))
                urls.append(link.url);
        }
    }
    if (!urls.isEmpty())
        menu->addSeparator();
    for (const QUrl &url : std::as_const(urls)) {
        const bool one = urls.size() == 1;
        QAction *open = menu->addAction(one ? tr("Open Link")
                                            : tr("Open %1").arg(elidedUrl(url)));
        open->setObjectName(QStringLiteral("openLinkAction"));
        connect(open, &QAction::triggered, this, [this, url] {
            activate(Target{Target::Kind::Link, {}, url});
        });
        QAction *copy = menu->addAction(one ? tr("Copy Link")
                                            : tr("Copy %1").arg(elidedUrl(url)));
        copy->setObjectName(QStringLiteral("copyLinkAction"));
        connect(copy, &QAction::triggered, this, [this, url] { copyLink(url); });
    }

    if (index.isValid() && m_delegate->canShowMore(itemOption(index), index)) {
        menu->addSeparator();
        QAction *more = menu->addAction(tr("Show More"));
        more->setObjectName(QStringLiteral("showMoreAction"));
        const QPersistentModelIndex target(index);
        connect(more, &QAction::triggered, this, [this, target] { showMore(target); });
    }

    m_actions->addTo(menu, index, this); // Reply, React, Edit, Delete where the server has them

    if (index.isValid() && MessageDelegate::isRetryable(index)) {
        menu->addSeparator();
        QAction *retry = menu->addAction(tr("Retry Sending"));
        retry->setObjectName(QStringLiteral("retryAction"));
        const QPersistentModelIndex target(index);
        connect(retry, &QAction::triggered, this, [this, target] { requestRetry(target); });
    }
    return menu;
}

void MessageView::contextMenuEvent(QContextMenuEvent *event)
{
    const bool fromKeyboard = event->reason() == QContextMenuEvent::Keyboard;
    QPoint globalPos = event->globalPos();
    if (fromKeyboard && currentIndex().isValid())
        globalPos = viewport()->mapToGlobal(visualRect(currentIndex()).center());
    QMenu *menu = createContextMenu(event->pos(), fromKeyboard);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(globalPos);
    event->accept();
}

void MessageView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::LeftButton) {
        m_pressed = targetAt(pos);
        if (m_pressed.kind != Target::Kind::None) {
            // A click on a link opens it; it does not also select the message.
            event->accept();
            return;
        }
        // On a body, with no modifier: selecting text. Shift/Ctrl select whole messages.
        if (event->modifiers() == Qt::NoModifier ? !m_selection->press(pos) : true)
            m_selection->clear();
    } else if (event->button() == Qt::RightButton && m_selection->index() != indexAt(pos)) {
        m_selection->clear();
    }
    QListView::mousePressEvent(event);
}

void MessageView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && event->modifiers() == Qt::NoModifier
        && m_selection->selectWordAt(event->position().toPoint())) {
        if (selectionModel())
            selectionModel()->clearSelection(); // the word is what is selected
        event->accept();
        return;
    }
    QListView::mouseDoubleClickEvent(event);
}

void MessageView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_pressed.kind != Target::Kind::None) {
        const Target pressed = m_pressed;
        m_pressed = {};
        // Released elsewhere: the user changed their mind.
        if (targetAt(event->position().toPoint()) == pressed)
            activate(pressed);
        event->accept();
        return;
    }
    const bool selecting = m_selection->isPressed();
    QListView::mouseReleaseEvent(event);
    if (selecting && m_selection->release() && m_selection->hasSelection() && selectionModel())
        selectionModel()->clearSelection(); // the characters are what is selected, not the row
}

void MessageView::mouseMoveEvent(QMouseEvent *event)
{
    updateCursor(event->position().toPoint());
    if (m_pressed.kind != Target::Kind::None) {
        event->accept();  // no rubber-band selection from a pressed link
        return;
    }
    if (m_selection->move(event->position().toPoint())) {
        event->accept();  // selecting characters, not rows
        return;
    }
    QListView::mouseMoveEvent(event);
}

void MessageView::leaveEvent(QEvent *event)
{
    viewport()->unsetCursor();
    QListView::leaveEvent(event);
}

void MessageView::updateCursor(const QPoint &pos)
{
    const QModelIndex index = indexAt(pos);
    const QStyleOptionViewItem option = index.isValid() ? itemOption(index) : QStyleOptionViewItem();
    if (targetAt(pos).kind != Target::Kind::None)
        viewport()->setCursor(Qt::PointingHandCursor);
    else if (m_selection->isPressed()
             || (index.isValid() && m_delegate->isTextAt(option, index, pos - option.rect.topLeft())))
        viewport()->setCursor(Qt::IBeamCursor);
    else
        viewport()->unsetCursor();
}

void MessageView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && event->modifiers() == Qt::NoModifier && MessageDelegate::isRetryable(currentIndex())) {
        requestRetry(currentIndex());
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_F10 && event->modifiers() == Qt::ShiftModifier) {
        // The other context-menu key, for keyboards without a menu key.
        const QPoint pos = currentIndex().isValid() ? visualRect(currentIndex()).center()
                                                    : QPoint();
        QContextMenuEvent menuEvent(QContextMenuEvent::Keyboard, pos,
                                    viewport()->mapToGlobal(pos));
        contextMenuEvent(&menuEvent);
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}
