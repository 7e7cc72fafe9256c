"""Hard constraints of the matcher: may this household live in this flat at all?

Each rule has a stable code (for JSON, tests and the audit) and a German reason. Rules are evaluated on a
grid — some households × some flats — and return one boolean matrix each (True = the rule fails), so a
whole district is checked with a few NumPy operations; `explain` runs the same code on a 1 × 1 grid, so
the explanation can never disagree with the ranking. The rent cap and heating limit may be set to
"warn only" by the district: then they appear as warnings, not as failed rules.
Pure: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.core.formatting import euros
from matcher.core.matching_data import LAND_NIEDERSACHSEN, Bools, Ints, MatchingData

Grid = tuple[Ints, Ints]
"""Household positions (rows) and flat positions (columns) to evaluate."""


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    """Short German name of the rule."""


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("residence_obligation", "Wohnsitzauflage"),
        Rule("excluded_municipality", "Vom Haushalt ausgeschlossener Ort"),
        Rule("overcrowding", "Überbelegung"),
        Rule("rent_over_cap", "Miete über der Angemessenheitsgrenze"),
        Rule("heating_over_limit", "Heizkosten über der Grenze"),
        Rule("wheelchair", "Rollstuhlgerechte Wohnung nötig"),
        Rule("no_stairs", "Zugang ohne Treppen nötig"),
        Rule("ground_floor", "Erdgeschoss nötig"),
        Rule("not_available", "Wohnung nicht frei"),
        Rule("available_too_late", "Wohnung zu spät frei"),
        Rule("pets", "Haustiere nicht erlaubt"),
        Rule("wbs_required", "Wohnberechtigungsschein nötig"),
        Rule("declined_before", "Bereits abgelehnt"),
        Rule("household_parked", "Haushalt zurückgestellt"),
        Rule("pair_excluded", "Ausdrücklich ausgeschlossen"),
        Rule("capacity", "Zu viele Personen für die Wohnung"),
    )
}


@dataclass(frozen=True)
class Failure:
    """One failed rule (or a warning) for one pair, with the German reason."""

    code: str
    title: str
    reason: str


# --------------------------------------------------------------------------------------------------
# The rules as grid computations
# --------------------------------------------------------------------------------------------------


def _residence(d: MatchingData, h: Ints, f: Ints) -> Bools:
    """The rule sees a flat only through its municipality and AGS: evaluated once per distinct pair of
    them (a few dozen in a district), then spread over the flats."""
    fl = d.flats
    places = np.stack([fl.muni[f].astype(np.int64), fl.ags[f].astype(np.int64)], axis=1)
    _, first, spread = np.unique(places, axis=0, return_index=True, return_inverse=True)
    result: Bools = _residence_grid(d, h, f[first])[:, spread.reshape(-1)]
    return result


def _residence_grid(d: MatchingData, h: Ints, f: Ints) -> Bools:
    hh, fl = d.households, d.flats
    scope = hh.obligation[h][:, None]
    ags = fl.ags[f][None, :]
    outside_land = (scope == 1) & (ags // 1_000_000 != LAND_NIEDERSACHSEN)
    outside_district = (scope == 2) & (ags // 1000 != hh.obligation_kreis[h][:, None])
    outside_municipality = (scope == 3) & (ags != hh.obligation_ags[h][:, None])
    barred = (scope > 0) & d.barred[np.ix_(h, fl.muni[f])]
    result: Bools = outside_land | outside_district | outside_municipality | barred
    return result


def _excluded_municipality(d: MatchingData, h: Ints, f: Ints) -> Bools:
    result: Bools = d.excluded[h][:, d.flats.muni[f]]  # rows first, then columns: faster than np.ix_
    return result


def _overcrowding(d: MatchingData, h: Ints, f: Ints) -> Bools:
    minimum = d.rules.min_area_per_occupant_m2 * d.households.size[h][:, None]
    return d.flats.area_m2[f][None, :] < minimum - 1e-9


def cap_for(d: MatchingData, h: Ints, f: Ints) -> Ints:
    """Rent cap (cents) per pair from the precomputed municipality × size table; -1 if unknown."""
    return d.cap_cents[d.flats.muni[f][None, :], d.households.size[h][:, None]]


def _rent_over_cap(d: MatchingData, h: Ints, f: Ints) -> Bools:
    """Evaluated once per distinct household size (the cap's only household input), then spread."""
    _, first, spread = np.unique(d.households.size[h], return_index=True, return_inverse=True)
    cap = cap_for(d, h[first], f)
    over = (cap >= 0) & (d.flats.gross_cold_cents[f][None, :] > cap)
    result: Bools = over[spread.reshape(-1)] & d.households.benefit_paid[h][:, None]
    return result


def _heating_over_limit(d: MatchingData, h: Ints, f: Ints) -> Bools:
    limit = d.rules.heating_limit_cents_per_m2
    if limit is None:
        return np.zeros((h.size, f.size), dtype=np.bool_)
    over = d.flats.heating_cents[f] > limit * d.flats.area_m2[f] + 1e-9
    return over[None, :] & d.households.benefit_paid[h][:, None]


def _needs(flag: Bools, h: Ints, fails: Bools, f: Ints) -> Bools:
    """Households with `flag` fail on flats where `fails`: only those rows (or columns) are written,
    the rest of the grid stays the zeros the allocator hands out lazily."""
    out = np.zeros((h.size, f.size), dtype=np.bool_)
    rows, cols = np.flatnonzero(flag[h]), np.flatnonzero(fails[f])
    if rows.size <= cols.size:
        out[rows] = fails[f]
    else:
        out[:, cols] = flag[h][:, None]
    return out


def _wheelchair(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return _needs(d.households.needs_wheelchair, h, ~d.flats.wheelchair, f)


def _no_stairs(d: MatchingData, h: Ints, f: Ints) -> Bools:
    reachable = (d.flats.floor == 0) | d.flats.elevator
    return _needs(d.households.needs_no_stairs, h, ~reachable, f)


def _ground_floor(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return _needs(d.households.needs_ground_floor, h, d.flats.floor != 0, f)


def _not_available(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return np.broadcast_to(~d.flats.available[f][None, :], (h.size, f.size))


def _too_late(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return d.flats.available_from[f][None, :] > d.households.needed_from[h][:, None]


def _pets(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return _needs(d.households.has_pets, h, ~d.flats.pets_allowed, f)


def _wbs(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return _needs(~d.households.has_wbs, h, d.flats.wbs_required, f)


def pairs_on_grid(pairs: Ints, h: Ints, f: Ints, households: int, flats: int) -> Bools:
    """Scatter a short list of (household, flat) positions onto the grid: O(pairs + grid), no search."""
    out = np.zeros((h.size, f.size), dtype=np.bool_)
    if pairs.size == 0:
        return out
    row, col = np.full(households, -1), np.full(flats, -1)
    row[h], col[f] = np.arange(h.size), np.arange(f.size)
    r, c = row[pairs[:, 0]], col[pairs[:, 1]]
    keep = (r >= 0) & (c >= 0)
    out[r[keep], c[keep]] = True
    return out


def _declined(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return pairs_on_grid(d.declined, h, f, d.households.ids.size, d.flats.ids.size)


def _parked(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return np.broadcast_to(d.households.parked[h][:, None], (h.size, f.size))


def _pair_excluded(d: MatchingData, h: Ints, f: Ints) -> Bools:
    return pairs_on_grid(d.pair_excluded, h, f, d.households.ids.size, d.flats.ids.size)


def _capacity(d: MatchingData, h: Ints, f: Ints) -> Bools:
    """Only flats with a limit can fail; the others' columns stay zero."""
    out = np.zeros((h.size, f.size), dtype=np.bool_)
    limit = d.flats.max_occupants[f]
    cols = np.flatnonzero(limit > 0)
    out[:, cols] = d.households.size[h][:, None] > limit[cols][None, :]
    return out


CHECKS: dict[str, Callable[[MatchingData, Ints, Ints], Bools]] = {
    "residence_obligation": _residence,
    "excluded_municipality": _excluded_municipality,
    "overcrowding": _overcrowding,
    "rent_over_cap": _rent_over_cap,
    "heating_over_limit": _heating_over_limit,
    "wheelchair": _wheelchair,
    "no_stairs": _no_stairs,
    "ground_floor": _ground_floor,
    "not_available": _not_available,
    "available_too_late": _too_late,
    "pets": _pets,
    "wbs_required": _wbs,
    "declined_before": _declined,
    "household_parked": _parked,
    "pair_excluded": _pair_excluded,
    "capacity": _capacity,
}


HOUSEHOLD_INPUTS: dict[str, tuple[str, ...]] = {
    "overcrowding": ("size",),
    "rent_over_cap": ("size", "benefit_paid"),
    "heating_over_limit": ("benefit_paid",),
    "wheelchair": ("needs_wheelchair",),
    "no_stairs": ("needs_no_stairs",),
    "ground_floor": ("needs_ground_floor",),
    "not_available": (),
    "pets": ("has_pets",),
    "wbs_required": ("has_wbs",),
    "household_parked": ("parked",),
    "capacity": ("size",),
}
"""Rules that see a household only through these few figures (but the flat in full): households with
equal figures pass or fail alike, so a district's proposal evaluates them once per kind of household."""
PLACE_RULES = frozenset({"residence_obligation", "excluded_municipality"})
"""Rules that see a flat only through its municipality and AGS (but the household in full)."""
PAIR_RULES = frozenset({"available_too_late", "declined_before", "pair_excluded"})
"""Rules that depend on the pair itself; `pair_failures` evaluates them for 1-D pairs."""
assert set(HOUSEHOLD_INPUTS) | PLACE_RULES | PAIR_RULES == set(CHECKS), "every rule needs its kind"


def pair_keys(pairs: Ints, flats: int) -> Ints:
    """Sorted integer keys of (household, flat) position pairs, for `pair_failures`."""
    return np.unique(pairs[:, 0] * flats + pairs[:, 1]) if pairs.size else np.zeros(0, dtype=np.int64)


def pair_failures(d: MatchingData, h: Ints, f: Ints, codes: list[str], listed: Ints | None = None) -> Bools:
    """The `PAIR_RULES` among `codes` for 1-D pairs (`h`, `f` of equal length): True = fails. `listed` are
    the `pair_keys` of the declined and excluded pairs when the caller has them already."""
    fails = np.zeros(h.size, dtype=np.bool_)
    if "available_too_late" in codes:
        fails |= d.flats.available_from[f] > d.households.needed_from[h]
    if listed is None:
        chosen = [
            p for code, p in (("declined_before", d.declined), ("pair_excluded", d.pair_excluded)) if code in codes
        ]
        listed = pair_keys(np.concatenate(chosen), d.flats.ids.size) if chosen else np.zeros(0, dtype=np.int64)
    if listed.size and h.size:
        keys = h * d.flats.ids.size + f
        at = np.minimum(np.searchsorted(listed, keys), listed.size - 1)
        fails |= listed[at] == keys
    return fails


def blocking_codes(d: MatchingData) -> list[str]:
    """The rules that exclude pairs in this district (the cap and heating rules may only warn)."""
    warn_only = set()
    if not d.rules.cap_blocks:
        warn_only.add("rent_over_cap")
    if not d.rules.heating_blocks:
        warn_only.add("heating_over_limit")
    return [code for code in CHECKS if code not in warn_only]


def violations(d: MatchingData, h: Ints, f: Ints, codes: list[str] | None = None) -> dict[str, Bools]:
    """Each rule's failures on the grid `h` × `f` (True = fails)."""
    return {code: CHECKS[code](d, h, f) for code in (codes if codes is not None else list(CHECKS))}


def feasible(d: MatchingData, h: Ints, f: Ints) -> Bools:
    """True where no blocking rule fails (failures are or-ed in place, then inverted once)."""
    fails = np.zeros((h.size, f.size), dtype=np.bool_)
    for code in blocking_codes(d):
        np.bitwise_or(fails, CHECKS[code](d, h, f), out=fails)
    return np.logical_not(fails, out=fails)


# --------------------------------------------------------------------------------------------------
# Explaining one pair in German
# --------------------------------------------------------------------------------------------------


def _reason(d: MatchingData, code: str, h: int, f: int) -> str:
    hh, fl = d.households, d.flats
    size = int(hh.size[h])
    place = d.municipality_names[int(fl.muni[f])]
    reasons: dict[str, Callable[[], str]] = {
        "residence_obligation": lambda: (
            f"{place} liegt außerhalb des Gebiets, das die Wohnsitzauflage erlaubt, "
            "oder ist durch die Auflage ausgeschlossen."
        ),
        "excluded_municipality": lambda: f"Der Haushalt möchte nicht nach {place}.",
        "overcrowding": lambda: (
            f"{_m2(fl.area_m2[f])} für {_persons(size)} unterschreiten die Mindestfläche "
            f"von {_m2(d.rules.min_area_per_occupant_m2)} je Person."
        ),
        "rent_over_cap": lambda: (
            f"Die Bruttokaltmiete von {euros(int(fl.gross_cold_cents[f]))} liegt über der "
            f"Angemessenheitsgrenze von {euros(int(d.cap_cents[fl.muni[f], size]))} für {_persons(size)}."
        ),
        "heating_over_limit": lambda: (
            f"Die Heizkosten von {euros(int(fl.heating_cents[f]))} liegen über der "
            f"Grenze von {euros(round((d.rules.heating_limit_cents_per_m2 or 0) * float(fl.area_m2[f])))}."
        ),
        "wheelchair": lambda: "Der Haushalt braucht eine rollstuhlgerechte Wohnung; diese ist es nicht.",
        "no_stairs": lambda: (
            "Der Haushalt kann keine Treppen steigen; die Wohnung liegt nicht im Erdgeschoss und hat keinen Aufzug."
        ),
        "ground_floor": lambda: "Der Haushalt braucht eine Wohnung im Erdgeschoss.",
        "not_available": lambda: "Die Wohnung ist nicht frei (reserviert, vermietet oder gesperrt).",
        "available_too_late": lambda: (
            f"Die Wohnung ist erst ab {_date(fl.available_from[f])} frei, der Haushalt "
            f"braucht sie ab {_date(hh.needed_from[h])}."
        ),
        "pets": lambda: "Der Haushalt hat Haustiere; in dieser Wohnung sind keine erlaubt.",
        "wbs_required": lambda: "Die Wohnung ist nur mit Wohnberechtigungsschein zu beziehen; der Haushalt hat keinen.",
        "declined_before": lambda: "Der Haushalt hat diese Wohnung bereits abgelehnt.",
        "household_parked": lambda: "Der Haushalt ist zurückgestellt und bekommt derzeit keine Angebote.",
        "pair_excluded": lambda: "Diese Wohnung wurde für diesen Haushalt ausdrücklich ausgeschlossen.",
        "capacity": lambda: (
            f"Die Wohnung ist für höchstens {_persons(int(fl.max_occupants[f]))} gedacht, "
            f"der Haushalt hat {_persons(size)}."
        ),
    }
    return reasons[code]()


def _m2(value: float) -> str:
    return f"{value:.1f} m²".replace(".", ",").replace(",0 m²", " m²")


def _persons(n: int) -> str:
    return "1 Person" if n == 1 else f"{n} Personen"


def _date(value: np.datetime64) -> str:
    return value.astype("datetime64[D]").item().strftime("%d.%m.%Y")


def explain(d: MatchingData, h: int, f: int) -> tuple[list[Failure], list[Failure]]:
    """Failed rules and warnings for one pair (positions), each with its German reason."""
    grid = np.array([h]), np.array([f])
    blocking = set(blocking_codes(d))
    failed: list[Failure] = []
    warnings: list[Failure] = []
    for code, mask in violations(d, *grid).items():
        if bool(mask[0, 0]):
            item = Failure(code, RULES[code].title, _reason(d, code, h, f))
            (failed if code in blocking else warnings).append(item)
    return failed, warnings
