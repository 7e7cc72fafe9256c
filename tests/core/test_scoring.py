"""Soft criteria: one test per criterion with hand-computed values, plus vectorised = per pair."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matcher.core import scoring
from matcher.core.reference import DEFAULT_WEIGHTS
from tests.core.matching_factory import make_data
from tests.core.test_rules import GERMAN, _random_district


def value(d, criterion: str, h: int = 0, f: int = 0) -> float:
    return float(scoring.CRITERIA[criterion](d, np.array([h]), np.array([f]))[0])


@pytest.mark.parametrize(
    ("area", "expected"),
    [(85.0, 1.0), (76.5, 1.0), (93.5, 1.0), (59.5, 0.5), (68.0, 0.75), (119.0, 0.5), (200.0, 0.0)],
)
def test_size_fit_against_the_appropriate_area(area, expected):
    # 4 persons in Niedersachsen: 85 m² appropriate (domain.md 2.3); band 0.9–1.1 fits fully
    d = make_data([{"size": 4, "appropriate_area_m2": 85.0}], [{"area_m2": area}])
    assert value(d, "size_fit") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("have", "need", "expected"), [(2, 2, 1.0), (3, 2, 0.8), (4, 2, 0.6), (1, 2, 0.5), (0, 3, 0.0)]
)
def test_bedrooms_against_the_composition(have, need, expected):
    d = make_data([{"needed_bedrooms": need}], [{"bedrooms": have}])
    assert value(d, "bedrooms") == pytest.approx(expected)


def test_needed_bedrooms_couples_share_children_of_different_sex_stop_sharing():
    from datetime import date

    from matcher.core.matching_data import needed_bedrooms

    on = date(2026, 11, 24)

    def m(rel, born, sex="unknown"):
        return {"relationship": rel, "birth_date": date(born, 1, 1), "birth_year": None, "sex": sex}

    couple = [m("applicant", 1980), m("partner", 1982)]
    assert needed_bedrooms(couple, on) == 1
    assert needed_bedrooms([*couple, m("child", 2018, "male"), m("child", 2020, "female")], on) == 2
    assert needed_bedrooms([*couple, m("child", 2010, "male"), m("child", 2012, "female")], on) == 3
    assert needed_bedrooms([*couple, m("child", 2010, "male"), m("child", 2012, "male")], on) == 2
    assert needed_bedrooms([m("applicant", 1990), m("unrelated", 1991)], on) == 2


@pytest.mark.parametrize(
    ("size", "rent", "expected"),
    [(1, 41_822, 0.0), (1, 33_458, pytest.approx(0.99988, abs=1e-4)), (1, 37_640, 0.5), (1, 50_000, 0.0)],
)
def test_rent_headroom_under_the_cap(size, rent, expected):
    # cap 418,22 € (1 person, Stufe I, V3); 20 % under it or more scores 1
    d = make_data([{"size": size}], [{"gross_cold_cents": rent}])
    assert value(d, "rent_headroom") == pytest.approx(expected, abs=1e-3)


def test_proximity_counts_only_what_the_household_needs():
    # FACILITIES order: school, Kita, integration course, GP, Jobcenter, bus stop
    km = [2.5, 1.5, 7.5, 5.0, 10.0, 0.5]  # each exactly half its limit → 0.5
    near = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    household = {"school_children": 1, "has_car": True}
    d = make_data([household, {"has_car": False}, {}], [{"distance_km": km}, {"distance_km": near}])
    assert value(d, "proximity", 0, 0) == pytest.approx(0.5)
    assert value(d, "proximity", 0, 1) == pytest.approx(1.0)
    assert value(d, "proximity", 1, 0) == pytest.approx(0.5)  # bus stop only
    assert value(d, "proximity", 2, 0) == pytest.approx(1.0)  # needs none of them
    several = make_data(
        [{"school_children": 1, "kita_children": 1, "needs_medical_care": True, "has_car": False}],
        [{"distance_km": [0.0, 3.0, 0.0, 5.0, 0.0, 0.25]}],
    )
    assert value(several, "proximity") == pytest.approx((1.0 + 0.0 + 0.5 + 0.75) / 4)


def test_wishes_preferred_municipality_and_relatives_nearby():
    d = make_data(
        [{"_preferred": [1]}, {"_relatives_km": {0: 15.0, 1: 45.0}}, {}],
        [{"muni": 0}, {"muni": 1}],
    )
    assert value(d, "wishes", 0, 1) == 1.0
    assert value(d, "wishes", 0, 0) == 0.0
    assert value(d, "wishes", 1, 0) == pytest.approx(0.5)  # 15 of 30 km
    assert value(d, "wishes", 1, 1) == 0.0
    assert value(d, "wishes", 2, 0) == scoring.NEUTRAL


def test_vacancy_cost_of_empty_head_leased_flats():
    d = make_data([{}], [{"head_lease_cost_cents": 40_000}, {"head_lease_cost_cents": 120_000}, {}])
    assert [value(d, "vacancy_cost", 0, f) for f in range(3)] == [0.5, 1.0, 0.0]


def test_score_is_the_weighted_mean_and_the_breakdown_adds_up():
    d = _random_district(7)
    weights = dict(DEFAULT_WEIGHTS)
    rows = scoring.breakdown(d, 3, 4, weights)
    total = float(scoring.scores(d, np.array([3]), np.array([4]), weights)[0])
    assert sum(r.contribution for r in rows) == pytest.approx(total)
    expected = sum(weights[r.criterion] * r.value for r in rows) / sum(weights.values())
    assert total == pytest.approx(expected)
    assert [r.criterion for r in rows] == list(DEFAULT_WEIGHTS)
    assert all(GERMAN.search(r.explanation) for r in rows), [r.explanation for r in rows]


def test_a_zero_weight_removes_a_criterion():
    d = make_data([{}], [{"head_lease_cost_cents": 80_000}, {}])
    only_vacancy = {name: 0.0 for name in DEFAULT_WEIGHTS} | {"vacancy_cost": 1.0}
    s = scoring.scores(d, np.array([0, 0]), np.array([0, 1]), only_vacancy)
    assert list(s) == [1.0, 0.0]


@pytest.mark.parametrize("seed", range(4))
def test_vectorised_scores_equal_a_pair_by_pair_evaluation(seed):
    d = _random_district(seed)
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    grid = scoring.scores(d, np.arange(n_h)[:, None], np.arange(n_f)[None, :], DEFAULT_WEIGHTS)
    pairs_h, pairs_f = np.divmod(np.arange(n_h * n_f), n_f)
    flat = scoring.scores(d, pairs_h, pairs_f, DEFAULT_WEIGHTS)
    for h in range(n_h):
        for f in range(n_f):
            single = sum(r.contribution for r in scoring.breakdown(d, h, f, DEFAULT_WEIGHTS))
            assert grid[h, f] == pytest.approx(single) == pytest.approx(flat[h * n_f + f])
    assert np.all((grid >= 0) & (grid <= 1)) and not math.isnan(grid.sum())


@pytest.mark.parametrize("seed", range(4))
def test_pair_scores_by_household_class_equal_the_plain_scores_bit_for_bit(seed):
    d = _random_district(seed, n_h=60, n_f=40)
    rng = np.random.default_rng(seed)
    h = rng.integers(0, d.households.ids.size, 2000)
    f = rng.integers(0, d.flats.ids.size, 2000)
    for weights in (DEFAULT_WEIGHTS, {**DEFAULT_WEIGHTS, "size_fit": 0.0, "vacancy_cost": 0.0}):
        assert np.array_equal(scoring.pair_scores(d, h, f, weights), scoring.scores(d, h, f, weights))


def test_row_classes_group_equal_rows_like_numpy_unique():
    rng = np.random.default_rng(3)
    key = rng.integers(0, 3, size=(500, 4))
    first, cls = scoring.row_classes(key)
    distinct = np.unique(key, axis=0)
    assert first.size == distinct.shape[0] and cls.max() == first.size - 1
    assert np.array_equal(key[first][cls], key)  # every row equals its class's first row
    assert (first == np.array([np.flatnonzero(cls == c)[0] for c in range(first.size)])).all()
    empty_first, empty_cls = scoring.row_classes(np.zeros((4, 0), dtype=np.int64))
    assert empty_first.tolist() == [0] and empty_cls.tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"wishes": 0.0},
        {"size_fit": 0.0, "bedrooms": 0.0, "rent_headroom": 0.0, "proximity": 0.0},
        {"vacancy_cost": 0.0},
    ],
)
def test_score_parts_add_up_to_the_scores_bit_for_bit(seed, changes):
    d = _random_district(seed, n_h=50, n_f=30)
    weights = {**DEFAULT_WEIGHTS, **changes}
    rows = np.arange(d.households.ids.size)[::-1].copy()  # any order of households
    cols = np.arange(d.flats.ids.size)
    munis, first = np.unique(d.flats.muni, return_index=True)
    place = np.searchsorted(munis, d.flats.muni)
    parts = scoring.score_parts(d, rows, cols, cols[first], weights)
    assert parts is not None
    i, j = np.divmod(np.arange(rows.size * cols.size), cols.size)
    s = parts.score_class[i]
    total = parts.prefix[s, j]
    if parts.wish is not None:
        total = total + parts.wish[i, place[j]]
    for table in parts.suffix:
        total = total + table[s, j]
    assert (parts.wish is None) == (weights["wishes"] == 0.0)
    assert np.array_equal(total / parts.total_weight, scoring.scores(d, rows[i], cols[j], weights))
