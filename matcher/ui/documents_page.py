"""The documents area (Dokumente): produce a document for a placement, see every archived document in
the preview exactly as printed, print it, save it as PDF.

Producing runs in the background (`workers.run_in_background`): reportlab and the fonts load with the
first document, which takes a moment. A refusal (missing data) shows the core's German reason above the
list and archives nothing. Opening an archived document reads its stored bytes and checks them
against the SHA-256 stored when it was printed; a mismatch is shown, never hidden.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from matcher.core.enums import DocumentKind, LeaseKind, PlacementState
from matcher.core.errors import MatcherError, ValidationFailed
from matcher.core.services import placement_views, queries
from matcher.core.services.placement_views import ArchivedPdf
from matcher.ui import window_state
from matcher.ui.context import AppContext, Entity
from matcher.ui.labels import label, label_of
from matcher.ui.list_page import read_only_table
from matcher.ui.pdf_preview import PdfPreview, ask_printer
from matcher.ui.placement_models import DocumentTableModel, local_time
from matcher.ui.placements_page import FieldMessage, error_lines
from matcher.ui.workers import run_in_background


class DocumentsPage(QWidget):
    """Production row above; archived documents on the left; the selected one in the preview on the right."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = DocumentTableModel(self)
        self.current: ArchivedPdf | None = None
        self._loaded = False
        self._task: Any = None
        self._lease_kinds: dict[int, str] = {}
        self._build()
        self._connect()

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.placement = QComboBox()
        self.placement.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.placement.setMinimumContentsLength(24)  # long entries elide; the window may stay narrow
        self.placement.setEditable(True)
        self.placement.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.placement.lineEdit().setPlaceholderText(self.tr("Placement: no., case number or address"))
        self.placement.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.placement.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(16)
        for kind in placement_views.PLACEMENT_KINDS:
            self.kind.addItem(label(kind), kind.value)
        self.produce = QPushButton(self.tr("&Produce document"))
        self.produce.setToolTip(self.tr("Produce the document from the current data and archive it"))
        produce_row = QHBoxLayout()
        produce_row.setContentsMargins(0, 0, 0, 6)
        for_label = QLabel(self.tr("For &placement"))
        for_label.setBuddy(self.placement)
        produce_row.addWidget(for_label)
        produce_row.addWidget(self.placement, 2)
        produce_row.addWidget(self.kind, 1)
        produce_row.addWidget(self.produce)
        self.message = FieldMessage()
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search archive: case number, address, no.…"))
        escape = QAction(self.search, shortcut=QKeySequence(Qt.Key.Key_Escape))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        escape.triggered.connect(self.search.clear)
        self.search.addAction(escape)
        self.kind_filter = QComboBox(toolTip=self.tr("Show only one kind of document"))
        self.kind_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_filter.setMinimumContentsLength(14)
        self.kind_filter.addItem(self.tr("All documents"), None)
        for kind in DocumentKind:
            self.kind_filter.addItem(label(kind), kind.value)
        self.table = self._build_table()
        self.empty = QLabel(
            self.tr("No documents archived yet. Choose a placement and a document above and produce it.")
        )
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind_filter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_viewer())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([640, 720])  # scaled to the real width when shown; restore_state overrides
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(produce_row)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def _build_table(self) -> QTableView:
        table = read_only_table(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        return table

    def _build_viewer(self) -> QWidget:
        viewer = QWidget()
        self.heading = QLabel(self.tr("Select a document in the list to see it here exactly as it was printed."))
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.integrity = QLabel()
        self.integrity.setWordWrap(True)
        self.print_button = QPushButton(self.tr("P&rint…"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.placement_button = QPushButton(self.tr("Show p&lacement"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.integrity, 1)
        for button in (self.placement_button, self.save_button, self.print_button):
            buttons.addWidget(button)
        self.preview = PdfPreview()
        layout = QVBoxLayout(viewer)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.preview, 1)
        self._set_document_actions(False)
        return viewer

    def _connect(self) -> None:
        self.produce.clicked.connect(self.produce_document)
        self.placement.currentIndexChanged.connect(self._placement_chosen)
        self.search.textChanged.connect(self.apply_filter)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.print_button.clicked.connect(self.print_current)
        self.save_button.clicked.connect(self.save_current)
        self.placement_button.clicked.connect(self._show_placement)
        self.context.data_changed.connect(self._data_changed)
        self.context.database_switched.connect(self._database_switched)

    # --- loading -------------------------------------------------------------------------------------

    def activate(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        db = self.context.db
        self.model.set_rows(placement_views.document_rows(db))
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._fill_placements(queries.placement_rows(db))
        self.apply_filter()

    def _fill_placements(self, rows: list[queries.PlacementRow]) -> None:
        current = self.placement.currentData()
        self.placement.blockSignals(True)
        self.placement.clear()
        self._lease_kinds = {}
        for row in sorted(rows, key=lambda r: -r.id):
            state = label_of(PlacementState, row.state)
            text = f"{row.id} · {row.case_number} · {row.flat_address}, {row.municipality} ({state})"
            self.placement.addItem(text, row.id)
            self._lease_kinds[row.id] = row.lease_kind
        index = self.placement.findData(current)
        self.placement.setCurrentIndex(index if index >= 0 else (0 if rows else -1))
        self.placement.blockSignals(False)
        self._placement_chosen()

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text(), None, self.kind_filter.currentData())
        nothing = self.model.rowCount() == 0
        if self.model.total_count():
            self.empty.setText(self.tr("No document matches the search and the filter."))
        self.table.setVisible(not nothing)
        self.empty.setVisible(nothing)

    def _data_changed(self, entity: str) -> None:
        if entity in (Entity.DOCUMENT, Entity.PLACEMENT, Entity.HOUSEHOLD, Entity.FLAT) and self._loaded:
            if self.isVisible():
                self.reload()
            else:
                self._loaded = False

    def _database_switched(self) -> None:
        self._loaded = False
        self.current = None
        self.preview.clear()
        self.model.set_rows([])
        self._set_document_actions(False)
        if self.isVisible():
            self.reload()

    def _placement_chosen(self) -> None:
        """Offer the contract that fits the placement's lease kind first."""
        lease_kind = self._lease_kinds.get(self.placement.currentData())
        if lease_kind is not None:
            contract = placement_views.CONTRACT_FOR_LEASE_KIND[LeaseKind(lease_kind)]
            if self.kind.currentData() in {k.value for k in placement_views.CONTRACT_FOR_LEASE_KIND.values()}:
                self.kind.setCurrentIndex(self.kind.findData(contract.value))
        self.produce.setEnabled(self.placement.currentData() is not None and not self.context.read_only)

    # --- producing -----------------------------------------------------------------------------------

    def choose(self, placement_id: int, kind: DocumentKind) -> None:
        """Pick placement and kind in the production row (tests and other pages use it)."""
        if not self._loaded:
            self.reload()
        self.placement.setCurrentIndex(self.placement.findData(placement_id))
        self.kind.setCurrentIndex(self.kind.findData(kind.value))

    def produce_document(self) -> None:
        placement_id = self.placement.currentData()
        if placement_id is None:
            self.show_message(self.tr("Please choose a placement first."), error=True)
            return
        kind = DocumentKind(self.kind.currentData())
        db = self.context.db
        title = self.tr("Produce document")
        text = self.tr("Producing %1…").replace("%1", label(kind))

        def work(progress: Any) -> int:
            from matcher.core.documents import archive  # reportlab loads with the first document

            progress.report(0, 0, text)
            document = archive.produce(db, kind, placement_id)
            assert document.id is not None
            return document.id

        self.produce.setEnabled(False)
        self.show_message("")
        self._task = run_in_background(self, title, work, self._produced, on_error=self._failed)
        self._task.finished.connect(self._placement_chosen)

    def _produced(self, document_id: int) -> None:
        self.show_message(self.tr("Document %1 produced and archived.").replace("%1", str(document_id)), error=False)
        self.context.notify_changed(Entity.DOCUMENT)
        self.show_record(document_id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.show_message(self.tr("The document cannot be produced yet:") + "\n" + error_lines(exc), error=True)
        elif isinstance(exc, MatcherError):
            self.show_message(str(exc), error=True)
        else:
            from matcher.ui.workers import show_error

            show_error(self, self.tr("Produce document"), exc)

    # --- showing -------------------------------------------------------------------------------------

    def show_record(self, document_id: int) -> None:
        if not self._loaded:
            self.reload()
        number = self.model.row_number_of(lambda row: row.id == document_id)
        if number < 0:
            self.search.clear()
            self.kind_filter.setCurrentIndex(0)
            number = self.model.row_number_of(lambda row: row.id == document_id)
        if number >= 0:
            self.table.selectRow(number)
            self.table.scrollTo(self.model.index(number, 0))
        self.open_document(document_id)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_document(self.model.row_at(index.row()).id)

    def open_document(self, document_id: int) -> None:
        """Show the archived bytes as printed, with the result of the SHA-256 check."""
        if self.current is not None and self.current.id == document_id:
            return
        try:
            archived = placement_views.archived_pdf(self.context.db, document_id)
        except MatcherError as exc:
            self.show_message(str(exc), error=True)
            return
        self.current = archived
        self.preview.show_pdf(archived.pdf)
        kind = label_of(DocumentKind, archived.kind)
        subject = self.tr("placement %1").replace("%1", str(archived.placement_id)) if archived.placement_id else ""
        self.heading.setText(
            self.tr("%1 no. %2 for %3, printed %4")
            .replace("%1", kind)
            .replace("%2", str(archived.id))
            .replace("%3", subject or "–")
            .replace("%4", local_time(archived.created_at))
        )
        if archived.intact:
            self.integrity.setText(self.tr("✓ Identical to the archived original (SHA-256 checked)."))
            self.integrity.setStyleSheet("")
        else:
            self.integrity.setText(
                self.tr(
                    "⚠ The stored file no longer matches its checksum: it was changed after printing. "
                    "Do not hand it out; ask your IT support to restore it from a backup."
                )
            )
            self.integrity.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 2px 4px;")
        self.integrity.setToolTip(f"SHA-256: {archived.sha256}")
        self._set_document_actions(True)
        self.placement_button.setEnabled(archived.placement_id is not None)

    def _set_document_actions(self, on: bool) -> None:
        for button in (self.print_button, self.save_button, self.placement_button):
            button.setEnabled(on)

    def _show_placement(self) -> None:
        if self.current is not None and self.current.placement_id is not None:
            self.context.request_record(Entity.PLACEMENT, self.current.placement_id)

    # --- printing and saving -------------------------------------------------------------------------

    def print_current(self) -> None:
        """Ctrl+P: the system print dialog, then the document on the chosen printer."""
        if self.current is None:
            self.show_message(self.tr("Please select a document to print."), error=True)
            return
        printer = ask_printer(self, self.tr("Print %1").replace("%1", self.current.file_name))
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print the shown document on `printer` (no dialog); False with a message when it failed."""
        try:
            self.preview.print_to(printer)
        except (MatcherError, OSError) as exc:
            self.show_message(str(exc), error=True)
            return False
        self.show_message(self.tr("Sent to the printer."))
        return True

    def save_current(self) -> None:
        if self.current is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / self.current.file_name)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), suggested, self.tr("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, target: Path) -> bool:
        """Write the archived bytes to `target` atomically (a full disk never leaves half a file)."""
        if self.current is None:
            return False
        from matcher.core.documents.archive import write_pdf

        try:
            write_pdf(self.current.pdf, target)
        except OSError as exc:
            self.show_message(
                self.tr("The file could not be saved: %1. Choose another folder or free some space.").replace(
                    "%1", exc.strerror or str(exc)
                ),
                error=True,
            )
            return False
        self.show_message(self.tr("Saved as %1.").replace("%1", str(target)))
        return True

    # --- messages and state --------------------------------------------------------------------------

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(
            "color: palette(bright-text); background: #b3261e; padding: 4px;" if error else "padding: 4px;"
        )
        self.message.set_message(text)

    def restore_state(self, settings: QSettings) -> None:
        window_state.restore_header(settings, "documents/header", self.table.horizontalHeader())
        window_state.restore_splitter(settings, "documents/splitter", self.splitter)

    def save_state(self, settings: QSettings) -> None:
        window_state.save_header(settings, "documents/header", self.table.horizontalHeader())
        window_state.save_splitter(settings, "documents/splitter", self.splitter)
