#pragma once
// TerminalText: makes text from a server safe to write to a terminal. A server decides what its
// errors, refusal reasons, names and messages say; written raw, an ESC sequence in them could
// move the cursor, rewrite earlier lines, set the window title or worse, and a bidi override
// could make a line read differently from what it is.
//
//  * forTerminal(): for human-readable lines (notes, errors). C0 controls (newline and tab
//    included: one server string stays on its line), ESC, DEL and C1 controls become visible
//    escapes (\x1b, \x7f, \u009b, \n, \t); bidi overrides and isolates become U+FFFD.
//  * forJsonLine(): for a line of compact JSON (listen's output). QJsonDocument escapes C0
//    already (ESC as \u001b); DEL, C1 and the bidi controls are escaped too (\u007f…), which
//    keeps the JSON valid and its data unchanged for a parser.
#include <QString>

class TerminalText
{
public:
    static QString forTerminal(const QString &text);
    static QString forJsonLine(const QString &json);
    //! U+202A–U+202E and U+2066–U+2069: embeddings, overrides and isolates.
    static bool isBidiControl(char16_t c);
};
