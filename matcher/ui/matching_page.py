"""The matching area (Vermittlung): which household for this flat, which flat for this household, and a
proposal for the whole district.

Three tabs over one `MatchingView` (services.matching), loaded off the UI thread the first time the
area is shown and again after flats, households, placements or settings changed:

- Households for a flat: pick a flat on the left, see the households ranked with the score as a bar,
  the strongest criteria in words, and (on request) the excluded ones with their reasons; the selected
  pair's breakdown below. "Prepare offer" opens a placement in the state "proposed".
- Flats for a household: the same the other way round.
- District proposal: the matcher's proposal in the office's mode (or the other one), computed in the
  background. The caseworker prepares offers from it, rejects pairs (left out of further runs in this
  session), pins pairs or picks another flat for a household (a pin; the proposal is computed again and
  shows what each pin costs the district as a whole).

No rule lives here: rankings, scores, reasons and the proposal come from the core; placements are
opened through `services.matching.accept_pair` (the placements service).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from matcher.core.assignment import Evaluation, Proposal
from matcher.core.enums import PlacementState
from matcher.core.errors import MatcherError, NotFound
from matcher.core.services.matching import MatchingView, accept_pair, load_matching_view
from matcher.ui import window_state
from matcher.ui.context import AppContext, Entity
from matcher.ui.list_page import EmptyState
from matcher.ui.matching_models import (
    BreakdownModel,
    FilteredModel,
    FlatChoiceModel,
    FlatsForHouseholdModel,
    HouseholdChoiceModel,
    HouseholdsForFlatModel,
    ProposalModel,
    ProposalRow,
    RankedModel,
    RankedRow,
    RowsModel,
    criterion_title,
    points,
)
from matcher.ui.score_delegate import ScoreBarDelegate
from matcher.ui.workers import Progress, Task, run_in_background, show_error

log = logging.getLogger(__name__)

RELEVANT = {Entity.FLAT, Entity.HOUSEHOLD, Entity.PLACEMENT, Entity.SETTINGS}
"""Changes that alter what the matcher sees."""
PROPOSED = PlacementState.PROPOSED.value
STRONGEST = 3
"""How many criteria a ranked row names as its reasons."""


def make_table(model: RowsModel, *, multi: bool = False) -> QTableView:
    """A compact, read-only table as in the list areas; score columns drawn as bars."""
    table = QTableView()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard users reach the buttons
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    delegate = ScoreBarDelegate(table)
    char = table.fontMetrics().averageCharWidth()
    for n, column in enumerate(model.COLUMNS):
        if column.score:
            table.setItemDelegateForColumn(n, delegate)
        title = str(model.headerData(n, Qt.Orientation.Horizontal))
        header.resizeSection(n, max(column.width * char + 12, header.fontMetrics().horizontalAdvance(title) + 24))
    return table


def selected_rows(table: QTableView) -> list[Any]:
    model = table.model()
    assert isinstance(model, RowsModel)
    numbers = sorted({index.row() for index in table.selectionModel().selectedRows()})
    return [model.row_at(n) for n in numbers]


def current_row(table: QTableView) -> Any | None:
    index = table.currentIndex()
    model = table.model()
    assert isinstance(model, RowsModel)
    return model.row_at(index.row()) if index.isValid() and index.row() < model.rowCount() else None


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


# --------------------------------------------------------------------------------------------------
# One pair in detail
# --------------------------------------------------------------------------------------------------


class BreakdownPanel(QWidget):
    """One pair: suitable or not, the rules that exclude it, warnings, and the score per criterion."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint
        self.title = _bold(QLabel(), 1.1)
        self.title.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BreakdownModel(self)
        self.table = make_table(self.model)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.verdict)
        layout.addWidget(self.reasons)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        self.clear()

    def clear(self) -> None:
        self.title.setText("")
        self.verdict.setText(self._hint)
        self.verdict.setEnabled(False)
        self.reasons.hide()
        self.model.set_rows([])
        self.table.hide()

    def show_evaluation(self, title: str, e: Evaluation) -> None:
        self.title.setText(title)
        self.verdict.setEnabled(True)
        if e.feasible:
            text = self.tr("Suitable: %1 of 100 points.").replace("%1", points(e.score))
        else:
            text = self.tr("Unsuitable: the rules below exclude this pair (it would score %1 points).").replace(
                "%1", points(e.score)
            )
        self.verdict.setText(text)
        lines = [f"• {f.title}: {f.reason}" for f in e.failed]
        lines += [self.tr("Warning – %1: %2").replace("%1", f.title).replace("%2", f.reason) for f in e.warnings]
        self.reasons.setText("\n".join(lines))
        self.reasons.setVisible(bool(lines))
        self.model.set_rows(e.breakdown)
        self.table.show()

    def reason_text(self) -> str:
        return self.reasons.text() if self.reasons.isVisibleTo(self) else ""

    def explanations(self) -> list[str]:
        return [row.explanation for row in self.model.rows()]


# --------------------------------------------------------------------------------------------------
# Ranking one side against the other
# --------------------------------------------------------------------------------------------------


class RankPane(QWidget):
    """Pick a flat (or a household) on the left; its candidates ranked on the right, the pair below."""

    accept_requested = Signal(int, int)  # household id, flat id
    choice_changed = Signal()

    def __init__(self, for_flat: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.for_flat = for_flat
        self.view: MatchingView | None = None
        self.current_id: int | None = None
        self._default_split = True
        self.choices: FilteredModel = FlatChoiceModel(self) if for_flat else HouseholdChoiceModel(self)
        self.ranked: RankedModel = (
            HouseholdsForFlatModel(self._assess, self) if for_flat else FlatsForHouseholdModel(self._assess, self)
        )
        self._build()
        self._connect()

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(clearButtonEnabled=True)
        self.search.setPlaceholderText(
            self.tr("Search address or municipality…") if self.for_flat else self.tr("Search case number or name…")
        )
        clear = QAction(self.search, shortcut=QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)
        self.choice_table = make_table(self.choices)
        self.choice_table.setSortingEnabled(True)
        self.choice_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.choice_count = QLabel()
        self.choice_count.setEnabled(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.choice_table, 1)
        left_layout.addWidget(self.choice_count)

        self.heading = _bold(QLabel(), 1.1)
        self.heading.setWordWrap(True)
        self.show_unsuitable = QCheckBox()
        self.ranked_table = make_table(self.ranked)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.ranked_stack = QStackedWidget()
        self.ranked_stack.addWidget(self.empty)
        self.ranked_stack.addWidget(self.ranked_table)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.show_unsuitable)
        top_layout.addLayout(heading_row)
        top_layout.addWidget(self.ranked_stack, 1)

        self.detail = BreakdownPanel(
            self.tr("Select a household in the ranking to see how well it fits, criterion by criterion.")
            if self.for_flat
            else self.tr("Select a flat in the ranking to see how well it fits, criterion by criterion.")
        )
        self.accept_button = QPushButton(self.tr("Prepare &offer"))
        self.accept_button.setToolTip(self.tr("Open a placement for this pair (state: proposed)"))
        self.detail.buttons.addStretch(1)
        self.detail.buttons.addWidget(self.accept_button)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        self.right_splitter.addWidget(top)
        self.right_splitter.addWidget(self.detail)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.search, self.choice_table)
        self.setTabOrder(self.choice_table, self.show_unsuitable)
        self.setTabOrder(self.show_unsuitable, self.ranked_table)
        self.setTabOrder(self.ranked_table, self.accept_button)
        self._show_nothing_chosen()

    def _connect(self) -> None:
        self.search.textChanged.connect(self.choices.set_filter)
        self.search.returnPressed.connect(self._focus_choices)
        self.choices.modelReset.connect(self._choices_reset)
        self.choice_table.selectionModel().currentRowChanged.connect(self._choice_selected)
        self.show_unsuitable.toggled.connect(self._toggle_unsuitable)
        self.ranked_table.selectionModel().currentRowChanged.connect(self._candidate_selected)
        self.ranked.modelReset.connect(self._candidate_selected)
        self.ranked.dataChanged.connect(self._update_accept)
        self.accept_button.clicked.connect(self._accept)

    # --- data ------------------------------------------------------------------------------------

    def set_view(self, view: MatchingView | None) -> None:
        """New data: list the choices again and rank the chosen one anew (if it is still there)."""
        self.view = view
        keep = self.current_id
        self.current_id = None
        self.ranked.placed = dict(view.open_placements) if view is not None else {}
        if view is None:
            self.choices.set_rows([])
        elif self.for_flat:
            self.choices.set_rows([f for f in view.flats if f.available])
        else:
            self.choices.set_rows(view.households)
        if keep is None or not self.select(keep):
            self._show_nothing_chosen()

    def select(self, record_id: int) -> bool:
        """Choose a flat (or household) by id; False when it is not among the choices."""
        number = self.choices.row_number_of(lambda row: row.id == record_id)
        if number < 0 and self.search.text():
            self.search.clear()
            number = self.choices.row_number_of(lambda row: row.id == record_id)
        if number < 0:
            return False
        self.choice_table.selectRow(number)
        self.choice_table.scrollTo(self.choices.index(number, 0))
        if self.current_id != record_id:  # selecting the current row again emits nothing
            self._rank(record_id)
        return True

    def _choices_reset(self) -> None:
        count, total = self.choices.rowCount(), len(self.choices.rows())
        if self.for_flat:
            text = self.tr("%1 of %2 free flats").replace("%1", str(count)).replace("%2", str(total))
        else:
            text = self.tr("%1 of %2 households seeking a flat").replace("%1", str(count)).replace("%2", str(total))
        self.choice_count.setText(text)
        if self.current_id is not None:
            number = self.choices.row_number_of(lambda row: row.id == self.current_id)
            if number >= 0:
                self.choice_table.selectionModel().blockSignals(True)
                self.choice_table.selectRow(number)
                self.choice_table.selectionModel().blockSignals(False)

    def _choice_selected(self) -> None:
        row = current_row(self.choice_table)
        if row is not None and row.id != self.current_id:
            self._rank(row.id)

    def _rank(self, record_id: int) -> None:
        view = self.view
        if view is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rank = view.matcher.rank_households if self.for_flat else view.matcher.rank_flats
            ranked = rank(record_id)
        except NotFound:
            self._show_nothing_chosen()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        rows = []
        for n, r in enumerate(ranked, 1):
            household, flat = view.household(r.household_id), view.flat(r.flat_id)
            if household is not None and flat is not None:
                rows.append(RankedRow(n, household, flat, r.score, r.feasible))
        self.current_id = record_id
        self.ranked.set_rows(rows)
        self._show_heading()
        self._update_unsuitable_box()
        self.choice_changed.emit()
        if self.ranked.rowCount():
            self.ranked_table.selectRow(0)

    def _show_heading(self) -> None:
        view, record_id = self.view, self.current_id
        if view is None or record_id is None:
            return
        suitable = self.ranked.suitable_count()
        if self.for_flat:
            flat = view.flat(record_id)
            assert flat is not None
            text = self.tr("Households for %1, %2: %3 suitable")
            text = text.replace("%1", flat.address).replace("%2", flat.municipality)
        else:
            household = view.household(record_id)
            assert household is not None
            text = self.tr("Flats for %1 (%2): %3 suitable")
            text = text.replace("%1", household.case_number).replace("%2", household.applicant)
        self.heading.setText(text.replace("%3", str(suitable)))
        if self.ranked.rowCount():
            self.ranked_stack.setCurrentWidget(self.ranked_table)
        else:
            self.empty.setText(
                self.tr("No household fits this flat. Tick “Also show unsuitable” to see why.")
                if self.for_flat
                else self.tr("No flat fits this household. Tick “Also show unsuitable” to see why.")
            )
            self.ranked_stack.setCurrentWidget(self.empty)

    def _show_nothing_chosen(self) -> None:
        self.current_id = None
        self.ranked.set_rows([])
        self.heading.setText("")
        self.empty.setText(
            self.tr("Choose a free flat on the left: the households that suit it appear here, best first.")
            if self.for_flat
            else self.tr("Choose a household on the left: the flats that suit it appear here, best first.")
        )
        self.ranked_stack.setCurrentWidget(self.empty)
        self._update_unsuitable_box()

    def _update_unsuitable_box(self) -> None:
        count = self.ranked.unsuitable_count()
        self.show_unsuitable.setText(self.tr("Also show &unsuitable (%1)").replace("%1", str(count)))
        self.show_unsuitable.setEnabled(count > 0 or self.show_unsuitable.isChecked())

    def _toggle_unsuitable(self, show: bool) -> None:
        self.ranked.set_show_unsuitable(show)
        self._show_heading()

    def _focus_choices(self) -> None:
        self.choice_table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.choice_table.currentIndex().isValid() and self.choices.rowCount():
            self.choice_table.selectRow(0)

    # --- the selected pair ----------------------------------------------------------------------

    def selected_candidate(self) -> RankedRow | None:
        row = current_row(self.ranked_table)
        return row if isinstance(row, RankedRow) else None

    def _candidate_selected(self) -> None:
        row = self.selected_candidate()
        if row is None or self.view is None:
            self.detail.clear()
        else:
            e = self.view.matcher.evaluate(*row.pair)
            self.detail.show_evaluation(pair_title(row.household, row.flat), e)
        self._update_accept()

    def _update_accept(self) -> None:
        row = self.selected_candidate()
        if row is None:
            enabled, why = False, self.tr("Select a pair in the ranking first.")
        elif row.pair in self.ranked.placed:
            enabled, why = False, self.tr("A placement for this pair is already running.")
        elif not row.feasible:
            enabled, why = False, self.tr("The rules exclude this pair; an offer is not possible.")
        else:
            enabled, why = True, self.tr("Open a placement for this pair (state: proposed)")
        self.accept_button.setEnabled(enabled)
        self.accept_button.setToolTip(why)

    def _accept(self) -> None:
        row = self.selected_candidate()
        if row is not None and row.feasible:
            self.accept_requested.emit(*row.pair)

    def mark_placed(self, pair: tuple[int, int], placement_id: int) -> None:
        self.ranked.placed[pair] = (placement_id, PROPOSED)
        n = self.ranked.row_number_of(lambda row: row.pair == pair)
        if n >= 0:
            self.ranked.dataChanged.emit(self.ranked.index(n, 0), self.ranked.index(n, self.ranked.columnCount() - 1))

    def _assess(self, row: RankedRow) -> tuple[str, str]:
        """The strongest criteria in words (or the excluding rules), and the explanations as tooltip."""
        view = self.view
        if view is None:
            return "", ""
        if not row.feasible:
            failed, _ = view.matcher.failures(*row.pair)
            return "; ".join(f.title for f in failed), "\n".join(f"{f.title}: {f.reason}" for f in failed)
        e = view.matcher.evaluate(*row.pair)
        strongest = sorted((c for c in e.breakdown if c.contribution > 0), key=lambda c: -c.contribution)[:STRONGEST]
        text = " · ".join(criterion_title(c.criterion, c.label) for c in strongest)
        tips = [f"{criterion_title(c.criterion, c.label)}: {c.explanation}" for c in strongest]
        if e.warnings:
            text = self.tr("Warning: %1").replace("%1", ", ".join(w.title for w in e.warnings)) + " · " + text
            tips = [f"{w.title}: {w.reason}" for w in e.warnings] + tips
        return text, "\n".join(tips)

    # --- state -----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._default_split:  # sizes are only known once laid out
            self._default_split = False
            QTimer.singleShot(0, self._split_by_default)

    def _split_by_default(self) -> None:
        """The list to pick from gets room for its columns; the ranking takes the rest."""
        width = self.splitter.width()
        left = min(sum(self.choice_table.columnWidth(n) for n in range(self.choices.columnCount())) + 24, width // 3)
        self.splitter.setSizes([left, width - left])
        height = self.right_splitter.height()
        self.right_splitter.setSizes([height * 3 // 5, height - height * 3 // 5])

    def restore_state(self, settings: QSettings, key: str) -> None:
        restored = window_state.restore_splitter(settings, f"{key}/splitter", self.splitter)
        restored &= window_state.restore_splitter(settings, f"{key}/detail_splitter", self.right_splitter)
        self._default_split = not restored

    def save_state(self, settings: QSettings, key: str) -> None:
        window_state.save_splitter(settings, f"{key}/splitter", self.splitter)
        window_state.save_splitter(settings, f"{key}/detail_splitter", self.right_splitter)


def pair_title(household: Any, flat: Any) -> str:
    name = f"{household.case_number} ({household.applicant})" if household.applicant else household.case_number
    return f"{name} → {flat.address}, {flat.municipality}"


# --------------------------------------------------------------------------------------------------
# The district-wide proposal
# --------------------------------------------------------------------------------------------------


class ProposalPane(QWidget):
    """The proposal for the district, and the caseworker's decisions on it."""

    accept_requested = Signal(int, int)
    compute_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: MatchingView | None = None
        self.model = ProposalModel(self)
        self.pins: list[tuple[int, int]] = []
        """Pairs the caseworker pinned: kept in every run, each with what it costs."""
        self.fixed: list[tuple[int, int]] = []
        """Pairs accepted in this session (a placement exists): kept in every run, not costed."""
        self.rejected: set[tuple[int, int]] = set()
        self.placed: dict[tuple[int, int], tuple[int, str]] = {}
        self.proposal: Proposal | None = None
        self._mode_chosen = False
        self._default_split = True
        self._build()
        self._connect()

    def _build(self) -> None:
        self.mode = QComboBox()
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode.setMinimumContentsLength(22)
        self.mode.addItem(self.tr("Largest total fit"), "optimal")
        self.mode.addItem(self.tr("Urgent and long-waiting households first"), "priority")
        self.mode.setToolTip(self.tr("How the proposal weighs the district as a whole; the office's setting is chosen"))
        mode_label = QLabel(self.tr("&Mode:"))
        mode_label.setBuddy(self.mode)
        self.compute_button = QPushButton(self.tr("&Compute proposal"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(mode_label)
        top.addWidget(self.mode)
        top.addWidget(self.compute_button)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)

        self.table = make_table(self.model, multi=True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.empty = QLabel(
            self.tr(
                "Compute a proposal to see which household could move into which flat. Nothing is stored "
                "until you prepare an offer."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.accept_button = QPushButton(self.tr("Prepare &offer"))
        self.reject_button = QPushButton(self.tr("&Reject"))
        self.reject_button.setToolTip(self.tr("Leave this pair out of the proposal (until the area is reloaded)"))
        self.pin_button = QPushButton(self.tr("&Pin"))
        self.alternative = QComboBox()
        self.alternative.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.alternative.setMinimumContentsLength(20)
        self.alternative.setToolTip(self.tr("Suitable flats for the selected household, best first"))
        alternative_label = QLabel(self.tr("O&ther flat:"))
        alternative_label.setBuddy(self.alternative)
        self.pin_alternative_button = QPushButton(self.tr("Pin this &flat"))
        self.pin_alternative_button.setToolTip(
            self.tr("Give the selected household this flat and compute the proposal again; shows what it costs")
        )
        decisions = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.pin_button):
            decisions.addWidget(button)
        decisions.addStretch(1)
        override = QHBoxLayout()  # a row of its own, so the area fits a narrow window
        override.addWidget(alternative_label)
        override.addWidget(self.alternative, 1)
        override.addWidget(self.pin_alternative_button)
        actions = QVBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addLayout(decisions)
        actions.addLayout(override)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.stack, 1)
        upper_layout.addLayout(actions)
        self.detail = BreakdownPanel(self.tr("Select a pair of the proposal to see how well it fits."))
        self.splitter = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    def _connect(self) -> None:
        self.compute_button.clicked.connect(self.compute_requested)
        self.mode.activated.connect(self._choose_mode)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.model.dataChanged.connect(self._update_buttons)
        self.accept_button.clicked.connect(self._accept)
        self.reject_button.clicked.connect(self.reject_selected)
        self.pin_button.clicked.connect(self.toggle_pin)
        self.pin_alternative_button.clicked.connect(self.pin_alternative)

    # --- data ------------------------------------------------------------------------------------

    def set_view(self, view: MatchingView | None) -> None:
        self.view = view
        self._update_buttons()
        if view is None:
            self.forget()
            return
        if not self._mode_chosen:  # follow the office's setting until the caseworker picks a mode here
            self.mode.setCurrentIndex(max(0, self.mode.findData(view.mode)))
        self.placed = dict(view.open_placements)
        known = {h.id for h in view.households}, {f.id for f in view.flats}
        self.pins = [p for p in self.pins if p[0] in known[0] and p[1] in known[1]]
        self.fixed = [p for p in self.fixed if p[0] in known[0] and p[1] in known[1]]

    def forget(self) -> None:
        """Another database: nothing of the old proposal applies."""
        self.pins, self.fixed, self.rejected, self.placed, self.proposal = [], [], set(), {}, None
        self._mode_chosen = False
        self.model.set_rows([])
        self.summary.setText("")
        self.stack.setCurrentWidget(self.empty)

    def _choose_mode(self) -> None:
        self._mode_chosen = True

    def current_mode(self) -> str:
        return str(self.mode.currentData())

    def show_proposal(self, proposal: Proposal) -> None:
        view = self.view
        if view is None:
            return
        self.proposal = proposal
        rows = []
        for p in proposal.placements:
            household, flat = view.household(p.household_id), view.flat(p.flat_id)
            if household is None or flat is None:
                continue
            pair = (p.household_id, p.flat_id)
            rows.append(
                ProposalRow(
                    household,
                    flat,
                    p.score,
                    pinned=p.pinned,
                    feasible=p.feasible,
                    loss=proposal.pin_losses.get(pair) if p.pinned else None,
                    placement=self.placed.get(pair),
                )
            )
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        if not rows:
            self.empty.setText(self.tr("The matcher found no suitable pair in the district."))
        self._show_summary()
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _show_summary(self) -> None:
        rows = self.model.rows()
        if self.proposal is None:
            self.summary.setText("")
            return
        total = sum(row.score for row in rows)
        text = self.tr("%1 pairs, total fit %2 points (average %3).")
        text = text.replace("%1", str(len(rows))).replace("%2", points(total)).replace("%3", points(total / len(rows)))
        text = text if rows else self.tr("No pairs.")
        cost = sum(row.loss or 0.0 for row in rows if row.pinned)
        pinned = sum(row.pinned and row.placement is None for row in rows)
        if pinned:
            text += " " + self.tr("%1 pinned, costing %2 points of total fit.").replace("%1", str(pinned)).replace(
                "%2", points(cost)
            )
        if self.rejected:
            text += " " + self.tr("%1 rejected.").replace("%1", str(len(self.rejected)))
        self.summary.setText(text)

    # --- the caseworker's decisions --------------------------------------------------------------

    def selected(self) -> list[ProposalRow]:
        return [row for row in selected_rows(self.table) if isinstance(row, ProposalRow)]

    def _selection_changed(self) -> None:
        rows = self.selected()
        row = current_row(self.table) if len(rows) != 1 else rows[0]
        if not isinstance(row, ProposalRow) or self.view is None:
            self.detail.clear()
        else:
            self.detail.show_evaluation(pair_title(row.household, row.flat), self.view.matcher.evaluate(*row.pair))
        self._fill_alternatives(rows[0] if len(rows) == 1 else None)
        self._update_buttons()

    def _fill_alternatives(self, row: ProposalRow | None) -> None:
        self.alternative.clear()
        view = self.view
        if row is None or view is None or row.placement is not None:
            return
        taken = {flat_id for _, flat_id in self.fixed}
        for ranked in view.matcher.rank_flats(row.household.id):
            flat = view.flat(ranked.flat_id)
            if not ranked.feasible or flat is None or ranked.flat_id == row.flat.id or ranked.flat_id in taken:
                continue
            text = f"{flat.address}, {flat.municipality} – {points(ranked.score)}"
            self.alternative.addItem(text, ranked.flat_id)
            if self.alternative.count() >= 30:
                break

    def _update_buttons(self) -> None:
        rows = self.selected()
        open_rows = [row for row in rows if row.placement is None]
        self.accept_button.setEnabled(bool(open_rows))
        self.reject_button.setEnabled(bool(open_rows))
        self.pin_button.setEnabled(len(open_rows) == 1)
        one = open_rows[0] if len(open_rows) == 1 else None
        self.pin_button.setText(self.tr("Un&pin") if one is not None and one.pinned else self.tr("&Pin"))
        self.pin_button.setToolTip(
            self.tr("Keep this pair fixed and compute the proposal again; shows what the pin costs")
            if one is None or not one.pinned
            else self.tr("Let the matcher decide this pair again")
        )
        self.alternative.setEnabled(one is not None and self.alternative.count() > 0)
        self.pin_alternative_button.setEnabled(one is not None and self.alternative.count() > 0)
        self.compute_button.setEnabled(self.view is not None)

    def _accept(self) -> None:
        for row in self.selected():
            if row.placement is None:
                self.accept_requested.emit(*row.pair)

    def mark_placed(self, pair: tuple[int, int], placement_id: int) -> None:
        """A placement exists for the pair: it stays fixed in further runs."""
        self.placed[pair] = (placement_id, PROPOSED)
        self._drop_pins_of(pair)
        if pair not in self.fixed:
            self.fixed.append(pair)
        for row in self.model.rows():
            if row.pair == pair:
                self.model.replace_row(row, row.accepted((placement_id, PROPOSED)))
        self._update_buttons()

    def reject_selected(self) -> None:
        for row in self.selected():
            if row.placement is not None:
                continue
            self.rejected.add(row.pair)
            if row.pair in self.pins:
                self.pins.remove(row.pair)
            self.model.remove_row(row)
        self._show_summary()
        self._selection_changed()

    def toggle_pin(self) -> None:
        rows = [row for row in self.selected() if row.placement is None]
        if len(rows) != 1:
            return
        row = rows[0]
        if row.pair in self.pins:
            self.pins.remove(row.pair)
        else:
            self._drop_pins_of(row.pair)
            self.pins.append(row.pair)
        self.compute_requested.emit()

    def pin_alternative(self) -> None:
        rows = [row for row in self.selected() if row.placement is None]
        flat_id = self.alternative.currentData()
        if len(rows) != 1 or flat_id is None:
            return
        pair = (rows[0].household.id, int(flat_id))
        self._drop_pins_of(pair)
        self.pins.append(pair)
        self.rejected.discard(pair)
        self.compute_requested.emit()

    def _drop_pins_of(self, pair: tuple[int, int]) -> None:
        """One pin per household and per flat: a new pin replaces those it collides with."""
        self.pins = [p for p in self.pins if p[0] != pair[0] and p[1] != pair[1]]

    def select_pair(self, pair: tuple[int, int]) -> bool:
        n = self.model.row_number_of(lambda row: row.pair == pair)
        if n >= 0:
            self.table.selectRow(n)
        return n >= 0

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._default_split:
            self._default_split = False
            QTimer.singleShot(0, self._split_by_default)

    def _split_by_default(self) -> None:
        height = self.splitter.height()
        self.splitter.setSizes([height * 3 // 5, height - height * 3 // 5])

    def restore_state(self, settings: QSettings, key: str) -> None:
        self._default_split = not window_state.restore_splitter(settings, f"{key}/splitter", self.splitter)

    def save_state(self, settings: QSettings, key: str) -> None:
        window_state.save_splitter(settings, f"{key}/splitter", self.splitter)


# --------------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------------


class MessageBar(QFrame):
    """A quiet line above the tabs after something happened, with the next step as a button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.action = QPushButton()
        self.close_button = QPushButton(self.tr("Close"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.hide)
        self._on_action: Callable[[], None] | None = None
        self.action.clicked.connect(self._run)
        self.hide()

    def show_message(self, text: str, action: str = "", on_action: Callable[[], None] | None = None) -> None:
        self.text.setText(text)
        self.action.setText(action)
        self.action.setVisible(bool(action))
        self._on_action = on_action
        self.show()

    def _run(self) -> None:
        if self._on_action is not None:
            self._on_action()
        self.hide()


class MatchingPage(QWidget):
    """The Vermittlung area; see the module docstring."""

    FLAT_TAB, HOUSEHOLD_TAB, PROPOSAL_TAB = range(3)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: MatchingView | None = None
        self.task: Task[Any] | None = None
        """The latest background work (loading or a proposal); tests wait for it."""
        self._load_task: Task[Any] | None = None
        self.last_placement_id: int | None = None
        self._stale = True
        self._generation = 0
        self._pending: tuple[int, int] | None = None  # (tab, id) to show once loaded
        self._own_change = False
        self._build()
        self._connect()

    def _build(self) -> None:
        self.message = MessageBar()
        self.flat_pane = RankPane(for_flat=True)
        self.household_pane = RankPane(for_flat=False)
        self.proposal_pane = ProposalPane()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.flat_pane, self.tr("Households for a flat"))
        self.tabs.addTab(self.household_pane, self.tr("Flats for a household"))
        self.tabs.addTab(self.proposal_pane, self.tr("District proposal"))
        self.status = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.status)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.stack, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._show_status(self.tr("The matching data are loaded when you open this area."))

    def _connect(self) -> None:
        self.context.data_changed.connect(self._data_changed)
        self.context.database_switched.connect(self._database_switched)
        self.status.button.clicked.connect(self.reload)
        for pane in (self.flat_pane, self.household_pane, self.proposal_pane):
            pane.accept_requested.connect(self.accept)
        self.proposal_pane.compute_requested.connect(self.compute_proposal)

    # --- loading -----------------------------------------------------------------------------------

    def activate(self) -> None:
        """Called when the area is shown: load the matcher's data the first time and after changes."""
        if self._stale and not self.loading:
            self.reload()

    @property
    def loading(self) -> bool:
        return self._load_task is not None and self._load_task.running

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        db = self.context.db
        self._stale = False
        if self.view is None:
            self._show_status(self.tr("Loading flats, households and rules of the district…"))

        def work(progress: Progress) -> MatchingView:
            progress.report(0, 0, "")
            return load_matching_view(db)

        self.task = self._load_task = run_in_background(
            self,
            self.tr("Loading the matching data"),
            work,
            lambda view: self._loaded(generation, view),
            on_error=lambda exc: self._load_failed(generation, exc),
            on_cancel=lambda: self._load_cancelled(generation),
        )

    def _loaded(self, generation: int, view: MatchingView) -> None:
        if generation != self._generation:
            return  # the database changed meanwhile: a newer load is on its way
        self.view = view
        for pane in (self.flat_pane, self.household_pane, self.proposal_pane):
            pane.set_view(view)
        self.stack.setCurrentWidget(self.tabs)
        pending, self._pending = self._pending, None
        if pending is not None:
            self._show_pending(*pending)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._stale = True
        if isinstance(exc, MatcherError):
            self._show_status(str(exc), self.tr("Try again"))
            return
        log.error("loading the matching data failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._show_status(
            self.tr("The matching data could not be loaded."),
            self.tr("Try again"),
            self.tr("The database did not answer or reported an error. Try again; if it remains, contact your IT."),
        )

    def _load_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self._stale = True
            if self.view is None:
                self._show_status(self.tr("Loading was cancelled."), self.tr("Load again"))

    def _show_status(self, title: str, button: str = "", hint: str = "") -> None:
        self.status.show_message(title, hint, button)
        self.stack.setCurrentWidget(self.status)

    def _data_changed(self, entity: str) -> None:
        if self._own_change or entity not in RELEVANT:
            return
        self._stale = True
        if self.isVisible():
            self.activate()

    def _database_switched(self) -> None:
        self._generation += 1
        self.view = None
        self._stale = True
        self.message.hide()
        for pane in (self.flat_pane, self.household_pane):
            pane.ranked.placed.clear()
            pane.set_view(None)
        self.proposal_pane.view = None
        self.proposal_pane.forget()
        self._show_status(self.tr("The matching data are loaded when you open this area."))
        if self.isVisible():
            self.activate()

    # --- entry points ----------------------------------------------------------------------------

    def show_flat(self, flat_id: int) -> None:
        """Show the households ranked for this flat."""
        self._show_or_wait(self.FLAT_TAB, flat_id)

    def show_household(self, household_id: int) -> None:
        """Show the flats ranked for this household."""
        self._show_or_wait(self.HOUSEHOLD_TAB, household_id)

    def _show_or_wait(self, tab: int, record_id: int) -> None:
        self.tabs.setCurrentIndex(tab)
        if self.view is None or self.loading:
            self._pending = (tab, record_id)
            self.activate()
        else:
            self._show_pending(tab, record_id)

    def _show_pending(self, tab: int, record_id: int) -> None:
        pane = self.flat_pane if tab == self.FLAT_TAB else self.household_pane
        self.tabs.setCurrentIndex(tab)
        if not pane.select(record_id):
            what = self.tr("This flat is not free or not in the office's district, so it cannot be ranked.")
            if tab == self.HOUSEHOLD_TAB:
                what = self.tr("This household is not seeking a flat in the office's district, so it cannot be ranked.")
            self.message.show_message(what)

    def focus_search(self) -> None:
        if self.tabs.currentIndex() == self.PROPOSAL_TAB:
            self.tabs.setCurrentIndex(self.FLAT_TAB)
        pane = self.household_pane if self.tabs.currentIndex() == self.HOUSEHOLD_TAB else self.flat_pane
        pane.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        pane.search.selectAll()

    # --- the district proposal --------------------------------------------------------------------

    def compute_proposal(self) -> None:
        view = self.view
        if view is None or (self.task is not None and self.task.running):
            return
        pane = self.proposal_pane
        mode, pins, fixed, rejected = pane.current_mode(), list(pane.pins), list(pane.fixed), set(pane.rejected)
        generation = self._generation
        text = self.tr("Computing the proposal for %1 households and %2 flats…")
        text = text.replace("%1", str(len(view.households))).replace("%2", str(sum(f.available for f in view.flats)))

        def work(progress: Progress) -> Proposal:
            progress.report(0, 0, text)
            return view.matcher.propose(mode, pins, rejected, fixed, check=progress.check)  # type: ignore[arg-type]

        def done(proposal: Proposal) -> None:
            if generation == self._generation:
                pane.show_proposal(proposal)

        pane.compute_button.setEnabled(False)
        self.task = run_in_background(self, self.tr("District proposal"), work, done)
        self.task.finished.connect(pane._update_buttons)

    # --- accepting a pair ------------------------------------------------------------------------

    def accept(self, household_id: int, flat_id: int) -> int | None:
        """Open a placement for the pair; returns its number, or None when the core refused."""
        view = self.view
        if view is None:
            return None
        try:
            placement = accept_pair(self.context.db, view.matcher, household_id, flat_id)
        except MatcherError as exc:
            show_error(self, self.tr("Prepare offer"), exc)
            return None
        assert placement.id is not None
        pair = (household_id, flat_id)
        for pane in (self.flat_pane, self.household_pane, self.proposal_pane):
            pane.mark_placed(pair, placement.id)
        self.last_placement_id = placement.id
        self._own_change = True
        try:
            self.context.notify_changed(Entity.PLACEMENT)
        finally:
            self._own_change = False
        household, flat = view.household(household_id), view.flat(flat_id)
        text = self.tr("Placement no. %1 prepared: %2 (state: proposed).").replace("%1", str(placement.id))
        text = text.replace("%2", pair_title(household, flat) if household and flat else "")
        placement_id = placement.id
        self.message.show_message(
            text,
            self.tr("Open placement"),
            lambda: self.context.request_record(Entity.PLACEMENT, placement_id),
        )
        return placement.id

    # --- window state ----------------------------------------------------------------------------

    def restore_state(self, settings: QSettings) -> None:
        self.flat_pane.restore_state(settings, "matching/flat")
        self.household_pane.restore_state(settings, "matching/household")
        self.proposal_pane.restore_state(settings, "matching/proposal")
        self.tabs.setCurrentIndex(settings.value("matching/tab", 0, type=int))

    def save_state(self, settings: QSettings) -> None:
        self.flat_pane.save_state(settings, "matching/flat")
        self.household_pane.save_state(settings, "matching/household")
        self.proposal_pane.save_state(settings, "matching/proposal")
        settings.setValue("matching/tab", self.tabs.currentIndex())
