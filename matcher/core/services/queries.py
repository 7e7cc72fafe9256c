"""List queries: one SQL statement per list, returning flat, display-ready rows.

The window's tables and the CLI's `list` sub-command read these. Rows hold plain values (ints, str,
dates), never ORM objects, so they can cross threads and be serialised to JSON. Sensitive fields
(residence status, health needs) are deliberately absent from list rows (ui.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.text import fold_for_search


@dataclass(frozen=True, slots=True)
class FlatRow:
    id: int
    street: str
    house_number: str
    flat_number: str
    postcode: str
    ags: str
    municipality: str
    floor: int
    living_area_m2: float
    rooms: float
    bedrooms: int
    net_rent_cents: int
    gross_cold_rent_cents: int
    heating_costs_cents: int
    status: str
    available_from: date | None
    landlord: str
    landlord_kind: str
    wheelchair_accessible: bool
    step_free: bool
    elevator: bool
    funded: bool
    head_lease: bool
    version: int

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}"


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: int
    case_number: str
    applicant: str
    size: int
    children: int
    status: str
    urgency: str
    registered_on: date
    current_accommodation: str
    accommodation_municipality: str | None
    version: int


@dataclass(frozen=True, slots=True)
class PlacementRow:
    id: int
    household_id: int
    case_number: str
    flat_id: int
    flat_address: str
    municipality: str
    state: str
    lease_kind: str
    planned_move_in: date | None
    updated_at: datetime


def _gross_cold() -> Any:
    return (M.Flat.net_rent_cents + col(M.Flat.operating_costs_cents)).label("gross_cold_rent_cents")


def flat_rows(db: Database) -> list[FlatRow]:
    query = (
        select(
            col(M.Flat.id),
            col(M.Flat.street),
            col(M.Flat.house_number),
            col(M.Flat.flat_number),
            col(M.Flat.postcode),
            col(M.Flat.ags),
            col(M.Municipality.name),
            col(M.Flat.floor),
            col(M.Flat.living_area_m2),
            col(M.Flat.rooms),
            col(M.Flat.bedrooms),
            col(M.Flat.net_rent_cents),
            _gross_cold(),
            col(M.Flat.heating_costs_cents),
            col(M.Flat.status),
            col(M.Flat.available_from),
            col(M.Landlord.name),
            col(M.Landlord.kind),
            col(M.Flat.wheelchair_accessible),
            col(M.Flat.step_free),
            col(M.Flat.elevator),
            col(M.Flat.funded),
            col(M.Flat.head_lease_start).is_not(None),
            col(M.Flat.version),
        )
        .join(M.Municipality, col(M.Municipality.ags) == col(M.Flat.ags))
        .join(M.Landlord, col(M.Landlord.id) == col(M.Flat.landlord_id))
        .order_by(col(M.Flat.id))
    )
    with db.read_session() as session:
        return [FlatRow(*row) for row in session.execute(query)]


def household_rows(db: Database) -> list[HouseholdRow]:
    applicant = aliased(M.Member)
    sizes = (
        select(
            col(M.Member.household_id),
            func.count().label("size"),
            func.sum(case((col(M.Member.relationship) == "child", 1), else_=0)).label("children"),
        )
        .group_by(col(M.Member.household_id))
        .subquery()
    )
    return _household_rows(db, applicant, sizes)


def _household_rows(db: Database, applicant: Any, sizes: Any) -> list[HouseholdRow]:
    query = (
        select(
            col(M.Household.id),
            col(M.Household.case_number),
            func.coalesce(applicant.family_name + ", " + applicant.given_name, ""),
            func.coalesce(sizes.c.size, 0),
            func.coalesce(sizes.c.children, 0),
            col(M.Household.status),
            col(M.Household.urgency),
            col(M.Household.registered_on),
            col(M.Household.current_accommodation),
            col(M.Municipality.name),
            col(M.Household.version),
        )
        .outerjoin(sizes, sizes.c.household_id == col(M.Household.id))
        .outerjoin(
            applicant,
            and_(applicant.household_id == col(M.Household.id), applicant.relationship == "applicant"),
        )
        .outerjoin(M.Municipality, col(M.Municipality.ags) == col(M.Household.accommodation_ags))
        .order_by(col(M.Household.id))
    )
    with db.read_session() as session:
        return [HouseholdRow(*row) for row in session.execute(query)]


def placement_rows(db: Database) -> list[PlacementRow]:
    query = (
        select(
            col(M.Placement.id),
            col(M.Placement.household_id),
            col(M.Household.case_number),
            col(M.Placement.flat_id),
            col(M.Flat.street) + " " + col(M.Flat.house_number),
            col(M.Municipality.name),
            col(M.Placement.state),
            col(M.Placement.lease_kind),
            col(M.Placement.planned_move_in),
            col(M.Placement.updated_at),
        )
        .join(M.Household, col(M.Household.id) == col(M.Placement.household_id))
        .join(M.Flat, col(M.Flat.id) == col(M.Placement.flat_id))
        .join(M.Municipality, col(M.Municipality.ags) == col(M.Flat.ags))
        .order_by(col(M.Placement.id))
    )
    with db.read_session() as session:
        return [PlacementRow(*row) for row in session.execute(query)]


def as_json_ready(row: Any) -> dict[str, Any]:
    """A row as a dict of JSON-friendly values (dates in ISO form)."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in asdict(row).items()}


# --------------------------------------------------------------------------------------------------
# Choices and history for the forms
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a form's pick list: the stored key and what the caseworker reads."""

    key: str
    name: str
    detail: str = ""


def municipality_choices(db: Database) -> list[Choice]:
    """Every municipality with its district (to tell apart places of the same name), by name."""
    query = select(col(M.Municipality.ags), col(M.Municipality.name), col(M.District.name)).join(
        M.District, col(M.District.kreis_key) == col(M.Municipality.kreis_key)
    )
    with db.read_session() as session:
        return _by_name([Choice(*row) for row in session.execute(query)])


def district_choices(db: Database) -> list[Choice]:
    query = select(col(M.District.kreis_key), col(M.District.name), col(M.District.seat)).order_by(col(M.District.name))
    with db.read_session() as session:
        return [Choice(*row) for row in session.execute(query)]


def landlord_choices(db: Database) -> list[Choice]:
    """Landlords by name; `detail` is the kind (a LandlordKind value)."""
    query = select(col(M.Landlord.id), col(M.Landlord.name), col(M.Landlord.kind)).order_by(
        col(M.Landlord.name), col(M.Landlord.id)
    )
    with db.read_session() as session:
        return [Choice(str(key), name, kind) for key, name, kind in session.execute(query)]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of a record's history: a status it got, or an audit entry (field names, never values)."""

    at: datetime
    user: str
    action: str  # "status_change" for a status change, else the audit action ("create", "update", …)
    status: str | None  # the new status of a status change
    text: str  # the note of a status change or the audit description


def flat_history(db: Database, flat_id: int) -> list[HistoryEntry]:
    """What happened to a flat, newest first: its status changes (with their notes) and the other audit
    entries about it (which name changed fields, never values)."""
    changes = select(
        col(M.FlatStatusChange.changed_at), col(M.FlatStatusChange.user), col(M.FlatStatusChange.status),
        col(M.FlatStatusChange.note),
    ).where(col(M.FlatStatusChange.flat_id) == flat_id)  # fmt: skip
    entries = select(
        col(M.AuditEntry.at), col(M.AuditEntry.user), col(M.AuditEntry.action), col(M.AuditEntry.description)
    ).where(
        col(M.AuditEntry.entity) == "flat",
        col(M.AuditEntry.entity_id) == str(flat_id),
        col(M.AuditEntry.action) != "status",  # the status history says the same, with the note
    )
    with db.read_session() as session:
        history = [
            HistoryEntry(at, user, "status_change", status, note) for at, user, status, note in session.execute(changes)
        ]
        history += [HistoryEntry(at, user, action, None, text) for at, user, action, text in session.execute(entries)]
    return sorted(history, key=lambda entry: entry.at, reverse=True)


def district_municipality_choices(db: Database, kreis_key: str) -> list[Choice]:
    """The municipalities of one district by name; `detail` is the district name."""
    query = (
        select(col(M.Municipality.ags), col(M.Municipality.name), col(M.District.name))
        .join(M.District, col(M.District.kreis_key) == col(M.Municipality.kreis_key))
        .where(col(M.Municipality.kreis_key) == kreis_key)
    )
    with db.read_session() as session:
        return _by_name([Choice(*row) for row in session.execute(query)])


def rent_cap_table_dates(db: Database, kreis_key: str) -> list[date]:
    """The days from which the district's own Richtwert tables apply, oldest first."""
    query = (
        select(col(M.RentCapEntry.valid_from))
        .where(col(M.RentCapEntry.kreis_key) == kreis_key)
        .distinct()
        .order_by(col(M.RentCapEntry.valid_from))
    )
    with db.read_session() as session:
        return list(session.execute(query).scalars())


def _by_name(choices: list[Choice]) -> list[Choice]:
    """In the order a German reader expects (Lähden before Lünne), not the database's byte order."""
    return sorted(choices, key=lambda c: (fold_for_search(c.name), c.key))
