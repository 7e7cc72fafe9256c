"""The statistics report for the district council and the Land, as PDF and `.xlsx`.

What it holds (for a reporting period of N months up to a reference day): offers, move-ins and
refusals per month; waiting times until the move-in and of the households still waiting; flats by status
and municipality; vacancy costs (flats the municipality rents that stand empty at its cost); households by
size and status.

Pseudonymised: no names, no case numbers, no addresses — municipalities are the finest unit. Counts of
households or placements from 1 to `Office.statistics_min_count - 1` are printed as "< N" (primary
suppression). Where a table shows totals, a single hidden cell in a row or column could be recomputed
from the total, so a second cell of that line is hidden too, shown as "x" (secondary suppression), until
every line with a hidden cell has at least two. Waiting-time medians of a hidden group are hidden with it.
Flat counts and vacancy costs describe flats and public money, not families, and are shown in full.

Data in, bytes out for the two renderers; `build_report` is the only function that reads the database.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlalchemy import func, select
from sqlmodel import col

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.documents import layout
from matcher.core.documents.fonts import BODY_FONT, BOLD_FONT, markup
from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.exchange.export import format_for, neutralise, write_audited
from matcher.core.formatting import day, euros, number
from matcher.core.text import fold_for_search

LOCAL_TIME = ZoneInfo("Europe/Berlin")
TITLE = "Statistik der Wohnraumvermittlung"
SECONDARY_MARK = "x"
TOTAL = "Summe"
MONTHS_DE = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.")
SIZE_GROUPS = ((1, 1, "1 Person"), (2, 2, "2 Personen"), (3, 3, "3 Personen"), (4, 4, "4 Personen"),
               (5, 5, "5 Personen"), (6, 99, "6 und mehr Personen"))  # fmt: skip
WAIT_BUCKETS = ((0, 90, "unter 3 Monaten"), (90, 182, "3 bis unter 6 Monaten"),
                (182, 365, "6 bis unter 12 Monaten"), (365, 100_000, "12 Monate und länger"))  # fmt: skip
SHEET_NAMES = {
    "placements_per_month": "Vermittlungen je Monat",
    "waiting_until_move_in": "Wartezeit bis Einzug",
    "still_waiting": "Wartende Haushalte",
    "households_by_size": "Haushalte nach Größe",
    "flats_by_status": "Wohnungen nach Gemeinde",
    "vacancy_costs": "Leerstandskosten",
}
"""Short names for the workbook's tabs (Excel allows 31 characters)."""
STILL_WAITING = (E.HouseholdStatus.WAITING, E.HouseholdStatus.OFFERED, E.HouseholdStatus.PARKED)


# --------------------------------------------------------------------------------------------------
# Tables and suppression
# --------------------------------------------------------------------------------------------------


@dataclass
class StatTable:
    """One table of the report. `values` holds the grid including total row/column (if any).

    `kinds` per column: "count" (suppressed when small), "linked" (hidden with the row's first count
    column: medians), "number", "money" (cents) — the last two are never suppressed.
    """

    key: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[str]
    values: list[list[int | float | None]]
    kinds: list[str]
    note: str = ""
    total_row: bool = False
    total_column: bool = False
    suppressed: list[list[str]] = field(default_factory=list)  # "" shown, "primary", "secondary"

    def cell_text(self, row: int, column: int, threshold: int) -> str:
        mark = self.suppressed[row][column] if self.suppressed else ""
        if mark == "primary" and self.kinds[column] == "count":
            return f"< {threshold}"
        if mark:
            return SECONDARY_MARK
        value = self.values[row][column]
        if value is None:
            return "–"
        kind = self.kinds[column]
        if kind == "money":
            return euros(int(value))
        if kind in ("number", "linked"):
            return number(float(value), 0)
        return number(int(value), 0)


def suppress(
    grid: Sequence[Sequence[int]], *, total_row: bool, total_column: bool, threshold: int, count_columns: Sequence[int]
) -> list[list[str]]:
    """Which cells to hide: "primary" for 0 < value < threshold, "secondary" so that no line (a row with
    its row total, a column with its column total) has exactly one hidden cell. Only `count_columns`
    take part; the grid includes the total row/column where present."""
    n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
    marks = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    counted = set(count_columns)
    for r in range(n_rows):
        for c in counted:
            if 0 < grid[r][c] < threshold:
                marks[r][c] = "primary"
    lines: list[list[tuple[int, int]]] = []
    inner_cols = [c for c in sorted(counted) if not (total_column and c == n_cols - 1)]
    inner_rows = list(range(n_rows - 1 if total_row else n_rows))
    if total_column:
        lines += [[(r, c) for c in inner_cols] + [(r, n_cols - 1)] for r in range(n_rows)]
    if total_row:
        lines += [[(r, c) for r in inner_rows] + [(n_rows - 1, c)] for c in sorted(counted)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [cell for cell in line if marks[cell[0]][cell[1]]]
            if len(hidden) != 1:
                continue
            parts, total_cell = line[:-1], line[-1]
            candidates = [cell for cell in parts if not marks[cell[0]][cell[1]]]
            if not candidates:
                candidates = [total_cell] if not marks[total_cell[0]][total_cell[1]] else []
            if not candidates:
                continue
            # The smallest non-zero cell costs the reader least; a zero only when nothing else is left.
            choice = min(candidates, key=lambda cell: (grid[cell[0]][cell[1]] == 0, grid[cell[0]][cell[1]]))
            marks[choice[0]][choice[1]] = "secondary"
            changed = True
    return marks


def _with_totals(
    rows: list[str], grid: list[list[int]], *, total_row: bool, total_column: bool
) -> tuple[list[str], list[list[int]]]:
    full = [[*line, sum(line)] if total_column else list(line) for line in grid]
    if total_row:
        width = len(full[0]) if full else 0
        full.append([sum(line[c] for line in full) for c in range(width)])
        rows = [*rows, TOTAL]
    return rows, full


def _count_table(
    key: str,
    title: str,
    row_header: str,
    columns: list[str],
    rows: list[str],
    grid: list[list[int]],
    *,
    threshold: int | None,
    total_row: bool = True,
    total_column: bool = True,
    note: str = "",
) -> StatTable:
    labels, full = _with_totals(rows, grid, total_row=total_row, total_column=total_column)
    headers = [*columns, TOTAL] if total_column else columns
    width = len(headers)
    table = StatTable(key, title, row_header, headers, labels, [list(map(int, line)) for line in full],
                      ["count"] * width, note, total_row, total_column)  # fmt: skip
    if threshold is not None and full:
        table.suppressed = suppress(
            full, total_row=total_row, total_column=total_column, threshold=threshold, count_columns=range(width)
        )
    return table


# --------------------------------------------------------------------------------------------------
# Reading the figures
# --------------------------------------------------------------------------------------------------


@dataclass
class Report:
    office_name: str
    office_department: str
    office_address: str
    period_start: date
    as_of: date
    threshold: int
    created_at: datetime
    tables: list[StatTable]

    @property
    def period_text(self) -> str:
        return f"{day(self.period_start)} bis {day(self.as_of)}"


def _month_start(value: date, back: int) -> date:
    month_index = value.year * 12 + value.month - 1 - back
    return date(month_index // 12, month_index % 12 + 1, 1)


def _month_label(value: date) -> str:
    return f"{MONTHS_DE[value.month - 1]} {value.year}"


def _local_day(value: datetime) -> date:
    return value.astimezone(LOCAL_TIME).date()


def _size_group(size: int) -> int:
    return next(index for index, (low, high, _) in enumerate(SIZE_GROUPS) if low <= size <= high)


def _household_sizes(session: Any) -> dict[int, int]:
    query = select(col(M.Member.household_id), func.count()).group_by(col(M.Member.household_id))
    return {int(household): int(count) for household, count in session.execute(query)}


def _placement_months(session: Any, months: list[date], start: date, as_of: date, threshold: int) -> StatTable:
    states = (E.PlacementState.OFFERED, E.PlacementState.MOVED_IN, E.PlacementState.DECLINED)
    query = select(col(M.PlacementEvent.at), col(M.PlacementEvent.to_state), col(M.PlacementEvent.placement_id)).where(
        col(M.PlacementEvent.to_state).in_([state.value for state in states])
    )
    seen: dict[tuple[date, str], set[int]] = defaultdict(set)
    for at, state, placement_id in session.execute(query):
        local = _local_day(at)
        if start <= local <= as_of:
            seen[(local.replace(day=1), str(state))].add(int(placement_id))
    grid = [[len(seen[(month, state.value)]) for state in states] for month in months]
    return _count_table(
        "placements_per_month",
        "Angebote, Einzüge und Absagen je Monat",
        "Monat",
        ["Angebote", "Einzüge", "Absagen"],
        [_month_label(month) for month in months],
        grid,
        threshold=threshold,
        total_column=False,
        note="Gezählt werden Vermittlungen, die im Monat den jeweiligen Stand erreicht haben.",
    )


def _waiting_tables(session: Any, sizes: dict[int, int], start: date, as_of: date, threshold: int) -> list[StatTable]:
    registered = dict(session.execute(select(col(M.Household.id), col(M.Household.registered_on))).all())
    moved = (
        select(col(M.PlacementEvent.at), col(M.Placement.household_id))
        .join(M.Placement, col(M.Placement.id) == col(M.PlacementEvent.placement_id))
        .where(col(M.PlacementEvent.to_state) == E.PlacementState.MOVED_IN.value)
    )
    waits: dict[int, list[int]] = defaultdict(list)
    for at, household_id in session.execute(moved):
        moved_on = _local_day(at)
        if start <= moved_on <= as_of and household_id in registered:
            waits[_size_group(sizes.get(household_id, 1))].append((moved_on - registered[household_id]).days)
    counts = [[len(waits[index])] for index in range(len(SIZE_GROUPS))]
    labels, full = _with_totals([label for _, _, label in SIZE_GROUPS], counts, total_row=True, total_column=False)
    every = [days for group in waits.values() for days in group]
    groups = [waits[index] for index in range(len(SIZE_GROUPS))] + [every]
    values: list[list[int | float | None]] = [
        [line[0], statistics.median(days) if days else None, statistics.fmean(days) if days else None]
        for line, days in zip(full, groups, strict=True)
    ]
    moved_table = StatTable(
        "waiting_until_move_in",
        "Wartezeit bis zum Einzug (Tage seit der Meldung als wohnungssuchend)",
        "Haushaltsgröße",
        ["Eingezogene Haushalte", "Median (Tage)", "Mittelwert (Tage)"],
        labels,
        values,
        ["count", "linked", "linked"],
        "Haushalte, die im Berichtszeitraum eingezogen sind.",
        total_row=True,
    )
    marks = suppress(full, total_row=True, total_column=False, threshold=threshold, count_columns=[0])
    moved_table.suppressed = [[mark, mark, mark] for mark, *_ in marks]

    still = select(col(M.Household.registered_on)).where(
        col(M.Household.status).in_([status.value for status in STILL_WAITING])
    )
    buckets: Counter[int] = Counter()
    for (registered_on,) in session.execute(still):
        waited = (as_of - registered_on).days
        buckets[next(i for i, (low, high, _) in enumerate(WAIT_BUCKETS) if low <= waited < high or i == 3)] += 1
    waiting_table = _count_table(
        "still_waiting",
        f"Wohnungssuchende Haushalte am {day(as_of)} nach bisheriger Wartezeit",
        "Wartezeit",
        ["Haushalte"],
        [label for _, _, label in WAIT_BUCKETS],
        [[buckets[index]] for index in range(len(WAIT_BUCKETS))],
        threshold=threshold,
        total_column=False,
        note="Haushalte mit dem Status wartend, Angebot erhalten oder zurückgestellt.",
    )
    return [moved_table, waiting_table]


def _flats_by_status(session: Any) -> StatTable:
    query = (
        select(col(M.Municipality.name), col(M.Flat.status), func.count())
        .join(M.Municipality, col(M.Municipality.ags) == col(M.Flat.ags))
        .group_by(col(M.Municipality.name), col(M.Flat.status))
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status, count in session.execute(query):
        counts[str(name)][str(status)] += int(count)
    names = sorted(counts, key=fold_for_search)
    statuses = list(E.FlatStatus)
    return _count_table(
        "flats_by_status",
        "Wohnungen nach Status und Gemeinde",
        "Gemeinde",
        [status.label for status in statuses],
        names,
        [[counts[name][status.value] for status in statuses] for name in names],
        threshold=None,
        note="Stand am Tag der Erstellung. Wohnungen sind keine Personen: Die Zahlen werden vollständig gezeigt.",
    )


def _vacancy_start(history: list[tuple[datetime, str]], fallback: date) -> date:
    """Begin of the current empty period: the oldest status change of the latest run without 'let'."""
    start = fallback
    for changed_at, status in sorted(history, reverse=True):
        if status == E.FlatStatus.LET.value:
            break
        start = _local_day(changed_at)
    return max(start, fallback)


def _vacancy_costs(session: Any, start: date, as_of: date) -> StatTable:
    flats = session.execute(
        select(
            col(M.Flat.id), col(M.Municipality.name), col(M.Flat.head_lease_start),
            col(M.Flat.head_lease_monthly_cost_cents),
        )
        .join(M.Municipality, col(M.Municipality.ags) == col(M.Flat.ags))
        .where(
            col(M.Flat.head_lease_start).is_not(None),
            col(M.Flat.status) != E.FlatStatus.LET.value,
            (col(M.Flat.head_lease_end).is_(None)) | (col(M.Flat.head_lease_end) >= as_of),
        )
    ).all()  # fmt: skip
    history: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    ids = [flat_id for flat_id, *_ in flats]
    if ids:
        changes = select(col(M.FlatStatusChange.flat_id), col(M.FlatStatusChange.changed_at),
                         col(M.FlatStatusChange.status)).where(col(M.FlatStatusChange.flat_id).in_(ids))  # fmt: skip
        for flat_id, changed_at, status in session.execute(changes):
            history[int(flat_id)].append((changed_at, str(status)))
    per_place: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for flat_id, name, lease_start, monthly in flats:
        monthly = int(monthly or 0)
        empty_since = max(_vacancy_start(history[int(flat_id)], lease_start), start)
        days = max((as_of - empty_since).days + 1, 0)
        line = per_place[str(name)]
        line[0] += 1
        line[1] += monthly
        line[2] += round(monthly * 12 * days / 365)
    names = sorted(per_place, key=fold_for_search)
    grid = [per_place[name] for name in names]
    labels, full = _with_totals(names, grid, total_row=True, total_column=False)
    return StatTable(
        "vacancy_costs",
        f"Leerstandskosten: angemietete Wohnungen, die am {day(as_of)} leer stehen",
        "Gemeinde",
        ["Leere Wohnungen", "Kosten je Monat", "Kosten im Berichtszeitraum"],
        labels,
        [list(line) for line in full],
        ["number", "money", "money"],
        "Wohnungen, die die Gemeinde angemietet hat (Generalmietvertrag) und die nicht vermietet sind. "
        "Kosten im Berichtszeitraum: anteilig ab Beginn des Leerstands (frühestens Beginn des Zeitraums).",
        total_row=True,
    )


def _households_by_size(session: Any, sizes: dict[int, int], threshold: int) -> StatTable:
    statuses = list(E.HouseholdStatus)
    grid = [[0] * len(statuses) for _ in SIZE_GROUPS]
    for household_id, status in session.execute(select(col(M.Household.id), col(M.Household.status))):
        grid[_size_group(sizes.get(int(household_id), 1))][statuses.index(E.HouseholdStatus(status))] += 1
    return _count_table(
        "households_by_size",
        "Haushalte nach Größe und Status",
        "Haushaltsgröße",
        [status.label for status in statuses],
        [label for _, _, label in SIZE_GROUPS],
        grid,
        threshold=threshold,
        note="Alle gespeicherten Haushalte am Tag der Erstellung.",
    )


def build_report(db: Database, *, as_of: date | None = None, months: int = 12) -> Report:
    """Read all figures for the `months` calendar months up to `as_of` (default: today)."""
    as_of = as_of or datetime.now(LOCAL_TIME).date()
    month_starts = [_month_start(as_of, back) for back in reversed(range(months))]
    start = month_starts[0]
    with db.read_session() as session:
        office = session.get(M.Office, 1) or M.Office()
        threshold = office.statistics_min_count
        sizes = _household_sizes(session)
        tables = [
            _placement_months(session, month_starts, start, as_of, threshold),
            *_waiting_tables(session, sizes, start, as_of, threshold),
            _households_by_size(session, sizes, threshold),
            _flats_by_status(session),
            _vacancy_costs(session, start, as_of),
        ]
    address = ", ".join(part for part in (office.street, f"{office.postcode} {office.city}".strip()) if part)
    return Report(
        office.name or "Wohnraum-Matcher", office.department, address, start, as_of, threshold,
        datetime.now(UTC), tables,
    )  # fmt: skip


def explanation(report: Report) -> str:
    return (
        f"Pseudonymisiert: keine Namen, Aktenzeichen oder Anschriften. Fallzahlen von 1 bis {report.threshold - 1} "
        f"stehen als „< {report.threshold}“. Mit „{SECONDARY_MARK}“ verdeckt ist, woraus sie sich errechnen "
        "ließen (ein weiteres Feld der Zeile oder Spalte mit Summe) und was nur wenige Familien beschreibt "
        "(Wartezeiten kleiner Gruppen). „–“: kein Wert."
    )


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------

GRID = colors.HexColor("#BBBBBB")
SHADE = colors.HexColor("#EEEEEE")


@cache
def _small_left() -> ParagraphStyle:
    return ParagraphStyle("small-left", parent=layout.styles().small, fontSize=7, leading=8.5)


@cache
def _small_right() -> ParagraphStyle:
    return ParagraphStyle("small-right", parent=layout.styles().small, alignment=TA_RIGHT, fontSize=7, leading=8.5)


def _pdf_table(table: StatTable, threshold: int) -> Table:
    header = [layout.paragraph(f"<b>{markup(table.row_header)}</b>", _small_left())]
    header += [layout.paragraph(f"<b>{markup(name)}</b>", _small_right()) for name in table.columns]
    data: list[list[Any]] = [header]
    for r, label in enumerate(table.rows):
        data.append([label, *(table.cell_text(r, c, threshold) for c in range(len(table.columns)))])
    available = 165 * mm  # the frame's width less its padding
    widest = max([stringWidth(label, BOLD_FONT, 8.5) for label in [*table.rows, table.row_header]])
    first = min(max(widest + 4 * mm, 30 * mm), 70 * mm)
    rest = min((available - first) / max(len(table.columns), 1), 38 * mm)
    pdf = Table(data, colWidths=[first] + [rest] * len(table.columns), repeatRows=1, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 8.5),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if table.total_column:
        style.append(("FONTNAME", (-1, 1), (-1, -1), BOLD_FONT))
    if table.total_row:
        style += [("FONTNAME", (0, -1), (-1, -1), BOLD_FONT), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                  ("BACKGROUND", (0, -1), (-1, -1), SHADE)]  # fmt: skip
    pdf.setStyle(TableStyle(style))
    return pdf


def render_pdf(report: Report) -> bytes:
    s = layout.styles()
    story: list[Flowable] = [
        layout.para(TITLE, s.title),
        layout.para(f"Berichtszeitraum {report.period_text} · erstellt am {day(_local_day(report.created_at))}"),
        layout.para(explanation(report), s.small),
        Spacer(1, 2 * mm),
    ]
    for table in report.tables:
        heading = layout.para(table.title, s.heading)
        note = layout.para(table.note, s.small) if table.note else Spacer(1, 0)
        if len(table.rows) <= 25:
            story.append(KeepTogether([heading, _pdf_table(table, report.threshold), note]))
        else:
            story += [heading, _pdf_table(table, report.threshold), note]
        story.append(Spacer(1, 3 * mm))
    letterhead = layout.Letterhead(report.office_name, report.office_department, report.office_address)
    return layout.render(story, letterhead, TITLE, f"Berichtszeitraum {report.period_text}")


# --------------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------------


def _xlsx_value(table: StatTable, r: int, c: int, threshold: int) -> tuple[Any, str | None]:
    if table.suppressed and table.suppressed[r][c]:
        return table.cell_text(r, c, threshold), None
    value = table.values[r][c]
    if value is None:
        return "–", None
    if table.kinds[c] == "money":
        return int(value) / 100, '#,##0.00 "€"'
    if table.kinds[c] == "linked":
        return round(float(value)), "#,##0"
    return int(value), "#,##0"


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Hinweise"
    for line in (TITLE, report.office_name, f"Berichtszeitraum {report.period_text}",
                 f"Erstellt am {day(_local_day(report.created_at))}", explanation(report)):  # fmt: skip
        info.append([neutralise(line)])
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 110
    info["A5"].alignment = Alignment(wrap_text=True)
    for index, table in enumerate(report.tables, start=1):
        sheet = workbook.create_sheet(f"{index} {SHEET_NAMES.get(table.key, table.key)}"[:31])
        sheet.append([neutralise(table.title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([table.row_header, *table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for r, label in enumerate(table.rows):
            cells = [_xlsx_value(table, r, c, report.threshold) for c in range(len(table.columns))]
            sheet.append([neutralise(label), *(value for value, _ in cells)])
            for c, (_, fmt) in enumerate(cells, start=2):
                target = sheet.cell(row=sheet.max_row, column=c)
                target.alignment = Alignment(horizontal="right")
                if fmt:
                    target.number_format = fmt
            if table.total_row and r == len(table.rows) - 1:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        if table.note:
            sheet.append([])
            sheet.append([neutralise(table.note)])
        sheet.column_dimensions["A"].width = 28
        for c in range(2, len(table.columns) + 2):
            sheet.column_dimensions[get_column_letter(c)].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Writing and auditing
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    path: Path
    format: str
    period_start: date
    as_of: date
    threshold: int
    tables: int
    suppressed_cells: int


def write_report(db: Database, path: Path | str, *, as_of: date | None = None, months: int = 12) -> ReportResult:
    """Build the report and write it as .pdf or .xlsx (by the suffix); record the export in the audit."""
    target = Path(path)
    fmt = "pdf" if target.suffix.lower() == ".pdf" else format_for(target)
    if fmt == "csv":
        raise ValidationFailed(
            [FieldError("file", "Den Bericht gibt es als .pdf oder .xlsx; bitte wählen Sie eine dieser Endungen.")]
        )
    report = build_report(db, as_of=as_of, months=months)
    data = render_pdf(report) if fmt == "pdf" else render_xlsx(report)
    hidden = sum(1 for table in report.tables for line in table.suppressed for mark in line if mark)
    description = (
        f"Statistikbericht ({fmt}) erstellt: {report.period_text}, {len(report.tables)} Tabellen, "
        f"{hidden} Felder unterdrückt (Schwelle {report.threshold})"
    )
    write_audited(db, target, data, "report", description)
    return ReportResult(target, fmt, report.period_start, report.as_of, report.threshold, len(report.tables), hidden)
