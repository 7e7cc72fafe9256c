"""List queries: one SQL statement per list, returning flat, display-ready rows.

The window's tables and the CLI's `list` sub-command read these. Rows hold plain values (ints, str,
dates), never ORM objects, so they can cross threads and be serialised to JSON. Sensitive fields
(residence status, health needs) are deliberately absent from list rows (ui.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from matcher.core import enums as E
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
    with db.read_session() as session:
        return [FlatRow(*row) for row in session.connection().execute(_flat_query())]


def _flat_query(only: Sequence[int] | None = None) -> Any:
    """The flats list; `only` restricts it to these ids."""
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
    return query if only is None else query.where(col(M.Flat.id).in_(only))


def household_rows(db: Database) -> list[HouseholdRow]:
    with db.read_session() as session:
        return [HouseholdRow(*row) for row in session.connection().execute(_household_query())]


def _household_query(only: Sequence[int] | None = None) -> Any:
    """The households list; `only` restricts it to these ids (and counts only their members)."""
    applicant: Any = aliased(M.Member)
    sizes = select(
        col(M.Member.household_id),
        func.count().label("size"),
        func.sum(case((col(M.Member.relationship) == "child", 1), else_=0)).label("children"),
    )
    if only is not None:
        sizes = sizes.where(col(M.Member.household_id).in_(only))
    sizes_table = sizes.group_by(col(M.Member.household_id)).subquery()
    query = (
        select(
            col(M.Household.id),
            col(M.Household.case_number),
            func.coalesce(applicant.family_name + ", " + applicant.given_name, ""),
            func.coalesce(sizes_table.c.size, 0),
            func.coalesce(sizes_table.c.children, 0),
            col(M.Household.status),
            col(M.Household.urgency),
            col(M.Household.registered_on),
            col(M.Household.current_accommodation),
            col(M.Municipality.name),
            col(M.Household.version),
        )
        .outerjoin(sizes_table, sizes_table.c.household_id == col(M.Household.id))
        .outerjoin(
            applicant,
            and_(applicant.household_id == col(M.Household.id), applicant.relationship == "applicant"),
        )
        .outerjoin(M.Municipality, col(M.Municipality.ags) == col(M.Household.accommodation_ags))
        .order_by(col(M.Household.id))
    )
    return query if only is None else query.where(col(M.Household.id).in_(only))


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
        rows: Any = session.connection().execute(query)
        return [PlacementRow(*row) for row in rows]


# --------------------------------------------------------------------------------------------------
# The first screen of a long list
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FirstRows:
    """The first rows of a list in its sort order, and how many rows the list has in all."""

    rows: list[Any]
    total: int


def first_flat_rows(db: Database, sort_key: str | None, descending: bool = False, limit: int = 100) -> FirstRows:
    """The first `limit` flats as `flat_rows` sorted by the column `sort_key` (a FlatRow field; None:
    in the order of entry) would give them, and the number of flats: a window shows a screenful of a
    long list at once while all rows still load. Empty values come last in both directions, equal ones
    in the order of entry. Text is compared in lower case here, where the full list compares it folded
    and with numbers by value ("Ö" as "o", "6" before "23"), so the first screen of a text column may
    differ slightly from the full list's."""
    ids = select(col(M.Flat.id))
    house_number = col(M.Flat.house_number)
    keys: dict[str, tuple[Any, tuple[Any, ...]]] = {
        "address": (ids, (col(M.Flat.street), _leading_number(house_number, db.is_sqlite), house_number)),
        "municipality": (
            ids.join(M.Municipality, col(M.Municipality.ags) == col(M.Flat.ags)),
            (col(M.Municipality.name),),
        ),
        "landlord": (ids.join(M.Landlord, col(M.Landlord.id) == col(M.Flat.landlord_id)), (col(M.Landlord.name),)),
        "gross_cold_rent_cents": (ids, (_gross_cold(),)),
        "status": (ids, (_position(col(M.Flat.status), E.FlatStatus),)),
    }
    query = _sorted(M.Flat, ids, keys, sort_key, descending, db.is_sqlite)
    return _first_rows(db, M.Flat, query.limit(limit), _flat_query, FlatRow)


def first_household_rows(db: Database, sort_key: str | None, descending: bool = False, limit: int = 100) -> FirstRows:
    """`first_flat_rows` for the households list (`household_rows`, sorted by a HouseholdRow field)."""
    ids = select(col(M.Household.id))
    member = col(M.Member.household_id) == col(M.Household.id)
    applicant: Any = aliased(M.Member)
    keys: dict[str, tuple[Any, tuple[Any, ...]]] = {
        "applicant": (
            ids.outerjoin(
                applicant, and_(applicant.household_id == M.Household.id, applicant.relationship == "applicant")
            ),
            (applicant.family_name + ", " + applicant.given_name,),
        ),
        "size": (ids, (select(func.count()).where(member).scalar_subquery(),)),
        "children": (
            ids,
            (select(func.count()).where(member, col(M.Member.relationship) == "child").scalar_subquery(),),
        ),
        "status": (ids, (_position(col(M.Household.status), E.HouseholdStatus),)),
        "urgency": (ids, (_position(col(M.Household.urgency), E.Urgency),)),
        "accommodation_municipality": (
            ids.outerjoin(M.Municipality, col(M.Municipality.ags) == col(M.Household.accommodation_ags)),
            (col(M.Municipality.name),),
        ),
    }
    query = _sorted(M.Household, ids, keys, sort_key, descending, db.is_sqlite)
    return _first_rows(db, M.Household, query.limit(limit), _household_query, HouseholdRow)


def _leading_number(text: Any, sqlite: bool) -> Any:
    """The number a house number starts with ("12a" → 12): "6" comes before "23" as in the full list."""
    digits = text if sqlite else func.substring(text, "^[0-9]+")  # SQLite's CAST stops at the first non-digit
    return cast(func.nullif(digits, ""), Integer)


def _position(column: Any, enum_cls: type[Enum]) -> Any:
    """A status's position in its enum: statuses sort in workflow order, as in the window."""
    return case({member.value: n for n, member in enumerate(enum_cls)}, value=column, else_=len(enum_cls))


def _sorted(
    table: Any,
    ids: Any,
    keys: dict[str, tuple[Any, tuple[Any, ...]]],
    sort_key: str | None,
    descending: bool,
    sqlite: bool,
) -> Any:
    """The ids query (with the joins the sort needs) in the list's order: empty values last, then the
    key(s) (text in lower case, by code point on both databases: PostgreSQL's locale would otherwise
    skip punctuation), then the order of entry."""
    if sort_key is None:
        return ids.order_by(table.id)
    query, expressions = keys.get(sort_key) or (ids, (getattr(table, sort_key),))
    first = expressions[0]
    empty = or_(first.is_(None), first == "") if _is_text(first) else first.is_(None)
    terms: list[Any] = [case((empty, 1), else_=0)]
    for expression in expressions:
        key = expression
        if _is_text(expression):
            key = func.lower(expression) if sqlite else func.lower(expression).collate("C")
        terms.append(key.desc() if descending else key)
    return query.order_by(*terms, table.id)


def _is_text(expression: Any) -> bool:
    kind = expression.type
    return isinstance(getattr(kind, "impl", kind), String)  # SQLModel's AutoString decorates a String


def _first_rows(
    db: Database, table: Any, ids_query: Any, query: Callable[[Sequence[int]], Any], row_type: Any
) -> FirstRows:
    with db.read_session() as session:
        connection = session.connection()
        total = connection.execute(select(func.count()).select_from(table)).scalar_one()
        ids = list(connection.execute(ids_query).scalars())
        rows = {row[0]: row_type(*row) for row in connection.execute(query(ids))} if ids else {}
    return FirstRows([rows[i] for i in ids if i in rows], total)


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
