"""Office settings: letterhead data and logo, the district's rules (versioned), its own Richtwert table,
and the matcher's weights.

District rules are never edited in place: a change is a new version with a "gültig ab" date, so a cap
check can always be repeated for the day it was made (domain.md 2). Every change writes an audit entry in
the same transaction; audit texts carry codes, dates and figures of the office, never personal data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from sqlmodel import Session, col, delete, select

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core import reference
from matcher.core.db import Database
from matcher.core.errors import FieldError, NotFound, ValidationFailed
from matcher.core.formatting import day, number
from matcher.core.rent_cap import rules_on
from matcher.core.services import audit
from matcher.core.services.common import apply, merged
from matcher.core.services.validation import label_of, require, valid_values, validate
from matcher.core.text import TextRejected, clean_text

OFFICE_ID = 1
POSTCODE = re.compile(r"^\d{5}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UNKNOWN_DISTRICT = "Unbekannter Landkreis. Bitte wählen Sie den Landkreis aus der Liste."
UNKNOWN_MUNICIPALITY = "Unbekannte Gemeinde. Bitte wählen Sie die Gemeinde aus der Liste."
OWN_TABLE_SOURCE = "Eigenes Konzept des Landkreises (Richtwerttabelle)"

MAX_LOGO_BYTES = 1024 * 1024
"""A letterhead logo is printed a few centimetres wide; a megabyte is plenty and keeps PDFs small."""
LOGO_SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
MIME_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
LOGO_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}

WEIGHT_LABELS = reference.WEIGHT_LABELS


def _district_exists(session: Session, kreis_key: Any) -> bool:
    return isinstance(kreis_key, str) and session.get(M.District, kreis_key) is not None


def _require_district(session: Session, kreis_key: str) -> None:
    if not _district_exists(session, kreis_key):
        raise NotFound(f"Landkreis {kreis_key} gibt es nicht. Bitte wählen Sie den Landkreis aus der Liste.")


# --------------------------------------------------------------------------------------------------
# Office: letterhead and office-wide settings
# --------------------------------------------------------------------------------------------------


def get_office(db: Database) -> M.Office:
    """The office row (seeded when the database is opened); an unsaved default if it is missing."""
    with db.read_session() as session:
        return session.get(M.Office, OFFICE_ID) or M.Office(id=OFFICE_ID)


def _office_rule_errors(session: Session, values: Mapping[str, Any]) -> list[FieldError]:
    errors = []
    if values.get("postcode") and not POSTCODE.match(values["postcode"]):
        message = "Bitte geben Sie die fünfstellige Postleitzahl ein (nur Ziffern, z. B. 49716)."
        errors.append(FieldError("postcode", message, label_of(M.OfficeBase, "postcode")))
    if values.get("email") and not EMAIL.match(values["email"]):
        message = "Die E-Mail-Adresse ist unvollständig. Bitte geben Sie sie in der Form name@beispiel.de ein."
        errors.append(FieldError("email", message, label_of(M.OfficeBase, "email")))
    kreis_key = values.get("kreis_key")
    if kreis_key is not None and not _district_exists(session, kreis_key):
        errors.append(FieldError("kreis_key", UNKNOWN_DISTRICT, label_of(M.OfficeBase, "kreis_key")))
    return errors


def _office_checked(session: Session, data: Mapping[str, Any]) -> M.OfficeBase:
    raw = dict(data)
    validated: M.OfficeBase | None = None
    try:
        validated = validate(M.OfficeBase, raw)
        values: Mapping[str, Any] = validated.model_dump()
        errors: list[FieldError] = []
    except ValidationFailed as exc:
        errors = list(exc.errors)
        values = valid_values(M.OfficeBase, raw, {e.field for e in exc.errors})
    errors += _office_rule_errors(session, values)
    require(errors)
    assert validated is not None
    return validated


def update_office(db: Database, changes: Mapping[str, Any]) -> M.Office:
    """Change letterhead data or office-wide settings. All errors of the form at once; nothing saved then."""
    with db.session() as session:
        office = session.get(M.Office, OFFICE_ID) or M.Office(id=OFFICE_ID)
        validated = _office_checked(session, merged(office, changes, M.OfficeBase))
        apply(office, validated)
        session.add(office)
        session.flush()
        audit.record(session, db.user, "update", "office", OFFICE_ID, "Felder: " + ", ".join(sorted(changes)))
    return office


def _logo_type(content: bytes) -> str | None:
    if content.startswith(LOGO_SIGNATURES["image/png"]) and content[12:16] == b"IHDR":
        return "image/png"
    if content.startswith(LOGO_SIGNATURES["image/jpeg"]):
        return "image/jpeg"
    return None


def _logo_errors(content: bytes, mime: str | None) -> tuple[str | None, list[str]]:
    """The stored MIME type, decided by the file's content, and German problems with the file."""
    if not content:
        return None, ["Die Datei ist leer. Bitte wählen Sie eine PNG- oder JPEG-Datei."]
    if len(content) > MAX_LOGO_BYTES:
        size = number(len(content) / MAX_LOGO_BYTES, 1)
        return None, [f"Die Datei ist zu groß ({size} MB). Bitte verwenden Sie ein Logo bis 1 MB."]
    declared = MIME_ALIASES.get((mime or "").strip().lower(), (mime or "").strip().lower()) or None
    detected = _logo_type(content)
    if (declared is not None and declared not in LOGO_FORMATS) or detected is None:
        return None, ["Das Logo muss ein PNG- oder JPEG-Bild sein. Bitte speichern Sie es in einem dieser Formate."]
    if declared is not None and declared != detected:
        message = (
            f"Die Datei ist ein {LOGO_FORMATS[detected]}-Bild, angegeben war {LOGO_FORMATS[declared]}. "
            "Bitte wählen Sie die Datei erneut aus."
        )
        return None, [message]
    return detected, []


def set_office_logo(db: Database, content: bytes | None, mime: str | None = None) -> M.Office:
    """Store the letterhead logo (PNG or JPEG, checked by content, at most 1 MB); None removes it."""
    stored_mime: str | None = None
    if content is not None:
        stored_mime, problems = _logo_errors(content, mime)
        require([FieldError("logo", message, "Logo im Briefkopf") for message in problems])
    with db.session() as session:
        office = session.get(M.Office, OFFICE_ID) or M.Office(id=OFFICE_ID)
        office.logo, office.logo_mime, office.updated_at = content, stored_mime, M.utcnow()
        session.add(office)
        session.flush()
        description = f"Logo gespeichert ({stored_mime}, {len(content)} Bytes)" if content else "Logo entfernt"
        audit.record(session, db.user, "update", "office", OFFICE_ID, description)
    return office


# --------------------------------------------------------------------------------------------------
# District rules (versioned)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RulesVersion:
    """One version of a district's rules with its appropriate-area table and barred municipalities."""

    rules: M.DistrictRules
    area_table: dict[int, float]
    """Appropriate area in m² by household size; key `M.EACH_ADDITIONAL` (0) for every further person."""
    barred: dict[str, str] = field(default_factory=dict)
    """AGS → note of the municipalities pre-filled as barred on new residence obligations."""


def _version(session: Session, rules: M.DistrictRules) -> RulesVersion:
    areas = session.exec(select(M.DistrictAreaRule).where(M.DistrictAreaRule.rules_id == rules.id)).all()
    barred = session.exec(
        select(M.DistrictBarredMunicipality).where(M.DistrictBarredMunicipality.rules_id == rules.id)
    ).all()
    return RulesVersion(
        rules=rules,
        area_table={a.household_size: a.max_m2 for a in sorted(areas, key=_size_order)},
        barred={b.ags: b.note for b in sorted(barred, key=lambda b: b.ags)},
    )


def _size_order(row: M.DistrictAreaRule) -> int:
    return row.household_size if row.household_size != M.EACH_ADDITIONAL else 10_000


def rules_for(db: Database, kreis_key: str, on: date) -> RulesVersion | None:
    """The version of a district's rules in force on `on`, or None when none is in force yet."""
    with db.read_session() as session:
        _require_district(session, kreis_key)
        rules = rules_on(session, kreis_key, on)
        return _version(session, rules) if rules is not None else None


def rules_versions(db: Database, kreis_key: str) -> list[M.DistrictRules]:
    """Every version of a district's rules, oldest first (for the settings view's history)."""
    with db.read_session() as session:
        _require_district(session, kreis_key)
        query = select(M.DistrictRules).where(M.DistrictRules.kreis_key == kreis_key)
        return list(session.exec(query.order_by(col(M.DistrictRules.valid_from))).all())


def _persons(size: int) -> str:
    if size == M.EACH_ADDITIONAL:
        return "jede weitere Person"
    return "1 Person" if size == 1 else f"{size} Personen"


def _area_errors(area_table: Mapping[Any, Any]) -> list[FieldError]:
    """Appropriate-area table: sizes 1..n without gaps, a value for each further person, 0 < m² ≤ 500,
    never less area for a larger household (a typo check; WFB 15.1 rises with every person)."""
    if not area_table:
        return [
            FieldError("area_table", "Bitte geben Sie die angemessene Wohnfläche je Haushaltsgröße an.", "Wohnfläche")
        ]
    errors: list[FieldError] = []
    clean: dict[int, float] = {}
    for size, m2 in area_table.items():
        name, label = f"area_table.{size}", f"Wohnfläche für {_persons(size) if isinstance(size, int) else size}"
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= 12:
            errors.append(FieldError(name, "Bitte eine Haushaltsgröße von 1 bis 12 angeben.", label))
        elif isinstance(m2, bool) or not isinstance(m2, int | float) or not math.isfinite(m2) or not 0 < m2 <= 500:
            errors.append(FieldError(name, "Bitte eine Fläche über 0 und höchstens 500 m² angeben.", label))
        else:
            clean[size] = float(m2)
    if clean and M.EACH_ADDITIONAL not in clean:
        message = "Bitte geben Sie auch an, wie viel Fläche jede weitere Person zusätzlich erhält."
        errors.append(FieldError(f"area_table.{M.EACH_ADDITIONAL}", message, "Wohnfläche für jede weitere Person"))
    return errors + _size_table_errors(clean, "area_table", "Wohnfläche", "Fläche")


def _size_table_errors(table: Mapping[int, float], prefix: str, label: str, what: str) -> list[FieldError]:
    """Shared shape rules of size-scaled tables (see `rent_cap.scaled`): 1..n without gaps, rising values."""
    listed = sorted(s for s in table if s != M.EACH_ADDITIONAL)
    errors = []
    missing = [s for s in range(1, max(listed, default=0) + 1) if s not in table]
    if not listed or missing:
        first = missing[0] if missing else 1
        message = f"Bitte geben Sie die Werte lückenlos ab 1 Person an (es fehlt: {_persons(first)})."
        errors.append(FieldError(prefix, message, label))
    for smaller, larger in pairwise(listed):
        if larger == smaller + 1 and table[larger] < table[smaller]:
            message = (
                f"Die {what} für {_persons(larger)} ist kleiner als für {_persons(smaller)}. "
                "Bitte prüfen Sie die Tabelle."
            )
            errors.append(FieldError(f"{prefix}.{larger}", message, f"{label} für {_persons(larger)}"))
    return errors


def _barred_errors(session: Session, barred_ags: Sequence[str]) -> list[FieldError]:
    unknown = sorted(
        {ags for ags in barred_ags if not isinstance(ags, str) or session.get(M.Municipality, ags) is None}
    )
    if not unknown:
        return []
    message = f"Unbekannte Gemeinde ({', '.join(map(str, unknown))}). Bitte wählen Sie die Gemeinden aus der Liste."
    return [FieldError("barred_ags", message, "Zuzugssperren")]


def _own_table_errors(session: Session, kreis_key: str, values: Mapping[str, Any]) -> list[FieldError]:
    """Switching to the own concept needs a Richtwert table in force by the version's start."""
    if values.get("cap_method") != E.CapMethod.OWN_TABLE or "valid_from" not in values:
        return []
    query = select(M.RentCapEntry.id).where(
        M.RentCapEntry.kreis_key == kreis_key, M.RentCapEntry.valid_from <= values["valid_from"]
    )
    if session.exec(query.limit(1)).first() is not None:
        return []
    message = (
        f"Für den Landkreis ist bis zum {day(values['valid_from'])} keine eigene Richtwerttabelle gespeichert. "
        "Bitte erfassen Sie zuerst die Richtwerte."
    )
    return [FieldError("cap_method", message, label_of(M.DistrictRulesBase, "cap_method"))]


def _duplicate_version_errors(session: Session, kreis_key: str, values: Mapping[str, Any]) -> list[FieldError]:
    if "valid_from" not in values:
        return []
    query = select(M.DistrictRules.id).where(
        M.DistrictRules.kreis_key == kreis_key, M.DistrictRules.valid_from == values["valid_from"]
    )
    if session.exec(query).first() is None:
        return []
    message = (
        f"Für den {day(values['valid_from'])} gibt es schon eine Fassung der Regeln. "
        "Bitte wählen Sie ein anderes Datum für „Gültig ab“."
    )
    return [FieldError("valid_from", message, label_of(M.DistrictRulesBase, "valid_from"))]


def _rules_checked(
    session: Session, kreis_key: str, data: Mapping[str, Any], area_table: Mapping[Any, Any], barred: Sequence[str]
) -> M.DistrictRulesBase:
    raw = dict(data)
    validated: M.DistrictRulesBase | None = None
    try:
        validated = validate(M.DistrictRulesBase, raw)
        values: Mapping[str, Any] = validated.model_dump()
        errors: list[FieldError] = []
    except ValidationFailed as exc:
        errors = list(exc.errors)
        values = valid_values(M.DistrictRulesBase, raw, {e.field for e in exc.errors})
    errors += _duplicate_version_errors(session, kreis_key, values)
    errors += _own_table_errors(session, kreis_key, values)
    errors += _area_errors(area_table)
    errors += _barred_errors(session, barred)
    require(errors)
    assert validated is not None
    return validated


def _store_version(
    session: Session,
    kreis_key: str,
    validated: M.DistrictRulesBase,
    area_table: Mapping[int, float],
    barred: Mapping[str, str],
) -> M.DistrictRules:
    rules = M.DistrictRules.model_validate({**validated.model_dump(), "kreis_key": kreis_key})
    session.add(rules)
    session.flush()
    assert rules.id is not None
    session.add_all(M.DistrictAreaRule(rules_id=rules.id, household_size=s, max_m2=m) for s, m in area_table.items())
    session.add_all(M.DistrictBarredMunicipality(rules_id=rules.id, ags=a, note=n) for a, n in barred.items())
    session.flush()
    return rules


def add_rules_version(
    db: Database,
    kreis_key: str,
    data: Mapping[str, Any],
    area_table: Mapping[int, float],
    barred_ags: Sequence[str],
) -> RulesVersion:
    """Add a version of a district's rules from `data["valid_from"]` on, with its own area table and
    barred list. Notes on barred municipalities carry over from the version in force before."""
    with db.session() as session:
        _require_district(session, kreis_key)
        validated = _rules_checked(session, kreis_key, data, area_table, barred_ags)
        previous = rules_on(session, kreis_key, validated.valid_from)
        old_notes = _version(session, previous).barred if previous is not None else reference.BARRED_DEFAULTS
        barred = {ags: old_notes.get(ags, "") for ags in dict.fromkeys(barred_ags)}
        rules = _store_version(session, kreis_key, validated, {int(k): float(v) for k, v in area_table.items()}, barred)
        description = f"Landkreis {kreis_key}, gültig ab {day(rules.valid_from)}, Berechnung: {rules.cap_method}"
        audit.record(session, db.user, "create", "district_rules", rules.id, description)
        return _version(session, rules)


# --------------------------------------------------------------------------------------------------
# The district's own Richtwert table (KdU concept)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RentCapRow:
    """One Richtwert as entered: for a municipality (`ags`) or a comparison area (`area`)."""

    household_size: int
    amount_cents: int
    ags: str | None = None
    area: str | None = None

    @property
    def scope(self) -> tuple[str, str]:
        return ("ags", self.ags) if self.ags is not None else ("area", self.area or "")


@dataclass(frozen=True)
class RentCapTable:
    """A district's own Richtwert table from one date on, as stored."""

    kreis_key: str
    valid_from: date
    rows: list[RentCapRow]
    areas: dict[str, list[str]]
    """Comparison area name → member AGS, for the areas this table uses."""


ENTRY_KEYS = frozenset({"ags", "area", "members", "household_size", "amount_cents"})


class _TableErrors:
    """Collects errors of a table with row-numbered fields ('Zeile 3: Haushaltsgröße')."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, index: int | None, name: str, message: str, label: str) -> None:
        field_name = f"entries.{index}.{name}" if index is not None else f"entries.{name}"
        prefix = f"Zeile {index + 1}: " if index is not None else ""
        self.errors.append(FieldError(field_name, message, prefix + label))


def _municipality_problem(session: Session, kreis_key: str, ags: Any) -> str | None:
    municipality = session.get(M.Municipality, ags) if isinstance(ags, str) else None
    if municipality is None:
        return UNKNOWN_MUNICIPALITY
    if municipality.kreis_key != kreis_key:
        return f"{municipality.name} gehört nicht zu diesem Landkreis. Bitte wählen Sie eine Gemeinde des Landkreises."
    return None


def _parse_entry(
    session: Session, kreis_key: str, valid_from: date, index: int, raw: Any, problems: _TableErrors
) -> tuple[RentCapRow | None, list[str] | None]:
    """One entered row → (row, members given for its area) or problems."""
    if not isinstance(raw, Mapping):
        problems.add(index, "row", "Bitte Gemeinde oder Vergleichsraum, Haushaltsgröße und Betrag angeben.", "Zeile")
        return None, None
    for key in sorted(set(raw) - ENTRY_KEYS, key=str):
        problems.add(index, str(key), "Unbekanntes Feld.", str(key))
    before = len(problems.errors)
    ags, area, members = raw.get("ags"), raw.get("area"), raw.get("members")
    if (ags is None) == (area is None):
        problems.add(index, "ags", "Bitte entweder eine Gemeinde oder einen Vergleichsraum angeben.", "Gemeinde")
    elif ags is not None:
        if (problem := _municipality_problem(session, kreis_key, ags)) is not None:
            problems.add(index, "ags", problem, "Gemeinde")
        if members:
            problems.add(index, "members", "Gemeinden gehören nur zu einem Vergleichsraum.", "Gemeinden")
    else:
        area = _area_name(index, area, problems)
    checked = _size_and_amount(index, kreis_key, valid_from, raw, problems)
    if len(problems.errors) > before or checked is None:
        return None, None
    return RentCapRow(*checked, ags=ags, area=area), _members(index, members, problems)


def _area_name(index: int, area: Any, problems: _TableErrors) -> str | None:
    label = "Vergleichsraum"
    if not isinstance(area, str):
        problems.add(index, "area", "Bitte den Namen des Vergleichsraums eingeben.", label)
        return None
    try:
        name = clean_text(area)
    except TextRejected as exc:
        problems.add(index, "area", f"Der Name {exc}.", label)
        return None
    if not 1 <= len(name) <= 120:
        problems.add(index, "area", "Bitte einen Namen mit 1 bis 120 Zeichen eingeben.", label)
        return None
    return name


def _size_and_amount(
    index: int, kreis_key: str, valid_from: date, raw: Mapping[str, Any], problems: _TableErrors
) -> tuple[int, int] | None:
    """Household size and amount, checked with the bounds of `RentCapEntry`; a zero cap is a typo."""
    data = {"kreis_key": kreis_key, "valid_from": valid_from}
    data.update({key: raw[key] for key in ("household_size", "amount_cents") if key in raw})
    try:
        entry = validate(M.RentCapEntry, data)
    except ValidationFailed as exc:
        for error in exc.errors:
            problems.add(index, error.field, error.message, error.label)
        return None
    if entry.amount_cents == 0:
        label = label_of(M.RentCapEntry, "amount_cents")
        problems.add(index, "amount_cents", "Bitte einen Betrag über 0 € eingeben.", label)
        return None
    return entry.household_size, entry.amount_cents


def _members(index: int, members: Any, problems: _TableErrors) -> list[str] | None:
    if members is None:
        return None
    if isinstance(members, str) or not isinstance(members, Sequence):
        problems.add(index, "members", "Bitte die Gemeinden als Liste angeben.", "Gemeinden")
        return None
    return list(dict.fromkeys(members))


def _area_members(
    session: Session, kreis_key: str, given: Mapping[str, list[list[str]]], problems: _TableErrors
) -> dict[str, list[str]]:
    """Members per area: as given (the same on every row that gives them) or as stored before."""
    result: dict[str, list[str]] = {}
    for name, lists in given.items():
        distinct = {tuple(sorted(m)) for m in lists}
        if len(distinct) > 1:
            problems.add(None, "members", f"Für „{name}“ sind unterschiedliche Gemeinden angegeben.", "Gemeinden")
            continue
        members = list(lists[0]) if lists else _stored_members(session, kreis_key, name)
        if not members:
            message = f"Bitte geben Sie die Gemeinden des Vergleichsraums „{name}“ an."
            problems.add(None, "members", message, "Gemeinden")
            continue
        for ags in members:
            if (problem := _municipality_problem(session, kreis_key, ags)) is not None:
                problems.add(None, "members", f"{ags}: {problem}", f"Gemeinden von {name}")
        result[name] = members
    owners = _area_owners(session, kreis_key)
    for name, members in result.items():
        for ags in members:
            owner = owners.get(ags)
            if owner is not None and owner not in result:  # areas redefined here are checked among themselves
                message = f"Die Gemeinde {ags} gehört schon zum Vergleichsraum „{owner}“."
                problems.add(None, "members", message, f"Gemeinden von {name}")
    return result


def _stored_members(session: Session, kreis_key: str, name: str) -> list[str]:
    query = (
        select(M.ComparisonAreaMember.ags)
        .join(M.ComparisonArea, col(M.ComparisonArea.id) == M.ComparisonAreaMember.area_id)
        .where(M.ComparisonArea.kreis_key == kreis_key, M.ComparisonArea.name == name)
    )
    return sorted(session.exec(query).all())


def _table_shape_errors(rows: list[RentCapRow], areas: Mapping[str, list[str]], problems: _TableErrors) -> None:
    """No row twice, sizes 1..n without gaps and rising amounts per scope, no municipality in two areas."""
    by_scope: dict[tuple[str, str], dict[int, float]] = {}
    for row in rows:
        sizes = by_scope.setdefault(row.scope, {})
        if row.household_size in sizes:
            where = row.ags or row.area
            message = f"Der Richtwert für {where}, {_persons(row.household_size)}, ist doppelt angegeben."
            problems.add(None, "rows", message, "Richtwerte")
        sizes[row.household_size] = row.amount_cents
    for (_, where), sizes in by_scope.items():
        for error in _size_table_errors(sizes, "rows", "Richtwerte", "Grenze"):
            problems.add(None, error.field.removeprefix("entries."), f"{where}: {error.message}", error.label)
    owner: dict[str, str] = {}
    for name, members in areas.items():
        for ags in members:
            if ags in owner:
                message = f"Die Gemeinde {ags} gehört schon zum Vergleichsraum „{owner[ags]}“."
                problems.add(None, "members", message, f"Gemeinden von {name}")
            owner.setdefault(ags, name)


def _table_checked(
    session: Session, kreis_key: str, valid_from: Any, entries: Sequence[Any]
) -> tuple[list[RentCapRow], dict[str, list[str]]]:
    problems = _TableErrors()
    if not isinstance(valid_from, date):
        problems.add(None, "valid_from", "Bitte ein gültiges Datum eingeben (TT.MM.JJJJ).", "Gültig ab")
        require(problems.errors)
    if not entries:
        problems.add(
            None, "rows", "Die Tabelle ist leer. Bitte geben Sie mindestens einen Richtwert ein.", "Richtwerte"
        )
    rows: list[RentCapRow] = []
    given: dict[str, list[list[str]]] = {}
    for index, raw in enumerate(entries):
        row, members = _parse_entry(session, kreis_key, valid_from, index, raw, problems)
        if row is not None:
            rows.append(row)
            if row.area is not None:
                given.setdefault(row.area, []).extend([members] if members else [])
    areas = _area_members(session, kreis_key, given, problems)
    _table_shape_errors(rows, areas, problems)
    require(problems.errors)
    return rows, areas


def _store_areas(session: Session, kreis_key: str, areas: Mapping[str, list[str]]) -> dict[str, int]:
    """Create or update the comparison areas; their membership is replaced by the one given."""
    ids: dict[str, int] = {}
    for name, members in areas.items():
        query = select(M.ComparisonArea).where(M.ComparisonArea.kreis_key == kreis_key, M.ComparisonArea.name == name)
        area = session.exec(query).first() or M.ComparisonArea(kreis_key=kreis_key, name=name)
        session.add(area)
        session.flush()
        assert area.id is not None
        session.exec(delete(M.ComparisonAreaMember).where(col(M.ComparisonAreaMember.area_id) == area.id))
        session.add_all(M.ComparisonAreaMember(area_id=area.id, ags=ags) for ags in members)
        ids[name] = area.id
    session.flush()
    return ids


def _switch_to_own_table(session: Session, kreis_key: str, valid_from: date) -> M.DistrictRules:
    """Make the district's cap its own table from `valid_from` on: the version starting that day is changed,
    otherwise a copy of the version in force then (area table and barred list included) starts that day.
    Later versions stay as they are."""
    current = rules_on(session, kreis_key, valid_from)
    if current is not None and current.valid_from == valid_from:
        rules = current
    else:
        fields = M.DistrictRulesBase.model_fields
        copied = {name: getattr(current, name) for name in fields} if current else {"valid_from": valid_from}
        base = M.DistrictRulesBase.model_validate(copied)
        base.valid_from = valid_from
        version = _version(session, current) if current is not None else None
        area_table = version.area_table if version else reference.default_area_table()
        barred = version.barred if version else reference.BARRED_DEFAULTS
        rules = _store_version(session, kreis_key, base, area_table, barred)
    rules.cap_method, rules.cap_is_default = E.CapMethod.OWN_TABLE, False
    if rules.source in ("", reference.RULES_SOURCE):
        rules.source = OWN_TABLE_SOURCE
    if rules.notes == reference.RULES_NOTE:
        rules.notes = ""
    rules.updated_at = M.utcnow()
    session.add(rules)
    session.flush()
    return rules


def set_rent_cap_table(
    db: Database,
    kreis_key: str,
    valid_from: date,
    entries: Sequence[Mapping[str, Any]],
    *,
    switch_method: bool = False,
) -> RentCapTable:
    """Store a district's own Richtwert table from `valid_from` on, replacing a table of that same day.

    Each entry: `ags` (a municipality) or `area` (a comparison area, with `members`: list of AGS, needed once
    per area unless the area is already stored), `household_size` (0 = each further person) and
    `amount_cents` (the highest gross cold rent). Checked as a whole; nothing is stored if any row is wrong.
    With `switch_method`, the district's cap method becomes OWN_TABLE (no longer the shipped default).
    """
    with db.session() as session:
        _require_district(session, kreis_key)
        _lock_areas(session, kreis_key)
        rows, areas = _table_checked(session, kreis_key, valid_from, entries)
        area_ids = _store_areas(session, kreis_key, areas)
        stale = delete(M.RentCapEntry).where(
            col(M.RentCapEntry.kreis_key) == kreis_key, col(M.RentCapEntry.valid_from) == valid_from
        )
        session.exec(stale)
        session.add_all(
            M.RentCapEntry(
                kreis_key=kreis_key,
                valid_from=valid_from,
                ags=row.ags,
                area_id=area_ids[row.area] if row.area is not None else None,
                household_size=row.household_size,
                amount_cents=row.amount_cents,
            )
            for row in rows
        )
        session.flush()
        description = f"Landkreis {kreis_key}, gültig ab {day(valid_from)}, {len(rows)} Richtwerte"
        if switch_method:
            _switch_to_own_table(session, kreis_key, valid_from)
            description += ", Berechnung: eigenes Konzept"
        audit.record(session, db.user, "update", "rent_cap_table", kreis_key, description)
        return _read_table(session, kreis_key, valid_from)


def _read_table(session: Session, kreis_key: str, valid_from: date) -> RentCapTable:
    query = (
        select(M.RentCapEntry, M.ComparisonArea.name)
        .outerjoin(M.ComparisonArea, col(M.ComparisonArea.id) == M.RentCapEntry.area_id)
        .where(M.RentCapEntry.kreis_key == kreis_key, M.RentCapEntry.valid_from == valid_from)
    )
    rows = [
        RentCapRow(entry.household_size, entry.amount_cents, ags=entry.ags, area=name)
        for entry, name in session.exec(query).all()
    ]
    rows.sort(key=lambda r: (r.scope, r.household_size if r.household_size != M.EACH_ADDITIONAL else 10_000))
    areas = {name: _stored_members(session, kreis_key, name) for name in sorted({r.area for r in rows if r.area})}
    return RentCapTable(kreis_key, valid_from, rows, areas)


def get_rent_cap_table(db: Database, kreis_key: str, valid_from: date) -> RentCapTable:
    """The district's own Richtwert table stored for exactly `valid_from` (empty rows if there is none)."""
    with db.read_session() as session:
        _require_district(session, kreis_key)
        return _read_table(session, kreis_key, valid_from)


# --------------------------------------------------------------------------------------------------
# Comparison areas (Vergleichsräume) of a district's own concept
# --------------------------------------------------------------------------------------------------

AREA_NAME_LABEL = "Name des Vergleichsraums"
AREA_MEMBERS_LABEL = "Gemeinden"


@dataclass(frozen=True)
class ComparisonAreaInfo:
    """A comparison area as stored, with its member municipalities (AGS, by code) and the days from which
    Richtwert tables that give figures for it apply (empty: no table uses it, so it may be deleted)."""

    id: int
    kreis_key: str
    name: str
    members: list[str]
    used_from: list[date] = field(default_factory=list)


def _lock_areas(session: Session, kreis_key: str) -> None:
    """Serialise changes to a district's areas (PostgreSQL: row lock on the district; SQLite writes one at a
    time anyway), so two offices cannot put one municipality into two areas at the same moment."""
    session.get(M.District, kreis_key, with_for_update=True)


def _area_owners(session: Session, kreis_key: str, *, besides: int | None = None) -> dict[str, str]:
    """AGS → name of the district's area it belongs to (leaving out the area `besides`)."""
    query = (
        select(M.ComparisonAreaMember.ags, M.ComparisonArea.name)
        .join(M.ComparisonArea, col(M.ComparisonArea.id) == M.ComparisonAreaMember.area_id)
        .where(M.ComparisonArea.kreis_key == kreis_key)
    )
    if besides is not None:
        query = query.where(col(M.ComparisonArea.id) != besides)
    return dict(session.exec(query).all())


def _area_info(session: Session, area: M.ComparisonArea) -> ComparisonAreaInfo:
    assert area.id is not None
    members = session.exec(select(M.ComparisonAreaMember.ags).where(M.ComparisonAreaMember.area_id == area.id))
    used = select(col(M.RentCapEntry.valid_from)).where(M.RentCapEntry.area_id == area.id).distinct()
    return ComparisonAreaInfo(
        area.id, area.kreis_key, area.name, sorted(members.all()), sorted(session.exec(used).all())
    )


def comparison_areas(db: Database, kreis_key: str) -> list[ComparisonAreaInfo]:
    """The district's comparison areas by name."""
    with db.read_session() as session:
        _require_district(session, kreis_key)
        query = select(M.ComparisonArea).where(M.ComparisonArea.kreis_key == kreis_key)
        areas = sorted(session.exec(query).all(), key=lambda a: (a.name.casefold(), a.name))
        return [_area_info(session, area) for area in areas]


def _area_of(session: Session, area_id: Any) -> M.ComparisonArea:
    area = session.get(M.ComparisonArea, area_id) if isinstance(area_id, int) else None
    if area is None:
        raise NotFound("Diesen Vergleichsraum gibt es nicht mehr. Bitte laden Sie die Richtwerte neu.")
    return area


def _area_name_errors(session: Session, kreis_key: str, area_id: int | None, name: Any) -> tuple[str, list[FieldError]]:
    def error(message: str) -> tuple[str, list[FieldError]]:
        return "", [FieldError("name", message, AREA_NAME_LABEL)]

    if not isinstance(name, str):
        return error("Bitte geben Sie einen Namen für den Vergleichsraum ein.")
    try:
        cleaned = clean_text(name)
    except TextRejected as exc:
        return error(f"Der Name {exc}.")
    if not cleaned:
        return error("Bitte geben Sie einen Namen für den Vergleichsraum ein.")
    if len(cleaned) > 120:
        return error("Der Name darf höchstens 120 Zeichen lang sein.")
    others = session.exec(select(M.ComparisonArea).where(M.ComparisonArea.kreis_key == kreis_key)).all()
    if any(other.name.casefold() == cleaned.casefold() and other.id != area_id for other in others):
        return error(f"Einen Vergleichsraum „{cleaned}“ gibt es schon. Bitte wählen Sie einen anderen Namen.")
    return cleaned, []


def _area_member_errors(
    session: Session, kreis_key: str, area_id: int | None, members: Any
) -> tuple[list[str], list[FieldError]]:
    def error(message: str) -> FieldError:
        return FieldError("members", message, AREA_MEMBERS_LABEL)

    if isinstance(members, str) or not isinstance(members, Sequence):
        return [], [error("Bitte wählen Sie die Gemeinden aus der Liste.")]
    chosen = list(dict.fromkeys(members))
    if not chosen:
        return [], [error("Bitte wählen Sie mindestens eine Gemeinde aus.")]
    errors: list[FieldError] = []
    owners = _area_owners(session, kreis_key, besides=area_id)
    for ags in chosen:
        if (problem := _municipality_problem(session, kreis_key, ags)) is not None:
            errors.append(error(problem))
        elif ags in owners:
            municipality = session.get(M.Municipality, ags)
            assert municipality is not None
            errors.append(
                error(
                    f"{municipality.name} gehört schon zum Vergleichsraum „{owners[ags]}“. Eine Gemeinde kann nur "
                    "zu einem Vergleichsraum gehören: Bitte nehmen Sie sie dort zuerst heraus."
                )
            )
    return sorted(chosen), errors


def save_comparison_area(
    db: Database, kreis_key: str, name: str, members: Sequence[str], area_id: int | None = None
) -> ComparisonAreaInfo:
    """Create a comparison area (`area_id` None) or rename it and replace its members.

    `members`: AGS of municipalities of the district, at least one, none that belongs to another area of the
    district. Name and members are checked together; nothing is stored if either is wrong. Changed members
    also apply to Richtwert tables stored earlier that give figures for the area.
    """
    with db.session() as session:
        _require_district(session, kreis_key)
        _lock_areas(session, kreis_key)
        area = _area_of(session, area_id) if area_id is not None else None
        if area is not None and area.kreis_key != kreis_key:
            raise NotFound("Dieser Vergleichsraum gehört zu einem anderen Landkreis. Bitte laden Sie neu.")
        cleaned, name_errors = _area_name_errors(session, kreis_key, area_id, name)
        chosen, member_errors = _area_member_errors(session, kreis_key, area_id, members)
        require(name_errors + member_errors)
        before = _area_info(session, area) if area is not None else None
        if area is None:
            area = M.ComparisonArea(kreis_key=kreis_key, name=cleaned)
        area.name = cleaned
        session.add(area)
        session.flush()
        assert area.id is not None
        session.exec(delete(M.ComparisonAreaMember).where(col(M.ComparisonAreaMember.area_id) == area.id))
        session.add_all(M.ComparisonAreaMember(area_id=area.id, ags=ags) for ags in chosen)
        session.flush()
        description = f"Landkreis {kreis_key}, Vergleichsraum „{cleaned}“, Gemeinden: {', '.join(chosen)}"
        if before is not None and before.name != cleaned:
            description += f", vorher „{before.name}“"
        audit.record(
            session, db.user, "create" if before is None else "update", "comparison_area", area.id, description
        )
        return _area_info(session, area)


def delete_comparison_area(db: Database, area_id: int) -> None:
    """Delete a comparison area no Richtwert table gives figures for (else refused: the tables would lose
    those rows and cap checks made with them could not be repeated)."""
    with db.session() as session:
        area = _area_of(session, area_id)
        _lock_areas(session, area.kreis_key)
        info = _area_info(session, area)
        if info.used_from:
            days = ", ".join(f"ab {day(valid_from)}" for valid_from in info.used_from)
            tables = "der Richtwerttabelle" if len(info.used_from) == 1 else "den Richtwerttabellen"
            message = (
                f"Der Vergleichsraum „{info.name}“ wird in {tables} {days} verwendet und kann nicht gelöscht "
                "werden. Sie können ihn umbenennen oder seine Gemeinden ändern."
            )
            require([FieldError("area", message, "Vergleichsraum")])
        session.exec(delete(M.ComparisonAreaMember).where(col(M.ComparisonAreaMember.area_id) == area_id))
        session.delete(area)
        description = f"Landkreis {info.kreis_key}, Vergleichsraum „{info.name}“"
        audit.record(session, db.user, "delete", "comparison_area", area_id, description)


# --------------------------------------------------------------------------------------------------
# Matching weights
# --------------------------------------------------------------------------------------------------


def get_weights(db: Database) -> dict[str, float]:
    """Weight of every soft criterion (stored value, else the shipped default), in a stable order."""
    with db.read_session() as session:
        stored = {w.criterion: w.weight for w in session.exec(select(M.MatchingWeight)).all()}
    return {criterion: stored.get(criterion, default) for criterion, default in reference.DEFAULT_WEIGHTS.items()}


def _weights_checked(current: Mapping[str, float], weights: Mapping[str, Any]) -> dict[str, float]:
    errors: list[FieldError] = []
    checked: dict[str, float] = {}
    for criterion, weight in weights.items():
        if criterion not in reference.DEFAULT_WEIGHTS:
            choices = ", ".join(WEIGHT_LABELS.get(c, c) for c in reference.DEFAULT_WEIGHTS)
            errors.append(
                FieldError(str(criterion), f"Unbekanntes Kriterium. Erlaubt sind: {choices}.", str(criterion))
            )
            continue
        label = WEIGHT_LABELS.get(criterion, criterion)
        if isinstance(weight, bool):
            errors.append(FieldError(criterion, "Bitte eine Zahl von 0 bis 100 eingeben.", label))
            continue
        try:
            checked[criterion] = validate(M.MatchingWeight, {"criterion": criterion, "weight": weight}).weight
        except ValidationFailed as exc:
            errors += [FieldError(criterion, e.message, label) for e in exc.errors]
    if not errors and not any({**current, **checked}.values()):
        message = "Mindestens ein Kriterium braucht ein Gewicht über 0, sonst kann nichts gereiht werden."
        errors.append(FieldError("weights", message, "Gewichte"))
    require(errors)
    return checked


def set_weights(db: Database, weights: Mapping[str, float]) -> dict[str, float]:
    """Change some weights (0 to 100 each); criteria not named keep theirs. Returns all weights."""
    with db.session() as session:
        stored = {w.criterion: w for w in session.exec(select(M.MatchingWeight)).all()}
        current = {c: stored[c].weight if c in stored else d for c, d in reference.DEFAULT_WEIGHTS.items()}
        checked = _weights_checked(current, weights)
        changes = []
        for criterion, weight in checked.items():
            row = stored.get(criterion) or M.MatchingWeight(criterion=criterion, weight=weight)
            if criterion in stored and row.weight == weight:
                continue
            changes.append(f"{criterion} {number(current[criterion])} → {number(weight)}")
            row.weight, row.updated_at = weight, M.utcnow()
            session.add(row)
        if changes:
            session.flush()
            audit.record(session, db.user, "update", "matching_weight", "", "; ".join(changes))
        current.update(checked)
    return current
