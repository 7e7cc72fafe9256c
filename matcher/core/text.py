"""Text hygiene for everything a user types: NFC, no control characters, no bidi overrides.

Names arrive from passports, spreadsheets and keyboards in many scripts; stored text is NFC so the same
name compares equal however it was typed. Control characters and explicit bidi overrides/isolates are
rejected because they can make a printed name read differently from what is stored.
"""

from __future__ import annotations

import unicodedata

# Explicit directional formatting characters (Unicode TR9): embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_IN_MULTILINE = frozenset("\n\t")


class TextRejected(ValueError):
    """Raised with a German message naming the reason."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return `value` NFC-normalised and stripped, or raise TextRejected."""
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in text:
        if char in BIDI_CONTROLS:
            raise TextRejected("enthält unsichtbare Steuerzeichen für die Schreibrichtung")
        if multiline and char in ALLOWED_IN_MULTILINE:
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            raise TextRejected("enthält unzulässige Steuerzeichen")
        if category == "Cs":  # a lone surrogate: no character at all, cannot be stored or printed
            raise TextRejected("enthält ungültige Zeichen (defekte Kodierung)")
    return text.strip()


def fold_for_search(value: str) -> str:
    """Lower-case, accent-insensitive key for matching names people write differently."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.replace("ß", "ss").split())
