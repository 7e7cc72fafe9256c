"""Lists out: the rows of a list (flats, households, placements) as `.xlsx` or German CSV.

What it is for: a caseworker sends "the list as shown" (current filter and columns) to a housing company,
the council or a colleague. Two formats, chosen by the file name's suffix:

- `.xlsx` (openpyxl): numbers, amounts and dates as real cells with German number formats.
- `.csv`: UTF-8 with BOM, `;` as separator, decimal comma, dates `TT.MM.JJJJ` — what Excel in a German
  office opens correctly with a double click.

Every text cell that a spreadsheet could read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
carriage return, also after leading spaces) gets a leading apostrophe, so a street named
`=HYPERLINK(...)` in an imported list never runs on someone else's computer (CSV/formula injection).

Columns with personal data (a person's name, where a family lives now) are left out unless asked for
explicitly (`personal_data=True`); the residence status and health needs are never list columns at all.
Each export writes an audit entry: which list, how many rows, which columns — never a value.
This module reads lists through `services.queries` and writes files; it changes no record.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from matcher.core import enums as E
from matcher.core.db import Database
from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.formatting import day, number
from matcher.core.services import audit, queries

LOCAL_TIME = ZoneInfo("Europe/Berlin")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP)."""
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv"}
CSV_DELIMITER = ";"
XLSX_MONEY = '#,##0.00 "€"'
XLSX_DECIMAL = "#,##0.0#"
XLSX_DATE = "DD.MM.YYYY"
XLSX_DATETIME = "DD.MM.YYYY HH:MM"
MAX_COLUMN_WIDTH = 45
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters an .xlsx file cannot hold (openpyxl refuses them); text in the database never has them."""


# --------------------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportColumn:
    """One column a list can be exported with.

    `kind` says how the value is written: text, int, decimal, money (cents in the row, euros in the file),
    date, datetime, bool (ja/nein) or enum (the German label of `enum`'s value).
    """

    key: str
    header: str
    kind: str = "text"
    enum: type[E.LabelledEnum] | None = None
    personal: bool = False
    getter: Callable[[Any], Any] | None = None

    def value(self, row: Any) -> Any:
        """The row's value in the form the file needs (labels for enums, cents stay cents)."""
        raw = self.getter(row) if self.getter is not None else getattr(row, self.key)
        if raw is not None and self.enum is not None:
            return self.enum(raw).label
        return raw


def _c(key: str, header: str, kind: str = "text", **kwargs: Any) -> ExportColumn:
    return ExportColumn(key, header, kind, **kwargs)


COLUMNS: dict[str, tuple[ExportColumn, ...]] = {
    "flats": (
        _c("id", "Nr.", "int"),
        _c("address", "Adresse", getter=lambda r: r.address),
        _c("street", "Straße"),
        _c("house_number", "Hausnummer"),
        _c("flat_number", "Wohnungsnummer"),
        _c("postcode", "PLZ"),
        _c("ags", "Gemeindeschlüssel"),
        _c("municipality", "Gemeinde"),
        _c("floor", "Geschoss", "int"),
        _c("living_area_m2", "Wohnfläche (m²)", "decimal"),
        _c("rooms", "Zimmer", "decimal"),
        _c("bedrooms", "Schlafzimmer", "int"),
        _c("net_rent_cents", "Nettokaltmiete (€)", "money"),
        _c("gross_cold_rent_cents", "Bruttokaltmiete (€)", "money"),
        _c("heating_costs_cents", "Heizkosten (€)", "money"),
        _c("status", "Status", "enum", enum=E.FlatStatus),
        _c("available_from", "Frei ab", "date"),
        _c("landlord", "Vermieter"),
        _c("landlord_kind", "Art des Vermieters", "enum", enum=E.LandlordKind),
        _c("wheelchair_accessible", "Rollstuhlgerecht", "bool"),
        _c("step_free", "Stufenloser Zugang", "bool"),
        _c("elevator", "Aufzug", "bool"),
        _c("funded", "Gefördert", "bool"),
        _c("head_lease", "Angemietet durch die Gemeinde", "bool"),
    ),
    "households": (
        _c("id", "Nr.", "int"),
        _c("case_number", "Aktenzeichen"),
        _c("applicant", "Antragsteller/in", personal=True),
        _c("size", "Personen", "int"),
        _c("children", "Kinder", "int"),
        _c("status", "Status", "enum", enum=E.HouseholdStatus),
        _c("urgency", "Dringlichkeit", "enum", enum=E.Urgency),
        _c("registered_on", "Wohnungssuchend seit", "date"),
        _c("current_accommodation", "Derzeitige Unterkunft", personal=True),
        _c("accommodation_municipality", "Ort der Unterkunft"),
    ),
    "placements": (
        _c("id", "Nr.", "int"),
        _c("case_number", "Aktenzeichen"),
        _c("household_id", "Haushalt Nr.", "int"),
        _c("flat_id", "Wohnung Nr.", "int"),
        _c("flat_address", "Wohnung"),
        _c("municipality", "Gemeinde"),
        _c("state", "Stand", "enum", enum=E.PlacementState),
        _c("lease_kind", "Vertragsart", "enum", enum=E.LeaseKind),
        _c("planned_move_in", "Geplanter Einzug", "date"),
        _c("updated_at", "Zuletzt geändert", "datetime"),
    ),
}
LIST_TITLES = {"flats": "Wohnungen", "households": "Haushalte", "placements": "Vermittlungen"}
LOADERS: dict[str, Callable[[Database], Sequence[Any]]] = {
    "flats": queries.flat_rows,
    "households": queries.household_rows,
    "placements": queries.placement_rows,
}


def _kind_error(kind: str) -> ValidationFailed:
    known = ", ".join(COLUMNS)
    return ValidationFailed([FieldError("kind", f"Unbekannte Liste „{kind}“. Möglich sind: {known}.", "Liste")])


def default_columns(kind: str) -> list[str]:
    """The columns written when none are chosen: all except those with personal data."""
    if kind not in COLUMNS:
        raise _kind_error(kind)
    return [column.key for column in COLUMNS[kind] if not column.personal]


def columns_for(kind: str, keys: Sequence[str] | None = None, *, personal_data: bool = False) -> list[ExportColumn]:
    """The chosen columns in the given order; unknown keys and unasked-for personal data are refused."""
    if kind not in COLUMNS:
        raise _kind_error(kind)
    by_key = {column.key: column for column in COLUMNS[kind]}
    chosen = list(keys) if keys else default_columns(kind)
    errors: list[FieldError] = []
    unknown = [key for key in chosen if key not in by_key]
    if unknown:
        known = ", ".join(by_key)
        errors.append(
            FieldError("columns", f"Unbekannte Spalten: {', '.join(unknown)}. Möglich sind: {known}.", "Spalten")
        )
    personal = [by_key[key].header for key in chosen if key in by_key and by_key[key].personal]
    if personal and not personal_data:
        errors.append(
            FieldError(
                "columns",
                f"Die Spalten {', '.join(personal)} enthalten personenbezogene Daten. Sie werden nur "
                "exportiert, wenn Sie das ausdrücklich wählen.",
                "Spalten",
            )
        )
    if not chosen:
        errors.append(FieldError("columns", "Bitte wählen Sie mindestens eine Spalte.", "Spalten"))
    if errors:
        raise ValidationFailed(errors)
    return [by_key[key] for key in chosen]


# --------------------------------------------------------------------------------------------------
# Filters ("status=available", as the command line passes them)
# --------------------------------------------------------------------------------------------------


def _matches(column: ExportColumn, row: Any, wanted: str) -> bool:
    raw = column.getter(row) if column.getter is not None else getattr(row, column.key)
    shown = csv_text(column, column.value(row))
    candidates = {str(raw).casefold(), shown.casefold()}
    return wanted.casefold() in candidates


def filter_rows(kind: str, rows: Iterable[Any], filters: Sequence[str]) -> list[Any]:
    """Keep the rows that match every `SPALTE=WERT` filter (stored value or German label, any case)."""
    by_key = {column.key: column for column in COLUMNS.get(kind, ())}
    parsed: list[tuple[ExportColumn, str]] = []
    errors: list[FieldError] = []
    for text in filters:
        key, sep, wanted = text.partition("=")
        column = by_key.get(key.strip())
        if not sep or column is None:
            errors.append(
                FieldError(
                    "filter",
                    f"Filter „{text}“ nicht verstanden: erwartet SPALTE=WERT mit einer dieser Spalten: "
                    f"{', '.join(by_key)}.",
                    "Filter",
                )
            )
            continue
        parsed.append((column, wanted.strip()))
    if errors:
        raise ValidationFailed(errors)
    return [row for row in rows if all(_matches(column, row, wanted) for column, wanted in parsed)]


# --------------------------------------------------------------------------------------------------
# Cell values
# --------------------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Text a spreadsheet will show and never evaluate: a leading `'` before anything formula-like."""
    if text.startswith(FORMULA_STARTS) or text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _local(value: datetime) -> datetime:
    return value.astimezone(LOCAL_TIME) if value.tzinfo is not None else value


def csv_text(column: ExportColumn, value: Any) -> str:
    """A value as a German office writes it: `1.234,56`, `52,5`, `01.02.2026`, `ja`/`nein`."""
    if value is None:
        return ""
    if column.kind == "money":
        return _two_decimals(int(value))
    if column.kind == "decimal":
        return number(float(value), 2)
    if column.kind == "int":
        return str(int(value))
    if column.kind == "bool":
        return "ja" if value else "nein"
    if column.kind == "datetime" and isinstance(value, datetime):
        local = _local(value)
        return f"{day(local.date())} {local:%H:%M}"
    if column.kind == "date" and isinstance(value, date):
        return day(value)
    return neutralise(str(value))


def _two_decimals(cents: int) -> str:
    """Cents as euros with always two decimals and a thousands dot: 123456 → '1.234,56'."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d}"


def _xlsx_cell(column: ExportColumn, value: Any) -> tuple[Any, str | None]:
    """(cell value, number format) for openpyxl: real numbers and dates, neutralised text."""
    if value is None:
        return None, None
    if column.kind == "money":
        return value / 100, XLSX_MONEY
    if column.kind == "decimal":
        return float(value), XLSX_DECIMAL
    if column.kind == "int":
        return int(value), "0"
    if column.kind == "bool":
        return ("ja" if value else "nein"), None
    if column.kind == "datetime" and isinstance(value, datetime):
        return _local(value).replace(tzinfo=None), XLSX_DATETIME
    if column.kind == "date" and isinstance(value, date):
        return value, XLSX_DATE
    return ILLEGAL_XML.sub("", neutralise(str(value))), None


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    format: str
    rows: int
    columns: tuple[str, ...]


def format_for(path: Path) -> str:
    """'xlsx' or 'csv' from the file name; anything else is refused in German."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValidationFailed(
            [FieldError("file", "Bitte geben Sie eine Datei mit der Endung .xlsx oder .csv an.", "Datei")]
        )
    return fmt


def csv_bytes(rows: Sequence[Any], columns: Sequence[ExportColumn]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(column.header) for column in columns])
    for row in rows:
        writer.writerow([csv_text(column, column.value(row)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Sequence[Any], columns: Sequence[ExportColumn], title: str) -> bytes:
    """A one-sheet workbook, streamed (openpyxl's write-only mode: 10,000 rows in about a second)."""
    from openpyxl import Workbook  # loaded on use: the command line starts faster without it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cells = [[_xlsx_cell(column, column.value(row)) for column in columns] for row in rows]
    widths = [len(column.header) for column in columns]
    for line in cells:
        for index, (value, _) in enumerate(line):
            if value is not None:
                widths[index] = max(widths[index], len(str(value)))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for line in cells:
        written: list[Any] = []
        for value, fmt in line:
            if fmt is None:
                written.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                written.append(cell)
        sheet.append(written)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: no half-written file on failure."""
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def file_bytes(path: Path, kind: str, rows: Sequence[Any], columns: Sequence[ExportColumn]) -> bytes:
    """The file's content for `path`'s format (.xlsx or .csv), without touching the database."""
    if format_for(Path(path)) == "csv":
        return csv_bytes(rows, columns)
    return xlsx_bytes(rows, columns, LIST_TITLES.get(kind, kind))


def write_audited(db: Database, path: Path, data: bytes, entity: str, description: str) -> None:
    """Write an exported file together with its audit entry: both or neither.

    The entry is saved first (a database opened read-only refuses here, in German, before any file
    exists); the file is written inside the same transaction and removed again if the commit fails.
    """
    path = Path(path)
    written = False
    try:
        with db.session() as session:
            audit.record(session, db.user, "export", entity, "", _fit(description))
            session.flush()
            write_atomically(path, data)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise


def export_list(
    db: Database,
    kind: str,
    path: Path,
    *,
    rows: Sequence[Any] | None = None,
    columns: Sequence[str] | None = None,
    filters: Sequence[str] = (),
    personal_data: bool = False,
) -> ExportResult:
    """Export a list as shown: `rows` as the window holds them (or all rows of the list, filtered by
    `filters`), with `columns` (or the default ones), to `path`; record who exported what in the audit."""
    chosen = columns_for(kind, columns, personal_data=personal_data)
    path = Path(path)
    fmt = format_for(path)
    data_rows = list(rows) if rows is not None else list(LOADERS[kind](db))
    if filters:
        data_rows = filter_rows(kind, data_rows, filters)
    description = (
        f"Liste {LIST_TITLES[kind]} exportiert ({fmt}): {len(data_rows)} Zeilen; "
        f"Spalten: {', '.join(column.key for column in chosen)}"
        + ("; gefiltert" if filters else "")
        + ("; mit personenbezogenen Daten" if any(column.personal for column in chosen) else "")
    )
    write_audited(db, path, file_bytes(path, kind, data_rows, chosen), kind, description)
    return ExportResult(kind, path, fmt, len(data_rows), tuple(column.key for column in chosen))


def _fit(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_keys(kind: str) -> list[str]:
    """Every column key of a list (for help texts and the window's column picker)."""
    return [column.key for column in COLUMNS[kind]]
