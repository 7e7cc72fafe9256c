"""Demo district: deterministic, realistic, and consistent enough to print every document at once."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from schwifty import IBAN
from sqlalchemy import select
from sqlmodel import SQLModel

from matcher.core import demo, lease_rules, paths
from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.db import Database, open_database
from matcher.core.errors import MatcherError
from matcher.core.rent_cap import appropriate_area_m2, rent_cap
from matcher.core.services import audit, flats, households, landlords
from matcher.core.services.flats import RULES as FLAT_RULES
from matcher.core.services.validation import validate

TODAY = date(2026, 11, 24)
DATA_TABLES = (
    M.Landlord,
    M.Flat,
    M.FlatDistance,
    M.FlatStatusChange,
    M.Household,
    M.Member,
    M.ContactPerson,
    M.HouseholdWish,
    M.HouseholdBarredMunicipality,
    M.Placement,
    M.PlacementEvent,
)
P = E.PlacementState
RESERVING = {P.ACCEPTED, P.LEASE_DRAFTED, P.SIGNED}
OFFERING = {P.OFFERED, P.VIEWING, *RESERVING}


def _copy(template: Path, target: Path) -> Database:
    shutil.copyfile(template, target)
    return open_database(path=target, user="test.user")


@pytest.fixture(scope="module")
def district(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo of 300 households shared by the read-only tests of this module."""
    db = _copy(sqlite_template, tmp_path_factory.mktemp("demo") / "demo.sqlite")
    demo.create_demo(db, households=300, seed=3, today=TODAY)
    yield db
    db.dispose()


def _all(db: Database, table: type[SQLModel]) -> list[SQLModel]:
    with db.read_session() as session:
        return list(session.execute(select(table)).scalars())


def _rows(db: Database, table: type[SQLModel]) -> list[tuple[object, ...]]:
    columns = table.__table__.columns  # type: ignore[attr-defined]
    with db.read_session() as session:
        return [tuple(row) for row in session.execute(select(*columns).order_by(*columns))]


def test_same_seed_gives_identical_rows(sqlite_template, tmp_path):
    first = _copy(sqlite_template, tmp_path / "first.sqlite")
    second = _copy(sqlite_template, tmp_path / "second.sqlite")
    try:
        for db in (first, second):
            demo.create_demo(db, households=60, seed=7, today=TODAY)
        for table in DATA_TABLES:
            assert _rows(first, table) == _rows(second, table), table.__tablename__
    finally:
        first.dispose()
        second.dispose()


def test_different_seeds_give_different_people(sqlite_template, tmp_path):
    names = []
    for seed in (1, 2):
        db = _copy(sqlite_template, tmp_path / f"seed{seed}.sqlite")
        demo.create_demo(db, households=40, seed=seed, today=TODAY)
        names.append([(m.given_name, m.family_name, m.birth_date) for m in _all(db, M.Member)])
        db.dispose()
    assert names[0] != names[1]


def test_summary_counts_match_the_tables(district):
    with district.read_session() as session:
        flats = len(list(session.execute(select(M.Flat.id))))
        households = len(list(session.execute(select(M.Household.id))))
    assert households == 300
    assert flats == round(0.6 * 300)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_small_demo_has_every_placement_state_and_lease_kind(db, seed):
    summary = demo.create_demo(db, households=50, seed=seed, today=TODAY)
    assert all(summary.placements_by_state[state.value] >= 1 for state in P), summary.placements_by_state
    kinds = {p.lease_kind for p in _all(db, M.Placement)}
    assert kinds == set(E.LeaseKind)


def test_flat_and_household_statuses_follow_their_placements(district):
    flats = {f.id: f for f in _all(district, M.Flat)}
    households = {h.id: h for h in _all(district, M.Household)}
    placements = _all(district, M.Placement)
    for p in placements:
        flat, household = flats[p.flat_id], households[p.household_id]
        if p.state == P.MOVED_IN:
            assert (flat.status, household.status) == (E.FlatStatus.LET, E.HouseholdStatus.HOUSED)
        elif p.state in RESERVING:
            assert (flat.status, household.status) == (E.FlatStatus.RESERVED, E.HouseholdStatus.OFFERED)
        elif p.state in OFFERING:
            assert (flat.status, household.status) == (E.FlatStatus.AVAILABLE, E.HouseholdStatus.OFFERED)
        else:
            assert (flat.status, household.status) == (E.FlatStatus.AVAILABLE, E.HouseholdStatus.WAITING)
    # …and the other way round: nothing reserved, let, offered or housed without a placement saying so.
    placed_flats = {p.flat_id for p in placements}
    placed_households = {p.household_id for p in placements}
    assert all(f.id in placed_flats for f in flats.values() if f.status in (E.FlatStatus.RESERVED, E.FlatStatus.LET))
    assert all(
        h.id in placed_households
        for h in households.values()
        if h.status in (E.HouseholdStatus.OFFERED, E.HouseholdStatus.HOUSED)
    )


def test_each_placement_has_a_gapless_history_ending_in_its_state(district):
    events: dict[int, list[M.PlacementEvent]] = {}
    for event in sorted(_all(district, M.PlacementEvent), key=lambda e: (e.placement_id, e.at)):
        events.setdefault(event.placement_id, []).append(event)
    for p in _all(district, M.Placement):
        steps = events[p.id]
        assert steps[0].from_state is None and steps[-1].to_state == p.state
        assert all(a.to_state == b.from_state and a.at < b.at for a, b in pairwise(steps))
        assert p.version == len(steps) and p.created_at == steps[0].at and p.updated_at == steps[-1].at
        if p.state in (P.LEASE_DRAFTED, P.SIGNED, P.MOVED_IN):
            assert p.cost_approval_on is not None and p.planned_move_in is not None
        assert (p.decline_reason is not None) == (p.state == P.DECLINED)


def test_placed_households_fit_their_flats(district):
    """Moved in, signed or accepted: enough space and a rent the benefit office pays."""
    flats = {f.id: f for f in _all(district, M.Flat)}
    sizes = Counter(m.household_id for m in _all(district, M.Member))
    with district.read_session() as session:
        for p in _all(district, M.Placement):
            flat, size = flats[p.flat_id], sizes[p.household_id]
            assert flat.living_area_m2 >= 10 * size
            cap = rent_cap(session, flat.ags, size, TODAY)
            assert cap is not None and flat.net_rent_cents + flat.operating_costs_cents <= cap.amount_cents


def test_deposits_keep_to_three_net_rents_and_cooperatives_take_shares(district):
    landlords = {landlord.id: landlord for landlord in _all(district, M.Landlord)}
    for flat in _all(district, M.Flat):
        assert flat.deposit_cents <= lease_rules.max_deposit_cents(flat.net_rent_cents)
        cooperative = landlords[flat.landlord_id].kind == E.LandlordKind.COOPERATIVE
        assert (flat.cooperative_shares is not None) == cooperative
        if cooperative:
            assert flat.deposit_cents == 0 and flat.cooperative_share_cents


def test_every_flat_lies_in_the_district(district):
    with district.read_session() as session:
        districts = set(
            session.execute(select(M.Municipality.kreis_key).join(M.Flat, M.Flat.ags == M.Municipality.ags)).scalars()
        )
        shelters = set(
            session.execute(
                select(M.Municipality.kreis_key).join(M.Household, M.Household.accommodation_ags == M.Municipality.ags)
            ).scalars()
        )
    assert districts == shelters == {"03454"}


def test_flats_are_weighted_towards_the_towns(district):
    by_place = Counter(flat.ags for flat in _all(district, M.Flat))
    lingen, andervenne = "03454032", "03454001"
    assert by_place[lingen] > by_place[andervenne]
    assert len(by_place) >= 20


def test_rents_spread_around_the_cap(district):
    """Most flats below the cap of the household size they suit, a good share above it."""
    ratios = []
    with district.read_session() as session:
        for flat in _all(district, M.Flat):
            size = 1
            while appropriate_area_m2(session, "03454", size + 1, TODAY) <= flat.living_area_m2 + 5 and size < 8:
                size += 1
            cap = rent_cap(session, flat.ags, size, TODAY)
            assert cap is not None
            ratios.append((flat.net_rent_cents + flat.operating_costs_cents) / cap.amount_cents)
    above = sum(ratio > 1 for ratio in ratios) / len(ratios)
    assert 0.1 <= above <= 0.45
    assert all(0.5 < ratio < 1.3 for ratio in ratios)


def test_flats_are_plausible(district):
    flats = _all(district, M.Flat)
    assert all(1 <= f.rooms <= 5 and 35 <= f.living_area_m2 <= 110 and f.bedrooms <= f.rooms for f in flats)
    assert all(4 <= f.net_rent_cents / 100 / f.living_area_m2 <= 12 for f in flats)
    assert {f.status for f in flats} == set(E.FlatStatus)
    assert any(f.funded and f.binding_end and f.binding_end > TODAY for f in flats)
    assert all(f.binding_end is not None for f in flats if f.funded)
    assert len({f.floor for f in flats}) >= 4


def test_head_leases_are_sublet_by_the_municipality(district):
    landlords = {landlord.id: landlord for landlord in _all(district, M.Landlord)}
    head_leased = [f for f in _all(district, M.Flat) if f.head_lease_start is not None]
    assert head_leased
    for flat in head_leased:
        assert landlords[flat.landlord_id].kind == E.LandlordKind.MUNICIPALITY
        assert flat.owner_id is not None and landlords[flat.owner_id].kind == E.LandlordKind.PRIVATE
        assert flat.head_lease_monthly_cost_cents and flat.head_lease_start <= TODAY
    sublet = {p.flat_id for p in _all(district, M.Placement) if p.lease_kind == E.LeaseKind.SUBLEASE}
    assert sublet <= {f.id for f in head_leased}


def test_landlords_of_every_kind_with_valid_ibans(district):
    landlords = _all(district, M.Landlord)
    assert {landlord.kind for landlord in landlords} == set(E.LandlordKind)
    for landlord in landlords:
        iban = IBAN(landlord.iban)
        assert iban.country_code == "DE" and landlord.bic == str(iban.bic)


def test_german_iban_check_digits():
    assert demo.german_iban("37040044", 532013000) == "DE89370400440532013000"


def test_every_row_passes_the_forms_validation(district):
    for base, table in ((M.FlatBase, M.Flat), (M.HouseholdBase, M.Household), (M.MemberBase, M.Member),
                        (M.LandlordBase, M.Landlord), (M.ContactPersonBase, M.ContactPerson)):  # fmt: skip
        for row in _all(district, table):
            values = validate(base, {name: getattr(row, name) for name in base.model_fields}).model_dump()
            if base is M.FlatBase:
                assert [error for rule in FLAT_RULES for error in rule(values)] == []


def _fields(row: SQLModel, base: type[SQLModel], *leave_out: str) -> dict[str, object]:
    return {name: getattr(row, name) for name in base.model_fields if name not in leave_out}


def test_every_row_passes_the_services_behind_the_forms(db):
    """Saving each record unchanged through its service runs every check a caseworker's form gets."""
    demo.create_demo(db, households=20, seed=4)  # real today: the services compare dates with it
    for landlord in _all(db, M.Landlord):
        landlords.update_landlord(db, landlord.id, {})
    for flat in _all(db, M.Flat):
        flats.update_flat(db, flat.id, {})
    members = sorted(_all(db, M.Member), key=lambda m: (m.household_id, m.position))
    contacts = _all(db, M.ContactPerson)
    for household in _all(db, M.Household):
        households.update_household(db, household.id, {})
        own = [_fields(m, M.MemberBase, "position") for m in members if m.household_id == household.id]
        households.replace_members(db, household.id, own)
        households.set_contacts(
            db, household.id, [_fields(c, M.ContactPersonBase) for c in contacts if c.household_id == household.id]
        )


def test_households_are_consistent_in_status_obligation_and_authority(district):
    households = _all(district, M.Household)
    barred = Counter(b.household_id for b in _all(district, M.HouseholdBarredMunicipality))
    sozialamt = {E.ResidenceStatus.GESTATTUNG, E.ResidenceStatus.DULDUNG, E.ResidenceStatus.PERMIT_25_5}
    for h in households:
        expected = E.PayingAuthority.SOZIALAMT if h.residence_status in sozialamt else E.PayingAuthority.JOBCENTER
        assert h.paying_authority == expected
        if h.residence_status in (E.ResidenceStatus.GESTATTUNG, E.ResidenceStatus.DULDUNG, E.ResidenceStatus.PERMIT_24):
            assert (h.obligation_scope, h.obligation_kreis_key) == (E.ObligationScope.DISTRICT, "03454")
        if h.obligation_scope == E.ObligationScope.LAND:
            assert barred[h.id] == 3 and h.obligation_until and h.obligation_until > TODAY
        assert h.accommodated_since <= h.registered_on <= TODAY
    scopes = Counter(h.obligation_scope for h in households)
    assert scopes[E.ObligationScope.LAND] and scopes[E.ObligationScope.DISTRICT] and scopes[E.ObligationScope.NONE]


def test_members_look_like_passport_entries(district):
    members = _all(district, M.Member)
    by_household: dict[int, list[M.Member]] = {}
    for m in members:
        by_household.setdefault(m.household_id, []).append(m)
    assert all(sum(m.relationship == E.Relationship.APPLICANT for m in ms) == 1 for ms in by_household.values())
    assert {m.nationality for m in members} == {"SYR", "AFG", "IRQ", "UKR", "ERI", "TUR", "IRN"}
    assert any(m.given_name.isupper() for m in members) and any(not m.given_name.isupper() for m in members)
    assert any(m.birth_date is None and m.birth_year is not None for m in members)
    assert all(m.birth_date is None or m.birth_date <= TODAY for m in members)
    assert all(m.nationality != "UKR" or m.given_name.isascii() for m in members)  # Latin passport spelling
    sizes = Counter(len(ms) for ms in by_household.values())
    assert sizes[1] and max(sizes) >= 6


def test_contacts_wishes_and_distances_are_present(district):
    roles = {c.role for c in _all(district, M.ContactPerson)}
    assert {E.ContactRole.INTERPRETER, E.ContactRole.VOLUNTEER_SPONSOR} <= roles
    assert {w.kind for w in _all(district, M.HouseholdWish)} == set(E.WishKind)
    distances = _all(district, M.FlatDistance)
    assert len(distances) == 6 * len(_all(district, M.Flat))
    assert all(d.km is not None and d.km > 0 for d in distances)


def test_one_audit_entry_without_personal_data_and_the_office_letterhead(district):
    with district.read_session() as session:
        entries = list(session.execute(select(M.AuditEntry)).scalars())
        assert audit.verify_chain(session) is None
        office = session.get(M.Office, 1)
    assert len(entries) == 1 and entries[0].entity == "demo"
    surnames = {m.family_name for m in _all(district, M.Member)}
    assert not any(name in entries[0].description for name in surnames)
    assert office is not None
    assert (office.name, office.street, office.postcode, office.city, office.kreis_key) == (
        "Landkreis Emsland – Fachbereich Soziales",
        "Ordeniederung 1",
        "49716",
        "Meppen",
        "03454",
    )


def test_runs_on_postgresql_too(any_db):
    summary = demo.create_demo(any_db, households=50, seed=2, today=TODAY)
    assert all(count >= 1 for count in summary.placements_by_state.values())
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None
    assert len(_all(any_db, M.Household)) == 50
    # Ids came from the database's own sequences: an ordinary insert afterwards still works.
    with any_db.session() as session:
        session.add(M.Landlord(kind=E.LandlordKind.PRIVATE, name="Nachher angelegt"))


def test_another_district_works(db):
    summary = demo.create_demo(db, households=30, seed=1, kreis_key="03459", today=TODAY)  # Osnabrück
    with db.read_session() as session:
        keys = set(
            session.execute(select(M.Municipality.kreis_key).join(M.Flat, M.Flat.ags == M.Municipality.ags)).scalars()
        )
    assert keys == {"03459"} and summary.district == "Osnabrück"


def test_a_second_run_adds_without_clashing(db):
    demo.create_demo(db, households=20, seed=1, today=TODAY)
    demo.create_demo(db, households=20, seed=1, today=TODAY)
    case_numbers = [h.case_number for h in _all(db, M.Household)]
    assert len(case_numbers) == len(set(case_numbers)) == 40


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [({"kreis_key": "99999"}, "Kreisschlüssel"), ({"households": 0}, "zwischen 1 und 200.000")],
)
def test_wrong_arguments_are_german_errors(db, kwargs, fragment):
    with pytest.raises(MatcherError, match=fragment):
        demo.create_demo(db, **kwargs)
    assert not demo.has_households(db)


def test_open_demo_database_fills_the_default_file_once():
    db = demo.open_demo_database(households=20, seed=1)
    try:
        assert db.path == paths.demo_db_path()
        assert len(_all(db, M.Household)) == 20
    finally:
        db.dispose()
    again = demo.open_demo_database(households=20, seed=1)
    try:
        assert len(_all(again, M.Household)) == 20
    finally:
        again.dispose()
