"""Property tests of the matcher on random small districts (hypothesis): lawful proposals, each side at
most once, the optimum equal to an independent solver's, the priority promise, rankings equal to
`evaluate`, vectorised scores equal to the per-pair breakdown, and a German reason for every "no".

The districts are drawn field by field (households, flats, declined and excluded pairs, weights), so a
failure shrinks to the smallest district that shows it.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matcher.core import assignment, rules, scoring
from matcher.core.reference import DEFAULT_WEIGHTS
from tests.core.matching_factory import AGS, ON, make_data

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GERMAN_WORDS = {"der", "die", "das", "Der", "Die", "Diese", "ist", "hat", "liegt", "liegen", "nicht", "keine", "für"}
MUNICIPALITIES = st.lists(st.integers(0, len(AGS) - 1), max_size=1)


@st.composite
def households(draw: st.DrawFn) -> dict:
    size = draw(st.integers(1, 6))
    return {
        "size": size,
        "adults": draw(st.integers(1, size)),
        "needs_wheelchair": draw(st.booleans()),
        "needs_no_stairs": draw(st.booleans()),
        "needs_ground_floor": draw(st.booleans()),
        "has_pets": draw(st.booleans()),
        "has_wbs": draw(st.booleans()),
        "parked": draw(st.sampled_from([False, False, False, True])),
        "benefit_paid": draw(st.booleans()),
        "obligation": draw(st.sampled_from([0, 1, 3])),
        "obligation_ags": int(draw(st.sampled_from(AGS[:2]))),
        "needed_from": ON + timedelta(days=draw(st.integers(0, 60))),
        "waiting_since": ON - timedelta(days=draw(st.integers(0, 900))),
        "urgency": draw(st.integers(0, 2)),
        "vulnerable": draw(st.booleans()),
        "appropriate_area_m2": float(draw(st.sampled_from([50, 60, 75, 85, 95]))),
        "needed_bedrooms": draw(st.integers(1, 3)),
        "_barred": draw(MUNICIPALITIES),
        "_excluded": draw(MUNICIPALITIES),
        "_preferred": draw(MUNICIPALITIES),
    }


@st.composite
def flats(draw: st.DrawFn) -> dict:
    return {
        "muni": draw(st.integers(0, len(AGS) - 1)),
        "area_m2": float(draw(st.integers(20, 120))),
        "bedrooms": draw(st.integers(0, 4)),
        "gross_cold_cents": draw(st.integers(25_000, 95_000)),
        "heating_cents": draw(st.integers(2_000, 16_000)),
        "floor": draw(st.integers(0, 4)),
        "elevator": draw(st.booleans()),
        "wheelchair": draw(st.booleans()),
        "pets_allowed": draw(st.booleans()),
        "available": draw(st.sampled_from([True, True, True, False])),
        "available_from": ON + timedelta(days=draw(st.integers(0, 60))),
        "max_occupants": draw(st.sampled_from([0, 0, 3, 5])),
        "wbs_required": draw(st.sampled_from([False, False, True])),
        "head_lease_cost_cents": draw(st.sampled_from([0, 0, 60_000])),
        "distance_km": draw(st.lists(st.floats(0, 30), min_size=6, max_size=6)),
    }


@st.composite
def districts(draw: st.DrawFn, max_households: int = 12, max_flats: int = 9):
    hh = draw(st.lists(households(), min_size=1, max_size=max_households))
    ff = draw(st.lists(flats(), min_size=1, max_size=max_flats))
    pair = st.tuples(st.integers(0, len(hh) - 1), st.integers(0, len(ff) - 1))
    return make_data(
        hh,
        ff,
        cap_blocks=draw(st.booleans()),
        heating_limit=draw(st.sampled_from([None, 150, 200])),
        heating_blocks=draw(st.booleans()),
        declined=draw(st.lists(pair, max_size=3, unique=True)),
        excluded_pairs=draw(st.lists(pair, max_size=3, unique=True)),
    )


weight_sets = st.one_of(
    st.just(dict(DEFAULT_WEIGHTS)),
    st.fixed_dictionaries({name: st.floats(0.5, 10) for name in DEFAULT_WEIGHTS}),
)


def _positions(d, proposal) -> list[tuple[int, int]]:
    return [(d.household_position(p.household_id), d.flat_position(p.flat_id)) for p in proposal.placements]


def _feasible_grid(d) -> np.ndarray:
    return rules.feasible(d, np.arange(d.households.ids.size), np.arange(d.flats.ids.size))


def _one_by_one_scores(d, weights) -> np.ndarray:
    """The score of every pair computed on its own, through the per-pair breakdown."""
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    return np.array(
        [[sum(c.contribution for c in scoring.breakdown(d, h, f, weights)) for f in range(n_f)] for h in range(n_h)]
    )


@PROFILE
@given(d=districts(), weights=weight_sets, mode=st.sampled_from(assignment.MODES))
def test_no_infeasible_pair_is_proposed_and_each_side_appears_once(d, weights, mode):
    pairs = _positions(d, assignment.propose(d, weights, mode))
    assert len({h for h, _ in pairs}) == len(pairs) == len({f for _, f in pairs})
    ok = _feasible_grid(d)
    assert all(ok[h, f] for h, f in pairs)


@PROFILE
@given(d=districts(), weights=weight_sets)
def test_the_optimum_equals_an_independent_dense_solve(d, weights):
    benefit = np.where(_feasible_grid(d), _one_by_one_scores(d, weights), 0.0)
    r, c = linear_sum_assignment(benefit, maximize=True)
    assert assignment.propose(d, weights, "optimal").total == pytest.approx(benefit[r, c].sum(), abs=1e-5)


@PROFILE
@given(d=districts(), weights=weight_sets)
def test_priority_mode_never_passes_over_a_better_free_flat(d, weights):
    """Going down the priority order, each household got the best flat not taken by those before it;
    a household left out had no feasible flat still free."""
    got = dict(_positions(d, assignment.propose(d, weights, "priority")))
    ok = _feasible_grid(d)
    score = _one_by_one_scores(d, weights)
    taken: set[int] = set()
    for h in assignment.priority_order(d):
        free = [score[h, f] for f in range(d.flats.ids.size) if ok[h, f] and f not in taken]
        if h in got:
            assert score[h, got[h]] == pytest.approx(max(free), abs=1e-9)
            taken.add(got[h])
        else:
            assert not free


@PROFILE
@given(d=districts(max_households=8, max_flats=6), weights=weight_sets)
def test_rankings_and_vectorised_scores_agree_with_evaluate(d, weights):
    one_by_one = _one_by_one_scores(d, weights)
    ok = _feasible_grid(d)
    hp, fp = assignment.feasible_pairs(d)
    assert np.allclose(scoring.pair_scores(d, hp, fp, weights), one_by_one[hp, fp])
    for f, flat_id in enumerate(d.flats.ids):
        for row in assignment.rank_households(d, weights, int(flat_id), why_not=True):
            h = d.household_position(row.household_id)
            evaluation = assignment.evaluate(d, weights, row.household_id, int(flat_id))
            assert row.feasible == evaluation.feasible == bool(ok[h, f])
            assert row.score == pytest.approx(evaluation.score) == pytest.approx(one_by_one[h, f])
            assert [x.code for x in row.failed] == [x.code for x in evaluation.failed]
    for household_id in d.households.ids:
        ranking = assignment.rank_flats(d, weights, int(household_id))
        keys = [(not r.feasible, -r.score) for r in ranking]
        assert keys == sorted(keys)


@PROFILE
@given(d=districts(max_households=6, max_flats=5))
def test_every_no_has_a_german_reason(d):
    for h in range(d.households.ids.size):
        for f in range(d.flats.ids.size):
            failed, warnings = rules.explain(d, h, f)
            feasible = bool(rules.feasible(d, np.array([h]), np.array([f]))[0, 0])
            assert feasible == (not failed)
            for failure in failed + warnings:
                assert failure.title and failure.reason.endswith(".")
                assert not any(token in failure.reason for token in ("{", "}", "None", "nan", "NaT"))
                assert GERMAN_WORDS & set(failure.reason.replace(".", " ").split()), failure.reason


STARVED = {"CLASS_SIZE": 2, "CANDIDATE_CLASSES": 1, "CANDIDATES_PER_FLAT": 1, "CELLS_PER_FLAT": 1, "ADDED_PER_FLAT": 1}


@PROFILE
@given(d=districts(), weights=weight_sets, starved=st.booleans())
def test_the_fast_path_equals_the_plain_solve(d, weights, starved):
    """`propose` by kinds of households, candidates and prices: the same feasible pairs counted, the
    optimum of an independent dense solve (also from the poorest candidates, when the rounds of prices
    do all the work), and the very placements of the plain priority pass."""
    saved = {name: getattr(assignment, name) for name in (*STARVED, "MAX_ROUNDS")}
    try:
        if starved:
            for name, value in {**STARVED, "MAX_ROUNDS": 500}.items():
                setattr(assignment, name, value)
        everyone = np.arange(d.households.ids.size), np.arange(d.flats.ids.size)
        optimal = assignment._solve_fast(d, weights, "optimal", *everyone)
        priority = assignment._solve_fast(d, weights, "priority", *everyone)
    finally:
        for name, value in saved.items():
            setattr(assignment, name, value)
    assert optimal is not None and priority is not None
    ok = _feasible_grid(d)
    assert optimal[3] == priority[3] == int(ok.sum())
    benefit = np.where(ok, _one_by_one_scores(d, weights), 0.0)
    r, c = linear_sum_assignment(benefit, maximize=True)
    assert optimal[2].sum() == pytest.approx(benefit[r, c].sum(), abs=1e-5)
    hp, fp = assignment.feasible_pairs(d)
    score = scoring.pair_scores(d, hp, fp, weights)
    edges = assignment.priority_edges(d, hp, fp, score)
    assert sorted(zip(priority[0], priority[1], strict=True)) == sorted(zip(hp[edges], fp[edges], strict=True))
