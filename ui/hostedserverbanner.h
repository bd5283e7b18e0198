#pragma once
// HostedServerBanner: the notice at the top of the chat when this instance hosts the server,
// saying at which address and how others join it (or, for a loopback address, that only this
// computer can join and how to share it on the network). Plain text, selectable, so that the
// command can be copied.
#include <QLabel>
#include <QUrl>

class HostedServerBanner : public QLabel
{
    Q_OBJECT
public:
    //! Hidden until setUrl() gives it an address.
    explicit HostedServerBanner(QWidget *parent = nullptr);
    ~HostedServerBanner() override;

    //! This instance hosts a server at \a url (the address others would use); an empty \a url
    //! hides the notice.
    void setUrl(const QUrl &url);
    QUrl url() const { return m_url; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QUrl m_url;
};
