"""Importing flats and households: dry run, all-or-nothing commit, German reasons per row, updates, undo."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import func, select

from matcher.core import lease_rules
from matcher.core import models as M
from matcher.core.errors import ValidationFailed
from matcher.core.exchange.importing import (
    ImportOptions,
    ImportRejected,
    run_import,
    suggested_mapping,
    undo_import,
)
from matcher.core.exchange.mapping import MappingError, guess_mapping
from matcher.core.exchange.reading import read_table
from matcher.core.services import flats, households, placements

from .office_files import (
    COMPANY,
    FLAT_HEADERS,
    HOUSEHOLD_HEADERS,
    company,
    flat_row,
    flat_rows,
    household_rows,
    typed,
    write_csv,
    write_xlsx,
)

MEPPEN, PAPENBURG = "03454035", "03454041"


def _count(db, table) -> int:
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def _import(db, path, kind="flats", *, commit=True, **options):
    table = read_table(path)
    mapping = suggested_mapping(db, kind, table.headers)
    return run_import(db, table, kind, mapping, commit=commit, options=ImportOptions(**options))


def _flat_by_reference(db, reference: str) -> M.Flat:
    with db.read_session() as session:
        return session.exec(select(M.Flat).where(M.Flat.landlord_reference == reference)).one()


def _assert_nothing_saved(db) -> None:
    assert _count(db, M.Flat) == 0
    assert _count(db, M.FlatStatusChange) == 0
    assert _count(db, M.ImportBatch) == 0
    assert _count(db, M.ImportBatchItem) == 0
    with db.read_session() as session:
        assert session.exec(select(M.AuditEntry).where(M.AuditEntry.action == "import")).all() == []


# --------------------------------------------------------------------------------------------------
# Files as German offices make them
# --------------------------------------------------------------------------------------------------


def test_a_dry_run_reports_every_row_and_saves_nothing(db, tmp_path):
    company(db)
    path = write_csv(tmp_path / "gbh.csv", flat_rows(30))
    report = _import(db, path, commit=False)
    assert report.counts["create"] == 30
    assert not report.committed and report.batch_id is None
    assert all(record.entity_id is None for record in report.records)
    _assert_nothing_saved(db)


def test_the_commit_saves_every_flat_with_german_numbers_dates_and_amounts(any_db, tmp_path):
    landlord_id = company(any_db)
    path = write_csv(tmp_path / "gbh.csv", flat_rows(30))  # Windows-1252, semicolons
    progress: list[tuple[int, int]] = []
    table = read_table(path)
    report = run_import(
        any_db,
        table,
        "flats",
        guess_mapping("flats", table.headers),
        commit=True,
        progress=lambda *a: progress.append(a),
    )
    assert report.committed and report.counts["create"] == 30
    assert progress[-1] == (30, 30)
    flat = _flat_by_reference(any_db, "WE-10003")  # row i=3 of office_files.flat_row
    assert flat.landlord_id == landlord_id
    assert (flat.street, flat.house_number, flat.postcode, flat.ags) == (
        "Bürgermeister-Müller-Weg",
        "1a",
        "49733",
        "03454018",
    )
    assert (flat.floor, flat.flat_number, flat.rooms, flat.bedrooms) == (3, "4", 4.0, 3)
    assert flat.living_area_m2 == 92.5
    assert (flat.net_rent_cents, flat.deposit_cents) == (62356, 124712)  # "623,56" and "1.247,12"
    assert flat.available_from == date(2026, 4, 1)
    assert flat.elevator is False and flat.status == "available"
    assert _count(any_db, M.FlatStatusChange) == 30
    with any_db.read_session() as session:
        references = dict(session.exec(select(M.Flat.id, M.Flat.landlord_reference)).all())
    assert [references[r.entity_id] for r in report.records] == [f"WE-{10_000 + i}" for i in range(30)]


def test_an_import_writes_one_audit_entry_with_counts_and_no_personal_data(db, tmp_path):
    company(db)
    report = _import(db, write_csv(tmp_path / "gbh.csv", flat_rows(5)))
    with db.read_session() as session:
        entry = session.exec(select(M.AuditEntry).where(M.AuditEntry.action == "import")).one()
    assert (entry.entity, entry.entity_id) == ("import_batch", str(report.batch_id))
    assert (
        entry.description
        == "Import Wohnungen: 5 neu, 0 aktualisiert, 0 unverändert, 0 Dubletten (übersprungen), 0 abgelehnt"
    )


def test_200_flats_from_excel_with_5_bad_rows_give_exactly_those_5_reasons(db, tmp_path):
    company(db)
    bad = [6, 41, 99, 150, 198]  # 0-based data rows: spreadsheet rows 8, 43, 101, 152, 200
    path = write_xlsx(tmp_path / "gbh.xlsx", flat_rows(200, bad=bad))
    report = _import(db, path, commit=False)
    assert report.counts == {"create": 195, "update": 0, "unchanged": 0, "duplicate": 0, "reject": 5}
    reasons = {record.first_row: [str(e) for e in record.errors] for record in report.rejected}
    assert reasons == {
        8: ["Zeile 8, Wohnfläche (m²): „ca. 60“ ist keine Zahl. Bitte eine Zahl wie 1.234,56 eingeben."],
        43: ["Zeile 43, PLZ: Bitte geben Sie die fünfstellige Postleitzahl ein (nur Ziffern, z. B. 26871)."],
        101: ["Zeile 101, Kaltmiete in €: Darf nicht negativ sein."],
        152: ["Zeile 152, Frei ab: Den Tag „31.02.2026“ gibt es nicht. Bitte prüfen Sie das Datum."],
        200: [
            "Zeile 200, Schlafzimmer: Es sind mehr Schlafzimmer als Zimmer angegeben. Bitte verringern Sie die Zahl "
            "der Schlafzimmer oder erhöhen Sie die Zimmerzahl."
        ],
    }
    with pytest.raises(ImportRejected, match="5 von 200 Datensätzen sind fehlerhaft; es wurde nichts gespeichert"):
        _import(db, path)
    _assert_nothing_saved(db)
    saved = _import(db, path, skip_rejected=True)
    assert saved.committed and _count(db, M.Flat) == 195
    with db.read_session() as session:
        assert session.get(M.ImportBatch, saved.batch_id).rejected_count == 5


def test_a_row_is_checked_by_the_same_rules_as_the_form(db, tmp_path):
    company(db)
    row = flat_row(0)
    row["Kaution"] = "5.000,00"  # far above three net rents
    report = _import(db, write_csv(tmp_path / "gbh.csv", [row]), commit=False)
    [error] = report.rejected[0].errors
    assert error.column == "Kaution"
    assert error.message == lease_rules.deposit_error(500000, 38056)
    with pytest.raises(ValidationFailed) as caught:  # the form says the same
        flats.create_flat(db, {"landlord_id": 1, "street": "Weg", "house_number": "1", "postcode": "26871",
                               "ags": PAPENBURG, "living_area_m2": 49, "rooms": 1, "bedrooms": 0,
                               "net_rent_cents": 38056, "deposit_cents": 500000})  # fmt: skip
    assert caught.value.for_field("deposit_cents") == [error.message]


def test_english_decimal_points_are_read_as_meant(db, tmp_path):
    company(db)
    rows = flat_rows(3)
    for row in rows:
        for header in ("Wohnfläche (m²)", "Kaltmiete in €", "Nebenkosten", "Heizkosten", "Kaution"):
            row[header] = row[header].replace(".", "").replace(",", ".")
    rows[0]["Kaltmiete in €"] = "1.250"  # in a file of decimal points this is 1.25 €, not 1,250 €
    rows[0]["Kaution"] = "2.00"
    _import(db, write_csv(tmp_path / "export.csv", rows, delimiter=",", encoding="utf-8"))
    first, second = _flat_by_reference(db, "WE-10000"), _flat_by_reference(db, "WE-10001")
    assert first.net_rent_cents == 125
    assert (second.living_area_m2, second.net_rent_cents) == (63.5, 46156)


# --------------------------------------------------------------------------------------------------
# Broken files
# --------------------------------------------------------------------------------------------------


def test_a_file_with_the_wrong_columns_is_refused_naming_what_is_missing(db, tmp_path):
    path = write_csv(tmp_path / "haushalte.csv", household_rows(), HOUSEHOLD_HEADERS, encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        _import(db, path, "flats", commit=False)
    message = str(caught.value)
    assert message.startswith("Diese Pflichtangaben fehlen in der Datei oder sind keiner Spalte zugeordnet:")
    assert "„Straße“" in message and "„Nettokaltmiete“" in message and "Wohnungen enthält" in message


def test_half_empty_rows_are_rejected_with_each_missing_field(db, tmp_path):
    company(db)
    rows = flat_rows(3)
    for header in ("Straße", "Wohnfläche (m²)", "Kaltmiete in €"):
        rows[1][header] = ""
    report = _import(db, write_csv(tmp_path / "gbh.csv", rows), commit=False)
    assert report.counts["create"] == 2
    [record] = report.rejected
    assert record.rows == [3]
    assert {(e.column, e.message) for e in record.errors} == {
        ("Straße", "Bitte ausfüllen."),
        ("Wohnfläche (m²)", "Bitte ausfüllen."),
        ("Kaltmiete in €", "Bitte ausfüllen."),
    }


def test_a_row_with_more_cells_than_the_header_is_rejected(db, tmp_path):
    company(db)
    path = write_csv(tmp_path / "gbh.csv", flat_rows(2))
    with path.open("a", encoding="cp1252", newline="") as handle:
        handle.write(";".join(flat_row(2).values()) + ";Balkon;Keller\r\n")
    report = _import(db, path, commit=False)
    [record] = report.rejected
    assert record.rows == [4]
    assert "mehr ausgefüllte Spalten" in record.errors[0].message


@pytest.mark.slow
def test_a_failure_in_row_9999_leaves_the_database_untouched(db, tmp_path):
    company(db)
    path = write_csv(tmp_path / "gross.csv", flat_rows(10_000, bad=[9_997]))  # spreadsheet row 9,999
    with pytest.raises(ImportRejected) as caught:
        _import(db, path)
    assert [r.first_row for r in caught.value.report.rejected] == [9_999]
    _assert_nothing_saved(db)


@pytest.mark.slow
def test_cancelling_late_in_a_large_import_leaves_the_database_untouched(db, tmp_path):
    company(db)
    table = read_table(write_csv(tmp_path / "gross.csv", flat_rows(10_000)))

    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done >= 9_800:
            raise Stop

    with pytest.raises(Stop):
        run_import(db, table, "flats", guess_mapping("flats", table.headers), commit=True, progress=progress)
    _assert_nothing_saved(db)


# --------------------------------------------------------------------------------------------------
# Looking things up: municipality, landlord
# --------------------------------------------------------------------------------------------------


def test_the_municipality_comes_from_the_postcode_when_the_file_has_no_town(db, tmp_path):
    company(db)
    rows = flat_rows(2)
    rows[1]["PLZ"] = "26892"  # Dörpen and Lehe share this postcode
    headers = [h for h in FLAT_HEADERS if h != "Ort"]
    report = _import(db, write_csv(tmp_path / "gbh.csv", rows, headers), commit=False)
    assert report.counts["create"] == 1
    [error] = report.rejected[0].errors
    assert error.message.startswith("Zur PLZ 26892 ist die Gemeinde nicht eindeutig bekannt.")
    assert error.column == "Gemeinde"


def test_an_unknown_town_is_rejected(db, tmp_path):
    company(db)
    row = flat_row(0)
    row["Ort"] = "Atlantis"
    [record] = _import(db, write_csv(tmp_path / "gbh.csv", [row]), commit=False).rejected
    assert record.errors[0].column == "Ort"
    assert "Die Gemeinde „Atlantis“ ist nicht bekannt" in record.errors[0].message


def test_the_landlord_is_found_by_name_or_given_for_the_whole_file(db, tmp_path):
    landlord_id = company(db)
    rows = flat_rows(2, landlord="Unbekannte Wohnbau GmbH")
    report = _import(db, write_csv(tmp_path / "gbh.csv", rows), commit=False)
    assert {e.column for r in report.rejected for e in r.errors} == {"Vermieter"}
    assert "Den Vermieter „Unbekannte Wohnbau GmbH“ gibt es noch nicht." in report.rejected[0].errors[0].message
    headers = [h for h in FLAT_HEADERS if h != "Vermieter"]
    with pytest.raises(MappingError, match="Vermieter"):
        _import(db, write_csv(tmp_path / "ohne.csv", rows, headers), commit=False)
    _import(db, tmp_path / "ohne.csv", default_landlord_id=landlord_id)
    assert _flat_by_reference(db, "WE-10001").landlord_id == landlord_id


# --------------------------------------------------------------------------------------------------
# Updates by the landlord's own number, and undo
# --------------------------------------------------------------------------------------------------


def test_a_second_list_updates_flats_by_the_landlords_own_number(any_db, tmp_path):
    company(any_db)
    _import(any_db, write_csv(tmp_path / "januar.csv", flat_rows(3)))
    rows = flat_rows(4)
    rows[1]["Kaltmiete in €"] = "499,00"
    report = _import(any_db, write_csv(tmp_path / "februar.csv", rows))
    assert [r.action for r in report.records] == ["unchanged", "update", "unchanged", "create"]
    assert _flat_by_reference(any_db, "WE-10001").net_rent_cents == 49900
    assert _count(any_db, M.Flat) == 4
    undo_import(any_db, report.batch_id)
    assert _flat_by_reference(any_db, "WE-10001").net_rent_cents == 46156
    assert _count(any_db, M.Flat) == 3


def test_undo_removes_what_an_import_created_and_records_it(any_db, tmp_path):
    company(any_db)
    report = _import(any_db, write_csv(tmp_path / "gbh.csv", flat_rows(20)))
    batch = undo_import(any_db, report.batch_id)
    assert batch.undone_at is not None and batch.undone_by == any_db.user
    assert _count(any_db, M.Flat) == 0
    assert _count(any_db, M.FlatStatusChange) == 0
    with any_db.read_session() as session:
        entry = session.exec(select(M.AuditEntry).where(M.AuditEntry.action == "undo_import")).one()
    assert entry.description == "Import rückgängig: 20 Datensätze (Wohnungen)"
    with pytest.raises(ValidationFailed, match="bereits rückgängig"):
        undo_import(any_db, report.batch_id)


def test_undo_is_refused_when_someone_worked_on_an_imported_flat(db, tmp_path):
    company(db)
    report = _import(db, write_csv(tmp_path / "gbh.csv", flat_rows(3)))
    flat = _flat_by_reference(db, "WE-10002")
    flats.update_flat(db, flat.id, {"notes": "Besichtigung vereinbart"})
    with pytest.raises(ValidationFailed, match=f"weitergearbeitet wurde: Wohnung {flat.id}"):
        undo_import(db, report.batch_id)
    assert _count(db, M.Flat) == 3


def test_undo_is_refused_when_an_imported_household_is_in_a_placement(db, tmp_path):
    company(db)
    _import(db, write_csv(tmp_path / "gbh.csv", flat_rows(1)))
    report = _import(
        db, write_csv(tmp_path / "liste.csv", household_rows(), HOUSEHOLD_HEADERS, encoding="utf-8"), "households"
    )
    household_id = report.records[0].entity_id
    placements.propose(db, household_id, _flat_by_reference(db, "WE-10000").id)
    with pytest.raises(ValidationFailed, match=f"Haushalt {household_id} \\(in einer Vermittlung\\)"):
        undo_import(db, report.batch_id)


def test_the_mapping_used_is_remembered_for_the_next_file_with_these_columns(db, tmp_path):
    company(db)
    path = write_csv(tmp_path / "gbh.csv", flat_rows(2))
    table = read_table(path)
    mapping = {**guess_mapping("flats", table.headers), "Bemerkung": None}
    run_import(db, table, "flats", mapping, commit=True)
    assert suggested_mapping(db, "flats", table.headers) == mapping


# --------------------------------------------------------------------------------------------------
# Households with their people
# --------------------------------------------------------------------------------------------------


def test_an_accommodation_list_becomes_households_with_their_people(any_db, tmp_path):
    path = write_csv(tmp_path / "liste.csv", household_rows(), HOUSEHOLD_HEADERS, encoding="utf-8-sig")
    report = _import(any_db, path, "households")
    assert [(r.rows, r.action) for r in report.records] == [([2, 3, 4], "create"), ([5], "create")]
    detail = households.get_household_detail(any_db, report.records[0].entity_id)
    assert detail.household.case_number == "50.2-0815/2026"
    assert (detail.household.residence_status, detail.household.obligation_scope) == ("permit_25_2", "land")
    assert detail.household.registered_on == date(2025, 2, 1)
    assert [(m.given_name, m.relationship, m.birth_date, m.sex) for m in detail.members] == [
        ("Amina", "applicant", date(1988, 3, 14), "female"),
        ("Yusuf", "partner", date(1985, 11, 2), "male"),
        ("Lina", "child", date(2019, 7, 1), "female"),
    ]
    single = households.get_household_detail(any_db, report.records[1].entity_id)
    assert [(m.given_name, m.family_name) for m in single.members] == [("Şükrü", "Özdemir")]
    undo_import(any_db, report.batch_id)
    assert _count(any_db, M.Household) == 0 and _count(any_db, M.Member) == 0


def test_household_errors_point_at_the_row_of_the_person(db, tmp_path):
    rows = household_rows()
    rows[2]["Geburtsdatum"] = "01.07.2109"  # the daughter, third row of the list
    rows[1]["Kostenträger"] = "Sozialamt"  # contradicts the first row of the same household
    report = _import(
        db, write_csv(tmp_path / "liste.csv", rows, HOUSEHOLD_HEADERS, encoding="utf-8"), "households", commit=False
    )
    [record] = report.rejected
    assert record.rows == [2, 3, 4]
    assert {(e.row, e.column) for e in record.errors} == {(3, "Kostenträger"), (4, "Geburtsdatum")}
    assert report.records[1].action == "create"


def test_a_person_without_a_case_number_is_rejected(db, tmp_path):
    rows = household_rows()
    rows[3]["Aktenzeichen"] = ""
    report = _import(
        db, write_csv(tmp_path / "liste.csv", rows, HOUSEHOLD_HEADERS, encoding="utf-8"), "households", commit=False
    )
    [record] = report.rejected
    assert record.rows == [5]
    assert record.errors[0].column == "Aktenzeichen"


def test_a_known_case_number_updates_the_household_and_keeps_its_people(db, tmp_path):
    path = write_csv(tmp_path / "liste.csv", household_rows(), HOUSEHOLD_HEADERS, encoding="utf-8")
    first = _import(db, path, "households")
    rows = household_rows()
    for row in rows[:3]:
        row["Unterkunft"] = "GU Haren, Zimmer 3"
    second = _import(db, write_csv(tmp_path / "neu.csv", rows, HOUSEHOLD_HEADERS, encoding="utf-8"), "households")
    assert [r.action for r in second.records] == ["update", "unchanged"]
    household_id = first.records[0].entity_id
    detail = households.get_household_detail(db, household_id)
    assert detail.household.current_accommodation == "GU Haren, Zimmer 3"
    assert detail.size == 3
    undo_import(db, second.batch_id)
    assert households.get_household_detail(db, household_id).household.current_accommodation == "GU Sögel, Zimmer 12"
    with db.read_session() as session:
        item = session.exec(select(M.ImportBatchItem).where(M.ImportBatchItem.action == "updated")).one()
    assert json.loads(item.previous_json)["current_accommodation"] == "GU Sögel, Zimmer 12"


def test_an_import_is_saved_under_the_company_name_of_no_one(db, tmp_path):
    """The batch keeps the file name and counts; the audit trail keeps neither names nor addresses."""
    company(db)
    report = _import(db, write_csv(tmp_path / "gbh.csv", flat_rows(3)))
    with db.read_session() as session:
        batch = session.get(M.ImportBatch, report.batch_id)
        descriptions = " ".join(e.description for e in session.exec(select(M.AuditEntry)).all())
    assert (batch.source_name, batch.created_count, batch.created_by) == ("gbh.csv", 3, db.user)
    assert COMPANY not in descriptions.replace("Art: company", "")
    assert "Hauptkanal" not in descriptions and "Papenburg" not in descriptions


def test_typed_excel_cells_need_no_guessing(db, tmp_path):
    """A company's Excel export: postcode and amounts as numbers, the date as a date cell."""
    company(db)
    rows = [typed(row) for row in flat_rows(4)]
    _import(db, write_xlsx(tmp_path / "gbh.xlsx", rows))
    flat = _flat_by_reference(db, "WE-10003")
    assert (flat.postcode, flat.ags, flat.flat_number) == ("49733", "03454018", "4")
    assert (flat.net_rent_cents, flat.deposit_cents, flat.living_area_m2) == (62356, 124712, 92.5)
    assert flat.available_from == date(2026, 4, 1)


def test_a_status_changed_by_an_import_enters_the_flats_history(db, tmp_path):
    company(db)
    _import(db, write_csv(tmp_path / "januar.csv", flat_rows(1)))
    row = flat_rows(1)[0]
    row["Status"] = "vermietet"
    _import(db, write_csv(tmp_path / "februar.csv", [row], [*FLAT_HEADERS, "Status"]))
    flat = _flat_by_reference(db, "WE-10000")
    assert [(c.status, c.note) for c in flats.flat_status_history(db, flat.id)] == [
        ("available", "Wohnung importiert"),
        ("let", "beim Import geändert"),
    ]


# --------------------------------------------------------------------------------------------------
# Landlords
# --------------------------------------------------------------------------------------------------

LANDLORD_HEADERS = ["Name", "Art", "Anschrift", "PLZ", "Ort", "IBAN", "Kontoinhaber"]


def test_landlords_are_created_updated_by_name_and_checked_like_the_form(any_db, tmp_path):
    company(any_db)  # stored already: the list updates it
    rows = [
        {"Name": COMPANY.upper(), "Art": "Unternehmen", "Anschrift": "Kirchstraße 1", "PLZ": "49716", "Ort": "Meppen"},
        {"Name": "Wohnungsgenossenschaft Lingen eG", "Art": "Genossenschaft", "Ort": "Lingen (Ems)",
         "IBAN": "DE89 3704 0044 0532 0130 00", "Kontoinhaber": "Wohnungsgenossenschaft Lingen eG"},
        {"Name": "Erika Mustermann", "Art": "privat", "IBAN": "DE00 1234"},
        {"Name": "Wohnungsgenossenschaft Lingen EG", "Art": "Genossenschaft"},
    ]  # fmt: skip
    path = write_csv(tmp_path / "vermieter.csv", rows, LANDLORD_HEADERS, encoding="utf-8")
    report = _import(any_db, path, "landlords", skip_rejected=True)
    assert [(r.action, r.existing_id, r.duplicate_of_row) for r in report.records] == [
        ("update", 1, None),
        ("create", None, None),
        ("reject", None, None),
        ("duplicate", None, 3),
    ]
    assert report.records[2].errors[0].column == "IBAN"
    assert "Die IBAN ist ungültig" in report.records[2].errors[0].message
    with any_db.read_session() as session:
        stored = {row.name: row for row in session.exec(select(M.Landlord)).all()}
    assert stored["Wohnungsgenossenschaft Lingen eG"].iban == "DE89370400440532013000"  # compact, as the form
    assert stored[COMPANY.upper()].street == "Kirchstraße 1"
    undo_import(any_db, report.batch_id)
    with any_db.read_session() as session:
        assert [row.name for row in session.exec(select(M.Landlord)).all()] == [COMPANY]
