"""Storage: one engine per database, short sessions, Alembic migrations, a backup before migrating.

SQLite (the default, one file per office laptop) gets WAL, `synchronous=FULL`, foreign keys,
`secure_delete` and a busy timeout on every connection, and write sessions that `BEGIN IMMEDIATE` so two
writers queue instead of failing with "database is locked" on a read-to-write upgrade. PostgreSQL (an
office server) runs the same code. Nothing SQLite-specific lives outside this module, `backup.py` and
`encryption.py`.

A new SQLite file is created readable by its owner only (0600; SQLite gives its WAL and shared-memory files
the same mode). An encrypted file (SQLCipher) is opened through `sqlcipher3` with the passphrase as key. A
full disk or a read-only folder becomes a `StorageError` with a German message; nothing half-written stays.
"""

from __future__ import annotations

import getpass
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from matcher.core import encryption, paths
from matcher.core.errors import DatabaseDamaged, DatabaseTooNew, MatcherError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 15_000
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA secure_delete = ON",
)


PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smbfs", "smb3", "ncpfs", "afs", "ceph", "glusterfs", "fuse.sshfs", "davfs", "9p"}
)

DISK_FULL = (
    "Der Speicherplatz auf dem Laufwerk der Datenbank ist voll. Ihre letzte Eingabe wurde nicht gespeichert; "
    "alles zuvor Gespeicherte ist unverändert. Bitte schaffen Sie Platz (z. B. alte Dateien löschen) und "
    "speichern Sie dann erneut."
)
NOT_WRITABLE = (
    "Die Datenbank kann nicht beschrieben werden: Datei oder Ordner sind schreibgeschützt. Ihre letzte Eingabe "
    "wurde nicht gespeichert; alles zuvor Gespeicherte ist unverändert. Bitte prüfen Sie die Schreibrechte."
)
OPENED_READ_ONLY = (
    "Die Datenbank ist nur zum Lesen geöffnet (sie wird gerade an einem anderen Platz bearbeitet). "
    "Ihre Eingabe wurde nicht gespeichert."
)
IO_ERROR = (
    "Das Laufwerk der Datenbank meldet einen Schreibfehler. Ihre letzte Eingabe wurde nicht gespeichert; "
    "alles zuvor Gespeicherte ist unverändert. Bitte prüfen Sie das Laufwerk (USB-Stick entfernt?)."
)


class StorageError(MatcherError):
    """The disk is full, the file or folder is read-only, or the drive failed: nothing was saved."""


def url_for_path(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def _install_sqlite_hooks(engine: Engine, passphrase: str | None, read_only: bool) -> None:
    default_begin = "DEFERRED" if read_only else "IMMEDIATE"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        if passphrase is not None:  # the key comes before anything reads the file
            encryption.apply_key(dbapi_conn, passphrase)
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", default_begin)
        if mode is not None:  # None: statements that must run outside a transaction (checkpoint)
            conn.exec_driver_sql(f"BEGIN {mode}")


def _storage_error(exc: OperationalError, read_only: bool) -> StorageError | None:
    """The German explanation of SQLite's 'disk is full', 'readonly database' and 'disk I/O error'."""
    message = str(exc.orig).lower()
    if "disk is full" in message:
        return StorageError(DISK_FULL)
    if "readonly database" in message or "read-only" in message:
        return StorageError(OPENED_READ_ONLY if read_only else NOT_WRITABLE)
    if "disk i/o error" in message:
        return StorageError(IO_ERROR)
    return None


@dataclass
class Database:
    """An open database: the engine, who is working, and sessions for service calls."""

    url: str
    engine: Engine
    user: str = field(default_factory=getpass.getuser)
    read_only: bool = False
    passphrase: str | None = field(default=None, repr=False, compare=False)
    warnings: list[str] = field(default_factory=list)
    """German notes for the person at start-up (e.g. the file sits on a network drive)."""

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        database = make_url(self.url).database
        return Path(database) if self.is_sqlite and database else None

    @property
    def display_name(self) -> str:
        """Where the data lives, for the status bar — never the password."""
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any error. Objects stay usable.

        A full disk or a read-only file raises StorageError (German); the transaction is rolled back whole.
        """
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            problem = _storage_error(exc, self.read_only) if self.is_sqlite else None
            if problem is None:
                raise
            log.warning("save failed: %s", type(problem).__name__)
            raise problem from exc

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only snapshot; on SQLite it takes no write lock."""
        engine = self.engine.execution_options(sqlite_begin="DEFERRED") if self.is_sqlite else self.engine
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def checkpoint(self) -> None:
        """Move everything from the WAL into the main file and truncate the WAL (SQLite only)."""
        if not self.is_sqlite or self.read_only:
            return
        with self.engine.execution_options(sqlite_begin=None).connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_problems(self) -> list[str]:
        """SQLite's full page-by-page check; empty when all is well (PostgreSQL guards its own pages)."""
        if not self.is_sqlite:
            return []
        with self.read_session() as session:
            lines = [str(row[0]) for row in session.connection().exec_driver_sql("PRAGMA integrity_check")]
        return [] if lines == ["ok"] else lines

    def dangling_references(self) -> list[tuple[str, int, str]]:
        """(table, rowid, referenced table) of every row pointing at nothing. PostgreSQL never has any."""
        if not self.is_sqlite:
            return []
        with self.read_session() as session:
            rows = session.connection().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        return [(str(table), int(rowid), str(parent)) for table, rowid, parent, _ in rows]

    def dispose(self) -> None:
        self.engine.dispose()


AUDIT_LOCK_KEY = 0x5752_4D41  # "WRMA": serialises appends to the audit hash chain on PostgreSQL


def serialize_audit_appends(session: Session) -> None:
    """Make concurrent writers append audit entries one after another, so the hash chain never forks.

    SQLite needs nothing: write transactions begin IMMEDIATE and so already run one at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


def create_db_engine(url: str, *, passphrase: str | None = None, read_only: bool = False) -> Engine:
    """An engine; for SQLite with our pragmas, keyed through sqlcipher3 when a passphrase is given."""
    if make_url(url).get_backend_name() == "sqlite":
        options: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
        if passphrase is not None:
            options["module"] = encryption.sqlcipher()
        engine = create_engine(url, **options)
        _install_sqlite_hooks(engine, passphrase, read_only)
        return engine
    return create_engine(url, pool_pre_ping=True)


SCHEMA_HEAD = "0005"
"""The newest migration. Opening a database that is already there needs no Alembic (importing it costs
~0.4 s of every start); tests/migrations checks this equals the head of the migration scripts."""


def alembic_config(connection: Any | None = None) -> Any:
    from alembic.config import Config  # late: only for migrating and checking

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return SCHEMA_HEAD


def script_head() -> str:
    """The head as the migration scripts say (what SCHEMA_HEAD must equal)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (None for an empty one); plain SQL, no Alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_not_newer(revision: str | None) -> None:
    if revision is None:
        return
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in scripts.walk_revisions()}
    if revision not in known:
        raise DatabaseTooNew(
            "Diese Datenbank wurde mit einer neueren Version von Wohnraum-Matcher angelegt "
            f"(Schema {revision}). Bitte installieren Sie die aktuelle Version des Programms; "
            "die Datei wurde nicht verändert."
        )


def quick_check(engine: Engine, *, encrypted: bool = False) -> None:
    """Refuse a damaged or foreign SQLite file (through an engine: for files already known to be sound).

    With a key, SQLCipher cannot tell a wrong passphrase from a damaged first page: WrongPassphrase.
    """
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            tables = {str(row[0]) for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    except OperationalError as exc:
        problem = _storage_error(exc, read_only=False)
        if problem is not None or "unable to open" in str(exc.orig).lower():
            raise (problem or StorageError(NOT_WRITABLE)) from exc
        raise _unreadable(encrypted) from exc
    except Exception as exc:  # sqlite3.DatabaseError "file is not a database" and friends
        raise _unreadable(encrypted) from exc
    _judge(str(result), tables)


def check_file(path: Path, passphrase: str | None) -> None:
    """Check an existing file through a read-only connection, before any connection with our pragmas
    (WAL mode, which rewrites the header) touches it: a damaged or foreign file stays byte for byte."""
    try:
        with closing(encryption.connect_read_only(path, passphrase)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except Exception as exc:  # sqlite3 / sqlcipher3 DatabaseError: "file is not a database" and friends
        if "unable to open" in str(exc).lower():
            raise StorageError(NOT_WRITABLE) from exc
        raise _unreadable(passphrase is not None) from exc
    _judge(str(result), tables)


def _judge(result: str, tables: set[str]) -> None:
    if result != "ok":
        raise DatabaseDamaged(f"Die Datenbank ist beschädigt ({result}). Sie wurde nicht verändert.")
    if tables and "alembic_version" not in tables:
        raise DatabaseDamaged(
            "Die Datei ist eine Datenbank eines anderen Programms, nicht von Wohnraum-Matcher. "
            "Sie wurde nicht verändert."
        )


def _unreadable(encrypted: bool) -> MatcherError:
    if encrypted:
        return encryption.WrongPassphrase()
    return DatabaseDamaged("Die Datei ist keine lesbare Datenbank oder beschädigt. Sie wurde nicht verändert.")


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600 on POSIX)."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    os.close(descriptor)


def private_folder(folder: Path) -> Path:
    """Create `folder` (owner-only when new) and return it."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    return folder


def backup_sqlite(source: Path, target: Path, passphrase: str | None = None) -> Path:
    """Consistent copy of a live SQLite file through SQLite's online backup API.

    The copy is owner-only, written beside the target and renamed into place when complete, and
    encrypted with the same passphrase as the source (SQLCipher copies keyed pages to a keyed target).
    """
    private_folder(target.parent)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    try:
        # closing(): sqlite3's own context manager only ends the transaction, it does not close the file.
        with (
            closing(encryption.connect(source, passphrase)) as src,
            closing(encryption.connect(partial, passphrase)) as dst,
        ):
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            src.backup(dst)
        with partial.open("rb+") as file:
            os.fsync(file.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _backup_before_migration(db: Database, revision: str | None) -> Path | None:
    if db.path is None or revision is None:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = paths.backup_dir() / f"{db.path.stem}.vor-migration-{revision}.{stamp}.sqlite"
    log.info("backing up before migration to %s", target)
    return backup_sqlite(db.path, target, db.passphrase)


def migrate(db: Database) -> bool:
    """Bring the schema to head. Returns True if anything was applied."""
    revision = current_revision(db.engine)
    if revision == head_revision():
        return False
    _check_not_newer(revision)
    _backup_before_migration(db, revision)
    from alembic import command  # late: see SCHEMA_HEAD

    with _migration_connection(db) as conn:
        command.upgrade(alembic_config(conn), "head")
    return True


@contextmanager
def _migration_connection(db: Database) -> Iterator[Connection]:
    """One transaction for the whole upgrade.

    On SQLite, batch mode rebuilds a table by copy, drop and rename; with foreign keys on, the drop
    would cascade-delete every child row (members of households!). So foreign keys are switched off
    for the migration — a pragma that only works outside a transaction, hence on the raw connection
    before SQLAlchemy begins — and checked in full before the transaction commits.
    """
    with db.engine.connect() as conn:
        if not db.is_sqlite:
            with conn.begin():
                yield conn
            return
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseDamaged(
                        f"Die Aktualisierung der Datenbank hätte {len(broken)} Verweise zerstört und wurde "
                        "zurückgenommen. Die Datei ist unverändert; bitte wenden Sie sich an den Support."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def network_filesystem(path: Path) -> str | None:
    """The kind of network drive `path` sits on ("nfs", "cifs", "UNC", …), or None for a local disk."""
    resolved = Path(os.path.abspath(path))
    if sys.platform == "win32":
        text_path = str(resolved)
        if text_path.startswith("\\\\"):
            return "UNC"
        import ctypes

        drive_remote = 4
        drive = resolved.drive + "\\"
        kernel32 = ctypes.windll.kernel32
        return "Netzlaufwerk" if kernel32.GetDriveTypeW(drive) == drive_remote else None
    mounts = Path("/proc/mounts")
    if not sys.platform.startswith("linux") or not mounts.exists():
        return None
    return filesystem_from_mounts(resolved, mounts.read_text(encoding="utf-8", errors="replace"))


def filesystem_from_mounts(path: Path, mounts: str) -> str | None:
    """The network file system type of the mount holding `path`, from /proc/mounts text; None if local."""
    best, kind = -1, ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(fields[1].encode().decode("unicode_escape"))  # "\040" stands for a space
        if (path == point or point in path.parents) and len(point.parts) > best:
            best, kind = len(point.parts), fields[2]
    return kind if kind in NETWORK_FILESYSTEMS else None


def storage_warnings(path: Path) -> list[str]:
    kind = network_filesystem(path)
    if kind is None:
        return []
    log.warning("database on a network drive (%s)", kind)
    return [
        f"Die Datenbank liegt auf einem Netzlaufwerk ({kind}). Eine SQLite-Datei auf einem Netzlaufwerk kann "
        "beschädigt werden, wenn mehrere Rechner sie nutzen oder die Verbindung abreißt. Für ein gemeinsames "
        "Büro richten Sie bitte einen PostgreSQL-Server ein; für einen Arbeitsplatz legen Sie die Datei auf "
        "die eigene Festplatte."
    ]


def _prepare_sqlite_file(path: Path, passphrase: str | None, read_only: bool) -> str | None:
    """Check the place, create a new file owner-only, and settle the key: None for a plain file."""
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        if not encryption.is_encrypted(path):
            return None
        passphrase = passphrase if passphrase is not None else encryption.passphrase_from_environment()
        if passphrase is None:
            raise encryption.PassphraseRequired(path)
        return passphrase
    if read_only:
        raise StorageError(f"Die Datenbank „{path}“ gibt es nicht.")
    if passphrase is not None:
        encryption.check_new_passphrase(passphrase)  # refused before any file is made
    if not os.access(path.parent, os.W_OK):
        raise StorageError(NOT_WRITABLE)
    if not path.exists():
        create_private_file(path)
    return passphrase


def _check_writable(path: Path) -> None:
    """A file on a read-only medium or in a read-only folder: say so, before SQLite fails obscurely."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StorageError(
            f"Die Datenbank „{path}“ liegt in einem schreibgeschützten Ordner oder auf einem schreibgeschützten "
            "Laufwerk. Bitte kopieren Sie sie an einen Ort mit Schreibrechten; die Datei wurde nicht verändert."
        )


def open_database(
    url: str | None = None,
    *,
    path: Path | str | None = None,
    user: str | None = None,
    migrate_schema: bool = True,
    load_reference: bool = True,
    passphrase: str | None = None,
    read_only: bool = False,
) -> Database:
    """Open (and create, if missing) a database, check it, migrate it, and load reference data.

    SQLite: an encrypted file needs `passphrase` (or MATCHER_PASSPHRASE), else PassphraseRequired; a new
    file is encrypted when a passphrase is given. `read_only` opens without writing anything (another
    instance has the file): no migration, no reference data, every save refused.
    """
    if url is None:
        target = Path(path) if path is not None else paths.default_db_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        url = url_for_path(target)
    sqlite_file = make_url(url).database if make_url(url).get_backend_name() == "sqlite" else None
    warnings: list[str] = []
    checked = False
    if sqlite_file and sqlite_file != ":memory:":
        file = Path(sqlite_file)
        passphrase = _prepare_sqlite_file(file, passphrase, read_only)
        if not read_only:
            _check_writable(file)
        if file.stat().st_size > 0:
            check_file(file, passphrase)
            checked = True
        warnings = storage_warnings(file)
    else:
        passphrase = None
    engine = create_db_engine(url, passphrase=passphrase, read_only=read_only)
    db = Database(url=url, engine=engine, read_only=read_only, passphrase=passphrase, warnings=warnings)
    if user:
        db.user = user
    if db.is_sqlite and not checked:
        quick_check(engine, encrypted=passphrase is not None)
    if read_only:
        revision = current_revision(engine)
        if revision != head_revision():
            _check_not_newer(revision)
        return db
    if migrate_schema:
        migrate(db)
    if load_reference:
        from matcher.core import reference  # late import: reference needs the schema in place

        reference.ensure_reference_data(db)
    return db
