"""KdU rent cap and appropriate area against the figures of domain.md 2 (worked out by hand below)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from matcher.core import models as M
from matcher.core import rent_cap
from matcher.core.enums import CapMethod
from matcher.core.services import settings

EMSLAND, GIFHORN, CLOPPENBURG = "03454", "03151", "03453"
PAPENBURG, MEPPEN, LINGEN, RHEDE = "03454041", "03454035", "03454032", "03454044"  # all Mietenstufe I
GIFHORN_STADT = "03151009"  # Mietenstufe III
DAY = date(2026, 3, 1)
NEW_RULES = date(2026, 1, 1)
WFB_AREAS = {1: 50.0, 2: 60.0, 3: 75.0, 4: 85.0, 5: 95.0, M.EACH_ADDITIONAL: 10.0}


def cap(db, ags, size, on=DAY):
    with db.read_session() as session:
        return rent_cap.rent_cap(session, ags, size, on)


def area(db, kreis_key, size, on=DAY, **extras):
    with db.read_session() as session:
        return rent_cap.appropriate_area_m2(session, kreis_key, size, on, **extras)


def use_method(db, kreis_key, method, **rules):
    settings.add_rules_version(db, kreis_key, {"valid_from": NEW_RULES, "cap_method": method, **rules}, WFB_AREAS, [])


# --------------------------------------------------------------------------------------------------
# Wohngeld formulas
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "euros"),
    [(1, 418.22), (2, 507.98), (3, 605.66), (4, 706.64), (5, 806.52), (6, 902.00), (7, 997.48)],
)
def test_default_v3_level_one_matches_domain_figures(any_db, size, euros):
    # (table + Klimakomponente) × 1,10; from 6 persons +(82 + 4,80) × 1,10 = +95,48 € each
    result = cap(any_db, PAPENBURG, size)
    assert result.amount_cents == round(euros * 100)
    assert result.method == CapMethod.WOHNGELD_V3 and result.is_default
    assert "Mietenstufe I," in result.basis


def test_each_further_person_adds_95_48_under_v3(any_db):
    amounts = [cap(any_db, PAPENBURG, size).amount_cents for size in range(5, 10)]
    assert {b - a for a, b in pairwise(amounts)} == {9_548}


def test_v1_level_one_single_person(any_db):
    use_method(any_db, EMSLAND, "wohngeld_v1")
    result = cap(any_db, PAPENBURG, 1)
    assert result.amount_cents == 39_710  # 361 € × 1,10
    assert result.method == CapMethod.WOHNGELD_V1 and result.valid_from == NEW_RULES


def test_v2_by_hand_level_three(any_db):
    # Gifhorn (Stadt), Mietenstufe III, 2 persons: 551 € × 1,10 = 606,10 €, + Klimakomponente 24,80 € = 630,90 €.
    # 6 persons: (875 + 106) € × 1,10 = 1.079,10 €, + (39,20 + 4,80) € = 1.123,10 €.
    use_method(any_db, GIFHORN, "wohngeld_v2")
    assert cap(any_db, GIFHORN_STADT, 2).amount_cents == 63_090
    assert cap(any_db, GIFHORN_STADT, 6).amount_cents == 112_310


def test_v3_by_hand_level_three(any_db):
    # (657 + 29,60) € × 1,10 = 755,26 €
    assert cap(any_db, GIFHORN_STADT, 3).amount_cents == 75_526


def test_a_new_rules_version_applies_only_from_its_date(any_db):
    use_method(any_db, EMSLAND, "wohngeld_v1")
    assert cap(any_db, PAPENBURG, 1, date(2025, 12, 31)).amount_cents == 41_822
    assert cap(any_db, PAPENBURG, 1, NEW_RULES).amount_cents == 39_710


@pytest.mark.parametrize(("size", "cents"), [(1, 41_800), (2, 50_800), (3, 60_600), (4, 70_700), (5, 80_700)])
def test_district_rounding_to_whole_euros(any_db, size, cents):
    # 418,22 → 418; 507,98 → 508; 605,66 → 606; 706,64 → 707; 806,52 → 807
    use_method(any_db, EMSLAND, "wohngeld_v3", cap_round_to_euro=True)
    assert cap(any_db, PAPENBURG, size).amount_cents == cents


@pytest.mark.parametrize(("round_to_euro", "cents"), [(False, 50_550), (True, 50_600)])
def test_rounding_half_a_euro_goes_up(any_db, round_to_euro, cents):
    # V2, Stufe I, 2 persons: 437 € × 1,10 + 24,80 € = 505,50 € → 506 €
    use_method(any_db, EMSLAND, "wohngeld_v2", cap_round_to_euro=round_to_euro)
    assert cap(any_db, PAPENBURG, 2).amount_cents == cents


def test_formulas_differ_only_in_where_the_climate_component_goes():
    assert rent_cap.wohngeld_formula(CapMethod.WOHNGELD_V1, 36_100, 1_920) == 39_710
    assert rent_cap.wohngeld_formula(CapMethod.WOHNGELD_V2, 36_100, 1_920) == 41_630
    assert rent_cap.wohngeld_formula(CapMethod.WOHNGELD_V3, 36_100, 1_920) == 41_822
    with pytest.raises(ValueError, match="not a Wohngeld formula"):
        rent_cap.wohngeld_formula(CapMethod.OWN_TABLE, 36_100, 1_920)


def test_no_cap_for_an_unknown_municipality_or_before_any_rules(any_db):
    assert cap(any_db, "03999999", 1) is None
    assert cap(any_db, PAPENBURG, 1, date(2024, 4, 30)) is None


def test_household_size_below_one_is_a_programming_error():
    with pytest.raises(ValueError):
        rent_cap.scaled({1: 100, M.EACH_ADDITIONAL: 10}, 0)


# --------------------------------------------------------------------------------------------------
# A district's own Richtwert table
# --------------------------------------------------------------------------------------------------


def own_table(db, *, switch):
    entries = [
        {"ags": PAPENBURG, "household_size": 1, "amount_cents": 38_600},
        {"ags": PAPENBURG, "household_size": 2, "amount_cents": 45_055},
        {"area": "Mitte", "members": [MEPPEN, LINGEN, PAPENBURG], "household_size": 1, "amount_cents": 40_900},
        {"area": "Mitte", "household_size": 2, "amount_cents": 49_000},
        {"area": "Mitte", "household_size": M.EACH_ADDITIONAL, "amount_cents": 6_000},
    ]
    settings.set_rent_cap_table(db, EMSLAND, NEW_RULES, entries, switch_method=switch)


def test_stored_table_does_not_count_until_the_method_is_switched(any_db):
    own_table(any_db, switch=False)
    assert cap(any_db, PAPENBURG, 2).amount_cents == 50_798
    assert cap(any_db, MEPPEN, 2).method == CapMethod.WOHNGELD_V3


def test_own_table_by_municipality_overrides_the_wohngeld_formula(any_db):
    own_table(any_db, switch=True)
    result = cap(any_db, PAPENBURG, 2)
    assert result.amount_cents == 45_055  # the municipality's own row beats its area's 490 €
    assert (result.method, result.is_default, result.valid_from) == (CapMethod.OWN_TABLE, False, NEW_RULES)
    assert "Richtwert" in result.basis


def test_own_table_by_comparison_area_with_each_further_person(any_db):
    own_table(any_db, switch=True)
    assert cap(any_db, MEPPEN, 1).amount_cents == 40_900
    assert cap(any_db, LINGEN, 2).amount_cents == 49_000
    assert cap(any_db, LINGEN, 4).amount_cents == 49_000 + 2 * 6_000


def test_own_table_has_no_cap_where_it_has_no_figure(any_db):
    own_table(any_db, switch=True)
    assert cap(any_db, RHEDE, 1) is None  # in no area and without own row: the caller must say so
    assert cap(any_db, PAPENBURG, 3) is None  # Papenburg's own rows stop at 2 persons, no "each further"


def test_own_table_keeps_the_printed_figures_even_when_the_district_rounds(any_db):
    use_method(any_db, EMSLAND, "wohngeld_v3", cap_round_to_euro=True)
    own_table(any_db, switch=True)
    assert cap(any_db, PAPENBURG, 2).amount_cents == 45_055


def test_a_newer_table_by_area_replaces_an_older_table_by_municipality(any_db):
    own_table(any_db, switch=True)
    later = date(2026, 7, 1)
    entries = [
        {"area": "Mitte", "members": [PAPENBURG], "household_size": size, "amount_cents": amount}
        for size, amount in ((1, 39_000), (2, 47_500))
    ]
    settings.set_rent_cap_table(any_db, EMSLAND, later, entries)
    assert cap(any_db, PAPENBURG, 2, later).amount_cents == 47_500
    assert cap(any_db, PAPENBURG, 2, DAY).amount_cents == 45_055


def test_wohngeld_formula_still_applies_before_the_own_table_starts(any_db):
    own_table(any_db, switch=True)
    assert cap(any_db, PAPENBURG, 2, date(2025, 12, 31)).amount_cents == 50_798


# --------------------------------------------------------------------------------------------------
# Appropriate living area (WFB Nr. 15.1)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "m2"), [(1, 50), (2, 60), (3, 75), (4, 85), (5, 95), (6, 105), (8, 125)])
def test_default_area_table(any_db, size, m2):
    assert area(any_db, EMSLAND, size) == m2


def test_area_extras_for_single_parents_disability_and_wheelchair(any_db):
    assert area(any_db, EMSLAND, 2, single_parent=True) == 70
    assert area(any_db, EMSLAND, 3, single_parent=True, disability=True, wheelchair=True) == 105


def test_a_district_area_table_replaces_the_default(any_db):
    cloppenburg = {1: 53.0, 2: 63.0, 3: 75.0, 4: 85.0, 5: 95.0, M.EACH_ADDITIONAL: 10.0}
    settings.add_rules_version(any_db, CLOPPENBURG, {"valid_from": NEW_RULES}, cloppenburg, [])
    assert (area(any_db, CLOPPENBURG, 1), area(any_db, CLOPPENBURG, 2)) == (53, 63)
    assert area(any_db, CLOPPENBURG, 1, date(2025, 6, 1)) == 50
    assert area(any_db, EMSLAND, 1) == 50


def test_area_is_none_before_any_rules(any_db):
    assert area(any_db, EMSLAND, 1, date(2024, 4, 30)) is None
