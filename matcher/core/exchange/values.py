"""Cells to field values: German numbers, amounts and dates, yes/no, value lists — or a German reason.

German lists write `1.234,56` and `01.02.2026`; some software exports English `1234.56`. A bare
`1.250` means 1250 to a German and 1.25 to an English reader, so the convention is decided once per file
(`number_style`): a file with German decimal commas (or no telling values at all) is German, a file whose
numbers only ever use a decimal point is English. Amounts become integer cents, rounded half up; more
than two decimal places in an amount are refused rather than guessed. Dates need four-digit years
(`01.02.26` could be 1926 or 2026 for a birth date). Excel numbers and dates need no guessing at all.
This module knows no database: municipalities and landlords are resolved by the importer.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

from matcher.core import enums as E
from matcher.core.exchange.reading import Cell
from matcher.core.formatting import day

NumberStyle = Literal["de", "en"]


class Invalid(ValueError):
    """A cell that cannot become the field's value; the message is German."""


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------

_NOISE = re.compile(r"€|\beur\b|\beuro\b|m²|\bqm\b|\bm2\b|[\s\u00a0\u202f']", re.IGNORECASE)
# Telling values only: "1.250" and "1,250" read either way and decide nothing.
_GERMAN_EVIDENCE = re.compile(r"^-?\d+,(\d{1,2}|\d{4,})$|^-?\d{1,3}(\.\d{3})+,\d+$|^-?\d{1,3}(\.\d{3}){2,}$")
_ENGLISH_EVIDENCE = re.compile(r"^-?\d+\.(\d{1,2}|\d{4,})$|^-?\d{1,3}(,\d{3})+\.\d+$|^-?\d{1,3}(,\d{3}){2,}$")


def _bare(text: str) -> str:
    return _NOISE.sub("", text)


def number_style(cells: Iterable[Cell]) -> NumberStyle:
    """'en' only if some numbers clearly use a decimal point and none a German decimal comma."""
    german = english = 0
    for cell in cells:
        if not isinstance(cell, str):
            continue
        bare = _bare(cell)
        if _GERMAN_EVIDENCE.match(bare):
            german += 1
        elif _ENGLISH_EVIDENCE.match(bare):
            english += 1
    return "en" if english and not german else "de"


def parse_decimal(cell: Cell, style: NumberStyle = "de") -> Decimal:
    if isinstance(cell, bool):
        raise Invalid("Bitte eine Zahl eingeben.")
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    if isinstance(cell, str) and cell.isdigit():  # the common case, without the regular expressions below
        return Decimal(cell)
    text = _bare(str(cell))
    if text.startswith("+"):
        text = text[1:]
    if "," in text and "." in text:  # both: the later one separates the decimals
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
    elif "," in text:
        decimal_mark = "," if style == "de" or not re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) else "."
    elif "." in text:
        thousands = re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text) is not None
        decimal_mark = "," if style == "de" and thousands else "."
    else:
        decimal_mark = ","
    grouping = "." if decimal_mark == "," else ","
    normalised = text.replace(grouping, "").replace(decimal_mark, ".")
    if not re.fullmatch(r"-?\d+(\.\d*)?|-?\.\d+", normalised):
        raise Invalid(f"„{cell}“ ist keine Zahl. Bitte eine Zahl wie 1.234,56 eingeben.")
    try:
        return Decimal(normalised)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid decimals
        raise Invalid(f"„{cell}“ ist keine Zahl.") from exc


def parse_money(cell: Cell, style: NumberStyle = "de") -> int:
    """'1.234,56 €' → 123456 cents; Excel 1234.56 → 123456."""
    value = parse_decimal(cell, style)
    if isinstance(cell, str) and value != value.quantize(Decimal("0.01")):
        raise Invalid(f"„{cell}“ hat mehr als zwei Nachkommastellen. Bitte den Betrag in Euro und Cent angeben.")
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_int(cell: Cell, style: NumberStyle = "de") -> int:
    value = parse_decimal(cell, style)
    if value != value.to_integral_value():
        raise Invalid(f"„{cell}“ ist keine ganze Zahl. Bitte eine ganze Zahl eingeben.")
    return int(value)


def parse_float(cell: Cell, style: NumberStyle = "de") -> float:
    return float(parse_decimal(cell, style))


_FLOOR_WORDS = re.compile(
    r"^(?:(-?\d+)\s*\.?\s*)?(eg|og|ug|kg|dg|hp|hochparterre|erdgeschoss|obergeschoss|souterrain)$"
)


def parse_floor(cell: Cell, style: NumberStyle = "de") -> int:
    """0 = Erdgeschoss; 'EG' → 0, '2. OG' → 2, 'UG'/'KG'/'Souterrain' → -1, '1' → 1."""
    if isinstance(cell, str):
        match = _FLOOR_WORDS.match(" ".join(cell.casefold().split()))
        if match:
            count, word = match.groups()
            if word in ("eg", "erdgeschoss", "hp", "hochparterre"):
                return 0
            if word in ("ug", "kg", "souterrain"):
                return -int(count or 1)
            if word in ("og", "obergeschoss") and count:
                return int(count)
            raise Invalid(f"„{cell}“: Bitte das Geschoss als Zahl angeben (Erdgeschoss = 0, 1. OG = 1).")
    return parse_int(cell, style)


# --------------------------------------------------------------------------------------------------
# Dates, yes/no, value lists, text
# --------------------------------------------------------------------------------------------------

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2}$")
_IMMEDIATELY = frozenset({"sofort", "ab sofort", "immediately", "now"})
DATE_HINT = "Bitte das Datum als TT.MM.JJJJ angeben, z. B. 01.02.2026."


def parse_date(cell: Cell, *, immediately_is_today: bool = False) -> date:
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise Invalid(f"„{cell}“ ist kein Datum. {DATE_HINT}")
    text = cell.strip()
    if immediately_is_today and text.casefold() in _IMMEDIATELY:
        return date.today()
    match = _GERMAN_DATE.match(text)
    if match:
        day_, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day_ = (int(part) for part in match.groups())
    elif _SHORT_YEAR.match(text):
        raise Invalid(f"„{text}“: Bitte das Jahr vierstellig angeben (TT.MM.JJJJ).")
    elif "/" in text:
        raise Invalid(f"„{text}“ ist mehrdeutig (Tag und Monat). {DATE_HINT}")
    else:
        raise Invalid(f"„{text}“ ist kein Datum. {DATE_HINT}")
    try:
        return date(year, month, day_)
    except ValueError as exc:
        raise Invalid(f"Den Tag „{text}“ gibt es nicht. Bitte prüfen Sie das Datum.") from exc


_TRUE = frozenset({"ja", "j", "yes", "y", "x", "✓", "✔", "1", "wahr", "true", "vorhanden", "ok"})
_FALSE = frozenset({"nein", "n", "no", "0", "-", "–", "falsch", "false", "nicht vorhanden", "kein", "keine"})


def parse_bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = " ".join(str(cell).casefold().split())
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Invalid(f"„{cell}“: Bitte „ja“ oder „nein“ angeben.")


def _loose(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


# Words found in German lists that are not our labels.
ENUM_SYNONYMS: dict[type[enum.Enum], dict[str, str]] = {
    E.Sex: {
        "w": "female",
        "f": "female",
        "frau": "female",
        "m": "male",
        "mann": "male",
        "d": "diverse",
        "x": "diverse",
    },
    E.Relationship: {
        "antragsteller": "applicant",
        "antragstellerin": "applicant",
        "hv": "applicant",
        "haushaltsvorstand": "applicant",
        "hauptperson": "applicant",
        "ehefrau": "partner",
        "ehemann": "partner",
        "ehepartner": "partner",
        "ehepartnerin": "partner",
        "partner": "partner",
        "partnerin": "partner",
        "lebenspartner": "partner",
        "lebenspartnerin": "partner",
        "sohn": "child",
        "tochter": "child",
        "kind": "child",
        "mutter": "parent",
        "vater": "parent",
        "bruder": "sibling",
        "schwester": "sibling",
    },
    E.ResidenceStatus: {
        "gestattung": "gestattung",
        "duldung": "duldung",
        "niederlassungserlaubnis": "settlement_permit",
        **{f"{p}{n}": f"permit_25_{n}" for p in ("25abs", "§25abs", "ae25abs", "25") for n in "1235"},
        **{f"{p}{n}": f"permit_{n}" for p in ("§", "ae", "") for n in ("22", "23", "24")},
    },
    E.PayingAuthority: {"jc": "jobcenter", "sgbii": "jobcenter", "sgbxii": "sozialamt", "asylblg": "sozialamt"},
    E.ObligationScope: {"nein": "none", "ohne": "none", "niedersachsen": "land", "land": "land", "kreis": "district"},
    E.FlatStatus: {"verfügbar": "available", "leer": "available", "vermietet": "let"},
    E.LandlordKind: {
        "privat": "private",
        "privatperson": "private",
        "unternehmen": "company",
        "wohnungsunternehmen": "company",
        "gesellschaft": "company",
        "eg": "cooperative",
        "wohnungsgenossenschaft": "cooperative",
        "gemeinde": "municipality",
        "stadt": "municipality",
        "landkreis": "municipality",
    },
}


def enum_index(enum_cls: type[enum.Enum]) -> dict[str, str]:
    """Loose forms of values, German labels and known synonyms → stored value."""
    index: dict[str, str] = {}
    for member in enum_cls:
        value = str(member.value)
        index.setdefault(_loose(value), value)
        label = getattr(member, "label", None)
        if label:
            index.setdefault(_loose(label), value)
    for word, value in ENUM_SYNONYMS.get(enum_cls, {}).items():
        index.setdefault(_loose(word), value)
    return index


def parse_enum(cell: Cell, enum_cls: type[enum.Enum], index: dict[str, str] | None = None) -> str:
    found = (index or enum_index(enum_cls)).get(_loose(str(cell)))
    if found is None:
        choices = ", ".join(getattr(member, "label", str(member.value)) for member in enum_cls)
        raise Invalid(f"„{cell}“ ist kein bekannter Wert. Möglich sind: {choices}.")
    return found


def as_text(cell: Cell, *, digits: int = 0) -> str:
    """Text of a cell; Excel numbers without '.0', zero-padded to `digits` (postcode 5, AGS 8)."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, date):
        return day(cell)
    text = str(cell).strip()
    if digits and isinstance(cell, int) and not isinstance(cell, bool):
        text = text.zfill(digits)
    return text


_ADDRESS = re.compile(r"^(?P<street>.*?[^\d\s,])[\s,]+(?P<number>\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d*\s*[a-zA-Z]?)?)$")


def split_address(cell: Cell) -> tuple[str, str]:
    """'Hauptstraße 12a' → ('Hauptstraße', '12a'); 'Am Markt 3-5' → ('Am Markt', '3-5')."""
    match = _ADDRESS.match(as_text(cell))
    if not match:
        raise Invalid(f"„{cell}“: Straße und Hausnummer wurden nicht erkannt. Bitte z. B. „Hauptstraße 12a“ angeben.")
    return match["street"].strip(), re.sub(r"\s+", "", match["number"])


def split_name(cell: Cell) -> tuple[str, str]:
    """'Özdemir, Şükrü' → ('Şükrü', 'Özdemir'); 'Şükrü Özdemir' → ('Şükrü', 'Özdemir'): (given, family)."""
    text = " ".join(as_text(cell).split())
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
    elif " " in text:
        given, family = text.rsplit(" ", 1)
    else:
        raise Invalid(f"„{text}“: Bitte Familienname und Vorname angeben, z. B. „Özdemir, Şükrü“.")
    if not given or not family:
        raise Invalid(f"„{text}“: Bitte Familienname und Vorname angeben, z. B. „Özdemir, Şükrü“.")
    return given, family


def is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
