#include "connectionbanner.h"

#include "websocketurl.h"

#include "chatclient.h"
#include "logging.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>

using namespace std::chrono_literals;

namespace {

constexpr auto kCountdownTick = 1s;     // the countdown shows whole seconds
constexpr auto kCountdownSlack = 5ms;   // redraw just after the shown second went stale
constexpr auto kCoalesce = 0ms;         // one refresh per event-loop turn
constexpr QRgb kWarningAccent = 0xe09b00;  // amber, like the status bar's dot while reconnecting
constexpr QRgb kErrorAccent = 0xc62828;    // red: stopped, the user has to act
constexpr qreal kTintShare = 0.22;  // share of the accent in the background (rest: Window)
constexpr int kAccentWidth = 4;     // px, the coloured edge on the left
constexpr int kMarginH = 10;        // px
constexpr int kMarginV = 6;         // px

QColor blend(const QColor &base, const QColor &tint, qreal share)
{
    const auto mix = [share](int a, int b) { return qRound(a * (1.0 - share) + b * share); };
    return QColor(mix(base.red(), tint.red()), mix(base.green(), tint.green()),
                  mix(base.blue(), tint.blue()));
}

}  // namespace

ConnectionBanner::ConnectionBanner(ChatClient *client, QWidget *parent)
    : QFrame(parent)
    , m_client(client)
{
    Q_ASSERT(client);
    setObjectName(QStringLiteral("connectionBanner"));
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("connectionBannerIcon"));
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("connectionBannerText"));
    // Error texts can carry what a server sent: never guess rich text.
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_button = new QPushButton(this);
    m_button->setObjectName(QStringLiteral("connectionBannerButton"));
    m_button->setAutoDefault(false);
    m_button->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(kAccentWidth + kMarginH, kMarginV, kMarginH, kMarginV);
    layout->addWidget(m_icon, 0, Qt::AlignVCenter);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_button, 0, Qt::AlignVCenter);

    m_countdown.setSingleShot(true);
    m_countdown.setTimerType(Qt::PreciseTimer);  // a coarse timer may wake 5 % early: "3, 3, 1"
    connect(&m_countdown, &QTimer::timeout, this, [this] { refresh(); });
    m_grace.setSingleShot(true);
    m_grace.setInterval(kFirstAttemptGrace);
    connect(&m_grace, &QTimer::timeout, this, [this] { refresh(true); });
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kCoalesce);
    connect(&m_refresh, &QTimer::timeout, this, [this] { refresh(); });

    connect(client, &ChatClient::connectionStateChanged, this, &ConnectionBanner::onStateChanged);
    connect(client, &ChatClient::readyChanged, this, &ConnectionBanner::onReadyChanged);
    connect(client, &ChatClient::reconnectScheduled, this, &ConnectionBanner::onReconnectScheduled);
    connect(client, &ChatClient::linkError, this, &ConnectionBanner::onLinkError);
    connect(m_button, &QPushButton::clicked, this, &ConnectionBanner::onButtonClicked);

    m_lastState = client->connectionState();
    if (client->isReady())
        m_linkUrl = client->serverUrl();
    hide();
    setAccessibleName(tr("Connection problem"));
    refresh();
}

ConnectionBanner::~ConnectionBanner() = default;

QString ConnectionBanner::text() const
{
    return m_label->text();
}

void ConnectionBanner::onStateChanged(IMConnector::State state)
{
    const IMConnector::State previous = m_lastState;
    m_lastState = state;
    if (state == IMConnector::State::Disconnected) {
        // A permanent link error (refused, TLS, gave up…) comes just before the stop it causes;
        // a stop after the user's own close() needs no banner.
        if (previous == IMConnector::State::Closing)
            m_failure.clear();
        m_linkUrl.clear();
    } else if (state == IMConnector::State::Connecting) {
        m_failure.clear(); // a new attempt: the old reason no longer holds
    }
    scheduleRefresh();
}

void ConnectionBanner::onReadyChanged(bool ready)
{
    if (ready && m_client)
        m_linkUrl = m_client->serverUrl();
    scheduleRefresh();
}

void ConnectionBanner::onReconnectScheduled(int attempt, int delayMs)
{
    Q_UNUSED(attempt)
    m_retryDelayMs = delayMs;
    scheduleRefresh();
}

void ConnectionBanner::onLinkError(IMConnector::Error kind, const QString &text)
{
    if (IMConnector::isTransient(kind))
        return; // retried by itself; the countdown says so
    m_failure = text;
    scheduleRefresh();
}

void ConnectionBanner::onButtonClicked()
{
    if (!m_client)
        return;
    switch (m_client->connectionState()) {
    case IMConnector::State::Reconnecting:
        qCInfo(lcUi) << "user asked to retry now";
        m_client->reconnectNow();
        break;
    case IMConnector::State::Disconnected:
        if (WebSocketUrl::isValid(m_client->serverUrl())) {
            qCInfo(lcUi) << "user asked to connect again";
            m_client->connectToServer(m_client->serverUrl());
        }
        break;
    case IMConnector::State::Connecting:
    case IMConnector::State::Connected:
    case IMConnector::State::Closing:
        break;  // the button is disabled or hidden then
    }
}

void ConnectionBanner::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

bool ConnectionBanner::hadLink() const
{
    return m_client && !m_linkUrl.isEmpty() && m_linkUrl == m_client->serverUrl();
}

int ConnectionBanner::secondsLeft() const
{
    const int remaining = m_client ? m_client->retryRemainingMs() : -1;
    if (remaining <= 0)
        return 0;
    const int tickMs = int(std::chrono::milliseconds(kCountdownTick).count());
    const int seconds = (remaining + tickMs - 1) / tickMs;
    if (m_retryDelayMs > 0)
        return qMin(seconds, (m_retryDelayMs + tickMs - 1) / tickMs);
    return seconds;
}

ConnectionBanner::Mode ConnectionBanner::decide(bool graceOver) const
{
    if (!m_client)
        return Mode::Hidden;
    switch (m_client->connectionState()) {
    case IMConnector::State::Connected:
        if (m_client->isReady())
            return Mode::Hidden;
        [[fallthrough]];  // the websocket is up, the chat handshake is not done yet
    case IMConnector::State::Connecting:
        // Once shown, the banner stays through the attempt; a first one gets a moment first.
        return (m_mode != Mode::Hidden || graceOver) ? Mode::Trying : Mode::Hidden;
    case IMConnector::State::Reconnecting:
        return m_client->retryRemainingMs() < 0 ? Mode::Offline : Mode::Waiting;
    case IMConnector::State::Disconnected:
        return m_failure.isEmpty() ? Mode::Hidden : Mode::Failed;
    case IMConnector::State::Closing:
        return Mode::Hidden;
    }
    return Mode::Hidden;
}

QString ConnectionBanner::textFor(Mode mode) const
{
    switch (mode) {
    case Mode::Hidden:
        return {};
    case Mode::Trying:
        if (hadLink())
            return tr("Connection lost — reconnecting…");
        return tr("Connecting to %1…").arg(m_client->serverUrl().toDisplayString());
    case Mode::Waiting: {
        // The retry is due within the last second when the timer says 0: still "1 s".
        const int seconds = qMax(1, secondsLeft());
        if (hadLink())
            return tr("Connection lost — reconnecting in %n s", nullptr, seconds);
        return tr("Cannot reach the server — retrying in %n s", nullptr, seconds);
    }
    case Mode::Offline:
        return tr("You are offline — Parley will reconnect when the network is back.");
    case Mode::Failed:
        return tr("Not connected: %1").arg(m_failure);
    }
    return {};
}

void ConnectionBanner::refresh(bool graceOver)
{
    m_refresh.stop();
    const Mode mode = decide(graceOver);
    const bool modeChanged = mode != m_mode;
    m_mode = mode;

    // The grace runs only while a first attempt is under way and nothing is shown yet.
    const IMConnector::State state = m_client ? m_client->connectionState()
                                              : IMConnector::State::Disconnected;
    const bool attempting = state == IMConnector::State::Connecting
            || (state == IMConnector::State::Connected && m_client && !m_client->isReady());
    if (mode == Mode::Hidden && attempting) {
        if (!m_grace.isActive())
            m_grace.start();
    } else {
        m_grace.stop();
    }

    switch (mode) {
    case Mode::Waiting:
    case Mode::Offline:
        m_button->setText(tr("Retry now"));
        m_button->setToolTip(tr("Try to connect now instead of waiting"));
        m_button->setEnabled(true);
        m_button->show();
        break;
    case Mode::Trying:
        // An attempt is under way: nothing to press, but the button keeps its place so the
        // banner does not jump on every attempt.
        m_button->setEnabled(false);
        break;
    case Mode::Failed: {
        const QUrl url = m_client ? m_client->serverUrl() : QUrl();
        m_button->setText(tr("Connect"));
        m_button->setToolTip(tr("Connect to %1 again").arg(url.toDisplayString()));
        m_button->setEnabled(true);
        m_button->setVisible(WebSocketUrl::isValid(url));
        break;
    }
    case Mode::Hidden:
        m_button->hide();
        break;
    }
    m_button->setAccessibleName(m_button->text());

    if (mode == Mode::Waiting)
        armCountdown();
    else
        m_countdown.stop();

    if (modeChanged) {
        qCDebug(lcUi) << "connection banner:" << mode;
        updateIcon();
        update();  // the tint follows the mode
    }

    const QString text = textFor(mode);
    setVisible(mode != Mode::Hidden);
    if (text != m_label->text()) {
        m_label->setText(text);
        m_label->setAccessibleName(text);
        Q_EMIT textChanged(text);
    }
}

void ConnectionBanner::armCountdown()
{
    const int remaining = m_client ? m_client->retryRemainingMs() : -1;
    const int seconds = secondsLeft();
    if (remaining <= 0 || seconds <= 0) {
        m_countdown.stop();  // due now: the client's state change follows and refreshes
        return;
    }
    // Wake when the shown number goes stale, i.e. when (seconds - 1) whole ticks remain, so the
    // count never lags the retry and never repeats or skips a number.
    const int tickMs = int(std::chrono::milliseconds(kCountdownTick).count());
    m_countdown.start(remaining - (seconds - 1) * tickMs + int(kCountdownSlack.count()));
}

void ConnectionBanner::updateIcon()
{
    const QStyle::StandardPixmap icon = m_mode == Mode::Failed ? QStyle::SP_MessageBoxCritical
                                                               : QStyle::SP_MessageBoxWarning;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this)
                              .pixmap(QSize(size, size), devicePixelRatioF()));
}

QColor ConnectionBanner::accentColor() const
{
    return QColor(m_mode == Mode::Failed ? kErrorAccent : kWarningAccent);
}

void ConnectionBanner::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    // Tinted from the palette's own Window colour: a light amber on a light theme, a dark one on
    // a dark theme, so WindowText stays readable on both.
    QPainter painter(this);
    const QColor accent = accentColor();
    painter.fillRect(rect(), blend(palette().color(QPalette::Window), accent, kTintShare));
    painter.fillRect(QRect(0, 0, kAccentWidth, height()), accent);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(rect().bottomLeft(), rect().bottomRight());
}

void ConnectionBanner::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    switch (event->type()) {
    case QEvent::LanguageChange:
        setAccessibleName(tr("Connection problem"));
        refresh();
        break;
    case QEvent::StyleChange:
    case QEvent::PaletteChange:
        updateIcon();  // the tint is painted from the palette anyway
        update();
        break;
    default:
        break;
    }
}
