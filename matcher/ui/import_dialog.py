"""Importing a spreadsheet of flats or households: pick a file, correct the column mapping, check, import.

The dialog walks through the steps of `matcher.core.exchange.importing`: the file is read (CSV or
`.xlsx`), each column gets a drop-down with the field it fills, pre-set to the mapping remembered for
files with these columns or guessed from the header; "Check" runs the dry run and lists every row that
would be updated, merged, skipped or rejected (with the German reason per field); "Import" saves all
rows in one transaction. Both run off the UI thread with a cancellable progress dialog. A finished import
can be undone at once ("Undo import"). The dialog holds no rule: the core decides and words every reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from matcher.core.exchange.importing import (
    ImportOptions,
    ImportRejected,
    ImportReport,
    RecordResult,
    check_columns,
    run_import,
    suggested_mapping,
    undo_import,
)
from matcher.core.exchange.mapping import KINDS, MappingError, targets
from matcher.core.exchange.reading import Table, read_table
from matcher.core.formatting import number
from matcher.core.services.landlords import list_landlords
from matcher.ui.context import AppContext, Entity
from matcher.ui.workers import Progress, Task, run_in_background, show_error

EXAMPLES = 3
ENTITIES = {"flats": Entity.FLAT, "households": Entity.HOUSEHOLD, "landlords": Entity.LANDLORD}
_Index = QModelIndex | QPersistentModelIndex


class ImportReportModel(QAbstractTableModel):
    """The records of a dry run or import that need a look: rejected, duplicates, updates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = "flats"
        self._records: list[RecordResult] = []

    def show_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self._kind = report.kind if report else "flats"
        shown = [r for r in report.records if r.action not in ("create", "unchanged")] if report else []
        order = {"reject": 0, "duplicate": 1, "update": 2}
        self._records = sorted(shown, key=lambda r: (order.get(r.action, 3), r.first_row))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Row"), self.tr("Result"), self.tr("Details"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        record = self._records[index.row()]
        if index.column() == 0:
            return str(record.rows[0]) + (f"–{record.rows[-1]}" if len(record.rows) > 1 else "")
        if index.column() == 1:
            return self._action(record.action)
        if role == Qt.ItemDataRole.ToolTipRole or record.action != "reject":
            return "\n".join(str(e) for e in record.errors) if record.errors else record.describe(self._kind)
        return "; ".join(f"{e.column}: {e.message}" if e.column else e.message for e in record.errors)

    def _action(self, action: str) -> str:
        return {
            "reject": self.tr("rejected"),
            "duplicate": self.tr("duplicate"),
            "update": self.tr("update"),
        }.get(action, action)

    def record(self, row: int) -> RecordResult:
        return self._records[row]


class ImportDialog(QDialog):
    """File → column mapping → check → import (→ undo)."""

    def __init__(self, context: AppContext, kind: str = "flats", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.table: Table | None = None
        self.report: ImportReport | None = None
        self.task: Task[Any] | None = None
        self.setWindowTitle(self.tr("Import from a spreadsheet"))
        self.resize(980, 680)
        self._build(kind)
        self._update_buttons()

    # ---- layout ----

    def _build(self, kind: str) -> None:
        self.kind_box = QComboBox()
        self.kind_box.addItem(self.tr("Flats"), "flats")
        self.kind_box.addItem(self.tr("Households with their members"), "households")
        self.kind_box.addItem(self.tr("Landlords"), "landlords")
        self.kind_box.setCurrentIndex(max(0, KINDS.index(kind)) if kind in KINDS else 0)
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("No file chosen"))
        choose = QPushButton(self.tr("Choose file…"))
        choose.clicked.connect(self._choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(choose)
        self.landlord_box = QComboBox()
        self.landlord_label = QLabel(self.tr("Landlord of rows without one"))
        self.merge_box = QCheckBox(self.tr("Merge duplicates into the stored records instead of skipping them"))
        self.skip_box = QCheckBox(self.tr("Leave out rejected rows and import the rest"))
        for box in (self.merge_box, self.skip_box):
            box.toggled.connect(self._options_changed)
        form = QFormLayout()
        form.addRow(self.tr("What is imported"), self.kind_box)
        form.addRow(self.tr("File"), file_row)
        form.addRow(self.landlord_label, self.landlord_box)
        form.addRow("", self.merge_box)
        form.addRow("", self.skip_box)

        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Examples"), self.tr("Fills the field")]
        )
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.summary = QLabel(self.tr("Choose a file. Nothing is saved before you click “Import”."))
        self.summary.setWordWrap(True)
        self.report_model = ImportReportModel(self)
        self.report_view = QTableView()
        self.report_view.setModel(self.report_model)
        self.report_view.setAlternatingRowColors(True)
        self.report_view.setWordWrap(False)
        self.report_view.verticalHeader().setVisible(False)
        self.report_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        report_header = self.report_view.horizontalHeader()
        report_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        report_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        report_header.setStretchLastSection(True)
        report_part = QWidget()
        report_layout = QVBoxLayout(report_part)
        report_layout.setContentsMargins(0, 0, 0, 0)
        report_layout.addWidget(self.summary)
        report_layout.addWidget(self.report_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.mapping_table)
        splitter.addWidget(report_part)
        splitter.setSizes([320, 260])

        # In the order of the steps (a QDialogButtonBox would sort them by role, "Import" before "Check").
        self.undo_button = QPushButton(self.tr("Undo import"))
        self.check_button = QPushButton(self.tr("Check"))
        self.import_button = QPushButton(self.tr("Import"))
        close = QPushButton(self.tr("Close"))
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.undo_button)
        self.buttons.addStretch(1)
        for button in (self.check_button, self.import_button, close):
            self.buttons.addWidget(button)
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.commit)
        self.undo_button.clicked.connect(self.undo)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addLayout(self.buttons)
        self._fill_landlords()

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def _fill_landlords(self) -> None:
        self.landlord_box.clear()
        self.landlord_box.addItem(self.tr("(named in the file)"), None)
        for landlord in list_landlords(self.context.db):
            self.landlord_box.addItem(landlord.name, landlord.id)
        flats = self.kind == "flats"
        self.landlord_box.setVisible(flats)
        self.landlord_label.setVisible(flats)

    # ---- choosing a file and mapping its columns ----

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet"), "", self.tr("Spreadsheets (*.xlsx *.xlsm *.csv *.txt *.tsv)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read the file off the UI thread (a large workbook takes seconds), then show its columns with the
        suggested fields; an unreadable file is explained (`ReadError` in German)."""
        if self.task is not None:
            return

        def failed(exc: BaseException) -> None:
            self.task = None
            self._update_buttons()
            show_error(self, self.tr("The file cannot be read"), exc)

        def done(table: Table) -> None:
            self.task = None
            self._loaded(path, table)

        title = self.tr("Reading the file")
        self.task = run_in_background(self, title, lambda progress: read_table(path), done, failed, self._cancelled)
        self._update_buttons()

    def _loaded(self, path: Path, table: Table) -> None:
        self.table = table
        self.file_edit.setText(str(path))
        self._fill_mapping(suggested_mapping(self.context.db, self.kind, table.headers))
        self._show_report(None)
        rows = number(len(table), 0)
        self.summary.setText(
            self.tr("%1 rows read. Check the fields of the columns, then click “Check”.").replace("%1", rows)
        )

    def _kind_changed(self) -> None:
        self._fill_landlords()
        if self.table is not None:
            self._fill_mapping(suggested_mapping(self.context.db, self.kind, self.table.headers))
        self._show_report(None)

    def _fill_mapping(self, mapping: dict[str, str | None]) -> None:
        assert self.table is not None
        known = sorted(targets(self.kind).values(), key=lambda t: t.label.casefold())
        self.mapping_table.setRowCount(len(self.table.headers))
        for row, header in enumerate(self.table.headers):
            self.mapping_table.setItem(row, 0, _item(header))
            self.mapping_table.setItem(row, 1, _item(" · ".join(_examples(self.table, header))))
            box = QComboBox()
            box.addItem(self.tr("(not imported)"), None)
            for target in known:
                box.addItem(target.label, target.name)
            chosen = box.findData(mapping.get(header))
            box.setCurrentIndex(max(chosen, 0))
            box.currentIndexChanged.connect(self._mapping_changed)
            self.mapping_table.setCellWidget(row, 2, box)
        self.mapping_table.resizeColumnToContents(2)

    def mapping(self) -> dict[str, str | None]:
        """The mapping as the caseworker set it in the table."""
        if self.table is None:
            return {}
        result: dict[str, str | None] = {}
        for row, header in enumerate(self.table.headers):
            box = self.mapping_table.cellWidget(row, 2)
            result[header] = box.currentData() if isinstance(box, QComboBox) else None
        return result

    def set_field(self, header: str, target: str | None) -> None:
        """Choose the field a column fills (what the drop-down does)."""
        assert self.table is not None
        box = self.mapping_table.cellWidget(self.table.headers.index(header), 2)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(max(box.findData(target), 0))

    def _mapping_changed(self) -> None:
        self._show_report(None)

    def _options_changed(self) -> None:
        if self.report is not None and not self.report.committed:
            self._show_report(None)

    def options(self) -> ImportOptions:
        landlord = self.landlord_box.currentData() if self.kind == "flats" else None
        return ImportOptions(
            default_landlord_id=landlord,
            merge_duplicates=self.merge_box.isChecked(),
            skip_rejected=self.skip_box.isChecked(),
        )

    # ---- check, import, undo (in the background) ----

    def check(self) -> None:
        self._run(commit=False)

    def commit(self) -> None:
        self._run(commit=True)

    def _run(self, *, commit: bool) -> None:
        if self.table is None or self.task is not None:
            return
        try:
            check_columns(self.kind, self.table.headers, self.mapping(), self.options())
        except MappingError as exc:  # a required field without a column, or a field chosen twice
            self.summary.setText(str(exc))
            return
        db, table, kind, mapping, options = self.context.db, self.table, self.kind, self.mapping(), self.options()
        text = self.tr("Importing rows…") if commit else self.tr("Checking rows…")

        def work(progress: Progress) -> ImportReport:
            def report(done: int, total: int) -> None:
                progress.report(done, total, text)

            try:
                return run_import(db, table, kind, mapping, commit=commit, options=options, progress=report)
            except ImportRejected as exc:
                return exc.report

        title = self.tr("Import") if commit else self.tr("Check")
        self.task = run_in_background(self, title, work, self._finished, self._failed, self._cancelled)
        self._update_buttons()

    def _finished(self, report: ImportReport) -> None:
        self.task = None
        self._show_report(report)
        if report.committed:
            self.context.notify_changed(ENTITIES[report.kind])

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._update_buttons()
        if isinstance(exc, MappingError):
            self.summary.setText(str(exc))
            return
        show_error(self, self.tr("Import"), exc)

    def _cancelled(self) -> None:
        self.task = None
        self.summary.setText(self.tr("Cancelled. Nothing was saved."))
        self._update_buttons()

    def undo(self) -> None:
        if self.report is None or self.report.batch_id is None or self.task is not None:
            return
        db, batch_id, kind = self.context.db, self.report.batch_id, self.report.kind

        def work(progress: Progress) -> int:
            undo_import(db, batch_id)
            return batch_id

        def done(batch: int) -> None:
            self.task = None
            self._show_report(None)
            self.summary.setText(self.tr("Import %1 was undone.").replace("%1", str(batch)))
            self.context.notify_changed(ENTITIES[kind])

        self.task = run_in_background(self, self.tr("Undo import"), work, done, self._failed, self._cancelled)
        self._update_buttons()

    # ---- showing the outcome ----

    def _show_report(self, report: ImportReport | None) -> None:
        self.report = report
        self.report_model.show_report(report)
        if report is not None:
            self.summary.setText(self._summary(report))
        self._update_buttons()

    def _summary(self, report: ImportReport) -> str:
        line = report.summary() + "."
        if report.committed:
            return line + " " + self.tr("Saved as import %1.").replace("%1", str(report.batch_id))
        if report.rejected and not self.skip_box.isChecked():
            return line + " " + self.tr("Correct the file, or leave out the rejected rows, then check again.")
        return line + " " + self.tr("Nothing has been saved yet. Click “Import” to save.")

    def _update_buttons(self) -> None:
        idle = self.task is None
        checked = self.report is not None and not self.report.committed
        clean = checked and (not self.report.rejected or self.skip_box.isChecked())  # type: ignore[union-attr]
        self.check_button.setEnabled(idle and self.table is not None)
        self.import_button.setEnabled(idle and bool(clean))
        self.undo_button.setEnabled(idle and self.report is not None and self.report.committed)
        self.kind_box.setEnabled(idle)


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


def _examples(table: Table, header: str) -> Sequence[str]:
    found: list[str] = []
    for cell in table.column(header):
        if cell is None or cell == "":
            continue
        text = str(cell)
        if text not in found:
            found.append(text)
        if len(found) == EXAMPLES:
            break
    return found
