""" "Export list…" for the list pages: the rows and columns as shown, to .xlsx or CSV.

    export_list(self, context.db, shown_rows, visible_column_keys, "flats")

Asks for the file (a save dialog with the two formats), asks once more when the shown columns hold
personal data (a name, where a family lives), then lets the core write the file in the background
(`matcher.core.exchange.export.export_list`: formulas neutralised, German formats, an audit entry).
No rule lives here: which columns are personal and how values are written is the core's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from matcher.core.db import Database
from matcher.core.exchange import export as core_export
from matcher.ui.workers import Progress, Task, run_in_background

CONTEXT = "ExportActions"
TITLE = QT_TRANSLATE_NOOP("ExportActions", "Export list")
XLSX_FILTER_SOURCE = QT_TRANSLATE_NOOP("ExportActions", "Excel workbook (*.xlsx)")
CSV_FILTER_SOURCE = QT_TRANSLATE_NOOP("ExportActions", "CSV for Excel, semicolon-separated (*.csv)")
PERSONAL = QT_TRANSLATE_NOOP("ExportActions", "The list shows personal data: %1.")
PERSONAL_HINT = QT_TRANSLATE_NOOP(
    "ExportActions",
    "Export these columns only if the recipient may see them. The other columns are exported in any case.",
)
WITH_PERSONAL = QT_TRANSLATE_NOOP("ExportActions", "Export with personal data")
WITHOUT_PERSONAL = QT_TRANSLATE_NOOP("ExportActions", "Export without")
WRITING = QT_TRANSLATE_NOOP("ExportActions", "Writing %1…")
FILE_NAMES = {"flats": "Wohnungen", "households": "Haushalte", "placements": "Vermittlungen"}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _suggested_path(kind: str) -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return str(Path(folder) / f"{FILE_NAMES.get(kind, kind)}.xlsx")


def ask_path(parent: QWidget | None, kind: str) -> Path | None:
    """The save dialog; the chosen filter adds its suffix when the name has none of the two."""
    xlsx, csv = tr(XLSX_FILTER_SOURCE), tr(CSV_FILTER_SOURCE)
    name, chosen = QFileDialog.getSaveFileName(parent, tr(TITLE), _suggested_path(kind), f"{xlsx};;{csv}")
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in core_export.SUFFIXES:
        path = path.with_name(path.name + (".csv" if chosen == csv else ".xlsx"))
    return path


def _ask_personal(parent: QWidget | None, headers: Sequence[str]) -> bool | None:
    """True: with the personal columns, False: without them, None: cancelled."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr(TITLE))
    box.setText(tr(PERSONAL).replace("%1", ", ".join(headers)))
    box.setInformativeText(tr(PERSONAL_HINT))
    with_them = box.addButton(tr(WITH_PERSONAL), QMessageBox.ButtonRole.AcceptRole)
    without = box.addButton(tr(WITHOUT_PERSONAL), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(without)
    box.exec()
    clicked = box.clickedButton()
    if clicked is with_them:
        return True
    if clicked is without:
        return False
    return None


def export_list(
    parent: QWidget | None,
    db: Database,
    rows: Sequence[Any],
    columns: Sequence[str],
    kind: str,
    *,
    on_done: Callable[[core_export.ExportResult], None] | None = None,
) -> Task[core_export.ExportResult] | None:
    """Export `rows` with the visible `columns` (keys, in view order); None when the caseworker cancels."""
    known = set(core_export.column_keys(kind))
    keys = [key for key in columns if key in known]
    personal = [c for c in core_export.COLUMNS[kind] if c.personal and c.key in keys]
    path = ask_path(parent, kind)
    if path is None:
        return None
    with_personal = False
    if personal:
        answer = _ask_personal(parent, [column.header for column in personal])
        if answer is None:
            return None
        with_personal = answer
        if not answer:
            keys = [key for key in keys if key not in {column.key for column in personal}]
    shown = list(rows)

    def work(progress: Progress) -> core_export.ExportResult:
        progress.report(0, 0, tr(WRITING).replace("%1", path.name))
        return core_export.export_list(db, kind, path, rows=shown, columns=keys, personal_data=with_personal)

    return run_in_background(parent, tr(TITLE), work, on_done or (lambda result: None))
