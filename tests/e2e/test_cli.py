"""The command line as office IT uses it: `python -m matcher …` in a separate process."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from matcher import cli
from matcher.core.db import head_revision

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def run(home: Path, *args: str) -> Run:
    env = {**os.environ, "WOHNRAUM_MATCHER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "matcher", *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A database made by `init` and filled by `demo --households 50`, shared by the read-only tests."""
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("db") / "amt.sqlite"
    created = run(home, "init", "--db", str(path), "--json")
    assert created.code == 0, created.err
    assert created.json() == {"database": str(path), "revision": head_revision(), "created": True}
    filled = run(home, "demo", "--db", str(path), "--households", "50", "--json")
    assert filled.code == 0, filled.err
    return path, filled.json()


@pytest.fixture
def copy(filled: tuple[Path, dict], tmp_path: Path) -> Path:
    target = tmp_path / "kopie.sqlite"
    shutil.copyfile(filled[0], target)
    return target


def test_demo_reports_what_it_made(filled):
    _, summary = filled
    assert summary["households"] == 50 and summary["flats"] == 30
    assert all(count >= 1 for count in summary["placements_by_state"].values())


@pytest.mark.parametrize(
    ("what", "key"), [("flats", "flats"), ("households", "households"), ("placements", "placements")]
)
def test_list_json_has_one_entry_per_row(filled, tmp_path, what, key):
    path, summary = filled
    listed = run(tmp_path, "list", what, "--db", str(path), "--json")
    assert listed.code == 0, listed.err
    rows = listed.json()
    assert isinstance(rows, list) and len(rows) == summary[key]
    assert all(isinstance(row["id"], int) for row in rows)


def test_list_as_table_speaks_german(filled, tmp_path):
    listed = run(tmp_path, "list", "placements", "--db", str(filled[0]))
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert lines[0].split()[:3] == ["Nr.", "Aktenzeichen", "Wohnung"]
    assert "Einzug" in listed.out and "Untermietvertrag" in listed.out
    assert lines[-1] == f"{filled[1]['placements']} Vermittlungen"


def test_check_passes_a_good_file(filled, tmp_path):
    checked = run(tmp_path, "check", "--db", str(filled[0]), "--json")
    assert checked.code == 0, checked.out
    report = checked.json()
    assert report["ok"] is True and report["problems"] == [] and len(report["passed"]) == 4


def test_check_finds_a_damaged_file(copy, tmp_path):
    size = copy.stat().st_size
    with copy.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 1024)
    checked = run(tmp_path, "check", "--db", str(copy))
    assert checked.code == 1
    assert "PROBLEM" in checked.out and "beschädigt" in checked.out
    assert "Traceback" not in checked.err


def test_check_finds_a_tampered_audit_entry(copy, tmp_path):
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE audit_entry SET description = 'geändert' WHERE id = 1")
    conn.close()
    checked = run(tmp_path, "check", "--db", str(copy))
    assert checked.code == 1
    assert "Änderungsprotokoll wurde nachträglich verändert" in checked.out


def test_check_finds_a_dangling_reference(copy, tmp_path):
    with sqlite3.connect(copy) as conn:  # the sqlite3 module leaves foreign keys off: as a careless tool would
        conn.execute("DELETE FROM landlord WHERE id = (SELECT landlord_id FROM flat ORDER BY id LIMIT 1)")
    conn.close()
    checked = run(tmp_path, "check", "--db", str(copy))
    assert checked.code == 1
    assert "Verweis ins Leere: Tabelle flat" in checked.out


def test_migrate_has_nothing_to_do_on_a_current_file(copy, tmp_path):
    migrated = run(tmp_path, "migrate", "--db", str(copy), "--json")
    assert migrated.code == 0, migrated.err
    assert migrated.json() == {"database": str(copy), "from": head_revision(), "to": head_revision(), "applied": False}


@pytest.mark.slow
def test_demo_refuses_a_database_with_households(copy, tmp_path):
    refused = run(tmp_path, "demo", "--db", str(copy), "--households", "5")
    assert refused.code == 2
    assert "enthält bereits Haushalte" in refused.err and "--force" in refused.err
    forced = run(tmp_path, "demo", "--db", str(copy), "--households", "5", "--force", "--json")
    assert forced.code == 0, forced.err
    assert len(run(tmp_path, "list", "households", "--db", str(copy), "--json").json()) == 55


def test_demo_without_db_uses_the_demo_file_in_the_user_folder(tmp_path):
    made = run(tmp_path, "demo", "--households", "10", "--json")
    assert made.code == 0, made.err
    assert made.json()["database"] == str(tmp_path / "data" / "demo.sqlite")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["init", "--db", "{tmp}/fehlt/amt.sqlite"], "Den Ordner"),
        (["list", "flats", "--db", "{tmp}/gibt-es-nicht.sqlite"], "gibt es nicht"),
        (["check", "--db-url", "kein-url"], "ist ungültig"),
        (["demo", "--households", "viele"], "ganze Zahl"),
        (["list", "katzen"], "ungültige Auswahl"),
    ],
)
def test_mistakes_give_a_german_message_and_code_2(tmp_path, args, fragment):
    result = run(tmp_path, *(arg.format(tmp=tmp_path) for arg in args))
    assert result.code == 2
    assert fragment in result.err and "Traceback" not in result.err
    assert not (tmp_path / "fehlt").exists()


def test_without_a_subcommand_the_help_is_printed(tmp_path):
    result = run(tmp_path)
    assert result.code == 0
    assert result.out.startswith("Aufruf: python -m matcher") and "Befehle:" in result.out
    assert all(name in result.out for name in cli.SUBCOMMANDS)


def test_subcommands_are_public_and_main_returns_codes(capsys):
    assert {"init", "demo", "migrate", "check", "list"} <= cli.SUBCOMMANDS
    assert cli.main(["--help"]) == 0
    assert "Optionen:" in capsys.readouterr().out
    assert cli.main(["list"]) == 2
    assert "Fehler: Es fehlt" in capsys.readouterr().err


def test_argparse_messages_are_translated():
    assert cli.german_argparse_message("argument --households: invalid int value: 'x'") == (
        "Angabe --households: ungültiger Wert 'x'"
    )
    assert cli.german_argparse_message("unrecognized arguments: --colour") == "Unbekannte Angaben: --colour"


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """`… list households --json | head`: the closed pipe ends the command quietly, without a traceback."""
    path = tmp_path / "gross.sqlite"
    assert run(tmp_path, "demo", "--db", str(path), "--households", "1000").code == 0  # output > pipe buffer
    env = {**os.environ, "WOHNRAUM_MATCHER_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "matcher", "list", "households", "--db", str(path), "--json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(20).startswith(b"[")
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in error
