"""Rankings and the global placement proposal for a district.

- `evaluate`: one pair — feasible or not, the failed rules, warnings, the score and its breakdown.
- `rank_households` / `rank_flats`: one flat → households, one household → flats, best first.
- `propose`: the set of placements for the whole district, in one of two modes the office chooses:
  "optimal" maximises the total score (a maximum-weight bipartite matching), "priority" lets households
  in order of urgency, vulnerability and waiting time each take their best remaining flat. Pinned
  placements (already decided by a caseworker) are kept; the loss in total fit of each pin is reported
  so the office sees what an override costs.

How `propose` stays fast up to a whole Land (docs/decisions/0008-matcher-at-scale.md): households are
grouped into classes that the class rules and criteria see alike (`_District`), so rules and scores are
computed per class × flat and the per-household parts (wishes, place rules, dates, declined pairs) are
cheap corrections; no list of all feasible pairs is built. The optimal mode solves SciPy's sparse
`min_weight_full_bipartite_matching` on a few candidate pairs per flat, computes dual prices for that
solution and checks every feasible pair against them (class bounds first, pair by pair only where a
bound comes close): pairs that beat the prices join the candidates and the solve repeats, so the result
is proven optimal over all feasible pairs, not approximately. Where that path does not apply or finds
no proof, the plain path (`feasible_pairs`, `scoring.pair_scores`, `optimal_edges` with SciPy's dense
`linear_sum_assignment` or the sparse solver) gives the same answer, only slower.

Tie-breaking is deterministic: in the optimal mode a tiny bonus (`TIE_BONUS` × priority rank) prefers
higher-priority households among equally good solutions; otherwise lower ids win. SciPy is imported on
first use, not at program start. Pure: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from matcher.core import rules, scoring
from matcher.core.matching_data import Bools, Floats, Ints, MatchingData

Mode = Literal["optimal", "priority"]
MODES: tuple[Mode, ...] = ("optimal", "priority")
TIE_BONUS = 1e-7
"""Per unit of normalised priority; far below any score difference a person could see."""
GRID_CELLS = 4_000_000
"""Households × flats evaluated per block while filtering: bounds the memory of the masks."""
DENSE_CELLS = 40_000_000
"""Up to this many households × flats (320 MB of float64) the dense solver is used; above it the sparse
one. Measured on 9,628 × 1,407 (5.3 M feasible pairs): dense 0.6 s, sparse 2.0 s, same optimum."""


@dataclass(frozen=True)
class Evaluation:
    household_id: int
    flat_id: int
    feasible: bool
    failed: list[rules.Failure]
    warnings: list[rules.Failure]
    score: float
    breakdown: list[scoring.CriterionResult]


@dataclass(frozen=True)
class Ranked:
    household_id: int
    flat_id: int
    score: float
    feasible: bool
    failed: list[rules.Failure] = field(default_factory=list)


@dataclass(frozen=True)
class Placement:
    household_id: int
    flat_id: int
    score: float
    pinned: bool = False
    feasible: bool = True
    """False only for a pin that breaks a hard rule: the caseworker's decision, shown as such."""


@dataclass(frozen=True)
class Proposal:
    mode: Mode
    placements: list[Placement]
    total: float
    feasible_pairs: int
    pin_losses: dict[tuple[int, int], float] = field(default_factory=dict)
    """(household id, flat id) of each pin → total fit lost compared with the proposal without it."""


def _one(value: int) -> Ints:
    return np.array([value], dtype=np.int64)


# --------------------------------------------------------------------------------------------------
# One pair, one flat, one household
# --------------------------------------------------------------------------------------------------


def evaluate(d: MatchingData, weights: Mapping[str, float], household_id: int, flat_id: int) -> Evaluation:
    """Everything about one pair, by database ids."""
    h, f = d.household_position(household_id), d.flat_position(flat_id)
    failed, warnings = rules.explain(d, h, f)
    breakdown = scoring.breakdown(d, h, f, weights)
    score = float(scoring.scores(d, _one(h), _one(f), weights)[0])
    return Evaluation(household_id, flat_id, not failed, failed, warnings, score, breakdown)


def priority_order(d: MatchingData, h: Ints | None = None) -> Ints:
    """Household positions by urgency, vulnerability, waiting since (earliest first), then id."""
    hh = d.households
    h = np.arange(hh.ids.size) if h is None else h
    keys = (hh.ids[h], hh.waiting_since[h], ~hh.vulnerable[h], -hh.urgency[h])
    return h[np.lexsort(keys)]


def rank_household_positions(d: MatchingData, weights: Mapping[str, float], f: int) -> tuple[Ints, Floats, Bools]:
    """Array form of `rank_households` (the fast path): positions, scores and feasibility, best first;
    ties go to the household with the higher priority."""
    h = np.arange(d.households.ids.size)
    ok = rules.feasible(d, h, _one(f))[:, 0]
    score = scoring.scores(d, h, _one(f), weights)
    prio = np.empty_like(h)
    prio[priority_order(d)] = np.arange(h.size)
    order = np.lexsort((prio, -score, ~ok))
    return h[order], score[order], ok[order]


def rank_households(
    d: MatchingData, weights: Mapping[str, float], flat_id: int, *, why_not: bool = False
) -> list[Ranked]:
    """All open households for one flat: feasible ones first, best score first; with `why_not` the
    infeasible ones carry their failed rules."""
    f = d.flat_position(flat_id)
    positions, score, ok = rank_household_positions(d, weights, f)
    return [_ranked(d, int(h), f, float(s), bool(k), why_not) for h, s, k in zip(positions, score, ok, strict=True)]


def rank_flats(
    d: MatchingData, weights: Mapping[str, float], household_id: int, *, why_not: bool = False
) -> list[Ranked]:
    """All flats of the district for one household, feasible ones first, best score first."""
    h = d.household_position(household_id)
    f = np.arange(d.flats.ids.size)
    ok = rules.feasible(d, _one(h), f)[0]
    score = scoring.scores(d, _one(h), f, weights)
    order = np.lexsort((d.flats.ids, -score, ~ok))
    return [_ranked(d, h, int(i), float(score[i]), bool(ok[i]), why_not) for i in order]


def _ranked(d: MatchingData, h: int, f: int, score: float, ok: bool, why_not: bool) -> Ranked:
    failed = rules.explain(d, h, f)[0] if why_not and not ok else []
    return Ranked(int(d.households.ids[h]), int(d.flats.ids[f]), score, ok, failed)


# --------------------------------------------------------------------------------------------------
# Feasible pairs of a district
# --------------------------------------------------------------------------------------------------


def feasible_pairs(d: MatchingData, h: Ints | None = None, f: Ints | None = None) -> tuple[Ints, Ints]:
    """Positions of all feasible pairs among `h` × `f` (default: everyone), in household-then-flat
    order; evaluated in blocks so the masks of a whole Land fit in memory."""
    h = np.arange(d.households.ids.size) if h is None else h
    f = np.arange(d.flats.ids.size) if f is None else f
    # Rules of one side alone first: they shrink the grid before any pair is looked at.
    h, f = h[~d.households.parked[h]], f[d.flats.available[f]]
    if h.size == 0 or f.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    step = max(1, GRID_CELLS // f.size)
    rows, cols = [], []
    for start in range(0, h.size, step):
        block = h[start : start + step]
        r, c = np.divmod(np.flatnonzero(rules.feasible(d, block, f)), f.size)  # faster than np.nonzero
        rows.append(block[r])
        cols.append(f[c])
    return np.concatenate(rows), np.concatenate(cols)


# --------------------------------------------------------------------------------------------------
# The global proposal
# --------------------------------------------------------------------------------------------------


def _tie_bonus(d: MatchingData, h: Ints) -> Floats:
    """Higher for higher-priority households, in [0, TIE_BONUS]."""
    n = d.households.ids.size
    rank = np.empty(n, dtype=np.float64)
    rank[priority_order(d)] = np.arange(n)[::-1]
    return TIE_BONUS * rank[h] / max(n - 1, 1)


def _edge_index(a_of: Ints, b_of: Ints, width: int, a: Ints, b: Ints) -> Ints:
    """Positions of the edges (a, b) among the edges (a_of, b_of), by a sorted key search (no sort
    when the edges already come in row-then-column order, as `feasible_pairs` delivers them)."""
    keys = a_of * width + b_of
    if keys.size < 2 or bool((keys[1:] > keys[:-1]).all()):
        return np.searchsorted(keys, a * width + b)
    order = np.argsort(keys, kind="stable")
    return order[np.searchsorted(keys[order], a * width + b)]


def _compact(positions: Ints) -> tuple[Ints, Ints]:
    """Like `np.unique(positions, return_inverse=True)` for non-negative positions, without a sort."""
    present = np.zeros(int(positions.max()) + 1, dtype=np.bool_)
    present[positions] = True
    ids = np.flatnonzero(present)
    index = np.zeros(present.size, dtype=np.int64)
    index[ids] = np.arange(ids.size)
    return ids, index[positions]


def _solve_dense(hp: Ints, fp: Ints, weight: Floats) -> Ints:
    """Maximum-weight matching on the dense benefit matrix (0 = no edge; all real weights are > 0)."""
    from scipy.optimize import linear_sum_assignment

    rows, row_of = _compact(hp)
    cols, col_of = _compact(fp)
    benefit = np.zeros((rows.size, cols.size))
    benefit[row_of, col_of] = weight
    r, c = linear_sum_assignment(benefit, maximize=True)
    chosen = benefit[r, c] > 0
    return _edge_index(row_of, col_of, cols.size, r[chosen], c[chosen])


def _solve_sparse(hp: Ints, fp: Ints, weight: Floats) -> Ints:
    """Maximum-weight matching as a minimum-weight full matching: every item of the smaller side gets
    a private dummy partner at cost 2 (= unmatched); real edges cost 2 − weight (< 2, > 0)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    a_ids, a_of = _compact(hp)
    b_ids, b_of = _compact(fp)
    if a_ids.size > b_ids.size:
        a_ids, a_of, b_ids, b_of = b_ids, b_of, a_ids, a_of
    n, m = a_ids.size, b_ids.size
    dummy = np.arange(n)
    rows = np.concatenate([a_of, dummy])
    cols = np.concatenate([b_of, m + dummy])
    cost = np.concatenate([2.0 - weight, np.full(n, 2.0)])
    graph = coo_matrix((cost, (rows, cols)), shape=(n, m + n)).tocsr()
    _, matched_col = min_weight_full_bipartite_matching(graph)
    real = matched_col < m
    return _edge_index(a_of, b_of, m, np.flatnonzero(real), matched_col[real])


def optimal_edges(d: MatchingData, hp: Ints, fp: Ints, score: Floats) -> Ints:
    """Indices of the chosen pairs among (hp, fp) maximising the total score."""
    if hp.size == 0:
        return np.zeros(0, dtype=np.int64)
    weight = score + _tie_bonus(d, hp)
    cells = _compact(hp)[0].size * _compact(fp)[0].size
    solver = _solve_dense if cells <= DENSE_CELLS else _solve_sparse
    return np.sort(solver(hp, fp, weight))


def priority_edges(d: MatchingData, hp: Ints, fp: Ints, score: Floats) -> Ints:
    """Households in priority order each take their best remaining flat (ties: lower flat position).

    One pass over the households without sorting the pairs: each household's pairs are a contiguous
    run (pairs come household-then-flat, as `feasible_pairs` gives them; otherwise they are sorted so
    once), and its best free flat is the first maximum of its scores with taken flats masked out. Stops
    as soon as every flat of the pairs is taken."""
    if hp.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = None
    if not bool((hp[1:] >= hp[:-1]).all()) or not bool(((fp[1:] > fp[:-1]) | (hp[1:] != hp[:-1])).all()):
        order = np.lexsort((fp, hp))
        hp, fp, score = hp[order], fp[order], score[order]
    starts = np.searchsorted(hp, np.arange(d.households.ids.size + 1))
    taken = np.zeros(d.flats.ids.size, dtype=np.bool_)
    free_left = _compact(fp)[0].size
    chosen = []
    for h in priority_order(d, _compact(hp)[0]):
        lo, hi = starts[h], starts[h + 1]
        candidates = fp[lo:hi]
        value = np.where(taken[candidates], -np.inf, score[lo:hi])
        best = int(np.argmax(value))
        if value[best] > -np.inf:
            taken[candidates[best]] = True
            chosen.append(lo + best)
            free_left -= 1
            if free_left == 0:
                break
    edges = np.array(chosen, dtype=np.int64)
    return np.sort(edges if order is None else order[edges])


# --------------------------------------------------------------------------------------------------
# The proposal at district and Land scale: kinds of households, candidates, a certificate
# --------------------------------------------------------------------------------------------------

CLASS_SIZE = 32
"""Households per class at most (a larger kind is cut into classes in priority order): keeps the class
bounds tight and the expansion of one class × flat cell cheap."""
CANDIDATE_CLASSES = 16
"""Per flat, the members of this many classes with the best bounds are looked at first ..."""
CANDIDATES_PER_FLAT = 128
"""... and the best this many of them become its first candidate edges."""
CELLS_PER_FLAT = 64
"""Per flat and round, at most this many class cells are searched for improving pairs while some are
still found (a last, complete search proves that none is left)."""
ADDED_PER_FLAT = 64
"""Per flat and round, at most this many pairs that beat the prices join the candidates (the most
improving first); the rounds go on until none is left, so this bounds the work, not the result."""
TOLERANCE = 1e-12
"""A pair counts as improving the proposal only if it beats its dual bound by more than this: the
resolution of a district's float total (about 1,000), far below any visible difference."""
SLACK = 1e-14
"""Taken off every non-matching edge when the dual prices are computed, so that rounding can never make
a zero-gain cycle look like a gain."""
MARGIN = 1e-10
"""Class × flat cells whose bound comes this close to the flat's price are checked pair by pair."""
MAX_ROUNDS = 50
"""Rounds of solving and pricing before giving up for the plain path (the demo data need two; every
round adds pairs, so the rounds end by themselves, this only bounds a pathological case)."""
BLOCK_CELLS = 4_000_000
"""Classes × flats (or households × flats) evaluated at once: bounds the memory of the temporaries."""
PRIORITY_BLOCK = 256


@dataclass
class _District:
    """The free households (`rows`) and flats (`cols`) of one proposal, taken apart for speed.

    Feasibility of row i and col j is `ok_rule[rule_of[cls[i]], j] & ok_place[i, place[j]]` and the
    pair rules (dates, declined and excluded pairs); the score comes from `parts`. Rows are grouped by
    class (`starts`), each class in priority order: households of one class see every flat through the
    same rules and class criteria and differ only in their wishes, place rules, dates and priority."""

    d: MatchingData
    rows: Ints
    cols: Ints
    cls: Ints
    starts: Ints
    rule_of: Ints
    score_of: Ints
    ok_rule: Bools
    ok_place: Bools
    place: Ints
    parts: scoring.ScoreParts
    bonus: Floats
    pair_codes: list[str]
    listed: Ints
    base: Floats | None = None
    """Cols × classes: all class criteria summed, divided by the total weight; −inf where the class's
    rules fail. Made on first use (the bounds need it, the priority mode does not)."""

    def pair_values(self, i: Ints, j: Ints) -> tuple[Bools, Floats]:
        """Feasibility and score of the 1-D pairs (row i, col j), the scores bit for bit as `scores`."""
        c = self.cls[i]
        ok = self.ok_rule[self.rule_of[c], j] & self.ok_place[i, self.place[j]]
        if self.pair_codes and i.size:
            ok &= ~rules.pair_failures(self.d, self.rows[i], self.cols[j], self.pair_codes, self.listed)
        p, s = self.parts, self.parts.score_class[i]
        x = p.prefix[s, j]
        if p.wish is not None:
            x = x + p.wish[i, self.place[j]]
        for table in p.suffix:
            x = x + table[s, j]
        return ok, x / p.total_weight

    def block_values(self, i: Ints) -> tuple[Bools, Floats]:
        """Feasibility and scores of rows `i` × all cols, as a dense block."""
        c = self.cls[i]
        ok = self.ok_rule[self.rule_of[c]] & self.ok_place[i][:, self.place]
        d = self.d
        if "available_too_late" in self.pair_codes:
            ok &= d.flats.available_from[self.cols][None, :] <= d.households.needed_from[self.rows[i]][:, None]
        for code, pairs in (("declined_before", d.declined), ("pair_excluded", d.pair_excluded)):
            if code in self.pair_codes and pairs.size:
                ok &= ~rules.pairs_on_grid(pairs, self.rows[i], self.cols, d.households.ids.size, d.flats.ids.size)
        p, s = self.parts, self.parts.score_class[i]
        x = p.prefix[s]
        if p.wish is not None:
            x = x + p.wish[i][:, self.place]
        for table in p.suffix:
            x = x + table[s]
        return ok, x / p.total_weight

    def members(self, c: Ints, j: Ints) -> tuple[Ints, Ints]:
        """All (row, col) pairs of the class × col cells (c, j)."""
        size = self.starts[c + 1] - self.starts[c]
        first = np.cumsum(size) - size
        i = np.repeat(self.starts[c] - first, size) + np.arange(int(size.sum()))
        return i, np.repeat(j, size)

    def bounds(self, extra: Floats) -> Iterable[tuple[Ints, Floats]]:
        """Per block of cols: an upper bound (cols × classes) of score + `extra[row]` over each class's
        members, −inf where the class's rules fail (dates and pair rules are left out: still a bound)."""
        p = self.parts
        if self.base is None:
            full = np.ascontiguousarray(((p.prefix + sum(p.suffix, np.zeros_like(p.prefix))) / p.total_weight).T)
            ok = np.ascontiguousarray(self.ok_rule.T)
            self.base = np.where(np.take(ok, self.rule_of, axis=1), np.take(full, self.score_of, axis=1), -np.inf)
        term = extra[:, None] + (0.0 if p.wish is None else p.wish / p.total_weight)
        term = np.where(self.ok_place, term, -np.inf)
        best = np.maximum.reduceat(term, self.starts[:-1], axis=0).T.copy() if term.size else term.T[:, :0]
        step = max(1, BLOCK_CELLS // max(self.starts.size - 1, 1))
        for lo in range(0, self.cols.size, step):
            hi = min(lo + step, self.cols.size)
            yield np.arange(lo, hi), self.base[lo:hi] + best[self.place[lo:hi]]


def _district(d: MatchingData, weights: Mapping[str, float], h: Ints, f: Ints) -> _District | None:
    """The model of a proposal among households `h` and flats `f`; None where the fast path cannot
    reproduce the scores (a criterion of neither kind)."""
    hh = d.households
    h, f = h[~hh.parked[h]], f[d.flats.available[f]]
    codes = rules.blocking_codes(d)
    places = np.stack([d.flats.muni[f], d.flats.ags[f]], axis=1)
    if f.size:
        _, first, place = np.unique(places, axis=0, return_index=True, return_inverse=True)
    else:
        first, place = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    place_flats = f[first]
    parts = scoring.score_parts(d, h, f, place_flats, weights)
    if parts is None:
        return None
    class_codes = [code for code in codes if code in rules.HOUSEHOLD_INPUTS]
    fields = sorted({name for code in class_codes for name in rules.HOUSEHOLD_INPUTS[code]})
    rule_key = np.stack([getattr(hh, name)[h].astype(np.int64) for name in fields] + [np.zeros(h.size, np.int64)], 1)
    rule_rep, rule_cls = scoring.row_classes(rule_key)
    fails = np.zeros((rule_rep.size, f.size), dtype=np.bool_)
    for code in class_codes:
        fails |= rules.CHECKS[code](d, h[rule_rep], f)
    ok_place = np.ones((h.size, place_flats.size), dtype=np.bool_)
    for code in codes:
        if code in rules.PLACE_RULES:
            ok_place &= ~rules.CHECKS[code](d, h, place_flats)
    wishy = (d.preferred.any(axis=1) | np.isfinite(d.relatives_km).any(axis=1))[h] | ~ok_place.all(axis=1)
    bonus = _tie_bonus(d, h)
    n_score = int(parts.score_class.max(initial=-1)) + 1
    kind = (rule_cls * max(n_score, 1) + parts.score_class) * 2 + wishy
    order = np.lexsort((-bonus, kind))
    kind = kind[order]
    new_kind = np.ones(h.size, dtype=np.bool_)
    new_kind[1:] = kind[1:] != kind[:-1]
    kind_start = np.maximum.accumulate(np.where(new_kind, np.arange(h.size), 0))
    new_class = new_kind | ((np.arange(h.size) - kind_start) % CLASS_SIZE == 0)
    starts = np.append(np.flatnonzero(new_class), h.size)
    cls = np.cumsum(new_class) - 1
    score_class = parts.score_class[order]
    parts.score_class = score_class
    if parts.wish is not None:
        parts.wish = parts.wish[order]
    return _District(
        d=d,
        rows=h[order],
        cols=f,
        cls=cls,
        starts=starts,
        rule_of=rule_cls[order][starts[:-1]],
        score_of=score_class[starts[:-1]],
        ok_rule=~fails,
        ok_place=ok_place[order],
        place=place.reshape(-1),
        parts=parts,
        bonus=bonus[order],
        pair_codes=[code for code in codes if code in rules.PAIR_RULES],
        listed=rules.pair_keys(np.concatenate([d.declined, d.pair_excluded]), d.flats.ids.size),
    )


def _feasible_counts(m: _District) -> Ints:
    """Feasible households per col, counted by rule class, place and needed date (no pair is listed)."""
    d = m.d
    need = d.households.needed_from[m.rows]
    dates = np.unique(need)
    rank = np.searchsorted(dates, need)
    if "available_too_late" in m.pair_codes:
        threshold = np.searchsorted(dates, d.flats.available_from[m.cols])
    else:
        threshold = np.zeros(m.cols.size, dtype=np.int64)
    rule_row = m.rule_of[m.cls]
    n_rule, width = m.ok_rule.shape[0], dates.size + 1
    counts = np.zeros(m.cols.size, dtype=np.int64)
    for p in range(m.ok_place.shape[1]):
        j = np.flatnonzero(m.place == p)
        here = m.ok_place[:, p]
        hist = np.bincount(rule_row[here] * width + rank[here], minlength=n_rule * width).reshape(n_rule, width)
        at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]
        counts[j] = (m.ok_rule[:, j] * at_least[:, threshold[j]]).sum(axis=0)
    listed = [pairs for code, pairs in (("declined_before", d.declined), ("pair_excluded", d.pair_excluded))]
    keys = rules.pair_keys(np.concatenate(listed), d.flats.ids.size)
    if keys.size and m.rows.size and m.cols.size:
        row_of = np.full(d.households.ids.size, -1)
        col_of = np.full(d.flats.ids.size, -1)
        row_of[m.rows], col_of[m.cols] = np.arange(m.rows.size), np.arange(m.cols.size)
        i, j = row_of[keys // d.flats.ids.size], col_of[keys % d.flats.ids.size]
        keep = (i >= 0) & (j >= 0)
        i, j = i[keep], j[keep]
        other = [code for code in m.pair_codes if code == "available_too_late"]
        ok = m.ok_rule[m.rule_of[m.cls[i]], j] & m.ok_place[i, m.place[j]]
        ok &= ~rules.pair_failures(d, m.rows[i], m.cols[j], other, np.zeros(0, dtype=np.int64))
        np.subtract.at(counts, j[ok], 1)
    return counts


def _best_per_col(i: Ints, j: Ints, value: Floats, keep: int) -> Bools:
    """Mask of the `keep` largest values of each col (ties: the earlier pair first)."""
    if i.size == 0 or np.bincount(j).max() <= keep:
        return np.ones(i.size, dtype=np.bool_)
    order = np.lexsort((-value, j))
    sorted_j = j[order]
    first = np.searchsorted(sorted_j, sorted_j, side="left")
    mask = np.zeros(i.size, dtype=np.bool_)
    mask[order[np.arange(i.size) - first < keep]] = True
    return mask


def _unique_edges(m: _District, i: Ints, j: Ints, w: Floats) -> tuple[Ints, Ints, Floats]:
    key = i * m.cols.size + j
    _, first = np.unique(key, return_index=True)
    return i[first], j[first], w[first]


def _candidates(m: _District) -> tuple[Ints, Ints, Floats]:
    """First candidate edges: per flat, all members of the classes with the best bounds."""
    found_i, found_j, found_w = [], [], []
    for j, bound in m.bounds(m.bonus):
        top = min(CANDIDATE_CLASSES, bound.shape[1])
        if top == 0:
            continue
        best = np.argpartition(-bound.astype(np.float32), top - 1, axis=1)[:, :top]  # a heuristic: float32 will do
        cells_j = np.broadcast_to(j[:, None], best.shape)
        real = np.take_along_axis(bound, best, axis=1) > -np.inf
        i, jj = m.members(best[real], cells_j[real])
        ok, score = m.pair_values(i, jj)
        i, jj, weight = i[ok], jj[ok], score[ok] + m.bonus[i[ok]]
        keep = _best_per_col(i, jj, weight, CANDIDATES_PER_FLAT)
        found_i.append(i[keep])
        found_j.append(jj[keep])
        found_w.append(weight[keep])
    if not found_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_w)  # distinct cells: no repeats


def _match(n_cols: int, i: Ints, j: Ints, w: Floats) -> Ints:
    """Maximum-weight matching of the candidate edges: the row matched to each col, −1 if none.
    SciPy matches every flat (col) in full, so each gets a private dummy household at cost 2 (= stays
    empty); a real edge costs 2 − weight (weights lie in [0, 1 + TIE_BONUS], so costs stay positive)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    mate = np.full(n_cols, -1, dtype=np.int64)
    if i.size == 0:
        return mate
    rows, row_of = _compact(i)
    k = rows.size
    dummy = np.arange(n_cols)
    graph = csr_matrix(
        (
            np.concatenate([2.0 - w, np.full(n_cols, 2.0)]),
            (np.concatenate([j, dummy]), np.concatenate([row_of, k + dummy])),
        ),
        shape=(n_cols, k + n_cols),
    )
    _, matched = min_weight_full_bipartite_matching(graph)
    real = matched < k
    mate[real] = rows[matched[real]]
    return mate


def _duals(m: _District, i: Ints, j: Ints, w: Floats, mate: Ints) -> tuple[Floats, Floats] | None:
    """Dual prices proving the matching optimal among the candidate edges: the least `v` (per row)
    with v[i] + u[j] ≥ w for every candidate edge, u[j] = w(mate, j) − v[mate] for matched cols and 0
    for the others (Bellman–Ford on the alternating paths, vectorised). None if the matching is not
    optimal among its candidates (cannot happen but for a solver fault)."""
    matched_w = np.zeros(m.cols.size)
    tight = mate[j] == i
    matched_w[j[tight]] = w[tight]
    loose = ~tight
    ei, ej, ew = i[loose], j[loose], w[loose]
    source = mate[ej]
    gain = np.where(source >= 0, ew - matched_w[ej], ew) - SLACK
    order = np.argsort(ei, kind="stable")
    ei, source, gain = ei[order], source[order], gain[order]
    targets, first = np.unique(ei, return_index=True)
    from_root = source < 0
    src = np.where(from_root, 0, source)
    v = np.zeros(m.rows.size)
    for _ in range(int((mate >= 0).sum()) + 2):
        reach = np.where(from_root, 0.0, v[src]) + gain
        best = np.maximum.reduceat(reach, first) if reach.size else reach
        grown = best > v[targets]
        if not grown.any():
            break
        v[targets[grown]] = best[grown]
    else:
        return None
    matched = mate >= 0
    u = np.zeros(m.cols.size)
    u[matched] = matched_w[matched] - v[mate[matched]]
    free = np.ones(m.rows.size, dtype=np.bool_)
    free[mate[matched]] = False
    if (v[free] > TOLERANCE).any() or (u < -TOLERANCE).any():
        return None
    return u, v


def _violations(m: _District, u: Floats, v: Floats, cap: int | None) -> tuple[Ints, Ints, Floats, bool]:
    """Feasible pairs with w > v[row] + u[col] + TOLERANCE: class bounds first, then the members of the
    cells whose bound comes close — per flat only the `cap` closest cells when `cap` is given. The flag
    says whether every close cell was looked at (only then does "none found" prove the optimum)."""
    found_i, found_j, found_w = [], [], []
    complete = True
    for j, bound in m.bounds(m.bonus - v):
        excess = bound - u[j][:, None]
        close = excess > TOLERANCE - MARGIN
        if cap is not None:
            crowded = np.flatnonzero(close.sum(axis=1) > cap)
            if crowded.size:
                complete = False
                top = np.argpartition(-excess[crowded], cap - 1, axis=1)[:, :cap]
                close[crowded] = False
                close[crowded[:, None], top] = True
        at, c = np.nonzero(close)
        if c.size == 0:
            continue
        i, jj = m.members(c, j[at])
        ok, score = m.pair_values(i, jj)
        weight = score + m.bonus[i]
        gain = weight - v[i] - u[jj]
        bad = ok & (gain > TOLERANCE)
        i, jj, weight, gain = i[bad], jj[bad], weight[bad], gain[bad]
        keep = _best_per_col(i, jj, gain, ADDED_PER_FLAT)
        found_i.append(i[keep])
        found_j.append(jj[keep])
        found_w.append(weight[keep])
    if not found_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), complete
    return np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_w), complete


def _no_check() -> None:
    """The default `check`: nothing asks to stop."""


def _optimal_pairs(m: _District, check: Callable[[], None] = _no_check) -> tuple[Ints, Ints] | None:
    """(row, col) of a maximum-weight matching over all feasible pairs, or None (then the caller falls
    back to the plain solve): solve among candidates, price, check every pair against the prices, add
    the pairs that beat them, repeat until a complete check finds none."""
    i, j, w = _candidates(m)
    for _ in range(MAX_ROUNDS):
        check()
        mate = _match(m.cols.size, i, j, w)
        prices = _duals(m, i, j, w, mate)
        if prices is None:
            return None
        bad_i, bad_j, bad_w, complete = _violations(m, *prices, CELLS_PER_FLAT)
        if bad_i.size == 0 and not complete:
            bad_i, bad_j, bad_w, complete = _violations(m, *prices, None)
        if bad_i.size == 0:
            cols = np.flatnonzero(mate >= 0)
            return mate[cols], cols
        i, j, w = _unique_edges(m, np.concatenate([i, bad_i]), np.concatenate([j, bad_j]), np.concatenate([w, bad_w]))
    return None


def _priority_pairs(m: _District, counts: Ints, check: Callable[[], None] = _no_check) -> tuple[Ints, Ints]:
    """Households in priority order each take their best remaining flat (ties: lower flat position),
    on dense blocks of rows; stops when every flat that anyone could take is taken."""
    d = m.d
    row_of = np.full(d.households.ids.size, -1)
    row_of[m.rows] = np.arange(m.rows.size)
    order = row_of[priority_order(d, m.rows)]
    taken = counts == 0
    free_left = int((~taken).sum())
    got_i: list[int] = []
    got_j: list[int] = []
    for lo in range(0, order.size, PRIORITY_BLOCK):
        if free_left == 0:
            break
        check()
        block = order[lo : lo + PRIORITY_BLOCK]
        ok, score = m.block_values(block)
        value = np.where(ok & ~taken[None, :], score, -np.inf)
        for k in range(block.size):
            best = int(np.argmax(value[k]))
            if value[k, best] == -np.inf:
                continue
            got_i.append(int(block[k]))
            got_j.append(best)
            taken[best] = True
            value[k + 1 :, best] = -np.inf
            free_left -= 1
            if free_left == 0:
                break
    return np.array(got_i, dtype=np.int64), np.array(got_j, dtype=np.int64)


def _solve_fast(
    d: MatchingData,
    weights: Mapping[str, float],
    mode: Mode,
    free_h: Ints,
    free_f: Ints,
    check: Callable[[], None] = _no_check,
) -> tuple[Ints, Ints, Floats, int] | None:
    """Chosen (household, flat) positions with their scores, and the number of feasible pairs; None
    where the fast path does not apply."""
    m = _district(d, weights, free_h, free_f)
    if m is None:
        return None
    counts = _feasible_counts(m)
    check()
    found = _optimal_pairs(m, check) if mode == "optimal" else _priority_pairs(m, counts, check)
    if found is None:
        return None
    i, j = found
    ok, score = m.pair_values(i, j)
    if not ok.all():
        return None
    order = np.argsort(m.rows[i], kind="stable")
    return m.rows[i][order], m.cols[j][order], score[order], int(counts.sum())


def _solve(
    d: MatchingData,
    weights: Mapping[str, float],
    mode: Mode,
    pins: Sequence[tuple[int, int]],
    check: Callable[[], None] = _no_check,
) -> tuple[list[Placement], int]:
    """Pins first, then the chosen pairs among the rest; also the number of feasible pairs considered."""
    pin_h = np.array([d.household_position(h) for h, _ in pins], dtype=np.int64)
    pin_f = np.array([d.flat_position(f) for _, f in pins], dtype=np.int64)
    free_h = np.setdiff1d(np.arange(d.households.ids.size), pin_h)
    free_f = np.setdiff1d(np.arange(d.flats.ids.size), pin_f)
    fast = _solve_fast(d, weights, mode, free_h, free_f, check)
    if fast is not None:
        hp, fp, score, pairs = fast
        edges = np.arange(hp.size)
    else:
        check()
        hp, fp = feasible_pairs(d, free_h, free_f)
        score = scoring.pair_scores(d, hp, fp, weights)
        check()
        pick = optimal_edges if mode == "optimal" else priority_edges
        edges, pairs = pick(d, hp, fp, score), int(hp.size)
    placements = [
        Placement(int(d.households.ids[h]), int(d.flats.ids[f]), float(s), True, bool(ok))
        for h, f, s, ok in zip(
            pin_h, pin_f, scoring.scores(d, pin_h, pin_f, weights), _pairwise_feasible(d, pin_h, pin_f), strict=True
        )
    ]
    placements += [Placement(int(d.households.ids[hp[i]]), int(d.flats.ids[fp[i]]), float(score[i])) for i in edges]
    return placements, pairs


def _pairwise_feasible(d: MatchingData, h: Ints, f: Ints) -> list[bool]:
    return [bool(rules.feasible(d, _one(int(a)), _one(int(b)))[0, 0]) for a, b in zip(h, f, strict=True)]


def _check_pins(d: MatchingData, pins: Sequence[tuple[int, int]]) -> None:
    households = [h for h, _ in pins]
    flats = [f for _, f in pins]
    if len(set(households)) < len(households) or len(set(flats)) < len(flats):
        raise ValueError("Jeder Haushalt und jede Wohnung darf nur einmal festgelegt werden.")


def propose(
    d: MatchingData,
    weights: Mapping[str, float],
    mode: Mode = "optimal",
    pins: Iterable[tuple[int, int]] = (),
    *,
    pin_losses: bool = False,
    check: Callable[[], None] = _no_check,
) -> Proposal:
    """Placements for the district. `pins` are (household id, flat id) a caseworker has decided; with
    `pin_losses` each pin's cost is measured against the proposal without that pin. `check` is called
    between the steps of the work and may raise to stop it (the window's "Abbrechen")."""
    if mode not in MODES:
        raise ValueError(f"Unbekannter Modus „{mode}“. Möglich: optimal, priority.")
    pin_list = list(pins)
    _check_pins(d, pin_list)
    placements, pairs = _solve(d, weights, mode, pin_list, check)
    total = sum(p.score for p in placements)
    losses: dict[tuple[int, int], float] = {}
    if pin_losses:
        for pin in pin_list:
            others = [p for p in pin_list if p != pin]
            losses[pin] = sum(p.score for p in _solve(d, weights, mode, others, check)[0]) - total
    return Proposal(mode, placements, total, pairs, losses)
