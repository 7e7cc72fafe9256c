"""A list area: search field and filters above a table, the selected row's details beside it.

Shared by the flats and households areas, which supply the model, the loader (a core query), their
texts, what the detail pane shows and the form that opens on Enter or a double click. Rows are loaded
the first time the area is shown, so starting the program does not wait for lists nobody opened, and
they are loaded in a worker thread together with the model's sort keys (`RowTableModel.prepare`): with
100,000 households the window stays responsive and says "Loading…" until the list is there. A reload
after a save keeps showing the old rows until the new ones arrive, and keeps the selection.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, QRunnable, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from matcher.core.db import Database
from matcher.core.services.queries import FirstRows
from matcher.ui import window_state
from matcher.ui.context import AppContext, Entity
from matcher.ui.crash_dialog import crash_report
from matcher.ui.detail_pane import DetailPane, Section
from matcher.ui.labels import label
from matcher.ui.table_models import PreparedRows, RowTableModel

log = logging.getLogger(__name__)

FIRST_ROWS = 100  # shown at once while a long list loads: more than a tall screen holds
DEBOUNCE_FROM_ROWS = 20_000  # below this, filtering on every keystroke is instant
DEBOUNCE_MS = 150
DETAIL_WIDTH_CHARS = 44


@dataclass(frozen=True)
class PageTexts:
    """What a list area says, already translated by the area's class."""

    search: str
    empty_title: str
    empty_hint: str
    no_match: str
    select_hint: str
    new_record: str = ""  # the button beside the filters ("+ Neue Wohnung"); none when empty


class EmptyState(QWidget):
    """Shown where there is nothing to list: says why and offers the next step, centred in a calm line
    length (also the page of areas that are not built yet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setEnabled(False)
        self.button = QPushButton()
        column = QWidget()
        column.setMaximumWidth(self.fontMetrics().averageCharWidth() * 70)  # a calm line length
        texts = QVBoxLayout(column)
        for widget in (self.title, self.hint):
            widget.setWordWrap(True)
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            texts.addWidget(widget)
        texts.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 10)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_message(self, title: str, hint: str = "", button: str = "") -> None:
        """Empty parts are hidden: a message may come without hint or without a next step."""
        self.title.setText(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.button.setText(button)
        self.button.setVisible(bool(button))


_collector_lock = threading.Lock()
_collector_pauses = 0


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading 100,000 rows allocates millions of objects, and the cyclic garbage collector would walk all
    of them several times meanwhile, each pass holding the GIL — and so the UI thread — for ~100 ms. Rows
    hold no reference cycles (they are freed by reference counting), so the collector pauses while a
    list loads. (Not `gc.freeze()` afterwards: it would keep any later cycle among today's objects, such
    as a closed form's, from ever being collected.)"""
    global _collector_pauses
    with _collector_lock:
        _collector_pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if not _collector_pauses:
                gc.enable()


class _LoadSignals(QObject):
    first = Signal(int, object)  # generation, (sort state, FirstRows)
    done = Signal(int, object)  # generation, PreparedRows
    failed = Signal(int, object)  # generation, exception


class _LoadJob(QRunnable):
    """Reads the rows and prepares the model's sort keys in a worker thread (own database session).
    With `first` (a sort state) it reads a screenful of rows in that order before, so a long list shows
    at once; with `everything` False only those."""

    def __init__(
        self, page: ListPage, generation: int, first: tuple[str | None, bool] | None, everything: bool = True
    ) -> None:
        super().__init__()
        self._load, self._load_first, self._prepare = page.load_rows, page.load_first_rows, page.model.prepare
        self._db, self._generation, self._signals = page.context.db, generation, page.load_signals
        self._first, self._everything = first, everything

    def run(self) -> None:
        try:
            if self._first is not None:
                key, descending = self._first
                first = self._load_first(self._db, key, descending, FIRST_ROWS)
                if first is not None:
                    self._emit(self._signals.first, (self._first, first))
            if not self._everything:
                return
            with _collector_paused():
                prepared = self._prepare(self._load(self._db))
        except Exception as exc:  # handed to the UI thread, which shows it in the empty state
            self._emit(self._signals.failed, exc)
        else:
            self._emit(self._signals.done, prepared)

    def _emit(self, signal: Any, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the page was closed while loading
            signal.emit(self._generation, value)


def read_only_table(model: RowTableModel) -> QTableView:
    """The list areas' table: compact rows, whole-row selection, no editing, columns wide enough for the
    typical value and for the translated title with its sort arrow."""
    table = QTableView()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)  # compact: one line per row
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    cells, titles = table.fontMetrics(), header.fontMetrics()
    for n, column in enumerate(model.COLUMNS):
        title = str(model.headerData(n, Qt.Orientation.Horizontal))
        content = max(column.width * cells.averageCharWidth(), cells.horizontalAdvance(column.sample_text()))
        header.resizeSection(n, max(content + 12, titles.horizontalAdvance(title) + 24))
    return table


class ListPage(QWidget):
    """Search, filters, table and detail pane over one RowTableModel."""

    ENTITY: Entity = Entity.FLAT
    RELOAD_ON: frozenset[str] = frozenset()  # further entities whose changes alter this list's rows

    counts_changed = Signal()
    demo_requested = Signal()
    loaded = Signal()  # rows arrived (or loading failed); tests wait for it

    def __init__(
        self,
        model: RowTableModel,
        context: AppContext,
        state_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.model = model
        self.model.setParent(self)
        self.load_signals = _LoadSignals(self)
        self.load_signals.first.connect(self._first_rows_loaded, Qt.ConnectionType.QueuedConnection)
        self.load_signals.done.connect(self._rows_loaded, Qt.ConnectionType.QueuedConnection)
        self.load_signals.failed.connect(self._load_error, Qt.ConnectionType.QueuedConnection)
        self._generation = 0
        self._loading = False
        self._pending_id: int | None = None
        self._texts = self.page_texts()
        self._state_key = state_key
        self._loaded = False
        self._load_failed = False
        self._selected_id: int | None = None
        self._default_split = False
        self._filter_timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self._build()
        self._connect()

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = self._build_search()
        self.municipality = QComboBox(toolTip=self.tr("Show only one municipality"))
        self.municipality.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.municipality.addItem(self.tr("All municipalities"), None)  # the places follow with the rows
        self.status = QComboBox(toolTip=self.tr("Show only one status"))
        self._fill_status()
        self.only_note = QLabel()
        self.only_clear = QToolButton(text="✕", toolTip=self.tr("Show all again"), autoRaise=True)
        self.only_clear.setAccessibleName(self.tr("Show all again"))
        self.only_clear.clicked.connect(lambda: self.show_only(None))
        for widget in (self.only_note, self.only_clear):
            widget.hide()
        self.loading_note = QLabel(self.tr("Loading the remaining rows…"), enabled=False)
        self.loading_note.setMinimumWidth(1)  # shown in full where there is room; never widens the window
        self.loading_note.hide()
        self.new_button = QPushButton(self._texts.new_record)
        self.new_button.setVisible(bool(self._texts.new_record))
        self.new_button.setEnabled(not self.context.read_only)
        self.new_button.clicked.connect(self.new_record)
        self.table = self._build_table()
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.detail = DetailPane(self._texts.select_hint)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)  # a wider window widens the table, not the details
        self.splitter.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_row())
        layout.addWidget(self.splitter, 1)

    def _build_search(self) -> QLineEdit:
        search = QLineEdit(clearButtonEnabled=True)
        shortcut = QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
        search.setPlaceholderText(self._texts.search + (f" ({shortcut})" if shortcut else ""))
        char = search.fontMetrics().averageCharWidth()
        search.setMinimumWidth(char * 30)
        search.setMaximumWidth(char * 60)
        clear = QAction(search, shortcut=QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(search.clear)
        search.addAction(clear)
        return search

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 6)
        row.addWidget(self.search, 2)
        row.addWidget(self.municipality)
        row.addWidget(self.status)
        row.addWidget(self.only_note)
        row.addWidget(self.only_clear)
        row.addStretch(1)
        row.addWidget(self.loading_note)
        row.addWidget(self.new_button)
        return row

    def _build_table(self) -> QTableView:
        table = read_only_table(self.model)
        table.setCornerButtonEnabled(False)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        return table

    def _column_menu(self, position: QPoint) -> None:
        """Right-click on the header: show or hide columns (kept with the header's saved state)."""
        menu = QMenu(self)
        visible = [n for n in range(self.model.columnCount()) if not self.table.isColumnHidden(n)]
        for n in range(self.model.columnCount()):
            action = menu.addAction(str(self.model.headerData(n, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(n in visible)
            action.setEnabled(visible != [n])  # the last visible column stays
            action.toggled.connect(lambda on, column=n: self.table.setColumnHidden(column, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def _fill_status(self) -> None:
        self.status.addItem(self.tr("All statuses"), None)
        for member in self.model.status_enum():
            self.status.addItem(label(member), member.value)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self.focus_table)
        self.municipality.currentIndexChanged.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.empty.button.clicked.connect(self._empty_button_clicked)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._after_reset)
        self.model.first_rows_needed.connect(self._first_rows_needed)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.activated.connect(self._row_activated)  # Enter or a double click
        self.detail.edit_requested.connect(self.edit_current)
        self.context.data_changed.connect(self._data_changed)
        self.context.database_switched.connect(self._database_switched)

    # --- loading -------------------------------------------------------------------------------

    def load_rows(self, db: Database) -> Sequence[Any]:
        """The area's core query (runs in a worker thread: no widgets here)."""
        raise NotImplementedError

    @property
    def loading(self) -> bool:
        return self._loading

    def ensure_loaded(self) -> None:
        if not self._loaded and not self._loading:
            self.reload()

    def activate(self) -> None:
        """Called by the window when the area is shown."""
        self.ensure_loaded()

    def invalidate(self) -> None:
        """The database changed: load again the next time the area is shown."""
        self._loaded = False

    def load_first_rows(self, db: Database, sort_key: str | None, descending: bool, limit: int) -> FirstRows | None:
        """The first rows in this order and the number of all (worker thread); None: not offered."""
        return None

    def reload(self) -> None:
        """Load the rows in a worker thread. The table keeps its rows meanwhile; an empty one shows the
        first screenful as soon as it is read, and says "Loading…" until then."""
        self._generation += 1
        self._loading = True
        first = None if self.model.total_count() else self.model.sort_state()
        if first is not None:
            self._update_empty_state()
        QThreadPool.globalInstance().start(_LoadJob(self, self._generation, first))

    def _first_rows_needed(self) -> None:
        """Sorted while only the first rows are there: read the first rows in the new order."""
        QThreadPool.globalInstance().start(_LoadJob(self, self._generation, self.model.sort_state(), False))

    def _first_rows_loaded(self, generation: int, result: tuple[tuple[str | None, bool], FirstRows]) -> None:
        order, first = result
        still_waiting = self._loading and (self.model.has_first_rows_only() or not self.model.total_count())
        if generation == self._generation and still_waiting and order == self.model.sort_state():
            self.model.set_first_rows(first.rows, first.total)

    def _rows_loaded(self, generation: int, prepared: PreparedRows) -> None:
        if generation != self._generation:
            return  # an older load, overtaken by a newer one (e.g. after switching databases)
        self._loading, self._loaded, self._load_failed = False, True, False
        self.model.set_prepared(prepared)
        self._fill_municipalities()
        if self._pending_id is not None:
            record_id, self._pending_id = self._pending_id, None
            self.show_record(record_id)
        self.loaded.emit()

    def _load_error(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        # boundary: a lost server connection must not end the program
        log.error("loading the list failed\n%s", crash_report(type(exc), exc, exc.__traceback__))
        self._loading, self._load_failed = False, True
        self.model.set_rows([])
        self.loaded.emit()

    def _data_changed(self, entity: str) -> None:
        if entity != self.ENTITY and entity not in self.RELOAD_ON:
            return
        if self.isVisible():
            self.reload()
        else:
            self.invalidate()

    def _database_switched(self) -> None:
        self._generation += 1  # whatever is still loading belongs to the old database
        self._loading, self._loaded = False, False
        self.new_button.setEnabled(not self.context.read_only)
        self.show_only(None)  # those records belong to the other file
        self.model.set_rows([])

    def _fill_municipalities(self) -> None:
        current = self.municipality.currentData()
        self.municipality.blockSignals(True)
        self.municipality.clear()
        self.municipality.addItem(self.tr("All municipalities"), None)
        for name in self.model.municipalities():
            self.municipality.addItem(name, name)
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(current)))
        self.municipality.blockSignals(False)
        self.apply_filter()

    # --- filtering -----------------------------------------------------------------------------

    def _text_changed(self) -> None:
        if self.model.total_count() >= DEBOUNCE_FROM_ROWS:
            self._filter_timer.start()
        else:
            self.apply_filter()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.search.text(), self.municipality.currentData(), self.status.currentData())

    def reset_filters(self) -> None:
        self._clear_filter_fields()
        self.show_only(None)
        self.apply_filter()

    def _clear_filter_fields(self) -> None:
        """Search text and both pick lists back to "all", without filtering on each of these changes."""
        fields = (self.search, self.municipality, self.status)
        for field in fields:
            field.blockSignals(True)
        self.search.clear()
        self.municipality.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        for field in fields:
            field.blockSignals(False)

    def show_only(self, ids: Sequence[int] | None, caption: str = "") -> None:
        """Show only these records (the overview's "empty at the municipality's cost" links here), named
        by `caption` beside the filters with a button that shows all again; None shows all. The other
        filters are cleared first, so exactly these records are listed."""
        if ids is not None:
            self._clear_filter_fields()
            self.model.set_filter("", None, None)
        self.only_note.setText(self.tr("Only: %1").replace("%1", caption))
        for widget in (self.only_note, self.only_clear):
            widget.setVisible(ids is not None)
        self.model.set_only(ids)

    def _empty_button_clicked(self) -> None:
        if self._load_failed:
            self.reload()
        elif self.model.total_count():
            self.reset_filters()
        else:
            self.demo_requested.emit()

    # --- selection and state -------------------------------------------------------------------

    def _remember_selection(self) -> None:
        self._selected_id = self.current_id()

    def _after_reset(self) -> None:
        self._update_empty_state()
        model = self.model
        self.loading_note.setVisible(model.has_first_rows_only() and model.total_count() > model.loaded_count())
        number = self.model.row_number_of_id(self._selected_id)
        if number >= 0:
            self.table.selectRow(number)
            self.table.scrollTo(self.model.index(number, 0))
        else:
            self.detail.clear_details()
        self.counts_changed.emit()

    def _update_empty_state(self) -> None:
        self.detail.setVisible(self.model.total_count() > 0)  # nothing to select: no details pane
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
        elif self._loading:
            self.empty.show_message(self.tr("Loading…"))
            self.stack.setCurrentWidget(self.empty)
        elif self._load_failed:
            hint = self.tr(
                "The database did not answer or reported an error. Check the network connection and try "
                "again; if the problem remains, contact your IT support."
            )
            self.empty.show_message(self.tr("The list could not be loaded."), hint, self.tr("Try again"))
            self.stack.setCurrentWidget(self.empty)
        elif self.model.total_count():
            self.empty.show_message(self._texts.no_match, "", self.tr("Reset filters"))
            self.stack.setCurrentWidget(self.empty)
        else:
            texts = self._texts
            self.empty.show_message(texts.empty_title, texts.empty_hint, self.tr("Open demo database"))
            self.stack.setCurrentWidget(self.empty)

    def _show_current(self) -> None:
        row = self.current_row()
        if row is None:
            self.detail.clear_details()
            return
        title, sections = self.details(row)
        self.detail.show_details(title, sections)

    def current_row(self) -> Any:
        """The selected row, or None."""
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def current_id(self) -> int | None:
        row = self.current_row()
        return None if row is None else row.id

    def show_record(self, record_id: int) -> None:
        """Select the record (clearing filters that hide it); after loading if the list is not there yet."""
        if self._loading or not self._loaded:
            self._pending_id = record_id
            self.ensure_loaded()
            return
        number = self.model.row_number_of_id(record_id)
        if number < 0 and self.model.is_filtered():
            self.reset_filters()
            number = self.model.row_number_of_id(record_id)
        if number >= 0:
            self.table.selectRow(number)
            self.table.scrollTo(self.model.index(number, 0))

    def show_status(self, status: str | None) -> None:
        """Show only rows with this status (the overview's numbers link here); None shows all."""
        self.status.setCurrentIndex(max(0, self.status.findData(status)))

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_form(self.model.row_at(index.row()).id)

    def open_form(self, record_id: int | None) -> None:
        """Open the area's form for a record (None: a new one)."""
        raise NotImplementedError

    def new_record(self) -> None:
        self.open_form(None)

    def edit_current(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.open_form(record_id)

    def page_texts(self) -> PageTexts:
        """The area's own words (search hint, empty states), translated in the area's context."""
        raise NotImplementedError

    def details(self, row: Any) -> tuple[str, Sequence[Section]]:
        """Title and sections for the detail pane; each area says what matters about its rows."""
        raise NotImplementedError

    def counts(self) -> tuple[int, int]:
        total = self.model.total_count()
        if self.model.has_first_rows_only() and not self.model.is_filtered():
            return total, total  # all are listed; the rest of them is on its way
        return self.model.rowCount(), total

    def shown_columns(self) -> list[str]:
        """Keys of the columns as the caseworker sees them: visible ones, in their on-screen order."""
        header = self.table.horizontalHeader()
        logical = [header.logicalIndex(visual) for visual in range(header.count())]
        return [self.model.COLUMNS[n].key for n in logical if not header.isSectionHidden(n)]

    def shown_rows(self) -> list[Any]:
        """The rows as shown: current filter and sort order."""
        return [self.model.row_at(n) for n in range(self.model.rowCount())]

    def export_current(self) -> None:
        """File → Export list: this list as shown to .xlsx or CSV (the window's export action)."""
        from matcher.ui.export_actions import export_list  # late: openpyxl only when exporting

        if self._loading and (self.model.has_first_rows_only() or not self.model.total_count()):
            title, text = self.tr("Export list"), self.tr("The list is still loading. Please try again in a moment.")
            QMessageBox.information(self, title, text)
            return
        export_list(self, self.context.db, self.shown_rows(), self.shown_columns(), self.ENTITY.value + "s")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def restore_state(self, settings: QSettings) -> None:
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        window_state.restore_header(settings, f"{self._state_key}/header", header)
        self._default_split = not window_state.restore_splitter(settings, f"{self._state_key}/splitter", self.splitter)
        self.table.setSortingEnabled(True)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._default_split:  # sizes are only known once laid out: split on the first showing
            self._default_split = False
            QTimer.singleShot(0, self._split_by_default)

    def _split_by_default(self) -> None:
        """The details get a fixed, readable width; the table takes the rest and grows with the window."""
        width = self.splitter.width()
        detail = min(DETAIL_WIDTH_CHARS * self.fontMetrics().averageCharWidth(), width // 2)
        self.splitter.setSizes([width - detail, detail])

    def save_state(self, settings: QSettings) -> None:
        window_state.save_header(settings, f"{self._state_key}/header", self.table.horizontalHeader())
        window_state.save_splitter(settings, f"{self._state_key}/splitter", self.splitter)
