"""The same flat or person arriving twice is recognised and offered for merging, never created twice."""

from __future__ import annotations

import unicodedata
from datetime import date

from sqlmodel import func, select

from matcher.core import models as M
from matcher.core.exchange.duplicates import (
    duplicate_flat_groups,
    duplicate_person_groups,
    flat_key,
    fold,
    person_key,
)
from matcher.core.exchange.importing import ImportOptions, run_import, suggested_mapping
from matcher.core.exchange.reading import read_table
from matcher.core.services import households

from .office_files import HOUSEHOLD_HEADERS, company, flat_rows, household_rows, write_csv

NFD = "Mu\u0308ller"  # as a Mac or some spreadsheets send it: u + combining diaeresis
NFC = "Müller"


def _count(db, table) -> int:
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def _import(db, path, kind="flats", *, commit=True, **options):
    table = read_table(path)
    return run_import(
        db, table, kind, suggested_mapping(db, kind, table.headers), commit=commit, options=ImportOptions(**options)
    )


def test_names_compare_equal_whatever_the_composition_and_case():
    assert NFD != NFC
    assert fold(NFD) == fold(NFC) == fold("MÜLLER") == fold("  müller ")
    assert person_key("Jürgen", NFD, date(1970, 1, 1)) == person_key("JÜRGEN", NFC, date(1970, 1, 1))
    assert person_key("Jürgen", NFC, date(1970, 1, 1)) != person_key("Jürgen", NFC, date(1970, 1, 2))
    assert person_key("Jürgen", NFC, None) is None  # without a birth date nobody is declared the same


def test_addresses_compare_loosely():
    key = flat_key("Hauptstraße", "5a", "49716", "3")
    assert flat_key("Hauptstr.", "5 a", "49716", "3") == key
    assert flat_key("HAUPTSTRASSE", "5A", "49716 ", "3") == key
    assert flat_key("Hauptstraße", "5a", "49716", "4") != key
    assert flat_key("Strandweg", "1", "26871", "") != flat_key("Strasseandweg", "1", "26871", "")


def test_the_same_flat_twice_in_one_file_is_created_once(db, tmp_path):
    company(db)
    rows = flat_rows(3)
    twin = {**rows[0], "Objekt-Nr.": "", "Straße": rows[0]["Straße"].upper()}
    report = _import(db, write_csv(tmp_path / "gbh.csv", [*rows, twin]))
    assert [r.action for r in report.records] == ["create", "create", "create", "duplicate"]
    assert report.records[3].duplicate_of_row == 2
    assert report.records[3].describe("flats") == "Dublette von Zeile 2 – gleiche Adresse und Wohnungsnummer"
    assert _count(db, M.Flat) == 3


def test_a_stored_flat_arriving_from_another_list_is_offered_for_merging(db, tmp_path):
    company(db)
    first = _import(db, write_csv(tmp_path / "gbh.csv", flat_rows(2)))
    stored_id = first.records[1].entity_id
    other = flat_rows(2)[1]
    other.update({"Objekt-Nr.": "", "Straße": other["Straße"].replace("straße", "str."), "Kaltmiete in €": "399,00"})
    path = write_csv(tmp_path / "makler.csv", [other])
    skipped = _import(db, path)
    [record] = skipped.records
    assert (record.action, record.existing_id) == ("duplicate", stored_id)
    assert _count(db, M.Flat) == 2
    with db.read_session() as session:
        assert session.get(M.Flat, stored_id).net_rent_cents != 39900
    merged = _import(db, path, merge_duplicates=True)
    assert merged.records[0].entity_id == stored_id
    with db.read_session() as session:
        assert session.get(M.Flat, stored_id).net_rent_cents == 39900
        assert session.get(M.ImportBatch, merged.batch_id).updated_count == 1
    assert _count(db, M.Flat) == 2


def test_the_same_person_with_decomposed_umlauts_is_recognised(db, tmp_path):
    households.create_household(
        db,
        {"case_number": "50.2-0001/2025", "residence_status": "duldung", "paying_authority": "sozialamt"},
        [{"given_name": "Jürgen", "family_name": NFC, "birth_date": date(1970, 1, 1), "relationship": "applicant"}],
    )
    row = {
        "Aktenzeichen": "ALT-4711",
        "Familienname": NFD,
        "Vorname": "JU\u0308RGEN",
        "Geburtsdatum": "01.01.1970",
        "Verhältnis": "Antragsteller",
        "Aufenthaltsstatus": "Duldung",
        "Kostenträger": "Sozialamt",
    }
    path = write_csv(tmp_path / "liste.csv", [row, *household_rows()], HOUSEHOLD_HEADERS, encoding="utf-8")
    assert unicodedata.normalize("NFC", NFD) in unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    report = _import(db, path, "households")
    assert [r.action for r in report.records] == ["duplicate", "create", "create"]
    assert report.records[0].describe("households").startswith("Dublette von Haushalt ")
    assert report.records[0].note == "gleiche Person (Name und Geburtsdatum)"
    assert _count(db, M.Household) == 3


def test_the_same_person_under_two_case_numbers_in_one_file(db, tmp_path):
    rows = household_rows()
    again = {**rows[3], "Aktenzeichen": "50.2-9999/2026", "Familienname": "ÖZDEMIR"}
    report = _import(db, write_csv(tmp_path / "liste.csv", [*rows, again], HOUSEHOLD_HEADERS, encoding="utf-8"),
                     "households", commit=False)  # fmt: skip
    assert [(r.action, r.duplicate_of_row) for r in report.records] == [
        ("create", None),
        ("create", None),
        ("duplicate", 5),
    ]


def test_duplicates_already_stored_are_found(db):
    company(db)
    for case_number, family in (("AZ-1", NFC), ("AZ-2", NFD), ("AZ-3", "Schmidt")):
        households.create_household(
            db,
            {"case_number": case_number, "residence_status": "duldung", "paying_authority": "sozialamt"},
            [
                {
                    "given_name": "Jürgen",
                    "family_name": family,
                    "birth_date": date(1970, 1, 1),
                    "relationship": "applicant",
                }
            ],
        )
    with db.read_session() as session:
        assert duplicate_person_groups(session) == [[1, 2]]
        assert duplicate_flat_groups(session) == []


def test_a_rejected_row_does_not_make_a_later_correct_row_its_duplicate(db, tmp_path):
    company(db)
    rows = flat_rows(2)
    broken = {**rows[0], "Wohnfläche (m²)": "ca. 60"}
    report = _import(db, write_csv(tmp_path / "gbh.csv", [broken, *rows]), commit=False)
    assert [r.action for r in report.records] == ["reject", "create", "create"]
