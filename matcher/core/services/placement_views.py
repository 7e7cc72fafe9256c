"""What the Vorgänge and Dokumente areas read: one placement in detail, its timeline, its documents.

Read-only companions of `placements.py` (the workflow) and `documents/archive.py` (producing and
archiving). Rows are plain frozen dataclasses, never ORM objects, so they cross threads and tests can
compare them. Document rows leave the PDF bytes out: a list of a thousand documents must not load a
thousand PDFs; `archived_pdf` reads one and checks it against the SHA-256 stored when it was printed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import DocumentKind, LeaseKind, PlacementState
from matcher.core.errors import NotFound
from matcher.core.services import placements
from matcher.core.services.common import get_or_fail


@dataclass(frozen=True, slots=True)
class PlacementDetail:
    """One placement with what the detail pane shows; `version` is the one to pass back on a step."""

    id: int
    state: str
    version: int
    household_id: int
    case_number: str
    applicant: str
    household_size: int
    flat_id: int
    flat_address: str
    postcode: str
    municipality: str
    lease_kind: str
    decline_reason: str | None
    viewing_at: datetime | None
    planned_move_in: date | None
    cost_approval_on: date | None
    lease_start: date | None
    fixed_term_end: date | None
    fixed_term_reason: str
    membership_number: str
    shares_paid_by: str
    direct_payment: bool
    created_at: datetime
    updated_at: datetime

    @property
    def is_final(self) -> bool:
        return PlacementState(self.state) in placements.FINAL_STATES


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One step of a placement: when, who, from which state to which, and the note given."""

    at: datetime
    user: str
    from_state: str | None
    to_state: str
    note: str


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """An archived document without its bytes."""

    id: int
    kind: str
    placement_id: int | None
    flat_id: int | None
    case_number: str
    flat_address: str
    file_name: str
    template_version: str
    sha256: str
    size: int
    created_by: str
    created_at: datetime

    @property
    def status(self) -> str:
        """The kind, under the name the window's list filter uses for its one value filter."""
        return self.kind


@dataclass(frozen=True, slots=True)
class ArchivedPdf:
    """The bytes of an archived document as printed, and whether they still match their SHA-256."""

    id: int
    kind: str
    placement_id: int | None
    file_name: str
    pdf: bytes
    sha256: str
    intact: bool
    created_at: datetime


def next_steps(state: PlacementState | str) -> list[PlacementState]:
    """The steps a placement in `state` may take (the transition table of `placements`)."""
    return placements.next_steps(state)


def steps_reversible() -> bool:
    """Whether any step of the workflow can be taken back: only if the table leads back to where it came from.
    Today it never does (a decline or an offer is a fact the office counts), so the window offers no undo."""
    return any(
        source in placements.TRANSITIONS[target]
        for source, targets in placements.TRANSITIONS.items()
        for target in targets
    )


CONTRACT_FOR_LEASE_KIND: dict[LeaseKind, DocumentKind] = {
    LeaseKind.LEASE: DocumentKind.LEASE,
    LeaseKind.SUBLEASE: DocumentKind.SUBLEASE,
    LeaseKind.USAGE_AGREEMENT: DocumentKind.USAGE_AGREEMENT,
}
PAPERS = (
    DocumentKind.RENT_CERTIFICATE,
    DocumentKind.CAP_CHECK_SHEET,
    DocumentKind.REGISTRATION_CONFIRMATION,
    DocumentKind.HANDOVER_PROTOCOL,
    DocumentKind.DUTIES_SUMMARY,
)
"""Papers around the lease, in the order they are usually needed (domain.md 5). Listed here rather than
read from `archive.RENDERERS` so that showing a placement does not load reportlab; a kind this version
cannot print is refused by `archive.produce` with a German reason."""
PLACEMENT_KINDS = (*CONTRACT_FOR_LEASE_KIND.values(), *PAPERS)
"""Every kind of document that belongs to a placement (not the Generalmietvertrag, which belongs to a flat)."""


def document_kinds_for(lease_kind: LeaseKind | str) -> list[DocumentKind]:
    """The documents one placement can produce: its contract first, then the papers around it."""
    return [CONTRACT_FOR_LEASE_KIND[LeaseKind(lease_kind)], *PAPERS]


def placement_detail(db: Database, placement_id: int) -> PlacementDetail:
    """One placement with household and flat, as the Vorgänge area shows it (NotFound if gone)."""
    with db.read_session() as session:
        placement = get_or_fail(session, M.Placement, placement_id, "Vermittlung")
        household = get_or_fail(session, M.Household, placement.household_id, "Haushalt")
        flat = get_or_fail(session, M.Flat, placement.flat_id, "Wohnung")
        municipality = session.get(M.Municipality, flat.ags)
        members = session.execute(
            select(col(M.Member.given_name), col(M.Member.family_name), col(M.Member.relationship))
            .where(col(M.Member.household_id) == household.id)
            .order_by(col(M.Member.position), col(M.Member.id))
        ).all()
        applicant = next((f"{family}, {given}" for given, family, rel in members if rel == "applicant"), "")
        assert placement.id is not None and flat.id is not None
        return PlacementDetail(
            id=placement.id,
            state=str(placement.state),
            version=placement.version,
            household_id=placement.household_id,
            case_number=household.case_number,
            applicant=applicant,
            household_size=len(members),
            flat_id=flat.id,
            flat_address=f"{flat.street} {flat.house_number}",
            postcode=flat.postcode,
            municipality=municipality.name if municipality else "",
            lease_kind=str(placement.lease_kind),
            decline_reason=str(placement.decline_reason) if placement.decline_reason else None,
            viewing_at=placement.viewing_at,
            planned_move_in=placement.planned_move_in,
            cost_approval_on=placement.cost_approval_on,
            lease_start=placement.lease_start,
            fixed_term_end=placement.fixed_term_end,
            fixed_term_reason=placement.fixed_term_reason,
            membership_number=placement.membership_number,
            shares_paid_by=placement.shares_paid_by,
            direct_payment=placement.direct_payment,
            created_at=placement.created_at,
            updated_at=placement.updated_at,
        )


def timeline(db: Database, placement_id: int) -> list[TimelineEntry]:
    """Every step of a placement, oldest first (NotFound if the placement is gone)."""
    return [
        TimelineEntry(
            event.at,
            event.user,
            str(event.from_state) if event.from_state else None,
            str(event.to_state),
            event.note,
        )
        for event in placements.placement_timeline(db, placement_id)
    ]


def _document_query():  # type: ignore[no-untyped-def]
    placement = aliased(M.Placement)
    household = aliased(M.Household)
    flat = aliased(M.Flat)
    return (
        select(
            col(M.Document.id),
            col(M.Document.kind),
            col(M.Document.placement_id),
            col(M.Document.flat_id),
            func.coalesce(household.case_number, ""),
            func.coalesce(flat.street + " " + flat.house_number, ""),
            col(M.Document.file_name),
            col(M.Document.template_version),
            col(M.Document.sha256),
            func.length(col(M.Document.pdf)),
            col(M.Document.created_by),
            col(M.Document.created_at),
        )
        .outerjoin(placement, placement.id == col(M.Document.placement_id))
        .outerjoin(household, household.id == placement.household_id)
        .outerjoin(flat, and_(flat.id == col(M.Document.flat_id)))
    )


def document_rows(db: Database, placement_id: int | None = None) -> list[DocumentRow]:
    """Archived documents, newest first; only those of one placement when `placement_id` is given."""
    query = _document_query().order_by(col(M.Document.created_at).desc(), col(M.Document.id).desc())
    if placement_id is not None:
        query = query.where(col(M.Document.placement_id) == placement_id)
    with db.read_session() as session:
        return [DocumentRow(*row) for row in session.execute(query)]


def document_row(db: Database, document_id: int) -> DocumentRow:
    with db.read_session() as session:
        found = session.execute(_document_query().where(col(M.Document.id) == document_id)).first()
    if found is None:
        raise NotFound(f"Dokument {document_id} gibt es nicht (mehr). Bitte laden Sie die Liste neu.")
    return DocumentRow(*found)


def archived_pdf(db: Database, document_id: int) -> ArchivedPdf:
    """The archived bytes exactly as printed, with a fresh SHA-256 check against the stored one."""
    with db.read_session() as session:
        document = get_or_fail(session, M.Document, document_id, "Dokument")
        data = bytes(document.pdf)
        assert document.id is not None
        return ArchivedPdf(
            id=document.id,
            kind=str(document.kind),
            placement_id=document.placement_id,
            file_name=document.file_name,
            pdf=data,
            sha256=document.sha256,
            intact=hashlib.sha256(data).hexdigest() == document.sha256,
            created_at=document.created_at,
        )
