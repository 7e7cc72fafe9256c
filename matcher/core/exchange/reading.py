"""Reading spreadsheets as German offices send them: CSV in any delimiter and encoding, and Excel `.xlsx`.

CSV: UTF-8 with or without byte order mark, UTF-16 (Excel's "Unicode text") and Windows-1252 (Excel's
"CSV (Trennzeichen-getrennt)" on a German Windows); the delimiter is whichever of `;` `,` tab `|` splits
the first lines into the same number of columns. `.xlsx` is read with openpyxl in read-only mode and
`data_only`: a formula cell yields the value Excel saved with it and is never evaluated here.

The result is a `Table`: the header row, the data rows with their row numbers as the spreadsheet shows
them, and reading problems per row (a row with more cells than the header). Cells stay as they came
(text, or numbers and dates from Excel); turning them into field values is `importing.py`'s job.
Files above `MAX_FILE_BYTES` or `MAX_ROWS` are refused with a German message before anything is parsed,
so a wrong or huge file cannot exhaust the laptop's memory. This module knows no database.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from matcher.core.errors import MatcherError
from matcher.core.formatting import number

Cell = str | int | float | bool | date | None
"""One cell: text from CSV; text, number, date or bool from Excel; None when empty."""

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 10
DELIMITERS = (";", ",", "\t", "|")
SNIFF_CHARS = 64 * 1024
SNIFF_LINES = 25
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
OLD_FORMATS = frozenset({".xls", ".ods", ".numbers"})


class ReadError(MatcherError):
    """The file cannot be read as a table; the message says why and what to do, in German."""


@dataclass
class Table:
    """A spreadsheet's header and data rows. `row_numbers[i]` is the spreadsheet row of `rows[i]`."""

    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    source_name: str = ""
    sha256: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    problems: dict[int, str] = field(default_factory=dict)
    """Reading problems by spreadsheet row number (the importer rejects those rows)."""

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, header: str) -> list[Cell]:
        index = self.headers.index(header)
        return [row[index] for row in self.rows]

    def records(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        """(row number, {header: cell}) for every data row."""
        for number_, row in zip(self.row_numbers, self.rows, strict=True):
            yield number_, dict(zip(self.headers, row, strict=True))


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read a CSV or `.xlsx` file; raise ReadError with a German reason if it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"Die Datei „{path}“ gibt es nicht. Bitte prüfen Sie den Pfad.")
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise ReadError(
            f"Dateien im Format „{suffix}“ werden nicht gelesen. Bitte speichern Sie die Tabelle als "
            "Excel-Arbeitsmappe (.xlsx) oder als CSV und wählen Sie diese Datei."
        )
    _check_size(path)
    if suffix in EXCEL_SUFFIXES or (suffix not in CSV_SUFFIXES and zipfile.is_zipfile(path)):
        return read_xlsx(path, sheet=sheet)
    return read_csv(path)


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"Die Datei ist {number(size / 1024 / 1024, 1)} MB groß; eingelesen werden höchstens "
            f"{number(MAX_FILE_BYTES / 1024 / 1024, 0)} MB (etwa {number(MAX_ROWS, 0)} Zeilen). Bitte teilen Sie "
            "die Datei auf oder prüfen Sie, ob Sie die richtige Datei gewählt haben."
        )
    if size == 0:
        raise ReadError("Die Datei ist leer.")


def _too_many_rows() -> ReadError:
    return ReadError(
        f"Die Tabelle hat mehr als {number(MAX_ROWS, 0)} Zeilen. Bitte teilen Sie die Datei in kleinere Teile auf."
    )


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: BOMs first, then strict UTF-8, then Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined: Latin-1 maps every byte
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (≥ 2) of columns; `;` if none does."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # never judge by a cut-off last line
    best: tuple[float, int, int] | None = None
    choice = ";"
    for preference, delimiter in enumerate(DELIMITERS):
        try:
            lines = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:SNIFF_LINES]
        except csv.Error:
            continue
        counts = [len(line) for line in lines if any(cell.strip() for cell in line)]
        if not counts:
            continue
        width = max(counts[:HEADER_SEARCH_ROWS])
        if width < 2:
            continue
        consistent = sum(1 for count in counts if count == width) / len(counts)
        score = (consistent, width, -preference)
        if best is None or score > best:
            best, choice = score, delimiter
    return choice


def read_csv(path: Path | str) -> Table:
    path = Path(path)
    _check_size(path)
    data = path.read_bytes()
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    try:
        lines: list[list[Cell]] = []
        for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(lines) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many_rows()
            lines.append([cell.strip() or None for cell in line])
    except csv.Error as exc:
        raise ReadError(
            f"Die CSV-Datei ist fehlerhaft aufgebaut ({exc}). Bitte prüfen Sie Anführungszeichen und Trennzeichen."
        ) from exc
    table = _table(lines, path.name)
    table.sha256 = hashlib.sha256(data).hexdigest()
    table.encoding, table.delimiter = encoding, delimiter
    return table


# --------------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------------


def _excel_cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()  # dates in our lists carry no time; Excel stores them as midnight
    if isinstance(value, date | bool | int | float):
        return value
    if isinstance(value, time):
        return str(value)
    text = str(value).strip()
    return text or None


def read_xlsx(path: Path | str, *, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook  # only when a workbook is read: openpyxl takes a while to import
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    _check_size(path)
    data = path.read_bytes()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ReadError(
            "Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx). Bitte öffnen Sie sie in Excel und speichern "
            "Sie sie erneut als .xlsx oder als CSV."
        ) from exc
    try:
        worksheets = list(workbook.worksheets)
        if sheet is not None:
            worksheets = [ws for ws in worksheets if ws.title == sheet]
            if not worksheets:
                names = ", ".join(f"„{ws.title}“" for ws in workbook.worksheets)
                raise ReadError(f"Das Tabellenblatt „{sheet}“ gibt es nicht. Vorhanden sind: {names}.")
        for worksheet in worksheets:
            lines = _sheet_lines(worksheet.iter_rows(values_only=True))
            if _header_index(lines) is not None or worksheet is worksheets[-1]:
                table = _table(lines, path.name)
                table.sheet = worksheet.title
                table.sha256 = hashlib.sha256(data).hexdigest()
                return table
    finally:
        workbook.close()
    raise ReadError("Die Arbeitsmappe enthält kein Tabellenblatt.")


def _sheet_lines(rows: Iterable[Sequence[object]]) -> list[list[Cell]]:
    lines: list[list[Cell]] = []
    for row in rows:
        if len(lines) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many_rows()
        lines.append([_excel_cell(value) for value in row])
    return lines


# --------------------------------------------------------------------------------------------------
# From lines to a table: find the header, name columns uniquely, keep row numbers
# --------------------------------------------------------------------------------------------------


def _filled(line: Sequence[Cell]) -> int:
    return sum(1 for cell in line if cell is not None and cell != "")


def _header_index(lines: Sequence[Sequence[Cell]]) -> int | None:
    """The header is the first of the top rows that is as wide as the table: a title line such as
    „Wohnungsliste Stand 01.02.2026“ above it is skipped."""
    top = lines[:HEADER_SEARCH_ROWS]
    widest = max((_filled(line) for line in top), default=0)
    if widest < 2:
        return None
    for index, line in enumerate(top):
        if _filled(line) >= max(2, (widest + 1) // 2) and all(isinstance(c, str) or c is None for c in line):
            return index
    return None


def _unique_headers(cells: Sequence[Cell]) -> list[str]:
    headers: list[str] = []
    for position, cell in enumerate(cells, start=1):
        name = " ".join(str(cell).split()) if cell is not None else ""
        name = name or f"Spalte {position}"
        candidate, suffix = name, 2
        while candidate in headers:
            candidate, suffix = f"{name} ({suffix})", suffix + 1
        headers.append(candidate)
    return headers


def _table(lines: list[list[Cell]], source_name: str) -> Table:
    header_at = _header_index(lines)
    if header_at is None:
        raise ReadError(
            "In der Datei wurde keine Kopfzeile mit Spaltennamen gefunden (mindestens zwei Spalten). Bitte prüfen "
            "Sie, ob die erste Zeile die Spaltenüberschriften enthält und ob Sie die richtige Datei gewählt haben."
        )
    width = max(i + 1 for i, cell in enumerate(lines[header_at]) if cell is not None)
    headers = _unique_headers(lines[header_at][:width])
    table = Table(headers=headers, rows=[], row_numbers=[], source_name=source_name)
    for offset, line in enumerate(lines[header_at + 1 :]):
        if not _filled(line):
            continue
        row_number = header_at + offset + 2
        extra = [cell for cell in line[width:] if cell is not None and cell != ""]
        if extra:
            table.problems[row_number] = (
                f"Die Zeile hat mehr ausgefüllte Spalten ({len(line[:width]) + len(extra)}) als die Kopfzeile "
                f"({width}). Bitte prüfen Sie Trennzeichen und Anführungszeichen in dieser Zeile."
            )
        cells = list(line[:width])
        cells += [None] * (width - len(cells))
        table.rows.append(cells)
        table.row_numbers.append(row_number)
    if len(table.rows) > MAX_ROWS:
        raise _too_many_rows()
    return table
