"""Which spreadsheet column fills which field: guessed from German and English headers, correctable,
remembered per kind of file, and readable from a JSON mapping file for the command line.

The fields an import can fill (`targets(kind)`) come from the same `…Base` models the forms validate
with, so a new model field is importable without touching this module; its German `title` is one of the
names it is recognised by. Headers are compared normalised: case, umlauts (ä/ae), punctuation, units in
brackets and "in €" do not matter. A mapping is `{header: target name or None}` (None: column ignored).

A mapping is remembered under the kind of import and a fingerprint of the normalised header row: the
next list from the same housing company (same columns) gets the corrected mapping back.
"""

from __future__ import annotations

import difflib
import enum
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from sqlmodel import Session

from matcher.core import models as M
from matcher.core.errors import MatcherError

Kind = Literal["flats", "households", "landlords"]
KINDS: tuple[Kind, ...] = ("flats", "households", "landlords")
KIND_LABELS: dict[str, str] = {"flats": "Wohnungen", "households": "Haushalte", "landlords": "Vermieter"}
ValueType = Literal[
    "text", "int", "float", "money", "bool", "date", "enum", "municipality", "landlord", "address", "name"
]
MEMBER = "member."
FUZZY_CUTOFF = 0.86


class MappingError(MatcherError):
    """A mapping file or mapping that cannot be used; the message names the problem in German."""


@dataclass(frozen=True)
class Target:
    """A field an import can fill: its name (`member.` prefix for a person's field), German label, value type."""

    name: str
    label: str
    value_type: ValueType
    required: bool = False
    enum_cls: type[enum.Enum] | None = None

    @property
    def field(self) -> str:
        return self.name.removeprefix(MEMBER)

    @property
    def is_member(self) -> bool:
        return self.name.startswith(MEMBER)


# --------------------------------------------------------------------------------------------------
# Targets derived from the models
# --------------------------------------------------------------------------------------------------

_SKIPPED_FIELDS = {"flats": {"landlord_id", "owner_id"}, "households": set(), "members": {"position"}}
_SPECIAL_TYPES: dict[str, ValueType] = {"ags": "municipality", "accommodation_ags": "municipality"}


def _value_type(name: str, annotation: Any) -> tuple[ValueType, type[enum.Enum] | None]:
    if name in _SPECIAL_TYPES:
        return _SPECIAL_TYPES[name], None
    if name.endswith("_cents"):
        return "money", None
    candidates = get_args(annotation) if get_origin(annotation) in (Union, UnionType) else (annotation,)
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return "enum", candidate
        if candidate is bool:
            return "bool", None
        if candidate is int:
            return "int", None
        if candidate is float:
            return "float", None
        if candidate is date:
            return "date", None
    return "text", None


def _model_targets(model: type[BaseModel], skipped: set[str], prefix: str = "") -> list[Target]:
    found = []
    for name, info in model.model_fields.items():
        if name in skipped:
            continue
        value_type, enum_cls = _value_type(name, info.annotation)
        found.append(Target(prefix + name, info.title or name, value_type, info.is_required(), enum_cls))
    return found


def targets(kind: str) -> dict[str, Target]:
    """Every field an import of `kind` can fill, by target name."""
    if kind == "flats":
        found = [
            Target("landlord", "Vermieter (Name oder Nummer)", "landlord", required=True),
            Target("street_and_number", "Straße und Hausnummer (zusammen)", "address"),
            *_model_targets(M.FlatBase, _SKIPPED_FIELDS["flats"]),
        ]
    elif kind == "households":
        found = [
            *_model_targets(M.HouseholdBase, _SKIPPED_FIELDS["households"]),
            Target(MEMBER + "full_name", "Name, Vorname (zusammen)", "name"),
            *_model_targets(M.MemberBase, _SKIPPED_FIELDS["members"], MEMBER),
        ]
    elif kind == "landlords":
        found = _model_targets(M.LandlordBase, set())
    else:
        raise MappingError(f"Unbekannte Art des Imports „{kind}“. Möglich sind: {', '.join(KINDS)}.")
    return {target.name: target for target in found}


# Alternatives a caseworker may find in a spreadsheet: either of a pair fills the same fields.
ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "street": ("street_and_number",),
    "house_number": ("street_and_number",),
    "member.given_name": ("member.full_name",),
    "member.family_name": ("member.full_name",),
}
# Filled without a column: the municipality from the postcode, the applicant as the first person.
DERIVABLE = frozenset({"ags", "member.relationship"})


def missing_required(kind: str, mapping: Mapping[str, str | None], *, landlord_given: bool = False) -> list[Target]:
    """Required fields that no column fills (and that cannot be derived)."""
    mapped = {target for target in mapping.values() if target}
    found = []
    for target in targets(kind).values():
        if not target.required or target.name in mapped or target.name in DERIVABLE:
            continue
        if target.name == "landlord" and landlord_given:
            continue
        if any(alternative in mapped for alternative in ALTERNATIVES.get(target.name, ())):
            continue
        found.append(target)
    return found


# --------------------------------------------------------------------------------------------------
# Header normalisation and synonyms
# --------------------------------------------------------------------------------------------------

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_BRACKETS = re.compile(r"\(.*?\)|\[.*?\]")
_UNITS = re.compile(r"€|\beur\b|\beuro\b|\bqm\b|\bm2\b|\bsqm\b|\bmtl\b|\bmonatlich\b")  # NFKC made m² m2
_DANGLING = re.compile(r"\b(?:in|je|pro|per)\W*$")


def normalise_header(text: str) -> str:
    """'Wohnfläche (m²)' → 'wohnflaeche'; 'Nettokaltmiete in €' → 'nettokaltmiete'; 'PLZ:' → 'plz'."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    stripped = _DANGLING.sub(" ", _UNITS.sub(" ", _BRACKETS.sub(" ", folded)).strip())
    key = re.sub(r"[^a-z0-9]", "", stripped)
    return key or re.sub(r"[^a-z0-9]", "", folded)


SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "flats": {
        "landlord": ("Vermieter", "Vermieterin", "Wohnungsunternehmen", "Gesellschaft", "Landlord", "Owner company"),
        "landlord_reference": (
            "Objektnummer",
            "Objekt-Nr.",
            "Objekt",
            "WE-Nr.",
            "Wohneinheit",
            "Mieteinheit",
            "ME-Nr.",
            "Wirtschaftseinheit",
            "Wohnungs-ID",
            "Interne Nummer",
            "Unit ID",
            "Reference",
            "Flat ID",
            "Property ID",
        ),
        "street_and_number": ("Adresse", "Anschrift", "Straße und Hausnummer", "Straße, Hausnr.", "Address"),
        "street": ("Straße", "Str.", "Strasse", "Street"),
        "house_number": ("Hausnummer", "Hausnr.", "Haus-Nr.", "HNr.", "Nr.", "House number", "Number", "No."),
        "postcode": ("PLZ", "Postleitzahl", "Postcode", "Postal code", "ZIP", "ZIP code"),
        "ags": ("Gemeinde", "Ort", "Stadt", "Wohnort", "Gemeindeschlüssel", "AGS", "Municipality", "City", "Town"),
        "locality": ("Ortsteil", "Stadtteil", "Ortschaft", "Locality", "Quarter", "Neighbourhood"),
        "floor": ("Geschoss", "Etage", "Stockwerk", "Lage", "Floor", "Storey", "Level"),
        "flat_number": ("Wohnungsnummer", "Whg.-Nr.", "Wohnung", "Wohnung Nr.", "Flat number", "Apartment", "Unit"),
        "living_area_m2": ("Wohnfläche", "Fläche", "Größe", "Wfl.", "qm", "m²", "Living area", "Area", "Size"),
        "rooms": ("Zimmer", "Zimmeranzahl", "Anzahl Zimmer", "Räume", "Zi.", "Rooms", "Number of rooms"),
        "bedrooms": ("Schlafzimmer", "Bedrooms"),
        "max_occupants": ("Max. Personen", "Höchstens Personen", "Belegung", "Personen max", "Max occupants"),
        "net_rent_cents": (
            "Nettokaltmiete",
            "Kaltmiete",
            "Grundmiete",
            "Nettomiete",
            "Miete",
            "Net rent",
            "Cold rent",
            "Base rent",
            "Rent",
        ),
        "operating_costs_cents": (
            "Nebenkosten",
            "Betriebskosten",
            "NK",
            "BK",
            "BK-Vorauszahlung",
            "Operating costs",
            "Service charges",
        ),
        "heating_costs_cents": ("Heizkosten", "HK", "Heizkostenvorauszahlung", "Heating costs"),
        "surcharges_cents": ("Zuschläge", "Zuschlag", "Garage/Stellplatz Miete", "Surcharges"),
        "deposit_cents": ("Kaution", "Mietsicherheit", "Deposit"),
        "available_from": ("Frei ab", "Verfügbar ab", "Bezugsfrei ab", "Bezug ab", "Available from", "Available"),
        "status": ("Status", "Stand", "Status"),
        "elevator": ("Aufzug", "Fahrstuhl", "Lift", "Elevator"),
        "has_cellar": ("Keller", "Kellerraum", "Cellar", "Basement"),
        "has_parking": ("Stellplatz", "Parkplatz", "Garage", "Parking"),
        "has_kitchen": ("Küche", "Kitchen"),
        "fitted_kitchen": ("Einbauküche", "EBK", "Fitted kitchen"),
        "has_bath": ("Bad", "Badezimmer", "Bathroom", "Bath"),
        "step_free": ("Stufenlos", "Barrierefrei", "Step-free", "Step free"),
        "wheelchair_accessible": ("Rollstuhlgerecht", "Rollstuhl", "Wheelchair accessible", "Wheelchair"),
        "pets_allowed": ("Haustiere", "Haustiere erlaubt", "Pets allowed", "Pets"),
        "heating_type": ("Heizungsart", "Heizung", "Heating", "Heating type"),
        "heating_fuel": ("Energieträger", "Befeuerung", "Brennstoff", "Fuel", "Heating fuel"),
        "funded": ("Gefördert", "Sozialwohnung", "Förderung", "Öffentlich gefördert", "Funded", "Subsidised"),
        "wbs_required": ("WBS", "WBS erforderlich", "WBS nötig", "Wohnberechtigungsschein", "WBS required"),
        "binding_end": ("Bindung bis", "Bindungsende", "Binding end"),
        "energy_class": ("Effizienzklasse", "Energieklasse", "Energy class"),
        "energy_kwh_per_m2": ("Energiekennwert", "Endenergie", "Verbrauchskennwert", "kWh/m²", "Energy"),
        "notes": ("Bemerkung", "Bemerkungen", "Hinweis", "Hinweise", "Anmerkung", "Notes", "Comment", "Remarks"),
    },
    "landlords": {
        "name": ("Name", "Vermieter", "Firma", "Unternehmen", "Eigentümer", "Landlord", "Company", "Owner"),
        "kind": ("Art", "Typ", "Rechtsform", "Art des Vermieters", "Kind", "Type"),
        "representative": ("Vertreten durch", "Ansprechpartner", "Ansprechpartnerin", "Geschäftsführer", "Contact"),
        "street": ("Straße", "Anschrift", "Adresse", "Straße und Hausnummer", "Street", "Address"),
        "postcode": ("PLZ", "Postleitzahl", "Postcode", "ZIP"),
        "city": ("Ort", "Stadt", "Wohnort", "Sitz", "City", "Town"),
        "phone": ("Telefon", "Tel.", "Phone"),
        "email": ("E-Mail", "Mail", "Email"),
        "iban": ("IBAN", "Bankverbindung", "Konto"),
        "bic": ("BIC", "SWIFT"),
        "account_holder": ("Kontoinhaber", "Kontoinhaberin", "Account holder"),
        "notes": ("Bemerkung", "Bemerkungen", "Hinweis", "Notes", "Comment"),
    },
    "households": {
        "case_number": ("Aktenzeichen", "Az.", "AZ", "Akte", "Fallnummer", "Case number", "Case no.", "File number"),
        "phone": ("Telefon", "Tel.", "Handy", "Mobil", "Phone", "Telephone", "Mobile"),
        "email": ("E-Mail", "Mail", "Email"),
        "current_accommodation": (
            "Unterkunft",
            "Derzeitige Unterkunft",
            "GU",
            "Gemeinschaftsunterkunft",
            "Accommodation",
        ),
        "accommodation_ags": ("Ort der Unterkunft", "Gemeinde der Unterkunft", "Unterkunft Ort", "Accommodation town"),
        "accommodated_since": ("Dort seit", "In Unterkunft seit", "Einzug Unterkunft", "Accommodated since"),
        "registered_on": ("Wohnungssuchend seit", "Registriert am", "Erfasst am", "Registered on", "Registered"),
        "needed_from": ("Wohnung benötigt ab", "Benötigt ab", "Needed from"),
        "residence_status": ("Aufenthaltsstatus", "Aufenthaltstitel", "Status Aufenthalt", "Residence status"),
        "permit_issued_on": ("Titel erteilt am", "Erteilt am", "Permit issued on"),
        "obligation_scope": ("Wohnsitzauflage", "Wohnsitzregelung", "Residence obligation"),
        "obligation_until": ("Auflage bis", "Wohnsitzauflage bis", "Obligation until"),
        "paying_authority": ("Kostenträger", "Leistungsträger", "Träger", "Paying authority", "Payer"),
        "urgency": ("Dringlichkeit", "Priorität", "Urgency", "Priority"),
        "notes": ("Bemerkung", "Bemerkungen", "Hinweis", "Hinweise", "Notes", "Comment", "Remarks"),
        "member.full_name": ("Name", "Name, Vorname", "Nachname, Vorname", "Full name"),
        "member.given_name": ("Vorname", "Vornamen", "Given name", "First name", "Forename"),
        "member.family_name": ("Familienname", "Nachname", "Zuname", "Family name", "Last name", "Surname"),
        "member.birth_date": ("Geburtsdatum", "Geb.", "Geb.-Datum", "Geboren am", "Date of birth", "Birth date", "DOB"),
        "member.birth_year": ("Geburtsjahr", "Jahrgang", "Year of birth", "Birth year"),
        "member.sex": ("Geschlecht", "Sex", "Gender"),
        "member.relationship": ("Verhältnis", "Verwandtschaft", "Rolle", "Beziehung", "Relationship", "Role"),
        "member.nationality": ("Staatsangehörigkeit", "Nationalität", "Herkunftsland", "Nationality", "Citizenship"),
        "member.languages": ("Sprachen", "Sprache", "Languages", "Language"),
        "member.german_level": ("Deutschkenntnisse", "Deutschniveau", "Sprachniveau", "German level"),
    },
}


def _index(kind: str) -> dict[str, str]:
    """Normalised header → target name, from the synonyms, the German titles and the field names."""
    index: dict[str, str] = {}
    for name, words in SYNONYMS.get(kind, {}).items():
        for word in words:
            index.setdefault(normalise_header(word), name)
    for target in targets(kind).values():
        index.setdefault(normalise_header(target.label), target.name)
        index.setdefault(normalise_header(target.field), target.name)
        index.setdefault(normalise_header(target.name), target.name)
    return index


def guess_mapping(kind: str, headers: Sequence[str]) -> dict[str, str | None]:
    """The likely target of every header (None: no idea, the column is ignored); each target at most once."""
    index = _index(kind)
    mapping: dict[str, str | None] = dict.fromkeys(headers)
    used: set[str] = set()
    for header in headers:
        target = index.get(normalise_header(header))
        if target is not None and target not in used:
            mapping[header] = target
            used.add(target)
    keys = list(index)
    for header in headers:
        if mapping[header] is not None:
            continue
        close = difflib.get_close_matches(normalise_header(header), keys, n=3, cutoff=FUZZY_CUTOFF)
        target = next((index[key] for key in close if index[key] not in used), None)
        if target is not None:
            mapping[header] = target
            used.add(target)
    return mapping


def check_mapping(kind: str, headers: Sequence[str], mapping: Mapping[str, str | None]) -> dict[str, str | None]:
    """A complete mapping for `headers`; raise MappingError naming unknown columns, fields or doubles."""
    known = targets(kind)
    problems = []
    unknown_headers = [h for h in mapping if h not in headers]
    if unknown_headers:
        names = ", ".join(f"„{h}“" for h in unknown_headers)
        problems.append(f"Diese Spalten gibt es in der Datei nicht: {names}.")
    unknown_targets = sorted({t for t in mapping.values() if t and t not in known})
    if unknown_targets:
        problems.append(f"Diese Felder gibt es nicht: {', '.join(unknown_targets)}.")
    filled: dict[str, str] = {}
    for header, target in mapping.items():
        if target and target in filled:
            problems.append(f"„{known[target].label}“ ist zwei Spalten zugeordnet: „{filled[target]}“ und „{header}“.")
        elif target:
            filled[target] = header
    if problems:
        raise MappingError(" ".join(problems))
    return {header: mapping.get(header) for header in headers}


def with_overrides(
    kind: str, headers: Sequence[str], guessed: Mapping[str, str | None], overrides: Mapping[str, str | None]
) -> dict[str, str | None]:
    """The guess, with the columns named in `overrides` set as given (a target taken elsewhere moves)."""
    moved = {target for target in overrides.values() if target}
    result = {h: (None if guessed.get(h) in moved else guessed.get(h)) for h in headers}
    result.update(overrides)
    return check_mapping(kind, headers, result)


# --------------------------------------------------------------------------------------------------
# Mapping files (command line) and remembered mappings (database)
# --------------------------------------------------------------------------------------------------


def load_mapping_file(path: Path | str) -> dict[str, str | None]:
    """`{"columns": {"Spalte": "feld" | null}}` or just `{"Spalte": "feld" | null}`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise MappingError(f"Die Zuordnungsdatei „{path}“ gibt es nicht.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingError(
            f"Die Zuordnungsdatei „{path}“ ist kein gültiges JSON ({exc}). Beispiel: "
            '{"columns": {"Kaltmiete": "net_rent_cents", "Bemerkung": null}}'
        ) from exc
    columns = data.get("columns", data) if isinstance(data, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(v, str | None) for v in columns.values()):
        raise MappingError(
            f"Die Zuordnungsdatei „{path}“ muss Spaltennamen auf Feldnamen abbilden, z. B. "
            '{"columns": {"Kaltmiete": "net_rent_cents", "Bemerkung": null}}.'
        )
    return {str(k): (v or None) for k, v in columns.items()}


def mapping_file_text(kind: str, mapping: Mapping[str, str | None]) -> str:
    """A mapping as a file a caseworker or IT can edit and pass with --mapping."""
    return json.dumps({"kind": kind, "columns": dict(mapping)}, ensure_ascii=False, indent=2)


def source_key(kind: str, headers: Sequence[str]) -> str:
    """Identifies a kind of file by its columns: the same company's next list finds its mapping again."""
    fingerprint = hashlib.sha256("\x1f".join(normalise_header(h) for h in headers).encode()).hexdigest()
    return f"{kind}:{fingerprint[:40]}"


def remembered_mapping(session: Session, kind: str, headers: Sequence[str]) -> dict[str, str | None] | None:
    row = session.get(M.ImportMapping, source_key(kind, headers))
    if row is None:
        return None
    stored = json.loads(row.mapping_json)
    known = targets(kind)
    return {h: (stored.get(h) if stored.get(h) in known else None) for h in headers}


def remember_mapping(
    session: Session, kind: str, headers: Sequence[str], mapping: Mapping[str, str | None], source_name: str = ""
) -> None:
    """Store (or replace) the mapping for files with these columns, in the caller's transaction."""
    key = source_key(kind, headers)
    text = json.dumps({h: mapping.get(h) for h in headers}, ensure_ascii=False)
    row = session.get(M.ImportMapping, key)
    if row is None:
        session.add(M.ImportMapping(key=key, kind=kind, source_name=source_name[:255], mapping_json=text))
    else:
        row.mapping_json, row.source_name, row.updated_at = text, source_name[:255], M.utcnow()
