"""A list area: search field and filters above a table, the selected row's details beside it.

Shared by the flats and households areas, which supply the model, the loader (a core query), their
texts and what the detail pane shows. Rows are loaded the first time the area is shown, so starting
the program does not wait for lists nobody opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from matcher.ui import window_state
from matcher.ui.crash_dialog import crash_report
from matcher.ui.detail_pane import DetailPane, Section
from matcher.ui.labels import label
from matcher.ui.table_models import RowTableModel

log = logging.getLogger(__name__)

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


class ListPage(QWidget):
    """Search, filters, table and detail pane over one RowTableModel."""

    counts_changed = Signal()
    demo_requested = Signal()

    def __init__(
        self,
        model: RowTableModel,
        loader: Callable[[], Sequence[Any]],
        state_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.model.setParent(self)
        self._loader = loader
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
        self.status = QComboBox(toolTip=self.tr("Show only one status"))
        self._fill_status()
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
        row.addStretch(1)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setCornerButtonEnabled(False)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 6)  # compact: one line per row
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._set_default_widths(table)
        return table

    def _set_default_widths(self, table: QTableView) -> None:
        """Wide enough for the typical value and for the translated title with its sort arrow."""
        header = table.horizontalHeader()
        cells, titles = table.fontMetrics(), header.fontMetrics()
        for n, column in enumerate(self.model.COLUMNS):
            title = str(self.model.headerData(n, Qt.Orientation.Horizontal))
            content = max(column.width * cells.averageCharWidth(), cells.horizontalAdvance(column.sample_text()))
            header.resizeSection(n, max(content + 12, titles.horizontalAdvance(title) + 24))

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
        self.table.selectionModel().currentRowChanged.connect(self._show_current)

    # --- loading -------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def invalidate(self) -> None:
        """The database changed: load again the next time the area is shown."""
        self._loaded = False

    def reload(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = self._loader()
        except Exception as exc:  # boundary: a lost server connection must not end the program
            log.error("loading the list failed\n%s", crash_report(type(exc), exc, exc.__traceback__))
            self._load_failed = True
            self.model.set_rows([])
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._loaded, self._load_failed = True, False
        self.model.set_rows(rows)
        self._fill_municipalities()

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
        for combo in (self.municipality, self.status):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.apply_filter()

    def _empty_button_clicked(self) -> None:
        if self._load_failed:
            self.reload()
        elif self.model.total_count():
            self.reset_filters()
        else:
            self.demo_requested.emit()

    # --- selection and state -------------------------------------------------------------------

    def _remember_selection(self) -> None:
        index = self.table.currentIndex()
        self._selected_id = self.model.row_at(index.row()).id if index.isValid() else None

    def _after_reset(self) -> None:
        self._update_empty_state()
        selected = self._selected_id
        number = -1 if selected is None else self.model.row_number_of(lambda row: row.id == selected)
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
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.clear_details()
            return
        title, sections = self.details(self.model.row_at(index.row()))
        self.detail.show_details(title, sections)

    def page_texts(self) -> PageTexts:
        """The area's own words (search hint, empty states), translated in the area's context."""
        raise NotImplementedError

    def details(self, row: Any) -> tuple[str, Sequence[Section]]:
        """Title and sections for the detail pane; each area says what matters about its rows."""
        raise NotImplementedError

    def counts(self) -> tuple[int, int]:
        return self.model.rowCount(), self.model.total_count()

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
