"""Small hand-made districts for the matcher's tests: MatchingData built directly, no database.

Every household and flat starts as the easy case (fits, allowed, available); a test changes the one
field it is about, so each expectation can be computed by hand from domain.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from matcher.core.matching_data import FACILITIES, DistrictRulesData, Flats, Households, MatchingData

ON = date(2026, 11, 24)
AGS = ["03454001", "03454002", "03454003"]
NAMES = ["Aschendorf", "Bawinkel", "Dörpen"]
CAP_STUFE_I_V3 = [-1, 41822, 50798, 60566, 70664, 80652, 90200, 99748, 109296]
"""domain.md 2.4: V3, Stufe I, 1–5 persons, then +95.48 € each."""

HOUSEHOLD_DEFAULTS: dict[str, Any] = {
    "size": 1,
    "adults": 1,
    "school_children": 0,
    "kita_children": 0,
    "adults_without_german": 0,
    "needed_bedrooms": 1,
    "appropriate_area_m2": 50.0,
    "needs_wheelchair": False,
    "needs_no_stairs": False,
    "needs_ground_floor": False,
    "needs_medical_care": False,
    "has_pets": False,
    "has_wbs": False,
    "has_car": True,
    "parked": False,
    "benefit_paid": True,
    "jobcenter": False,
    "obligation": 0,
    "obligation_kreis": 0,
    "obligation_ags": 0,
    "needed_from": ON,
    "urgency": 0,
    "vulnerable": False,
    "waiting_since": date(2025, 1, 1),
}
FLAT_DEFAULTS: dict[str, Any] = {
    "muni": 0,
    "area_m2": 50.0,
    "rooms": 2.0,
    "bedrooms": 1,
    "gross_cold_cents": 40_000,
    "heating_cents": 6_000,
    "floor": 0,
    "elevator": False,
    "step_free": True,
    "wheelchair": False,
    "pets_allowed": False,
    "available": True,
    "available_from": ON,
    "max_occupants": 0,
    "wbs_required": False,
    "head_lease_cost_cents": 0,
}
DATE_FIELDS = {"needed_from", "waiting_since", "available_from"}


def _column(rows: list[dict[str, Any]], name: str) -> np.ndarray:
    values = [row[name] for row in rows]
    if name in DATE_FIELDS:
        return np.array([np.datetime64(v, "D") for v in values], dtype="datetime64[D]")
    return np.array(values)


def make_data(
    households: list[dict[str, Any]],
    flats: list[dict[str, Any]],
    *,
    min_m2: float = 10.0,
    cap_blocks: bool = True,
    heating_limit: int | None = None,
    heating_blocks: bool = True,
    declined: Sequence[tuple[int, int]] = (),
    excluded_pairs: Sequence[tuple[int, int]] = (),
) -> MatchingData:
    """Households and flats as dicts of the fields that differ from the defaults; ids are 1, 2, …"""
    h_rows = [{**HOUSEHOLD_DEFAULTS, **h} for h in households]
    f_rows = [{**FLAT_DEFAULTS, **f} for f in flats]
    n_h, n_m = len(h_rows), len(AGS)
    hh = Households(
        ids=np.arange(1, n_h + 1),
        case_numbers=[f"AZ-{i}" for i in range(1, n_h + 1)],
        **{name: _column(h_rows, name) for name in HOUSEHOLD_DEFAULTS},
    )
    distances = np.array([f.get("distance_km", [np.nan] * len(FACILITIES)) for f in f_rows], dtype=float)
    fl = Flats(
        ids=np.arange(1, len(f_rows) + 1),
        labels=[f"Teststraße {i}" for i in range(1, len(f_rows) + 1)],
        ags=np.array([int(AGS[f["muni"]]) for f in f_rows]),
        distance_km=distances.reshape(len(f_rows), len(FACILITIES)),
        **{name: _column(f_rows, name) for name in FLAT_DEFAULTS},
    )
    matrices = {name: np.zeros((n_h, n_m), dtype=bool) for name in ("barred", "excluded", "preferred")}
    relatives = np.full((n_h, n_m), np.inf)
    for i, h in enumerate(households):
        for name in matrices:
            for m in h.get(f"_{name}", ()):
                matrices[name][i, m] = True
        for m, km in h.get("_relatives_km", {}).items():
            relatives[i, m] = km
    return MatchingData(
        on=ON,
        rules=DistrictRulesData("03454", min_m2, cap_blocks, heating_limit, heating_blocks),
        households=hh,
        flats=fl,
        municipalities=list(AGS),
        municipality_names=list(NAMES),
        cap_cents=np.array([CAP_STUFE_I_V3] * n_m, dtype=np.int64),
        cap_basis={},
        relatives_km=relatives,
        declined=np.array(declined, dtype=np.int64).reshape(-1, 2),
        pair_excluded=np.array(excluded_pairs, dtype=np.int64).reshape(-1, 2),
        **matrices,
    )
