"""Backups with SQLite's online backup API: at start, before a migration, on a schedule; rotation; restore."""

from __future__ import annotations

import os
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import text

from matcher.core import backup, instance_lock, paths
from matcher.core.db import alembic_config, create_db_engine, open_database, url_for_path
from matcher.core.errors import DatabaseDamaged
from matcher.core.services import landlords


def _names(database) -> set[str]:
    return {landlord.name for landlord in landlords.list_landlords(database)}


def test_backup_is_a_complete_consistent_copy_while_the_database_is_in_use(db):
    landlords.create_landlord(db, {"kind": "private", "name": "Vor der Sicherung"})
    with db.read_session() as session:  # an open reader does not stop the backup
        session.exec(text("SELECT count(*) FROM landlord")).one()
        target = backup.create_backup(db)
    assert target.parent == paths.backup_dir()
    backup.verify_backup(target)
    copy = open_database(path=target, migrate_schema=False, load_reference=False)
    assert _names(copy) == {"Vor der Sicherung"}
    copy.dispose()
    assert [b.path for b in backup.list_backups(db.path)] == [target]


def test_restore_brings_back_the_backup_and_keeps_the_current_file_aside(db):
    landlords.create_landlord(db, {"kind": "private", "name": "Gesichert"})
    saved = backup.create_backup(db)
    landlords.create_landlord(db, {"kind": "private", "name": "Nach der Sicherung"})
    path = db.path
    db.dispose()

    aside = backup.restore(path, saved)

    restored = open_database(path=path)
    assert _names(restored) == {"Gesichert"}
    assert restored.integrity_problems() == []
    restored.dispose()
    assert aside is not None and aside.exists() and aside.parent == path.parent
    kept = open_database(path=aside, migrate_schema=False, load_reference=False)
    assert _names(kept) == {"Gesichert", "Nach der Sicherung"}
    kept.dispose()


def test_restore_refuses_a_damaged_backup_and_leaves_the_database_alone(db):
    landlords.create_landlord(db, {"kind": "private", "name": "Bleibt"})
    saved = backup.create_backup(db)
    raw = bytearray(saved.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # a torn page in the middle
    saved.write_bytes(bytes(raw))
    with pytest.raises(DatabaseDamaged):
        backup.restore(db.path, saved)
    assert _names(db) == {"Bleibt"}


def test_restore_is_refused_while_another_instance_has_the_file_open(db):
    saved = backup.create_backup(db)
    instance_lock._write(  # a holder that is alive: this test's parent process on this computer
        instance_lock.lock_path(db.path),
        instance_lock.LockHolder("kollegin", instance_lock.socket.gethostname(), os.getppid(), datetime.now(UTC)),
        exclusive=True,
    )
    with pytest.raises(instance_lock.DatabaseInUse, match="geöffnet von kollegin"):
        backup.restore(db.path, saved)


def test_damaged_file_can_be_replaced_by_the_latest_good_backup(db):
    landlords.create_landlord(db, {"kind": "private", "name": "Gerettet"})
    older = backup.create_backup(db, kind=backup.AUTO, now=datetime(2026, 1, 1, tzinfo=UTC))
    newest = backup.create_backup(db, kind=backup.AUTO, now=datetime(2026, 1, 2, tzinfo=UTC))
    newest.write_bytes(b"kaputt" * 1000)  # the newest backup is damaged itself: skipped
    path = db.path
    db.dispose()
    raw = bytearray(path.read_bytes())
    raw[0:16] = b"not a database!!"
    path.write_bytes(bytes(raw))
    damaged = path.read_bytes()
    with pytest.raises(DatabaseDamaged):
        open_database(path=path)
    assert path.read_bytes() == damaged  # never written to

    good = backup.latest_good_backup(path)
    assert good is not None and good.path == older
    aside = backup.restore(path, good.path)
    assert aside is not None and aside.read_bytes() == damaged
    reopened = open_database(path=path)
    assert _names(reopened) == {"Gerettet"}
    reopened.dispose()


def test_rotation_keeps_seven_days_and_four_weeks_and_every_manual_backup(db):
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for hours in range(0, 24 * 60, 8):  # every 8 hours for 60 days
        backup.create_backup(db, kind=backup.AUTO, now=start + timedelta(hours=hours))
    backup.create_backup(db, kind=backup.MANUAL, now=start)
    backup.rotate(db.path)
    kept = backup.list_backups(db.path)
    auto = [b.created for b in kept if b.kind == backup.AUTO]
    days = {c.date() for c in auto}
    weeks = {c.isocalendar()[:2] for c in auto}
    newest_day = (start + timedelta(hours=24 * 60 - 8)).date()
    assert sorted(days)[-7:] == [newest_day - timedelta(days=d) for d in range(6, -1, -1)]
    assert len(weeks) == 4  # the daily ones fall into the newest weeks
    assert len(auto) <= 7 + 4
    assert [b.kind for b in kept].count(backup.MANUAL) == 1


def test_scheduled_backup_runs_only_when_the_last_one_is_old_enough(db):
    now = datetime(2026, 5, 4, 9, tzinfo=UTC)
    first = backup.scheduled_backup(db, now=now)
    assert first is not None
    assert backup.scheduled_backup(db, now=now + timedelta(minutes=30)) is None
    assert backup.scheduled_backup(db, now=now + backup.SCHEDULE_INTERVAL) is not None


def test_start_backup_happens_before_any_change_and_is_rotated(db):
    landlords.create_landlord(db, {"kind": "private", "name": "Vom Vortag"})
    target = backup.automatic_backup(db)
    assert target is not None and target.name.startswith(f"{db.path.stem}.auto.")
    backup.verify_backup(target)


def test_migration_makes_a_backup_first(tmp_path):
    path = tmp_path / "alt.sqlite"
    engine = create_db_engine(url_for_path(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
    engine.dispose()
    open_database(path=path).dispose()
    kinds = [(b.kind, b.path.name) for b in backup.list_backups(path)]
    assert len(kinds) == 1 and kinds[0][0] == backup.MIGRATION and "vor-migration-0002" in kinds[0][1]
    backup.verify_backup(backup.list_backups(path)[0].path)


def test_postgresql_is_not_backed_up_by_the_program(pg_db):
    assert backup.automatic_backup(pg_db) is None
    with pytest.raises(backup.BackupFailed, match="pg_dump"):
        backup.create_backup(pg_db)


def test_a_foreign_sqlite_database_is_refused_and_never_written_to(tmp_path):
    import sqlite3

    path = tmp_path / "fremd.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE kunden (name TEXT)")
        conn.execute("INSERT INTO kunden VALUES ('Fremde Firma')")
        conn.commit()
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="anderen Programms"):
        open_database(path=path)
    assert path.read_bytes() == before
