// Tests ui/messagedelegate.cpp: plain-text only, the (id, width) layout cache, own vs others,
// readable sender colours in light and dark palettes, delivery marks.
#include "messagedelegate.h"
#include "messagemodel.h"

#include <QImage>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <cmath>

namespace {

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

private:
    QStyleOptionViewItem option(int width) const;
    QModelIndex add(const ChatMessage &m);

    MessageModel *m_model = nullptr;
    MessageDelegate *m_delegate = nullptr;
};

void tst_MessageDelegate::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
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
    QVERIFY(longG.size.height() > 5 * shortG.size.height());
    QVERIFY(unbrokenG.size.height() > 5 * shortG.size.height());
    for (const auto &g : {shortG, longG, unbrokenG}) {
        QCOMPARE(g.size.width(), width);
        QVERIFY(g.bubble.width() <= int(width * 0.8));
        QVERIFY(g.bubble.contains(g.text));
        QVERIFY(g.bubble.contains(g.sender));
        QVERIFY(g.bubble.contains(g.time));
    }
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

QTEST_MAIN(tst_MessageDelegate)
#include "tst_messagedelegate.moc"
