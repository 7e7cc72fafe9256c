"""The matcher's inputs for one district, loaded with SQLAlchemy Core into NumPy arrays.

Why arrays: ranking 5,000 households for one flat must take milliseconds, and creating an ORM object
per row alone costs seconds for a whole Land. So every query here selects plain columns, and each
household or flat becomes one position in a set of parallel arrays. Per-municipality facts (wishes,
barred municipalities, rent caps) are kept as small matrices over the district's municipalities.

The rent cap and the appropriate area still come from `rent_cap.py` (the one place for both): they are
evaluated once per municipality × household size and once per distinct household kind.
This module reads only; it holds no rule (rules.py and scoring.py do).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, and_, or_, select
from sqlmodel import Session

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.rent_cap import appropriate_area_m2, rent_cap, rules_on

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

ADULT_AGE = 18
SCHOOL_AGES = (6, 17)
KITA_AGES = (1, 5)
SHARED_ROOM_AGE = 12
"""Children of different sex share a bedroom only while both are younger than this (soft criterion)."""
NO_GERMAN = frozenset({None, E.GermanLevel.NONE.value, E.GermanLevel.A1.value})
ACTIVE_STATES = (E.HouseholdStatus.WAITING.value, E.HouseholdStatus.OFFERED.value, E.HouseholdStatus.PARKED.value)
FACILITIES: tuple[E.Facility, ...] = (
    E.Facility.SCHOOL,
    E.Facility.KITA,
    E.Facility.INTEGRATION_COURSE,
    E.Facility.GP,
    E.Facility.JOBCENTER,
    E.Facility.BUS_STOP,
)
"""Column order of the facility matrices (needs per household, distances per flat)."""
URGENCY_RANK = {E.Urgency.NORMAL.value: 0, E.Urgency.HIGH.value: 1, E.Urgency.URGENT.value: 2}
OBLIGATION_CODE = {
    E.ObligationScope.NONE.value: 0,
    E.ObligationScope.LAND.value: 1,
    E.ObligationScope.DISTRICT.value: 2,
    E.ObligationScope.MUNICIPALITY.value: 3,
}
LAND_NIEDERSACHSEN = 3
"""Land part of the AGS ("03"): a Land-wide residence obligation (§ 12a) binds to Niedersachsen."""


@dataclass(frozen=True)
class DistrictRulesData:
    """The district's rules the matcher applies, as plain values."""

    kreis_key: str
    min_area_per_occupant_m2: float
    cap_blocks: bool
    heating_limit_cents_per_m2: int | None
    heating_blocks: bool


@dataclass
class Households:
    """One position per household that still looks for a flat (waiting, offered or parked)."""

    ids: Ints
    case_numbers: list[str]
    size: Ints
    adults: Ints
    school_children: Ints
    kita_children: Ints
    adults_without_german: Ints
    needed_bedrooms: Ints
    appropriate_area_m2: Floats
    needs_wheelchair: Bools
    needs_no_stairs: Bools
    needs_ground_floor: Bools
    needs_medical_care: Bools
    has_pets: Bools
    has_wbs: Bools
    has_car: Bools
    parked: Bools
    benefit_paid: Bools
    jobcenter: Bools
    obligation: Ints
    """0 none, 1 Land, 2 district, 3 municipality (see OBLIGATION_CODE)."""
    obligation_kreis: Ints
    obligation_ags: Ints
    needed_from: npt.NDArray[np.datetime64]
    urgency: Ints
    vulnerable: Bools
    waiting_since: npt.NDArray[np.datetime64]


@dataclass
class Flats:
    """One position per flat of the district."""

    ids: Ints
    labels: list[str]
    ags: Ints
    muni: Ints
    """Index into `MatchingData.municipalities`."""
    area_m2: Floats
    rooms: Floats
    bedrooms: Ints
    gross_cold_cents: Ints
    heating_cents: Ints
    floor: Ints
    elevator: Bools
    step_free: Bools
    wheelchair: Bools
    pets_allowed: Bools
    available: Bools
    available_from: npt.NDArray[np.datetime64]
    max_occupants: Ints
    """0 when the flat sets no limit."""
    wbs_required: Bools
    head_lease_cost_cents: Ints
    distance_km: Floats
    """Flats × FACILITIES, NaN where nothing was entered."""


@dataclass
class MatchingData:
    """Everything the rules, the scoring and the assignment need, for one district on one day."""

    on: date
    rules: DistrictRulesData
    households: Households
    flats: Flats
    municipalities: list[str]
    municipality_names: list[str]
    cap_cents: Ints
    """Municipalities × (household size + 1): the rent cap; -1 where none is known."""
    cap_basis: dict[tuple[int, int], str]
    barred: Bools
    """Households × municipalities: barred by the residence permit (§ 12a Abs. 4 AufenthG)."""
    excluded: Bools
    """Households × municipalities: the household excluded this municipality (a hard no)."""
    preferred: Bools
    relatives_km: Floats
    """Households × municipalities: km to the nearest municipality with relatives or work; inf if none."""
    declined: Ints
    """Pairs (household position, flat position) the household declined before: shape (n, 2)."""
    pair_excluded: Ints
    """Pairs a caseworker excluded explicitly: shape (n, 2)."""

    def household_position(self, household_id: int) -> int:
        return _position(self.households.ids, household_id)

    def flat_position(self, flat_id: int) -> int:
        return _position(self.flats.ids, flat_id)


def _position(ids: Ints, wanted: int) -> int:
    found = np.flatnonzero(ids == wanted)
    if found.size == 0:
        raise LookupError(wanted)
    return int(found[0])


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def load_matching_data(db: Database, kreis_key: str, on: date | None = None) -> MatchingData:
    """Read the district's open households and flats as arrays (one query per table, no ORM rows)."""
    on = on or date.today()
    with db.read_session() as session:
        rules = _rules(session, kreis_key, on)
        conn = session.connection()
        munis = _municipalities(conn, kreis_key)
        flats = _flats(conn, kreis_key, munis, on)
        h_rows = _household_rows(conn, kreis_key, [m[0] for m in munis])
        members = _members(conn, [r["id"] for r in h_rows])
        households = _households(session, kreis_key, h_rows, members, on)
        index = {ags: i for i, (ags, _, _, _) in enumerate(munis)}
        max_size = int(households.size.max(initial=1))
        caps, basis = _caps(session, [m[0] for m in munis], max_size, on)
        wishes = _wish_matrices(conn, households.ids, munis, index)
        pairs = _pairs(conn, households.ids, flats.ids)
    return MatchingData(
        on=on,
        rules=rules,
        households=households,
        flats=flats,
        municipalities=[m[0] for m in munis],
        municipality_names=[m[1] for m in munis],
        cap_cents=caps,
        cap_basis=basis,
        barred=wishes["barred"],
        excluded=wishes["excluded"],
        preferred=wishes["preferred"],
        relatives_km=wishes["relatives_km"],
        declined=pairs["declined"],
        pair_excluded=pairs["excluded"],
    )


def _rules(session: Session, kreis_key: str, on: date) -> DistrictRulesData:
    rules = rules_on(session, kreis_key, on)
    if rules is None:
        return DistrictRulesData(kreis_key, 10.0, True, None, False)
    return DistrictRulesData(
        kreis_key=kreis_key,
        min_area_per_occupant_m2=rules.min_area_per_occupant_m2,
        cap_blocks=rules.cap_enforcement == E.Enforcement.BLOCK,
        heating_limit_cents_per_m2=rules.heating_limit_cents_per_m2,
        heating_blocks=rules.heating_enforcement == E.Enforcement.BLOCK,
    )


def _municipalities(conn: Connection, kreis_key: str) -> list[tuple[str, str, float | None, float | None]]:
    m = M.Municipality.__table__  # type: ignore[attr-defined]
    query = select(m.c.ags, m.c.name, m.c.lat, m.c.lon).where(m.c.kreis_key == kreis_key).order_by(m.c.ags)
    return [(r.ags, r.name, r.lat, r.lon) for r in conn.execute(query)]


def _day(value: date | None, default: date) -> np.datetime64:
    return np.datetime64(value or default, "D")


def _flats(conn: Connection, kreis_key: str, munis: Sequence[tuple[str, Any, Any, Any]], on: date) -> Flats:
    f = M.Flat.__table__  # type: ignore[attr-defined]
    index = {ags: i for i, (ags, _, _, _) in enumerate(munis)}
    rows = list(conn.execute(select(f).where(f.c.ags.in_(list(index))).order_by(f.c.id)).mappings())
    ids = np.array([r["id"] for r in rows], dtype=np.int64)
    return Flats(
        ids=ids,
        labels=[f"{r['street']} {r['house_number']}, {r['postcode']}" for r in rows],
        ags=np.array([int(r["ags"]) for r in rows], dtype=np.int64),
        muni=np.array([index[r["ags"]] for r in rows], dtype=np.int64),
        area_m2=_floats(r["living_area_m2"] for r in rows),
        rooms=_floats(r["rooms"] for r in rows),
        bedrooms=_ints(r["bedrooms"] for r in rows),
        gross_cold_cents=_ints(r["net_rent_cents"] + r["operating_costs_cents"] for r in rows),
        heating_cents=_ints(r["heating_costs_cents"] for r in rows),
        floor=_ints(r["floor"] for r in rows),
        elevator=_bools(r["elevator"] for r in rows),
        step_free=_bools(r["step_free"] for r in rows),
        wheelchair=_bools(r["wheelchair_accessible"] for r in rows),
        pets_allowed=_bools(r["pets_allowed"] for r in rows),
        available=_bools(r["status"] == E.FlatStatus.AVAILABLE.value for r in rows),
        available_from=np.array([_day(r["available_from"], on) for r in rows], dtype="datetime64[D]"),
        max_occupants=_ints(r["max_occupants"] or 0 for r in rows),
        wbs_required=_bools(r["wbs_required"] and (r["binding_end"] is None or r["binding_end"] >= on) for r in rows),
        head_lease_cost_cents=_ints(r["head_lease_monthly_cost_cents"] or 0 for r in rows),
        distance_km=_distances(conn, ids),
    )


def _floats(values: Iterable[Any]) -> Floats:
    return np.fromiter(values, dtype=np.float64)


def _ints(values: Iterable[Any]) -> Ints:
    return np.fromiter(values, dtype=np.int64)


def _bools(values: Iterable[Any]) -> Bools:
    return np.fromiter((bool(v) for v in values), dtype=np.bool_)


def _distances(conn: Connection, flat_ids: Ints) -> Floats:
    d = M.FlatDistance.__table__  # type: ignore[attr-defined]
    out = np.full((flat_ids.size, len(FACILITIES)), np.nan)
    if flat_ids.size == 0:
        return out
    column = {facility.value: i for i, facility in enumerate(FACILITIES)}
    query = select(d.c.flat_id, d.c.facility, d.c.km).where(d.c.km.is_not(None))
    rows = [(r.flat_id, column[r.facility], r.km) for r in conn.execute(query) if r.facility in column]
    if rows:
        fid, col, km = (np.array(v) for v in zip(*rows, strict=True))
        pos = np.searchsorted(flat_ids, fid)
        known = (pos < flat_ids.size) & (flat_ids[np.minimum(pos, flat_ids.size - 1)] == fid)
        out[pos[known], col[known].astype(np.int64)] = km[known]
    return out


def _household_rows(conn: Connection, kreis_key: str, district_ags: list[str]) -> list[Mapping[str, Any]]:
    """Open households accommodated in the district or bound to it by their residence obligation."""
    h = M.Household.__table__  # type: ignore[attr-defined]
    here = or_(
        h.c.accommodation_ags.in_(district_ags),
        h.c.obligation_kreis_key == kreis_key,
        h.c.obligation_ags.in_(district_ags),
    )
    query = select(h).where(and_(h.c.status.in_(ACTIVE_STATES), here)).order_by(h.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def _members(conn: Connection, household_ids: list[int]) -> dict[int, list[Mapping[str, Any]]]:
    m = M.Member.__table__  # type: ignore[attr-defined]
    query = select(
        m.c.household_id, m.c.birth_date, m.c.birth_year, m.c.sex, m.c.relationship, m.c.german_level
    ).order_by(m.c.household_id, m.c.position)
    wanted = set(household_ids)
    by_household: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in conn.execute(query).mappings():
        if row["household_id"] in wanted:
            by_household[row["household_id"]].append(dict(row))
    return by_household


def age_on(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    """Age in whole years; from the birth year alone the age reached this year; None if unknown."""
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if birth_year is not None:
        return on.year - birth_year
    return None


def needed_bedrooms(members: Sequence[Mapping[str, Any]], on: date) -> int:
    """Bedrooms the composition asks for: a couple shares, every other adult sleeps alone (unrelated
    adults never share), children of the same sex share in twos, and young children share regardless."""
    adults = [m for m in members if (age_on(m["birth_date"], m["birth_year"], on) or ADULT_AGE) >= ADULT_AGE]
    children = [m for m in members if m not in adults]
    relations = {m["relationship"] for m in adults}
    couple = E.Relationship.APPLICANT.value in relations and E.Relationship.PARTNER.value in relations
    rooms = len(adults) - (1 if couple else 0)
    young = [c for c in children if (age_on(c["birth_date"], c["birth_year"], on) or 0) < SHARED_ROOM_AGE]
    older = [c for c in children if c not in young]
    by_sex: dict[str, int] = defaultdict(int)
    for child in older:
        by_sex[child["sex"]] += 1
    rooms += math.ceil(len(young) / 2)
    rooms += sum(math.ceil(n / 2) if sex in ("female", "male") else n for sex, n in by_sex.items())
    return max(rooms, 1)


def _composition(members: Sequence[Mapping[str, Any]], on: date) -> tuple[int, int, int, int, int, int]:
    ages = [age_on(m["birth_date"], m["birth_year"], on) for m in members]
    adults = [m for m, a in zip(members, ages, strict=True) if a is None or a >= ADULT_AGE]
    school = sum(1 for a in ages if a is not None and SCHOOL_AGES[0] <= a <= SCHOOL_AGES[1])
    kita = sum(1 for a in ages if a is not None and KITA_AGES[0] <= a <= KITA_AGES[1])
    no_german = sum(1 for m in adults if m["german_level"] in NO_GERMAN)
    return max(len(members), 1), len(adults), school, kita, no_german, needed_bedrooms(members, on)


def _households(
    session: Session,
    kreis_key: str,
    rows: Sequence[Mapping[str, Any]],
    members: Mapping[int, Sequence[Mapping[str, Any]]],
    on: date,
) -> Households:
    comp = np.array([_composition(members.get(r["id"], ()), on) for r in rows], dtype=np.int64).reshape(-1, 6)
    return Households(
        ids=_ints(r["id"] for r in rows),
        case_numbers=[r["case_number"] for r in rows],
        size=comp[:, 0].copy(),
        adults=comp[:, 1].copy(),
        school_children=comp[:, 2].copy(),
        kita_children=comp[:, 3].copy(),
        adults_without_german=comp[:, 4].copy(),
        needed_bedrooms=comp[:, 5].copy(),
        appropriate_area_m2=_appropriate_areas(session, kreis_key, rows, comp[:, 0], on),
        needs_wheelchair=_bools(r["needs_wheelchair"] for r in rows),
        needs_no_stairs=_bools(r["needs_no_stairs"] for r in rows),
        needs_ground_floor=_bools(r["needs_ground_floor"] for r in rows),
        needs_medical_care=_bools(r["needs_medical_care"] for r in rows),
        has_pets=_bools(r["has_pets"] for r in rows),
        has_wbs=_bools(r["has_wbs"] for r in rows),
        has_car=_bools(r["has_car"] for r in rows),
        parked=_bools(_is_parked(r, on) for r in rows),
        benefit_paid=_bools(r["paying_authority"] != E.PayingAuthority.NONE.value for r in rows),
        jobcenter=_bools(r["paying_authority"] == E.PayingAuthority.JOBCENTER.value for r in rows),
        obligation=_ints(_obligation(r, on) for r in rows),
        obligation_kreis=_ints(int(r["obligation_kreis_key"] or 0) for r in rows),
        obligation_ags=_ints(int(r["obligation_ags"] or 0) for r in rows),
        needed_from=np.array([_day(r["needed_from"], on) for r in rows], dtype="datetime64[D]"),
        urgency=_ints(URGENCY_RANK.get(r["urgency"], 0) for r in rows),
        vulnerable=_bools(r["vulnerable"] for r in rows),
        waiting_since=np.array(
            [_day(r["accommodated_since"] or r["registered_on"], on) for r in rows], dtype="datetime64[D]"
        ),
    )


def _is_parked(row: Mapping[str, Any], on: date) -> bool:
    until = row["parked_until"]
    return row["status"] == E.HouseholdStatus.PARKED.value and (until is None or until >= on)


def _obligation(row: Mapping[str, Any], on: date) -> int:
    """A lapsed obligation binds no longer (its barred municipalities lapse with it)."""
    until = row["obligation_until"]
    if until is not None and until < on:
        return 0
    return OBLIGATION_CODE.get(row["obligation_scope"], 0)


def _appropriate_areas(
    session: Session, kreis_key: str, rows: Sequence[Mapping[str, Any]], sizes: Ints, on: date
) -> Floats:
    """Per household via `appropriate_area_m2`, evaluated once per distinct (size, extras) kind."""
    cache: dict[tuple[int, bool, bool, bool], float] = {}
    out = np.zeros(len(rows))
    for i, (row, size) in enumerate(zip(rows, sizes, strict=True)):
        key = (int(size), bool(row["single_parent"]), bool(row["has_disability"]), bool(row["needs_wheelchair"]))
        if key not in cache:
            area = appropriate_area_m2(
                session, kreis_key, key[0], on, single_parent=key[1], disability=key[2], wheelchair=key[3]
            )
            cache[key] = area if area is not None else math.nan
        out[i] = cache[key]
    return out


def _caps(
    session: Session, ags_list: Sequence[str], max_size: int, on: date
) -> tuple[Ints, dict[tuple[int, int], str]]:
    caps = np.full((len(ags_list), max_size + 1), -1, dtype=np.int64)
    basis: dict[tuple[int, int], str] = {}
    for i, ags in enumerate(ags_list):
        for size in range(1, max_size + 1):
            cap = rent_cap(session, ags, size, on)
            if cap is not None:
                caps[i, size] = cap.amount_cents
                basis[(i, size)] = cap.basis
    return caps, basis


def _coordinates(conn: Connection, ags_list: Iterable[str]) -> dict[str, tuple[float, float]]:
    m = M.Municipality.__table__  # type: ignore[attr-defined]
    wanted = sorted(set(ags_list))
    if not wanted:
        return {}
    rows = conn.execute(select(m.c.ags, m.c.lat, m.c.lon).where(m.c.ags.in_(wanted)))
    return {r.ags: (r.lat, r.lon) for r in rows if r.lat is not None and r.lon is not None}


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine): precise enough to say 'near' or 'far' between villages."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _wish_matrices(
    conn: Connection, household_ids: Ints, munis: Sequence[tuple[str, str, Any, Any]], index: Mapping[str, int]
) -> dict[str, Any]:
    shape = (household_ids.size, len(munis))
    out: dict[str, Any] = {k: np.zeros(shape, dtype=np.bool_) for k in ("barred", "excluded", "preferred")}
    out["relatives_km"] = np.full(shape, np.inf)
    position = {int(hid): i for i, hid in enumerate(household_ids)}
    b = M.HouseholdBarredMunicipality.__table__  # type: ignore[attr-defined]
    for r in conn.execute(select(b.c.household_id, b.c.ags)):
        if r.household_id in position and r.ags in index:
            out["barred"][position[r.household_id], index[r.ags]] = True
    w = M.HouseholdWish.__table__  # type: ignore[attr-defined]
    near: list[tuple[int, str]] = []
    for r in conn.execute(select(w.c.household_id, w.c.ags, w.c.kind)):
        h = position.get(r.household_id)
        if h is None:
            continue
        if r.kind in (E.WishKind.EXCLUDED.value, E.WishKind.PREFERRED.value) and r.ags in index:
            out[str(r.kind)][h, index[r.ags]] = True
        elif r.kind in (E.WishKind.RELATIVES.value, E.WishKind.WORK.value):
            near.append((h, r.ags))
    coords = _coordinates(conn, [ags for _, ags in near] + [m[0] for m in munis])
    for h, ags in near:
        for j, (target, *_) in enumerate(munis):
            if ags in coords and target in coords:
                out["relatives_km"][h, j] = min(out["relatives_km"][h, j], km_between(coords[ags], coords[target]))
            elif ags == target:
                out["relatives_km"][h, j] = 0.0
    return out


def _pair_positions(pairs: Iterable[tuple[int, int]], household_ids: Ints, flat_ids: Ints) -> Ints:
    h_pos = {int(v): i for i, v in enumerate(household_ids)}
    f_pos = {int(v): i for i, v in enumerate(flat_ids)}
    found = sorted({(h_pos[h], f_pos[f]) for h, f in pairs if h in h_pos and f in f_pos})
    return np.array(found, dtype=np.int64).reshape(-1, 2)


def _pairs(conn: Connection, household_ids: Ints, flat_ids: Ints) -> dict[str, Ints]:
    p = M.Placement.__table__  # type: ignore[attr-defined]
    x = M.PairExclusion.__table__  # type: ignore[attr-defined]
    declined = conn.execute(
        select(p.c.household_id, p.c.flat_id).where(p.c.state == E.PlacementState.DECLINED.value)
    ).all()
    excluded = conn.execute(select(x.c.household_id, x.c.flat_id)).all()
    return {
        "declined": _pair_positions(((r[0], r[1]) for r in declined), household_ids, flat_ids),
        "excluded": _pair_positions(((r[0], r[1]) for r in excluded), household_ids, flat_ids),
    }
