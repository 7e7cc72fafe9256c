"""The full bundle: export → import into an empty database → every table identical, on both backends."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.db import Database, head_revision, open_database
from matcher.core.demo import create_demo
from matcher.core.exchange import bundle as B
from matcher.core.services import audit
from tests.conftest import TEST_USER

LOGO = bytes(range(256)) * 3  # every byte value: base64 must carry binary exactly
PDF = b"%PDF-1.7\n\x00\xff\xfe binary \x80\x81 %%EOF"


def _fill(db: Database) -> None:
    """Demo data plus what the demo does not make: binary columns, an import batch, odd text."""
    create_demo(db, households=25, seed=7)
    with db.session() as session:
        office = session.get(M.Office, 1)
        assert office is not None
        office.logo, office.logo_mime, office.name = LOGO, "image/png", "Landkreis Emsland – Fachbereich „Soziales“"
        placement = session.exec(select(M.Placement).order_by(M.Placement.id)).first()
        assert placement is not None
        session.add(
            M.Document(
                kind="lease", placement_id=placement.id, template_version="1", terms_json='{"ä": "ß"}', pdf=PDF,
                sha256=hashlib.sha256(PDF).hexdigest(), file_name="vertrag.pdf", created_by=TEST_USER,
            )
        )  # fmt: skip
        session.add(M.ImportBatch(kind="flats", source_name="liste.xlsx", created_by=TEST_USER, created_count=3))


def _same_content(source: Database, target: Database) -> None:
    """Every table's rows equal; the audit trail of the target has the source's plus the import entry."""
    before, after = B.table_contents(source), B.table_contents(target)
    assert set(before) == set(after) == {table.name for table in M.metadata.sorted_tables}
    # the source's last entry records the export itself, written after the snapshot
    assert after["audit_entry"][:-1] == before["audit_entry"][:-1]
    assert after["audit_entry"][-1][3:5] == ("import", "bundle")
    for name in before:
        if name != "audit_entry":
            assert after[name] == before[name], name
    assert after["household"] and after["member"] and after["document"] and after["import_batch"]


@pytest.fixture
def fresh_sqlite(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A second, empty SQLite database beside the test's own."""
    target = tmp_path / "leer.sqlite"
    shutil.copyfile(sqlite_template, target)
    database = open_database(path=target, user=TEST_USER)
    yield database
    database.dispose()


def test_round_trip_from_any_backend_into_sqlite(any_db, fresh_sqlite, tmp_path):
    _fill(any_db)
    path = tmp_path / "buendel.zip"

    exported = B.export_bundle(any_db, path)
    imported = B.import_bundle(fresh_sqlite, path)

    _same_content(any_db, fresh_sqlite)
    assert exported.total_rows == imported.total_rows > 1000
    with fresh_sqlite.read_session() as session:
        assert audit.verify_chain(session) is None
        office = session.get(M.Office, 1)
        assert office is not None and office.logo == LOGO


def test_round_trip_from_sqlite_into_any_backend(any_db, fresh_sqlite, tmp_path):
    _fill(fresh_sqlite)
    path = tmp_path / "buendel.zip"
    B.export_bundle(fresh_sqlite, path)

    B.import_bundle(any_db, path)

    _same_content(fresh_sqlite, any_db)
    with any_db.session() as session:  # ids go on after the imported ones (PostgreSQL: sequences were reset)
        highest = max(session.exec(select(M.Landlord.id)).all())  # type: ignore[type-var]
        landlord = M.Landlord(kind="private", name="Neu")
        session.add(landlord)
        session.flush()
        assert landlord.id == highest + 1
        assert audit.verify_chain(session) is None


def test_manifest_documents_every_table_with_counts_and_hashes(db, tmp_path):
    _fill(db)
    path = tmp_path / "buendel.zip"
    B.export_bundle(db, path)

    manifest = B.read_manifest(path)
    assert manifest["format"] == B.FORMAT and manifest["format_version"] == B.FORMAT_VERSION
    assert manifest["schema_revision"] == head_revision()
    assert [entry["name"] for entry in manifest["tables"]] == [table.name for table in M.metadata.sorted_tables]
    with zipfile.ZipFile(path) as archive:
        for entry in manifest["tables"]:
            data = archive.read(entry["file"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            assert len(json.loads(data)["rows"]) == entry["rows"]
    office = next(entry for entry in manifest["tables"] if entry["name"] == "office")
    assert {"name": "logo", "type": "binary", "nullable": True} in office["columns"]


def test_import_into_a_database_with_data_is_refused(db, fresh_sqlite, tmp_path):
    _fill(db)
    create_demo(fresh_sqlite, households=5, seed=1)
    before = B.table_contents(fresh_sqlite)
    path = tmp_path / "buendel.zip"
    B.export_bundle(db, path)

    with pytest.raises(B.BundleError, match=r"ist nicht leer .*Haushalte"):
        B.import_bundle(fresh_sqlite, path)

    assert B.table_contents(fresh_sqlite) == before


def _rewrite(path: Path, target: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            copy.writestr(item, change.get(item.filename, source.read(item.filename)))


def test_a_tampered_bundle_is_refused_and_nothing_is_written(db, fresh_sqlite, tmp_path):
    _fill(db)
    path, tampered = tmp_path / "buendel.zip", tmp_path / "veraendert.zip"
    B.export_bundle(db, path)
    with zipfile.ZipFile(path) as archive:
        households = json.loads(archive.read("tables/household.json"))
    households["rows"][0][households["columns"].index("case_number")] = "GEFÄLSCHT-1"
    _rewrite(path, tampered, {"tables/household.json": json.dumps(households).encode()})

    with pytest.raises(B.BundleError, match="Prüfsumme der Tabelle household stimmt nicht"):
        B.import_bundle(fresh_sqlite, tampered)

    with fresh_sqlite.read_session() as session:
        assert B.non_empty_tables(session) == {}


def test_a_bundle_of_another_schema_or_no_bundle_is_refused(db, fresh_sqlite, tmp_path):
    path, newer, other = tmp_path / "buendel.zip", tmp_path / "neuer.zip", tmp_path / "fremd.zip"
    B.export_bundle(db, path)
    manifest = B.read_manifest(path)
    _rewrite(path, newer, {B.MANIFEST: json.dumps({**manifest, "schema_revision": "9999_future"}).encode()})
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("daten.csv", "a;b\n")

    with pytest.raises(B.BundleError, match="neueren Version"):
        B.import_bundle(fresh_sqlite, newer)
    with pytest.raises(B.BundleError, match="kein Bündel"):
        B.import_bundle(fresh_sqlite, other)
    with pytest.raises(B.BundleError, match="gibt es nicht"):
        B.import_bundle(fresh_sqlite, tmp_path / "fehlt.zip")


def test_export_is_audited_without_personal_data(db, tmp_path):
    _fill(db)
    B.export_bundle(db, tmp_path / "buendel.zip")
    with db.read_session() as session:
        entry = session.exec(select(M.AuditEntry).order_by(M.AuditEntry.id.desc())).first()  # type: ignore[union-attr]
    assert entry is not None and (entry.action, entry.entity) == ("export", "bundle")
    assert "Tabellen" in entry.description and "buendel" not in entry.description
