"""Automatic backups of a SQLite database and restoring one of them.

Backups are consistent copies made with SQLite's online backup API while the program runs, owner-only
(0600), encrypted with the database's passphrase when it has one, in `paths.backup_dir()`:

- `<name>.auto.<UTC stamp>.sqlite` on every start and on a schedule (`scheduled_backup`, called by the
  window's timer); rotation keeps the newest of each of the last 7 days and of each of the last 4 weeks;
- `<name>.vor-migration-<revision>.<stamp>.sqlite` before a schema upgrade (db.migrate); the newest 3 stay;
- `<name>.manuell.<stamp>.sqlite` from the `backup` command; never deleted by rotation.

`restore` checks the backup in full first, makes sure nobody else has the file open, then swaps the files:
the current file (damaged or not) is kept beside it as `<name>.ersetzt-<stamp>.sqlite`, never deleted.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from matcher.core import encryption, instance_lock, paths
from matcher.core.db import Database, backup_sqlite, create_private_file
from matcher.core.errors import DatabaseDamaged, MatcherError

log = logging.getLogger(__name__)

AUTO = "auto"
MANUAL = "manuell"
MIGRATION = "vor-migration"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MIGRATION = 3
SCHEDULE_INTERVAL = timedelta(hours=2)
STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<kind>auto|manuell|vor-migration-[^.]+)\.(?P<stamp>\d{8}-\d{6}(?:-\d+)?)\.sqlite$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # AUTO, MANUAL or MIGRATION
    created: datetime  # UTC
    size: int

    @property
    def label(self) -> str:
        """German kind for lists: "automatisch", "von Hand", "vor Aktualisierung"."""
        return {AUTO: "automatisch", MANUAL: "von Hand", MIGRATION: "vor Aktualisierung"}[self.kind]


class BackupFailed(MatcherError):
    """A backup or restore could not be made; the database is unchanged."""


def _sqlite_path(db: Database) -> Path:
    if db.path is None:
        raise BackupFailed(
            "Sicherungen macht das Programm nur von SQLite-Dateien. Eine PostgreSQL-Datenbank sichert "
            "die IT auf dem Server (pg_dump)."
        )
    return db.path


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime(STAMP_FORMAT)


def _unique(folder: Path, stem: str, kind: str, now: datetime | None) -> Path:
    stamp = _stamp(now)
    target = folder / f"{stem}.{kind}.{stamp}.sqlite"
    counter = 1
    while target.exists():  # two backups within one second
        counter += 1
        target = folder / f"{stem}.{kind}.{stamp}-{counter}.sqlite"
    return target


def create_backup(db: Database, target: Path | None = None, *, kind: str = MANUAL, now: datetime | None = None) -> Path:
    """Back the database up to `target` (default: a new file in the backup folder); returns the file."""
    source = _sqlite_path(db)
    if target is None:
        target = _unique(paths.backup_dir(), source.stem, kind, now)
    if target.resolve() == source.resolve():
        raise BackupFailed("Die Sicherung darf nicht die Datenbank selbst überschreiben.")
    try:
        backup_sqlite(source, target, db.passphrase)
    except Exception as exc:  # OSError, or the driver's OperationalError (sqlite3 and sqlcipher3 differ)
        reason = "kein Platz mehr" if "full" in str(exc).lower() else getattr(exc, "strerror", None) or str(exc)
        raise BackupFailed(
            f"Die Sicherung nach „{target}“ ist fehlgeschlagen ({reason}). "
            "Bitte prüfen Sie Platz und Schreibrechte im Zielordner; die Datenbank ist unverändert."
        ) from exc
    log.info("backup written (%s, %d bytes)", kind, target.stat().st_size)
    return target


def list_backups(database: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of `database` in the backup folder, newest first."""
    folder = folder or paths.backup_dir()
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for file in folder.iterdir():
        match = _NAME.match(file.name)
        if match is None or match["stem"] != database.stem:
            continue
        kind = MIGRATION if match["kind"].startswith(MIGRATION) else match["kind"]
        created = datetime.strptime(match["stamp"][:15], STAMP_FORMAT).replace(tzinfo=UTC)
        found.append(BackupInfo(file, kind, created, file.stat().st_size))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def backups_to_delete(backups: Iterable[BackupInfo]) -> list[BackupInfo]:
    """Rotation: of the automatic backups keep the newest of each of the last KEEP_DAILY days and of each
    of the last KEEP_WEEKLY ISO weeks; of pre-migration backups the newest KEEP_MIGRATION; manual ones all."""
    ordered = sorted(backups, key=lambda b: b.created, reverse=True)
    keep: set[Path] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in (b for b in ordered if b.kind == AUTO):
        day, week = backup.created.date(), backup.created.isocalendar()[:2]
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(backup.path)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(backup.path)
    keep.update(b.path for b in [b for b in ordered if b.kind == MIGRATION][:KEEP_MIGRATION])
    keep.update(b.path for b in ordered if b.kind == MANUAL)
    return [b for b in ordered if b.path not in keep]


def rotate(database: Path, folder: Path | None = None) -> list[Path]:
    """Delete the backups that rotation no longer keeps; returns them."""
    deleted = []
    for backup in backups_to_delete(list_backups(database, folder)):
        with suppress(FileNotFoundError):
            backup.path.unlink()
            deleted.append(backup.path)
    return deleted


def automatic_backup(db: Database, now: datetime | None = None) -> Path | None:
    """The backup at start-up: one automatic backup, then rotation. None for PostgreSQL."""
    if db.path is None or db.read_only:
        return None
    target = create_backup(db, kind=AUTO, now=now)
    rotate(db.path)
    return target


def scheduled_backup(db: Database, now: datetime | None = None, interval: timedelta = SCHEDULE_INTERVAL) -> Path | None:
    """For the window's timer: an automatic backup when the newest one is older than `interval`."""
    if db.path is None or db.read_only:
        return None
    now = now or datetime.now(UTC)
    newest = next((b for b in list_backups(db.path) if b.kind == AUTO), None)
    if newest is not None and now - newest.created < interval:
        return None
    return automatic_backup(db, now)


def verify_backup(backup: Path, passphrase: str | None = None) -> None:
    """Check a backup in full (integrity_check) and that it is a Wohnraum-Matcher database."""
    if not backup.is_file():
        raise BackupFailed(f"Die Sicherung „{backup}“ gibt es nicht.")
    if encryption.is_encrypted(backup) and passphrase is None:
        raise encryption.PassphraseRequired(backup)
    key = passphrase if encryption.is_encrypted(backup) else None
    try:
        with closing(encryption.connect(backup, key)) as conn:
            lines = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
            tables = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except Exception as exc:  # sqlite3 / sqlcipher3 DatabaseError: not a database, wrong key
        if key is not None:
            raise encryption.WrongPassphrase() from exc
        raise DatabaseDamaged(f"Die Sicherung „{backup.name}“ ist keine lesbare Datenbank.") from exc
    if lines != ["ok"]:
        raise DatabaseDamaged(f"Die Sicherung „{backup.name}“ ist beschädigt ({lines[0]}).")
    if "alembic_version" not in tables:
        raise DatabaseDamaged(f"Die Datei „{backup.name}“ ist keine Sicherung von Wohnraum-Matcher.")


def latest_good_backup(database: Path, passphrase: str | None = None) -> BackupInfo | None:
    """The newest backup that passes `verify_backup` (for the offer after a failed start-up check)."""
    for backup in list_backups(database):
        try:
            verify_backup(backup.path, passphrase)
        except MatcherError:
            continue
        return backup
    return None


def _companions(database: Path) -> list[Path]:
    return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def restore(database: Path, backup: Path, passphrase: str | None = None, *, user: str | None = None) -> Path | None:
    """Replace `database` by `backup`. Returns where the replaced file now lies (None if there was none).

    The backup is checked first; the database must be closed everywhere (the instance lock is taken, so a
    running program elsewhere refuses the restore). The copy is written beside the database, then the
    current file and its WAL are moved aside and the copy renamed into place — each step a rename on the
    same drive, so at no moment is there no complete file.
    """
    verify_backup(backup, passphrase)
    key = passphrase if encryption.is_encrypted(backup) else None
    with _exclusive(database, user):
        incoming = database.with_name(database.name + ".restore")
        incoming.unlink(missing_ok=True)
        create_private_file(incoming)
        try:
            with closing(encryption.connect(backup, key)) as src, closing(encryption.connect(incoming, key)) as dst:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no WAL beside it
            with incoming.open("rb+") as file:
                os.fsync(file.fileno())
            aside = None
            if database.exists():
                aside = database.with_name(f"{database.stem}.ersetzt-{_stamp()}{database.suffix}")
                os.replace(database, aside)
                for companion in _companions(database):
                    if companion.exists():
                        os.replace(companion, aside.with_name(aside.name + companion.name[len(database.name) :]))
            os.replace(incoming, database)
        except OSError as exc:
            raise BackupFailed(
                f"Die Wiederherstellung ist fehlgeschlagen ({exc.strerror or type(exc).__name__}). "
                "Die Datenbank ist unverändert."
            ) from exc
        finally:
            incoming.unlink(missing_ok=True)
    log.info("database restored from a backup")
    return aside


@contextmanager
def _exclusive(database: Path, user: str | None) -> Iterator[None]:
    """Hold the instance lock for the duration; keep it if this process held it already (the window)."""
    holder = instance_lock.read_holder(database)
    if holder is not None and (holder.host, holder.pid) == (socket.gethostname(), os.getpid()):
        yield
        return
    with instance_lock.acquire(database, user):
        yield
