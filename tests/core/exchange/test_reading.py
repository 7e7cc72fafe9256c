"""Reading files as offices send them: delimiters, encodings, title rows, broken and huge files, Excel."""

from __future__ import annotations

import codecs
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from matcher.core.exchange import reading
from matcher.core.exchange.reading import ReadError, read_table

from .office_files import FLAT_HEADERS, flat_rows, write_csv, write_xlsx


def _write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolons_and_windows_1252_umlauts(tmp_path):
    path = write_csv(tmp_path / "liste.csv", flat_rows(4), encoding="cp1252")
    assert "ü".encode("cp1252") in path.read_bytes()  # really a Windows file, not UTF-8
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers == FLAT_HEADERS
    assert table.rows[0][FLAT_HEADERS.index("Vermieter")] == "Gemeinnützige Baugesellschaft Emsland mbH"
    assert table.rows[0][FLAT_HEADERS.index("Kaltmiete in €")] == "380,56"
    assert table.rows[3][FLAT_HEADERS.index("Kaution")] == "1.247,12"  # cells stay text; importing converts
    assert table.row_numbers == [2, 3, 4, 5]


def test_utf8_with_byte_order_mark_leaves_no_mark_in_the_first_header(tmp_path):
    path = write_csv(tmp_path / "liste.csv", flat_rows(2), encoding="utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    table = read_table(path)
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "Objekt-Nr."
    assert table.rows[1][FLAT_HEADERS.index("Straße")] == "Große Straße"


def test_utf8_without_mark_and_commas_with_quoted_commas(tmp_path):
    text = 'Straße,Hausnummer,Bemerkung\n"Mühlenstraße",3,"Balkon, Keller"\n'
    table = read_table(_write(tmp_path / "liste.csv", text, "utf-8"))
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert table.rows == [["Mühlenstraße", "3", "Balkon, Keller"]]


def test_tab_separated_utf16_as_excel_saves_unicode_text(tmp_path):
    text = "Vorname\tFamilienname\tGeburtsdatum\r\nŞükrü\tÖzdemir\t01.02.1985\r\n"
    table = read_table(_write(tmp_path / "liste.txt", "\ufeff" + text, "utf-16-le"))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows == [["Şükrü", "Özdemir", "01.02.1985"]]


def test_a_title_line_above_the_header_and_empty_rows_are_skipped_row_numbers_kept(tmp_path):
    text = "Wohnungsliste Stand 01.02.2026;;\n;;\nStraße;Hausnummer;PLZ\nMarktstraße;1;49716\n;;\nKirchweg;2;26871\n"
    table = read_table(_write(tmp_path / "liste.csv", text, "utf-8"))
    assert table.headers == ["Straße", "Hausnummer", "PLZ"]
    assert table.row_numbers == [4, 6]
    assert table.column("Straße") == ["Marktstraße", "Kirchweg"]


def test_half_empty_rows_are_padded_and_overlong_rows_are_flagged(tmp_path):
    text = "Straße;Hausnummer;PLZ\nMarktstraße\nKirchweg;2;26871;Balkon;Keller\n"
    table = read_table(_write(tmp_path / "liste.csv", text, "utf-8"))
    assert table.rows[0] == ["Marktstraße", None, None]
    assert table.rows[1] == ["Kirchweg", "2", "26871"]
    assert set(table.problems) == {3}
    assert "mehr ausgefüllte Spalten (5) als die Kopfzeile (3)" in table.problems[3]


def test_repeated_and_missing_headers_get_unique_names(tmp_path):
    text = "Bemerkung;;Bemerkung\na;b;c\n"
    assert read_table(_write(tmp_path / "liste.csv", text, "utf-8")).headers == [
        "Bemerkung",
        "Spalte 2",
        "Bemerkung (2)",
    ]


def test_a_file_without_a_header_row_is_refused_in_german(tmp_path):
    with pytest.raises(ReadError, match="keine Kopfzeile"):
        read_table(_write(tmp_path / "liste.csv", "nur eine Spalte\nund noch eine Zeile\n", "utf-8"))


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "leer.csv").write_bytes(b"")
    with pytest.raises(ReadError, match="leer"):
        read_table(tmp_path / "leer.csv")


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_old_spreadsheet_formats_are_refused_with_advice(tmp_path, suffix):
    path = tmp_path / f"liste{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ReadError, match=r"als Excel-Arbeitsmappe \(\.xlsx\) oder als CSV"):
        read_table(path)


def test_a_damaged_xlsx_is_refused(tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ReadError, match="keine lesbare Excel-Arbeitsmappe"):
        read_table(path)


@pytest.mark.slow
def test_a_50_mb_file_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "riesig.csv"
    line = ";".join(flat_rows(1)[0].values()) + "\r\n"
    with path.open("w", encoding="cp1252") as handle:
        handle.write(";".join(FLAT_HEADERS) + "\r\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line * 1000)
    with pytest.raises(ReadError, match=r"Die Datei ist 5\d,\d MB groß; eingelesen werden höchstens 20 MB"):
        read_table(path)


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    with pytest.raises(ReadError, match="mehr als 10 Zeilen"):
        read_table(write_csv(tmp_path / "liste.csv", flat_rows(30)))


def test_xlsx_gives_numbers_and_dates_typed(tmp_path):
    rows = [{"Straße": "Marktstraße", "PLZ": 49716, "Wohnfläche (m²)": 62.5, "Frei ab": date(2026, 2, 1)}]
    path = write_xlsx(tmp_path / "liste.xlsx", rows, ["Straße", "PLZ", "Wohnfläche (m²)", "Frei ab"])
    table = read_table(path)
    assert table.sheet == "Wohnungen"
    assert table.rows == [["Marktstraße", 49716, 62.5, date(2026, 2, 1)]]
    assert len(table.sha256) == 64


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """openpyxl saves formulas without a result; Excel saves the result beside the formula. Add it."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, found = re.subn(rf'(<c r="{cell}"[^>]*>)<f>(.*?)</f><v\s*/?>(?:</v>)?', rf"\1<f>\2</f><v>{value}</v>", sheet)
    assert found == 1, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_formula_cell_gives_its_saved_value_and_is_never_evaluated(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Straße", "Kaltmiete", "Warmmiete"])
    sheet.append(["Marktstraße", 400, "=B2+150"])
    sheet.append(["Kirchweg", 500, '=HYPERLINK("http://example.invalid","klick")'])
    path = tmp_path / "formeln.xlsx"
    workbook.save(path)
    _with_cached_value(path, "C2", "999")  # deliberately not 550: proves the value is read, not computed
    table = read_table(path)
    assert table.rows[0] == ["Marktstraße", 400, 999]
    assert table.rows[1] == ["Kirchweg", 500, None]  # no saved value: empty, the formula text never appears
    assert not any(isinstance(c, str) and c.startswith("=") for row in table.rows for c in row)


def test_the_first_sheet_with_a_table_is_read_unless_one_is_named(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Hinweise"
    workbook.active.append(["Bitte nur die Tabelle Wohnungen ausfüllen."])
    data = workbook.create_sheet("Wohnungen")
    data.append(["Straße", "Hausnummer"])
    data.append(["Marktstraße", "1"])
    other = workbook.create_sheet("Archiv")
    other.append(["Straße", "Hausnummer"])
    other.append(["Kirchweg", "2"])
    path = tmp_path / "mappe.xlsx"
    workbook.save(path)
    assert read_table(path).rows == [["Marktstraße", "1"]]
    assert read_table(path, sheet="Archiv").rows == [["Kirchweg", "2"]]
    with pytest.raises(ReadError, match="„Hinweise“, „Wohnungen“, „Archiv“"):
        read_table(path, sheet="Tabelle1")
