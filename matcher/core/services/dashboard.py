"""The overview's figures: flats by status, households waiting and for how long, placements by state,
flats empty at the municipality's cost, head leases and funding bindings ending soon, and moves per
month. A handful of aggregate queries; no personal data leaves this module (only counts, sums, flat
addresses and dates).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlmodel import col

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.db import Database

SOON_DAYS = 90
MONTHS_SHOWN = 12
WAITING_BOUNDS: tuple[int, ...] = (90, 180, 365, 730, 10**6)
"""Upper bound in days (exclusive) of each waiting-time group: under 3 months, 3–6, 6–12, 1–2 years, more.
The window names the groups in its own language."""


@dataclass(frozen=True)
class Deadline:
    flat_id: int
    address: str
    kind: str  # "head_lease" or "binding"
    on: date


@dataclass(frozen=True)
class Overview:
    on: date
    flats_by_status: dict[str, int]
    households_by_status: dict[str, int]
    placements_by_state: dict[str, int]
    waiting_groups: list[tuple[int, int]]
    """(upper bound in days, households) per group of WAITING_BOUNDS."""
    longest_wait_days: int
    empty_at_cost: int
    empty_cost_cents: int
    deadlines: list[Deadline] = field(default_factory=list)
    moves_per_month: list[tuple[date, int]] = field(default_factory=list)

    @property
    def households_waiting(self) -> int:
        return self.households_by_status.get(E.HouseholdStatus.WAITING.value, 0)

    @property
    def open_placements(self) -> int:
        closed = {E.PlacementState.MOVED_IN.value, E.PlacementState.DECLINED.value, E.PlacementState.CANCELLED.value}
        return sum(n for state, n in self.placements_by_state.items() if state not in closed)


def _counts(db: Database, column: Any) -> dict[str, int]:
    with db.read_session() as session:
        rows = session.execute(select(column, func.count()).group_by(column)).all()
    return {str(getattr(value, "value", value)): int(n) for value, n in rows}


def _waiting(db: Database, on: date) -> tuple[list[tuple[int, int]], int]:
    with db.read_session() as session:
        since = session.scalars(
            select(col(M.Household.registered_on)).where(col(M.Household.status) == E.HouseholdStatus.WAITING)
        ).all()
    days = [max((on - d).days, 0) for d in since]
    groups = Counter(next(bound for bound in WAITING_BOUNDS if d < bound) for d in days)
    return [(bound, groups.get(bound, 0)) for bound in WAITING_BOUNDS], max(days, default=0)


def _empty_at_cost_condition(on: date) -> Any:
    """Flats the municipality rents (head lease running, with a monthly cost) that nobody lives in."""
    running = (col(M.Flat.head_lease_start).is_(None) | (col(M.Flat.head_lease_start) <= on)) & (
        col(M.Flat.head_lease_end).is_(None) | (col(M.Flat.head_lease_end) >= on)
    )
    return and_(col(M.Flat.head_lease_monthly_cost_cents).is_not(None), col(M.Flat.status) != E.FlatStatus.LET, running)


def _empty_at_cost(db: Database, on: date) -> tuple[int, int]:
    """The flats of `_empty_at_cost_condition`: count and monthly cost."""
    with db.read_session() as session:
        count, cost = session.execute(
            select(func.count(), func.coalesce(func.sum(M.Flat.head_lease_monthly_cost_cents), 0)).where(
                _empty_at_cost_condition(on)
            )
        ).one()
    return int(count), int(cost)


def empty_at_cost_flat_ids(db: Database, on: date | None = None) -> list[int]:
    """The flats the overview counts as empty at the municipality's cost (its figure links to them)."""
    query = select(col(M.Flat.id)).where(_empty_at_cost_condition(on or date.today())).order_by(col(M.Flat.id))
    with db.read_session() as session:
        return list(session.scalars(query))


def _deadlines(db: Database, on: date) -> list[Deadline]:
    until = on + timedelta(days=SOON_DAYS)
    found: list[Deadline] = []
    with db.read_session() as session:
        for kind, column in (("head_lease", M.Flat.head_lease_end), ("binding", M.Flat.binding_end)):
            rows = session.execute(
                select(
                    col(M.Flat.id), col(M.Flat.street), col(M.Flat.house_number), col(M.Flat.flat_number), col(column)
                ).where(col(column).is_not(None), col(column) >= on, col(column) <= until)
            ).all()
            for flat_id, street, number, flat_number, end in rows:
                address = f"{street} {number}" + (f", Whg. {flat_number}" if flat_number else "")
                found.append(Deadline(int(flat_id), address, kind, end))
    return sorted(found, key=lambda d: (d.on, d.address))


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _moves_per_month(db: Database, on: date) -> list[tuple[date, int]]:
    first = _month_start(on, MONTHS_SHOWN - 1)
    with db.read_session() as session:
        moments = session.scalars(
            select(col(M.PlacementEvent.at))
            .join(M.Placement, col(M.Placement.id) == col(M.PlacementEvent.placement_id))
            .where(
                col(M.Placement.state) == E.PlacementState.MOVED_IN,  # a move-in taken back does not count
                col(M.PlacementEvent.to_state) == E.PlacementState.MOVED_IN,
                col(M.PlacementEvent.at) >= datetime(first.year, first.month, 1, tzinfo=UTC),
            )
        ).all()
    counts = Counter(_month_start(moment.date()) for moment in moments if moment.date() <= on)
    return [
        (month, counts.get(month, 0)) for month in (_month_start(on, back) for back in range(MONTHS_SHOWN - 1, -1, -1))
    ]


def overview(db: Database, on: date | None = None) -> Overview:
    """All figures of the overview for the day `on` (default today)."""
    on = on or date.today()
    waiting_groups, longest = _waiting(db, on)
    empty, cost = _empty_at_cost(db, on)
    return Overview(
        on=on,
        flats_by_status=_counts(db, col(M.Flat.status)),
        households_by_status=_counts(db, col(M.Household.status)),
        placements_by_state=_counts(db, col(M.Placement.state)),
        waiting_groups=waiting_groups,
        longest_wait_days=longest,
        empty_at_cost=empty,
        empty_cost_cents=cost,
        deadlines=_deadlines(db, on),
        moves_per_month=_moves_per_month(db, on),
    )
