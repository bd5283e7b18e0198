// Tests ui/messagedelegate.cpp: plain-text only, composing a row (wrapping, own vs others,
// grouping, day separators, the Retry line of Failed messages), delivery marks, painting
// (bubbles in light and dark palettes, links drawn over the plain text) and hit tests (links,
// Retry). The delegate is called here without a view: every answer is measured for the call.
// Caching is tests/ui/tst_rowlayoutcache.cpp's; links, times and colours have their own tests.
#include "messagedelegate.h"
#include "messagetexts.h"
#include "messagefixtures.h"
#include "messagemodel.h"
#include "messagetimetext.h"
#include "testmain.h"

#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QTest>
#include <QTextLayout>

#include <ctime>

using namespace fixtures;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    return p;
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
    void longTextWraps();
    void ownMessagesHugTheRight();
    void deliveryMarks();
    void timeIsLocalHoursAndMinutes();
    void editedAndDeletedSayIt();
    void paintsBubbles();
    void groupsConsecutiveMessagesOfOneSender();
    void daySeparators();
    void linksAreDrawnOverPlainText();
    void linkRectsCoverTheLink();
    void retryLineOnlyForFailedOwnMessages();
    void layoutCountCountsMeasuring();
    void longMessageEndsWithShowMore_data();
    void longMessageEndsWithShowMore();

private:
    QModelIndex add(const ChatMessage &m);

    MessageModel *m_model = nullptr;
    MessageDelegate *m_delegate = nullptr;
};

void tst_MessageDelegate::initTestCase()
{
    // A zone with summer time, set before any local time is computed: local times keep the
    // zone's offsets per quarter hour (see tst_messagetimetext).
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
    QCOMPARE(MessageTexts::bodyText(index), drawn);
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

void tst_MessageDelegate::deliveryMarks()
{
    using D = ChatMessage::Delivery;
    QSet<QString> marks;
    QSet<QString> tips;
    for (D d : {D::Pending, D::Sent, D::Delivered, D::Failed}) {
        QVERIFY(!MessageTexts::deliveryMark(d).isEmpty());
        QVERIFY(!MessageTexts::deliveryToolTip(d).isEmpty());
        marks.insert(MessageTexts::deliveryMark(d));
        tips.insert(MessageTexts::deliveryToolTip(d));
    }
    QCOMPARE(marks.size(), 4);
    QCOMPARE(tips.size(), 4);
    QVERIFY(MessageTexts::deliveryMark(D::None).isEmpty());
    QCOMPARE(MessageTexts::deliveryMark(D::Pending), QStringLiteral("\u25F7"));
    QCOMPARE(MessageTexts::deliveryMark(D::Delivered), QStringLiteral("\u2713\u2713"));
}

void tst_MessageDelegate::timeIsLocalHoursAndMinutes()
{
    const QModelIndex index = add(message(QStringLiteral("t"), QStringLiteral("bob"),
                                          QStringLiteral("hi")));
    const QDateTime utc(QDate(2024, 5, 17), QTime(13, 7), Qt::UTC);
    QCOMPARE(MessageTexts::timeText(index),
             QLocale().toString(utc.toLocalTime().time(), QStringLiteral("HH:mm")));
    QCOMPARE(MessageTexts::timeText(index).size(), 5);
    QCOMPARE(MessageTexts::senderText(index), QStringLiteral("bob"));
    const QModelIndex anonymous = add(message(QStringLiteral("a"), QString(), QStringLiteral("?")));
    QVERIFY(!MessageTexts::senderText(anonymous).isEmpty());
}

// "edited HH:mm" beside the time once edited, never on a deleted message, whose body says it
// was deleted (its text is gone).
void tst_MessageDelegate::editedAndDeletedSayIt()
{
    ChatMessage m = message(QStringLiteral("e"), QStringLiteral("bob"), QStringLiteral("typo"));
    m.seq = 40;
    m.room = m_model->room();
    const QModelIndex index = add(m);
    const QString plain = MessageTexts::timeText(index);
    ChatMessage edit;
    edit.kind = ChatMessage::Kind::Edit;
    edit.room = m.room;
    edit.seq = 41;
    edit.target = 40;
    edit.text = QStringLiteral("fixed");
    edit.time = QDateTime::currentDateTimeUtc();
    m_model->addMessage(edit);
    QCOMPARE(MessageTexts::timeText(index), QStringLiteral("edited %1").arg(plain));
    QCOMPARE(MessageTexts::bodyText(index), QStringLiteral("fixed"));
    ChatMessage del = edit;
    del.kind = ChatMessage::Kind::Delete;
    del.seq = 42;
    del.text.clear();
    m_model->addMessage(del);
    QCOMPARE(MessageTexts::timeText(index), plain);
    QCOMPARE(MessageTexts::bodyText(index), QStringLiteral("Message deleted"));
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
        const QDateTime time = m_model->index(row).data(MessageModel::TimeRole).toDateTime();
        return MessageTimeText::dayText(MessageTimeText::localDay(time), today);
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

void tst_MessageDelegate::linksAreDrawnOverPlainText()
{
    const QString text = QStringLiteral("go https://example.com now");
    const QModelIndex index = add(message(QStringLiteral("l"), QStringLiteral("bob"), text));
    QCOMPARE(MessageTexts::bodyText(index), text);  // the text itself is not changed
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
    const QList<LinkFinder::Link> links = m_delegate->links(opt, index);
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

void tst_MessageDelegate::layoutCountCountsMeasuring()
{
    // Without a view's cache every answer is measured for the call (layoutCount() is how the
    // caches' tests prove they measure once).
    const QModelIndex index = add(message(QStringLiteral("c"), QStringLiteral("bob"),
                                          QStringLiteral("count me")));
    QCOMPARE(m_delegate->layoutCount(), 0);
    const QSize size = m_delegate->sizeHint(option(400), index);
    QCOMPARE(m_delegate->layoutCount(), 1);
    QCOMPARE(m_delegate->sizeHint(option(400), index), size);
    QCOMPARE(m_delegate->layoutCount(), 2);
    QCOMPARE(m_delegate->estimatedRows(), 0);  // no view, no estimates
}

void tst_MessageDelegate::longMessageEndsWithShowMore_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("clipped");
    QTest::newRow("short") << QStringLiteral("hello") << false;
    QTest::newRow("over the characters") << QStringLiteral("x").repeated(MessageClip::kCollapsed.chars + 1)
                                         << true;
    QTest::newRow("over the lines") << QStringLiteral("line\n").repeated(MessageClip::kCollapsed.lines + 1)
                                    << true;
    QTest::newRow("over the wrapped lines") << QStringLiteral("word ").repeated(300) << true;
}

void tst_MessageDelegate::longMessageEndsWithShowMore()
{
    QFETCH(QString, text);
    QFETCH(bool, clipped);
    const QModelIndex index = add(message(QStringLiteral("m"), QStringLiteral("bob"), text));
    const MessageDelegate::Geometry g = m_delegate->geometry(option(400), index);
    QCOMPARE(!g.more.isNull(), clipped);
    QCOMPARE(g.moreExpands, clipped);
    QCOMPARE(m_delegate->canShowMore(option(400), index), clipped);
    QVERIFY(MessageTexts::bodyText(index).size() <= MessageClip::kCollapsed.chars);
    if (!clipped)
        return;
    // Under the text, inside the bubble, left-aligned with the text; the time beside it.
    QVERIFY(g.more.top() > g.text.bottom());
    QVERIFY(g.bubble.contains(g.more));
    QCOMPARE(g.more.left(), g.text.left());
    QVERIFY(g.time.top() >= g.more.top());
    QVERIFY(!g.time.intersects(g.more));
    QVERIFY(m_delegate->isMoreAt(option(400), index, g.more.center()));
    QVERIFY(!m_delegate->isMoreAt(option(400), index, g.text.center()));
    // Laid out: no more lines than the limit.
    MessageMetrics metrics = MessageDelegate::metricsFor(option(400).font);
    std::unique_ptr<QTextLayout> layout;
    const MessageMetrics::Body body = m_delegate->measureBody(index, 400, metrics, &layout);
    QVERIFY(layout->lineCount() <= MessageClip::kCollapsed.lines);
    QVERIFY(body.clipped);
    // At the most a row shows, the note replaces "Show more".
    const MessageMetrics::Body most =
            m_delegate->measureBody(index, 400, metrics, nullptr, MessageClip::kMaxShown);
    const MessageDelegate::Geometry g2 = MessageDelegate::compose(most, 0, 400, metrics);
    QCOMPARE(!g2.more.isNull(), most.clipped);
    QVERIFY(!g2.moreExpands);
}

PARLEY_TEST_MAIN(tst_MessageDelegate)
#include "tst_messagedelegate.moc"
