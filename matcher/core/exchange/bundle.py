"""The full export of a database as a bundle, and its import into an empty database.

What it is for: an office moves to a new laptop or from a SQLite file to the PostgreSQL server without
losing a row. The bundle is a zip file: `manifest.json` (format version, program version, schema
revision, and per table its columns, row count and SHA-256) and one JSON file per table under
`tables/`. The format is documented in `docs/bundle-format.md`.

Tables are taken generically from the SQLModel metadata in foreign-key order, so a table added by a
later migration is exported and imported without a change here. The export refuses a database that
holds a table this program does not know (nothing is left out silently). The import:

- checks the manifest, every file's SHA-256 and the columns before it touches anything;
- accepts only a bundle of the same schema revision as the database (an older bundle: open its source
  with this version once — it is migrated — and export again; a newer bundle: update the program);
- refuses a database that already holds cases, flats, landlords or an audit trail ("empty" means: as
  `init` leaves it — only reference data and default settings, which the bundle replaces);
- writes everything in one transaction, in foreign-key order, then resets PostgreSQL's id sequences, and
  appends one audit entry to the imported hash chain.

No personal data in the audit entries; the bundle itself holds everything, personal data included, and
must be handled like the database file.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    TypeDecorator,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

from matcher import APP_NAME, __version__
from matcher.core import models as M
from matcher.core.db import Database, current_revision, head_revision
from matcher.core.errors import MatcherError
from matcher.core.exchange.export import write_audited
from matcher.core.services import audit

FORMAT = "wohnraum-matcher-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLE_DIR = "tables"
INSERT_CHUNK = 1000

SEEDED_TABLES = frozenset(
    {
        "district",
        "municipality",
        "postcode",
        "rent_level",
        "wohngeld_max_rent",
        "climate_component",
        "district_rules",
        "district_area_rule",
        "district_barred_municipality",
        "office",
        "setting",
        "matching_weight",
    }
)
"""Tables a new database gets filled when it is created (reference data, default rules and settings).
Rows there do not make a database "not empty"; the import replaces them with the bundle's."""
FOREIGN_TABLES = frozenset({"alembic_version"})
"""Tables in the database that are not ours to export (Alembic's bookkeeping: the manifest has the revision)."""


class BundleError(MatcherError):
    """A bundle cannot be written or read, or the target database is not empty. German message."""


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int


@dataclass
class BundleSummary:
    """What an export wrote or an import read: the bundle's file, revision and rows per table."""

    path: Path
    schema_revision: str
    program_version: str
    created_at: str
    tables: list[TableSummary] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables)


# --------------------------------------------------------------------------------------------------
# Column types and values
# --------------------------------------------------------------------------------------------------


def _type_name(column_type: TypeEngine[Any]) -> str:
    """The bundle's name for a column type: how its values are written in JSON."""
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    if isinstance(column_type, LargeBinary):
        return "binary"
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, Integer):
        return "int"
    if isinstance(column_type, Float | Numeric):
        return "float"
    return "text"


def _encode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "binary":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "datetime":
        return value.isoformat(timespec="microseconds")
    if kind == "date":
        return value.isoformat()
    if kind == "float":
        return float(value)
    return value


def _decode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "binary":
        return base64.b64decode(value, validate=True)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    return value


def tables() -> list[Table]:
    """Every table of the program in foreign-key order (parents before children)."""
    return list(M.metadata.sorted_tables)


def _order(table: Table) -> list[Any]:
    return list(table.primary_key.columns) or list(table.columns)


def _check_known_tables(session: Session) -> None:
    present = set(inspect(session.connection()).get_table_names())
    unknown = sorted(present - {table.name for table in tables()} - FOREIGN_TABLES)
    if unknown:
        raise BundleError(
            f"Die Datenbank enthält Tabellen, die dieses Programm nicht kennt ({', '.join(unknown)}). "
            "Sie wurde wohl mit einer neueren Version bearbeitet; bitte exportieren Sie mit dieser Version."
        )


def table_rows(session: Session, table: Table) -> Iterator[tuple[Any, ...]]:
    """The rows of a table in primary-key order, values as the database returns them."""
    query = select(*table.columns).order_by(*_order(table))
    for row in session.execute(query):
        yield tuple(row)


def table_contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, for comparing two databases (the round-trip test)."""
    with db.read_session() as session:
        return {table.name: list(table_rows(session, table)) for table in tables()}


# --------------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _table_file(table: Table, session: Session) -> tuple[bytes, int, list[dict[str, Any]]]:
    columns = [
        {"name": column.name, "type": _type_name(column.type), "nullable": bool(column.nullable)}
        for column in table.columns
    ]
    kinds = [str(column["type"]) for column in columns]
    rows = [
        [_encode(kind, value) for kind, value in zip(kinds, row, strict=True)] for row in table_rows(session, table)
    ]
    document = {"table": table.name, "columns": [column["name"] for column in columns], "rows": rows}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return data, len(rows), columns


def export_bundle(db: Database, path: Path, progress: Callable[[int, int], None] | None = None) -> BundleSummary:
    """Write the whole database to a bundle file at `path`, from one consistent snapshot."""
    path = Path(path)
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    all_tables = tables()
    buffer = io.BytesIO()
    entries: list[dict[str, Any]] = []
    with db.read_session() as session:
        if not db.is_sqlite:  # one snapshot for all tables (SQLite's read transaction is one already)
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        _check_known_tables(session)
        revision = current_revision_of(session)
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, table in enumerate(all_tables):
                data, count, columns = _table_file(table, session)
                name = f"{TABLE_DIR}/{table.name}.json"
                archive.writestr(name, data)
                entries.append(
                    {"name": table.name, "file": name, "rows": count, "sha256": _sha256(data), "columns": columns}
                )
                if progress is not None:
                    progress(index + 1, len(all_tables))
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "program": APP_NAME,
                "program_version": __version__,
                "schema_revision": revision,
                "created_at": created_at,
                "source_dialect": db.engine.dialect.name,
                "tables": entries,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    summary = BundleSummary(
        path, revision, __version__, created_at, [TableSummary(e["name"], e["rows"]) for e in entries]
    )
    description = f"Gesamtexport (Bündel, Schema {revision}): {len(entries)} Tabellen, {summary.total_rows} Zeilen"
    write_audited(db, path, buffer.getvalue(), "bundle", description)
    return summary


def current_revision_of(session: Session) -> str:
    revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        raise BundleError("Die Datenbank hat kein Schema von Wohnraum-Matcher. Bitte legen Sie sie mit „init“ an.")
    return str(revision)


# --------------------------------------------------------------------------------------------------
# Reading and checking a bundle
# --------------------------------------------------------------------------------------------------


@dataclass
class Bundle:
    """A read and checked bundle: its manifest and, per table, column names and decoded rows."""

    manifest: dict[str, Any]
    rows: dict[str, tuple[list[str], list[list[Any]]]]

    @property
    def schema_revision(self) -> str:
        return str(self.manifest["schema_revision"])


def _damaged(detail: str) -> BundleError:
    return BundleError(
        f"Die Bündel-Datei ist beschädigt oder wurde verändert ({detail}). Es wurde nichts eingelesen. "
        "Bitte exportieren Sie die Daten erneut aus der Quelle."
    )


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a bundle (checked for format and version), without reading the tables."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except FileNotFoundError as exc:
        raise BundleError(f"Die Datei „{path}“ gibt es nicht.") from exc
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(
            f"„{Path(path).name}“ ist kein Bündel von {APP_NAME} (keine lesbare manifest.json in einer ZIP-Datei)."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"„{Path(path).name}“ ist kein Bündel von {APP_NAME}.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BundleError(
            f"Das Bündel hat das Format {version}; diese Programmversion liest höchstens Format {FORMAT_VERSION}. "
            "Bitte installieren Sie die aktuelle Version von Wohnraum-Matcher."
        )
    return manifest


def _check_revision(manifest: dict[str, Any], revision: str | None) -> None:
    bundled = manifest.get("schema_revision")
    if bundled == revision:
        return
    if bundled not in _known_revisions():
        raise BundleError(
            f"Das Bündel stammt aus einer neueren Version von {APP_NAME} (Schema {bundled}). "
            "Bitte installieren Sie die aktuelle Version des Programms und lesen Sie es dann ein."
        )
    raise BundleError(
        f"Das Bündel hat das Schema {bundled}, die Datenbank das Schema {revision}. Bitte öffnen Sie die "
        "Quelldatenbank einmal mit dieser Programmversion (sie wird dabei aktualisiert) und exportieren "
        "Sie erneut."
    )


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from matcher.core.db import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def read_bundle(path: Path) -> Bundle:
    """Read every table file, checking its SHA-256 and columns against the manifest and the program."""
    manifest = read_manifest(path)
    by_name = {table.name: table for table in tables()}
    entries = manifest.get("tables")
    if not isinstance(entries, list):
        raise _damaged("keine Tabellenliste")
    listed = {entry.get("name") for entry in entries if isinstance(entry, dict)}
    missing = sorted(set(by_name) - listed)
    unknown = sorted(str(name) for name in listed - set(by_name))
    if unknown:
        raise BundleError(f"Das Bündel enthält Tabellen, die dieses Programm nicht kennt: {', '.join(unknown)}.")
    if missing:
        raise _damaged(f"es fehlen die Tabellen {', '.join(missing)}")
    rows: dict[str, tuple[list[str], list[list[Any]]]] = {}
    with zipfile.ZipFile(path) as archive:
        for entry in entries:
            name = entry["name"]
            try:
                data = archive.read(entry["file"])
            except KeyError as exc:
                raise _damaged(f"die Datei {entry['file']} fehlt") from exc
            if _sha256(data) != entry.get("sha256"):
                raise _damaged(f"Prüfsumme der Tabelle {name} stimmt nicht")
            document = json.loads(data.decode("utf-8"))
            columns = list(document["columns"])
            table = by_name[name]
            if sorted(columns) != sorted(column.name for column in table.columns):
                raise _damaged(f"die Spalten der Tabelle {name} passen nicht zum Schema")
            if len(document["rows"]) != entry.get("rows"):
                raise _damaged(f"Zeilenzahl der Tabelle {name} stimmt nicht")
            kinds = [_type_name(table.columns[column].type) for column in columns]
            decoded = [
                [_decode(kind, value) for kind, value in zip(kinds, row, strict=True)] for row in document["rows"]
            ]
            rows[name] = (columns, decoded)
    return Bundle(manifest, rows)


# --------------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------------


def non_empty_tables(session: Session) -> dict[str, int]:
    """Row counts of the tables that make a database 'not empty' (everything beyond a new database)."""
    counts: dict[str, int] = {}
    for table in tables():
        if table.name in SEEDED_TABLES:
            continue
        count = session.execute(select(func.count()).select_from(table)).scalar_one()
        if count:
            counts[table.name] = int(count)
    return counts


TABLE_NAMES_DE = {
    "household": "Haushalte",
    "member": "Personen",
    "flat": "Wohnungen",
    "landlord": "Vermieter",
    "placement": "Vermittlungen",
    "document": "Dokumente",
    "audit_entry": "Protokolleinträge",
}


def _refuse_non_empty(counts: dict[str, int], where: str) -> None:
    shown = ", ".join(f"{count} {TABLE_NAMES_DE.get(name, name)}" for name, count in sorted(counts.items())[:6])
    raise BundleError(
        f"Die Datenbank „{where}“ ist nicht leer ({shown}). Ein Gesamtimport überschreibt nichts: "
        "Bitte legen Sie eine neue, leere Datenbank an (Befehl „init“ mit einem neuen Dateinamen oder eine "
        "neue Datenbank auf dem Server) und lesen Sie das Bündel dort ein."
    )


def _reset_sequences(session: Session) -> None:
    """After inserting explicit ids, PostgreSQL's sequences must continue after the highest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer) or column.autoincrement is False:
                continue
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                    f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
                ),
                {"table": f'"{table.name}"', "column": column.name},
            )


def import_bundle(db: Database, path: Path, progress: Callable[[int, int], None] | None = None) -> BundleSummary:
    """Read a bundle into an empty database of the same schema, all or nothing."""
    path = Path(path)
    bundle = read_bundle(path)
    _check_revision(bundle.manifest, current_revision(db.engine) or head_revision())
    all_tables = tables()
    with db.session() as session:
        counts = non_empty_tables(session)
        if counts:
            _refuse_non_empty(counts, db.display_name)
        for table in reversed(all_tables):
            session.execute(table.delete())
        for index, table in enumerate(all_tables):
            columns, rows = bundle.rows[table.name]
            for start in range(0, len(rows), INSERT_CHUNK):
                chunk = [dict(zip(columns, row, strict=True)) for row in rows[start : start + INSERT_CHUNK]]
                session.execute(table.insert(), chunk)
            if progress is not None:
                progress(index + 1, len(all_tables))
        _reset_sequences(session)
        audit.record(
            session,
            db.user,
            "import",
            "bundle",
            "",
            f"Gesamtimport (Bündel vom {bundle.manifest.get('created_at', '?')}, Schema {bundle.schema_revision}, "
            f"Programmversion {bundle.manifest.get('program_version', '?')}): "
            f"{sum(len(rows) for _, rows in bundle.rows.values())} Zeilen",
        )
    return BundleSummary(
        path,
        bundle.schema_revision,
        str(bundle.manifest.get("program_version", "")),
        str(bundle.manifest.get("created_at", "")),
        [TableSummary(table.name, len(bundle.rows[table.name][1])) for table in all_tables],
    )
