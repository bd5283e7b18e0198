#pragma once
// LinkFinder: the http and https links in a message's plain text.
//
// Why only http and https: a message is untrusted text, and a click on it must never run
// something (javascript:), read a local file (file:) or show inline data (data:). Only web pages
// may open from a message; every other scheme stays text.
//
// Why a regular expression on plain text, not a rich-text parser: the text is shown literally
// (see MessageDelegate); a link is a range of that text, drawn as a format over it.
#include <QList>
#include <QString>
#include <QUrl>

class LinkFinder
{
public:
    //! One http(s) link in a text: a range of it and the URL it opens.
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

    //! A longer run of address characters is not a link: browsers and servers refuse much
    //! longer addresses (2,048 is the common limit), and a link's rectangles, tooltip and menu
    //! entry must stay small. A 500,000-character "URL" stays text.
    static constexpr int kMaxLinkLength = 2'048;

    LinkFinder() = delete;

    //! The http and https links in \a text (a message body as MessageTexts::bodyText() gives
    //! it). Every other scheme (file:, javascript:, data:, ftp:…) is left as text. Trailing
    //! punctuation and an unbalanced closing bracket are not part of a link, so that an address
    //! pasted at the end of a sentence or in parentheses opens what was meant. Linear in the
    //! length of \a text; a run of address characters over kMaxLinkLength is no link.
    static QList<Link> findLinks(const QString &text);
    //! Whether \a url may be opened from a message: http or https with a host. Checked again
    //! where a URL leaves the view (MessageView), not only where it is found.
    static bool isOpenable(const QUrl &url);
};
