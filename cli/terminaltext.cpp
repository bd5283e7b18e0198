#include "terminaltext.h"

namespace {
QString hex(char16_t c, int width, const char *prefix)
{
    return QLatin1String(prefix) + QStringLiteral("%1").arg(uint(c), width, 16, QLatin1Char('0'));
}
} // namespace

bool TerminalText::isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

QString TerminalText::forTerminal(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        if (c == u'\n')
            out += QLatin1String("\\n");
        else if (c == u'\t')
            out += QLatin1String("\\t");
        else if (c < 0x20 || c == 0x7F)
            out += hex(c, 2, "\\x");
        else if (c >= 0x80 && c <= 0x9F)
            out += hex(c, 4, "\\u");
        else if (isBidiControl(c))
            out += QChar(0xFFFD);
        else
            out += qc;
    }
    return out;
}

QString TerminalText::forJsonLine(const QString &json)
{
    QString out;
    out.reserve(json.size());
    for (const QChar qc : json) {
        const char16_t c = qc.unicode();
        // Valid JSON text never holds raw C0 controls; in strings these are the only ones left.
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || isBidiControl(c))
            out += hex(c, 4, "\\u");
        else
            out += qc;
    }
    return out;
}
