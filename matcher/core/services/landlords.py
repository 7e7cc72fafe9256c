"""Landlords and owners: private persons, housing companies, cooperatives, municipalities."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from sqlmodel import select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.errors import FieldError
from matcher.core.services import audit
from matcher.core.services.common import apply, check_version, get_or_fail, merged
from matcher.core.services.validation import label_of, require, validate

WHAT = "Der Vermieter"


def normalise_iban(value: str | None) -> tuple[str | None, FieldError | None]:
    """Compact, checked IBAN — or a German error naming the problem."""
    if value is None or not value.strip():
        return None, None
    try:
        return IBAN(value).compact, None
    except SchwiftyException:
        message = "Die IBAN ist ungültig (Prüfziffer oder Länge stimmt nicht). Bitte prüfen Sie die Eingabe."
        return None, FieldError("iban", message, label_of(M.LandlordBase, "iban"))


def _validated(data: Mapping[str, Any]) -> M.LandlordBase:
    validated = validate(M.LandlordBase, data)
    iban, error = normalise_iban(validated.iban)
    require([error] if error else [])
    validated.iban = iban
    return validated


def create_landlord(db: Database, data: Mapping[str, Any]) -> M.Landlord:
    validated = _validated(data)
    with db.session() as session:
        landlord = M.Landlord.model_validate(validated.model_dump())
        session.add(landlord)
        session.flush()
        audit.record(session, db.user, "create", "landlord", landlord.id, f"Art: {landlord.kind}")
    return landlord


def update_landlord(
    db: Database, landlord_id: int, changes: Mapping[str, Any], expected_version: int | None = None
) -> M.Landlord:
    with db.session() as session:
        landlord = get_or_fail(session, M.Landlord, landlord_id, "Vermieter")
        check_version(landlord, expected_version, WHAT)
        validated = _validated(merged(landlord, changes, M.LandlordBase))
        apply(landlord, validated)
        session.flush()
        audit.record(session, db.user, "update", "landlord", landlord.id, "Felder: " + ", ".join(sorted(changes)))
    return landlord


def get_landlord(db: Database, landlord_id: int) -> M.Landlord:
    with db.read_session() as session:
        return get_or_fail(session, M.Landlord, landlord_id, "Vermieter")


def list_landlords(db: Database) -> list[M.Landlord]:
    with db.read_session() as session:
        return list(session.exec(select(M.Landlord).order_by(M.Landlord.name)).all())
