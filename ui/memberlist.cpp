#include "memberlist.h"

#include "memberdelegate.h"
#include "membermodel.h"

#include <QEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QVBoxLayout>

namespace {
constexpr int kHeaderMargin = 6;
} // namespace

MemberList::MemberList(MemberModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    Q_ASSERT(model);
    setObjectName(QStringLiteral("memberList"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("memberListTitle"));
    m_title->setTextFormat(Qt::PlainText);
    // Same height as the rooms header (which holds a tool button) so the lines meet.
    m_title->setContentsMargins(kHeaderMargin + 2, kHeaderMargin + 4, kHeaderMargin, kHeaderMargin + 4);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("memberListView"));
    m_delegate = new MemberDelegate(model, m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(model);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setUniformItemSizes(true);
    layout->addWidget(m_view, 1);

    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu *menu = createContextMenu(m_view->indexAt(pos));
        if (!menu)
            return;
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (canMessage(index))
            Q_EMIT directRequested(index.data(MemberModel::UserIdRole).toLongLong());
    });
    connect(model, &MemberModel::countChanged, this, &MemberList::updateTitle);
    connect(model, &QAbstractItemModel::modelReset, this, &MemberList::updateTitle);
    retranslate();
}

MemberList::~MemberList() = default;

QString MemberList::title() const
{
    return m_title->text();
}

bool MemberList::canMessage(const QModelIndex &index)
{
    return index.isValid() && index.data(MemberModel::UserIdRole).toLongLong() > 0
        && !index.data(MemberModel::SelfRole).toBool() && !index.data(MemberModel::GuestRole).toBool();
}

QMenu *MemberList::createContextMenu(const QModelIndex &index)
{
    if (!canMessage(index))
        return nullptr;
    const qint64 userId = index.data(MemberModel::UserIdRole).toLongLong();
    auto *menu = new QMenu(this);
    QAction *message = menu->addAction(tr("Message @%1…").arg(index.data(MemberModel::UsernameRole).toString()));
    message->setObjectName(QStringLiteral("messageMemberAction"));
    connect(message, &QAction::triggered, this, [this, userId] { Q_EMIT directRequested(userId); });
    return menu;
}

void MemberList::updateTitle()
{
    const int n = m_model ? m_model->rowCount() : 0;
    m_title->setText(tr("Members (%1)").arg(n));
    m_view->setAccessibleDescription(tr("Members in the room: %1").arg(n));
}

void MemberList::retranslate()
{
    m_view->setAccessibleName(tr("Members"));
    m_title->setToolTip(m_model && !m_model->presenceReported() ? MemberDelegate::presenceNote() : QString());
    updateTitle();
}

void MemberList::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}
