"""The list pages' "Export list…": save dialog, the question about personal data, the file and the audit."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlmodel import select

from matcher.core import models as M
from matcher.core.services import queries
from matcher.ui import export_actions


def _choose_file(monkeypatch, path, chosen_filter=""):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), chosen_filter))


def _answer(monkeypatch, button_text):
    asked = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        if button_text is None:
            box.button(QMessageBox.StandardButton.Cancel).click()
        else:
            next(b for b in box.buttons() if b.text() == button_text).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def _export(qtbot, db, rows, columns, kind):
    parent = QWidget()
    qtbot.addWidget(parent)
    results = []
    task = export_actions.export_list(parent, db, rows, columns, kind, on_done=results.append)
    if task is not None:
        qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    return task, results


def test_flats_as_shown_go_to_xlsx(qtbot, sample_db, monkeypatch, tmp_path, english):
    target = tmp_path / "wohnungen"  # no suffix: the chosen filter adds it
    _choose_file(monkeypatch, target, export_actions.tr(export_actions.XLSX_FILTER_SOURCE))
    rows = queries.flat_rows(sample_db)[:2]

    _, results = _export(qtbot, sample_db, rows, ["address", "municipality", "status", "not_a_column"], "flats")

    sheet = load_workbook(tmp_path / "wohnungen.xlsx").active
    assert [cell.value for cell in sheet[1]] == ["Adresse", "Gemeinde", "Status"]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [row.address for row in rows]
    assert results[0].rows == 2


def test_personal_columns_are_asked_for(qtbot, sample_db, monkeypatch, tmp_path, english):
    rows = queries.household_rows(sample_db)
    columns = ["case_number", "applicant", "size"]

    _choose_file(monkeypatch, tmp_path / "ohne.csv")
    asked = _answer(monkeypatch, export_actions.tr(export_actions.WITHOUT_PERSONAL))
    _export(qtbot, sample_db, rows, columns, "households")
    assert asked and "Antragsteller/in" in asked[0]
    assert (tmp_path / "ohne.csv").read_text(encoding="utf-8-sig").splitlines()[0] == "Aktenzeichen;Personen"

    _choose_file(monkeypatch, tmp_path / "mit.csv")
    _answer(monkeypatch, export_actions.tr(export_actions.WITH_PERSONAL))
    _export(qtbot, sample_db, rows, columns, "households")
    header = (tmp_path / "mit.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Aktenzeichen;Antragsteller/in;Personen"

    with sample_db.read_session() as session:
        entries = session.exec(select(M.AuditEntry).where(M.AuditEntry.action == "export")).all()
    assert [("personenbezogen" in entry.description) for entry in entries] == [False, True]


def test_cancelling_writes_nothing(qtbot, sample_db, monkeypatch, tmp_path, english):
    _choose_file(monkeypatch, "")
    task, _ = _export(qtbot, sample_db, queries.flat_rows(sample_db), ["address"], "flats")
    assert task is None

    _choose_file(monkeypatch, tmp_path / "h.xlsx")
    _answer(monkeypatch, None)
    task, _ = _export(qtbot, sample_db, queries.household_rows(sample_db), ["applicant"], "households")
    assert task is None and not (tmp_path / "h.xlsx").exists()
