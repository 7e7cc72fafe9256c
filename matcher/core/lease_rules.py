"""Lease money rules: the one place for the deposit limit and the rent sums of a lease.

Forms (validation of a flat), the matcher (the cap test uses the gross cold rent) and the documents (lease,
Mietbescheinigung) all call these functions, so a figure is computed the same way everywhere. All amounts
are integer cents; nothing here touches the database or the screen.

Law behind the rules (domain.md 2 and 5):
- § 551 Abs. 1 BGB: the deposit (Kaution) may be at most three months' rent "ohne die als Pauschale oder
  als Vorauszahlung ausgewiesenen Betriebskosten", i.e. three net cold rents. Cooperative shares
  (Genossenschaftsanteile) are not a deposit and do not count toward the limit (prevailing lower-court
  view: AG Kiel 108 C 24/11, LG Regensburg 2 S 82/09).
- § 556 BGB: operating costs are paid as an advance on top of the net rent; the cold part together with the
  net rent is the Bruttokaltmiete, the figure § 22 SGB II / § 35 SGB XII test against the KdU cap.
- § 535 Abs. 2 BGB with § 556 BGB: the lease states every part and the total the tenant pays each month.
- Funding (NBank Belegungs- und Mietbindung, domain.md 6): the grant fixes a permitted net rent per m² of
  living area (WoFlV) for the binding period; the rent a funded flat may ask is that rate × the area.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from matcher.core.formatting import euros

DEPOSIT_MONTHS = 3
"""§ 551 Abs. 1 BGB: at most three monthly net cold rents."""


def _require_non_negative(**amounts: int) -> None:
    for name, cents in amounts.items():
        if cents < 0:
            raise ValueError(f"{name} must not be negative, got {cents}")


def max_deposit_cents(net_rent_cents: int) -> int:
    """Highest lawful deposit: 3 × net cold rent (§ 551 Abs. 1 BGB).

    Operating and heating advances are excluded by the wording of § 551 Abs. 1; cooperative shares are not
    a deposit and are therefore neither part of the limit nor limited by it.
    """
    _require_non_negative(net_rent_cents=net_rent_cents)
    return DEPOSIT_MONTHS * net_rent_cents


def deposit_error(deposit_cents: int, net_rent_cents: int) -> str | None:
    """German message for a deposit above the § 551 BGB limit, or None when the deposit is lawful.

    A deposit exactly at the limit is lawful. The message names the highest allowed amount so the
    caseworker can correct the figure without doing the sum.
    """
    _require_non_negative(deposit_cents=deposit_cents)
    limit = max_deposit_cents(net_rent_cents)
    if deposit_cents <= limit:
        return None
    return f"Die Kaution ist höher als drei Nettokaltmieten (höchstens {euros(limit)})."


def gross_cold_rent_cents(net_rent_cents: int, operating_costs_cents: int) -> int:
    """Bruttokaltmiete = net cold rent + advance for cold operating costs (§ 556 BGB).

    This is what the KdU cap is tested against (§ 22 Abs. 1 SGB II, Produkttheorie; BSG B 4 AS 87/12 R).
    Heating is judged separately and never part of it.
    """
    _require_non_negative(net_rent_cents=net_rent_cents, operating_costs_cents=operating_costs_cents)
    return net_rent_cents + operating_costs_cents


def total_rent_cents(
    net_rent_cents: int, operating_costs_cents: int, heating_costs_cents: int, surcharges_cents: int
) -> int:
    """Monthly total the tenant pays: net rent, operating and heating advances, surcharges (§ 535 Abs. 2,
    § 556 BGB). The lease and the Mietbescheinigung print this sum beside its parts."""
    _require_non_negative(heating_costs_cents=heating_costs_cents, surcharges_cents=surcharges_cents)
    return gross_cold_rent_cents(net_rent_cents, operating_costs_cents) + heating_costs_cents + surcharges_cents


def funded_rent_limit_cents(permitted_cents_per_m2: int, living_area_m2: float) -> int:
    """Highest net cold rent a funding binding allows: permitted rent per m² × living area (domain.md 6).

    Computed in decimal and cut to whole cents: the rent may not exceed the product, so a fraction of a
    cent is never allowed on top (5,61 € × 65,55 m² = 367,7355 € → 367,73 €).
    """
    _require_non_negative(permitted_cents_per_m2=permitted_cents_per_m2)
    if living_area_m2 < 0:
        raise ValueError(f"living_area_m2 must not be negative, got {living_area_m2}")
    product = Decimal(permitted_cents_per_m2) * Decimal(str(living_area_m2))
    return int(product.to_integral_value(rounding=ROUND_FLOOR))
