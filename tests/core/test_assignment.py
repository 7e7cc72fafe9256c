"""Rankings and the global proposal: lawful (only feasible pairs), each side at most once, optimal
against an independent dense solve, priority order respected, pins and their cost, and the loader
against a real demo database."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from matcher.core import assignment, rules, scoring
from matcher.core.demo import create_demo
from matcher.core.reference import DEFAULT_WEIGHTS
from matcher.core.services import matching
from tests.core.test_rules import _random_district

W = DEFAULT_WEIGHTS
SEEDS = range(6)


def _positions(d, proposal):
    return [(d.household_position(p.household_id), d.flat_position(p.flat_id)) for p in proposal.placements]


def _dense_optimum(d) -> float:
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    h, f = np.arange(n_h), np.arange(n_f)
    benefit = np.where(rules.feasible(d, h, f), scoring.scores(d, h[:, None], f[None, :], W), 0.0)
    r, c = linear_sum_assignment(benefit, maximize=True)
    return float(benefit[r, c].sum())


@pytest.mark.parametrize("mode", assignment.MODES)
@pytest.mark.parametrize("seed", SEEDS)
def test_proposals_are_lawful_and_use_each_household_and_flat_once(seed, mode):
    d = _random_district(seed)
    proposal = assignment.propose(d, W, mode)
    pairs = _positions(d, proposal)
    assert pairs, "the random district has feasible pairs"
    assert len({h for h, _ in pairs}) == len(pairs) == len({f for _, f in pairs})
    for h, f in pairs:
        assert not rules.explain(d, h, f)[0], (h, f)
    assert proposal.total == pytest.approx(sum(p.score for p in proposal.placements))


@pytest.mark.parametrize("seed", SEEDS)
def test_optimal_total_equals_an_independent_dense_solve(seed):
    d = _random_district(seed)
    assert assignment.propose(d, W, "optimal").total == pytest.approx(_dense_optimum(d), abs=1e-5)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_sparse_solver_finds_the_same_optimum_as_the_dense_one(seed):
    d = _random_district(seed, n_h=40, n_f=15)
    hp, fp = assignment.feasible_pairs(d)
    score = scoring.scores(d, hp, fp, W)
    dense = assignment._solve_dense(hp, fp, score)
    sparse = assignment._solve_sparse(hp, fp, score)
    assert score[sparse].sum() == pytest.approx(score[dense].sum())
    assert len(set(hp[sparse])) == sparse.size and len(set(fp[sparse])) == sparse.size


@pytest.mark.parametrize("seed", SEEDS)
def test_priority_mode_never_gives_a_household_less_than_a_flat_still_free_for_it(seed):
    d = _random_district(seed)
    proposal = assignment.propose(d, W, "priority")
    got = dict(_positions(d, proposal))
    taken_before: set[int] = set()
    for h in assignment.priority_order(d):
        hp, fp = assignment.feasible_pairs(d, np.array([h]))
        scores = scoring.scores(d, hp, fp, W)
        free = [s for f, s in zip(fp, scores, strict=True) if f not in taken_before]
        if h in got:
            mine = float(scoring.scores(d, np.array([h]), np.array([got[h]]), W)[0])
            assert mine == pytest.approx(max(free))
            taken_before.add(got[h])
        else:
            assert not free


def test_priority_order_is_urgency_then_vulnerability_then_waiting_time():
    from tests.core.matching_factory import make_data

    d = make_data(
        [
            {"waiting_since": date(2024, 1, 1)},
            {"urgency": 2, "waiting_since": date(2025, 6, 1)},
            {"vulnerable": True, "waiting_since": date(2025, 1, 1)},
            {"waiting_since": date(2023, 1, 1)},
            {"urgency": 2, "waiting_since": date(2025, 1, 1)},
        ],
        [{}],
    )
    assert list(assignment.priority_order(d)) == [4, 1, 2, 3, 0]
    # one flat, five equally suited households: the most urgent, longest waiting one gets it
    assert assignment.propose(d, W, "priority").placements[0].household_id == 5
    assert assignment.propose(d, W, "optimal").placements[0].household_id == 5


@pytest.mark.parametrize("seed", range(3))
def test_rankings_agree_with_evaluate(seed):
    d = _random_district(seed)
    flat_id = int(d.flats.ids[2])
    ranking = assignment.rank_households(d, W, flat_id, why_not=True)
    assert len(ranking) == d.households.ids.size
    feasible_flags = [r.feasible for r in ranking]
    assert feasible_flags == sorted(feasible_flags, reverse=True)
    feasible_scores = [r.score for r in ranking if r.feasible]
    assert feasible_scores == sorted(feasible_scores, reverse=True)
    for row in ranking:
        e = assignment.evaluate(d, W, row.household_id, flat_id)
        assert (e.feasible, e.score) == (row.feasible, pytest.approx(row.score))
        assert [f.code for f in row.failed] == [f.code for f in e.failed]
    household_id = int(d.households.ids[1])
    for row in assignment.rank_flats(d, W, household_id):
        e = assignment.evaluate(d, W, household_id, row.flat_id)
        assert (e.feasible, e.score) == (row.feasible, pytest.approx(row.score))


def test_pins_are_kept_and_their_cost_is_reported():
    d = _random_district(2)
    free = assignment.propose(d, W, "optimal")
    chosen = free.placements[0]
    same = assignment.propose(d, W, "optimal", [(chosen.household_id, chosen.flat_id)], pin_losses=True)
    assert same.pin_losses[(chosen.household_id, chosen.flat_id)] == pytest.approx(0.0, abs=1e-5)
    # two households, each wishing for the other flat's municipality: pinning them crosswise costs fit
    from tests.core.matching_factory import make_data

    crossed = make_data([{"_preferred": [0]}, {"_preferred": [1]}], [{"muni": 0}, {"muni": 1}])
    best = assignment.propose(crossed, W, "optimal")
    assert {(p.household_id, p.flat_id) for p in best.placements} == {(1, 1), (2, 2)}
    pin = (2, 1)
    forced = assignment.propose(crossed, W, "optimal", [pin], pin_losses=True)
    assert forced.placements[0].pinned and (forced.placements[0].household_id, forced.placements[0].flat_id) == pin
    assert {(p.household_id, p.flat_id) for p in forced.placements} == {(2, 1), (1, 2)}
    # each loses the wish criterion: 2 × weight 2 / total weight 11.5
    assert forced.pin_losses[pin] == pytest.approx(best.total - forced.total) == pytest.approx(4 / 11.5)


def test_proposals_are_deterministic():
    d = _random_district(4)
    for mode in assignment.MODES:
        first, second = assignment.propose(d, W, mode), assignment.propose(d, W, mode)
        assert first.placements == second.placements


# --------------------------------------------------------------------------------------------------
# Against a real database
# --------------------------------------------------------------------------------------------------

TODAY = date(2026, 11, 24)


def test_the_demo_district_loads_ranks_and_proposes(any_db):
    create_demo(any_db, households=60, seed=5, today=TODAY)
    m = matching.load_matcher(any_db, on=TODAY)
    d = m.data
    assert d.households.ids.size > 30 and d.flats.ids.size > 20
    assert d.cap_cents[:, 1].max() > 0 and (d.households.size >= 1).all()
    proposal = m.propose("optimal")
    assert proposal.placements
    for p in proposal.placements:
        assert m.evaluate(p.household_id, p.flat_id).feasible
    flat_id = proposal.placements[0].flat_id
    ranking = m.rank_households(flat_id, why_not=True)
    assert any(r.household_id == proposal.placements[0].household_id and r.feasible for r in ranking)
    assert all(r.failed for r in ranking if not r.feasible)


def test_the_cap_look_ups_give_the_figures_of_domain_md(db):
    assert matching.cap_by_formula(db, 1, 1, "V3", TODAY).amount_cents == 41_822
    assert matching.cap_by_formula(db, 1, 1, "V1", TODAY).amount_cents == 39_710
    assert matching.cap_by_formula(db, 1, 6, "v3", TODAY).amount_cents == 80_652 + 9_548
    name, cap = matching.cap_for_municipality(db, "03454032", 4, TODAY)
    assert cap.amount_cents > 0 and "Mietenstufe" in cap.basis and name


def test_a_pin_that_breaks_a_hard_rule_is_kept_but_marked():
    from tests.core.matching_factory import make_data

    d = make_data([{"has_pets": True}, {}], [{"pets_allowed": False}])
    free = assignment.propose(d, W, "optimal")
    assert [(p.household_id, p.feasible) for p in free.placements] == [(2, True)]
    pinned = assignment.propose(d, W, "optimal", [(1, 1)])
    assert [(p.household_id, p.pinned, p.feasible) for p in pinned.placements] == [(1, True, False)]


def test_scipy_stays_out_of_program_start():
    import subprocess
    import sys

    code = "import sys, matcher.cli, matcher.core.assignment; print('scipy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("seed", range(3))
def test_priority_edges_do_not_depend_on_the_order_of_the_pairs(seed):
    d = _random_district(seed)
    hp, fp = assignment.feasible_pairs(d)
    score = scoring.scores(d, hp, fp, W)
    shuffle = np.random.default_rng(seed).permutation(hp.size)
    plain = {(hp[i], fp[i]) for i in assignment.priority_edges(d, hp, fp, score)}
    mixed = assignment.priority_edges(d, hp[shuffle], fp[shuffle], score[shuffle])
    assert {(hp[shuffle][i], fp[shuffle][i]) for i in mixed} == plain


@pytest.mark.parametrize("seed", range(3))
def test_the_dense_solver_finds_the_optimum_with_pairs_in_any_order(seed):
    d = _random_district(seed, n_h=40, n_f=15)
    hp, fp = assignment.feasible_pairs(d)
    score = scoring.scores(d, hp, fp, W)
    shuffle = np.random.default_rng(seed).permutation(hp.size)
    chosen = assignment._solve_dense(hp[shuffle], fp[shuffle], score[shuffle])
    assert score[shuffle][chosen].sum() == pytest.approx(score[assignment._solve_sparse(hp, fp, score)].sum())
    assert len(set(hp[shuffle][chosen])) == chosen.size == len(set(fp[shuffle][chosen]))


# --------------------------------------------------------------------------------------------------
# The proposal by kinds of households, candidates and prices (the fast path of `propose`)
# --------------------------------------------------------------------------------------------------


def _plain(d, mode):
    """The plain solve: every feasible pair listed and scored, then the dense or sparse solver."""
    hp, fp = assignment.feasible_pairs(d)
    score = scoring.pair_scores(d, hp, fp, W)
    pick = assignment.optimal_edges if mode == "optimal" else assignment.priority_edges
    edges = pick(d, hp, fp, score)
    return hp[edges], fp[edges], score[edges], hp.size


def _fast(d, mode):
    everyone = np.arange(d.households.ids.size), np.arange(d.flats.ids.size)
    return assignment._solve_fast(d, W, mode, *everyone)


@pytest.mark.parametrize("seed", range(8))
def test_the_fast_path_gives_the_plain_solve_s_result(seed):
    d = _random_district(seed, n_h=80, n_f=30) if seed % 2 else _random_district(seed)
    for mode in assignment.MODES:
        fast, plain = _fast(d, mode), _plain(d, mode)
        assert fast is not None
        assert fast[3] == plain[3]  # the number of feasible pairs
        if mode == "optimal":
            assert fast[2].sum() == pytest.approx(plain[2].sum(), abs=1e-9)
        else:
            assert sorted(zip(fast[0], fast[1], strict=True)) == sorted(zip(plain[0], plain[1], strict=True))
        assert np.array_equal(fast[2], scoring.scores(d, fast[0], fast[1], W))  # bit for bit


@pytest.mark.parametrize("seed", range(6))
def test_the_prices_lead_to_the_optimum_from_the_poorest_candidates(seed, monkeypatch):
    """One candidate per flat, one class cell searched and one pair added per round, classes of two:
    the rounds alone must find the optimum, and the last check proves it."""
    for name, value in (
        ("CLASS_SIZE", 2),
        ("CANDIDATE_CLASSES", 1),
        ("CANDIDATES_PER_FLAT", 1),
        ("CELLS_PER_FLAT", 1),
        ("ADDED_PER_FLAT", 1),
        ("MAX_ROUNDS", 500),
    ):
        monkeypatch.setattr(assignment, name, value)
    d = _random_district(seed, n_h=60, n_f=25)
    fast = _fast(d, "optimal")
    assert fast is not None
    assert fast[2].sum() == pytest.approx(_dense_optimum(d), abs=1e-9)
    assert len(set(fast[0])) == len(fast[0]) and len(set(fast[1])) == len(fast[1])


def test_without_a_proof_the_proposal_falls_back_to_the_plain_solve(monkeypatch):
    d = _random_district(1)
    expected = assignment.propose(d, W, "optimal")
    monkeypatch.setattr(assignment, "MAX_ROUNDS", 0)
    assert _fast(d, "optimal") is None
    fallback = assignment.propose(d, W, "optimal")
    assert fallback.total == pytest.approx(expected.total, abs=1e-9)
    assert fallback.feasible_pairs == expected.feasible_pairs


def test_the_fast_path_handles_empty_sides():
    from tests.core.matching_factory import make_data

    nobody = make_data([{"parked": True}], [{}, {}])
    nothing = make_data([{}, {}], [{"available": False}])
    for d in (nobody, nothing):
        for mode in assignment.MODES:
            proposal = assignment.propose(d, W, mode)
            assert proposal.placements == [] and proposal.feasible_pairs == 0 and proposal.total == 0


@pytest.mark.parametrize(
    "weights",
    [{name: 0.0 for name in W}, {"wishes": 3.0}, {"vacancy_cost": 1.0, "wishes": 1.0}, {"size_fit": 1.0}],
)
def test_unusual_weights_give_the_plain_solve_s_result(weights):
    """All weights zero (only the tie bonus decides), wishes alone, a flat-only criterion first."""
    d = _random_district(3, n_h=50, n_f=20)
    hp, fp = assignment.feasible_pairs(d)
    score = scoring.pair_scores(d, hp, fp, weights)
    assert np.array_equal(score, scoring.scores(d, hp, fp, weights))
    everyone = np.arange(d.households.ids.size), np.arange(d.flats.ids.size)
    for mode in assignment.MODES:
        fast = assignment._solve_fast(d, weights, mode, *everyone)
        assert fast is not None
        pick = assignment.optimal_edges if mode == "optimal" else assignment.priority_edges
        edges = pick(d, hp, fp, score)
        bonus = assignment._tie_bonus
        assert fast[2].sum() + bonus(d, fast[0]).sum() == pytest.approx(
            score[edges].sum() + bonus(d, hp[edges]).sum(), abs=1e-12
        )
        assert assignment.propose(d, weights, mode).feasible_pairs == hp.size


class _Stop(Exception):
    pass


@pytest.mark.parametrize("mode", assignment.MODES)
def test_a_check_between_steps_can_stop_the_proposal(mode):
    """The window's "Abbrechen": propose calls `check` between its steps, and an exception from it ends
    the work instead of waiting for the whole solve."""
    d = _random_district(3, n_h=40, n_f=20)
    calls: list[int] = []
    assignment.propose(d, W, mode, check=lambda: calls.append(1))
    assert calls, "propose never asked whether to stop"

    def stop() -> None:
        raise _Stop

    with pytest.raises(_Stop):
        assignment.propose(d, W, mode, check=stop)
