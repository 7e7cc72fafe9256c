"""Storage: one engine per database, short sessions, Alembic migrations, a backup before migrating.

SQLite (the default, one file per office laptop) gets WAL, `synchronous=FULL`, foreign keys,
`secure_delete` and a busy timeout on every connection, and write sessions that `BEGIN IMMEDIATE` so two
writers queue instead of failing with "database is locked" on a read-to-write upgrade. PostgreSQL (an
office server) runs the same code. Nothing SQLite-specific lives outside this module.
"""

from __future__ import annotations

import getpass
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from matcher.core import paths
from matcher.core.errors import DatabaseDamaged, DatabaseTooNew

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


def url_for_path(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode is not None:  # None: statements that must run outside a transaction (checkpoint)
            conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Database:
    """An open database: the engine, who is working, and sessions for service calls."""

    url: str
    engine: Engine
    user: str = field(default_factory=getpass.getuser)
    read_only: bool = False

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
        """A write transaction: commits on success, rolls back on any error. Objects stay usable."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only snapshot; on SQLite it takes no write lock."""
        engine = self.engine.execution_options(sqlite_begin="DEFERRED") if self.is_sqlite else self.engine
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def checkpoint(self) -> None:
        """Move everything from the WAL into the main file and truncate the WAL (SQLite only)."""
        if not self.is_sqlite:
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


def create_db_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(connection: Any | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check_not_newer(revision: str | None) -> None:
    if revision is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in scripts.walk_revisions()}
    if revision not in known:
        raise DatabaseTooNew(
            "Diese Datenbank wurde mit einer neueren Version von Wohnraum-Matcher angelegt "
            f"(Schema {revision}). Bitte installieren Sie die aktuelle Version des Programms; "
            "die Datei wurde nicht verändert."
        )


def quick_check(engine: Engine) -> None:
    """Refuse a damaged or foreign SQLite file before anything writes to it."""
    try:
        with engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
    except Exception as exc:  # sqlite3.DatabaseError "file is not a database" and friends
        raise DatabaseDamaged(
            "Die Datei ist keine lesbare Datenbank oder beschädigt. Sie wurde nicht verändert."
        ) from exc
    if result != "ok":
        raise DatabaseDamaged(f"Die Datenbank ist beschädigt ({result}). Sie wurde nicht verändert.")


def backup_sqlite(source: Path, target: Path) -> Path:
    """Consistent copy of a live SQLite file through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # closing(): sqlite3's own context manager only ends the transaction, it does not close the file.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def _backup_before_migration(db: Database, revision: str | None) -> Path | None:
    if db.path is None or revision is None:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = paths.backup_dir() / f"{db.path.stem}.vor-migration-{revision}.{stamp}.sqlite"
    log.info("backing up before migration to %s", target)
    return backup_sqlite(db.path, target)


def migrate(db: Database) -> bool:
    """Bring the schema to head. Returns True if anything was applied."""
    revision = current_revision(db.engine)
    _check_not_newer(revision)
    if revision == head_revision():
        return False
    _backup_before_migration(db, revision)
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


def open_database(
    url: str | None = None,
    *,
    path: Path | str | None = None,
    user: str | None = None,
    migrate_schema: bool = True,
    load_reference: bool = True,
) -> Database:
    """Open (and create, if missing) a database, check it, migrate it, and load reference data."""
    if url is None:
        target = Path(path) if path is not None else paths.default_db_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        url = url_for_path(target)
    engine = create_db_engine(url)
    db = Database(url=url, engine=engine)
    if user:
        db.user = user
    if db.is_sqlite:
        quick_check(engine)
    if migrate_schema:
        migrate(db)
    if load_reference:
        from matcher.core import reference  # late import: reference needs the schema in place

        reference.ensure_reference_data(db)
    return db
