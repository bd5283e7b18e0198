#include "connectionstatusbar.h"

#include "chatclient.h"
#include "connectionbanner.h"

#include <QEvent>
#include <QLabel>
#include <QPainter>

namespace {

constexpr int kStateDotSize = 10;
constexpr int kStatusItemMargin = 4;  // px left and right of each status bar item

}  // namespace

ConnectionStatusBar::ConnectionStatusBar(ChatClient *client, ConnectionBanner *banner,
                                         QWidget *parent)
    : QStatusBar(parent)
    , m_client(client)
    , m_banner(banner)
{
    Q_ASSERT(client);
    Q_ASSERT(banner);
    setObjectName(QStringLiteral("connectionStatusBar"));
    // All parts are permanent: messages (showMessage) appear on the left without hiding whether
    // one is connected.
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
    addPermanentWidget(m_stateDot);
    addPermanentWidget(m_connectionLabel);
    addPermanentWidget(m_latencyLabel);
    addPermanentWidget(m_serverLabel);

    connect(client, &ChatClient::connectionStateChanged, this, [this] {
        updateConnection();
        updateServer();
    });
    // The banner was connected first, so it has seen the new delay by now.
    connect(client, &ChatClient::reconnectScheduled, this, &ConnectionStatusBar::updateConnection);
    connect(client, &ChatClient::readyChanged, this, &ConnectionStatusBar::updateConnection);
    connect(client, &ChatClient::latencyChanged, this, &ConnectionStatusBar::updateLatency);
    // The banner's countdown ticks for the status bar too: one timer, one number in both places.
    connect(banner, &ConnectionBanner::textChanged, this, [this] {
        // Once the banner says why the connector stopped, in full, the status bar does not
        // repeat it cut short.
        if (m_banner->mode() == ConnectionBanner::Mode::Failed)
            clearMessage();
        updateConnection();
    });
    retranslate();
}

ConnectionStatusBar::~ConnectionStatusBar() = default;

void ConnectionStatusBar::changeEvent(QEvent *event)
{
    QStatusBar::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void ConnectionStatusBar::retranslate()
{
    m_connectionLabel->setAccessibleName(tr("Connection state"));
    m_latencyLabel->setToolTip(tr("Round trip to the server"));
    m_latencyLabel->setAccessibleName(tr("Latency"));
    m_serverLabel->setToolTip(tr("Server"));
    m_serverLabel->setAccessibleName(tr("Server"));
    updateConnection();
    updateServer();
}

QString ConnectionStatusBar::stateText(IMConnector::State state, int retryMs)
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

QPixmap ConnectionStatusBar::stateDot(IMConnector::State state) const
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

QString ConnectionStatusBar::connectionText() const
{
    return m_connectionLabel->text();
}

void ConnectionStatusBar::updateConnection()
{
    if (!m_client)
        return;
    const IMConnector::State state = m_client->connectionState();
    const bool reconnecting = state == IMConnector::State::Reconnecting;
    // The banner's number, so that both places always agree.
    const int seconds = reconnecting ? m_banner->secondsLeft() : 0;
    m_connectionLabel->setText(stateText(state, seconds > 0 ? seconds * 1000 : -1));
    m_stateDot->setPixmap(stateDot(state));
    m_stateDot->setToolTip(m_connectionLabel->text());
    updateLatency();
}

void ConnectionStatusBar::updateLatency()
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

void ConnectionStatusBar::updateServer()
{
    const QUrl url = m_client ? m_client->serverUrl() : QUrl();
    m_serverLabel->setText(url.isEmpty() ? tr("No server") : url.toDisplayString());
}
