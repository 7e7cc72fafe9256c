"""`export`, `report` and `bundle` through the command line, as office IT scripts them."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("db") / "amt.sqlite"
    filled = run(home, "demo", "--db", str(path), "--households", "40")
    assert filled.code == 0, filled.err
    return home, path


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_export_a_filtered_list_to_csv(demo, tmp_path):
    home, path = demo
    target = tmp_path / "frei.csv"
    done = run(home, "export", "flats", str(target), "--db", str(path), "--filter", "status=frei",
               "--columns", "id,address,net_rent_cents,status", "--json")  # fmt: skip
    assert done.code == 0, done.err
    result = done.json()
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nr.", "Adresse", "Nettokaltmiete (€)", "Status"]
    assert result["rows"] == len(rows) - 1 > 0 and result["format"] == "csv"
    assert {row[3] for row in rows[1:]} == {"frei"}
    assert all("," in row[2] for row in rows[1:])  # decimal comma


def test_export_households_to_xlsx_without_names_by_default(demo, tmp_path):
    home, path = demo
    target = tmp_path / "haushalte.xlsx"
    done = run(home, "export", "households", str(target), "--db", str(path))
    assert done.code == 0, done.err
    assert "40 Zeilen (Haushalte) gespeichert" in done.out
    headers = [cell.value for cell in load_workbook(target).active[1]]
    assert "Aktenzeichen" in headers and "Antragsteller/in" not in headers


def test_personal_columns_need_the_option(demo, tmp_path):
    home, path = demo
    target = tmp_path / "namen.csv"
    refused = run(home, "export", "households", str(target), "--db", str(path), "--columns", "id,applicant")
    assert refused.code == 2 and "--personal-data" in refused.err and not target.exists()
    done = run(home, "export", "households", str(target), "--db", str(path), "--columns", "id,applicant",
               "--personal-data")  # fmt: skip
    assert done.code == 0, done.err


@pytest.mark.slow
def test_report_as_pdf_and_xlsx(demo, tmp_path):
    home, path = demo
    for name in ("statistik.pdf", "statistik.xlsx"):
        target = tmp_path / name
        done = run(home, "report", str(target), "--db", str(path), "--as-of", "25.11.2026", "--json")
        assert done.code == 0, done.err
        result = done.json()
        assert result["as_of"] == "2026-11-25" and result["period_start"] == "2025-12-01"
        assert result["threshold"] == 5 and result["tables"] == 6
        assert target.stat().st_size > 1000
    assert (tmp_path / "statistik.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_bundle_moves_a_database_into_a_new_file(demo, tmp_path):
    home, path = demo
    bundle, target = tmp_path / "umzug.zip", tmp_path / "neu.sqlite"
    exported = run(home, "bundle", "export", str(bundle), "--db", str(path), "--json")
    assert exported.code == 0, exported.err
    imported = run(home, "bundle", "import", str(bundle), "--db", str(target), "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["rows"] == exported.json()["rows"]
    for table in ("household", "member", "flat", "placement", "placement_event"):
        assert _count(target, table) == _count(path, table) > 0

    again = run(home, "bundle", "import", str(bundle), "--db", str(target))
    assert again.code == 2 and "nicht leer" in again.err


def test_a_tampered_bundle_is_refused(demo, tmp_path):
    home, path = demo
    bundle, tampered, target = tmp_path / "b.zip", tmp_path / "t.zip", tmp_path / "neu.sqlite"
    assert run(home, "bundle", "export", str(bundle), "--db", str(path)).code == 0
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "tables/flat.json":
                flats = json.loads(data)
                flats["rows"].pop()
                data = json.dumps(flats).encode()
            copy.writestr(item, data)
    refused = run(home, "bundle", "import", str(tampered), "--db", str(target))
    assert refused.code == 2 and "beschädigt oder wurde verändert" in refused.err
    assert _count(target, "flat") == 0


def test_wrong_suffix_is_refused_before_anything_happens(demo, tmp_path):
    home, path = demo
    done = run(home, "export", "flats", str(tmp_path / "liste.ods"), "--db", str(path))
    assert done.code == 2 and ".xlsx oder .csv" in done.err
    missing = run(home, "bundle", "import", str(tmp_path / "fehlt.zip"), "--db", str(tmp_path / "x.sqlite"))
    assert missing.code == 2 and "gibt es nicht" in missing.err and not (tmp_path / "x.sqlite").exists()
