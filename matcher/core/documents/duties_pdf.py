"""The summary of duties (Übersicht der Pflichten): the tenant's main duties in German next to the household's language.

Why: a household that reads little German signs a German lease; this sheet explains rent due date,
deposit, house rules, heating and ventilation and waste separation in their language, and says that
the German lease alone is binding. The texts are template data, one file per language in
`resources/templates/duties/` (`de.json` is the German base), so an office can replace a translation
without touching code. Each translation carries its review status: until a native speaker has checked it
(`"reviewed": true`), the sheet prints "Übersetzung nicht geprüft" and the same note in the language.

Right-to-left languages (Arabic, Farsi/Dari) are broken into lines and laid out right to left by
`layout.rtl_paragraph`; every text, template or name, passes the glyph-coverage check of `fonts` before
anything is drawn. Pure apart from `load_duties` (which reads the database): data in, PDF bytes out.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from sqlmodel import Session, select

from matcher.core import models as M
from matcher.core.documents import layout
from matcher.core.documents.fonts import BODY_FONT, check_coverage, markup
from matcher.core.documents.layout import TEMPLATE_DIR, para
from matcher.core.documents.lease_pdf import letterhead
from matcher.core.documents.terms import LeaseTerms, terms_in_session, validate_terms
from matcher.core.enums import DocumentKind
from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.formatting import day, euros
from matcher.core.services.common import get_or_fail

FOLDER = "duties"
GERMAN = "de"
COLUMN = 84 * mm
TEXT_KEYS = ("title", "subtitle", "binding_note", "unreviewed_note", "reviewed_note")
LABEL_KEYS = ("tenants", "flat", "start", "rent", "deposit", "landlord")
LANGUAGE_LABEL = "Sprache"


def german() -> Mapping[str, Any]:
    return layout.load_template(f"{FOLDER}/{GERMAN}")


@cache
def translations() -> dict[str, Mapping[str, Any]]:
    """Every translation template by its language code and its aliases (e.g. `prs` for Dari → `fa`)."""
    found: dict[str, Mapping[str, Any]] = {}
    for path in sorted((TEMPLATE_DIR / FOLDER).glob("*.json")):
        if path.stem == GERMAN:
            continue
        data = layout.load_template(f"{FOLDER}/{path.stem}")
        for code in (str(data["language"]), *data.get("aliases", [])):
            found.setdefault(str(code).lower(), data)
    return found


def available_languages() -> str:
    """German list of the languages on offer, for messages: "Arabisch (ar), Englisch (en), …"."""
    seen: dict[str, str] = {}
    for data in translations().values():
        codes = ", ".join([str(data["language"]), *data.get("aliases", [])])
        seen[str(data["name"])] = f"{data['name']} ({codes})"
    return ", ".join(seen[name] for name in sorted(seen))


def template_version(language: str = GERMAN) -> str:
    """The versions of the German text and of the translation, both archived with the document."""
    base = str(german()["version"])
    if language == GERMAN:
        return base
    return f"{base}+{translation(language)['version']}"


def translation(code: str) -> Mapping[str, Any]:
    """The translation template of a language code; refuses an unknown language with a German message."""
    data = translations().get(code.strip().lower())
    if data is None:
        message = f"Für die Sprache „{code}“ gibt es keine Übersetzung der Pflichten. Verfügbar sind: {available_languages()}."
        raise ValidationFailed([FieldError("language", message, LANGUAGE_LABEL)])
    return data


def language_from_members(spoken: Sequence[str]) -> str | None:
    """The first language of the household (members in order, each member's languages in order, German
    skipped) that has a translation, as its code; None if none has."""
    by_name: dict[str, str] = {}
    for code, data in translations().items():
        by_name.setdefault(code, str(data["language"]))
        for name in data.get("german_names", []):
            by_name.setdefault(str(name).lower(), str(data["language"]))
    for entry in spoken:
        for name in entry.split(","):
            key = name.strip().lower()
            if key and key != "deutsch" and key in by_name:
                return by_name[key]
    return None


@dataclass(frozen=True)
class DutiesSummary:
    """What the summary prints: the lease terms and the chosen language. Archived as JSON."""

    terms: LeaseTerms
    language: str

    @property
    def flat_id(self) -> int:
        return self.terms.flat_id

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        return json.dumps(data, sort_keys=True, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def load_duties(session: Session, kind: DocumentKind, placement_id: int, language: str | None) -> DutiesSummary:
    """The terms of the placement and the language: the one asked for, else the household's own."""
    terms = terms_in_session(session, kind, placement_id)
    if language:
        return DutiesSummary(terms, str(translation(language)["language"]))
    placement = get_or_fail(session, M.Placement, placement_id, "Vermittlung")
    query = (
        select(M.Member.languages)
        .where(M.Member.household_id == placement.household_id)
        .order_by(M.Member.position, M.Member.id)  # type: ignore[arg-type]
    )
    found = language_from_members(list(session.exec(query).all()))
    if found is None:
        message = (
            "Für diesen Haushalt ist keine Sprache eingetragen, in die die Pflichten übersetzt sind. "
            f"Bitte wählen Sie die Sprache aus: {available_languages()}."
        )
        raise ValidationFailed([FieldError("language", message, LANGUAGE_LABEL)])
    return DutiesSummary(terms, found)


def _template_errors(data: Mapping[str, Any], base: Mapping[str, Any]) -> list[FieldError]:
    """A translation must have every text, label and section of the German base (no gap is printed)."""
    missing = [key for key in TEXT_KEYS if not str(data.get(key, "")).strip()]
    missing += [f"labels.{key}" for key in LABEL_KEYS if not str(data.get("labels", {}).get(key, "")).strip()]
    sections = data.get("sections", {})
    for section in base["sections"]:
        entry = sections.get(section["id"], {})
        missing += [
            f"sections.{section['id']}.{key}" for key in ("heading", "text") if not str(entry.get(key, "")).strip()
        ]
    if not missing:
        return []
    shown = ", ".join(f"„{key}“" for key in missing)
    message = f"Die Vorlage der Übersetzung ({data.get('name', '?')}) ist unvollständig, es fehlt: {shown}."
    return [FieldError("template", message, "Vorlage")]


def _texts(data: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Every text of a translation template for the coverage check, labelled for the message."""
    name = str(data["name"])
    texts = {f"template.{key}": (f"Vorlage {name}: {key}", str(data[key])) for key in TEXT_KEYS}
    texts |= {f"template.labels.{k}": (f"Vorlage {name}: {k}", str(v)) for k, v in data["labels"].items()}
    for section_id, entry in data["sections"].items():
        texts[f"template.{section_id}"] = (f"Vorlage {name}: {section_id}", f"{entry['heading']} {entry['text']}")
    return texts


def check_summary(summary: DutiesSummary) -> Mapping[str, Any]:
    """Refuse (German) unless the summary may print: the terms, the translation complete and printable."""
    validate_terms(summary.terms)
    data = translation(summary.language)
    errors = _template_errors(data, german())
    if errors:
        raise ValidationFailed(errors)
    check_coverage(_texts(data))
    return data


# --------------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------------


@cache
def _styles() -> dict[str, ParagraphStyle]:
    s = layout.styles()
    return {
        "text": ParagraphStyle("duty-text", parent=s.body, fontSize=9, leading=12.5),
        "heading": ParagraphStyle("duty-heading", parent=s.body, fontName=layout.BOLD_FONT, fontSize=10, leading=14),
        "subtitle": ParagraphStyle(
            "duty-subtitle", parent=s.body, fontName=layout.BOLD_FONT, fontSize=12.5, leading=18
        ),
    }


def _localised(text: str, rtl: bool, style: ParagraphStyle, width: float, *, bold: bool = False) -> Paragraph:
    """A paragraph of the household's language: right to left where the language is."""
    if rtl:
        return layout.rtl_paragraph(text, style, width, bold=bold)
    return layout.paragraph(markup(text, bold=bold), style)


def _box(rows: list[list[Any]], widths: list[float], *, boxed: bool) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if boxed:
        commands += [("BOX", (0, 0), (-1, -1), 1, colors.black), ("TOPPADDING", (0, 0), (-1, -1), 3)]
    else:
        commands += [("LINEBELOW", (0, 0), (-1, -1), 0.3, layout.GREY), ("TOPPADDING", (0, 0), (-1, -1), 4)]
    table.setStyle(TableStyle(commands))
    return table


def _facts(terms: LeaseTerms, labels: Mapping[str, str], base: Mapping[str, str], rtl: bool) -> Table:
    flat = terms.flat
    landlord = terms.landlord
    deposit = "keine" if not terms.deposit_cents else euros(terms.deposit_cents)
    if terms.deposit_cents:
        deposit += " (" + " + ".join(euros(part) for part in terms.deposit_instalments) + ")"
    values = {
        "tenants": "\n".join(person.name for person in terms.tenants),
        "flat": f"{flat.street} {flat.house_number}, {flat.postcode} {flat.city}",
        "start": day(terms.start) if terms.start else "",
        "rent": euros(terms.rent.total),
        "deposit": deposit,
        "landlord": f"{landlord.name}\n{landlord.street}, {landlord.postcode} {landlord.city}",
    }
    s = _styles()
    rows = [
        [
            layout.paragraph(f"<b>{markup(base[key])}</b>", s["text"]),
            _localised(labels[key], rtl, s["text"], 44 * mm),
            layout.paragraph(markup(values[key]), s["text"]),
        ]
        for key in LABEL_KEYS
    ]
    return _box(rows, [38 * mm, 48 * mm, 84 * mm], boxed=False)


def _review_note(data: Mapping[str, Any], base: Mapping[str, Any]) -> tuple[str, str]:
    if data.get("reviewed") is True:
        by, on = str(data.get("reviewed_by", "")).strip(), str(data.get("reviewed_on", "")).strip()
        detail = " ".join(part for part in (f"von {by}" if by else "", f"am {on}" if on else "") if part)
        return f"{base['reviewed_note']} {detail}".strip() + ".", str(data["reviewed_note"])
    return f"{base['unreviewed_note']}.", str(data["unreviewed_note"])


def render_duties(summary: DutiesSummary) -> bytes:
    """Check (refusing with German reasons) and render the summary of duties."""
    data = check_summary(summary)
    base = german()
    rtl = data.get("direction") == "rtl"
    terms = summary.terms
    s = layout.styles()
    st = _styles()
    review_de, review_xx = _review_note(data, base)
    notes = [
        [
            [para(str(base["binding_note"]), st["heading"]), _localised(review_de, False, st["text"], 0, bold=True)],
            [
                _localised(str(data["binding_note"]), rtl, st["heading"], COLUMN - 8, bold=True),
                _localised(review_xx, rtl, st["text"], COLUMN - 8, bold=True),
            ],
        ]
    ]
    sections = [
        [
            [para(str(section["heading"]), st["heading"]), para(str(section["text"]), st["text"])],
            [
                _localised(str(data["sections"][section["id"]]["heading"]), rtl, st["heading"], COLUMN - 8, bold=True),
                _localised(str(data["sections"][section["id"]]["text"]), rtl, st["text"], COLUMN - 8),
            ],
        ]
        for section in base["sections"]
    ]
    title = str(base["title"])
    story: list[Flowable] = [
        layout.paragraph(markup(title), s.title),
        _localised(str(data["title"]), rtl, st["subtitle"], 170 * mm - 8)
        if rtl
        else para(str(data["title"]), st["subtitle"]),
        para(f"{base['subtitle']} – {data['native_name']}", s.small),
        Spacer(1, 3 * mm),
        _box(notes, [COLUMN + 1 * mm, COLUMN + 1 * mm], boxed=True),
        Spacer(1, 3 * mm),
        _facts(terms, data["labels"], base["labels"], rtl),
        Spacer(1, 3 * mm),
        _box(sections, [COLUMN + 1 * mm, COLUMN + 1 * mm], boxed=False),
        Spacer(1, 3 * mm),
        para(f"Aktenzeichen {terms.case_number} · Vorlage {template_version(summary.language)}", s.small),
    ]
    return layout.render(story, letterhead(terms.office), title, f"Aktenzeichen {terms.case_number}")
