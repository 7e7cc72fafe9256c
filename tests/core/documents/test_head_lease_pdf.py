"""Generalmietvertrag: owner lets to the municipality for persons with urgent housing need (§ 578 Abs. 3 BGB)."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.documents.head_lease_pdf import render_head_lease
from matcher.core.documents.terms import head_lease_terms_in_session
from matcher.core.enums import DocumentKind
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, update

KIND = DocumentKind.HEAD_LEASE


def _terms(db, flat_id):
    with db.read_session() as session:
        return head_lease_terms_in_session(session, flat_id)


@pytest.fixture
def head_flat(demo_db) -> M.Flat:
    with demo_db.read_session() as session:
        flat = session.exec(
            select(M.Flat).where(M.Flat.head_lease_start.is_not(None)).order_by(M.Flat.id)  # type: ignore[union-attr]
        ).first()
    assert flat is not None, "the demo data has no head-lease flat"
    return flat


def test_head_lease_prints_parties_purpose_term_notice_and_cost(demo_db, head_flat):
    update(
        demo_db,
        M.Flat,
        head_flat.id,
        head_lease_start=date(2026, 1, 16),
        head_lease_end=date(2036, 1, 14),
        head_lease_notice_date=date(2031, 1, 31),
        funded=True,
        funding_programme="NBank: Erwerb von Belegungs- und Mietbindungen (10 Jahre)",
        binding_end=date(2036, 1, 14),
        net_rent_cents=100_000,
        operating_costs_cents=15_000,
        heating_costs_cents=8_456,
        surcharges_cents=0,
        head_lease_monthly_cost_cents=123_456,
    )
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, head_flat.id)
        owner = session.get(M.Landlord, flat.owner_id)
        municipality = session.get(M.Landlord, flat.landlord_id)
    text = flat_text(render_head_lease(_terms(demo_db, head_flat.id)))
    for item in [
        "Generalmietvertrag",
        f"Vermieter {owner.name}",
        f"{owner.street}, {owner.postcode} {owner.city}",
        f"Mieterin {municipality.name}",
        "Überlassung an Personen mit dringendem Wohnungsbedarf (§ 578 Abs. 3 BGB)",
        "Recht zur Untervermietung",
        f"{flat.street} {flat.house_number}, {flat.postcode}",
        "beginnt am 16.01.2026 und endet am 14.01.2036",
        "die Bindung endet am 14.01.2036",
        "erstmals zum 31.01.2031",
        "Nettokaltmiete 1.000,00 €",
        "Vorauszahlung auf die Betriebskosten 150,00 €",
        "Vorauszahlung auf Heizung und Warmwasser 84,56 €",
        "Miete monatlich insgesamt 1.234,56 €",
        f"Unterschrift Vermieter: {owner.name}",
        f"Unterschrift Mieterin: {municipality.name}",
        "Ort, Datum",
        "Seite 1 von 2",
        "Seite 2 von 2",
    ]:
        assert item in text, item


def test_cost_without_matching_split_prints_only_the_sum(demo_db, head_flat):
    update(demo_db, M.Flat, head_flat.id, head_lease_monthly_cost_cents=99_999)
    text = flat_text(render_head_lease(_terms(demo_db, head_flat.id)))
    assert "Miete monatlich insgesamt 999,99 €" in text
    assert "Nettokaltmiete" not in text


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("owner_id", "Eigentümer"),
        ("head_lease_start", "Beginn der Anmietung"),
        ("head_lease_monthly_cost_cents", "monatlichen Kosten der Anmietung"),
    ],
)
def test_missing_owner_start_or_cost_is_refused_in_german(demo_db, head_flat, field, message):
    update(demo_db, M.Flat, head_flat.id, **{field: None})
    with pytest.raises(ValidationFailed, match=message):
        render_head_lease(_terms(demo_db, head_flat.id))
    with pytest.raises(ValidationFailed):
        archive.produce_for_flat(demo_db, KIND, head_flat.id)


def test_head_lease_is_archived_for_the_flat_with_its_hash(demo_db, head_flat):
    document = archive.produce_for_flat(demo_db, KIND, head_flat.id)
    stored = archive.get_document(demo_db, document.id)
    assert stored.sha256 == hashlib.sha256(stored.pdf).hexdigest()
    assert stored.flat_id == head_flat.id and stored.placement_id is None and stored.kind == KIND
    assert stored.template_version.startswith("generalmietvertrag-")
    assert json.loads(stored.terms_json)["flat_id"] == head_flat.id
    update(demo_db, M.Flat, head_flat.id, head_lease_monthly_cost_cents=1)
    assert archive.get_document(demo_db, document.id).pdf == stored.pdf
