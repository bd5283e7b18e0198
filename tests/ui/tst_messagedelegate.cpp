// Tests ui/messagedelegate.cpp: plain-text only, the (id, width) layout cache and the per-row cache
// of neighbour-dependent heights (grouping, day separators) through inserts, moves and changes,
// own vs others, readable sender colours in light and dark palettes, delivery marks, links (http
// and https only), the Retry line of Failed messages.
#include "messagedelegate.h"
#include "messagemodel.h"

#include <QImage>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <ctime>

using namespace std::chrono_literals;

namespace {

const QDateTime kNoon(QDate(2024, 5, 17), QTime(12, 0), Qt::LocalTime);

ChatMessage message(const QString &clientId, const QString &sender, const QString &text,
                    bool own = false,
                    ChatMessage::Delivery delivery = ChatMessage::Delivery::None)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = QStringLiteral("lobby");
    m.sender = sender;
    m.text = text;
    m.time = QDateTime(QDate(2024, 5, 17), QTime(13, 7), Qt::UTC);
    m.own = own;
    m.delivery = delivery;
    return m;
}

//! Someone else's message with a server seq (display order) at local time \a time.
ChatMessage said(qint64 seq, const QString &sender, const QDateTime &time,
                 const QString &text = QStringLiteral("hello"))
{
    ChatMessage m = message(QStringLiteral("m%1").arg(seq), sender, text);
    m.seq = seq;
    m.time = time.toUTC();
    return m;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    return p;
}

double contrastRatio(const QColor &a, const QColor &b)
{
    auto lum = [](const QColor &c) {
        auto ch = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
    };
    const double la = lum(a);
    const double lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

class tst_MessageDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void bodyTextIsLiteral_data();
    void bodyTextIsLiteral();
    void markupIsMeasuredAsPlainText();
    void sizeHintIsCached();
    void cacheSurvivesAViewRelayout();
    void editedTextIsMeasuredAgain();
    void longTextWraps();
    void ownMessagesHugTheRight();
    void senderColorIsStableAndReadable();
    void deliveryMarks();
    void timeIsLocalHoursAndMinutes();
    void paintsBubbles();
    void groupsConsecutiveMessagesOfOneSender();
    void daySeparators();
    void dayText();
    void findLinks_data();
    void findLinks();
    void linksAreDrawnOverPlainText();
    void linkRectsCoverTheLink();
    void retryLineOnlyForFailedOwnMessages();
    void insertedNeighbourRegroupsWithoutRemeasuring();
    void movedRowRegroups();
    void changedTimeRegroupsTheFollower();
    void deliveryAckDoesNotRelayout();
    void localTimeFollowsTheZone();

private:
    QStyleOptionViewItem option(int width) const;
    QModelIndex add(const ChatMessage &m);

    MessageModel *m_model = nullptr;
    MessageDelegate *m_delegate = nullptr;
};

void tst_MessageDelegate::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // A zone with summer time, set before any local time is computed: the delegate keeps the
    // zone's offsets per quarter hour (see localTimeFollowsTheZone).
    qputenv("TZ", "Europe/Berlin");
    tzset();
}

void tst_MessageDelegate::init()
{
    m_model = new MessageModel(QStringLiteral("lobby"));
    m_delegate = new MessageDelegate;
}

void tst_MessageDelegate::cleanup()
{
    delete m_delegate;
    delete m_model;
}

QStyleOptionViewItem tst_MessageDelegate::option(int width) const
{
    QStyleOptionViewItem opt;
    opt.rect = QRect(0, 0, width, 0);
    opt.font = QFont(QStringLiteral("DejaVu Sans"), 10);
    opt.palette = lightPalette();
    return opt;
}

QModelIndex tst_MessageDelegate::add(const ChatMessage &m)
{
    m_model->addMessage(m);
    const int row = m_model->rowOfClientId(m.clientId);
    return row < 0 ? QModelIndex() : m_model->index(row);
}

void tst_MessageDelegate::bodyTextIsLiteral_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("drawn");
    QTest::newRow("bold tag") << QStringLiteral("<b>x</b>") << QStringLiteral("<b>x</b>");
    QTest::newRow("img tag") << QStringLiteral("<img src=file:///etc/passwd>")
                             << QStringLiteral("<img src=file:///etc/passwd>");
    QTest::newRow("entity") << QStringLiteral("&lt;&amp;") << QStringLiteral("&lt;&amp;");
    QTest::newRow("link") << QStringLiteral("<a href=\"http://x\">y</a>")
                          << QStringLiteral("<a href=\"http://x\">y</a>");
    QTest::newRow("newline") << QStringLiteral("a\nb") << (QStringLiteral("a") + QChar(QChar::LineSeparator) + QStringLiteral("b"));
    QTest::newRow("cjk") << QStringLiteral("你好") << QStringLiteral("你好");
}

void tst_MessageDelegate::bodyTextIsLiteral()
{
    QFETCH(QString, text);
    QFETCH(QString, drawn);
    const QModelIndex index = add(message(QStringLiteral("id-1"), QStringLiteral("bob"), text));
    QVERIFY(index.isValid());
    QCOMPARE(MessageDelegate::bodyText(index), drawn);
}

void tst_MessageDelegate::markupIsMeasuredAsPlainText()
{
    // Rendered as rich text, "<b>x</b>" would be one bold glyph wide; as plain text all eight
    // characters take room. The body rect is what paint() draws the QTextLayout into.
    const QString html = QStringLiteral("<b>x</b><img src=file:///etc/passwd>");
    const QModelIndex index = add(message(QStringLiteral("id-html"), QStringLiteral("b"), html));
    const QStyleOptionViewItem opt = option(800);
    const MessageDelegate::Geometry g = m_delegate->geometry(opt, index);
    const int literal = QFontMetrics(opt.font).horizontalAdvance(html);
    QVERIFY2(g.text.width() >= literal - 1,
             qPrintable(QStringLiteral("%1 < %2").arg(g.text.width()).arg(literal)));
    QVERIFY(g.text.height() < 2 * QFontMetrics(opt.font).lineSpacing());  // one line
}

void tst_MessageDelegate::sizeHintIsCached()
{
    const QModelIndex index = add(message(QStringLiteral("id-1"), QStringLiteral("alice"),
                                          QStringLiteral("Hello, this is a message.")));
    const QStyleOptionViewItem opt = option(400);
    const int before = m_delegate->layoutCount();
    const QSize first = m_delegate->sizeHint(opt, index);
    QCOMPARE(m_delegate->layoutCount(), before + 1);
    const QSize second = m_delegate->sizeHint(opt, index);
    QCOMPARE(second, first);
    QCOMPARE(m_delegate->layoutCount(), before + 1);  // read from the cache

    // Painting uses the layout measured for the size.
    QImage image(400, first.height(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    QStyleOptionViewItem paintOpt = opt;
    paintOpt.rect = QRect(QPoint(0, 0), first);
    m_delegate->paint(&painter, paintOpt, index);
    painter.end();
    QCOMPARE(m_delegate->layoutCount(), before + 1);

    // Another width is another layout; the font changing drops everything.
    m_delegate->sizeHint(option(300), index);
    QCOMPARE(m_delegate->layoutCount(), before + 2);
    m_delegate->sizeHint(option(300), index);
    QCOMPARE(m_delegate->layoutCount(), before + 2);
    QStyleOptionViewItem bigger = option(300);
    bigger.font.setPointSize(20);
    const QSize big = m_delegate->sizeHint(bigger, index);
    QCOMPARE(m_delegate->layoutCount(), before + 3);
    QVERIFY(big.height() > first.height());
    m_delegate->clearCache();
    m_delegate->sizeHint(bigger, index);
    QCOMPARE(m_delegate->layoutCount(), before + 4);
}

void tst_MessageDelegate::cacheSurvivesAViewRelayout()
{
    QList<ChatMessage> batch;
    for (int i = 0; i < 300; ++i) {
        batch.append(message(QStringLiteral("m%1").arg(i), QStringLiteral("user%1").arg(i % 7),
                             QStringLiteral("message number %1 ").arg(i).repeated(1 + i % 5)));
    }
    m_model->addMessages(batch);
    QListView view;
    view.setItemDelegate(m_delegate);
    view.setModel(m_model);
    view.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.doItemsLayout();
    // Each row measured once, although the scroll bar appeared when the rows overflowed: rows
    // are measured with room for it, so its arrival changes no width.
    QTRY_VERIFY(view.verticalScrollBar()->isVisible());
    // Rows over the first relayout's measuring budget were estimated, then measured in the
    // following turns.
    QTRY_COMPARE(m_delegate->estimatedRows(), 0);
    view.doItemsLayout();
    const int measured = m_delegate->layoutCount();
    QCOMPARE(measured, 300);

    view.doItemsLayout();  // what every insert, scroll-resize or data change triggers
    view.doItemsLayout();
    view.viewport()->repaint();
    QCOMPARE(m_delegate->layoutCount(), measured);
    view.setItemDelegate(nullptr);
}

void tst_MessageDelegate::editedTextIsMeasuredAgain()
{
    const QModelIndex index = add(message(QStringLiteral("id-e"), QStringLiteral("alice"),
                                          QStringLiteral("short")));
    const QSize before = m_delegate->sizeHint(option(400), index);
    // The delegate follows the model it measures: a changed text drops the cached layout and
    // tells the view (sizeHintChanged) to ask again.
    QSignalSpy changed(m_delegate, &MessageDelegate::sizeHintChanged);
    m_model->addMessage(message(QStringLiteral("id-e"), QStringLiteral("alice"),
                                QStringLiteral("a much longer text that wraps ").repeated(10)));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(0));
    const QSize after = m_delegate->sizeHint(option(400), m_model->index(0));
    QVERIFY(after.height() > before.height());

}

void tst_MessageDelegate::longTextWraps()
{
    const QModelIndex shortIndex = add(message(QStringLiteral("s"), QStringLiteral("alice"),
                                               QStringLiteral("hi")));
    const QModelIndex longIndex = add(message(QStringLiteral("l"), QStringLiteral("alice"),
                                              QStringLiteral("word ").repeated(200)));
    const QModelIndex unbroken = add(message(QStringLiteral("u"), QStringLiteral("alice"),
                                             QStringLiteral("x").repeated(2000)));
    const int width = 500;
    const auto shortG = m_delegate->geometry(option(width), shortIndex);
    const auto longG = m_delegate->geometry(option(width), longIndex);
    const auto unbrokenG = m_delegate->geometry(option(width), unbroken);
    const int lineSpacing = QFontMetrics(option(width).font).lineSpacing();
    QVERIFY(longG.text.height() > 5 * lineSpacing);
    QVERIFY(unbrokenG.text.height() > 5 * lineSpacing);
    QVERIFY(shortG.text.height() < 2 * lineSpacing);
    for (const auto &g : {shortG, longG, unbrokenG}) {
        QCOMPARE(g.size.width(), width);
        QVERIFY(g.bubble.width() <= int(width * 0.8));
        QVERIFY(g.bubble.contains(g.text));
        QVERIFY(g.bubble.contains(g.time));
    }
    // One sender, one minute: only the first shows the name.
    QVERIFY(shortG.bubble.contains(shortG.sender));
    QVERIFY(longG.sender.isNull());
    QVERIFY(unbrokenG.sender.isNull());
    QVERIFY(shortG.bubble.width() < longG.bubble.width());  // bubbles hug short text
}

void tst_MessageDelegate::ownMessagesHugTheRight()
{
    const QModelIndex own = add(message(QStringLiteral("o"), QStringLiteral("me"),
                                        QStringLiteral("mine"), true,
                                        ChatMessage::Delivery::Pending));
    const QModelIndex other = add(message(QStringLiteral("t"), QStringLiteral("bob"),
                                          QStringLiteral("theirs")));
    const int width = 600;
    const auto ownG = m_delegate->geometry(option(width), own);
    const auto otherG = m_delegate->geometry(option(width), other);
    QVERIFY(ownG.bubble.left() > width / 2);
    QVERIFY(ownG.bubble.right() > width - 20);
    QVERIFY(otherG.bubble.left() < 20);
    QVERIFY(otherG.bubble.right() < width / 2);
    QVERIFY(!ownG.mark.isEmpty());
    QVERIFY(ownG.bubble.contains(ownG.mark));
    QVERIFY(!ownG.mark.intersects(ownG.time));
    QVERIFY(otherG.mark.isNull());
}

void tst_MessageDelegate::senderColorIsStableAndReadable()
{
    const QStringList names{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
                            QStringLiteral("dave"), QStringLiteral("李雷"), QStringLiteral("韩梅梅"),
                            QStringLiteral("x"), QStringLiteral("a very long name indeed")};
    for (const QPalette &palette : {lightPalette(), darkPalette()}) {
        for (const QString &name : names) {
            const QColor c = MessageDelegate::senderColor(name, palette);
            QCOMPARE(MessageDelegate::senderColor(name, palette), c);
            QVERIFY2(contrastRatio(c, palette.color(QPalette::Base)) >= 4.5,
                     qPrintable(name + QLatin1Char(' ') + c.name()));
        }
    }
    // A fixed hash (not qHash's per-process seed): the same person keeps the same colour.
    QCOMPARE(MessageDelegate::senderColor(QStringLiteral("alice"), lightPalette()).name(),
             MessageDelegate::senderColor(QStringLiteral("alice"), lightPalette()).name());
    QVERIFY(MessageDelegate::senderColor(QStringLiteral("alice"), lightPalette())
            != MessageDelegate::senderColor(QStringLiteral("bob"), lightPalette()));
}

void tst_MessageDelegate::deliveryMarks()
{
    using D = ChatMessage::Delivery;
    QSet<QString> marks;
    QSet<QString> tips;
    for (D d : {D::Pending, D::Sent, D::Delivered, D::Failed}) {
        QVERIFY(!MessageDelegate::deliveryMark(d).isEmpty());
        QVERIFY(!MessageDelegate::deliveryToolTip(d).isEmpty());
        marks.insert(MessageDelegate::deliveryMark(d));
        tips.insert(MessageDelegate::deliveryToolTip(d));
    }
    QCOMPARE(marks.size(), 4);
    QCOMPARE(tips.size(), 4);
    QVERIFY(MessageDelegate::deliveryMark(D::None).isEmpty());
    QCOMPARE(MessageDelegate::deliveryMark(D::Pending), QStringLiteral("\u25F7"));
    QCOMPARE(MessageDelegate::deliveryMark(D::Delivered), QStringLiteral("\u2713\u2713"));
}

void tst_MessageDelegate::timeIsLocalHoursAndMinutes()
{
    const QModelIndex index = add(message(QStringLiteral("t"), QStringLiteral("bob"),
                                          QStringLiteral("hi")));
    const QDateTime utc(QDate(2024, 5, 17), QTime(13, 7), Qt::UTC);
    QCOMPARE(MessageDelegate::timeText(index),
             QLocale().toString(utc.toLocalTime().time(), QStringLiteral("HH:mm")));
    QCOMPARE(MessageDelegate::timeText(index).size(), 5);
    QCOMPARE(MessageDelegate::senderText(index), QStringLiteral("bob"));
    const QModelIndex anonymous = add(message(QStringLiteral("a"), QString(), QStringLiteral("?")));
    QVERIFY(!MessageDelegate::senderText(anonymous).isEmpty());
}

void tst_MessageDelegate::paintsBubbles()
{
    const QModelIndex own = add(message(QStringLiteral("o"), QStringLiteral("me"),
                                        QStringLiteral("mine"), true,
                                        ChatMessage::Delivery::Delivered));
    const QModelIndex other = add(message(QStringLiteral("t"), QStringLiteral("bob"),
                                          QStringLiteral("theirs")));
    for (const QPalette &palette : {lightPalette(), darkPalette()}) {
        QColor ownFill;
        QColor otherFill;
        for (const QModelIndex &index : {own, other}) {
            QStyleOptionViewItem opt = option(400);
            opt.palette = palette;
            const auto g = m_delegate->geometry(opt, index);
            opt.rect = QRect(QPoint(0, 0), g.size);
            QImage image(g.size, QImage::Format_ARGB32_Premultiplied);
            image.fill(palette.color(QPalette::Base));
            QPainter painter(&image);
            m_delegate->paint(&painter, opt, index);
            painter.end();
            // The bubble's padding (left of the text, below the header) is bubble colour.
            const QColor fill = image.pixelColor(g.bubble.left() + 3, g.bubble.center().y());
            QVERIFY(fill != palette.color(QPalette::Base));
            (index == own ? ownFill : otherFill) = fill;
        }
        QVERIFY(ownFill != otherFill);
    }
}

void tst_MessageDelegate::groupsConsecutiveMessagesOfOneSender()
{
    const qint64 window = std::chrono::seconds(MessageDelegate::kGroupWindow).count();
    ChatMessage ownCarol = said(6, QStringLiteral("carol"), kNoon.addSecs(window + 240));
    ownCarol.own = true;  // one's own message is never grouped with someone else's
    ownCarol.delivery = ChatMessage::Delivery::Delivered;
    m_model->addMessages({said(1, QStringLiteral("bob"), kNoon),
                          said(2, QStringLiteral("bob"), kNoon.addSecs(window)),  // at the edge
                          said(3, QStringLiteral("carol"), kNoon.addSecs(window + 60)),
                          said(4, QStringLiteral("carol"), kNoon.addSecs(2 * window + 61)),  // gap
                          said(5, QStringLiteral("carol"), kNoon.addSecs(2 * window + 120)),
                          ownCarol});
    QCOMPARE(m_model->rowCount(), 6);
    const QList<bool> expected{true, false, true, true, false, true};
    QList<MessageDelegate::Geometry> g;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        QCOMPARE(MessageDelegate::startsGroup(index), expected.at(row));
        g.append(m_delegate->geometry(option(400), index));
        QCOMPARE(g.last().sender.isNull(), !expected.at(row));
        QCOMPARE(m_delegate->sizeHint(option(400), index), g.last().size);
    }
    // No name row: the same text takes less height, and the bubbles sit closer together.
    QVERIFY(g.at(1).size.height() < g.at(2).size.height());
    QCOMPARE(g.at(2).size.height(), g.at(3).size.height());
    QCOMPARE(g.at(4).size.height(), g.at(1).size.height());
    QVERIFY(g.at(1).bubble.top() < g.at(2).bubble.top());
    QVERIFY(g.at(0).size.height() > g.at(2).size.height());  // the first row starts a day too
    QVERIFY(!g.at(0).day.isNull());
    for (int row = 1; row < g.size(); ++row)
        QVERIFY(g.at(row).day.isNull());
}

void tst_MessageDelegate::daySeparators()
{
    const QDate today = QDate::currentDate();
    const QDateTime lateYesterday(today.addDays(-1), QTime(23, 59, 40), Qt::LocalTime);
    m_model->addMessages({said(1, QStringLiteral("bob"), lateYesterday.addSecs(-3600)),
                          said(2, QStringLiteral("bob"), lateYesterday),
                          // 40 s later, same sender, but another day: separator and name again
                          said(3, QStringLiteral("bob"), QDateTime(today, QTime(0, 0, 20), Qt::LocalTime)),
                          said(4, QStringLiteral("bob"), QDateTime(today, QTime(0, 1), Qt::LocalTime))});
    const QList<bool> startsDay{true, false, true, false};
    const QList<bool> startsGroup{true, true, true, false};  // an hour between the first two
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        QCOMPARE(MessageDelegate::startsDay(index), startsDay.at(row));
        QCOMPARE(MessageDelegate::startsGroup(index), startsGroup.at(row));
        const auto g = m_delegate->geometry(option(400), index);
        QCOMPARE(!g.day.isNull(), startsDay.at(row));
        if (!g.day.isNull()) {
            QVERIFY(g.day.bottom() < g.bubble.top());
            QVERIFY(g.day.height() > 0);
        }
    }
    const auto words = [today, this](int row) {
        return MessageDelegate::dayText(MessageDelegate::localDay(m_model->index(row)), today);
    };
    QCOMPARE(words(0), QStringLiteral("Yesterday"));
    QCOMPARE(words(2), QStringLiteral("Today"));
    // The separator costs height: same sender, same text, both starting a group.
    QVERIFY(m_delegate->sizeHint(option(400), m_model->index(2)).height()
            > m_delegate->sizeHint(option(400), m_model->index(1)).height());

    // The separator's words are painted centred in its band.
    QStyleOptionViewItem opt = option(400);
    const auto g = m_delegate->geometry(opt, m_model->index(2));
    opt.rect = QRect(QPoint(0, 0), g.size);
    QImage image(g.size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    m_delegate->paint(&painter, opt, m_model->index(2));
    painter.end();
    int inked = 0;
    for (int x = g.day.center().x() - 10; x < g.day.center().x() + 10; ++x) {
        for (int y = g.day.top(); y <= g.day.bottom(); ++y)
            inked += image.pixelColor(x, y).lightness() < 200 ? 1 : 0;
    }
    QVERIFY(inked > 0);
}

void tst_MessageDelegate::dayText()
{
    const QDate today(2024, 5, 17);
    QCOMPARE(MessageDelegate::dayText(today, today), QStringLiteral("Today"));
    QCOMPARE(MessageDelegate::dayText(today.addDays(-1), today), QStringLiteral("Yesterday"));
    const QDate older = today.addDays(-2);
    QCOMPARE(MessageDelegate::dayText(older, today), QLocale().toString(older, QLocale::LongFormat));
    QCOMPARE(MessageDelegate::dayText(QDate(2023, 12, 31), today),
             QLocale().toString(QDate(2023, 12, 31), QLocale::LongFormat));
    QVERIFY(MessageDelegate::dayText(QDate(), today).isEmpty());
}

void tst_MessageDelegate::findLinks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("links");
    const QString ls(QChar::LineSeparator);
    QTest::newRow("plain") << QStringLiteral("see http://example.com now")
                           << QStringList{QStringLiteral("http://example.com")};
    QTest::newRow("https, path, query, fragment")
            << QStringLiteral("https://example.org/a/b?c=d&e=f#g")
            << QStringList{QStringLiteral("https://example.org/a/b?c=d&e=f#g")};
    QTest::newRow("upper-case scheme") << QStringLiteral("HTTPS://example.org/X")
                                       << QStringList{QStringLiteral("https://example.org/X")};
    QTest::newRow("trailing period") << QStringLiteral("Look: https://example.com/page.")
                                     << QStringList{QStringLiteral("https://example.com/page")};
    QTest::newRow("in parentheses") << QStringLiteral("(see https://example.com/x)!")
                                    << QStringList{QStringLiteral("https://example.com/x")};
    QTest::newRow("balanced parentheses")
            << QStringLiteral("https://en.wikipedia.org/wiki/Qt_(software), nice")
            << QStringList{QStringLiteral("https://en.wikipedia.org/wiki/Qt_(software)")};
    QTest::newRow("in brackets") << QStringLiteral("[http://a.example]")
                                 << QStringList{QStringLiteral("http://a.example")};
    QTest::newRow("quoted") << QStringLiteral("'http://q.example' \"https://r.example\"")
                            << QStringList{QStringLiteral("http://q.example"),
                                           QStringLiteral("https://r.example")};
    QTest::newRow("two") << QStringLiteral("http://a.example and https://b.example/")
                         << QStringList{QStringLiteral("http://a.example"),
                                        QStringLiteral("https://b.example/")};
    QTest::newRow("line separator ends it")
            << (QStringLiteral("http://a.example") + ls + QStringLiteral("next"))
            << QStringList{QStringLiteral("http://a.example")};
    QTest::newRow("after CJK, before CJK punctuation")
            << QStringLiteral("看这个http://example.com/页面，好吗？")
            << QStringList{QStringLiteral("http://example.com/页面")};
    QTest::newRow("inside an HTML attribute")
            << QStringLiteral("<a href=\"http://x.example\">y</a>")
            << QStringList{QStringLiteral("http://x.example")};
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << QStringList{};
    QTest::newRow("img file") << QStringLiteral("<img src=file:///etc/passwd>") << QStringList{};
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << QStringList{};
    QTest::newRow("data") << QStringLiteral("data:text/html;base64,PHNjcmlwdD4=") << QStringList{};
    QTest::newRow("ftp") << QStringLiteral("ftp://ftp.example.org/pub") << QStringList{};
    QTest::newRow("mailto") << QStringLiteral("mailto:bob@example.org") << QStringList{};
    QTest::newRow("longer scheme") << QStringLiteral("xhttp://evil.example git+https://g.example")
                                   << QStringList{};
    QTest::newRow("no host") << QStringLiteral("http:// nothing, https://") << QStringList{};
    QTest::newRow("none") << QStringLiteral("just words: a://b") << QStringList{};
}

void tst_MessageDelegate::findLinks()
{
    QFETCH(QString, text);
    QFETCH(QStringList, links);
    const QList<MessageDelegate::Link> found = MessageDelegate::findLinks(text);
    QStringList urls;
    for (const auto &link : found) {
        urls << link.url.toString();
        QVERIFY(MessageDelegate::isOpenableLink(link.url));
        // The range is the address as typed.
        QCOMPARE(QUrl(text.mid(link.start, link.length)), link.url);
    }
    QCOMPARE(urls, links);
}

void tst_MessageDelegate::linksAreDrawnOverPlainText()
{
    const QString text = QStringLiteral("go https://example.com now");
    const QModelIndex index = add(message(QStringLiteral("l"), QStringLiteral("bob"), text));
    QCOMPARE(MessageDelegate::bodyText(index), text);  // the text itself is not changed
    QStyleOptionViewItem opt = option(400);
    opt.palette.setColor(QPalette::Link, QColor(0xd0, 0, 0));
    const auto g = m_delegate->geometry(opt, index);
    const QList<QRect> link = m_delegate->linkRects(opt, index, 0);
    QCOMPARE(link.size(), 1);
    QVERIFY(g.text.contains(link.first()));
    opt.rect = QRect(QPoint(0, 0), g.size);
    QImage image(g.size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    m_delegate->paint(&painter, opt, index);
    painter.end();
    const auto reddish = [](const QColor &c) { return c.red() > 100 && c.red() > 2 * c.green() + 20; };
    int inLink = 0;
    int elsewhere = 0;
    int underline = 0;
    for (int y = g.text.top(); y <= g.text.bottom(); ++y) {
        for (int x = g.text.left(); x <= g.text.right(); ++x) {
            const bool red = reddish(image.pixelColor(x, y));
            (link.first().contains(QPoint(x, y)) ? inLink : elsewhere) += red ? 1 : 0;
        }
    }
    // An underline: a run of link-coloured pixels in one row spanning most of the link.
    for (int y = link.first().top(); y <= link.first().bottom(); ++y) {
        int run = 0;
        for (int x = link.first().left(); x <= link.first().right(); ++x)
            run += reddish(image.pixelColor(x, y)) ? 1 : 0;
        underline = std::max(underline, run);
    }
    QVERIFY2(inLink > 20, qPrintable(QString::number(inLink)));
    QCOMPARE(elsewhere, 0);  // "go" and "now" keep the text colour
    QVERIFY2(underline > link.first().width() * 3 / 4, qPrintable(QString::number(underline)));
}

void tst_MessageDelegate::linkRectsCoverTheLink()
{
    const QString url = QStringLiteral("https://example.com/") + QStringLiteral("segment/").repeated(12);
    const QModelIndex index = add(message(QStringLiteral("w"), QStringLiteral("bob"),
                                          QStringLiteral("start ") + url + QStringLiteral(" end")));
    const QStyleOptionViewItem opt = option(300);  // narrow: the address wraps
    const auto g = m_delegate->geometry(opt, index);
    const QList<MessageDelegate::Link> links = m_delegate->links(opt, index);
    QCOMPARE(links.size(), 1);
    QCOMPARE(links.first().url, QUrl(url));
    const QList<QRect> rects = m_delegate->linkRects(opt, index, 0);
    QVERIFY(rects.size() >= 2);
    for (const QRect &r : rects) {
        QVERIFY(g.text.contains(r.center()));
        QCOMPARE(m_delegate->linkAt(opt, index, r.center()), QUrl(url));
    }
    QVERIFY(m_delegate->linkAt(opt, index, g.text.topLeft() + QPoint(2, 2)).isEmpty());  // "start"
    QVERIFY(m_delegate->linkAt(opt, index, g.bubble.topLeft()).isEmpty());
    QVERIFY(m_delegate->linkRects(opt, index, 1).isEmpty());
}

void tst_MessageDelegate::retryLineOnlyForFailedOwnMessages()
{
    using D = ChatMessage::Delivery;
    for (D d : {D::Pending, D::Sent, D::Delivered, D::Failed})
        add(message(QStringLiteral("own-%1").arg(int(d)), QStringLiteral("me"), QStringLiteral("x"), true, d));
    add(message(QStringLiteral("theirs"), QStringLiteral("bob"), QStringLiteral("x"), false, D::Failed));
    const QStyleOptionViewItem opt = option(400);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        const auto g = m_delegate->geometry(opt, index);
        const bool failed = index.data(MessageModel::OwnRole).toBool()
                && index.data(MessageModel::DeliveryRole).toInt() == int(D::Failed);
        QCOMPARE(MessageDelegate::isRetryable(index), failed);
        QCOMPARE(g.retry.isNull(), !failed);
        QCOMPARE(g.failure.isNull(), !failed);
        if (failed) {
            QVERIFY(g.retry.top() > g.bubble.bottom());
            QVERIFY(g.retry.bottom() < g.size.height());
            QCOMPARE(g.retry.right(), g.bubble.right());
            QVERIFY(g.failure.right() < g.retry.left());
            QVERIFY(m_delegate->isRetryAt(opt, index, g.retry.center()));
            QVERIFY(!m_delegate->isRetryAt(opt, index, g.failure.center()));
        }
        QVERIFY(!m_delegate->isRetryAt(opt, index, g.bubble.center()));
    }
}

void tst_MessageDelegate::insertedNeighbourRegroupsWithoutRemeasuring()
{
    m_model->addMessages({said(1, QStringLiteral("bob"), kNoon),
                          said(3, QStringLiteral("bob"), kNoon.addSecs(60))});
    const QStyleOptionViewItem opt = option(400);
    m_delegate->sizeHint(opt, m_model->index(0));
    const QSize grouped = m_delegate->sizeHint(opt, m_model->index(1));
    QVERIFY(!MessageDelegate::startsGroup(m_model->index(1)));
    const int measured = m_delegate->layoutCount();
    QCOMPARE(measured, 2);

    // carol's message lands between the two (by seq): bob's second message starts a group now.
    m_model->addMessage(said(2, QStringLiteral("carol"), kNoon.addSecs(30)));
    QCOMPARE(m_model->index(2).data(MessageModel::SeqRole).toLongLong(), 3);
    const QSize regrouped = m_delegate->sizeHint(opt, m_model->index(2));
    QVERIFY(regrouped.height() > grouped.height());
    MessageDelegate fresh;
    for (int row = 0; row < 3; ++row)
        QCOMPARE(m_delegate->sizeHint(opt, m_model->index(row)), fresh.sizeHint(opt, m_model->index(row)));
    // Only carol's body was measured; bob's was not measured again for its new neighbour.
    QCOMPARE(m_delegate->layoutCount(), measured + 1);
    for (int row = 0; row < 3; ++row)
        m_delegate->sizeHint(opt, m_model->index(row));
    QCOMPARE(m_delegate->layoutCount(), measured + 1);
}

void tst_MessageDelegate::movedRowRegroups()
{
    // One's own message waits at the end (no seq yet) and moves to its seq's place when the
    // server acknowledges it: between bob's two messages, splitting his group.
    // Three lines: a stale height left at a row index would show.
    ChatMessage mine = message(QStringLiteral("mine"), QStringLiteral("alice"),
                               QStringLiteral("hi\nthere\nall"), true, ChatMessage::Delivery::Sent);
    mine.time = kNoon.addSecs(30).toUTC();
    m_model->addMessages({said(1, QStringLiteral("bob"), kNoon),
                          said(3, QStringLiteral("bob"), kNoon.addSecs(60)), mine});
    QCOMPARE(m_model->rowOfClientId(QStringLiteral("mine")), 2);
    const QStyleOptionViewItem opt = option(400);
    QList<QSize> before;
    for (int row = 0; row < 3; ++row)
        before << m_delegate->sizeHint(opt, m_model->index(row));
    QSignalSpy moved(m_model, &QAbstractItemModel::rowsMoved);
    m_model->updateDelivery(QStringLiteral("mine"), ChatMessage::Delivery::Delivered, 2,
                            kNoon.addSecs(30).toUTC());
    QCOMPARE(moved.count(), 1);
    QCOMPARE(m_model->rowOfClientId(QStringLiteral("mine")), 1);
    QVERIFY(MessageDelegate::startsGroup(m_model->index(2)));
    MessageDelegate fresh;
    for (int row = 0; row < 3; ++row)
        QCOMPARE(m_delegate->sizeHint(opt, m_model->index(row)), fresh.sizeHint(opt, m_model->index(row)));
    QVERIFY(m_delegate->sizeHint(opt, m_model->index(2)).height() > before.at(1).height());
}

void tst_MessageDelegate::changedTimeRegroupsTheFollower()
{
    ChatMessage first = message(QStringLiteral("a1"), QStringLiteral("alice"), QStringLiteral("one"),
                                true, ChatMessage::Delivery::Sent);
    first.time = kNoon.toUTC();
    ChatMessage second = message(QStringLiteral("a2"), QStringLiteral("alice"), QStringLiteral("two"),
                                 true, ChatMessage::Delivery::Sent);
    second.time = kNoon.addSecs(60).toUTC();
    m_model->addMessages({first, second});
    const QStyleOptionViewItem opt = option(400);
    m_delegate->sizeHint(opt, m_model->index(0));
    const QSize grouped = m_delegate->sizeHint(opt, m_model->index(1));
    QSignalSpy changed(m_delegate, &MessageDelegate::sizeHintChanged);
    // The server's time for the first one is an hour earlier: the second one is a new group.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Delivered, 0,
                            kNoon.addSecs(-3600).toUTC());
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toModelIndex(), m_model->index(1));
    const QSize regrouped = m_delegate->sizeHint(opt, m_model->index(1));
    QVERIFY(regrouped.height() > grouped.height());
    MessageDelegate fresh;
    QCOMPARE(regrouped, fresh.sizeHint(opt, m_model->index(1)));
}

void tst_MessageDelegate::deliveryAckDoesNotRelayout()
{
    add(message(QStringLiteral("a1"), QStringLiteral("alice"), QStringLiteral("one"), true,
                ChatMessage::Delivery::Pending));
    const QStyleOptionViewItem opt = option(400);
    const QSize pending = m_delegate->sizeHint(opt, m_model->index(0));
    QSignalSpy changed(m_delegate, &MessageDelegate::sizeHintChanged);
    // Pending -> Sent changes a glyph, not a size: no relayout of the whole view.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Sent, 0, {});
    QCOMPARE(changed.count(), 0);
    // Failed adds the "Not delivered · Retry" line.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Failed, 0, {});
    QCOMPARE(changed.count(), 1);
    const QSize failed = m_delegate->sizeHint(opt, m_model->index(0));
    QVERIFY(failed.height() > pending.height());
    // Retried: Pending again, the line goes.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Pending, 0, {});
    QCOMPARE(changed.count(), 2);
    QCOMPARE(m_delegate->sizeHint(opt, m_model->index(0)), pending);
    QCOMPARE(m_delegate->layoutCount(), 1);  // the body was measured once through all of it
}

void tst_MessageDelegate::localTimeFollowsTheZone()
{
    // The delegate computes local time from the zone's offset per quarter hour instead of
    // converting every message (see localSeconds()); it must agree with QDateTime everywhere,
    // across both summer-time changes and local midnights.
    const auto check = [this](const QDateTime &from, const QDateTime &to, int stepSecs) {
        int row = 0;
        QList<ChatMessage> batch;
        for (QDateTime t = from; t < to; t = t.addSecs(stepSecs)) {
            ChatMessage m = message(QStringLiteral("z%1-%2").arg(from.toSecsSinceEpoch()).arg(row++),
                                    QStringLiteral("bob"), QStringLiteral("x"));
            m.time = t;
            batch << m;
        }
        m_model->addMessages(batch);
        int checked = 0;
        for (int r = 0; r < m_model->rowCount(); ++r) {
            const QModelIndex index = m_model->index(r);
            const QDateTime local = index.data(MessageModel::TimeRole).toDateTime().toLocalTime();
            if (index.data(MessageModel::TimeRole).toDateTime() < from
                || index.data(MessageModel::TimeRole).toDateTime() >= to) {
                continue;
            }
            QCOMPARE(MessageDelegate::timeText(index), local.toString(QStringLiteral("HH:mm")));
            QCOMPARE(MessageDelegate::localDay(index), local.date());
            ++checked;
        }
        QVERIFY(checked > 0);
    };
    // Europe/Berlin: 2024-03-31 01:00 UTC clocks go 02:00 -> 03:00; 2024-10-27 01:00 UTC
    // 03:00 -> 02:00. Every 7 minutes for a day around each, so every quarter hour is hit.
    check(QDateTime(QDate(2024, 3, 30), QTime(12, 0), Qt::UTC),
          QDateTime(QDate(2024, 3, 31), QTime(12, 0), Qt::UTC), 7 * 60);
    if (QTest::currentTestFailed())
        return;
    check(QDateTime(QDate(2024, 10, 26), QTime(12, 0), Qt::UTC),
          QDateTime(QDate(2024, 10, 27), QTime(12, 0), Qt::UTC), 7 * 60);
    if (QTest::currentTestFailed())
        return;
    // The same in a half-hour zone (other instants: offsets are kept per instant, not per zone).
    qputenv("TZ", "Asia/Kolkata");
    tzset();
    check(QDateTime(QDate(2031, 1, 1), QTime(12, 0), Qt::UTC),
          QDateTime(QDate(2031, 1, 2), QTime(12, 0), Qt::UTC), 7 * 60);
    qputenv("TZ", "Europe/Berlin");
    tzset();
}

QTEST_MAIN(tst_MessageDelegate)
#include "tst_messagedelegate.moc"
