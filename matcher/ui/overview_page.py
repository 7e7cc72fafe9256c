"""Übersicht: the few numbers that matter, large, each a link to the list behind it; two charts (how
long the waiting households have waited, moves per month); and the head leases and funding bindings
that end in the next 90 days. Figures come from `core.services.dashboard`, loaded off the UI thread.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from matcher.core import enums as E
from matcher.core.formatting import day, euros, number
from matcher.core.services import dashboard
from matcher.ui.chart import BarChart
from matcher.ui.context import AppContext, Entity
from matcher.ui.labels import label_of
from matcher.ui.workers import run_in_background

MONTH_ABBREVIATIONS = (
    QT_TRANSLATE_NOOP("OverviewPage", "Jan"),
    QT_TRANSLATE_NOOP("OverviewPage", "Feb"),
    QT_TRANSLATE_NOOP("OverviewPage", "Mar"),
    QT_TRANSLATE_NOOP("OverviewPage", "Apr"),
    QT_TRANSLATE_NOOP("OverviewPage", "May"),
    QT_TRANSLATE_NOOP("OverviewPage", "Jun"),
    QT_TRANSLATE_NOOP("OverviewPage", "Jul"),
    QT_TRANSLATE_NOOP("OverviewPage", "Aug"),
    QT_TRANSLATE_NOOP("OverviewPage", "Sep"),
    QT_TRANSLATE_NOOP("OverviewPage", "Oct"),
    QT_TRANSLATE_NOOP("OverviewPage", "Nov"),
    QT_TRANSLATE_NOOP("OverviewPage", "Dec"),
)


class FigureTile(QPushButton):
    """A large number with a caption below it; clicking opens the list behind the number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.figure = QLabel()
        font = self.figure.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.figure.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setEnabled(False)
        layout = QVBoxLayout(self)
        for label in (self.figure, self.caption, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setMinimumHeight(self.figure.sizeHint().height() * 3)

    def show_figure(self, figure: str, caption: str, detail: str = "") -> None:
        self.figure.setText(figure)
        self.caption.setText(caption)
        self.detail.setText(detail)
        self.setAccessibleName(f"{figure} {caption}")


class OverviewPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.figures: dashboard.Overview | None = None
        self._stale = True
        self._loading = False
        self._build()
        context.data_changed.connect(self._mark_stale)
        context.database_switched.connect(self._mark_stale)

    def _show_empty_at_cost(self) -> None:
        ids = dashboard.empty_at_cost_flat_ids(self.context.db)
        self.context.request_selection(Entity.FLAT, ids, self.tr("Empty at the municipality's cost"))

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.waiting = FigureTile()
        self.free_flats = FigureTile()
        self.open_placements = FigureTile()
        self.empty_at_cost = FigureTile()
        self.waiting.clicked.connect(
            lambda: self.context.request_list(Entity.HOUSEHOLD, E.HouseholdStatus.WAITING.value)
        )
        self.free_flats.clicked.connect(lambda: self.context.request_list(Entity.FLAT, E.FlatStatus.AVAILABLE.value))
        self.open_placements.clicked.connect(lambda: self.context.request_list(Entity.PLACEMENT, ""))
        self.empty_at_cost.clicked.connect(self._show_empty_at_cost)
        tiles = QHBoxLayout()
        for tile in (self.waiting, self.free_flats, self.open_placements, self.empty_at_cost):
            tiles.addWidget(tile, 1)
        self.waiting_chart = BarChart()
        self.moves_chart = BarChart()
        charts = QHBoxLayout()
        charts.addWidget(self._group(self.tr("How long the waiting households have waited"), self.waiting_chart), 1)
        charts.addWidget(self._group(self.tr("Moves into a flat per month"), self.moves_chart), 1)
        self.deadlines = self._deadline_table()
        self.status_lines = QLabel()
        self.status_lines.setWordWrap(True)
        self.status_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_lines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_deadlines = QLabel(self.tr("Nothing ends in the next 90 days."))
        self.no_deadlines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        deadline_box = QWidget()
        deadline_layout = QVBoxLayout(deadline_box)
        deadline_layout.setContentsMargins(0, 0, 0, 0)
        deadline_layout.addWidget(self.no_deadlines)
        deadline_layout.addWidget(self.deadlines)
        lower = QGridLayout()
        lower.addWidget(self._group(self.tr("Ending in the next 90 days"), deadline_box), 0, 0)
        lower.addWidget(self._group(self.tr("By status"), self.status_lines), 0, 1)
        lower.setColumnStretch(0, 3)
        lower.setColumnStretch(1, 2)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(tiles)
        layout.addLayout(charts, 3)
        layout.addLayout(lower, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _group(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def _deadline_table(self) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("What ends"), self.tr("Flat")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAlternatingRowColors(True)
        table.itemActivated.connect(self._open_deadline)
        return table

    # --- loading -------------------------------------------------------------------------------------

    def _mark_stale(self, *_: object) -> None:
        self._stale = True
        if self.isVisible():
            self.activate()

    def activate(self) -> None:
        """Load the figures when shown and something changed since the last time."""
        if not self._stale or self._loading:
            return
        self._loading = True
        db = self.context.db
        run_in_background(
            self, self.tr("Overview"), lambda _progress: dashboard.overview(db), self._show, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.status_lines.setText(self.tr("The figures could not be loaded: %1").replace("%1", str(exc)))

    def _show(self, figures: dashboard.Overview) -> None:
        self._loading = False
        self._stale = False
        self.figures = figures
        self._show_tiles(figures)
        self.waiting_chart.set_bars([(self.waiting_label(bound), n) for bound, n in figures.waiting_groups])
        self.moves_chart.set_bars([(self.month_label(month), n) for month, n in figures.moves_per_month])
        self._show_deadlines(figures.deadlines)
        self._show_status_lines(figures)

    def _show_tiles(self, figures: dashboard.Overview) -> None:
        longest = self.tr("longest for %1 days").replace("%1", number(figures.longest_wait_days, 0))
        self.waiting.show_figure(number(figures.households_waiting, 0), self.tr("households waiting"), longest)
        free = figures.flats_by_status.get(E.FlatStatus.AVAILABLE.value, 0)
        reserved = figures.flats_by_status.get(E.FlatStatus.RESERVED.value, 0)
        self.free_flats.show_figure(
            number(free, 0), self.tr("flats free"), self.tr("%1 reserved").replace("%1", number(reserved, 0))
        )
        self.open_placements.show_figure(
            number(figures.open_placements, 0), self.tr("placements in progress"), self.tr("from proposal to signing")
        )
        self.empty_at_cost.show_figure(
            number(figures.empty_at_cost, 0),
            self.tr("flats empty at the municipality's cost"),
            self.tr("%1 per month").replace("%1", euros(figures.empty_cost_cents)),
        )

    def _show_deadlines(self, deadlines: list[dashboard.Deadline]) -> None:
        self.deadlines.setRowCount(len(deadlines))
        self.deadlines.setVisible(bool(deadlines))
        self.no_deadlines.setVisible(not deadlines)
        for row, deadline in enumerate(deadlines):
            kind = self.tr("Head lease") if deadline.kind == "head_lease" else self.tr("Funding binding")
            for column, text in enumerate((day(deadline.on), kind, deadline.address)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, deadline.flat_id)
                self.deadlines.setItem(row, column, item)
        self.deadlines.resizeColumnsToContents()

    def _show_status_lines(self, figures: dashboard.Overview) -> None:
        def lines(enum_cls: type[E.LabelledEnum], counts: dict[str, int]) -> str:
            return ", ".join(f"{label_of(enum_cls, v.value)} {counts[v.value]}" for v in enum_cls if v.value in counts)

        parts = (
            (self.tr("Flats"), lines(E.FlatStatus, figures.flats_by_status)),
            (self.tr("Households"), lines(E.HouseholdStatus, figures.households_by_status)),
            (self.tr("Placements"), lines(E.PlacementState, figures.placements_by_state)),
        )
        self.status_lines.setText("\n\n".join(f"{title}: {text or '–'}" for title, text in parts))

    def _open_deadline(self, item: QTableWidgetItem) -> None:
        self.context.request_record(Entity.FLAT, int(item.data(Qt.ItemDataRole.UserRole)))

    # --- words -----------------------------------------------------------------------------------------

    def waiting_label(self, bound_days: int) -> str:
        labels = {
            90: self.tr("< 3 months"),
            180: self.tr("3–6 months"),
            365: self.tr("6–12 months"),
            730: self.tr("1–2 years"),
        }
        return labels.get(bound_days, self.tr("> 2 years"))

    @staticmethod
    def month_label(month: date) -> str:
        name = QCoreApplication.translate("OverviewPage", MONTH_ABBREVIATIONS[month.month - 1])
        return f"{name} {month.year % 100:02d}"
