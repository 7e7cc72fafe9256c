"""Mietbescheinigung for the benefit office: every cost item monthly, occupants, deposit or shares, direct payment."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents.rent_certificate_pdf import render_rent_certificate
from matcher.core.documents.terms import load_terms
from matcher.core.enums import DocumentKind, LeaseKind
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, members, update

KIND = DocumentKind.RENT_CERTIFICATE


def _certificate(db, placement) -> str:
    return flat_text(render_rent_certificate(load_terms(db, KIND, placement.id)))


def test_certificate_lists_every_cost_item_and_the_facts_the_office_needs(demo_db, placement):
    update(demo_db, M.Placement, placement.id, lease_start=date(2027, 2, 1), direct_payment=True)
    update(
        demo_db,
        M.Flat,
        placement.flat_id,
        net_rent_cents=123_456,
        operating_costs_cents=20_000,
        heating_costs_cents=9_544,
        surcharges_cents=2_500,
        deposit_cents=300_000,
        living_area_m2=62.5,
        rooms=2.5,
    )
    text = _certificate(demo_db, placement)
    people = members(demo_db, placement.household_id)
    for item in [
        "Mietbescheinigung / Wohnungsangebot",
        "Mietbeginn 01.02.2027",
        "Wohnfläche 62,5 m2",  # NFKC folds the superscript two
        "Zimmer 2,5",
        "Energieträger",
        "Warmwasser zentral",
        f"Zahl der Bewohner {len(people)}",
        "Kaution 3.000,00 €",
        "Miete direkt an den Vermieter ja",
        "Nettokaltmiete 1.234,56 €",
        "Kalte Betriebskosten (Vorauszahlung) 200,00 €",
        "= Bruttokaltmiete 1.434,56 €",
        "Heizkosten und Warmwasser (Vorauszahlung) 95,44 €",
        "Zuschläge (Garage, Möblierung) 25,00 €",
        "Gesamtmiete monatlich 1.555,00 €",
        "Ort, Datum",
        "Unterschrift Vermieter",
    ]:
        assert item in text
    assert "IBAN DE" in text


def test_without_direct_payment_no_account_is_needed_or_printed(demo_db, placement):
    with demo_db.read_session() as session:
        landlord_id = session.get(M.Flat, placement.flat_id).landlord_id
    update(demo_db, M.Landlord, landlord_id, iban=None)
    update(demo_db, M.Placement, placement.id, direct_payment=False)
    text = _certificate(demo_db, placement)
    assert "Miete direkt an den Vermieter nein" in text
    assert "IBAN" not in text
    update(demo_db, M.Placement, placement.id, direct_payment=True)
    with pytest.raises(ValidationFailed, match="IBAN"):
        _certificate(demo_db, placement)


def test_cooperative_shares_are_shown_instead_of_a_deposit(demo_db):
    with demo_db.read_session() as session:
        placement = session.exec(
            select(M.Placement).where(M.Placement.lease_kind == LeaseKind.USAGE_AGREEMENT).order_by(M.Placement.id)  # type: ignore[arg-type]
        ).first()
    assert placement is not None
    update(demo_db, M.Flat, placement.flat_id, cooperative_shares=6, cooperative_share_cents=25_000, deposit_cents=0)
    text = _certificate(demo_db, placement)
    assert "Genossenschaftsanteile 6 × 250,00 € = 1.500,00 €" in text


def test_deposit_above_three_net_rents_is_refused(demo_db, placement):
    with demo_db.read_session() as session:
        net = session.get(M.Flat, placement.flat_id).net_rent_cents
    update(demo_db, M.Flat, placement.flat_id, deposit_cents=3 * net + 1)
    with pytest.raises(ValidationFailed, match="Kaution"):
        _certificate(demo_db, placement)
