"""`python -m matcher import …` as office IT runs it: the guess printed, a dry run, exit 2 on bad rows, undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.core.db import open_database
from tests.core.exchange.office_files import (
    HOUSEHOLD_HEADERS,
    company,
    flat_rows,
    household_rows,
    write_csv,
    write_xlsx,
)

from .test_cli import run


@pytest.fixture
def database(tmp_path: Path, _isolated_home: Path) -> Path:
    path = tmp_path / "amt.sqlite"
    db = open_database(path=path)
    company(db)
    db.dispose()
    return path


def _flat_count(home: Path, path: Path) -> int:
    listed = run(home, "list", "flats", "--db", str(path), "--json")
    assert listed.code == 0, listed.err
    return len(listed.json())


def test_dry_run_prints_the_mapping_and_the_reasons_and_exits_2(database, tmp_path, _isolated_home):
    path = write_csv(tmp_path / "gbh.csv", flat_rows(12, bad=[2, 5]))
    done = run(_isolated_home, "import", "flats", str(path), "--db", str(database), "--dry-run")
    assert done.code == 2
    assert "Datei: gbh.csv (CSV, Windows-1252, Trennzeichen Semikolon), 12 Zeilen" in done.out
    assert "  Kaltmiete in €   → Nettokaltmiete (net_rent_cents)" in done.out
    assert (
        "Probelauf – Wohnungen: 10 neu, 0 aktualisiert, 0 unverändert, 0 Dubletten (übersprungen), 2 abgelehnt"
        in done.out
    )
    assert "abgelehnt: Zeile 4, Wohnfläche (m²): „ca. 60“ ist keine Zahl." in done.out
    assert "abgelehnt: Zeile 7, PLZ: Bitte geben Sie die fünfstellige Postleitzahl ein" in done.out
    assert "Es wurde nichts gespeichert (Probelauf)." in done.out
    assert _flat_count(_isolated_home, database) == 0


def test_a_commit_with_bad_rows_saves_nothing_and_says_so_in_german(database, tmp_path, _isolated_home):
    path = write_csv(tmp_path / "gbh.csv", flat_rows(12, bad=[2, 5]))
    done = run(_isolated_home, "import", "flats", str(path), "--db", str(database))
    assert done.code == 2
    assert done.err.strip() == (
        "Fehler: 2 von 12 Datensätzen sind fehlerhaft; es wurde nichts gespeichert. Bitte korrigieren Sie die "
        "Datei oder lassen Sie die fehlerhaften Zeilen weg."
    )
    assert _flat_count(_isolated_home, database) == 0


@pytest.mark.slow
def test_import_as_json_then_undo(database, tmp_path, _isolated_home):
    path = write_xlsx(tmp_path / "gbh.xlsx", flat_rows(20, bad=[7]))
    done = run(_isolated_home, "import", "flats", str(path), "--db", str(database), "--skip-rejected", "--json")
    assert done.code == 0, done.err
    report = done.json()
    assert report["committed"] is True and report["sheet"] == "Wohnungen"
    assert report["counts"] == {"create": 19, "update": 0, "unchanged": 0, "duplicate": 0, "reject": 1}
    [rejected] = [r for r in report["records"] if r["action"] == "reject"]
    assert rejected["rows"] == [9]
    assert rejected["errors"] == [
        {"row": 9, "field": "living_area_m2", "column": "Wohnfläche (m²)",
         "message": "„ca. 60“ ist keine Zahl. Bitte eine Zahl wie 1.234,56 eingeben."}
    ]  # fmt: skip
    assert _flat_count(_isolated_home, database) == 19
    undone = run(_isolated_home, "import", "undo", str(report["batch_id"]), "--db", str(database))
    assert undone.code == 0, undone.err
    assert (
        undone.out.strip()
        == f"Import {report['batch_id']} rückgängig gemacht: 19 Datensätze entfernt oder zurückgesetzt."
    )
    assert _flat_count(_isolated_home, database) == 0
    again = run(_isolated_home, "import", "undo", str(report["batch_id"]), "--db", str(database))
    assert again.code == 2 and "bereits rückgängig" in again.err
    checked = run(_isolated_home, "check", "--db", str(database))
    assert checked.code == 0, checked.out


def test_a_mapping_file_overrides_the_guess_and_the_guess_can_be_written(database, tmp_path, _isolated_home):
    rows = household_rows()
    path = write_csv(tmp_path / "liste.csv", rows, HOUSEHOLD_HEADERS, encoding="utf-8-sig")
    written = tmp_path / "zuordnung.json"
    done = run(_isolated_home, "import", "households", str(path), "--db", str(database), "--dry-run",
               "--write-mapping", str(written))  # fmt: skip
    assert done.code == 0, done.out + done.err
    assert json.loads(written.read_text(encoding="utf-8"))["columns"]["Unterkunft"] == "current_accommodation"
    override = tmp_path / "ohne_unterkunft.json"
    override.write_text(json.dumps({"columns": {"Unterkunft": None}}), encoding="utf-8")
    done = run(_isolated_home, "import", "households", str(path), "--db", str(database), "--mapping", str(override),
               "--json")  # fmt: skip
    assert done.code == 0, done.err
    assert done.json()["mapping"]["Unterkunft"] is None
    assert done.json()["counts"]["create"] == 2


@pytest.mark.slow
def test_wrong_columns_and_unreadable_files_are_refused_in_german(database, tmp_path, _isolated_home):
    households_file = write_csv(tmp_path / "liste.csv", household_rows(), HOUSEHOLD_HEADERS, encoding="utf-8")
    done = run(_isolated_home, "import", "flats", str(households_file), "--db", str(database))
    assert done.code == 2
    assert done.err.startswith("Fehler: Diese Pflichtangaben fehlen in der Datei oder sind keiner Spalte zugeordnet:")
    old = tmp_path / "liste.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    done = run(_isolated_home, "import", "flats", str(old), "--db", str(database))
    assert done.code == 2 and "als Excel-Arbeitsmappe (.xlsx) oder als CSV" in done.err
    done = run(_isolated_home, "import", "undo", "sieben", "--db", str(database))
    assert done.code == 2 and "keine Nummer eines Imports" in done.err
    assert "Traceback" not in done.err
