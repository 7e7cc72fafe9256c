"""Hard constraints: one test per rule with hand-computed cases, plus grid = per-pair agreement."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from matcher.core import rules
from tests.core.matching_factory import ON, make_data

GERMAN = re.compile(r"[äöüß]|\b(der|die|das|und|nicht|ist|hat|für|von|keine?n?|wohnung|haushalt)\b", re.IGNORECASE)


def failed(d, h: int = 0, f: int = 0) -> set[str]:
    return {failure.code for failure in rules.explain(d, h, f)[0]}


def warned(d, h: int = 0, f: int = 0) -> set[str]:
    return {failure.code for failure in rules.explain(d, h, f)[1]}


def test_the_easy_pair_passes_every_rule():
    d = make_data([{}], [{}])
    assert failed(d) == set()
    assert rules.feasible(d, np.array([0]), np.array([0]))[0, 0]


@pytest.mark.parametrize(
    ("obligation", "extra", "muni", "fails"),
    [
        (3, {"obligation_ags": 3454002}, 0, True),  # bound to Bawinkel, flat in Aschendorf
        (3, {"obligation_ags": 3454001}, 0, False),
        (2, {"obligation_kreis": 3453}, 0, True),  # bound to another district
        (2, {"obligation_kreis": 3454}, 0, False),
        (1, {}, 0, False),  # Land Niedersachsen: every flat here lies in it
        (1, {"_barred": [1]}, 1, True),  # barred municipality (§ 12a Abs. 4)
        (0, {"_barred": [1]}, 1, False),  # no (or a lapsed) obligation: nothing is barred
    ],
)
def test_residence_obligation(obligation, extra, muni, fails):
    d = make_data([{"obligation": obligation, **extra}], [{"muni": muni}])
    assert ("residence_obligation" in failed(d)) is fails


def test_a_municipality_the_household_excluded_is_a_hard_no():
    d = make_data([{"_excluded": [0]}], [{"muni": 0}, {"muni": 1}])
    assert failed(d, 0, 0) == {"excluded_municipality"}
    assert failed(d, 0, 1) == set()


@pytest.mark.parametrize(
    ("size", "area", "minimum", "fails"),
    [
        (4, 84.0, 10.0, False),
        (4, 39.9, 10.0, True),
        (4, 40.0, 10.0, False),
        (5, 49.0, 10.0, True),
        (5, 49.0, 9.0, False),
    ],
)
def test_overcrowding_uses_the_district_minimum_per_occupant(size, area, minimum, fails):
    d = make_data([{"size": size}], [{"area_m2": area, "gross_cold_cents": 0}], min_m2=minimum)
    assert ("overcrowding" in failed(d)) is fails


def test_rent_over_cap_blocks_when_a_benefit_office_pays():
    # 1 person, Stufe I, V3: cap 418,22 €
    d = make_data([{}, {"benefit_paid": False}], [{"gross_cold_cents": 41_822}, {"gross_cold_cents": 41_823}])
    assert failed(d, 0, 0) == set()
    assert failed(d, 0, 1) == {"rent_over_cap"}
    assert failed(d, 1, 1) == set()  # pays its own rent: no cap
    reason = rules.explain(d, 0, 1)[0][0].reason
    assert "418,22" in reason and "418,23" in reason


def test_rent_over_cap_only_warns_when_the_district_says_so():
    d = make_data([{}], [{"gross_cold_cents": 50_000}], cap_blocks=False)
    assert failed(d) == set()
    assert warned(d) == {"rent_over_cap"}
    assert rules.feasible(d, np.array([0]), np.array([0]))[0, 0]


def test_heating_over_limit_blocks_or_warns():
    # limit 1,50 €/m² × 50 m² = 75,00 €
    flats = [{"heating_cents": 7_500}, {"heating_cents": 7_501}]
    blocking = make_data([{}], flats, heating_limit=150, heating_blocks=True)
    assert failed(blocking, 0, 0) == set()
    assert failed(blocking, 0, 1) == {"heating_over_limit"}
    warning = make_data([{}], flats, heating_limit=150, heating_blocks=False)
    assert failed(warning, 0, 1) == set() and warned(warning, 0, 1) == {"heating_over_limit"}
    assert failed(make_data([{}], [{"heating_cents": 99_999}])) == set()  # no limit set


def test_wheelchair_user_needs_a_wheelchair_accessible_flat():
    d = make_data([{"needs_wheelchair": True}], [{"wheelchair": False}, {"wheelchair": True}])
    assert failed(d, 0, 0) == {"wheelchair"} and failed(d, 0, 1) == set()


def test_no_stairs_means_ground_floor_or_elevator():
    flats = [{"floor": 2}, {"floor": 2, "elevator": True}, {"floor": 0}]
    d = make_data([{"needs_no_stairs": True}], flats)
    assert [failed(d, 0, f) for f in range(3)] == [{"no_stairs"}, set(), set()]


def test_ground_floor_need():
    d = make_data([{"needs_ground_floor": True}], [{"floor": 1, "elevator": True}, {"floor": 0}])
    assert failed(d, 0, 0) == {"ground_floor"} and failed(d, 0, 1) == set()


def test_availability_status_and_date():
    flats = [{"available": False}, {"available_from": date(2027, 1, 1)}, {"available_from": date(2026, 12, 1)}]
    d = make_data([{"needed_from": date(2026, 12, 1)}], flats)
    assert failed(d, 0, 0) == {"not_available"}
    assert failed(d, 0, 1) == {"available_too_late"}
    assert failed(d, 0, 2) == set()
    assert "01.01.2027" in rules.explain(d, 0, 1)[0][0].reason


def test_pets_need_a_flat_that_allows_them():
    d = make_data([{"has_pets": True}, {}], [{"pets_allowed": False}, {"pets_allowed": True}])
    assert failed(d, 0, 0) == {"pets"} and failed(d, 0, 1) == set() and failed(d, 1, 0) == set()


def test_wbs_required_by_a_funding_binding():
    d = make_data([{"has_wbs": False}, {"has_wbs": True}], [{"wbs_required": True}])
    assert failed(d, 0, 0) == {"wbs_required"} and failed(d, 1, 0) == set()


def test_declined_parked_and_explicitly_excluded():
    d = make_data([{}, {"parked": True}], [{}, {}], declined=[(0, 0)], excluded_pairs=[(0, 1)])
    assert failed(d, 0, 0) == {"declined_before"}
    assert failed(d, 0, 1) == {"pair_excluded"}
    assert failed(d, 1, 0) == {"household_parked"}


def test_flat_capacity_when_the_flat_sets_one():
    d = make_data([{"size": 4}], [{"area_m2": 90.0, "max_occupants": 3}, {"area_m2": 90.0, "max_occupants": 0}])
    assert failed(d, 0, 0) == {"capacity"} and failed(d, 0, 1) == set()


def _random_district(seed: int, n_h: int = 30, n_f: int = 25):
    rng = np.random.default_rng(seed)
    households = [
        {
            "size": int(rng.integers(1, 7)),
            "needs_wheelchair": bool(rng.random() < 0.1),
            "needs_no_stairs": bool(rng.random() < 0.2),
            "needs_ground_floor": bool(rng.random() < 0.1),
            "has_pets": bool(rng.random() < 0.2),
            "has_wbs": bool(rng.random() < 0.5),
            "parked": bool(rng.random() < 0.05),
            "benefit_paid": bool(rng.random() < 0.9),
            "obligation": int(rng.choice([0, 1, 3])),
            "obligation_ags": int(rng.choice([3454001, 3454002])),
            "needed_from": ON + np.timedelta64(int(rng.integers(0, 60)), "D").item(),
            "appropriate_area_m2": 50.0 + 10 * int(rng.integers(0, 5)),
            "needed_bedrooms": int(rng.integers(1, 4)),
            "_barred": [int(rng.integers(0, 3))] if rng.random() < 0.2 else [],
            "_excluded": [int(rng.integers(0, 3))] if rng.random() < 0.1 else [],
            "_preferred": [int(rng.integers(0, 3))] if rng.random() < 0.3 else [],
        }
        for _ in range(n_h)
    ]
    flats = [
        {
            "muni": int(rng.integers(0, 3)),
            "area_m2": float(rng.integers(25, 110)),
            "bedrooms": int(rng.integers(0, 4)),
            "gross_cold_cents": int(rng.integers(30_000, 90_000)),
            "heating_cents": int(rng.integers(3_000, 15_000)),
            "floor": int(rng.integers(0, 4)),
            "elevator": bool(rng.random() < 0.3),
            "wheelchair": bool(rng.random() < 0.2),
            "pets_allowed": bool(rng.random() < 0.5),
            "available": bool(rng.random() < 0.9),
            "available_from": ON + np.timedelta64(int(rng.integers(0, 60)), "D").item(),
            "max_occupants": int(rng.choice([0, 0, 3, 5])),
            "wbs_required": bool(rng.random() < 0.2),
            "head_lease_cost_cents": int(rng.choice([0, 0, 60_000])),
            "distance_km": list(rng.uniform(0, 20, 6)),
        }
        for _ in range(n_f)
    ]
    declined = [(int(rng.integers(0, n_h)), int(rng.integers(0, n_f))) for _ in range(5)]
    return make_data(households, flats, declined=declined, heating_limit=150)


@pytest.mark.parametrize("seed", range(5))
def test_grid_feasibility_equals_pair_by_pair_explanation(seed):
    d = _random_district(seed)
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    grid = rules.feasible(d, np.arange(n_h), np.arange(n_f))
    for h in range(n_h):
        for f in range(n_f):
            assert grid[h, f] == (not failed(d, h, f)), (h, f)
    assert 0 < grid.sum() < grid.size  # the random district exercises both outcomes


@pytest.mark.parametrize("seed", range(3))
def test_every_infeasible_pair_names_a_rule_with_a_german_reason(seed):
    d = _random_district(seed)
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    grid = rules.feasible(d, np.arange(n_h), np.arange(n_f))
    for h, f in zip(*np.nonzero(~grid), strict=True):
        failures = rules.explain(d, int(h), int(f))[0]
        assert failures
        for failure in failures:
            assert failure.title and GERMAN.search(failure.reason), failure


def test_every_rule_has_a_german_title_and_a_check():
    assert set(rules.RULES) == set(rules.CHECKS)
    assert all(rule.title and rule.title[0].isupper() for rule in rules.RULES.values())


@pytest.mark.parametrize("seed", range(3))
def test_the_kinds_of_rules_see_only_what_they_declare(seed):
    """What the district's proposal relies on: a household rule fails alike for households with equal
    declared figures, a place rule alike for flats of one municipality and AGS, and the pair rules
    evaluated on 1-D pairs equal their grids."""
    d = _random_district(seed, n_h=60, n_f=30)
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    h, f = np.arange(n_h), np.arange(n_f)
    for code, inputs in rules.HOUSEHOLD_INPUTS.items():
        grid = rules.CHECKS[code](d, h, f)
        key = [tuple(int(getattr(d.households, name)[i]) for name in inputs) for i in h]
        for i in h:
            first = key.index(key[i])
            assert np.array_equal(grid[i], grid[first]), (code, i)
    for code in rules.PLACE_RULES:
        grid = rules.CHECKS[code](d, h, f)
        place = list(zip(d.flats.muni.tolist(), d.flats.ags.tolist(), strict=True))
        for j in f:
            assert np.array_equal(grid[:, j], grid[:, place.index(place[j])]), (code, j)
    pair_h, pair_f = np.divmod(np.arange(n_h * n_f), n_f)
    for code in rules.PAIR_RULES:
        grid = rules.CHECKS[code](d, h, f)
        assert np.array_equal(rules.pair_failures(d, pair_h, pair_f, [code]), grid.reshape(-1)), code
        assert grid.any() or code == "pair_excluded"
    together = rules.pair_failures(d, pair_h, pair_f, sorted(rules.PAIR_RULES))
    expected = np.zeros(n_h * n_f, dtype=bool)
    for code in rules.PAIR_RULES:
        expected |= rules.CHECKS[code](d, h, f).reshape(-1)
    assert np.array_equal(together, expected)
