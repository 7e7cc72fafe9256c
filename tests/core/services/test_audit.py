"""The audit trail: one entry per change, no personal data, a hash chain that reveals tampering."""

from __future__ import annotations

import threading

from sqlalchemy import text
from sqlmodel import select

from matcher.core import models as M
from matcher.core.services import audit, landlords


def test_tampering_with_an_entry_is_detected(any_db):
    for name in ("Anna Schulte", "Berta Meyer", "Carla Hinrichs"):
        landlords.create_landlord(any_db, {"kind": "private", "name": name})
    with any_db.read_session() as session:
        ids = session.exec(select(M.AuditEntry.id).order_by(M.AuditEntry.id)).all()
        assert audit.verify_chain(session) is None
    with any_db.session() as session:
        session.exec(text("UPDATE audit_entry SET action = 'delete' WHERE id = :id").bindparams(id=ids[1]))
    with any_db.read_session() as session:
        assert audit.verify_chain(session) == ids[1]


def test_deleting_an_entry_is_detected(any_db):
    for name in ("Anna Schulte", "Berta Meyer", "Carla Hinrichs"):
        landlords.create_landlord(any_db, {"kind": "private", "name": name})
    with any_db.session() as session:
        second = session.exec(select(M.AuditEntry.id).order_by(M.AuditEntry.id).offset(1)).first()
        session.exec(text("DELETE FROM audit_entry WHERE id = :id").bindparams(id=second))
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is not None


def test_concurrent_writers_keep_one_unbroken_chain(any_db):
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for i in range(15):
                landlords.create_landlord(any_db, {"kind": "private", "name": f"{prefix} {i}"})
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in ("Nord", "Süd", "West")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None
        descriptions = session.exec(select(M.AuditEntry.description)).all()
    assert len(descriptions) == 45
    assert not any("Nord" in d or "Süd" in d for d in descriptions)
