"""Two caseworkers save the same record on one database (PostgreSQL server or SQLite file): the second
save is refused instead of silently overwriting the first (optimistic locking, version column)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from matcher.core import models as M
from matcher.core.db import open_database
from matcher.core.errors import ConflictError
from matcher.core.services import landlords


def test_second_caseworker_with_an_old_version_is_refused(any_db):
    landlord = landlords.create_landlord(any_db, {"kind": "private", "name": "Anna Schulte"})
    other = open_database(any_db.url, user="zweite.person", migrate_schema=False, load_reference=False)
    try:
        seen_by_both = landlord.version
        landlords.update_landlord(any_db, landlord.id, {"phone": "05931 1"}, expected_version=seen_by_both)
        with pytest.raises(ConflictError):
            landlords.update_landlord(other, landlord.id, {"phone": "05931 2"}, expected_version=seen_by_both)
    finally:
        other.dispose()
    assert landlords.get_landlord(any_db, landlord.id).phone == "05931 1"


def test_a_save_that_races_past_the_check_is_still_refused_by_the_version_column(any_db):
    """Both read version 1; the first commits in between; the second's UPDATE … WHERE version = 1 fails."""
    landlord = landlords.create_landlord(any_db, {"kind": "private", "name": "Anna Schulte"})
    other = open_database(any_db.url, user="zweite.person", migrate_schema=False, load_reference=False)
    try:
        if not any_db.is_sqlite:  # SQLite's write transaction would block the other writer until it ends
            with pytest.raises(StaleDataError), other.session() as session:
                row = session.get(M.Landlord, landlord.id)
                assert row is not None and row.version == 1
                landlords.update_landlord(any_db, landlord.id, {"phone": "05931 1"}, expected_version=1)
                row.phone = "05931 2"
        else:
            with other.read_session() as session:
                row = session.get(M.Landlord, landlord.id)
            landlords.update_landlord(any_db, landlord.id, {"phone": "05931 1"}, expected_version=1)
            with pytest.raises(StaleDataError), other.session() as session:
                row.phone = "05931 2"
                session.add(row)
    finally:
        other.dispose()
    stored = landlords.get_landlord(any_db, landlord.id)
    assert (stored.phone, stored.version) == ("05931 1", 2)
