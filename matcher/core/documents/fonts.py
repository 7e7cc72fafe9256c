"""Fonts for printed documents: embedded Noto fonts, per-script runs and a glyph-coverage check.

Why this room exists: a TrueType font silently drops or boxes characters it lacks (Noto Sans prints
nothing for Arabic, Noto Sans Arabic prints boxes for Latin). A name in a lease must print exactly as
entered, so every value is (1) checked against the bundled fonts before rendering — a character no font
has is refused with a German message naming the field — and (2) split into runs of one script, each set
in a font that has its glyphs. Arabic runs are shaped by HarfBuzz (reportlab's `shaping=1` paragraph
style attribute with `uharfbuzz` installed). Every value is XML-escaped here, so text from the database is
never reportlab markup (`Ali <b>` prints literally).

Nothing here touches the database; the only input is text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.paths import RESOURCES_DIR

FONT_DIR = RESOURCES_DIR / "fonts"


@dataclass(frozen=True)
class FontFamily:
    """One bundled family: the reportlab names of its regular and bold faces and their files."""

    name: str
    regular_file: str
    bold_file: str

    @property
    def bold(self) -> str:
        return f"{self.name}-Bold"


LATIN = FontFamily("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
ARABIC = FontFamily("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
ETHIOPIC = FontFamily("NotoSansEthiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf")
FAMILIES: tuple[FontFamily, ...] = (LATIN, ARABIC, ETHIOPIC)
RTL_FAMILIES = frozenset({ARABIC})
BODY_FONT = LATIN.name
BOLD_FONT = LATIN.bold

_SCRIPT_RANGES: tuple[tuple[int, int, FontFamily], ...] = (
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x0870, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x1200, 0x139F, ETHIOPIC),
    (0x2D80, 0x2DDF, ETHIOPIC),
    (0xAB00, 0xAB2F, ETHIOPIC),
)
"""Scripts that must be set in their own font even where Noto Sans has a glyph of the same code point."""


@cache
def register_fonts() -> None:
    """Register the bundled fonts with reportlab once per process (embedded subsets in every PDF)."""
    for family in FAMILIES:
        pdfmetrics.registerFont(TTFont(family.name, str(FONT_DIR / family.regular_file)))
        pdfmetrics.registerFont(TTFont(family.bold, str(FONT_DIR / family.bold_file)))
        # <b> inside a paragraph switches to the bold face of whichever family the run is set in.
        addMapping(family.name, 0, 0, family.name)
        addMapping(family.name, 1, 0, family.bold)
        addMapping(family.name, 0, 1, family.name)
        addMapping(family.name, 1, 1, family.bold)


@cache
def _covered(family: FontFamily) -> frozenset[int]:
    """Code points both faces of a family have glyphs for (a bold label must print what regular does)."""
    register_fonts()
    regular = pdfmetrics.getFont(family.name).face.charToGlyph  # type: ignore[attr-defined]
    bold = pdfmetrics.getFont(family.bold).face.charToGlyph  # type: ignore[attr-defined]
    return frozenset(code for code in regular if code in bold and regular[code] != 0)


def _script_family(char: str) -> FontFamily | None:
    code = ord(char)
    for low, high, family in _SCRIPT_RANGES:
        if low <= code <= high:
            return family
    return None


def _is_neutral(char: str) -> bool:
    """Spaces, digits, punctuation and the zero-width (non-)joiners follow the run they stand in (a space
    between Arabic words, the ZWNJ inside a Farsi word)."""
    return unicodedata.category(char)[0] in "ZPN" or char in "\n\u200c\u200d"


def _strong_family(char: str) -> FontFamily | None:
    """The family a non-neutral character must be set in, or None when no bundled font has it."""
    own = _script_family(char)
    if own is not None:
        return own if ord(char) in _covered(own) else None
    for family in FAMILIES:
        if ord(char) in _covered(family):
            return family
    return None


def _families(text: str) -> list[FontFamily | None]:
    """A family per character. Neutrals (spaces, punctuation, digits) between two runs of the same script
    join them (the space inside an Arabic name is shaped with it); elsewhere they are set in Noto Sans,
    so a comma after an Arabic name stays left-to-right with the German text around it. Linear: the
    nearest strong family before and after each position is found in one pass each way."""
    if _plain_latin(text):
        return [LATIN] * len(text)
    strong = [None if _is_neutral(char) else _strong_family(char) for char in text]
    before: list[FontFamily | None] = []
    last: FontFamily | None = None
    for family in strong:
        before.append(last)
        last = family if family is not None else last
    after: list[FontFamily | None] = [None] * len(text)
    last = None
    for index in range(len(text) - 1, -1, -1):
        after[index] = last
        last = strong[index] if strong[index] is not None else last
    result: list[FontFamily | None] = []
    for index, char in enumerate(text):
        if not _is_neutral(char):
            result.append(strong[index])
            continue
        prev, nxt = before[index], after[index]
        joined = prev if prev is not None and prev == nxt and ord(char) in _covered(prev) else None
        result.append(joined or _strong_family(char) or (LATIN if char == "\n" else None))
    return result


@cache
def _latin_only() -> frozenset[str]:
    """Characters Noto Sans prints that belong to no script with a font of its own."""
    return frozenset(chr(code) for code in _covered(LATIN) if _script_family(chr(code)) is None) | {"\n"}


def _plain_latin(text: str) -> bool:
    """Fast path for the common case (German clause text, Latin names): every character in Noto Sans."""
    return set(text) <= _latin_only()


def uncovered_characters(text: str) -> list[str]:
    """Characters of `text` that no bundled font can print, each once, in order of appearance."""
    missing: list[str] = []
    for char, family in zip(text, _families(text), strict=True):
        if family is None and char not in missing:
            missing.append(char)
    return missing


def coverage_error(field: str, label: str, text: str) -> FieldError | None:
    """A German message naming the field and the characters that cannot be printed, or None."""
    missing = uncovered_characters(text)
    if not missing:
        return None
    shown = ", ".join(f"„{char}“ (U+{ord(char):04X})" for char in missing)
    return FieldError(
        field,
        f"Enthält Zeichen, die keine mitgelieferte Schrift drucken kann: {shown}. "
        "Bitte schreiben Sie den Wert so, wie er im Ausweisdokument steht (lateinische Umschrift).",
        label,
    )


def check_coverage(fields: dict[str, tuple[str, str]]) -> None:
    """Refuse (ValidationFailed) if any value has a character no bundled font prints.

    `fields` maps a field key to (German label, text); every faulty field gets its own message.
    """
    errors = [err for key, (label, text) in fields.items() if (err := coverage_error(key, label, text)) is not None]
    if errors:
        raise ValidationFailed(errors)


def script_runs(text: str) -> list[tuple[FontFamily, str]]:
    """Split `text` into maximal runs of one font family. Raises ValueError on an uncovered character
    (callers check coverage first, with a message for the caseworker; this is the last line of defence)."""
    if _plain_latin(text):
        return [(LATIN, text)] if text else []
    runs: list[tuple[FontFamily, str]] = []
    for char, family in zip(text, _families(text), strict=True):
        if family is None:
            raise ValueError(f"no bundled font has U+{ord(char):04X}")
        if runs and runs[-1][0] == family:
            runs[-1] = (family, runs[-1][1] + char)
        else:
            runs.append((family, char))
    return runs


def _visual(family: FontFamily, run: str) -> str:
    """Words of a right-to-left run in display order: reportlab shapes each word right to left but lays
    the words of a line out left to right (its bidi support needs `rlbidi`, which is not installable
    here), so an Arabic name of several words would read backwards. Within an LTR German line the Unicode
    bidi algorithm shows an embedded RTL run with its words reversed; we do that once, here."""
    return " ".join(reversed(run.split(" "))) if family in RTL_FAMILIES else run


def _needs_gap(left: tuple[FontFamily, str], right: tuple[FontFamily, str]) -> bool:
    """reportlab garbles a word that mixes a shaped RTL run with another font ("سمير," loses the comma
    and the last letter), so such runs are kept apart by a space — the one change to the printed text."""
    touching = not left[1][-1].isspace() and not right[1][0].isspace()
    return touching and (left[0] in RTL_FAMILIES or right[0] in RTL_FAMILIES)


NBSP = "\u00a0"
_LEGAL_REFERENCE = re.compile(r"(?<!\w)(§§?|Abs\.|Nr\.|Art\.|Satz|lit\.)[ ]+(?=\d|[a-z]\b)")
_LAW_NAME = re.compile(r"(?<=\d)([a-z]?)[ ]+(BGB|SGB|BMG|GEG|NBauO|DSGVO|WoFlV|AufenthG|BetrKV|HeizkostenV)\b")
_SGB_BOOK = re.compile(r"\bSGB[ ]+(?=[IVX]+\b)")


def bind_legal_references(text: str) -> str:
    """Non-breaking spaces inside a legal reference ("§ 549 Abs. 2 Nr. 3 BGB", "§§ 535 ff."), so a § or
    an "Abs." never ends a line on its own. The one place for this rule: `markup` applies it to all text."""
    text = _LEGAL_REFERENCE.sub(lambda m: m.group(1) + NBSP, text)
    text = _LAW_NAME.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return _SGB_BOOK.sub("SGB" + NBSP, text)


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for a plain value: escaped, one <font> per script run, line breaks kept, legal
    references bound by non-breaking spaces.

    The body font is the paragraph's own, so Latin runs need no tag; the others name their family.
    `bold` names the bold faces: reportlab's <b> does not switch a run whose <font> names a face.
    """
    parts: list[str] = []
    runs = script_runs(bind_legal_references(text))
    for index, (family, run) in enumerate(runs):
        if index and _needs_gap(runs[index - 1], (family, run)):
            parts.append(" ")
        escaped = escape(_visual(family, run)).replace("\n", "<br/>")
        face = family.bold if bold else family.name
        parts.append(escaped if family == LATIN and not bold else f'<font name="{face}">{escaped}</font>')
    return "".join(parts)


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def is_rtl(text: str) -> bool:
    """True when the first letter of `text` is right-to-left (the paragraph's base direction)."""
    for char in text:
        if not _is_neutral(char):
            return _script_family(char) in RTL_FAMILIES
    return False


def _rtl_runs(line: str) -> list[tuple[FontFamily, str]]:
    """Script runs of a right-to-left line: punctuation and spaces next to a right-to-left word stay in
    its run (reportlab garbles a shaped word that touches another font, see `_needs_gap`)."""
    families = _families(line)
    strong = [None if _is_neutral(char) else family for char, family in zip(line, families, strict=True)]
    for index, char in enumerate(line):
        if not _is_neutral(char) or families[index] in RTL_FAMILIES:
            continue
        before = next((f for f in reversed(strong[:index]) if f is not None), None)
        after = next((f for f in strong[index + 1 :] if f is not None), None)
        rtl = before if before in RTL_FAMILIES else after if after in RTL_FAMILIES else None
        if rtl is not None and ord(char) in _covered(rtl):
            families[index] = rtl
    runs: list[tuple[FontFamily, str]] = []
    for char, family in zip(line, families, strict=True):
        if family is None:
            raise ValueError(f"no bundled font has U+{ord(char):04X}")
        if runs and runs[-1][0] == family:
            runs[-1] = (family, runs[-1][1] + char)
        else:
            runs.append((family, char))
    return runs


def rtl_line_markup(line: str, *, bold: bool = False) -> str:
    """Markup for one already broken line of a right-to-left paragraph, in display order.

    A simple bidi for a right-to-left base direction (reportlab's own needs `rlbidi`): the script runs
    are laid out from right to left, so their order is reversed; inside an Arabic run the words are
    reversed (HarfBuzz shapes each word right to left, its punctuation with it), a Latin run keeps its
    own order, and brackets in a run of neutrals are mirrored. `bold` names the bold faces (reportlab's
    <b> does not switch a run whose <font> names a face).
    """
    parts: list[str] = []
    for family, run in reversed(_rtl_runs(line)):
        if family in RTL_FAMILIES:
            text = " ".join(reversed(run.split(" ")))
        elif all(_is_neutral(char) for char in run):
            text = run[::-1].translate(_MIRRORED)
        else:
            text = run
        escaped = escape(text)
        face = family.bold if bold else family.name
        parts.append(escaped if family == LATIN and not bold else f'<font name="{face}">{escaped}</font>')
    return "".join(parts)
