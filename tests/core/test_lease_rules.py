"""Lease money rules: § 551 BGB deposit limit and the rent sums, as pure functions."""

from __future__ import annotations

import pytest

from matcher.core import lease_rules
from matcher.core.formatting import euros


@pytest.mark.parametrize(("net", "limit"), [(0, 0), (1, 3), (39_500, 118_500), (123_45, 370_35)])
def test_max_deposit_is_three_net_rents(net, limit):
    assert lease_rules.max_deposit_cents(net) == limit


def test_deposit_exactly_at_the_limit_is_lawful():
    assert lease_rules.deposit_error(118_500, 39_500) is None
    assert lease_rules.deposit_error(0, 39_500) is None


def test_deposit_one_cent_over_the_limit_names_the_highest_amount():
    message = lease_rules.deposit_error(118_501, 39_500)
    assert message == f"Die Kaution ist höher als drei Nettokaltmieten (höchstens {euros(118_500)})."
    assert "1.185,00" in message


def test_deposit_on_a_rent_free_flat_must_be_zero():
    assert lease_rules.deposit_error(1, 0) is not None


def test_gross_cold_rent_is_net_plus_operating_costs_without_heating():
    assert lease_rules.gross_cold_rent_cents(39_500, 12_050) == 51_550


def test_total_rent_adds_heating_and_surcharges():
    assert lease_rules.total_rent_cents(39_500, 12_050, 8_000, 2_500) == 62_050


@pytest.mark.parametrize(
    ("per_m2", "m2", "limit"),
    [(560, 65.5, 36_680), (561, 65.55, 36_773), (610, 0.1, 61), (580, 70, 40_600)],
)
def test_funded_rent_limit_is_rate_times_area_cut_to_whole_cents(per_m2, m2, limit):
    # 5,61 € × 65,55 m² = 367,7355 € → 367,73 €; 0.1 is not exact in binary but must not lose a cent
    assert lease_rules.funded_rent_limit_cents(per_m2, m2) == limit


@pytest.mark.parametrize(
    "call",
    [
        lambda: lease_rules.max_deposit_cents(-1),
        lambda: lease_rules.deposit_error(-1, 100),
        lambda: lease_rules.gross_cold_rent_cents(100, -1),
        lambda: lease_rules.total_rent_cents(100, 0, -5, 0),
        lambda: lease_rules.total_rent_cents(100, 0, 0, -5),
        lambda: lease_rules.funded_rent_limit_cents(-1, 50.0),
        lambda: lease_rules.funded_rent_limit_cents(560, -1.0),
    ],
)
def test_negative_amounts_are_programming_errors(call):
    with pytest.raises(ValueError, match="negative"):
        call()
