#pragma once
// MessageDelegate: paints one chat message of a MessageModel as a bubble.
//
// Why a delegate and not a widget per message: a room may hold 100k rows; a QListView with a
// delegate paints only what is visible. Why a cache: QListView asks sizeHint() for every row on
// every relayout, and measuring wrapped text each time costs ~850 ms per change at 100k rows
// (Telegram Desktop's lesson, see EXAMPLES.md). The layout of a message is therefore computed
// once per (message id, width) and both sizeHint() and paint() read it.
//
// Why plain text only: message text is untrusted. QLabel/QTextDocument would guess rich text
// and render "<img src=file:///…>" or "<b>"; this delegate lays text out with QTextLayout, which
// has no notion of markup, so every message shows literally what was typed.
#include "chatmessage.h"

#include <QCache>
#include <QFont>
#include <QFontMetrics>
#include <QHash>
#include <QPointer>
#include <QRect>
#include <QStyledItemDelegate>

#include <memory>
#include <optional>

class QTextLayout;

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    //! Where the parts of one message go, relative to the row's top-left corner.
    struct Geometry
    {
        QSize size;        //!< the whole row, margins included (what sizeHint() returns)
        QRect bubble;      //!< the tinted rounded rectangle
        QRect sender;      //!< the sender's name (elided to fit)
        QRect time;        //!< "HH:mm"
        QRect mark;        //!< the delivery mark (own messages only, else null)
        QRect text;        //!< the message body
    };

    explicit MessageDelegate(QObject *parent = nullptr);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    //! Tooltips: the delivery state over the mark, the full date and time over the time.
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    //! The layout of \a index for the width of \a option (cached; see layoutCount()).
    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    //! Exactly the string handed to QTextLayout as the body: the message text, unchanged except
    //! that line breaks become U+2028 LINE SEPARATOR (QTextLayout's line break). Never markup.
    static QString bodyText(const QModelIndex &index);
    //! "HH:mm" of the message time in local time, formatted by the default QLocale.
    static QString timeText(const QModelIndex &index);
    //! The sender's name as shown; a placeholder when the server did not say.
    static QString senderText(const QModelIndex &index);
    //! A stable colour for \a name (same name, same hue, on every machine and run), light or
    //! dark enough to be read on \a palette's base colour.
    static QColor senderColor(const QString &name, const QPalette &palette);
    //! A short glyph for the delivery state of one's own message; empty for Delivery::None.
    static QString deliveryMark(ChatMessage::Delivery state);
    //! Words for the delivery state (used as the mark's tooltip and accessible text).
    static QString deliveryToolTip(ChatMessage::Delivery state);

    //! How many times a message body was measured (laid out). Tests use it to prove that
    //! sizeHint() reads the cache instead of measuring again.
    int layoutCount() const { return m_layoutCount; }
    //! Forgets every cached layout (font or style changed). Width changes are noticed alone.
    void clearCache();
    //! Forgets the layout of one message and tells the view to re-ask its size
    //! (sizeHintChanged). Called by itself when the model reports a changed text or sender.
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
    //! Key of \a index: its IdRole, or its content for room-less messages with no identity.
    static QString cacheId(const QModelIndex &index);
    //! Watches the model being painted so that changed rows and resets drop their layouts;
    //! sizeHint() then costs one data() call and one hash lookup per row.
    void follow(const QAbstractItemModel *model) const;
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);
    static int viewWidth(const QStyleOptionViewItem &option);
    void checkFont(const QFont &font) const;
    std::unique_ptr<QTextLayout> layoutBody(const QString &text, const QFont &font,
                                            int maxWidth) const;
    Geometry measure(const QStyleOptionViewItem &option, const QModelIndex &index,
                     int width) const;
    const QTextLayout &paintLayout(const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const;

    // Caches are filled from const sizeHint()/paint(): they are not part of the observable state.
    mutable QHash<Key, Geometry> m_geometry;
    //! Laid-out bodies of recently painted messages (bounded: only visible rows need one).
    mutable QCache<Key, QTextLayout> m_layouts;
    mutable QPointer<const QAbstractItemModel> m_model;
    struct Metrics
    {
        QFontMetrics name;    //!< bold, for the sender
        QFontMetrics small;   //!< for the time
        int markWidth;        //!< widest delivery mark (normal size: the glyphs are tiny)
        int headerHeight;
    };
    mutable std::optional<Metrics> m_metrics;  //!< for m_font
    mutable QFont m_font;
    mutable bool m_fontKnown = false;
    mutable int m_width = -1;
    mutable int m_layoutCount = 0;
};
