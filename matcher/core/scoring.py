"""Soft criteria of the matcher: how good is a feasible placement, and why?

Each criterion gives a value from 0 (poor) to 1 (ideal) per pair; the score is the weighted mean with
the office's weights (`settings.get_weights`). The functions take household and flat positions as any
two broadcastable integer arrays: 1-D pairs (`h`, `f` of equal length) for the feasible pairs of a whole
district, or `h[:, None]`, `f[None, :]` for a grid — one code path, so the ranking, the global proposal
and the single-pair breakdown always agree. Urgency and waiting time are not here: they rank households
against each other (assignment.py), they are no property of a pair. Pure: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from matcher.core.formatting import euros
from matcher.core.matching_data import FACILITIES, Floats, Ints, MatchingData
from matcher.core.reference import WEIGHT_LABELS

FIT_BAND = (0.9, 1.1)
"""Living area within ±10 % of the appropriate area fits fully."""
CRAMPED_SPAN = 0.4
"""Below the band the value falls to 0 over this share of the appropriate area (0.9 → 0.5)."""
ROOMY_SPAN = 0.6
"""Above the band it falls to 0 over this share (1.1 → 1.7): the public purse pays heating and space."""
HEADROOM_FULL = 0.2
"""A gross cold rent 20 % or more under the cap scores 1."""
FACILITY_KM = np.array([5.0, 3.0, 15.0, 10.0, 20.0, 1.0])
"""Distance (km) at which a facility stops counting, in FACILITIES order: school, Kita, integration
course, GP, Jobcenter, bus stop. Linear from 1 at the door to 0 at this distance."""
RELATIVES_KM = 30.0
"""Relatives or work this far away or farther count as not near."""
NEUTRAL = 0.5
"""Value when a criterion cannot be judged (no figures entered, no wish stated)."""
VACANCY_FULL_CENTS = 80_000
"""An empty head-leased flat costing 800 € or more a month gets the full vacancy value."""

Values = Floats


def _size_fit(d: MatchingData, h: Ints, f: Ints) -> Values:
    ratio = d.flats.area_m2[f] / d.households.appropriate_area_m2[h]
    low, high = FIT_BAND
    cramped = 1 - (low - ratio) / CRAMPED_SPAN
    roomy = 1 - (ratio - high) / ROOMY_SPAN
    value = np.where(ratio < low, cramped, np.where(ratio > high, roomy, 1.0))
    return np.where(np.isnan(ratio), NEUTRAL, np.clip(value, 0.0, 1.0))


def sleeping_rooms(d: MatchingData, f: Ints) -> Ints:
    """Bedrooms of a flat; a one-room flat still sleeps one."""
    return np.maximum(d.flats.bedrooms[f], 1)


def _bedrooms(d: MatchingData, h: Ints, f: Ints) -> Values:
    have = sleeping_rooms(d, f)
    need = d.households.needed_bedrooms[h]
    short = np.clip(1 - 0.5 * (need - have), 0.0, 1.0)
    spare = np.where(have - need == 1, 0.8, 0.6)
    return np.where(have < need, short, np.where(have == need, 1.0, spare))


def _rent_headroom(d: MatchingData, h: Ints, f: Ints) -> Values:
    cap = d.cap_cents[d.flats.muni[f], d.households.size[h]].astype(np.float64)
    rent = d.flats.gross_cold_cents[f]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (cap - rent) / cap
    return np.where(cap > 0, np.clip(share / HEADROOM_FULL, 0.0, 1.0), NEUTRAL)


def facility_needs(d: MatchingData, h: Ints) -> Floats:
    """Households × FACILITIES: 1 where the household needs that place near (FACILITIES order)."""
    hh = d.households
    needs = (
        hh.school_children[h] > 0,
        hh.kita_children[h] > 0,
        hh.adults_without_german[h] > 0,
        hh.needs_medical_care[h],
        hh.jobcenter[h],
        ~hh.has_car[h],
    )
    return np.stack(needs, axis=-1).astype(np.float64)


def facility_closeness(d: MatchingData, f: Ints) -> Floats:
    """Flats × FACILITIES: 1 at the door, 0 at the facility's limit; NEUTRAL where no distance is known."""
    km = d.flats.distance_km[f]
    return np.where(np.isnan(km), NEUTRAL, np.clip(1 - km / FACILITY_KM, 0.0, 1.0))


def _proximity(d: MatchingData, h: Ints, f: Ints) -> Values:
    """Mean closeness of the places this household needs; 1 when it needs none of them. Summed one
    facility at a time so a district's millions of pairs never build a pairs × facilities array."""
    needs = facility_needs(d, np.arange(d.households.ids.size))
    close = facility_closeness(d, np.arange(d.flats.ids.size))
    total: Values = np.zeros(np.broadcast_shapes(np.shape(h), np.shape(f)))
    for k in range(len(FACILITIES)):
        total = total + needs[:, k][h] * close[:, k][f]
    count = needs.sum(axis=1)[h]
    return np.where(count > 0, total / np.maximum(count, 1), 1.0)


def _wishes(d: MatchingData, h: Ints, f: Ints) -> Values:
    muni = d.flats.muni[f]
    preferred = d.preferred[h, muni]
    km = d.relatives_km[h, muni]
    near = np.clip(1 - km / RELATIVES_KM, 0.0, 1.0)
    has_wish = (d.preferred.any(axis=1) | np.isfinite(d.relatives_km).any(axis=1))[h]
    return np.where(has_wish, np.maximum(preferred.astype(np.float64), near), NEUTRAL)


def _vacancy_cost(d: MatchingData, h: Ints, f: Ints) -> Values:
    cost = d.flats.head_lease_cost_cents[f] * d.flats.available[f]
    value = np.clip(cost / VACANCY_FULL_CENTS, 0.0, 1.0)
    return np.broadcast_to(value, np.broadcast_shapes(np.shape(h), np.shape(f))).astype(np.float64)


CRITERIA: dict[str, Callable[[MatchingData, Ints, Ints], Values]] = {
    "size_fit": _size_fit,
    "bedrooms": _bedrooms,
    "rent_headroom": _rent_headroom,
    "proximity": _proximity,
    "wishes": _wishes,
    "vacancy_cost": _vacancy_cost,
}
"""Keys as in `reference.DEFAULT_WEIGHTS` and `reference.WEIGHT_LABELS`."""


def criterion_values(d: MatchingData, h: Ints, f: Ints) -> dict[str, Values]:
    return {name: np.asarray(fn(d, h, f), dtype=np.float64) for name, fn in CRITERIA.items()}


def scores(d: MatchingData, h: Ints, f: Ints, weights: Mapping[str, float]) -> Values:
    """Weighted mean of the criteria (0..1) for broadcastable position arrays `h` and `f`."""
    total_weight = sum(weights.get(name, 0.0) for name in CRITERIA) or 1.0
    result: Values = np.zeros(np.broadcast_shapes(np.shape(h), np.shape(f)))
    for name, fn in CRITERIA.items():
        weight = weights.get(name, 0.0)
        if weight:
            result = result + weight * fn(d, h, f)
    return result / total_weight


def _household_keys(d: MatchingData) -> dict[str, Ints]:
    """For the criteria that see a household only through a few of its figures: those figures, one
    integer row per household (floats by their bit pattern). Households with equal rows score alike."""
    hh = d.households
    return {
        "size_fit": hh.appropriate_area_m2.astype(np.float64).view(np.int64)[:, None],
        "bedrooms": hh.needed_bedrooms.astype(np.int64)[:, None],
        "rent_headroom": hh.size.astype(np.int64)[:, None],
        "proximity": facility_needs(d, np.arange(hh.ids.size)).astype(np.int64),
        "vacancy_cost": np.zeros((hh.ids.size, 0), dtype=np.int64),
    }


def row_classes(key: Ints) -> tuple[Ints, Ints]:
    """The distinct rows of an integer matrix: the first row of each class and each row's class — like
    `np.unique(key, axis=0, return_index=True, return_inverse=True)`, column by column (several times
    faster), with the classes numbered in another order."""
    n = key.shape[0]
    code = np.zeros(n, dtype=np.int64)
    span = 1
    for column in key.T:
        low, high = (int(column.min()), int(column.max())) if n else (0, 0)
        if high - low < 1 << 20:
            values, width = column - low, high - low + 1
        else:
            _, values = np.unique(column, return_inverse=True)
            width = int(values.max(initial=0)) + 1
        if span * width >= 1 << 62:  # keep the combined code in int64: number the classes so far
            _, code = np.unique(code, return_inverse=True)
            span = int(code.max(initial=0)) + 1
        code, span = code * width + values, span * width
    _, first, cls = np.unique(code, return_index=True, return_inverse=True)
    return first, cls.reshape(-1)


MUNICIPALITY_CRITERIA = frozenset({"wishes"})
"""Criteria that see a flat only through its municipality (but the household in full)."""


def pair_scores(d: MatchingData, h: Ints, f: Ints, weights: Mapping[str, float]) -> Values:
    """`scores` for 1-D pairs (the feasible pairs of a district), bit for bit the same, but fast.

    Households fall into few classes (appropriate area, bedrooms needed, size, facility needs): the
    criteria that depend on nothing else are computed once per class × flat and summed into one table,
    the wishes once per household × municipality; each pair then only gathers its entries. The terms are
    added in the same order as in `scores`, so every value is identical."""
    keys = _household_keys(d)
    names = [name for name in CRITERIA if weights.get(name, 0.0)]
    separable = [name for name in names if name in keys]
    if h.size == 0 or not separable or len(separable) + len(MUNICIPALITY_CRITERIA & set(names)) < len(names):
        return scores(d, h, f, weights)
    total_weight = sum(weights.get(name, 0.0) for name in CRITERIA) or 1.0
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    key = np.concatenate([keys[name] for name in separable], axis=1)
    rep, cls = row_classes(key)
    if rep.size * n_f > 4 * h.size:  # too many classes to pay off
        return scores(d, h, f, weights)
    cls = cls.reshape(-1)
    all_f = np.arange(n_f)[None, :]
    _, rep_f, muni_of = np.unique(d.flats.muni, return_index=True, return_inverse=True)
    muni_of = muni_of.reshape(-1)
    table: Values = np.zeros((rep.size, n_f))
    result: Values | None = None
    for name in names:
        weight = weights[name]
        if name in keys and result is None:
            table = table + weight * CRITERIA[name](d, rep[:, None], all_f)
            continue
        if result is None:
            result = table[cls[h], f]
        if name in keys:
            column = weight * CRITERIA[name](d, rep[:, None], all_f)
            picked = column[cls[h], f] if keys[name].shape[1] else column[0][f]  # flat-only: one row
            result = result + picked
        else:
            grid = CRITERIA[name](d, np.arange(n_h)[:, None], rep_f[None, :])
            result = result + weight * grid[h, muni_of[f]]
    if result is None:
        result = table[cls[h], f]
    return result / total_weight


@dataclass
class ScoreParts:
    """The score of `rows` × `cols` taken apart the way `pair_scores` adds it up, for a district's
    proposal: per pair, `prefix[score_class[i], j]`, plus `wish[i, place]` when the wishes count, plus
    each `suffix` table in turn, divided by `total_weight` — the same additions in the same order, so
    every value is bit for bit the one `scores` gives."""

    score_class: Ints
    """Per row: its class (households alike in every figure the class criteria see)."""
    prefix: Values
    """Score classes × cols: the weighted criteria before the wishes, summed."""
    wish: Values | None
    """Rows × places: the weighted wish criterion (a place is a municipality of `place_flats`)."""
    suffix: list[Values]
    """Score classes × cols each: the weighted criteria after the wishes, one table each."""
    total_weight: float


def score_parts(
    d: MatchingData, rows: Ints, cols: Ints, place_flats: Ints, weights: Mapping[str, float]
) -> ScoreParts | None:
    """`ScoreParts` for households `rows` × flats `cols`; `place_flats` holds one flat position per place
    (the wishes see a flat only through its municipality). None when a weighted criterion fits neither
    kind (then only `scores` can compute it)."""
    keys = _household_keys(d)
    names = [name for name in CRITERIA if weights.get(name, 0.0)]
    separable = [name for name in names if name in keys]
    if len(separable) + len(MUNICIPALITY_CRITERIA & set(names)) < len(names):
        return None
    total_weight = sum(weights.get(name, 0.0) for name in CRITERIA) or 1.0
    columns = [keys[name][rows] for name in separable]
    key = np.concatenate(columns, axis=1) if columns else np.zeros((rows.size, 0), dtype=np.int64)
    rep, cls = row_classes(key)
    reps = rows[rep][:, None]
    prefix: Values = np.zeros((rep.size, cols.size))
    wish: Values | None = None
    suffix: list[Values] = []
    for name in names:
        weight = weights[name]
        if name in keys:
            table = weight * CRITERIA[name](d, reps, cols[None, :])
            table = np.broadcast_to(table, (rep.size, cols.size))
            if wish is None and not suffix:
                prefix = prefix + table
            else:
                suffix.append(np.ascontiguousarray(table))
        else:
            wish = weight * CRITERIA[name](d, rows[:, None], place_flats[None, :])
    return ScoreParts(cls.reshape(-1), prefix, wish, suffix, total_weight)


# --------------------------------------------------------------------------------------------------
# Breakdown of one pair
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    label: str
    value: float
    weight: float
    contribution: float
    """weight × value / sum of weights: the criterion's share of the score."""
    explanation: str


def _m2(value: float) -> str:
    return f"{value:.0f} m²"


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def _explain_size(d: MatchingData, h: int, f: int) -> str:
    area, fit = float(d.flats.area_m2[f]), float(d.households.appropriate_area_m2[h])
    if np.isnan(fit):
        return "Für den Landkreis ist keine angemessene Wohnfläche hinterlegt."
    return f"{_m2(area)} bei angemessenen {_m2(fit)} für den Haushalt ({_percent(area / fit)})."


def _explain_bedrooms(d: MatchingData, h: int, f: int) -> str:
    have = int(sleeping_rooms(d, np.array([f]))[0])
    need = int(d.households.needed_bedrooms[h])
    return f"{have} Schlafzimmer, nach der Zusammensetzung des Haushalts werden {need} gebraucht."


def _explain_headroom(d: MatchingData, h: int, f: int) -> str:
    cap = int(d.cap_cents[d.flats.muni[f], d.households.size[h]])
    rent = int(d.flats.gross_cold_cents[f])
    if cap <= 0:
        return "Für diese Gemeinde und Haushaltsgröße ist keine Angemessenheitsgrenze hinterlegt."
    if rent > cap:
        return f"Bruttokaltmiete {euros(rent)} liegt {euros(rent - cap)} über der Grenze von {euros(cap)}."
    return f"Bruttokaltmiete {euros(rent)} liegt {euros(cap - rent)} unter der Grenze von {euros(cap)}."


def _explain_proximity(d: MatchingData, h: int, f: int) -> str:
    needs = facility_needs(d, np.array([h]))[0]
    km = d.flats.distance_km[f]
    parts = [
        f"{facility.label} {'unbekannt' if np.isnan(km[i]) else f'{km[i]:.1f} km'.replace('.', ',')}"
        for i, facility in enumerate(FACILITIES)
        if needs[i]
    ]
    if not parts:
        return "Der Haushalt braucht keine der erfassten Einrichtungen in der Nähe."
    return "Entfernungen: " + ", ".join(parts) + "."


def _explain_wishes(d: MatchingData, h: int, f: int) -> str:
    muni = int(d.flats.muni[f])
    place = d.municipality_names[muni]
    if d.preferred[h, muni]:
        return f"{place} ist ein Wunschort des Haushalts."
    km = float(d.relatives_km[h, muni])
    if np.isfinite(km):
        return f"Angehörige oder Arbeit etwa {km:.0f} km von {place} entfernt."
    if d.preferred[h].any():
        return f"{place} ist kein Wunschort des Haushalts."
    return "Der Haushalt hat keine Wünsche zum Wohnort angegeben."


def _explain_vacancy(d: MatchingData, h: int, f: int) -> str:
    cost = int(d.flats.head_lease_cost_cents[f])
    if cost <= 0 or not d.flats.available[f]:
        return "Die Wohnung kostet die Kommune nichts, solange sie leer steht."
    return f"Die Kommune zahlt für die leere Wohnung {euros(cost)} im Monat (Anmietung)."


EXPLANATIONS: dict[str, Callable[[MatchingData, int, int], str]] = {
    "size_fit": _explain_size,
    "bedrooms": _explain_bedrooms,
    "rent_headroom": _explain_headroom,
    "proximity": _explain_proximity,
    "wishes": _explain_wishes,
    "vacancy_cost": _explain_vacancy,
}


def breakdown(d: MatchingData, h: int, f: int, weights: Mapping[str, float]) -> list[CriterionResult]:
    """Per criterion: value, weight, contribution and a one-line German explanation, for one pair."""
    total_weight = sum(weights.get(name, 0.0) for name in CRITERIA) or 1.0
    values = criterion_values(d, np.array([h]), np.array([f]))
    results = []
    for name in CRITERIA:
        value, weight = float(values[name][0]), float(weights.get(name, 0.0))
        results.append(
            CriterionResult(
                name, WEIGHT_LABELS[name], value, weight, weight * value / total_weight, EXPLANATIONS[name](d, h, f)
            )
        )
    return results
