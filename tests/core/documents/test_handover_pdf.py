"""Übergabeprotokoll: parties, address, handover date, a row per room, meters, keys, every adult signs."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.documents.handover_pdf import render_handover
from matcher.core.documents.terms import load_terms
from matcher.core.enums import DocumentKind, HeatingFuel
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, update

KIND = DocumentKind.HANDOVER_PROTOCOL


def test_handover_prints_parties_rooms_meters_keys_and_signatures(demo_db, placement):
    update(demo_db, M.Placement, placement.id, planned_move_in=date(2027, 3, 1))
    update(
        demo_db,
        M.Flat,
        placement.flat_id,
        rooms=3,
        bedrooms=2,
        has_kitchen=True,
        has_bath=True,
        has_cellar=True,
        heating_fuel=HeatingFuel.GAS,
    )
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, placement.flat_id)
        landlord = session.get(M.Landlord, flat.landlord_id)
    terms = load_terms(demo_db, KIND, placement.id)
    text = flat_text(render_handover(terms))
    for item in [
        "Übergabeprotokoll",
        f"Vermieter {landlord.name} {landlord.street}, {landlord.postcode} {landlord.city}",
        f"{flat.street} {flat.house_number}, {flat.postcode} {terms.flat.city}",
        "Tag der Übergabe 01.03.2027",
        "Raum Zustand Mängel / Bemerkungen",
        "Wohnzimmer",
        "Schlafzimmer 1",
        "Schlafzimmer 2",
        "Küche",
        "Bad",
        "Flur",
        "Keller",
        "Zähler Zählernummer Zählerstand",
        "Strom",
        "Gas",
        "Wasser kalt",
        "Wasser warm",
        "Wärmemenge",
        "Schlüssel Anzahl Bemerkungen",
        "Wohnungstür",
        f"Unterschrift Vermieter: {landlord.name}",
        "Seite 1 von",
    ]:
        assert item in text, item
    assert terms.tenants
    for person in terms.tenants:
        assert f"Unterschrift Mieter: {person.name}" in text
    for person in terms.occupants:
        assert f"Unterschrift Mieter: {person.name}" not in text


def test_rooms_follow_the_flat(demo_db, placement):
    update(
        demo_db,
        M.Flat,
        placement.flat_id,
        rooms=1,
        bedrooms=0,
        has_kitchen=False,
        has_cellar=False,
        heating_fuel=HeatingFuel.OIL,
    )
    text = flat_text(render_handover(load_terms(demo_db, KIND, placement.id)))
    for absent in ("Schlafzimmer", "Küche", "Keller", "Gas "):
        assert absent not in text, absent


def test_missing_handover_date_is_refused(demo_db, placement):
    update(demo_db, M.Placement, placement.id, planned_move_in=None, lease_start=None)
    with pytest.raises(ValidationFailed, match="Einzugsdatum"):
        render_handover(load_terms(demo_db, KIND, placement.id))


def test_handover_is_archived_with_its_hash(demo_db, placement):
    document = archive.produce(demo_db, KIND, placement.id)
    assert document.sha256 == hashlib.sha256(document.pdf).hexdigest()
    stored = archive.get_document(demo_db, document.id)
    assert stored.pdf == document.pdf and stored.kind == KIND
    assert stored.template_version.startswith("uebergabeprotokoll-")
