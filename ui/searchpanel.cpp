#include "searchpanel.h"

#include "logging.h"
#include "searchmodel.h"
#include "searchresultdelegate.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int kMinimumWidth = 260;
}  // namespace

SearchPanel::SearchPanel(SearchModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("searchPanel"));
    setMinimumWidth(kMinimumWidth);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *top = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::PlainText); // a room name is untrusted
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_closeButton = new QToolButton(this);
    m_closeButton->setObjectName(QStringLiteral("searchCloseButton"));
    m_closeButton->setText(QStringLiteral("\u00d7"));
    m_closeButton->setAutoRaise(true);
    connect(m_closeButton, &QToolButton::clicked, this, &SearchPanel::close);
    top->addWidget(m_title, 1);
    top->addWidget(m_closeButton);
    layout->addLayout(top);

    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("searchField"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    layout->addWidget(m_field);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setTextFormat(Qt::PlainText); // the server's words are untrusted
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_results = new QListView(this);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setModel(model);
    m_results->setItemDelegate(new SearchResultDelegate(m_results));
    m_results->setUniformItemSizes(true);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->installEventFilter(this);
    layout->addWidget(m_results, 1);
    connect(m_results, &QListView::activated, this, &SearchPanel::choose);
    connect(m_results, &QListView::clicked, this, &SearchPanel::choose);
    // Near the end of the list: the next page.
    connect(m_results->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value >= m_results->verticalScrollBar()->maximum() - 2 && m_model->hasMore())
            m_model->fetchNextPage();
    });

    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(kTypingDelay);
    connect(m_typing, &QTimer::timeout, this, &SearchPanel::runSearch);
    connect(m_field, &QLineEdit::textEdited, m_typing, qOverload<>(&QTimer::start));
    connect(m_field, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty()) { // the clear button
            m_typing->stop();
            runSearch();
        }
    });
    connect(model, &SearchModel::serverSearchChanged, this, [this](const QString &error) {
        m_serverError = error;
        updateStatus();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &SearchPanel::updateStatus);
    // The server's answer merged among the store's results resets the list: the result the user
    // was on stays current (and in view).
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const QModelIndex current = m_results->currentIndex();
        m_keptRoom = current.data(SearchModel::RoomRole).toString();
        m_keptSeq = current.data(SearchModel::SeqRole).toLongLong();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        for (int row = 0; m_keptSeq > 0 && row < m_model->rowCount(); ++row) {
            const QModelIndex index = m_model->index(row);
            if (index.data(SearchModel::SeqRole).toLongLong() == m_keptSeq
                && index.data(SearchModel::RoomRole).toString() == m_keptRoom) {
                m_results->setCurrentIndex(index);
                m_results->scrollTo(index);
                return;
            }
        }
        if (m_model->rowCount() > 0)
            m_results->setCurrentIndex(m_model->index(0));
    });
    retranslate();
}

void SearchPanel::open(const QString &room)
{
    const bool again = isVisible() && room == m_room;
    m_room = room;
    retranslate();
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
    if (!again && !m_field->text().isEmpty())
        runSearch(); // the same words in the new scope
}

void SearchPanel::runSearch()
{
    m_typing->stop();
    m_serverError.clear();
    m_searchedText = m_field->text();
    m_model->search(m_searchedText, m_room);
    if (m_model->rowCount() > 0)
        m_results->setCurrentIndex(m_model->index(0));
    updateStatus();
}

void SearchPanel::choose(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString room = index.data(SearchModel::RoomRole).toString();
    const qint64 seq = index.data(SearchModel::SeqRole).toLongLong();
    qCDebug(lcUi) << "search result chosen:" << room << seq;
    Q_EMIT messageChosen(room, seq);
}

QString SearchPanel::statusText() const
{
    return m_status->text();
}

void SearchPanel::updateStatus()
{
    QString text;
    const int rows = m_model->rowCount();
    if (m_model->query().isEmpty())
        text = m_field->text().trimmed().isEmpty() ? tr("Words to look for; from:@name, in:#room, before:2026-11-01, after:…")
                                                   : tr("Type a word to look for.");
    else if (m_model->isSearchingServer())
        text = rows > 0 ? tr("Found here: %n; searching the server…", nullptr, rows) : tr("Searching…");
    else
        text = rows > 0 ? tr("Found: %n", nullptr, rows) : tr("No results");
    if (!m_serverError.isEmpty())
        text += QLatin1Char('\n') + tr("The server could not search (%1): results from this computer only.").arg(m_serverError);
    m_status->setText(text);
}

void SearchPanel::close()
{
    m_typing->stop();
    hide();
    Q_EMIT closed();
}

bool SearchPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() == Qt::Key_Escape) {
        close();
        return true;
    }
    if (watched == m_field) {
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown) {
            m_results->setFocus();
            if (!m_results->currentIndex().isValid() && m_model->rowCount() > 0)
                m_results->setCurrentIndex(m_model->index(0));
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (m_typing->isActive() || m_searchedText != m_field->text())
                runSearch(); // typed and pressed Enter at once: search first
            const QModelIndex current = m_results->currentIndex();
            choose(current.isValid() ? current : m_model->index(0));
            return true;
        }
    } else if (watched == m_results && key->key() == Qt::Key_Up && m_results->currentIndex().row() <= 0) {
        m_field->setFocus();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void SearchPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void SearchPanel::retranslate()
{
    m_title->setText(m_room.isEmpty() ? tr("Search all rooms") : tr("Search #%1").arg(m_room));
    m_field->setPlaceholderText(tr("Search messages"));
    m_field->setAccessibleName(m_title->text());
    m_closeButton->setToolTip(tr("Close search (Esc)"));
    m_closeButton->setAccessibleName(tr("Close search"));
    m_results->setAccessibleName(tr("Search results"));
    updateStatus();
}
