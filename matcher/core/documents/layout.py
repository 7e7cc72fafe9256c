"""Shared page layout of every printed document: A4, letterhead, styles, "Seite x von N", signatures.

Why shared: a Landkreis sends one look; each document module only builds its story (the flowables) and
calls `render`. Pure: data in, PDF bytes out — no database, no files. Every value from the database
goes through `fonts.markup` (escaped, per-script fonts) before it becomes a Paragraph.
"""

from __future__ import annotations

import io
import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from matcher.core.documents.fonts import (
    ARABIC,
    BODY_FONT,
    BOLD_FONT,
    NBSP,
    RTL_FAMILIES,
    markup,
    register_fonts,
    rtl_line_markup,
)
from matcher.core.paths import RESOURCES_DIR

TEMPLATE_DIR = RESOURCES_DIR / "templates"
MARGIN = 20 * mm
TOP_MARGIN = 38 * mm
GREY = colors.HexColor("#555555")
ARABIC_TAG = f'<font name="{ARABIC.name}">'
FRAME_PADDING = 6  # points: platypus frames indent their content by this much; the letterhead lines up with it


@dataclass(frozen=True)
class Letterhead:
    """The office printed at the top of the first page and in the footer of every page."""

    name: str
    department: str
    address: str


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    right: ParagraphStyle


@cache
def styles() -> Styles:
    """Paragraph styles (unshaped: `paragraph` switches shaping on where a paragraph holds Arabic)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=BODY_FONT, fontSize=9.5, leading=12.5, spaceAfter=3)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=GREY),
        title=ParagraphStyle("title", parent=body, fontName=BOLD_FONT, fontSize=16, leading=20, spaceAfter=8),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=BOLD_FONT, fontSize=10.5, leading=14, spaceBefore=7, spaceAfter=2
        ),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    )


@cache
def _shaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def paragraph(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A Paragraph of ready markup. HarfBuzz shaping (`shaping=1`, verified.md) joins Arabic letters but
    doubles the time of a lease, so it is used only for paragraphs that contain an Arabic run."""
    chosen = style or styles().body
    return Paragraph(text, _shaped(chosen) if ARABIC_TAG in text else chosen)


@cache
def load_template(name: str) -> Mapping[str, Any]:
    """A clause template from `resources/templates/<name>.json` (office-editable, versioned)."""
    with (TEMPLATE_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        data: Mapping[str, Any] = json.load(handle)
    return data


def fill(template_text: str, values: Mapping[str, str]) -> str:
    """Paragraph markup from a template sentence: literal text escaped, each {field} set by `markup`.

    An unknown field raises KeyError, so a template typo stops printing instead of leaving a gap.
    """
    parts: list[str] = []
    for literal, field, _spec, _conv in string.Formatter().parse(template_text):
        parts.append(markup(literal))
        if field is not None:
            parts.append(markup(values[field]))
    return "".join(parts)


def clause(
    number_: int, template: Mapping[str, Any], values: Mapping[str, str], *, term_texts: str, table: Flowable
) -> list[Flowable]:
    """One numbered § of a contract from its template: the term clause takes its `term_texts` variant
    (limited or unlimited), the rent clause gets `table` before its closing paragraphs. The heading is
    kept with the first paragraph so no § starts at the foot of a page."""
    s = styles()
    heading = paragraph(f"§{NBSP}{number_} {markup(str(template['heading']))}", s.heading)
    texts: list[str] = list(template.get("paragraphs", []))
    if template["id"] == "term":
        texts = list(template[term_texts])
    flowables: list[Flowable] = [paragraph(fill(text, values), s.body) for text in texts]
    if template["id"] == "rent":
        flowables.append(table)
        flowables += [paragraph(fill(text, values), s.body) for text in template.get("after_table", [])]
    return [KeepTogether([heading, *flowables[:1]]), *flowables[1:]]


_ARTICLE_AFTER_DURCH = {"Der": "den", "Die": "die", "Das": "das"}


def represented_by(representative: str) -> str:
    """ "vertreten durch …" with the article of an office title in the accusative and lower case: the data
    says "Der Bürgermeister" (as it stands alone on a letter), the contract prints "vertreten durch den
    Bürgermeister". Names and other wording are kept as entered."""
    first, _, rest = representative.strip().partition(" ")
    article = _ARTICLE_AFTER_DURCH.get(first)
    if article is not None and rest[:1].isupper():
        return f"vertreten durch {article} {rest}"
    return f"vertreten durch {representative.strip()}"


def rtl_paragraph(text: str, style: ParagraphStyle, width: float, *, bold: bool = False) -> Paragraph:
    """A right-to-left paragraph (Arabic, Farsi): broken into lines here in logical order, each line laid
    out right to left by `fonts.rtl_line_markup`, right-aligned and shaped. Lines are measured on the
    unshaped letters (isolated forms, wider than joined ones), so the measure is stretched as far as the
    shaped paragraph still keeps every line whole: reportlab must never break a line again, which would
    put its words in the wrong order."""
    shaped_style = _rtl_style(style)
    family = next(iter(RTL_FAMILIES))
    font = family.bold if bold else family.name
    for stretch in (1.25, 1.12, 1.0, 0.9, 0.75):
        lines = _rtl_lines(text, font, style.fontSize, width * stretch)
        candidate = Paragraph("<br/>".join(rtl_line_markup(line, bold=bold) for line in lines), shaped_style)
        candidate.wrap(width, 10_000)
        if len(candidate.blPara.lines) == len(lines):
            return candidate
    return candidate


def _rtl_lines(text: str, font: str, size: float, measure: float) -> list[str]:
    lines: list[str] = []
    for source_line in text.split("\n"):
        current: list[str] = []
        for word in source_line.split(" "):
            if current and pdfmetrics.stringWidth(" ".join([*current, word]), font, size) > measure:
                lines.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        lines.append(" ".join(current))
    return lines


@cache
def _rtl_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT, shaping=1)


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped and set in the right fonts)."""
    return paragraph(markup(text), style or styles().body)


def label_value_table(rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (45 * mm, 125 * mm)) -> Table:
    """Two columns, label in bold, value plain: the parties and the flat data."""
    s = styles()
    data = [[paragraph(f"<b>{markup(label)}</b>", s.body), paragraph(markup(value), s.body)] for label, value in rows]
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def amount_table(rows: Sequence[tuple[str, str]], total: tuple[str, str]) -> Table:
    """Money table: label left, amount right-aligned, a rule above the bold total."""
    s = styles()
    data = [[paragraph(markup(label), s.body), paragraph(markup(value), s.right)] for label, value in rows]
    data.append([paragraph(f"<b>{markup(total[0])}</b>", s.body), paragraph(f"<b>{markup(total[1])}</b>", s.right)])
    table = Table(data, colWidths=[110 * mm, 35 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),  # every table: Helvetica must never be referenced
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def signature_block(parties: Sequence[tuple[str, str]]) -> list[Flowable]:
    """A signature field per party (role, name) with a line for place and date; each field stays whole,
    a long list of tenants may run onto the next page."""
    s = styles()
    blocks: list[Flowable] = []
    for role, name in parties:
        cells = [
            ["", "", ""],
            [paragraph("Ort, Datum", s.small), "", paragraph(_signer_caption(role, name), s.small)],
        ]
        table = Table(cells, colWidths=[60 * mm, 10 * mm, 100 * mm], rowHeights=[14 * mm, None], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),  # empty cells too: never Helvetica in the file
                    ("VALIGN", (0, 1), (-1, 1), "TOP"),
                    ("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black),
                    ("LINEBELOW", (2, 0), (2, 0), 0.6, colors.black),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        blocks.append(KeepTogether([table, Spacer(1, 3 * mm)]))
    return blocks


def _signer_caption(role: str, name: str) -> str:
    """ "Unterschrift Mieter: Name"; an internal sheet signed by whoever checked it names only the role."""
    return f"Unterschrift {markup(role)}: {markup(name)}" if name else f"Unterschrift {markup(role)}"


def _numbered_canvas(letterhead: Letterhead, title: str) -> type[Canvas]:
    """A canvas that knows the page count when it draws the footers: "Seite 1 von 3"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Never Helvetica, not even as the unused initial font: it would be referenced in the PDF.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or BODY_FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_page_frame(self, letterhead, title, number, count)
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_page_frame(canvas: Canvas, letterhead: Letterhead, title: str, number: int, count: int) -> None:
    """Letterhead on the first page, a short head on the others, and the footer with the page count."""
    width, height = A4
    canvas.saveState()
    canvas.setFillColor(colors.black)
    if number == 1:
        _draw_text(canvas, MARGIN + FRAME_PADDING, height - 18 * mm, letterhead.name, 12, bold=True)
        _draw_text(canvas, MARGIN + FRAME_PADDING, height - 23 * mm, letterhead.department, 9)
        _draw_text(canvas, MARGIN + FRAME_PADDING, height - 27.5 * mm, letterhead.address, 9)
        canvas.setStrokeColor(GREY)
        canvas.line(MARGIN + FRAME_PADDING, height - 31 * mm, width - MARGIN - FRAME_PADDING, height - 31 * mm)
    else:
        _draw_text(canvas, MARGIN + FRAME_PADDING, height - 18 * mm, f"{title} – {letterhead.name}", 8)
    canvas.setFillColor(GREY)
    footer = f"Seite {number} von {count}"
    canvas.setFont(BODY_FONT, 8)
    canvas.drawRightString(width - MARGIN - FRAME_PADDING, 12 * mm, footer)
    canvas.restoreState()


@cache
def _head_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(f"head-{size}", parent=styles().body, fontSize=size, leading=size * 1.2)


def _draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False) -> None:
    """Canvas text in the right font per script run (office names may hold any script too)."""
    flowable = paragraph(f"<b>{markup(text)}</b>" if bold else markup(text), _head_style(size))
    _w, h = flowable.wrap(A4[0] - 2 * MARGIN, 20 * mm)
    flowable.drawOn(canvas, x, y - h + size)


def render(story: list[Flowable], letterhead: Letterhead, title: str, subject: str) -> bytes:
    """Lay out `story` on A4 pages and return the PDF bytes (fonts embedded, metadata set)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=22 * mm,
        title=title,
        subject=subject,
        author=letterhead.name,
        creator="Wohnraum-Matcher",
        invariant=1,
    )
    document.build(story, canvasmaker=_numbered_canvas(letterhead, title))
    return buffer.getvalue()
