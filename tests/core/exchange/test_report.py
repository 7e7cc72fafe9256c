"""The statistics report: right figures, small counts hidden (also secondarily), no names, PDF and xlsx."""

from __future__ import annotations

import itertools
import random
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import col, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.enums import FlatStatus
from matcher.core.exchange import report as R


def layout_text(pdf: bytes) -> str:
    """pdftotext in layout mode (a table row stays one line), whitespace folded."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").replace("<", "< ").split())


AS_OF = date(2026, 11, 25)


@pytest.fixture
def demo(db: Database) -> Database:
    create_demo(db, households=120, seed=5, today=AS_OF)
    return db


def _set_threshold(db: Database, value: int) -> None:
    with db.session() as session:
        office = session.get(M.Office, 1)
        assert office is not None
        office.statistics_min_count = value


def _table(report: R.Report, key: str) -> R.StatTable:
    return next(table for table in report.tables if table.key == key)


# --------------------------------------------------------------------------------------------------
# Suppression
# --------------------------------------------------------------------------------------------------


def _lines(n_rows: int, n_cols: int, total_row: bool, total_column: bool) -> list[list[tuple[int, int]]]:
    lines = []
    if total_column:
        lines += [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    if total_row:
        lines += [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    return lines


def _with_margins(inner: list[list[int]]) -> list[list[int]]:
    rows = [[*line, sum(line)] for line in inner]
    return [*rows, [sum(line[c] for line in rows) for c in range(len(rows[0]))]]


def test_a_single_small_count_hides_a_second_cell_of_its_line():
    grid = [[3], [40], [25], [68]]  # 3 + 40 + 25 = 68: the 3 could be recomputed from the total
    marks = R.suppress(grid, total_row=True, total_column=False, threshold=5, count_columns=[0])
    assert [line[0] for line in marks] == ["primary", "", "secondary", ""]  # the smaller of 40 and 25


def test_zeros_and_counts_at_the_threshold_stay_visible():
    grid = [[0], [5], [7], [12]]
    marks = R.suppress(grid, total_row=True, total_column=False, threshold=5, count_columns=[0])
    assert all(mark == "" for line in marks for mark in line)


def test_two_way_table_has_no_line_with_exactly_one_hidden_cell():
    grid = _with_margins([[2, 30, 14], [25, 6, 9], [11, 8, 40]])
    marks = R.suppress(grid, total_row=True, total_column=True, threshold=5, count_columns=range(4))
    assert marks[0][0] == "primary"
    for line in _lines(4, 4, True, True):
        assert sum(1 for r, c in line if marks[r][c]) != 1, line


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_recomputed_from_a_total(seed):
    rng = random.Random(seed)
    n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 5)
    inner = [[rng.choice([0, 1, 2, 3, 4, 5, 8, 13, 30]) for _ in range(n_cols)] for _ in range(n_rows)]
    grid = _with_margins(inner)
    marks = R.suppress(grid, total_row=True, total_column=True, threshold=5, count_columns=range(n_cols + 1))
    for r, c in itertools.product(range(n_rows + 1), range(n_cols + 1)):
        if 0 < grid[r][c] < 5:
            assert marks[r][c] == "primary"
    for line in _lines(n_rows + 1, n_cols + 1, True, True):
        assert sum(1 for r, c in line if marks[r][c]) != 1, (inner, marks)


# --------------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------------


def test_households_by_size_add_up_and_small_groups_are_hidden(demo):
    report = R.build_report(demo, as_of=AS_OF)
    table = _table(report, "households_by_size")
    with demo.read_session() as session:
        households = session.exec(select(func.count()).select_from(M.Household)).one()
    assert table.values[-1][-1] == households == 120
    texts = [table.cell_text(r, c, 5) for r in range(len(table.rows)) for c in range(len(table.columns))]
    small = [value for line in table.values for value in line if value is not None and 0 < value < 5]
    assert small and texts.count("< 5") == len(small)
    for r, c in itertools.product(range(len(table.rows)), range(len(table.columns))):
        assert (table.suppressed[r][c] == "primary") == (0 < (table.values[r][c] or 0) < 5)


def test_the_threshold_is_the_office_setting(demo):
    _set_threshold(demo, 1)
    assert not any(mark for t in R.build_report(demo, as_of=AS_OF).tables for line in t.suppressed for mark in line)
    _set_threshold(demo, 20)
    report = R.build_report(demo, as_of=AS_OF)
    assert report.threshold == 20
    assert "< 20" in {_table(report, "households_by_size").cell_text(r, 0, 20) for r in range(6)}


def test_vacancy_costs_count_empty_head_leased_flats(demo):
    report = R.build_report(demo, as_of=AS_OF)
    table = _table(report, "vacancy_costs")
    with demo.read_session() as session:
        empty = session.exec(
            select(func.count(), func.sum(M.Flat.head_lease_monthly_cost_cents)).where(
                col(M.Flat.head_lease_start).is_not(None),
                M.Flat.status != FlatStatus.LET.value,
                col(M.Flat.head_lease_end).is_(None) | (col(M.Flat.head_lease_end) >= AS_OF),
            )
        ).one()
    assert table.rows[-1] == R.TOTAL
    assert (table.values[-1][0], table.values[-1][1]) == (empty[0], empty[1])
    assert empty[0] > 0
    assert 0 < table.values[-1][2] <= empty[1] * 12 * 1.01  # at most a year of vacancy in a 12-month period


def test_placements_per_month_count_move_ins_of_the_period(demo):
    report = R.build_report(demo, as_of=AS_OF, months=12)
    table = _table(report, "placements_per_month")
    assert len(table.rows) == 13 and table.rows[0] == "Dez. 2025" and table.rows[-2] == "Nov. 2026"
    with demo.read_session() as session:
        moved = session.exec(select(M.PlacementEvent.at).where(M.PlacementEvent.to_state == "moved_in")).all()
    expected = sum(1 for at in moved if date(2025, 12, 1) <= R._local_day(at) <= AS_OF)
    assert table.values[-1][1] == expected > 0


# --------------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------------


def test_pdf_has_headings_and_numbers_and_no_names(demo, tmp_path):
    target = tmp_path / "statistik.pdf"
    result = R.write_report(demo, target, as_of=AS_OF)
    pdf = target.read_bytes()
    text = layout_text(pdf)
    assert b"Helvetica" not in pdf and b"NotoSans" in pdf  # the bundled fonts, embedded

    report = R.build_report(demo, as_of=AS_OF)
    for table in report.tables:
        assert table.title in text
    assert "Berichtszeitraum 01.12.2025 bis 25.11.2026" in text
    assert "Haushalte nach Größe und Status" in text and "< 5" in text
    by_size = _table(report, "households_by_size")
    last = len(by_size.rows) - 1
    total_line = " ".join(by_size.cell_text(last, c, 5) for c in range(len(by_size.columns)))
    assert f"{R.TOTAL} {total_line}" in text and "120" in total_line
    vacancy = _table(report, "vacancy_costs")
    assert " ".join(R.euros(int(vacancy.values[-1][1])).split()) in text
    with demo.read_session() as session:
        names = set(session.exec(select(M.Member.family_name)).all()) | set(
            session.exec(select(M.Member.given_name)).all()
        )
        cases = set(session.exec(select(M.Household.case_number)).all())
    assert names and not [name for name in names if f" {name} " in f" {text} "]
    assert not [case for case in cases if case in text]
    assert result.format == "pdf" and result.suppressed_cells > 0


def test_xlsx_has_a_sheet_per_table_with_hidden_cells_as_text(demo, tmp_path):
    target = tmp_path / "statistik.xlsx"
    R.write_report(demo, target, as_of=AS_OF)
    workbook = load_workbook(target)
    assert workbook.sheetnames[0] == "Hinweise" and len(workbook.sheetnames) == 7
    sheet = workbook[workbook.sheetnames[4]]  # households by size
    assert sheet["A1"].value == "Haushalte nach Größe und Status"
    values = [cell.value for row in sheet.iter_rows(min_row=3, max_row=9, min_col=2) for cell in row]
    assert "< 5" in values and 120 in values
    assert all(isinstance(v, int) or v in ("< 5", R.SECONDARY_MARK) for v in values)


def test_report_is_audited_and_a_csv_is_refused(demo, tmp_path):
    with pytest.raises(R.ValidationFailed, match=r"\.pdf oder \.xlsx"):
        R.write_report(demo, tmp_path / "statistik.csv")
    R.write_report(demo, tmp_path / "statistik.pdf", as_of=AS_OF)
    with demo.read_session() as session:
        entry = session.exec(select(M.AuditEntry).order_by(M.AuditEntry.id.desc())).first()  # type: ignore[union-attr]
    assert entry is not None and (entry.action, entry.entity) == ("export", "report")
    assert "Schwelle 5" in entry.description


def test_waiting_times_of_hidden_groups_are_hidden_too(demo):
    table = _table(R.build_report(demo, as_of=AS_OF), "waiting_until_move_in")
    hidden = [r for r in range(len(table.rows)) if table.suppressed[r][0]]
    shown = [r for r in range(len(table.rows)) if not table.suppressed[r][0]]
    assert hidden and shown
    for r in hidden:
        assert [table.cell_text(r, c, 5) for c in (1, 2)] == [R.SECONDARY_MARK] * 2
    for r in shown:
        count = table.values[r][0]
        assert count == 0 or count >= 5
        assert table.cell_text(r, 1, 5) == "–" if count == 0 else table.cell_text(r, 1, 5).isdigit()
