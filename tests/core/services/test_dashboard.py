"""The overview's figures on real databases: counts by status, waiting groups, empty flats at the
municipality's cost, deadlines in the next 90 days and moves per month."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import func, select

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.demo import create_demo
from matcher.core.services import dashboard

ON = date(2026, 11, 24)


def test_demo_figures_add_up(any_db):
    create_demo(any_db, households=120, seed=3, today=ON)
    figures = dashboard.overview(any_db, ON)
    with any_db.read_session() as s:
        flats = s.exec(select(func.count()).select_from(M.Flat)).one()
        waiting = s.exec(select(func.count()).where(M.Household.status == E.HouseholdStatus.WAITING)).one()
        moved_in = s.exec(select(func.count()).where(M.Placement.state == E.PlacementState.MOVED_IN)).one()
    assert sum(figures.flats_by_status.values()) == flats
    assert figures.households_waiting == waiting
    assert sum(n for _, n in figures.waiting_groups) == waiting
    assert [bound for bound, _ in figures.waiting_groups] == list(dashboard.WAITING_BOUNDS)
    assert len(figures.moves_per_month) == dashboard.MONTHS_SHOWN
    assert figures.moves_per_month[-1][0] == date(2026, 11, 1)
    assert sum(n for _, n in figures.moves_per_month) <= moved_in


def test_empty_head_leased_flats_and_deadlines(db):
    from tests.ui.sample_data import add_sample_rows

    add_sample_rows(db)
    with db.session() as s:
        flats = s.exec(select(M.Flat).order_by(M.Flat.id)).all()
        flats[0].head_lease_monthly_cost_cents = 50_000  # available: empty at the municipality's cost
        flats[0].head_lease_start = ON - timedelta(days=400)
        flats[0].head_lease_end = ON + timedelta(days=30)
        flats[2].head_lease_monthly_cost_cents = 70_000  # let: somebody lives there, no vacancy cost
        flats[3].head_lease_monthly_cost_cents = 20_000  # head lease over: no cost any more
        flats[3].head_lease_start = ON - timedelta(days=800)
        flats[3].head_lease_end = ON - timedelta(days=1)
        flats[5].binding_end = ON + timedelta(days=90)
        flats[6].binding_end = ON + timedelta(days=91)  # just outside the 90 days
        first, binding = flats[0].id, flats[5].id
    figures = dashboard.overview(db, ON)
    assert (figures.empty_at_cost, figures.empty_cost_cents) == (1, 50_000)
    assert [(d.flat_id, d.kind, d.on) for d in figures.deadlines] == [
        (first, "head_lease", ON + timedelta(days=30)),
        (binding, "binding", ON + timedelta(days=90)),
    ]
    assert figures.deadlines[0].address == "Hauptstraße 12, Whg. 2"


def test_waiting_time_groups_and_longest_wait(db):
    from tests.ui.sample_data import add_sample_rows

    add_sample_rows(db)
    figures = dashboard.overview(db, ON)
    # waiting in the sample: registered 02.03.2026 (267 days), 11.05.2026 (197), 30.08.2026 (86)
    assert dict(figures.waiting_groups) == {90: 1, 180: 0, 365: 2, 730: 0, 10**6: 0}
    assert figures.longest_wait_days == (ON - date(2026, 3, 2)).days


def test_moves_are_counted_in_their_month(db):
    from tests.ui.sample_data import add_sample_rows

    add_sample_rows(db)
    with db.session() as s:
        household = s.exec(select(M.Household)).first()
        flat = s.exec(select(M.Flat)).first()
        placement = M.Placement(household_id=household.id, flat_id=flat.id, state=E.PlacementState.MOVED_IN)
        s.add(placement)
        s.flush()
        for at in (
            datetime(2026, 10, 5, 9, tzinfo=UTC),
            datetime(2026, 10, 30, 9, tzinfo=UTC),
            datetime(2025, 1, 1, tzinfo=UTC),
        ):
            s.add(M.PlacementEvent(placement_id=placement.id, at=at, user="test", to_state=E.PlacementState.MOVED_IN))
        undone = M.Placement(household_id=household.id, flat_id=flat.id, state=E.PlacementState.SIGNED)
        s.add(undone)  # moved in on 7 October, then the move-in was taken back
        s.flush()
        s.add(
            M.PlacementEvent(
                placement_id=undone.id,
                at=datetime(2026, 10, 7, tzinfo=UTC),
                user="test",
                to_state=E.PlacementState.MOVED_IN,
            )
        )
    months = dict(dashboard.overview(db, ON).moves_per_month)
    assert months[date(2026, 10, 1)] == 2
    assert months[date(2026, 11, 1)] == 0
    assert date(2025, 1, 1) not in months
