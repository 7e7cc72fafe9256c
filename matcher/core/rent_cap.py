"""The KdU rent cap (Angemessenheitsgrenze) and the appropriate living area — the one place for both.

The cap is tested against the Bruttokaltmiete (net rent + cold operating costs; domain.md 2.2). A district
either has its own Richtwert table (per municipality or comparison area and household size) or uses the
Wohngeld table of the municipality's Mietenstufe plus 10 % in one of three formulas (domain.md 2.4):
    V1 = table × 1.10,  V2 = table × 1.10 + Klimakomponente,  V3 = (table + Klimakomponente) × 1.10.
The matcher, the forms and the documents all call this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from matcher.core import models as M
from matcher.core.enums import CapMethod
from matcher.core.formatting import euros
from matcher.core.reference import rent_level_on

SURCHARGE_PERCENT = 10


@dataclass(frozen=True)
class RentCap:
    amount_cents: int
    method: CapMethod
    is_default: bool
    valid_from: date
    basis: str
    """German one-line explanation of how the figure came about."""


def scaled(rows: dict[int, int], size: int) -> int:
    """Value of a size table for `size` persons: listed sizes, then +EACH_ADDITIONAL per further person."""
    if size < 1:
        raise ValueError("household size must be at least 1")
    listed = [s for s in rows if s != M.EACH_ADDITIONAL]
    largest = max(listed)
    if size <= largest:
        return rows[size]
    return rows[largest] + (size - largest) * rows[M.EACH_ADDITIONAL]


def _plus_surcharge(cents: int) -> int:
    """× 1.10, rounded half up to whole cents, in integers (no float drift)."""
    return (cents * (100 + SURCHARGE_PERCENT) + 50) // 100


def wohngeld_formula(method: CapMethod, table_cents: int, climate_cents: int) -> int:
    if method == CapMethod.WOHNGELD_V1:
        return _plus_surcharge(table_cents)
    if method == CapMethod.WOHNGELD_V2:
        return _plus_surcharge(table_cents) + climate_cents
    if method == CapMethod.WOHNGELD_V3:
        return _plus_surcharge(table_cents + climate_cents)
    raise ValueError(f"not a Wohngeld formula: {method}")


def rules_on(session: Session, kreis_key: str, on: date) -> M.DistrictRules | None:
    """The version of a district's rules in force on a day."""
    query = (
        select(M.DistrictRules)
        .where(M.DistrictRules.kreis_key == kreis_key, M.DistrictRules.valid_from <= on)
        .order_by(M.DistrictRules.valid_from.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    return session.exec(query).first()


def _latest_table(session: Session, table: type[M.WohngeldMaxRent] | type[M.ClimateComponent], on: date) -> date | None:
    query = (
        select(col(table.valid_from)).where(col(table.valid_from) <= on).order_by(col(table.valid_from).desc()).limit(1)
    )
    return session.exec(query).first()


def _wohngeld_rows(session: Session, rent_level: int, on: date) -> tuple[date, dict[int, int]]:
    valid_from = _latest_table(session, M.WohngeldMaxRent, on)
    if valid_from is None:
        raise LookupError(f"no Wohngeld table in force on {on}")
    rows = session.exec(
        select(M.WohngeldMaxRent).where(
            M.WohngeldMaxRent.valid_from == valid_from, M.WohngeldMaxRent.rent_level == rent_level
        )
    ).all()
    return valid_from, {r.household_size: r.amount_cents for r in rows}


def _climate_rows(session: Session, on: date) -> dict[int, int]:
    valid_from = _latest_table(session, M.ClimateComponent, on)
    rows = session.exec(select(M.ClimateComponent).where(M.ClimateComponent.valid_from == valid_from)).all()
    return {r.household_size: r.amount_cents for r in rows}


def _own_table_rows(session: Session, rules: M.DistrictRules, ags: str, on: date) -> dict[int, int]:
    """Richtwerte for a municipality from the district's newest table in force on `on`: within that
    table, the municipality's own rows, else those of its comparison area."""
    in_force = (
        select(col(M.RentCapEntry.valid_from))
        .where(M.RentCapEntry.kreis_key == rules.kreis_key, col(M.RentCapEntry.valid_from) <= on)
        .order_by(col(M.RentCapEntry.valid_from).desc())
        .limit(1)
    )
    table_date = session.exec(in_force).first()
    if table_date is None:
        return {}
    area_ids = select(M.ComparisonAreaMember.area_id).where(M.ComparisonAreaMember.ags == ags)
    base = select(M.RentCapEntry).where(
        M.RentCapEntry.kreis_key == rules.kreis_key, M.RentCapEntry.valid_from == table_date
    )
    for scope in (M.RentCapEntry.ags == ags, M.RentCapEntry.area_id.in_(area_ids)):  # type: ignore[union-attr]
        entries = session.exec(base.where(scope)).all()  # type: ignore[arg-type]
        if entries:
            return {e.household_size: e.amount_cents for e in entries}
    return {}


def rent_cap(session: Session, ags: str, household_size: int, on: date) -> RentCap | None:
    """The cap for a household of `household_size` in municipality `ags` on day `on`, or None if the
    district has no rules or no figure for that municipality (the caller must then say so)."""
    municipality = session.get(M.Municipality, ags)
    if municipality is None:
        return None
    rules = rules_on(session, municipality.kreis_key, on)
    if rules is None:
        return None
    method = CapMethod(rules.cap_method)
    if method == CapMethod.OWN_TABLE:
        rows = _own_table_rows(session, rules, ags, on)
        if not rows or (household_size not in rows and M.EACH_ADDITIONAL not in rows):
            return None
        amount = scaled(rows, household_size)
        basis = f"Richtwert des Landkreises für {household_size} Person(en): {euros(amount)}"
        return RentCap(amount, method, rules.cap_is_default, rules.valid_from, basis)
    level = rent_level_on(session, ags, on)
    if level is None:
        return None
    formula = wohngeld_cap(session, level, household_size, method, on)
    amount = formula.amount_cents
    if rules.cap_round_to_euro:
        amount = (amount + 50) // 100 * 100
    return RentCap(amount, method, rules.cap_is_default, rules.valid_from, formula.basis)


def appropriate_area_m2(
    session: Session,
    kreis_key: str,
    household_size: int,
    on: date,
    *,
    single_parent: bool = False,
    disability: bool = False,
    wheelchair: bool = False,
) -> float | None:
    """Appropriate living area (WFB 15.1 or the district's own table) with the district's extras."""
    rules = rules_on(session, kreis_key, on)
    if rules is None:
        return None
    rows = session.exec(select(M.DistrictAreaRule).where(M.DistrictAreaRule.rules_id == rules.id)).all()
    table = {r.household_size: round(r.max_m2 * 100) for r in rows}
    if not table:
        return None
    area = scaled(table, household_size) / 100
    area += rules.single_parent_extra_m2 if single_parent else 0
    area += rules.disability_extra_m2 if disability else 0
    area += rules.wheelchair_extra_m2 if wheelchair else 0
    return area


def _roman(level: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII"][level - 1]


def wohngeld_cap(session: Session, rent_level: int, household_size: int, method: CapMethod, on: date) -> RentCap:
    """The cap by a Wohngeld formula alone (no district, no municipality): the caseworker's quick
    look-up "what would V3 give for 4 persons in Mietenstufe II?"."""
    valid_from, table = _wohngeld_rows(session, rent_level, on)
    table_cents = scaled(table, household_size)
    climate_cents = scaled(_climate_rows(session, on), household_size)
    amount = wohngeld_formula(method, table_cents, climate_cents)
    basis = (
        f"Wohngeld Mietenstufe {_roman(rent_level)}, {household_size} Person(en): {euros(table_cents)}, "
        f"Klimakomponente {euros(climate_cents)}, {method.label}"
    )
    return RentCap(amount, method, False, valid_from, basis)
