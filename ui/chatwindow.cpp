#include "chatwindow.h"

#include <QHostAddress>

#include "chatclient.h"
#include "composer.h"
#include "connectionbanner.h"
#include "logging.h"
#include "messagemodel.h"
#include "messageview.h"

#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kErrorDisplayMs = 10'000;  // how long an error stays in the status bar
constexpr int kBottomSlack = 4;          // px from the end that still count as "at the bottom"
constexpr int kDefaultWidth = 760;
constexpr int kDefaultHeight = 560;
constexpr int kStateDotSize = 10;
constexpr int kStatusItemMargin = 4;  // px left and right of each status bar item
constexpr int kWsDefaultPort = 80;
constexpr int kWssDefaultPort = 443;

}  // namespace

ChatWindow::ChatWindow(ChatClient *client, MessageModel *model, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_model(model)
{
    Q_ASSERT(client);
    Q_ASSERT(model);
    setWindowIcon(QIcon(QStringLiteral(":/icons/parley.svg")));
    buildUi();

    connect(client, &ChatClient::connectionStateChanged, this, [this] {
        updateConnection();
        updateServer();
    });
    // The banner was connected first (buildUi), so it has seen the new delay by now.
    connect(client, &ChatClient::reconnectScheduled, this, &ChatWindow::updateConnection);
    connect(client, &ChatClient::readyChanged, this, &ChatWindow::updateConnection);
    connect(client, &ChatClient::latencyChanged, this, &ChatWindow::updateLatency);
    // The banner's countdown ticks for the status bar too: one timer, one number in both places.
    connect(m_connectionBanner, &ConnectionBanner::textChanged, this, [this] {
        // Once the banner says why the connector stopped, in full, the status bar does not
        // repeat it cut short.
        if (m_connectionBanner->mode() == ConnectionBanner::Mode::Failed)
            statusBar()->clearMessage();
        updateConnection();
    });
    connect(client, &ChatClient::errorOccurred, this, &ChatWindow::showError);

    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &ChatWindow::rememberScrollPosition);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ChatWindow::followNewRows);

    retranslate();
    resize(kDefaultWidth, kDefaultHeight);
    m_composer->setFocus();
}

ChatWindow::~ChatWindow() = default;

void ChatWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // On top: why messages cannot go out right now, and "Retry now" / "Connect".
    m_connectionBanner = new ConnectionBanner(m_client, central);
    layout->addWidget(m_connectionBanner);

    // Untrusted or not, nothing in this window is shown as rich text.
    m_hostBanner = new QLabel(central);
    m_hostBanner->setObjectName(QStringLiteral("hostBanner"));
    m_hostBanner->setTextFormat(Qt::PlainText);
    m_hostBanner->setWordWrap(true);
    m_hostBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hostBanner->setMargin(8);
    m_hostBanner->setAutoFillBackground(true);
    m_hostBanner->setBackgroundRole(QPalette::AlternateBase);
    m_hostBanner->setFrameShape(QFrame::StyledPanel);
    m_hostBanner->hide();
    layout->addWidget(m_hostBanner);

    // Links and Retry are the view's to notice and the window's to act on: the view never
    // opens anything or talks to the network.
    m_view = new MessageView(central);
    m_view->setObjectName(QStringLiteral("messageView"));
    m_view->setModel(m_model);
    connect(m_view, &MessageView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_view, &MessageView::retryRequested, this, [this](const QString &clientId) {
        if (m_client)
            m_client->retry(clientId);
    });
    layout->addWidget(m_view, 1);

    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    auto *bottom = new QWidget(central);
    auto *bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(8, 8, 8, 8);
    m_composer = new Composer(bottom);
    m_composer->setObjectName(QStringLiteral("composer"));
    m_sendButton = new QPushButton(bottom);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setIcon(QIcon::fromTheme(QStringLiteral("document-send")));
    bottomLayout->addWidget(m_composer, 1);
    bottomLayout->addWidget(m_sendButton, 0, Qt::AlignBottom);
    layout->addWidget(bottom);
    connect(m_composer, &Composer::sendRequested, this, &ChatWindow::send);
    connect(m_sendButton, &QPushButton::clicked, m_composer, &Composer::submit);
    setCentralWidget(central);

    // All parts are permanent: error messages (showMessage) appear on the left without hiding
    // whether one is connected.
    m_stateDot = new QLabel(this);
    m_stateDot->setObjectName(QStringLiteral("stateDot"));
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setTextFormat(Qt::PlainText);
    m_latencyLabel = new QLabel(this);
    m_latencyLabel->setObjectName(QStringLiteral("latencyLabel"));
    m_latencyLabel->setTextFormat(Qt::PlainText);
    m_latencyLabel->hide();
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverLabel"));
    m_serverLabel->setTextFormat(Qt::PlainText);
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QLabel *label : {m_connectionLabel, m_latencyLabel, m_serverLabel})
        label->setContentsMargins(kStatusItemMargin, 0, kStatusItemMargin, 0);
    statusBar()->addPermanentWidget(m_stateDot);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_latencyLabel);
    statusBar()->addPermanentWidget(m_serverLabel);
}

void ChatWindow::retranslate()
{
    setWindowTitle(tr("Parley — #%1").arg(m_model ? m_model->room() : QString()));
    m_sendButton->setText(tr("Send"));
    m_sendButton->setToolTip(tr("Send the message (Enter)"));
    m_sendButton->setAccessibleName(tr("Send message"));
    m_connectionLabel->setAccessibleName(tr("Connection state"));
    m_latencyLabel->setToolTip(tr("Round trip to the server"));
    m_latencyLabel->setAccessibleName(tr("Latency"));
    m_serverLabel->setToolTip(tr("Server"));
    m_serverLabel->setAccessibleName(tr("Server"));
    m_hostBanner->setAccessibleName(tr("Hosted server"));
    m_hostBanner->setToolTip(tr("Replace HOST with this computer's address on your network and "
                                "NAME with the name the other person wants to use."));
    setHostedServer(m_hostedUrl);
    updateConnection();
    updateServer();
}

void ChatWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // A font or style change reaches the MessageView, which lays out again by itself.
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

QString ChatWindow::stateText(IMConnector::State state, int retryMs)
{
    switch (state) {
    case IMConnector::State::Disconnected:
        return tr("Offline");
    case IMConnector::State::Connecting:
        return tr("Connecting…");
    case IMConnector::State::Connected:
        return tr("Connected");
    case IMConnector::State::Reconnecting: {
        const int seconds = retryMs > 0 ? (retryMs + 999) / 1000 : 0;
        if (seconds > 0)
            return tr("Reconnecting in %n s", nullptr, seconds);
        return tr("Reconnecting…");
    }
    case IMConnector::State::Closing:
        return tr("Disconnecting…");
    }
    return {};
}

QPixmap ChatWindow::stateDot(IMConnector::State state) const
{
    QColor color = palette().color(QPalette::Disabled, QPalette::WindowText);  // offline, closing
    if (state == IMConnector::State::Connected)
        color = QColor(0x2e, 0xa0, 0x4f);
    else if (state == IMConnector::State::Connecting || state == IMConnector::State::Reconnecting)
        color = QColor(0xe0, 0x9b, 0x00);
    const qreal dpr = devicePixelRatioF();
    QPixmap pixmap(QSize(kStateDotSize, kStateDotSize) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, kStateDotSize - 2, kStateDotSize - 2));
    return pixmap;
}

QString ChatWindow::connectionText() const
{
    return m_connectionLabel->text();
}

void ChatWindow::updateConnection()
{
    if (!m_client)
        return;
    const IMConnector::State state = m_client->connectionState();
    const bool reconnecting = state == IMConnector::State::Reconnecting;
    // The banner's number, so that both places always agree.
    const int seconds = reconnecting ? m_connectionBanner->secondsLeft() : 0;
    m_connectionLabel->setText(stateText(state, seconds > 0 ? seconds * 1000 : -1));
    m_stateDot->setPixmap(stateDot(state));
    m_stateDot->setToolTip(m_connectionLabel->text());
    updateLatency();
}

void ChatWindow::updateLatency()
{
    // The connector keeps the last measurement across links; it is shown only while one is up.
    const int ms = m_client ? m_client->latencyMs() : -1;
    const bool known = ms >= 0 && m_client
            && m_client->connectionState() == IMConnector::State::Connected;
    if (known) {
        // On a LAN or the same computer the round trip rounds to 0 ms, which reads like "none".
        m_latencyLabel->setText(ms == 0 ? tr("< 1 ms") : tr("%1 ms").arg(ms));
    }
    m_latencyLabel->setVisible(known);
}

void ChatWindow::updateServer()
{
    const QUrl url = m_client ? m_client->serverUrl() : QUrl();
    m_serverLabel->setText(url.isEmpty() ? tr("No server") : url.toDisplayString());
}

void ChatWindow::setHostedServer(const QUrl &url)
{
    m_hostedUrl = url;
    if (url.isEmpty()) {
        m_hostBanner->clear();
        m_hostBanner->hide();
        return;
    }
    const bool secure = url.scheme() == QLatin1String("wss");
    const int port = url.port(secure ? kWssDefaultPort : kWsDefaultPort);
    const QHostAddress host(url.host());
    const bool localOnly = host.isLoopback() || url.host() == QLatin1String("localhost");
    if (localOnly) {
        m_hostBanner->setText(
                tr("Hosting a chat at %1 that only this computer can join. To share it on your "
                   "network, start Parley with --listen 0.0.0.0:%2")
                        .arg(url.toDisplayString(), QString::number(port)));
    } else {
        m_hostBanner->setText(tr("Hosting on %1 — others join with: parley --server %1 --name NAME")
                                      .arg(url.toDisplayString()));
    }
    m_hostBanner->show();
}

void ChatWindow::showError(const QString &text)
{
    qCDebug(lcUi) << "showing error:" << text;
    statusBar()->showMessage(text, kErrorDisplayMs);
}

void ChatWindow::send(const QString &text)
{
    if (!m_client || !m_model)
        return;
    const QString id = m_client->sendMessage(m_model->room(), text);
    if (id.isEmpty()) {
        // Refused (too long…): ChatClient said why through errorOccurred. Give the text back
        // rather than lose it.
        qCInfo(lcUi) << "message not accepted by the client; returning it to the composer";
        if (m_composer->toPlainText().isEmpty())
            m_composer->setPlainText(text);
    }
}

void ChatWindow::rememberScrollPosition()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    m_wasAtBottom = bar->value() >= bar->maximum() - kBottomSlack;
}

void ChatWindow::followNewRows(const QModelIndex &parent, int first, int last)
{
    bool ownRow = false;
    for (int row = first; row <= last && !ownRow; ++row)
        ownRow = m_model->index(row, 0, parent).data(MessageModel::OwnRole).toBool();
    // Follow the conversation when the reader was at its end, and always show what one just sent;
    // someone reading older messages is not pulled away.
    if (!m_wasAtBottom && !ownRow)
        return;
    if (m_scrollPending)
        return;
    // One scroll per burst: scrollToBottom() forces the view's pending layout, so do it once
    // after the rows of this event-loop turn are in.
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        m_view->scrollToBottom();
    });
}
