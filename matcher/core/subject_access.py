"""Right of access (Art. 15 GDPR): everything stored about one household, as JSON and as a readable PDF.

`collect` gathers the household, its people, contact persons, place wishes, barred municipalities,
exclusions, placements with their steps, the archived documents and the audit entries about any of them
into one JSON-ready dict (field names in English, values as stored). `render_pdf` prints the same
content for the person concerned, with German labels (the fields' titles) and the information Art. 15
Abs. 1 asks for. `export` writes both files plus a copy of every archived PDF into a folder and records
the export in the audit trail (ids only).

Reads the database; the PDF is drawn with the shared `documents.layout` and `documents.fonts`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import or_, select
from sqlmodel import Session, SQLModel, col

from matcher import __version__
from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.documents import layout
from matcher.core.documents.archive import write_pdf
from matcher.core.documents.fonts import markup, uncovered_characters
from matcher.core.errors import NotFound
from matcher.core.formatting import day
from matcher.core.services import audit

log = logging.getLogger(__name__)

FORMAT = "wohnraum-matcher/auskunft-art-15"
FORMAT_VERSION = 1
TITLE = "Auskunft nach Art. 15 DSGVO"
LOCAL_TIME = ZoneInfo("Europe/Berlin")
PLACE_FIELDS = frozenset({"accommodation_ags", "obligation_ags", "obligation_kreis_key"})
AUDIT_ACTIONS = {
    "create": "angelegt",
    "update": "geändert",
    "status": "Status geändert",
    "advance": "Arbeitsschritt",
    "export": "ausgegeben",
    "print": "gedruckt",
    "erase": "gelöscht",
    "anonymise": "anonymisiert",
}
AUDIT_ENTITIES = {"household": "Haushalt", "placement": "Vermittlung", "document": "Dokument"}

HOUSEHOLD_FIELDS = (*M.HouseholdBase.model_fields, "created_at", "updated_at")
MEMBER_FIELDS = tuple(name for name in M.MemberBase.model_fields if name != "position")
CONTACT_FIELDS = tuple(M.ContactPersonBase.model_fields)
PLACEMENT_FIELDS = (
    "id",
    "flat_id",
    "state",
    "decline_reason",
    "lease_kind",
    "viewing_at",
    "planned_move_in",
    "cost_approval_on",
    "direct_payment",
    "lease_start",
    "fixed_term_end",
    "fixed_term_reason",
    "membership_number",
    "shares_paid_by",
    "created_at",
    "updated_at",
)
DOCUMENT_FIELDS = ("id", "kind", "file_name", "template_version", "language", "sha256", "created_by", "created_at")
FIELD_ENUMS: Mapping[str, type[E.LabelledEnum]] = {
    "residence_status": E.ResidenceStatus,
    "obligation_scope": E.ObligationScope,
    "paying_authority": E.PayingAuthority,
    "urgency": E.Urgency,
    "status": E.HouseholdStatus,
    "sex": E.Sex,
    "relationship": E.Relationship,
    "german_level": E.GermanLevel,
    "role": E.ContactRole,
    "state": E.PlacementState,
    "decline_reason": E.DeclineReason,
    "lease_kind": E.LeaseKind,
    "kind": E.DocumentKind,
}
EXTRA_TITLES = {
    "created_at": "Angelegt",
    "updated_at": "Zuletzt geändert",
    "id": "Nummer",
    "flat_id": "Wohnung Nr.",
    "file_name": "Dateiname",
    "template_version": "Vorlage",
    "language": "Sprache",
    "sha256": "Prüfsumme (SHA-256)",
    "created_by": "Erstellt von",
}

INFORMATION = (
    (
        "Zwecke der Verarbeitung",
        "Die Angaben werden verarbeitet, um Ihrem Haushalt eine Wohnung zu vermitteln: passende Wohnungen zu "
        "finden, Angebote und Besichtigungen zu begleiten, Mietverträge und Bescheinigungen zu erstellen und "
        "die Kosten der Unterkunft zu prüfen.",
    ),
    (
        "Empfänger",
        "Vermieterinnen und Vermieter der angebotenen Wohnungen erhalten die Angaben, die für den Mietvertrag "
        "und die Wohnungsgeberbestätigung nötig sind; der Kostenträger (Jobcenter oder Sozialamt) erhält die "
        "Mietbescheinigung. Kontaktpersonen erhalten Angaben nur mit Ihrer Einwilligung.",
    ),
    (
        "Speicherdauer",
        "Die Angaben werden gespeichert, solange die Vermittlung läuft. Ist Ihr Haushalt untergebracht oder "
        "hat er sich abgemeldet, werden sie nach {days} Tagen anonymisiert; es bleiben nur Zahlen für die "
        "Statistik ohne Namen.",
    ),
    (
        "Ihre Rechte",
        "Sie können verlangen, dass unrichtige Angaben berichtigt (Art. 16 DSGVO) und Angaben gelöscht werden "
        "(Art. 17 DSGVO), soweit keine gesetzliche Pflicht zur Aufbewahrung besteht, und dass die Verarbeitung "
        "eingeschränkt wird (Art. 18 DSGVO). Sie können sich bei der Datenschutzaufsichtsbehörde beschweren "
        "(in Niedersachsen: Die Landesbeauftragte für den Datenschutz Niedersachsen, Prinzenstraße 5, "
        "30159 Hannover).",
    ),
    (
        "Herkunft der Angaben",
        "Die Angaben stammen von Ihnen, aus Ihren Ausweis- und Aufenthaltspapieren und von den Stellen, die "
        "Ihren Haushalt betreuen. Es findet keine automatisierte Entscheidung statt: Vorschläge des Programms "
        "prüft immer eine Sachbearbeiterin oder ein Sachbearbeiter.",
    ),
)


# --------------------------------------------------------------------------------------------------
# Collecting
# --------------------------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(row: SQLModel, fields: Sequence[str]) -> dict[str, Any]:
    return {name: _value(getattr(row, name)) for name in fields}


def _municipality(session: Session, ags: str | None) -> str | None:
    if ags is None:
        return None
    municipality = session.get(M.Municipality, ags)
    return municipality.name if municipality is not None else ags


def collect(db: Database, household_id: int) -> dict[str, Any]:
    """Everything stored about one household, JSON-ready. Raises NotFound for an unknown id."""
    with db.read_session() as session:
        return collect_in_session(session, household_id)


def collect_in_session(session: Session, household_id: int) -> dict[str, Any]:
    household = session.get(M.Household, household_id)
    if household is None:
        raise NotFound(f"Haushalt {household_id} gibt es nicht (mehr). Bitte prüfen Sie die Nummer.")
    members = session.execute(
        select(M.Member).where(M.Member.household_id == household_id).order_by(M.Member.position, M.Member.id)  # type: ignore[arg-type]
    ).scalars()
    contacts = session.execute(
        select(M.ContactPerson).where(M.ContactPerson.household_id == household_id).order_by(M.ContactPerson.id)  # type: ignore[arg-type]
    ).scalars()
    wishes = session.execute(
        select(M.HouseholdWish).where(M.HouseholdWish.household_id == household_id).order_by(M.HouseholdWish.ags)  # type: ignore[arg-type]
    ).scalars()
    barred = session.execute(
        select(col(M.HouseholdBarredMunicipality.ags)).where(
            col(M.HouseholdBarredMunicipality.household_id) == household_id
        )
    ).scalars()
    exclusions = session.execute(
        select(M.PairExclusion).where(col(M.PairExclusion.household_id) == household_id)
    ).scalars()
    placement_rows = list(
        session.execute(
            select(M.Placement).where(M.Placement.household_id == household_id).order_by(M.Placement.id)  # type: ignore[arg-type]
        ).scalars()
    )
    placements = [_placement(session, p) for p in placement_rows]
    document_ids = [d["id"] for p in placements for d in p["documents"]]
    office = session.get(M.Office, 1)
    household_data = _row(household, ("id", *HOUSEHOLD_FIELDS))
    places = {
        key: name
        for key in (household.accommodation_ags, household.obligation_ags)
        if key and (name := _municipality(session, key))
    }
    if household.obligation_kreis_key and (district := session.get(M.District, household.obligation_kreis_key)):
        places[district.kreis_key] = district.name
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "program_version": __version__,
        "created_at": _value(datetime.now(UTC)),
        "office": _office(office),
        "household": household_data,
        "members": [_row(m, ("id", *MEMBER_FIELDS)) for m in members],
        "contacts": [_row(c, ("id", *CONTACT_FIELDS)) for c in contacts],
        "wishes": [
            {"ags": w.ags, "municipality": _municipality(session, w.ags), "kind": _value(w.kind)} for w in wishes
        ],
        "barred_municipalities": [{"ags": ags, "municipality": _municipality(session, ags)} for ags in barred],
        "pair_exclusions": [_row(x, ("flat_id", "reason", "user", "created_at")) for x in exclusions],
        "placements": placements,
        "audit": _audit_entries(session, household_id, [p.id for p in placement_rows], document_ids),
        "places": places,
        "retention_days": office.household_retention_days if office is not None else None,
    }


def _office(office: M.Office | None) -> dict[str, Any]:
    if office is None:
        return {}
    return _row(office, ("name", "department", "street", "postcode", "city", "phone", "email", "website"))


def _placement(session: Session, placement: M.Placement) -> dict[str, Any]:
    data = _row(placement, PLACEMENT_FIELDS)
    flat = session.get(M.Flat, placement.flat_id)
    if flat is not None:
        data["flat"] = {
            "address": f"{flat.street} {flat.house_number}, {flat.postcode} {_municipality(session, flat.ags)}",
            "flat_number": flat.flat_number,
        }
    if placement.score_snapshot_json:
        data["score_snapshot"] = json.loads(placement.score_snapshot_json)
    events = session.execute(
        select(M.PlacementEvent)
        .where(M.PlacementEvent.placement_id == placement.id)  # type: ignore[arg-type]
        .order_by(M.PlacementEvent.at, M.PlacementEvent.id)  # type: ignore[arg-type]
    ).scalars()
    data["events"] = [_row(e, ("at", "user", "from_state", "to_state", "note")) for e in events]
    documents = session.execute(
        select(M.Document).where(M.Document.placement_id == placement.id).order_by(M.Document.id)  # type: ignore[arg-type]
    ).scalars()
    data["documents"] = [{**_row(d, DOCUMENT_FIELDS), "terms": json.loads(d.terms_json)} for d in documents]
    return data


def _audit_entries(
    session: Session, household_id: int, placement_ids: list[int | None], document_ids: list[int]
) -> list[dict[str, Any]]:
    subjects = [("household", [household_id]), ("placement", placement_ids), ("document", document_ids)]
    conditions = [
        (M.AuditEntry.entity == entity) & M.AuditEntry.entity_id.in_([str(i) for i in ids if i is not None])  # type: ignore[attr-defined]
        for entity, ids in subjects
        if ids
    ]
    rows = session.execute(
        select(M.AuditEntry).where(or_(*conditions)).order_by(M.AuditEntry.id)  # type: ignore[arg-type]
    ).scalars()
    return [_row(e, ("at", "user", "action", "entity", "entity_id", "description")) for e in rows]


# --------------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Characters no bundled font has are shown as [U+XXXX] (the JSON keeps them as they are)."""
    for char in uncovered_characters(text):
        text = text.replace(char, f"[U+{ord(char):04X}]")
    return text


def _title(model: type[SQLModel] | None, field: str) -> str:
    info = model.model_fields.get(field) if model is not None else None
    return (info.title if info is not None and info.title else None) or EXTRA_TITLES.get(field, field)


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    enum_cls = FIELD_ENUMS.get(field)
    if enum_cls is not None:
        try:
            return enum_cls(value).label
        except ValueError:
            return str(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return day(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and "T" in value and len(value) >= 19:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        local = moment.astimezone(LOCAL_TIME)
        return f"{day(local.date())} {local:%H:%M} Uhr"
    return str(value)


def _table(
    model: type[SQLModel] | None,
    data: Mapping[str, Any],
    fields: Sequence[str],
    places: Mapping[str, str] | None = None,
) -> Flowable:
    def shown(field: str) -> str:
        value = data.get(field)
        if field in PLACE_FIELDS and places and isinstance(value, str) and value in places:
            return f"{places[value]} ({value})"
        return _shown(field, value)

    rows = [(_printable(_title(model, f)), _printable(shown(f))) for f in fields]
    return layout.label_value_table(rows, widths=(60 * mm, 110 * mm))


def _heading(text: str) -> Flowable:
    return layout.paragraph(markup(text), layout.styles().heading)


def _para(text: str, small: bool = False) -> Flowable:
    s = layout.styles()
    return layout.para(_printable(text), s.small if small else s.body)


def _person_name(member: Mapping[str, Any]) -> str:
    return f"{member.get('given_name', '')} {member.get('family_name', '')}".strip()


def render_pdf(data: Mapping[str, Any]) -> bytes:
    """The readable copy of `collect`'s result (German labels, dates the German way)."""
    office = data.get("office") or {}
    address = ", ".join(
        part
        for part in (office.get("street", ""), f"{office.get('postcode', '')} {office.get('city', '')}".strip())
        if part
    )
    letterhead = layout.Letterhead(
        _printable(office.get("name") or "Wohnraum-Matcher"),
        _printable(office.get("department", "")),
        _printable(address),
    )
    household = data["household"]
    s = layout.styles()
    story: list[Flowable] = [
        layout.paragraph(markup(TITLE), s.title),
        _para(
            f"Auskunft über die gespeicherten Angaben zum Haushalt mit dem Aktenzeichen {household['case_number']} "
            f"(interne Nummer {household['id']}), erstellt am {_shown('created_at', data['created_at'])}."
        ),
        _para(
            "Angaben, die leer sind, sind mit „–“ gekennzeichnet. Zeichen, die sich nicht drucken lassen, stehen "
            "als [U+…]; die beigefügte JSON-Datei enthält alle Angaben unverändert und maschinenlesbar.",
            small=True,
        ),
        _heading("Haushalt"),
        _table(M.HouseholdBase, household, HOUSEHOLD_FIELDS, data.get("places", {})),
    ]
    for index, member in enumerate(data["members"], start=1):
        story += [
            _heading(f"Person {index}: {_printable(_person_name(member))}"),
            _table(M.MemberBase, member, MEMBER_FIELDS),
        ]
    story.append(_heading("Kontaktpersonen"))
    if not data["contacts"]:
        story.append(_para("keine"))
    for contact in data["contacts"]:
        story += [_table(M.ContactPersonBase, contact, CONTACT_FIELDS), Spacer(1, 2 * mm)]
    story += _place_lists(data)
    story += _placements(data["placements"])
    story += _audit_section(data["audit"])
    story.append(_heading("Informationen nach Art. 15 Abs. 1 DSGVO"))
    days = data.get("retention_days") or M.OfficeBase.model_fields["household_retention_days"].default
    for heading, text in INFORMATION:
        story += [layout.paragraph(f"<b>{markup(heading)}</b>", s.body), _para(text.format(days=days))]
    return layout.render(story, letterhead, TITLE, f"Haushalt {household['id']}")


def _place_lists(data: Mapping[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [_heading("Ortswünsche und gesperrte Gemeinden")]
    rows = [(E.WishKind(w["kind"]).label, w["municipality"] or w["ags"]) for w in data["wishes"]]
    rows += [
        ("Gesperrte Gemeinde (§ 12a Abs. 4 AufenthG)", b["municipality"] or b["ags"])
        for b in data["barred_municipalities"]
    ]
    rows += [(f"Ausgeschlossene Wohnung Nr. {x['flat_id']}", x["reason"] or "–") for x in data["pair_exclusions"]]
    if not rows:
        return [*story, _para("keine")]
    return [
        *story,
        layout.label_value_table([(_printable(a), _printable(b)) for a, b in rows], widths=(60 * mm, 110 * mm)),
    ]


def _placements(placements: Sequence[Mapping[str, Any]]) -> list[Flowable]:
    story: list[Flowable] = [_heading("Vermittlungen")]
    if not placements:
        return [*story, _para("keine")]
    for placement in placements:
        flat = placement.get("flat", {})
        story.append(_para(f"Vermittlung {placement['id']}: {flat.get('address', '')}"))
        story.append(_table(M.Placement, placement, PLACEMENT_FIELDS[1:]))
        steps = [
            (
                _shown("created_at", e["at"]),
                f"{_shown('state', e['to_state'])}" + (f" – {e['note']}" if e["note"] else ""),
            )
            for e in placement["events"]
        ]
        if steps:
            story.append(
                layout.label_value_table([(_printable(a), _printable(b)) for a, b in steps], widths=(60 * mm, 110 * mm))
            )
        for document in placement["documents"]:
            story.append(
                _para(
                    f"Dokument {document['id']}: {_shown('kind', document['kind'])}, erstellt am "
                    f"{_shown('created_at', document['created_at'])} ({document['file_name']}, liegt als Kopie bei)",
                    small=True,
                )
            )
        story.append(Spacer(1, 3 * mm))
    return story


def _audit_section(entries: Sequence[Mapping[str, Any]]) -> list[Flowable]:
    story: list[Flowable] = [
        _heading("Protokoll: wer wann etwas geändert, gedruckt oder ausgegeben hat"),
    ]
    if not entries:
        return [*story, _para("keine Einträge")]
    rows = [
        (
            f"{_shown('created_at', e['at'])}\n{e['user']}",
            f"{AUDIT_ENTITIES.get(e['entity'], e['entity'])} {e['entity_id']} "
            f"{AUDIT_ACTIONS.get(e['action'], e['action'])}" + (f": {e['description']}" if e["description"] else ""),
        )
        for e in entries
    ]
    return [
        *story,
        layout.label_value_table([(_printable(a), _printable(b)) for a, b in rows], widths=(45 * mm, 125 * mm)),
    ]


# --------------------------------------------------------------------------------------------------
# Writing the files
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectAccessExport:
    json_path: Path
    pdf_path: Path
    document_paths: list[Path]


def export(db: Database, household_id: int, folder: Path) -> SubjectAccessExport:
    """Write `auskunft-<id>.json`, `auskunft-<id>.pdf` and the archived PDFs into `folder`; audit it.

    The data is read and the audit entry written in one transaction, so the protocol shows exactly
    this export; the files are written afterwards, atomically each.
    """
    folder = Path(folder)
    with db.session() as session:
        data = collect_in_session(session, household_id)
        document_ids = [d["id"] for p in data["placements"] for d in p["documents"]]
        pdfs = {
            int(row.id): (row.file_name, row.pdf)
            for row in session.execute(select(M.Document).where(M.Document.id.in_(document_ids))).scalars()  # type: ignore[union-attr]
        }
        description = f"Auskunft nach Art. 15 DSGVO (JSON, PDF, Dokumente: {len(pdfs)})"
        audit.record(session, db.user, "export", "household", household_id, description)
    pdf = render_pdf(data)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"auskunft-haushalt-{household_id}"
    json_path = folder / f"{stem}.json"
    write_pdf(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), json_path)
    pdf_path = write_pdf(pdf, folder / f"{stem}.pdf")
    document_paths = []
    for document_id, (file_name, content) in sorted(pdfs.items()):
        document_paths.append(write_pdf(content, folder / f"{stem}-dokument-{document_id}-{Path(file_name).name}"))
    log.info("subject access export written (household id %s, %d documents)", household_id, len(pdfs))
    return SubjectAccessExport(json_path, pdf_path, document_paths)
