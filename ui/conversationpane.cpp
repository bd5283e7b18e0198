#include "conversationpane.h"

#include "chatclient.h"
#include "composer.h"
#include "composercontext.h"
#include "fileactions.h"
#include "imagepreviews.h"
#include "membermodel.h"
#include "mentioncompleter.h"
#include "messageactions.h"
#include "logging.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messageview.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"
#include "attachbutton.h"
#include "typingindicator.h"

#include <QDesktopServices>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QEvent>
#include <QGuiApplication>
#include <QWindow>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>

ConversationPane::ConversationPane(SessionModels *models, QWidget *parent)
    : QWidget(parent)
    , m_models(models)
    , m_client(models->client())
{
    setObjectName(QStringLiteral("conversationPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // Links and Retry are the view's to notice and the pane's to act on: the view never opens
    // anything or talks to the network.
    m_view = new MessageView(this);
    m_view->setObjectName(QStringLiteral("messageView"));
    connect(m_view, &MessageView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_view, &MessageView::replyQuoteActivated, this, &ConversationPane::showMessage);
    connect(m_view, &MessageView::retryRequested, this, [this](const QString &clientId) {
        if (m_client)
            m_client->retry(clientId);
    });
    // Scrolling back to the top pages in older messages; the view keeps the reading position.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &ConversationPane::scheduleLoadOlder);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &ConversationPane::scheduleLoadOlder);
    layout->addWidget(m_view, 1);
    // While one reads above, a button over the view's corner goes to the newest message and says
    // how many arrived meanwhile.
    m_jumpButton = new QToolButton(m_view);
    m_jumpButton->setObjectName(QStringLiteral("jumpToLatestButton"));
    m_jumpButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_jumpButton->hide();
    connect(m_jumpButton, &QToolButton::clicked, this, [this] {
        m_view->scrollToBottom();
        m_newBelow = 0;
        updateJumpButton();
    m_seenTimer.start();
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &ConversationPane::updateJumpButton);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &ConversationPane::updateJumpButton);
    m_view->installEventFilter(this);
    m_seenTimer.setSingleShot(true);
    m_seenTimer.setInterval(0);
    connect(&m_seenTimer, &QTimer::timeout, this, &ConversationPane::noteSeen);
    const auto seen = [this] { m_seenTimer.start(); };
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, seen);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, seen);
    connect(qApp, &QGuiApplication::focusWindowChanged, this, seen);

    // Who is typing (or, without a room, why one cannot write).
    m_typing = new TypingIndicator(this);
    m_typing->connectClient(m_client);
    if (m_client) // the server says how long a message may be when the link comes up
        connect(m_client, &ChatClient::readyChanged, this, &ConversationPane::updateComposerState);
    m_typing->setContentsMargins(10, 2, 10, 2);
    layout->addWidget(m_typing);
    // Untrusted or not, nothing here is shown as rich text.
    m_composerNotice = new QLabel(this);
    m_composerNotice->setObjectName(QStringLiteral("composerNotice"));
    m_composerNotice->setTextFormat(Qt::PlainText);
    m_composerNotice->setWordWrap(true);
    m_composerNotice->setContentsMargins(10, 2, 10, 2);
    m_composerNotice->hide();
    layout->addWidget(m_composerNotice);

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(8, 8, 8, 8);
    m_context = new ComposerContext(this);
    layout->addWidget(m_context);
    connect(m_context, &ComposerContext::cancelled, this, &ConversationPane::cancelContext);
    m_composer = new Composer(bottom);
    m_composer->setObjectName(QStringLiteral("composer"));
    m_sendButton = new QPushButton(bottom);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setIcon(QIcon::fromTheme(QStringLiteral("document-send")));
    // Files: the attach button (Ctrl+Shift+U), a drop anywhere on the pane, a paste.
    m_files = new FileActions(m_client, this);
    m_attachButton = new AttachButton(this, bottom);
    connect(m_attachButton, &AttachButton::attachRequested, this, [this] {
        if (m_files->available() && !m_room.isEmpty())
            m_files->chooseAndSend(m_room, takeCaption());
    });
    connect(m_composer, &Composer::filesPasted, this, &ConversationPane::sendFiles);
    setAcceptDrops(true);
    MessageActions *fileMenu = m_view->messageActions();
    connect(fileMenu, &MessageActions::openFileRequested, m_files, &FileActions::open);
    connect(fileMenu, &MessageActions::saveFileRequested, m_files, &FileActions::saveAs);
    connect(fileMenu, &MessageActions::cancelFileRequested, this, [this](const QString &clientId) {
        if (m_client)
            m_client->cancelFile(clientId);
    });
    // Thumbnails of images, made as their rows are painted; a click shows one whole.
    auto *previews = new ImagePreviews(m_client, m_view);
    connect(previews, &ImagePreviews::changed, m_view->viewport(), qOverload<>(&QWidget::update));
    connect(m_view, &MessageView::previewActivated, m_files, &FileActions::showImage);
    bottomLayout->addWidget(m_attachButton, 0, Qt::AlignBottom);
    bottomLayout->addWidget(m_composer, 1);
    bottomLayout->addWidget(m_sendButton, 0, Qt::AlignBottom);
    layout->addWidget(bottom);
    new MentionCompleter(m_composer, m_models->members(), this); // "@" offers the room's members
    connect(m_composer, &Composer::sendRequested, this, &ConversationPane::send);
    connect(m_composer, &Composer::editLastRequested, this, &ConversationPane::editLast);
    connect(m_composer, &Composer::cancelRequested, this, &ConversationPane::cancelContext);
    connect(m_composer, &Composer::replyStepRequested, this, &ConversationPane::stepReply);
    MessageActions *actions = m_view->messageActions();
    connect(actions, &MessageActions::replyRequested, this, &ConversationPane::startReply);
    connect(actions, &MessageActions::editRequested, this, &ConversationPane::startEdit);
    connect(actions, &MessageActions::deleteRequested, this, &ConversationPane::confirmDelete);
    connect(actions, &MessageActions::reactionRequested, this, [this](qint64 seq, const QString &emoji, bool on) {
        if (m_client && !m_room.isEmpty())
            m_client->react(m_room, seq, emoji, on);
    });
    connect(m_composer, &QPlainTextEdit::textChanged, this, &ConversationPane::onComposerChanged);
    connect(m_sendButton, &QPushButton::clicked, m_composer, &Composer::submit);
    setTabOrder(m_view, m_composer);
    setTabOrder(m_composer, m_sendButton);

    // The list holds each room's draft; the composer shows the room's. A draft set from outside
    // (restored from the settings) reaches the composer too.
    connect(m_models->rooms(), &QAbstractItemModel::dataChanged, this, &ConversationPane::onDraftsChanged);

    m_loadOlderTimer.setSingleShot(true);
    m_loadOlderTimer.setInterval(0);
    connect(&m_loadOlderTimer, &QTimer::timeout, this, &ConversationPane::loadOlder);

    retranslate();
}

ConversationPane::~ConversationPane()
{
    // The view must not outlive the model it shows.
    m_view->setModel(nullptr);
}

void ConversationPane::retranslate()
{
    m_sendButton->setText(tr("Send"));
    m_sendButton->setToolTip(tr("Send the message (Enter)"));
    m_sendButton->setAccessibleName(tr("Send message"));
    m_composerNotice->setAccessibleName(tr("Why you cannot write"));
    updateComposerState();
}

void ConversationPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslate();
        break;
    case QEvent::FontChange:
    case QEvent::StyleChange:
        m_view->messageDelegate()->clearCache();
        m_view->doItemsLayout();
        break;
    default:
        break;
    }
}

void ConversationPane::updateComposerState()
{
    // Offline is no reason: messages wait in the outbox. No room to write to is, and a text over
    // what the server takes (it would be refused; the draft stays to be shortened).
    const bool inRoom = !m_room.isEmpty();
    const qsizetype length = m_composer->document()->characterCount() - 1; // without the final paragraph end
    const qsizetype maxLength = m_client ? m_client->maxTextLength() : ChatClient::kMaxTextLength;
    const bool tooLong = inRoom && length > maxLength;
    if (m_client) {
        const Identity me = m_client->identity();
        m_view->messageActions()->setAvailable(m_client->hasConversations(), me.userId, me.admin);
        // Said only once the link says what the server is (offline, the last one is kept).
        if (m_client->isReady())
            m_composer->setConversationsAvailable(m_client->hasConversations());
    }
    m_composer->setEnabled(inRoom);
    m_sendButton->setEnabled(inRoom && !tooLong);
    // Where the server takes no files, nothing offers to send one.
    const bool files = inRoom && m_files->available();
    m_attachButton->setOffered(files);
    m_composer->setFilesAccepted(files);
    m_typing->setVisible(inRoom);
    m_composerNotice->setVisible(!inRoom || tooLong);
    if (!inRoom) {
        m_composerNotice->setText(tr("You are not in any room. Join or create one to write (Ctrl+N)."));
    } else if (tooLong) {
        const QLocale locale;
        m_composerNotice->setText(tr("Too long to send: %1 characters, this server takes at most %2.")
                                          .arg(locale.toString(length), locale.toString(maxLength)));
    }
}

void ConversationPane::showRoom(const QString &room)
{
    MessageModel *model = room.isEmpty() ? nullptr : m_models->modelFor(room);
    if (!room.isEmpty() && !model)
        return; // not joined
    if (room == m_room && m_view->model() == model)
        return;

    if (m_context->mode() == ComposerContext::Mode::Edit)
        cancelContext(); // the draft, not the message being edited, is what the room keeps
    m_context->clear();
    if (!m_room.isEmpty() && m_view->model()) {
        saveDraft();
        // Where the reader was, to come back to it.
        ReadingPosition position;
        position.atBottom = m_view->isAtEnd();
        position.top = m_view->indexAt(QPoint(0, 0));
        m_positions.insert(m_room, position);
    }

    disconnect(m_rowsConnection);
    if (auto *previous = shownModel())
        previous->setUnreadLineAfter(0); // the line was for that visit
    m_room = room;
    m_newBelow = 0;
    m_wantedSeq = 0;
    m_view->setModel(model);
    if (model) {
        m_rowsConnection = connect(model, &QAbstractItemModel::rowsInserted, this,
                                   &ConversationPane::followOwnRows);
        // Opened with unread messages: the first of them under a "New messages" line, at the
        // top of the view (paging them in from the store if needed); else where one was.
        model->setUnreadLineAfter(m_models->rooms()->unreadLineAfter(room));
        int firstUnread = model->firstUnreadRow();
        for (int page = 0; model->unreadLineAfter() > 0 && firstUnread < 0 && page < kMaxUnreadPages
             && model->loadOlder() > 0;
             ++page)
            firstUnread = model->firstUnreadRow();
        // The line's row may be the oldest one loaded while older unread ones are not: show the
        // line above the oldest unread message that is there.
        const ReadingPosition position = m_positions.value(room);
        if (firstUnread >= 0)
            m_view->scrollTo(model->index(firstUnread), QAbstractItemView::PositionAtTop);
        else if (position.atBottom || !position.top.isValid())
            m_view->scrollToBottom();
        else
            m_view->scrollTo(position.top, QAbstractItemView::PositionAtTop);
    }
    updateJumpButton();

    loadDraft(room.isEmpty() ? QString() : m_models->rooms()->draft(room));
    m_typing->setRoom(room);
    updateComposerState();
    scheduleLoadOlder();
}

void ConversationPane::forgetRoom(const QString &room)
{
    m_positions.remove(room);
}

void ConversationPane::loadDraft(const QString &text)
{
    m_loadingDraft = true;
    m_composer->setPlainText(text);
    m_composer->moveCursor(QTextCursor::End);
    m_loadingDraft = false;
}

void ConversationPane::onDraftsChanged(const QModelIndex &first, const QModelIndex &last,
                                       const QList<int> &roles)
{
    const int row = m_models->rooms()->rowOf(m_room);
    if (!roles.contains(RoomListModel::DraftRole) || row < first.row() || row > last.row())
        return;
    const QString draft = m_models->rooms()->draft(m_room);
    if (draft != m_composer->toPlainText())
        loadDraft(draft);
}

void ConversationPane::saveDraft()
{
    if (!m_room.isEmpty())
        m_models->rooms()->setDraft(m_room, m_composer->toPlainText());
}

void ConversationPane::onComposerChanged()
{
    updateComposerState();
    if (m_loadingDraft || m_room.isEmpty() || m_context->mode() == ComposerContext::Mode::Edit)
        return;
    const QString text = m_composer->toPlainText();
    m_models->rooms()->setDraft(m_room, text);
    // Typing, not clearing after sending: ChatClient sends at most one per typingThrottle.
    if (!text.trimmed().isEmpty() && m_client)
        m_client->notifyTyping(m_room);
}

void ConversationPane::send(const QString &text)
{
    if (!m_client || m_room.isEmpty())
        return;
    const ComposerContext::Mode mode = m_context->mode();
    const qint64 seq = m_context->seq();
    if (mode == ComposerContext::Mode::Edit) {
        MessageModel *model = shownModel();
        const int row = model ? model->rowOfSeq(seq) : -1;
        const bool changed = row < 0 || model->messageAt(row).text != text;
        if (changed && m_client->editMessage(m_room, seq, text).isEmpty()) {
            m_composer->setPlainText(text); // refused here (too long…): said why; not lost
            return;
        }
        cancelContext(); // back to the draft
        return;
    }
    m_context->clear();
    const QString id = m_client->sendMessage(m_room, text, mode == ComposerContext::Mode::Reply ? seq : 0);
    if (id.isEmpty()) {
        // Refused (too long…): ChatClient said why through errorOccurred. Give the text back
        // rather than lose it.
        qCInfo(lcUi) << "message not accepted by the client; returning it to the composer";
        if (m_composer->toPlainText().isEmpty())
            m_composer->setPlainText(text);
    }
}

void ConversationPane::noteSeen()
{
    MessageModel *model = shownModel();
    if (!model || !m_client || !m_models->rooms()->isCurrentRoomVisible() || !window()->isActiveWindow()) {
        qCDebug(lcUi) << "not marking read: room shown" << (model != nullptr) << "visible"
                      << m_models->rooms()->isCurrentRoomVisible() << "active" << window()->isActiveWindow();
        return;
    }
    // The newest message whose row is (at least partly) visible.
    const QRect area = m_view->viewport()->rect();
    QModelIndex index = m_view->indexAt(QPoint(area.left() + 1, area.bottom() - 1));
    if (!index.isValid())
        index = model->index(model->rowCount() - 1);
    for (int row = index.row(); row >= 0 && row > index.row() - kEditLastRows; --row) {
        const qint64 seq = model->index(row).data(MessageModel::SeqRole).toLongLong();
        if (seq > 0) {
            qCDebug(lcUi) << "seen up to" << seq << "in" << m_room;
            m_client->markRead(m_room, seq);
            return;
        }
    }
}

void ConversationPane::updateJumpButton()
{
    const bool atEnd = !m_view->model() || m_view->isAtEnd();
    if (atEnd)
        m_newBelow = 0;
    m_jumpButton->setText(m_newBelow > 0 ? tr("%n new ↓", "", m_newBelow) : tr("Jump to latest ↓"));
    m_jumpButton->setToolTip(tr("Go to the newest message"));
    m_jumpButton->setAccessibleName(m_jumpButton->toolTip());
    m_jumpButton->adjustSize();
    const QRect area = m_view->viewport()->geometry();
    m_jumpButton->move(area.right() - m_jumpButton->width() - kJumpButtonMargin,
                       area.bottom() - m_jumpButton->height() - kJumpButtonMargin);
    m_jumpButton->setVisible(!atEnd);
    m_jumpButton->raise();
}

QString ConversationPane::takeCaption()
{
    // What was written goes with the files, as the first one's caption.
    const QString caption = Composer::normalized(m_composer->toPlainText());
    if (!caption.isEmpty())
        m_composer->clear();
    return caption;
}

int ConversationPane::sendFiles(const QMimeData *data)
{
    if (m_room.isEmpty() || !m_files->available())
        return 0;
    return m_files->sendMimeData(m_room, data, takeCaption());
}

void ConversationPane::dragEnterEvent(QDragEnterEvent *event)
{
    if (!m_room.isEmpty() && m_files->available() && FileActions::carriesFiles(event->mimeData()))
        event->acceptProposedAction();
}

void ConversationPane::dropEvent(QDropEvent *event)
{
    if (sendFiles(event->mimeData()) > 0)
        event->acceptProposedAction();
}

bool ConversationPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        updateJumpButton();
    return QWidget::eventFilter(watched, event);
}

MessageModel *ConversationPane::shownModel() const
{
    return qobject_cast<MessageModel *>(m_view->model());
}

void ConversationPane::startReply(qint64 seq)
{
    MessageModel *model = shownModel();
    const int row = model ? model->rowOfSeq(seq) : -1;
    if (row < 0 || !m_view->messageActions()->isAvailable())
        return;
    if (m_context->mode() == ComposerContext::Mode::Edit)
        cancelContext();
    m_context->reply(seq, MessageModel::excerptOf(model->messageAt(row)));
    m_composer->setFocus();
}

void ConversationPane::startEdit(qint64 seq)
{
    MessageModel *model = shownModel();
    const int row = model ? model->rowOfSeq(seq) : -1;
    if (row < 0 || !m_view->messageActions()->isAvailable())
        return;
    const ChatMessage message = model->messageAt(row);
    if (!message.own || message.deleted)
        return;
    if (m_context->mode() != ComposerContext::Mode::Edit)
        m_stashedDraft = m_composer->toPlainText();
    m_context->edit(seq);
    loadDraft(message.text);
    m_composer->setFocus();
}

void ConversationPane::editLast()
{
    MessageModel *model = shownModel();
    if (!model || !m_view->messageActions()->isAvailable())
        return;
    const int last = model->rowCount() - 1;
    for (int row = last; row >= 0 && row > last - kEditLastRows; --row) {
        const ChatMessage m = model->messageAt(row);
        if (m.own && m.seq > 0 && !m.deleted) {
            startEdit(m.seq);
            m_view->scrollTo(model->index(row));
            return;
        }
    }
}

void ConversationPane::stepReply(int step)
{
    MessageModel *model = shownModel();
    if (!model || !m_view->messageActions()->isAvailable() || model->rowCount() == 0)
        return;
    const bool replying = m_context->mode() == ComposerContext::Mode::Reply;
    int row = replying ? model->rowOfSeq(m_context->seq()) : -1;
    if (row < 0)
        row = step < 0 ? model->rowCount() : -1; // not replying: start past the newest
    for (int n = 0; n < kEditLastRows; ++n) {
        row += step;
        if (row < 0)
            return; // the oldest one shown: stay there
        if (row >= model->rowCount()) {
            if (replying)
                cancelContext();
            return;
        }
        const ChatMessage m = model->messageAt(row);
        if (m.seq > 0 && !m.deleted) {
            startReply(m.seq);
            m_view->scrollTo(model->index(row));
            return;
        }
    }
}

void ConversationPane::cancelContext()
{
    const bool editing = m_context->mode() == ComposerContext::Mode::Edit;
    m_context->clear();
    if (editing) {
        loadDraft(std::exchange(m_stashedDraft, QString()));
        updateComposerState();
    }
}

bool ConversationPane::showMessage(qint64 seq)
{
    MessageModel *model = shownModel();
    if (!model || seq <= 0)
        return false;
    int row = model->rowOfSeq(seq);
    for (int page = 0; row < 0 && page < kMaxUnreadPages && model->loadOlder() > 0; ++page)
        row = model->rowOfSeq(seq);
    if (row < 0) {
        if (seq != m_wantedSeq)
            m_wantedPages = 0;
        // Older than the store: the model asked the server (if it has history); wait for it.
        m_wantedSeq = model->fetchOlderFromServer() && m_wantedPages < kMaxServerPages ? seq : 0;
        qCInfo(lcUi) << "message" << seq << "of" << m_room << "is not stored here;"
                     << (m_wantedSeq > 0 ? "asked the server" : "giving up");
        return false;
    }
    m_wantedSeq = 0;
    const QModelIndex index = model->index(row);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_view->setCurrentIndex(index); // selected: the highlight, then back to nothing selected
    const QPersistentModelIndex shown(index);
    QTimer::singleShot(kHighlightMs, this, [this, shown] {
        if (shown.isValid() && m_view->selectionModel() && m_view->currentIndex() == shown)
            m_view->selectionModel()->clearSelection();
    });
    return true;
}

void ConversationPane::confirmDelete(qint64 seq)
{
    if (!m_client || m_room.isEmpty())
        return;
    const auto answer = QMessageBox::question(
            this, tr("Delete Message"),
            tr("Delete this message for everyone? Its text is removed from the server and from every "
               "device that has it."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes)
        m_client->deleteMessage(m_room, seq);
}

void ConversationPane::scheduleLoadOlder()
{
    m_loadOlderTimer.start();
}

void ConversationPane::loadOlder()
{
    auto *model = qobject_cast<MessageModel *>(m_view->model());
    if (!model || !model->hasOlder())
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    if (bar->value() > bar->minimum() + kLoadOlderSlack)
        return;
    // The view keeps the message being read where it is while rows arrive above it.
    const int added = model->loadOlder();
    qCDebug(lcUi) << "paged in" << added << "older messages of" << model->room();
}

void ConversationPane::followOwnRows(const QModelIndex &parent, int first, int last)
{
    const QAbstractItemModel *model = m_view->model();
    if (!model)
        return;
    m_seenTimer.start(); // new rows may be in view: seen (read receipts)
    if (m_wantedSeq > 0 && first == 0) { // older history arrived while a quote waits for it
        ++m_wantedPages;
        const qint64 wanted = m_wantedSeq;
        QTimer::singleShot(0, this, [this, wanted] {
            if (m_wantedSeq == wanted)
                showMessage(wanted);
        });
    }
    if (last == model->rowCount() - 1 && !m_view->isAtEnd()) { // new below while reading above
        for (int row = first; row <= last; ++row)
            m_newBelow += model->index(row, 0, parent).data(MessageModel::OwnRole).toBool() ? 0 : 1;
        updateJumpButton();
    }
    bool ownRow = false;
    for (int row = first; row <= last && !ownRow; ++row)
        ownRow = model->index(row, 0, parent).data(MessageModel::OwnRole).toBool();
    // What one just sent always shows; the view itself follows a reader who was at the end and
    // leaves one reading older messages where they are.
    if (!ownRow || m_scrollPending)
        return;
    // One scroll per burst: scrollToBottom() forces the view's pending layout, so do it once
    // after the rows of this event-loop turn are in.
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        m_view->scrollToBottom();
    });
}
