"""`erase`, `retention`, `subject-access` and `audit verify` as office IT scripts them, in a separate process;
and the log file of a whole CLI flow at DEBUG holds no name from the database."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from matcher import cli
from matcher.core import enums as E
from matcher.core import paths
from tests.e2e.test_cli import ROOT, run

OPEN_STATES = "('proposed', 'offered', 'viewing', 'accepted', 'lease_drafted', 'signed')"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("db") / "amt.sqlite"
    filled = run(home, "demo", "--db", str(path), "--households", "30", "--seed", "3")
    assert filled.code == 0, filled.err
    return path


@pytest.fixture
def copy(demo_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kopie.sqlite"
    shutil.copyfile(demo_path, target)
    return target


def _query(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


def _closed_household(path: Path) -> tuple[int, str]:
    """A household without open placements (erasable), with its case number."""
    rows = _query(
        path,
        f"SELECT id, case_number FROM household h WHERE NOT EXISTS (SELECT 1 FROM placement p "
        f"WHERE p.household_id = h.id AND p.state IN {OPEN_STATES}) "
        "AND EXISTS (SELECT 1 FROM placement p WHERE p.household_id = h.id) ORDER BY id LIMIT 1",
    )
    assert rows, "the demo data has a household with only closed placements"
    return int(rows[0][0]), str(rows[0][1])


def _busy_household(path: Path) -> int:
    rows = _query(path, f"SELECT household_id FROM placement WHERE state IN {OPEN_STATES} ORDER BY id LIMIT 1")
    return int(rows[0][0])


def _file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erase_without_confirmation_deletes_nothing(copy, tmp_path):
    household_id, _ = _closed_household(copy)
    refused = run(tmp_path, "erase", "--household", str(household_id), "--db", str(copy))
    assert refused.code == 2
    assert "Nicht bestätigt" in refused.err and "--yes" in refused.err
    assert _query(copy, "SELECT count(*) FROM household WHERE id = ?", household_id) == [(1,)]


@pytest.mark.slow
def test_erase_with_yes_removes_the_household_from_the_file(copy, tmp_path):
    household_id, case_number = _closed_household(copy)
    assert case_number.encode() in _file_bytes(copy)
    done = run(tmp_path, "erase", "--household", str(household_id), "--yes", "--db", str(copy), "--json")
    assert done.code == 0, done.err
    result = done.json()
    assert result["household_id"] == household_id and result["members"] >= 1 and result["file_cleaned"] is True
    assert _query(copy, "SELECT count(*) FROM household WHERE id = ?", household_id) == [(0,)]
    assert _query(copy, "SELECT count(*) FROM member WHERE household_id = ?", household_id) == [(0,)]
    assert case_number.encode() not in _file_bytes(copy)
    verified = run(tmp_path, "audit", "verify", "--db", str(copy), "--json")
    assert verified.code == 0, verified.out
    assert verified.json()["ok"] is True
    entry = _query(copy, "SELECT action, entity, entity_id FROM audit_entry ORDER BY id DESC LIMIT 1")
    assert entry == [("erase", "household", str(household_id))]


def test_erase_is_refused_while_a_placement_runs(copy, tmp_path):
    household_id = _busy_household(copy)
    refused = run(tmp_path, "erase", "--household", str(household_id), "--yes", "--db", str(copy))
    assert refused.code == 2
    assert "Vermittlung" in refused.err and "Traceback" not in refused.err
    assert _query(copy, "SELECT count(*) FROM household WHERE id = ?", household_id) == [(1,)]


def test_erase_of_an_unknown_household_says_so(copy, tmp_path):
    refused = run(tmp_path, "erase", "--household", "9999", "--yes", "--db", str(copy))
    assert refused.code == 2 and "Haushalt 9999" in refused.err


@pytest.mark.slow
def test_retention_lists_then_applies(copy, tmp_path):
    _query(copy, "UPDATE office SET household_retention_days = 30")
    closed = _query(copy, "SELECT count(*) FROM household WHERE status IN ('housed', 'withdrawn')")[0][0]
    listed = run(tmp_path, "retention", "--db", str(copy), "--json")
    assert listed.code == 0, listed.err
    report = listed.json()
    assert report["applied"] is False and report["retention_days"] == 30
    due = [h["household_id"] for h in report["households"]]
    assert due, "the demo data has households closed more than 30 days ago"
    assert len(due) <= closed
    assert _query(copy, "SELECT count(*) FROM household WHERE case_number LIKE 'ANON-%'") == [(0,)]

    applied = run(tmp_path, "retention", "--apply", "--db", str(copy))
    assert applied.code == 0, applied.err
    assert "anonymisiert" in applied.out
    anonymised = _query(copy, "SELECT id FROM household WHERE case_number LIKE 'ANON-%' ORDER BY id")
    assert [row[0] for row in anonymised] == sorted(due)
    assert _query(copy, "SELECT count(*) FROM household WHERE status IN ('housed', 'withdrawn')")[0][0] == closed
    again = run(tmp_path, "retention", "--db", str(copy), "--json")
    assert again.json()["households"] == []


def test_subject_access_writes_the_folder(copy, tmp_path):
    household_id, case_number = _closed_household(copy)
    target = tmp_path / "auskunft"
    done = run(tmp_path, "subject-access", "--household", str(household_id), "-o", str(target), "--db", str(copy))
    assert done.code == 0, done.err
    data = json.loads((target / f"auskunft-haushalt-{household_id}.json").read_text(encoding="utf-8"))
    assert data["household"]["case_number"] == case_number
    assert (target / f"auskunft-haushalt-{household_id}.pdf").read_bytes().startswith(b"%PDF")
    assert _query(copy, "SELECT action, entity_id FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("export", str(household_id))
    ]


@pytest.mark.slow
def test_audit_verify_detects_tampering(copy, tmp_path):
    assert run(tmp_path, "audit", "verify", "--db", str(copy)).code == 0
    _query(copy, "UPDATE audit_entry SET description = 'geändert' WHERE id = 1")
    broken = run(tmp_path, "audit", "verify", "--db", str(copy), "--json")
    assert broken.code == 1
    assert broken.json() == {**broken.json(), "ok": False, "first_broken_id": 1}


# --------------------------------------------------------------------------------------------------
# Logging hygiene
# --------------------------------------------------------------------------------------------------


def _names(path: Path) -> set[str]:
    rows = _query(path, "SELECT given_name, family_name FROM member UNION SELECT name, '' FROM contact_person")
    return {part for row in rows for part in row if len(part) >= 3}


@pytest.mark.slow
def test_a_cli_flow_at_debug_logs_no_name(copy, tmp_path, monkeypatch):
    from matcher.app import setup_logging

    names = _names(copy)
    assert len(names) > 20
    log_file = setup_logging(logging.DEBUG)
    assert log_file is not None and log_file.parent == paths.log_dir()
    household_id, _ = _closed_household(copy)
    busy = _busy_household(copy)
    flat = _query(copy, "SELECT flat_id FROM placement ORDER BY id LIMIT 1")[0][0]
    lease = _query(copy, "SELECT id FROM placement WHERE lease_kind = 'lease' AND state IN ('lease_drafted', 'signed')")
    db = ["--db", str(copy)]
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    try:
        calls = [
            ["list", "households", *db],
            ["rank", "--flat", str(flat), *db],
            ["explain", "--flat", str(flat), "--household", str(busy), *db],
            ["subject-access", "--household", str(busy), "-o", str(tmp_path / "a"), *db],
            ["document", "lease", "--placement", str(lease[0][0]), "-o", str(tmp_path / "m.pdf"), *db],
            ["erase", "--household", str(busy), "--yes", *db],  # refused: placements open
            ["erase", "--household", str(household_id), *db],  # refused: not confirmed
            ["erase", "--household", str(household_id), "--yes", *db],
            ["retention", "--apply", *db],
            ["audit", "verify", *db],
        ]
        codes = [cli.main(call) for call in calls]
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", None) == str(log_file):
                handler.flush()
                root.removeHandler(handler)
                handler.close()
    assert codes[:5] == [0, 0, 0, 0, 0] and codes[5:8] == [2, 2, 0], codes
    logged = log_file.read_text(encoding="utf-8")
    assert "household erased" in logged, "the flow must have logged at DEBUG/INFO"
    leaked = sorted(name for name in names if re.search(rf"\b{re.escape(name)}\b", logged))
    assert leaked == [], leaked
    births = {row[0] for row in _query(copy, "SELECT birth_date FROM member WHERE birth_date IS NOT NULL")}
    assert births
    for birth in births:
        german = ".".join(reversed(birth.split("-")))
        assert birth not in logged and german not in logged, birth
    statuses = [s.label for s in (*E.ResidenceStatus, *E.HouseholdStatus)]
    assert [label for label in statuses if label in logged] == []


@pytest.mark.parametrize(("answer", "erased"), [("nein", False), ("ja", True)])
def test_erase_asks_on_a_terminal(copy, tmp_path, answer, erased):
    """On a terminal `erase` shows what it would delete and waits for "ja"."""
    pty = pytest.importorskip("pty")  # POSIX terminals only
    household_id, case_number = _closed_household(copy)
    controller, terminal = pty.openpty()
    env = {**os.environ, "WOHNRAUM_MATCHER_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [sys.executable, "-m", "matcher", "erase", "--household", str(household_id), "--db", str(copy)],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(terminal)
    os.write(controller, f"{answer}\n".encode())
    _out, err = process.communicate(timeout=60)
    os.close(controller)
    question = err.decode("utf-8")
    assert f"Haushalt {household_id} (Aktenzeichen {case_number})" in question and "[ja/nein]" in question
    assert (process.returncode == 0) == erased, question
    remaining = _query(copy, "SELECT count(*) FROM household WHERE id = ?", household_id)[0][0]
    assert remaining == (0 if erased else 1)
