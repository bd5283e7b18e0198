#include "hostedserverbanner.h"

#include "websocketurl.h"

#include <QEvent>
#include <QHostAddress>

namespace {

constexpr int kMargin = 8;

}  // namespace

HostedServerBanner::HostedServerBanner(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("hostBanner"));
    // Our own words and an address, shown as plain text all the same.
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setMargin(kMargin);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    setFrameShape(QFrame::StyledPanel);
    hide();
    retranslate();
}

HostedServerBanner::~HostedServerBanner() = default;

void HostedServerBanner::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void HostedServerBanner::retranslate()
{
    setAccessibleName(tr("Hosted server"));
    setToolTip(tr("Replace HOST with this computer's address on your network and "
                  "NAME with the name the other person wants to use."));
    setUrl(m_url);
}

void HostedServerBanner::setUrl(const QUrl &url)
{
    m_url = url;
    if (url.isEmpty()) {
        clear();
        hide();
        return;
    }
    const int port = WebSocketUrl::port(url);
    const QHostAddress host(url.host());
    const bool localOnly = host.isLoopback() || url.host() == QLatin1String("localhost");
    if (localOnly) {
        setText(tr("Hosting a chat at %1 that only this computer can join. To let someone in, "
                   "use Parley ▸ Invite Someone…: it offers to share the chat on your network (port %2).")
                        .arg(url.toDisplayString(), QString::number(port)));
    } else {
        setText(tr("Hosting on %1 — to let someone in, send them a link from Parley ▸ Invite Someone…")
                        .arg(url.toDisplayString()));
    }
    show();
}
