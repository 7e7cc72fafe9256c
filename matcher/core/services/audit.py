"""The audit trail: who did what to which record, when. Never personal data; hash-chained.

Every service writes its entry in the same transaction as the change it records, so either both are
saved or neither. Each entry's hash covers its content and the previous entry's hash: changing or
deleting an entry afterwards breaks the chain, which `verify_chain` detects.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session, select

from matcher.core import models as M
from matcher.core.db import serialize_audit_appends


def _digest(entry: M.AuditEntry) -> str:
    parts = [
        entry.prev_hash,
        entry.at.isoformat(timespec="microseconds"),
        entry.user,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.description,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def record(
    session: Session, user: str, action: str, entity: str, entity_id: object = "", description: str = ""
) -> M.AuditEntry:
    """Append an entry. `description` must not contain names or other personal data."""
    serialize_audit_appends(session)
    last = session.exec(select(M.AuditEntry.hash).order_by(M.AuditEntry.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    entry = M.AuditEntry(
        user=user,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        description=description,
        prev_hash=last or "",
        hash="",
    )
    entry.hash = _digest(entry)
    session.add(entry)
    return entry


def verify_chain(session: Session) -> int | None:
    """Return the id of the first entry whose hash or link is wrong, or None if the chain is intact."""
    previous = ""
    for entry in session.exec(select(M.AuditEntry).order_by(M.AuditEntry.id)):  # type: ignore[arg-type]
        if entry.prev_hash != previous or entry.hash != _digest(entry):
            return entry.id
        previous = entry.hash
    return None
