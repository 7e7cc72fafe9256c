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

from matcher.core import models as M
from matcher.core.db import Database


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
    return (M.Flat.net_rent_cents + M.Flat.operating_costs_cents).label("gross_cold_rent_cents")


def flat_rows(db: Database) -> list[FlatRow]:
    query = (
        select(
            M.Flat.id,
            M.Flat.street,
            M.Flat.house_number,
            M.Flat.flat_number,
            M.Flat.postcode,
            M.Flat.ags,
            M.Municipality.name,
            M.Flat.floor,
            M.Flat.living_area_m2,
            M.Flat.rooms,
            M.Flat.bedrooms,
            M.Flat.net_rent_cents,
            _gross_cold(),
            M.Flat.heating_costs_cents,
            M.Flat.status,
            M.Flat.available_from,
            M.Landlord.name,
            M.Landlord.kind,
            M.Flat.wheelchair_accessible,
            M.Flat.step_free,
            M.Flat.elevator,
            M.Flat.funded,
            M.Flat.head_lease_start.is_not(None),  # type: ignore[union-attr]
            M.Flat.version,
        )
        .join(M.Municipality, M.Municipality.ags == M.Flat.ags)
        .join(M.Landlord, M.Landlord.id == M.Flat.landlord_id)
        .order_by(M.Flat.id)
    )
    with db.read_session() as session:
        return [FlatRow(*row) for row in session.execute(query)]


def household_rows(db: Database) -> list[HouseholdRow]:
    applicant = aliased(M.Member)
    sizes = (
        select(
            M.Member.household_id,
            func.count().label("size"),
            func.sum(case((M.Member.relationship == "child", 1), else_=0)).label("children"),
        )
        .group_by(M.Member.household_id)
        .subquery()
    )
    return _household_rows(db, applicant, sizes)


def _household_rows(db: Database, applicant: Any, sizes: Any) -> list[HouseholdRow]:
    query = (
        select(
            M.Household.id,
            M.Household.case_number,
            func.coalesce(applicant.family_name + ", " + applicant.given_name, ""),
            func.coalesce(sizes.c.size, 0),
            func.coalesce(sizes.c.children, 0),
            M.Household.status,
            M.Household.urgency,
            M.Household.registered_on,
            M.Household.current_accommodation,
            M.Municipality.name,
            M.Household.version,
        )
        .outerjoin(sizes, sizes.c.household_id == M.Household.id)
        .outerjoin(
            applicant,
            and_(applicant.household_id == M.Household.id, applicant.relationship == "applicant"),
        )
        .outerjoin(M.Municipality, M.Municipality.ags == M.Household.accommodation_ags)
        .order_by(M.Household.id)
    )
    with db.read_session() as session:
        return [HouseholdRow(*row) for row in session.execute(query)]


def placement_rows(db: Database) -> list[PlacementRow]:
    query = (
        select(
            M.Placement.id,
            M.Placement.household_id,
            M.Household.case_number,
            M.Placement.flat_id,
            M.Flat.street + " " + M.Flat.house_number,
            M.Municipality.name,
            M.Placement.state,
            M.Placement.lease_kind,
            M.Placement.planned_move_in,
            M.Placement.updated_at,
        )
        .join(M.Household, M.Household.id == M.Placement.household_id)
        .join(M.Flat, M.Flat.id == M.Placement.flat_id)
        .join(M.Municipality, M.Municipality.ags == M.Flat.ags)
        .order_by(M.Placement.id)
    )
    with db.read_session() as session:
        return [PlacementRow(*row) for row in session.execute(query)]


def as_json_ready(row: Any) -> dict[str, Any]:
    """A row as a dict of JSON-friendly values (dates in ISO form)."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in asdict(row).items()}
