"""`python -m matcher document …` as office IT scripts it: a PDF file and an archive entry, or a German refusal."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("db") / "amt.sqlite"
    assert run(home, "init", "--db", str(path)).code == 0
    filled = run(home, "demo", "--db", str(path), "--households", "40")
    assert filled.code == 0, filled.err
    return path


def _placement(path: Path, lease_kind: str) -> int:
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT id FROM placement WHERE lease_kind = ? AND state IN ('lease_drafted', 'signed', 'accepted')"
            " ORDER BY id LIMIT 1",
            (lease_kind,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_lease_is_written_and_archived(demo_path, tmp_path):
    target = tmp_path / "mietvertrag.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path,
        "document",
        "lease",
        "--placement",
        str(placement),
        "-o",
        str(target),
        "--db",
        str(demo_path),
        "--json",
    )
    assert done.code == 0, done.err
    result = done.json()
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert result["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert result["kind"] == "lease" and result["placement_id"] == placement
    with sqlite3.connect(demo_path) as connection:
        stored = connection.execute(
            "SELECT sha256, pdf FROM document WHERE id = ?", (result["document_id"],)
        ).fetchone()
    assert stored == (result["sha256"], pdf)


def test_refusal_exits_non_zero_with_the_german_reason_and_writes_no_file(demo_path, tmp_path):
    target = tmp_path / "vertrag.pdf"
    placement = _placement(demo_path, "usage_agreement")
    done = run(tmp_path, "document", "lease", "--placement", str(placement), "-o", str(target), "--db", str(demo_path))
    assert done.code == 2
    assert "Für diese Vermittlung ist ein Dauernutzungsvertrag vorgesehen" in done.err
    assert "Traceback" not in done.err
    assert not target.exists()


def test_unknown_placement_is_refused(demo_path, tmp_path):
    done = run(
        tmp_path, "document", "lease", "--placement", "99999", "-o", str(tmp_path / "x.pdf"), "--db", str(demo_path)
    )
    assert done.code == 2
    assert "Vermittlung 99999 gibt es nicht" in done.err


def test_missing_output_folder_is_refused(demo_path, tmp_path):
    target = tmp_path / "fehlt" / "x.pdf"
    placement = _placement(demo_path, "lease")
    done = run(tmp_path, "document", "lease", "--placement", str(placement), "-o", str(target), "--db", str(demo_path))
    assert done.code == 2
    assert "Den Ordner" in done.err


def _head_lease_flat(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT flat.id FROM flat JOIN landlord ON landlord.id = flat.landlord_id"
            " WHERE flat.head_lease_start IS NOT NULL AND flat.owner_id IS NOT NULL AND landlord.kind = 'municipality'"
            " ORDER BY flat.id LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_head_lease_is_made_for_a_flat(demo_path, tmp_path):
    target = tmp_path / "generalmietvertrag.pdf"
    flat = _head_lease_flat(demo_path)
    done = run(
        tmp_path, "document", "head-lease", "--flat", str(flat), "-o", str(target), "--db", str(demo_path), "--json"
    )
    assert done.code == 0, done.err
    assert done.json()["flat_id"] == flat
    assert target.read_bytes().startswith(b"%PDF")


def test_head_lease_for_a_placement_is_refused_in_german(demo_path, tmp_path):
    target = tmp_path / "falsch.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path, "document", "head-lease", "--placement", str(placement), "-o", str(target), "--db", str(demo_path)
    )
    assert done.code == 2
    assert "Wohnung" in done.err and "Traceback" not in done.err
    assert not target.exists()


def test_handover_protocol_is_written(demo_path, tmp_path):
    target = tmp_path / "uebergabe.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path, "document", "handover", "--placement", str(placement), "-o", str(target), "--db", str(demo_path)
    )
    assert done.code == 0, done.err
    assert target.read_bytes().startswith(b"%PDF")


def test_cap_check_sheet_is_written_and_archived(demo_path, tmp_path):
    target = tmp_path / "pruefblatt.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path,
        "document",
        "cap-check",
        "--placement",
        str(placement),
        "-o",
        str(target),
        "--db",
        str(demo_path),
        "--json",
    )
    assert done.code == 0, done.err
    result = done.json()
    assert result["kind"] == "cap_check_sheet" and result["template_version"].startswith("pruefblatt-")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Prüfblatt Angemessenheit" in text and "Nur für die Akte – nicht zur Weitergabe" in text
    assert "Bruttokaltmiete" in text and "Angewandte Regeln" in text


@pytest.mark.parametrize(("language", "font"), [("ar", "NotoSansArabic"), ("ti", "NotoSansEthiopic"), ("uk", "")])
def test_summary_of_duties_in_a_chosen_language(demo_path, tmp_path, language, font):
    target = tmp_path / f"pflichten-{language}.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path,
        "document",
        "summary",
        "--placement",
        str(placement),
        "--language",
        language,
        "-o",
        str(target),
        "--db",
        str(demo_path),
        "--json",
    )
    assert done.code == 0, done.err
    result = done.json()
    assert result["kind"] == "duties_summary" and result["language"] == language
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Verbindlich ist allein der deutsche" in text and "Übersetzung nicht geprüft" in text
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert font in fonts
    if language == "uk":
        assert "Переклад не перевірено" in text


def test_summary_in_an_unknown_language_is_refused_in_german(demo_path, tmp_path):
    target = tmp_path / "pflichten.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path,
        "document",
        "summary",
        "--placement",
        str(placement),
        "--lang",
        "xx",
        "-o",
        str(target),
        "--db",
        str(demo_path),
    )
    assert done.code != 0
    assert "Für die Sprache „xx“ gibt es keine Übersetzung" in done.err and "Arabisch (ar)" in done.err
    assert not target.exists()


def test_a_language_for_a_german_only_document_is_refused(demo_path, tmp_path):
    target = tmp_path / "mietvertrag.pdf"
    placement = _placement(demo_path, "lease")
    done = run(
        tmp_path,
        "document",
        "lease",
        "--placement",
        str(placement),
        "--language",
        "ar",
        "-o",
        str(target),
        "--db",
        str(demo_path),
    )
    assert done.code != 0 and "gibt es nur auf Deutsch" in done.err
    assert not target.exists()
