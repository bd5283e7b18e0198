#pragma once
// RowLayoutCache: one view's measured rows of a MessageModel, and the scheduler that keeps a
// burst of new rows from stalling the window. MessageView owns one; its MessageDelegate reads it
// in sizeHint() and paint().
//
// Why per view: a row's layout depends on the view's width and font, so two views of one
// conversation (or one delegate serving two views) need two sets of measurements. tdesktop keeps
// each item's layout with the list that owns the items; so does Parley.
//
// Why two caches: the body of a message is measured once per (message id, width) — measuring
// wrapped text on every sizeHint() costs ~850 ms per relayout at 100k rows. A row's height also
// depends on its neighbour (a new day adds a separator, a new group adds the sender's name), and
// finding that out means reading two rows and converting their times to local days. So each
// row's height and neighbour flags are kept in a list that mirrors the model's rows and follows
// its inserts, removals and moves, dropping exactly the rows whose predecessor changed
// (Telegram's "attach to previous", recomputed on insert); sizeHint() is then one list lookup.
// The body is not measured again when only the neighbour changes.
//
// Why a measuring budget: measuring one body (shaping its text) costs ~25 µs, so a burst of
// 1,000 messages measured in one relayout stalls the window ~30 ms. The view's relayout measures
// for at most measureBudget() per event-loop turn; rows past it get an estimated height and are
// measured in the next turns (estimatedRows() falls to 0, and the view is told which heights
// changed through sizeHintChanged()). After a width or font change, rows keep their old height
// as the estimate. MessageView measures the rows about to be visible first (geometry()), so
// what the user sees is always exact, and keeps its reading position while heights above it
// settle. bench/ui_burst.cpp has the figures.
#include "linkfinder.h"
#include "messageclip.h"
#include "messagedelegate.h"
#include "messagemetrics.h"

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <optional>

class QAbstractItemModel;
class QAbstractItemView;
class QTextLayout;
class QTimer;

class RowLayoutCache : public QObject
{
    Q_OBJECT
public:
    //! Default measureBudget(): a frame at 60 Hz is 16 ms; at 100k rows a relayout reading every
    //! row's cached size takes ~5 ms of it, estimating 1,000 new rows ~1.5 ms, the insert ~1 ms;
    //! the rest is margin for slower machines (bench/ui_burst.cpp).
    static constexpr std::chrono::milliseconds kDefaultMeasureBudget{3};

    //! A cache of \a view's rows, measured with \a delegate. Without a view (tests, direct
    //! callers) every row is measured exactly, never estimated.
    explicit RowLayoutCache(MessageDelegate *delegate, QAbstractItemView *view = nullptr,
                            QObject *parent = nullptr);
    ~RowLayoutCache() override;

    //! Measures with \a delegate from now on (forgets what the previous one measured).
    void setDelegate(MessageDelegate *delegate);
    MessageDelegate *delegate() const { return m_delegate; }
    //! The view whose rows this caches (whose option.widget the delegate recognises).
    QAbstractItemView *view() const { return m_view; }

    //! The row's size: cached, or estimated when the view's relayout has spent this turn's
    //! budget (only for calls from the view: \a option.widget is view()), else measured.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index);
    //! The row's exact layout (measured now if it was an estimate).
    MessageDelegate::Geometry geometry(const QStyleOptionViewItem &option,
                                       const QModelIndex &index);
    //! The links of the row's body (found with its measurement).
    QList<LinkFinder::Link> links(const QStyleOptionViewItem &option, const QModelIndex &index);
    //! The row's laid-out body, for painting and hit tests (recently used ones are kept).
    const QTextLayout &textLayout(const QStyleOptionViewItem &option, const QModelIndex &index);
    //! The measures of the font of the last call above.
    const MessageMetrics &metrics() const { return *m_metrics; }

    //! How long the view's relayout may spend measuring bodies per event-loop turn before rows
    //! get estimated heights (see the top of this file).
    void setMeasureBudget(std::chrono::microseconds budget) { m_budget = budget; }
    std::chrono::microseconds measureBudget() const { return m_budget; }
    //! Rows whose height is still an estimate (0 once the view had a few idle turns).
    int estimatedRows() const { return m_estimated; }

    //! Forgets everything measured: the next relayout measures every row anew. Font and width
    //! changes are noticed without it (and keep the old heights as estimates meanwhile); this is
    //! for changes the cache cannot see.
    void clear();
    //! How much of \a index's text its row shows (MessageClip::kCollapsed until showMore()).
    MessageClip::Limits limits(const QModelIndex &index) const;
    //! Shows more of \a index (MessageClip::next()) if its row, laid out for \a option, can
    //! show more: the row is measured again and the view told (sizeHintChanged). False when
    //! nothing changed.
    bool showMore(const QStyleOptionViewItem &option, const QModelIndex &index);

    //! Forgets the layout of one message and tells the view to re-ask its size
    //! (sizeHintChanged), for a change the model did not report. Changes the model reports
    //! (dataChanged, inserts, removals, moves, resets) are followed without it.
    void invalidate(const QModelIndex &index);

Q_SIGNALS:
    //! Heights from \a index on may have changed: the view lays out again (MessageView queues a
    //! doItemsLayout(), as QAbstractItemView does for a delegate's signal of that name).
    void sizeHintChanged(const QModelIndex &index);

private:
    struct Key
    {
        QString id;
        int width;
        bool operator==(const Key &other) const { return width == other.width && id == other.id; }
    };
    friend size_t qHash(const Key &key, size_t seed) noexcept
    {
        return qHashMulti(seed, key.id, key.width);
    }
    //! One row's cached height and flags; height < 0 means "ask again".
    struct RowState
    {
        int height = -1;
        quint8 flags = 0;
        bool estimated = false;  //!< height guessed (over budget); refine() measures it
    };

    //! Forgets the cached row width when the view's viewport resizes, its scroll bar shows or
    //! hides, or its style or font changes: the only things MessageDelegate::rowWidth() depends
    //! on.
    bool eventFilter(QObject *watched, QEvent *event) override;

    //! Key of \a index: its IdRole, or its content for room-less messages with no identity.
    static QString cacheId(const QModelIndex &index);
    bool fromView(const QStyleOptionViewItem &option) const;
    //! Watches the model being measured so that inserted, removed, moved and changed rows drop
    //! their cached heights (and their followers'); sizeHint() is then one lookup per row.
    void follow(const QAbstractItemModel *model);
    //! Follows the model, the font and the width of \a option; returns the width.
    int prepare(const QStyleOptionViewItem &option, const QModelIndex &index);
    //! MessageDelegate::rowWidth(), remembered for the view: computing it (scroll bar, style
    //! hint) was ~16 ns of the ~36 ns a cached row costs in a relayout, 1.6 ms at 100k rows.
    int rowWidth(const QStyleOptionViewItem &option);
    //! Whether \a index has an entry in m_rows.
    bool isMirrored(const QModelIndex &index) const;
    bool rowsInSync() const;
    void resetRows();
    void dropRows(int first, int last);
    //! Forgets one row's height (and its being an estimate).
    void dropRow(int row);
    //! Starts an event-loop turn's budget if none runs; whether some of it is left.
    bool withinBudget();
    //! The measured body of \a index; a new measurement's layout is kept for painting when
    //! \a keepLayout (not when refine() measures rows nobody is looking at).
    const MessageMetrics::Body &body(const QModelIndex &index, int width, bool keepLayout = true);
    //! Measures estimated rows, bottom first, for one turn's budget; tells the view which
    //! heights changed; goes on in the next turn while some are left.
    void refine();
    void scheduleRefine();
    //! Marks every known height as an estimate (width or font changed under the view).
    void keepAsEstimates();
    void forgetCorrections();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onRowsMoved(const QModelIndex &parent, int start, int end, const QModelIndex &destination,
                     int row);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);

    QPointer<MessageDelegate> m_delegate;
    const QPointer<QAbstractItemView> m_view;
    QHash<Key, MessageMetrics::Body> m_bodies;
    //! How much of a message shows, for the messages "Show more" was used on (by cacheId()).
    QHash<QString, MessageClip::Limits> m_shown;
    //! Laid-out bodies of recently painted messages (bounded: only visible rows need one; a
    //! long body costs more of the bound, layoutCost()).
    QCache<Key, QTextLayout> m_layouts;
    //! One entry per model row (when rowsInSync()).
    QList<RowState> m_rows;
    QPointer<const QAbstractItemModel> m_model;
    std::optional<MessageMetrics> m_metrics;  //!< for the font measured with
    std::chrono::microseconds m_budget = kDefaultMeasureBudget;
    qint64 m_spentNs = 0;        //!< measuring time in this event-loop turn
    bool m_turnArmed = false;    //!< a zero timer will end this turn's budget
    int m_estimated = 0;         //!< rows with RowState::estimated
    int m_urgentRow = -1;        //!< first estimate found wrong while shown
    int m_correctedRow = -1;     //!< first estimate refine() corrected, not yet told
    QElapsedTimer m_sinceCorrection;
    int m_viewWidth = -1;        //!< rowWidth() of the view, until its size or style changes
    QTimer *m_refineTimer = nullptr;
    int m_width = -1;            //!< the width m_bodies and m_layouts hold
};
