"""Wohnungsgeberbestätigung (§ 19 BMG): everyone moving in, the move-in date, the owner's name only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.documents.registration_pdf import render_registration
from matcher.core.documents.terms import load_terms
from matcher.core.enums import DocumentKind, LeaseKind
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, members, update

KIND = DocumentKind.REGISTRATION_CONFIRMATION


def _sublease(db) -> M.Placement:
    with db.read_session() as session:
        placement = session.exec(
            select(M.Placement).where(M.Placement.lease_kind == LeaseKind.SUBLEASE).order_by(M.Placement.id)  # type: ignore[arg-type]
        ).first()
    assert placement is not None
    return placement


def test_registration_names_everyone_moving_in_and_the_date(demo_db, placement):
    update(demo_db, M.Placement, placement.id, planned_move_in=date(2027, 3, 1))
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, placement.flat_id)
        landlord = session.get(M.Landlord, flat.landlord_id)
    text = flat_text(render_registration(load_terms(demo_db, KIND, placement.id)))
    for item in [
        "Wohnungsgeberbestätigung",
        "§ 19 Bundesmeldegesetz",
        f"Wohnungsgeber {landlord.name} {landlord.street}, {landlord.postcode} {landlord.city}",
        "Meldepflichtiger Vorgang Einzug",
        "Datum des Einzugs 01.03.2027",
        f"{flat.street} {flat.house_number} {flat.postcode}",
        "bis zu 1.000 €",
        "bis zu 50.000 €",
        f"Unterschrift Wohnungsgeber: {landlord.name}",
        "Seite 1 von 1",
    ]:
        assert item in text
    for person in members(demo_db, placement.household_id):
        assert f"{person.given_name} {person.family_name}" in text
    assert "Eigentümer" not in text


def test_sublease_names_the_municipality_as_wohnungsgeber_and_the_owner_by_name_only(demo_db):
    placement = _sublease(demo_db)
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, placement.flat_id)
        owner = session.get(M.Landlord, flat.owner_id)
        municipality = session.get(M.Landlord, flat.landlord_id)
    text = flat_text(archive.produce(demo_db, KIND, placement.id).pdf)
    assert f"Wohnungsgeber {municipality.name}" in text
    assert f"Eigentümer der Wohnung {owner.name} Meldepflichtiger" in text
    assert owner.street not in text


def test_missing_move_in_date_is_refused(demo_db, placement):
    update(demo_db, M.Placement, placement.id, planned_move_in=None, lease_start=None)
    with pytest.raises(ValidationFailed, match="Einzugsdatum"):
        render_registration(load_terms(demo_db, KIND, placement.id))


def test_registration_needs_no_bank_data(demo_db, placement):
    update(
        demo_db,
        M.Landlord,
        load_terms(demo_db, KIND, placement.id).flat_id and _landlord_id(demo_db, placement),
        iban=None,
    )
    assert render_registration(load_terms(demo_db, KIND, placement.id)).startswith(b"%PDF")


def _landlord_id(db, placement) -> int:
    with db.read_session() as session:
        return session.get(M.Flat, placement.flat_id).landlord_id
