"""Storage: SQLite settings, constraints in the schema, concurrent writers, refusing foreign files."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from matcher.core import models as M
from matcher.core.db import open_database
from matcher.core.errors import DatabaseDamaged, DatabaseTooNew
from matcher.core.services import landlords


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_connections_are_safe_by_default(db):
    with db.read_session() as session:
        pragma = {
            name: session.exec(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "secure_delete": 1,
        "busy_timeout": 15000,
    }


def _flat(**overrides: object) -> M.Flat:
    values: dict[str, object] = dict(
        landlord_id=1,
        street="Hauptstraße",
        house_number="1",
        postcode="49751",
        ags="03454047",
        living_area_m2=50.0,
        rooms=2,
        bedrooms=1,
        net_rent_cents=30000,
    )
    values.update(overrides)
    return M.Flat(**values)


@pytest.mark.parametrize(
    "overrides",
    [
        {"net_rent_cents": -1},
        {"living_area_m2": 0},
        {"status": "vanished"},
        {"bedrooms": 3, "rooms": 2},
        {"ags": "99999999"},  # foreign key: not a municipality
        {"landlord_id": 999},  # foreign key: no such landlord
        {"head_lease_start": date(2026, 5, 1), "head_lease_end": date(2026, 4, 1)},
    ],
)
def test_schema_refuses_what_the_forms_refuse(any_db, overrides):
    landlords.create_landlord(any_db, {"kind": "private", "name": "Anna Schulte"})
    with pytest.raises(IntegrityError), any_db.session() as session:
        session.add(_flat(**overrides))
    with any_db.session() as session:  # and a valid row goes in
        session.add(_flat())


def test_two_writers_in_parallel_never_see_database_is_locked(db):
    """Read-then-write in two connections: BEGIN IMMEDIATE queues them instead of failing."""
    other = open_database(path=db.path, user="zweite.person")
    errors: list[BaseException] = []

    def work(database, prefix: str) -> None:
        try:
            for i in range(40):
                with database.session() as session:
                    session.exec(text("SELECT count(*) FROM landlord")).one()
                    session.add(M.Landlord(kind="private", name=f"{prefix}{i}"))
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d, p)) for d, p in ((db, "a"), (other, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(landlords.list_landlords(db)) == 80


def test_reading_takes_no_write_lock(db):
    other = open_database(path=db.path, user="zweite.person")
    with db.read_session() as session:
        session.exec(text("SELECT count(*) FROM landlord")).one()
        landlords.create_landlord(other, {"kind": "private", "name": "Während gelesen wird"})


def test_file_from_a_newer_program_is_refused_untouched(db):
    with db.session() as session:
        session.exec(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    before = _sha(db.path)
    with pytest.raises(DatabaseTooNew, match="neueren Version"):
        open_database(path=db.path)
    assert _sha(db.path) == before


def test_damaged_file_is_refused_untouched(db):
    db.dispose()
    raw = bytearray(db.path.read_bytes())
    raw[0:16] = b"not a database!!"
    db.path.write_bytes(bytes(raw))
    with pytest.raises(DatabaseDamaged, match="beschädigt"):
        open_database(path=db.path)
    assert db.path.read_bytes()[:16] == b"not a database!!"


def test_display_name_hides_the_password():
    from matcher.core.db import Database, create_db_engine

    url = "postgresql+psycopg://caseworker:geheim@server/matcher"
    assert "geheim" not in Database(url=url, engine=create_db_engine(url)).display_name
