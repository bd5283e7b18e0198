#pragma once
// MessageDelegate: paints one chat message of a MessageModel as a bubble, with the day separator
// and sender name its place in the conversation calls for.
//
// Why a delegate and not a widget per message: a room may hold 100k rows; a QListView with a
// delegate paints only what is visible. Why a cache: QListView asks sizeHint() for every row on
// every relayout (every insert), and measuring wrapped text each time costs ~850 ms per change at
// 100k rows (Telegram Desktop's lesson, see EXAMPLES.md). The body of a message is therefore
// measured once per (message id, width) and both sizeHint() and paint() read that measurement.
//
// Why a second, per-row cache: a row's height also depends on its neighbour (a new day adds a
// separator, a new group adds the sender's name), and finding that out means reading two rows and
// converting their times to local days. The delegate keeps each row's height and neighbour flags
// in a list that mirrors the model's rows and follows its inserts, removals and moves, dropping
// exactly the rows whose predecessor changed (Telegram's "attach to previous", recomputed on
// insert); sizeHint() is then one list lookup. The body is not measured again when only the
// neighbour changes.
//
// Why a measuring budget: measuring one body (shaping its text) costs ~25 µs, so a burst of
// 1,000 messages measured in one relayout stalls the window ~30 ms. A view's relayout measures
// for at most measureBudget() per event-loop turn; rows past it get an estimated height and are
// measured in the next turns (estimatedRows() falls to 0, and the view is told which heights
// changed). After a width or font change, rows keep their old height as the estimate. MessageView
// measures the rows about to be visible first, so what the user sees is always exact, and keeps
// its reading position while heights above it settle. bench/ui_burst.cpp has the figures.
//
// Why plain text only: message text is untrusted. QLabel/QTextDocument would guess rich text
// and render "<img src=file:///…>" or "<b>"; this delegate lays text out with QTextLayout, which
// has no notion of markup, so every message shows literally what was typed. Links are found by a
// regular expression on that plain text (http and https only) and drawn as formats over it.
#include "chatmessage.h"

#include <QCache>
#include <QDate>
#include <QElapsedTimer>
#include <QFont>
#include <QFontMetrics>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QRect>
#include <QStyledItemDelegate>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class QAbstractItemView;
class QTextLayout;
class QTimer;

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    //! Messages of one sender closer together than this (and on the same local day) form a
    //! group: the name is shown once, above the first, and the bubbles sit closer together.
    //! Five minutes: a conversation's pauses are shorter, a new topic's usually longer.
    static constexpr std::chrono::minutes kGroupWindow{5};
    //! Default measureBudget(): a frame at 60 Hz is 16 ms; at 100k rows a relayout reading every
    //! row's cached size takes ~5 ms of it, estimating 1,000 new rows ~1.5 ms, the insert ~1 ms;
    //! the rest is margin for slower machines (bench/ui_burst.cpp).
    static constexpr std::chrono::milliseconds kDefaultMeasureBudget{3};

    //! Where the parts of one row go, relative to the row's top-left corner.
    struct Geometry
    {
        QSize size;        //!< the whole row, margins included (what sizeHint() returns)
        QRect day;         //!< the day separator's band (null unless the row starts a day)
        QRect bubble;      //!< the tinted rounded rectangle
        QRect sender;      //!< the sender's name (null unless the row starts a group)
        QRect time;        //!< "HH:mm", bottom right in the bubble
        QRect mark;        //!< the delivery mark (own messages only, else null)
        QRect text;        //!< the message body
        QRect failure;     //!< "Not delivered" under a Failed own message (else null)
        QRect retry;       //!< the clickable "Retry" beside it (else null)
    };

    //! One http(s) link in a body: a range of bodyText() and the URL it opens.
    struct Link
    {
        int start = 0;
        int length = 0;
        QUrl url;
        bool operator==(const Link &other) const
        {
            return start == other.start && length == other.length && url == other.url;
        }
    };

    explicit MessageDelegate(QObject *parent = nullptr);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    //! Tooltips: the delivery state over the mark, the full date and time over the time, the
    //! address over a link, what Retry does over Retry.
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    //! The layout of \a index for the width of \a option (cached; see layoutCount()).
    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    //! The links of \a index's body (found once per message, with its measurement).
    QList<Link> links(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    //! The rectangles (row-relative; one per line the link spans) that link \a link of \a index
    //! covers. What a click must hit; tests click their centre.
    QList<QRect> linkRects(const QStyleOptionViewItem &option, const QModelIndex &index,
                           int link) const;
    //! The link at \a pos (row-relative), or an empty URL.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                const QPoint &pos) const;
    //! Whether \a pos (row-relative) is on the "Retry" of a Failed own message.
    bool isRetryAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                   const QPoint &pos) const;

    //! Exactly the string handed to QTextLayout as the body: the message text, unchanged except
    //! that line breaks become U+2028 LINE SEPARATOR (QTextLayout's line break). Never markup.
    static QString bodyText(const QModelIndex &index);
    //! The http and https links in \a text (a bodyText()). Every other scheme (file:,
    //! javascript:, data:, ftp:…) is left as text: only web pages may open from a message.
    //! Trailing punctuation and an unbalanced closing bracket are not part of a link.
    static QList<Link> findLinks(const QString &text);
    //! Whether \a url may be opened from a message: http or https with a host.
    static bool isOpenableLink(const QUrl &url);
    //! "HH:mm" of the message time in local time, formatted by the default QLocale.
    static QString timeText(const QModelIndex &index);
    //! The local calendar day of the message (invalid without a time).
    static QDate localDay(const QModelIndex &index);
    //! The day separator's words for \a day: "Today", "Yesterday" (relative to \a today), else
    //! the date in the default QLocale's long format.
    static QString dayText(const QDate &day, const QDate &today);
    //! Whether \a index starts a local day: the first row, or a day other than the row above's.
    static bool startsDay(const QModelIndex &index);
    //! Whether \a index starts a group (shows the sender's name): it starts a day, or the row
    //! above is by someone else, or is not one's own while this is (or the reverse), or is more
    //! than kGroupWindow earlier (or later: rows out of time order never share a name).
    static bool startsGroup(const QModelIndex &index);
    //! The sender's name as shown; a placeholder when the server did not say.
    static QString senderText(const QModelIndex &index);
    //! A stable colour for \a name (same name, same hue, on every machine and run), light or
    //! dark enough to be read on \a palette's base colour.
    static QColor senderColor(const QString &name, const QPalette &palette);
    //! A short glyph for the delivery state of one's own message; empty for Delivery::None.
    static QString deliveryMark(ChatMessage::Delivery state);
    //! Words for the delivery state (used as the mark's tooltip and accessible text).
    static QString deliveryToolTip(ChatMessage::Delivery state);
    //! Whether \a index is one's own message that the server refused or never acknowledged,
    //! which the user may send again (ChatClient::retry()).
    static bool isRetryable(const QModelIndex &index);

    //! How long a view's relayout may spend measuring bodies per event-loop turn before rows get
    //! estimated heights (see the top of this file). Calls without a view (option.widget not an
    //! item view: tests, geometry()) always measure.
    void setMeasureBudget(std::chrono::microseconds budget) { m_budget = budget; }
    std::chrono::microseconds measureBudget() const { return m_budget; }
    //! Rows whose height is still an estimate (0 once the view had a few idle turns).
    int estimatedRows() const { return m_estimated; }

    //! How many times a message body was measured (laid out). Tests use it to prove that
    //! sizeHint() reads the cache instead of measuring again.
    int layoutCount() const { return m_layoutCount; }
    //! Forgets everything measured: the next relayout estimates and measures every row anew.
    //! Font and width changes are noticed without it (and keep the old heights as estimates
    //! meanwhile); this is for changes the delegate cannot see.
    void clearCache();
    //! Forgets the layout of one message and tells the view to re-ask its size
    //! (sizeHintChanged), for a change the model did not report. Changes the model reports
    //! (dataChanged, inserts, removals, moves, resets) are followed without it.
    void invalidate(const QModelIndex &index);

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
    //! What measuring a body found: everything the geometry needs that costs text measuring.
    struct Body
    {
        QSize textSize;        //!< the laid-out body
        int lastLineTop = 0;   //!< the last line, where the time goes when it fits beside it
        int lastLineHeight = 0;
        int lastLineWidth = 0;
        int nameWidth = 0;     //!< the sender's name in the bold font
        int timeWidth = 0;     //!< timeText() in the small font
        QList<Link> links;
    };
    //! Neighbour-dependent facts of a row (RowState::flags).
    enum RowFlag : quint8 {
        StartsDay = 0x1,
        StartsGroup = 0x2,
        Failed = 0x4,
        Own = 0x8,
    };
    //! One row's cached height and flags; height < 0 means "ask again".
    struct RowState
    {
        int height = -1;
        quint8 flags = 0;
        bool estimated = false;  //!< height guessed (over budget); refine() measures it
    };

    //! Forgets the cached row width when the view's viewport resizes, its scroll bar shows or
    //! hides, or its style or font changes: the only things viewWidth() depends on.
    bool eventFilter(QObject *watched, QEvent *event) override;

    //! Key of \a index: its IdRole, or its content for room-less messages with no identity.
    static QString cacheId(const QModelIndex &index);
    static quint8 flagsOf(const QModelIndex &index);
    //! Watches the model being painted so that inserted, removed, moved and changed rows drop
    //! their cached heights (and their followers'); sizeHint() is then one lookup per row.
    void follow(const QAbstractItemModel *model) const;
    //! Follows the model, the font and the width of \a option; returns the width.
    int prepare(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    bool rowsInSync() const;
    void resetRows() const;
    void dropRows(int first, int last) const;
    //! Forgets one row's height (and its being an estimate).
    void dropRow(int row) const;
    //! Starts an event-loop turn's budget if none runs; whether some of it is left.
    bool withinBudget() const;
    //! A guess of body()'s result from character counts: no shaping, no layout.
    Body estimateBody(const QModelIndex &index, int width) const;
    //! Measures estimated rows, bottom first, for one turn's budget; tells the view which
    //! heights changed; goes on in the next turn while some are left.
    void refine();
    void scheduleRefine() const;
    //! Marks every known height as an estimate (width or font changed under a view).
    void keepAsEstimates() const;
    void forgetCorrections() const;
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onRowsMoved(const QModelIndex &parent, int start, int end, const QModelIndex &destination,
                     int row);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);
    static int viewWidth(const QStyleOptionViewItem &option);
    //! viewWidth(), remembered per view: computing it (scroll bar, style hint) was ~16 ns of the
    //! ~36 ns a cached row costs in a relayout, i.e. 1.6 ms per relayout at 100k rows.
    int rowWidth(const QStyleOptionViewItem &option) const;
    //! Takes \a font's metrics if it is new; returns whether it was.
    bool checkFont(const QFont &font) const;
    std::unique_ptr<QTextLayout> layoutBody(const QString &text, const QFont &font,
                                            int maxWidth) const;
    //! The measured body of \a index; a new measurement's layout is kept for paint() when
    //! \a keepLayout (not when refine() measures rows nobody is looking at).
    const Body &body(const QStyleOptionViewItem &option, const QModelIndex &index, int width,
                     bool keepLayout = true) const;
    Geometry compose(const Body &body, quint8 flags, int width) const;
    const QTextLayout &paintLayout(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const;
    void paintDay(QPainter *painter, const QStyleOptionViewItem &option, const QRect &band,
                  const QModelIndex &index) const;

    // Caches are filled from const sizeHint()/paint(): they are not part of the observable state.
    mutable QHash<Key, Body> m_bodies;
    //! Laid-out bodies of recently painted messages (bounded: only visible rows need one).
    mutable QCache<Key, QTextLayout> m_layouts;
    //! One entry per model row (when rowsInSync()).
    mutable QList<RowState> m_rows;
    mutable QPointer<const QAbstractItemModel> m_model;
    struct Metrics
    {
        QFontMetrics name;    //!< bold, for the sender
        QFontMetrics small;   //!< for the time, the day separator and the failure line
        int markWidth;        //!< widest delivery mark (normal size: the glyphs are tiny)
        int charWidth;        //!< average character (estimates)
        int lineHeight;       //!< one line of body text (estimates)
    };
    mutable std::optional<Metrics> m_metrics;  //!< for m_font
    mutable QHash<QString, int> m_nameWidths;   //!< sender names in Metrics::name
    mutable QHash<QString, int> m_timeWidths;   //!< "HH:mm" strings in Metrics::small
    std::chrono::microseconds m_budget = kDefaultMeasureBudget;
    mutable qint64 m_spentNs = 0;       //!< measuring time in this event-loop turn
    mutable bool m_turnArmed = false;   //!< a zero timer will end this turn's budget
    mutable int m_estimated = 0;        //!< rows with RowState::estimated
    mutable int m_urgentRow = -1;       //!< first estimate found wrong while shown
    mutable int m_correctedRow = -1;    //!< first estimate refine() corrected, not yet told
    mutable QElapsedTimer m_sinceCorrection;
    mutable QPointer<const QAbstractItemView> m_view;  //!< whose relayout left estimates
    mutable QPointer<const QAbstractItemView> m_widthView;  //!< whose width m_viewWidth is
    mutable int m_viewWidth = -1;
    QTimer *m_refineTimer = nullptr;
    mutable QFont m_font;
    mutable bool m_fontKnown = false;
    mutable int m_width = -1;
    mutable int m_layoutCount = 0;
};
