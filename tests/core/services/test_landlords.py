"""Landlord service: validation in German, IBAN check, optimistic locking, audit in the same transaction."""

from __future__ import annotations

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.errors import ConflictError, NotFound, ValidationFailed
from matcher.core.services import landlords

GOOD = {"kind": "cooperative", "name": "Bürgergenossenschaft Sögel eG", "iban": "de89 3704 0044 0532 0130 00"}


def test_create_normalises_iban_and_writes_audit(any_db):
    landlord = landlords.create_landlord(any_db, GOOD)
    assert landlord.id is not None and landlord.iban == "DE89370400440532013000"
    with any_db.read_session() as session:
        entries = session.exec(select(M.AuditEntry).where(M.AuditEntry.entity == "landlord")).all()
    assert [(e.action, e.entity_id, e.user) for e in entries] == [("create", str(landlord.id), "test.user")]
    assert "Bürgergenossenschaft" not in entries[0].description


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"name": ""}, "name", "Bitte ausfüllen"),
        ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({"name": "Evil\u202eCorp"}, "name", "Schreibrichtung"),
        ({"name": "Tab\x00Null"}, "name", "Steuerzeichen"),
        ({"iban": "DE89370400440532013001"}, "iban", "IBAN ist ungültig"),
        ({"kind": "bank"}, "kind", "Genossenschaft"),
        ({"colour": "blue"}, "colour", "Unbekanntes Feld"),
    ],
)
def test_bad_input_is_refused_with_german_message_and_nothing_saved(any_db, changes, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        landlords.create_landlord(any_db, {**GOOD, **changes})
    assert any(fragment in message for message in caught.value.for_field(field))
    assert landlords.list_landlords(any_db) == []


def test_text_is_stored_nfc(any_db):
    decomposed = "Mu\u0308ller"
    landlord = landlords.create_landlord(any_db, {**GOOD, "name": decomposed})
    assert landlords.get_landlord(any_db, landlord.id).name == "Müller"


def test_stale_update_is_refused(any_db):
    landlord = landlords.create_landlord(any_db, GOOD)
    landlords.update_landlord(any_db, landlord.id, {"city": "Sögel"}, expected_version=landlord.version)
    with pytest.raises(ConflictError, match="inzwischen von einer anderen Person geändert"):
        landlords.update_landlord(any_db, landlord.id, {"city": "Meppen"}, expected_version=landlord.version)
    assert landlords.get_landlord(any_db, landlord.id).city == "Sögel"


def test_unknown_id_is_a_german_not_found(any_db):
    with pytest.raises(NotFound, match="gibt es nicht"):
        landlords.update_landlord(any_db, 999, {"city": "Lingen"})
