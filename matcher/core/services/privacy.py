"""Data protection: erasure of a household (Art. 17 GDPR) and the retention period for closed cases.

Erasure deletes a household with everything that names its people — members, contact persons, place
wishes, barred municipalities, exclusions, its placements with their workflow notes and the documents
archived for them (their PDFs print the names), and rows of import batches that still hold a previous
state of it. On SQLite, deleted content must be gone from the *file*, not merely unlinked: the delete runs
with `secure_delete` (SQLite overwrites freed cells and pages with zeros) and is followed by a WAL
checkpoint that truncates the write-ahead log, whose frames would otherwise still hold the old pages.
On PostgreSQL the rows are deleted and the tables vacuumed (best effort: the server's own WAL archive
and backups are the server administrator's to expire).

Retention: households housed or withdrawn for longer than the office's `household_retention_days` are
listed first (a dry run) and then anonymised in place, so the statistics keep their counts (status,
size, residence status, month of registration) while nothing identifies a person any more. No schema
change: names become "Anonymisiert", birth dates become birth years, free text and contact data are
cleared, the case number becomes "ANON-<id>".

The audit trail keeps an entry for each erasure and anonymisation with ids and counts only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlmodel import Session, col

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import HouseholdStatus, PlacementState
from matcher.core.errors import FieldError, NotFound, ValidationFailed
from matcher.core.formatting import day
from matcher.core.models import utcnow
from matcher.core.services import audit
from matcher.core.services.common import check_version
from matcher.core.text import TextRejected, clean_text, fold_for_search

log = logging.getLogger(__name__)

ANONYMISED_NAME = "Anonymisiert"
ANON_PREFIX = "ANON-"
CLOSED_STATUSES = frozenset({HouseholdStatus.HOUSED, HouseholdStatus.WITHDRAWN})
FINAL_PLACEMENT_STATES = frozenset({PlacementState.DECLINED, PlacementState.MOVED_IN, PlacementState.CANCELLED})
CHECKPOINT_ATTEMPTS = 5
IMPORT_ITEM_TABLE = "import_batch_item"

HEALTH_FLAGS = (
    "needs_wheelchair",
    "needs_no_stairs",
    "needs_ground_floor",
    "needs_extra_room",
    "needs_medical_care",
    "has_disability",
    "vulnerable",
)
"""Health and vulnerability (Art. 9 GDPR): not kept for statistics once a case is anonymised."""


ERASED_TABLES: tuple[str, ...] = tuple(
    table.__tablename__  # type: ignore[attr-defined]
    for table in (
        M.Household,
        M.Member,
        M.ContactPerson,
        M.HouseholdWish,
        M.HouseholdBarredMunicipality,
        M.PairExclusion,
        M.Placement,
        M.PlacementEvent,
        M.Document,
    )
)
"""Tables an erasure or anonymisation deletes from (PostgreSQL vacuums them afterwards)."""


def anonymised_case_number(household_id: int) -> str:
    return f"{ANON_PREFIX}{household_id}"


# --------------------------------------------------------------------------------------------------
# Erasure
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure removed (counts only) and whether the file was cleaned of it."""

    household_id: int
    members: int
    contacts: int
    wishes: int
    placements: int
    documents: int
    import_items: int
    file_cleaned: bool
    """SQLite: the WAL was checkpointed and truncated (False if another program kept reading; the next
    checkpoint finishes the job). PostgreSQL: the tables were vacuumed."""


@dataclass(frozen=True)
class ErasurePreview:
    """What an erasure would remove, for the confirmation question (the case number identifies the file)."""

    household_id: int
    case_number: str
    members: int
    contacts: int
    placements: int
    open_placements: int
    documents: int


def erasure_preview(db: Database, household_id: int) -> ErasurePreview:
    with db.read_session() as session:
        household = session.get(M.Household, household_id)
        if household is None:
            raise NotFound(f"Haushalt {household_id} gibt es nicht (mehr). Bitte prüfen Sie die Nummer.")
        placement_ids = _ids(session, M.Placement.id, col(M.Placement.household_id) == household_id)
        final = [s.value for s in FINAL_PLACEMENT_STATES]

        def count(table: type[Any], condition: Any) -> int:
            return int(session.execute(select(func.count()).select_from(table).where(condition)).scalar_one())

        return ErasurePreview(
            household_id=household_id,
            case_number=household.case_number,
            members=count(M.Member, col(M.Member.household_id) == household_id),
            contacts=count(M.ContactPerson, col(M.ContactPerson.household_id) == household_id),
            placements=len(placement_ids),
            open_placements=count(
                M.Placement,
                (col(M.Placement.household_id) == household_id) & col(M.Placement.state).not_in(final),
            ),
            documents=count(M.Document, col(M.Document.placement_id).in_(placement_ids)),
        )


def erase_household(
    db: Database, household_id: int, *, reason: str = "", expected_version: int | None = None
) -> ErasureResult:
    """Delete a household and all personal data tied to it, and clean the file of the deleted bytes.

    Refused (ValidationFailed, German) while a placement of the household is still open: ending it first
    gives the flat back and leaves its history consistent. `reason` goes into the audit entry and must
    not hold personal data (e.g. "Antrag vom 12.03.2026" or a ticket number).
    """
    reason = _checked_reason(reason)
    with db.session() as session:
        _secure_delete_on(session)
        # The lock order of the placement steps (placements.py): the placements before their household.
        session.execute(
            select(col(M.Placement.id))
            .where(col(M.Placement.household_id) == household_id)
            .order_by(col(M.Placement.id))
            .with_for_update()
        )
        household = session.get(M.Household, household_id, with_for_update=True)
        if household is None:
            raise NotFound(f"Haushalt {household_id} gibt es nicht (mehr). Bitte laden Sie die Liste neu.")
        check_version(household, expected_version, "Der Haushalt")
        _refuse_personal_reason(session, household_id, reason)
        _refuse_open_placements(session, household_id, "löschen")
        placement_ids = _ids(session, M.Placement.id, M.Placement.household_id == household_id)
        member_ids = _ids(session, M.Member.id, M.Member.household_id == household_id)
        counts = {
            "import_items": _delete_import_items(session, household_id, member_ids, placement_ids),
            "documents": _delete_where(session, M.Document, M.Document.placement_id.in_(placement_ids)),  # type: ignore[union-attr]
        }
        _delete_where(session, M.PlacementEvent, M.PlacementEvent.placement_id.in_(placement_ids))  # type: ignore[attr-defined]
        counts["placements"] = _delete_where(session, M.Placement, M.Placement.household_id == household_id)
        counts["members"] = _delete_where(session, M.Member, M.Member.household_id == household_id)
        counts["contacts"] = _delete_where(session, M.ContactPerson, M.ContactPerson.household_id == household_id)
        counts["wishes"] = _delete_where(session, M.HouseholdWish, M.HouseholdWish.household_id == household_id)
        _delete_where(
            session, M.HouseholdBarredMunicipality, M.HouseholdBarredMunicipality.household_id == household_id
        )
        _delete_where(session, M.PairExclusion, M.PairExclusion.household_id == household_id)
        session.delete(household)
        session.flush()
        description = (
            f"Gelöscht nach Art. 17 DSGVO: Personen {counts['members']}, Kontakte {counts['contacts']}, "
            f"Vermittlungen {counts['placements']}, Dokumente {counts['documents']}"
        )
        if reason:
            description += f"; Anlass: {reason}"
        audit.record(session, db.user, "erase", "household", household_id, description[:500])
    cleaned = clean_file(db, _tables_to_clean())
    log.info("household erased (id %s)", household_id)
    return ErasureResult(household_id=household_id, file_cleaned=cleaned, **counts)


def _checked_reason(reason: str) -> str:
    try:
        cleaned = clean_text(reason)
    except TextRejected as exc:
        raise ValidationFailed([FieldError("reason", f"Der Text {exc}.", "Anlass")]) from None
    if len(cleaned) > 200:
        raise ValidationFailed([FieldError("reason", "Bitte höchstens 200 Zeichen eingeben.", "Anlass")])
    return cleaned


_WORD = re.compile(r"\w+")


def _refuse_personal_reason(session: Session, household_id: int, reason: str) -> None:
    """The reason stays in the audit trail after the erasure: it must not name the people erased (a name
    of a member or contact person as a word of its own, or a member's birth date)."""
    words = set(_WORD.findall(fold_for_search(reason)))
    members = session.execute(
        select(col(M.Member.given_name), col(M.Member.family_name), col(M.Member.birth_date)).where(
            col(M.Member.household_id) == household_id
        )
    ).all()
    contacts = session.scalars(
        select(col(M.ContactPerson.name)).where(col(M.ContactPerson.household_id) == household_id)
    )
    names = {part for given, family, _ in members for part in _WORD.findall(fold_for_search(f"{given} {family}"))}
    names |= {part for name in contacts for part in _WORD.findall(fold_for_search(name))}
    births = {text for *_, born in members if born for text in (day(born), born.isoformat())}
    if words & {name for name in names if len(name) > 1} or any(born in reason for born in births):
        message = (
            "Der Anlass bleibt nach dem Löschen im Änderungsprotokoll stehen und darf deshalb keine Namen oder "
            "Geburtsdaten der Betroffenen enthalten. Nennen Sie z. B. das Datum des Antrags."
        )
        raise ValidationFailed([FieldError("reason", message, "Anlass")])


def _refuse_open_placements(session: Session, household_id: int, verb: str) -> None:
    final = [s.value for s in FINAL_PLACEMENT_STATES]
    open_count = session.execute(
        select(func.count())
        .select_from(M.Placement)
        .where(col(M.Placement.household_id) == household_id, col(M.Placement.state).not_in(final))
    ).scalar_one()
    if open_count:
        message = (
            f"Für diesen Haushalt laufen noch {open_count} Vermittlung(en). Bitte schließen Sie diese zuerst ab "
            f"oder brechen Sie sie ab; danach können Sie den Haushalt {verb}."
        )
        raise ValidationFailed([FieldError("placements", message, "Vermittlungen")])


def _ids(session: Session, column: Any, condition: Any) -> list[int]:
    return [int(value) for value in session.execute(select(column).where(condition)).scalars()]


def _delete_where(session: Session, table: type[Any], condition: Any) -> int:
    result = session.execute(delete(table).where(condition))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _import_item_table() -> Table | None:
    """The table of import batch snapshots, when this schema has one (added with the import feature)."""
    return M.metadata.tables.get(IMPORT_ITEM_TABLE)


def _delete_import_items(session: Session, household_id: int, member_ids: list[int], placement_ids: list[int]) -> int:
    """Rows of import batches that refer to this household or hold a previous state of one of its rows.

    The table keeps the state before an import (to undo it), so it can hold names. It is matched by a
    `household_id` column when it has one, otherwise by `entity`/`entity_id`.
    """
    table = _import_item_table()
    if table is None:
        return 0
    conditions = []
    if "household_id" in table.c:
        conditions.append(table.c.household_id == household_id)
    if "entity" in table.c and "entity_id" in table.c:
        ids_by_entity = {"household": [household_id], "member": member_ids, "placement": placement_ids}
        for entity, ids in ids_by_entity.items():
            if ids:
                cast = _entity_id_type(table)
                conditions.append((table.c.entity == entity) & table.c.entity_id.in_([cast(i) for i in ids]))
    if not conditions:
        log.warning("import batch table without a household reference: nothing erased there")
        return 0
    condition = conditions[0]
    for extra in conditions[1:]:
        condition = condition | extra
    return int(session.execute(delete(table).where(condition)).rowcount or 0)  # type: ignore[attr-defined]


def _tables_to_clean() -> tuple[str, ...]:
    return (*ERASED_TABLES, IMPORT_ITEM_TABLE) if _import_item_table() is not None else ERASED_TABLES


def _entity_id_type(table: Table) -> type:
    try:
        return table.c.entity_id.type.python_type  # type: ignore[no-any-return]
    except NotImplementedError:
        return str


# --------------------------------------------------------------------------------------------------
# Cleaning the file: secure_delete and checkpoint (SQLite), VACUUM (PostgreSQL)
# --------------------------------------------------------------------------------------------------


def _secure_delete_on(session: Session) -> None:
    """SQLite overwrites what this transaction deletes with zeros (db.py sets it on every connection;
    set again here so erasure never depends on that)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")


def clean_file(db: Database, tables: Iterable[str] = ()) -> bool:
    """After a deletion: move the WAL into the main file and truncate it (SQLite), or vacuum (PostgreSQL).

    Returns False when the cleaning could not finish (another program holds a read snapshot on the
    SQLite file, or the PostgreSQL role may not vacuum); the data is deleted either way.
    """
    if db.is_sqlite:
        for _ in range(CHECKPOINT_ATTEMPTS):
            db.checkpoint()
            if _wal_empty(db):
                return True
        log.warning("WAL checkpoint after an erasure did not complete")
        return False
    return _vacuum(db, tables)


def _wal_empty(db: Database) -> bool:
    assert db.path is not None
    wal = db.path.with_name(db.path.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _vacuum(db: Database, tables: Iterable[str]) -> bool:
    names = [name for name in tables if name]
    if not names:
        return True
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM " + ", ".join(f'"{name}"' for name in names))
    except Exception as exc:  # vacuum is best effort: the rows are deleted already
        log.warning("VACUUM after an erasure failed: %s", type(exc).__name__)
        return False
    return True


# --------------------------------------------------------------------------------------------------
# Retention: list, then anonymise
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionCandidate:
    """A closed household whose retention period has run out (no names: number, case number, status,
    dates, size)."""

    household_id: int
    case_number: str
    status: str
    closed_since: date
    size: int


@dataclass(frozen=True)
class RetentionReport:
    retention_days: int
    cutoff: date
    candidates: list[RetentionCandidate]
    applied: bool
    file_cleaned: bool | None = None


def retention_days(db: Database) -> int:
    with db.read_session() as session:
        office = session.get(M.Office, 1)
        return office.household_retention_days if office is not None else int(_default_retention())


def _default_retention() -> int:
    default = M.OfficeBase.model_fields["household_retention_days"].default
    return int(default)


def retention_candidates(db: Database, *, today: date | None = None) -> RetentionReport:
    """Dry run: the households housed or withdrawn for longer than the retention period. Changes nothing."""
    with db.read_session() as session:
        return _report(session, today or date.today(), applied=False)


def apply_retention(db: Database, *, today: date | None = None) -> RetentionReport:
    """Anonymise every household the dry run lists, in one transaction, then clean the file."""
    with db.session() as session:
        _secure_delete_on(session)
        report = _report(session, today or date.today(), applied=True)
        for candidate in report.candidates:
            _anonymise(session, candidate.household_id)
            description = (
                f"Anonymisiert nach Ablauf der Aufbewahrungsfrist ({report.retention_days} Tage): "
                f"Status {HouseholdStatus(candidate.status).value}, Personen {candidate.size}"
            )
            audit.record(session, db.user, "anonymise", "household", candidate.household_id, description)
    if not report.candidates:
        return report
    cleaned = clean_file(db, _tables_to_clean())
    log.info("retention applied: %d households anonymised", len(report.candidates))
    return RetentionReport(report.retention_days, report.cutoff, report.candidates, True, cleaned)


def _report(session: Session, today: date, *, applied: bool) -> RetentionReport:
    office = session.get(M.Office, 1)
    days = office.household_retention_days if office is not None else _default_retention()
    cutoff = today - timedelta(days=days)
    candidates = [c for c in _closed_households(session) if c.closed_since < cutoff]
    return RetentionReport(days, cutoff, candidates, applied)


def _closed_households(session: Session) -> list[RetentionCandidate]:
    """Closed, not yet anonymised households with the day they were closed.

    The day is the latest of: the last status change in the audit trail, the last move-in of one of its
    placements; a household with neither (imported or demo data) falls back to its last change.
    """
    statuses = [s.value for s in CLOSED_STATUSES]
    rows = session.execute(
        select(
            col(M.Household.id), col(M.Household.status), col(M.Household.updated_at), col(M.Household.case_number)
        ).where(col(M.Household.status).in_(statuses))
    ).all()
    households = {int(r.id): r for r in rows if r.case_number != anonymised_case_number(int(r.id))}
    if not households:
        return []
    status_changes: dict[int, datetime] = {}
    audit_rows = session.execute(
        select(col(M.AuditEntry.entity_id), func.max(col(M.AuditEntry.at)))
        .where(col(M.AuditEntry.entity) == "household", col(M.AuditEntry.action) == "status")
        .group_by(col(M.AuditEntry.entity_id))
    ).all()
    for entity_id, at in audit_rows:
        if entity_id.isdigit() and int(entity_id) in households and at is not None:
            status_changes[int(entity_id)] = _aware(at)
    moves = session.execute(
        select(col(M.Placement.household_id), func.max(col(M.PlacementEvent.at)))
        .join(M.PlacementEvent, col(M.PlacementEvent.placement_id) == col(M.Placement.id))
        .where(col(M.PlacementEvent.to_state) == PlacementState.MOVED_IN.value)
        .group_by(col(M.Placement.household_id))
    ).all()
    for household_id, at in moves:
        if household_id in households and at is not None:
            previous = status_changes.get(household_id)
            status_changes[household_id] = max(previous, _aware(at)) if previous else _aware(at)
    sizes: dict[int, int] = {
        int(household_id): int(count)
        for household_id, count in session.execute(
            select(col(M.Member.household_id), func.count())
            .where(col(M.Member.household_id).in_(list(households)))
            .group_by(col(M.Member.household_id))
        ).all()
    }
    result = []
    for household_id, row in sorted(households.items()):
        closed_at = status_changes.get(household_id) or _aware(row.updated_at)
        result.append(
            RetentionCandidate(
                household_id, row.case_number, str(row.status), closed_at.date(), int(sizes.get(household_id, 0))
            )
        )
    return result


def _aware(value: datetime) -> datetime:
    """UTCDateTime returns aware values; raw aggregates (max) come back naive on SQLite."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _month(value: date | None) -> date | None:
    return value.replace(day=1) if value is not None else None


def _anonymise(session: Session, household_id: int) -> None:
    """Overwrite everything identifying in place; keep what statistics count."""
    household = session.get(M.Household, household_id, with_for_update=True)
    if household is None:
        return
    household.case_number = anonymised_case_number(household_id)
    household.phone = ""
    household.email = ""
    household.current_accommodation = ""
    household.notes = ""
    household.accommodated_since = None
    household.registered_on = _month(household.registered_on) or household.registered_on
    household.needed_from = _month(household.needed_from)
    household.permit_issued_on = _month(household.permit_issued_on)
    household.obligation_until = _month(household.obligation_until)
    household.parked_until = None
    for flag in HEALTH_FLAGS:
        setattr(household, flag, False)
    household.updated_at = utcnow()
    session.execute(
        update(M.Member)
        .where(M.Member.household_id == household_id)  # type: ignore[arg-type]
        .values(given_name=ANONYMISED_NAME, family_name=ANONYMISED_NAME, languages="")
    )
    for member in session.execute(select(M.Member).where(col(M.Member.household_id) == household_id)).scalars():
        if member.birth_date is not None:
            member.birth_year, member.birth_date = member.birth_date.year, None
    placement_ids = _ids(session, M.Placement.id, M.Placement.household_id == household_id)
    member_ids = _ids(session, M.Member.id, M.Member.household_id == household_id)
    _delete_import_items(session, household_id, member_ids, placement_ids)
    _delete_where(session, M.Document, M.Document.placement_id.in_(placement_ids))  # type: ignore[union-attr]
    _delete_where(session, M.ContactPerson, M.ContactPerson.household_id == household_id)
    _delete_where(session, M.HouseholdWish, M.HouseholdWish.household_id == household_id)
    _delete_where(session, M.HouseholdBarredMunicipality, M.HouseholdBarredMunicipality.household_id == household_id)
    _delete_where(session, M.PairExclusion, M.PairExclusion.household_id == household_id)
    session.execute(
        update(M.Placement)
        .where(M.Placement.household_id == household_id)  # type: ignore[arg-type]
        .values(
            fixed_term_reason="",
            fixed_term_end=None,
            membership_number="",
            shares_paid_by="",
            score_snapshot_json=None,
            version=M.Placement.version + 1,
        )
    )
    session.execute(
        update(M.PlacementEvent)
        .where(M.PlacementEvent.placement_id.in_(placement_ids))  # type: ignore[attr-defined]
        .values(note="", changes_json=None)  # a step's before/after values may hold a typed reason
    )
    session.flush()
