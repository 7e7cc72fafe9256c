"""Text hygiene for everything a user types: NFC, no control characters, no bidi overrides.

Names arrive from passports, spreadsheets and keyboards in many scripts; stored text is NFC so the same
name compares equal however it was typed. Control characters and explicit bidi overrides/isolates are
rejected because they can make a printed name read differently from what is stored. So are lone
surrogates and Unicode noncharacters (broken encodings), line and paragraph separators in one-line fields
(they break CSV files and printed lines), and text longer than any field could hold. A byte-order mark
that a spreadsheet left at the start of a cell is dropped; elsewhere it is refused (it is invisible).
Joiners (ZWJ, ZWNJ) stay: Persian and Indic names need them.
"""

from __future__ import annotations

import unicodedata

# Explicit directional formatting characters (Unicode TR9): embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_IN_MULTILINE = frozenset("\n\t")
LINE_SEPARATORS = frozenset("\u2028\u2029")
BYTE_ORDER_MARK = "\ufeff"
MAX_TEXT_LENGTH = 100_000
"""Far above every field's own limit: refuses a pasted file before anything else looks at it."""


def is_noncharacter(char: str) -> bool:
    """U+FDD0…U+FDEF and the last two code points of every plane: never text, a sign of broken data."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


class TextRejected(ValueError):
    """Raised with a German message naming the reason."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return `value` NFC-normalised and stripped, or raise TextRejected (message: "enthält …")."""
    if len(value) > MAX_TEXT_LENGTH:
        raise TextRejected(f"ist zu lang (mehr als {MAX_TEXT_LENGTH:,} Zeichen)".replace(",", "."))
    text = unicodedata.normalize("NFC", value.removeprefix(BYTE_ORDER_MARK))
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    for char in text:
        if char in BIDI_CONTROLS:
            raise TextRejected("enthält unsichtbare Steuerzeichen für die Schreibrichtung")
        if multiline and char in ALLOWED_IN_MULTILINE:
            continue
        if char in LINE_SEPARATORS:
            raise TextRejected("enthält einen Zeilenumbruch, der in diesem Feld nicht erlaubt ist")
        if char == BYTE_ORDER_MARK:
            raise TextRejected("enthält ein unsichtbares Sonderzeichen (U+FEFF)")
        category = unicodedata.category(char)
        if category == "Cc":
            raise TextRejected("enthält unzulässige Steuerzeichen")
        if category == "Cs" or is_noncharacter(char):  # no character at all: cannot be stored or printed
            raise TextRejected("enthält ungültige Zeichen (defekte Kodierung)")
    return text.strip()


def fold_for_search(value: str) -> str:
    """Lower-case, accent-insensitive key for matching names people write differently."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.replace("ß", "ss").split())
