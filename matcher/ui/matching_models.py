"""Table models of the matching area: the flats and households to pick from, the ranked candidates, one
pair's score breakdown, and the district-wide proposal.

Rows are plain values from `services.matching` (FlatChoice, HouseholdChoice) and the matcher's results;
the models only show them. Sorting happens here in Python on native values (SORT_ROLE), like the list
models in `table_models.py`. Scores are shown as points 0–100 with one decimal and drawn as bars by
`score_delegate.ScoreBarDelegate` (SCORE_ROLE gives the 0..1 value).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from matcher.core import formatting
from matcher.core.enums import PlacementState, Urgency
from matcher.core.scoring import CriterionResult
from matcher.core.services.matching import FlatChoice, HouseholdChoice
from matcher.ui.labels import label_of, ordinal
from matcher.ui.score_delegate import MUTED_ROLE, SCORE_ROLE
from matcher.ui.table_models import ROW_ROLE, SORT_ROLE, fold, sort_text

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex

CRITERION_TITLES = {
    "size_fit": QT_TRANSLATE_NOOP("MatchingCriteria", "Size of the flat"),
    "bedrooms": QT_TRANSLATE_NOOP("MatchingCriteria", "Bedrooms"),
    "rent_headroom": QT_TRANSLATE_NOOP("MatchingCriteria", "Distance to the rent limit"),
    "proximity": QT_TRANSLATE_NOOP("MatchingCriteria", "Close to important places"),
    "wishes": QT_TRANSLATE_NOOP("MatchingCriteria", "The household's wishes"),
    "vacancy_cost": QT_TRANSLATE_NOOP("MatchingCriteria", "Cost of the empty flat"),
}
"""The core's criteria (`scoring.CRITERIA`) in the interface language; German as in the core's labels."""


def criterion_title(key: str, fallback: str = "") -> str:
    source = CRITERION_TITLES.get(key)
    return QCoreApplication.translate("MatchingCriteria", source) if source else (fallback or key)


def placement_text(placement_id: int, state: str) -> str:
    """ "Vorgang Nr. 17 (vorgeschlagen)": the pair is already being worked on."""
    text = QCoreApplication.translate("MatchingModels", "Placement no. %1 (%2)")
    return text.replace("%1", str(placement_id)).replace("%2", label_of(PlacementState, state))


def points(score: float) -> str:
    """0.8444 → "84,4": the score as points out of 100, always one decimal so columns line up."""
    return f"{score * 100:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Col:
    """One column: English title (translated in the model's context), text, sort value, alignment."""

    title: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    numeric: bool = False
    score: bool = False
    """Drawn by the ScoreBarDelegate (the model answers SCORE_ROLE for it)."""
    width: int = 12
    """Starting width in average characters."""


class RowsModel(QAbstractTableModel):
    """A list of plain rows with declared columns; sorted and filtered in Python."""

    CONTEXT = "RowsModel"
    COLUMNS: tuple[Col, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Any] = []
        self._visible: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- rows ------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._visible = self._arranged()
        self.endResetModel()

    def rows(self) -> list[Any]:
        """Every row, shown or not."""
        return list(self._all)

    def visible_rows(self) -> list[Any]:
        return list(self._visible)

    def row_at(self, row: int) -> Any:
        return self._visible[row]

    def row_number_of(self, predicate: Callable[[Any], bool]) -> int:
        return next((n for n, row in enumerate(self._visible) if predicate(row)), -1)

    def refresh(self) -> None:
        """Filter or sort inputs changed: arrange the rows again."""
        self.beginResetModel()
        self._visible = self._arranged()
        self.endResetModel()

    def accepts(self, row: Any) -> bool:
        return True

    def _arranged(self) -> list[Any]:
        rows = [row for row in self._all if self.accepts(row)]
        if self._sort is None:
            return rows
        column, order = self._sort
        key = self.COLUMNS[column].sort or self.COLUMNS[column].display
        keys = [_sortable(key(row)) for row in rows]
        present = [n for n, k in enumerate(keys) if k is not None]
        empty = [n for n, k in enumerate(keys) if k is None]
        present.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [rows[n] for n in present + empty]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            self._sort = None
        else:
            self._sort = (column, order)
        self.refresh()

    def score_of(self, row: Any) -> float | None:
        return None

    def muted(self, row: Any) -> bool:
        return False

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    # --- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._visible[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column()) or (None if column.numeric else column.display(row) or None)
        if role == SORT_ROLE:
            return (column.sort or column.display)(row)
        if role == ROW_ROLE:
            return row
        if role == SCORE_ROLE and column.score:
            return self.score_of(row)
        if role == MUTED_ROLE and column.score:
            return self.muted(row)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.COLUMNS[section].numeric else _LEFT
        return None


def _sortable(value: Any) -> Any:
    return sort_text(value) if isinstance(value, str) else value


# --------------------------------------------------------------------------------------------------
# What to pick: flats and households
# --------------------------------------------------------------------------------------------------


class FilteredModel(RowsModel):
    """Rows filtered by every word of a search text (case and accents ignored)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._keys: dict[int, str] = {}

    def search_text(self, row: Any) -> str:
        raise NotImplementedError

    def set_filter(self, text: str) -> None:
        self._words = fold(text).split()
        self.refresh()

    def accepts(self, row: Any) -> bool:
        if not self._words:
            return True
        key = self._keys.get(row.id)
        if key is None:
            key = self._keys[row.id] = fold(self.search_text(row))
        return all(word in key for word in self._words)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._keys = {}
        super().set_rows(rows)


class FlatChoiceModel(FilteredModel):
    CONTEXT = "FlatChoiceModel"
    COLUMNS = (
        Col(QT_TRANSLATE_NOOP("FlatChoiceModel", "Address"), lambda f: f.address, width=17),
        Col(QT_TRANSLATE_NOOP("FlatChoiceModel", "Municipality"), lambda f: f.municipality, width=10),
        Col(
            QT_TRANSLATE_NOOP("FlatChoiceModel", "Area"),
            lambda f: formatting.area(f.living_area_m2),
            lambda f: f.living_area_m2,
            numeric=True,
            width=8,
        ),
        Col(
            QT_TRANSLATE_NOOP("FlatChoiceModel", "Gross cold rent"),
            lambda f: formatting.euros(f.gross_cold_rent_cents),
            lambda f: f.gross_cold_rent_cents,
            numeric=True,
            width=8,
        ),
    )

    def search_text(self, row: FlatChoice) -> str:
        return f"{row.address} {row.municipality}"


class HouseholdChoiceModel(FilteredModel):
    CONTEXT = "HouseholdChoiceModel"
    COLUMNS = (
        Col(QT_TRANSLATE_NOOP("HouseholdChoiceModel", "Case number"), lambda h: h.case_number, width=13),
        Col(QT_TRANSLATE_NOOP("HouseholdChoiceModel", "Applicant"), lambda h: h.applicant, width=15),
        Col(
            QT_TRANSLATE_NOOP("HouseholdChoiceModel", "Persons"), lambda h: str(h.size), lambda h: h.size, True, width=4
        ),
        Col(
            QT_TRANSLATE_NOOP("HouseholdChoiceModel", "Urgency"),
            lambda h: label_of(Urgency, h.urgency),
            lambda h: -ordinal(Urgency, h.urgency),
            width=8,
        ),
        Col(
            QT_TRANSLATE_NOOP("HouseholdChoiceModel", "Waiting since"),
            lambda h: formatting.day(h.waiting_since),
            lambda h: h.waiting_since,
            width=10,
        ),
    )

    def search_text(self, row: HouseholdChoice) -> str:
        return f"{row.case_number} {row.applicant}"


# --------------------------------------------------------------------------------------------------
# Ranked candidates
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRow:
    """One candidate of a ranking: the pair, its score, and whether the rules allow it at all."""

    rank: int
    household: HouseholdChoice
    flat: FlatChoice
    score: float
    feasible: bool

    @property
    def pair(self) -> tuple[int, int]:
        return self.household.id, self.flat.id


Assess = Callable[[RankedRow], tuple[str, str]]
"""(short text, tooltip) saying why a candidate fits or is excluded; computed for rows that are shown."""


class RankedModel(RowsModel):
    """Candidates best first; the excluded ones only when asked (`set_show_unsuitable`)."""

    CONTEXT = "RankedModel"

    def __init__(self, assess: Assess, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._assess = assess
        self._assessed: dict[tuple[int, int], tuple[str, str]] = {}
        self._show_unsuitable = False
        self.placed: dict[tuple[int, int], tuple[int, str]] = {}
        """Pairs with a running placement → (its number, its state)."""

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._assessed = {}
        super().set_rows(rows)

    def set_show_unsuitable(self, show: bool) -> None:
        self._show_unsuitable = show
        self.refresh()

    def accepts(self, row: RankedRow) -> bool:
        return row.feasible or self._show_unsuitable

    def suitable_count(self) -> int:
        return sum(row.feasible for row in self._all)

    def unsuitable_count(self) -> int:
        return len(self._all) - self.suitable_count()

    def score_of(self, row: RankedRow) -> float:
        return row.score

    def muted(self, row: RankedRow) -> bool:
        return not row.feasible

    def assessment(self, row: RankedRow) -> tuple[str, str]:
        found = self._assessed.get(row.pair)
        if found is None:
            found = self._assessed[row.pair] = self._assess(row)
        return found

    def verdict(self, row: RankedRow) -> str:
        placed = self.placed.get(row.pair)
        if placed is not None:
            return placement_text(*placed)
        if row.feasible:
            return QCoreApplication.translate("RankedModel", "suitable")
        return QCoreApplication.translate("RankedModel", "unsuitable")

    def tooltip(self, row: RankedRow, column: int) -> str | None:
        if self.COLUMNS[column].title in (REASONS_TITLE, VERDICT_TITLE):
            return self.assessment(row)[1] or None
        return None


REASONS_TITLE = QT_TRANSLATE_NOOP("RankedModel", "Reasons")
VERDICT_TITLE = QT_TRANSLATE_NOOP("RankedModel", "Verdict")


_RANK = Col(QT_TRANSLATE_NOOP("RankedModel", "#"), lambda r: str(r.rank), lambda r: r.rank, numeric=True, width=3)
_SCORE = Col(QT_TRANSLATE_NOOP("RankedModel", "Score"), lambda r: points(r.score), lambda r: r.score, True, True, 16)


class HouseholdsForFlatModel(RankedModel):
    """Households ranked for one flat."""

    def __init__(self, assess: Assess, parent: QObject | None = None) -> None:
        super().__init__(assess, parent)
        self.COLUMNS = (
            _RANK,
            Col(QT_TRANSLATE_NOOP("RankedModel", "Case number"), lambda r: r.household.case_number, width=15),
            Col(QT_TRANSLATE_NOOP("RankedModel", "Applicant"), lambda r: r.household.applicant, width=18),
            Col(
                QT_TRANSLATE_NOOP("RankedModel", "Persons"),
                lambda r: str(r.household.size),
                lambda r: r.household.size,
                numeric=True,
                width=4,
            ),
            _SCORE,
            Col(VERDICT_TITLE, self.verdict, width=9),
            Col(REASONS_TITLE, lambda r: self.assessment(r)[0], width=40),
        )


class FlatsForHouseholdModel(RankedModel):
    """Flats ranked for one household."""

    def __init__(self, assess: Assess, parent: QObject | None = None) -> None:
        super().__init__(assess, parent)
        self.COLUMNS = (
            _RANK,
            Col(QT_TRANSLATE_NOOP("RankedModel", "Address"), lambda r: r.flat.address, width=20),
            Col(QT_TRANSLATE_NOOP("RankedModel", "Municipality"), lambda r: r.flat.municipality, width=12),
            Col(
                QT_TRANSLATE_NOOP("RankedModel", "Gross cold rent"),
                lambda r: formatting.euros(r.flat.gross_cold_rent_cents),
                lambda r: r.flat.gross_cold_rent_cents,
                numeric=True,
                width=10,
            ),
            _SCORE,
            Col(VERDICT_TITLE, self.verdict, width=9),
            Col(REASONS_TITLE, lambda r: self.assessment(r)[0], width=40),
        )


# --------------------------------------------------------------------------------------------------
# One pair's breakdown
# --------------------------------------------------------------------------------------------------


class BreakdownModel(RowsModel):
    """Per criterion: value, weight, contribution to the score (points), and the core's explanation."""

    CONTEXT = "BreakdownModel"
    COLUMNS = (
        Col(
            QT_TRANSLATE_NOOP("BreakdownModel", "Criterion"), lambda c: criterion_title(c.criterion, c.label), width=32
        ),
        Col(QT_TRANSLATE_NOOP("BreakdownModel", "Fit"), lambda c: points(c.value), lambda c: c.value, True, True, 14),
        Col(
            QT_TRANSLATE_NOOP("BreakdownModel", "Weight"),
            lambda c: formatting.number(c.weight, 2),
            lambda c: c.weight,
            numeric=True,
            width=6,
        ),
        Col(
            QT_TRANSLATE_NOOP("BreakdownModel", "Points"),
            lambda c: points(c.contribution),
            lambda c: c.contribution,
            numeric=True,
            width=6,
        ),
        Col(QT_TRANSLATE_NOOP("BreakdownModel", "Explanation"), lambda c: c.explanation, width=50),
    )

    def score_of(self, row: CriterionResult) -> float:
        return row.value


# --------------------------------------------------------------------------------------------------
# The district-wide proposal
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalRow:
    household: HouseholdChoice
    flat: FlatChoice
    score: float
    pinned: bool = False
    feasible: bool = True
    loss: float | None = None
    """For a pin: total fit (0..1 per pair, summed) lost compared with the proposal without it."""
    placement: tuple[int, str] | None = None
    """(number, state) of the pair's running placement, e.g. once the caseworker accepted it."""

    @property
    def pair(self) -> tuple[int, int]:
        return self.household.id, self.flat.id

    def accepted(self, placement: tuple[int, str]) -> ProposalRow:
        return replace(self, placement=placement)


def _decision(row: ProposalRow) -> str:
    if row.placement is not None:
        return placement_text(*row.placement)
    if row.pinned and not row.feasible:
        return QCoreApplication.translate("ProposalModel", "pinned, breaks a rule")
    if row.pinned:
        return QCoreApplication.translate("ProposalModel", "pinned")
    return QCoreApplication.translate("ProposalModel", "proposed")


def _cost(row: ProposalRow) -> str:
    if row.loss is None:
        return ""
    return points(row.loss).replace("-", "−")


COST_TITLE = QT_TRANSLATE_NOOP("ProposalModel", "Cost of the pin")


class ProposalModel(RowsModel):
    CONTEXT = "ProposalModel"
    COLUMNS = (
        Col(QT_TRANSLATE_NOOP("ProposalModel", "Case number"), lambda r: r.household.case_number, width=15),
        Col(QT_TRANSLATE_NOOP("ProposalModel", "Applicant"), lambda r: r.household.applicant, width=16),
        Col(
            QT_TRANSLATE_NOOP("ProposalModel", "Persons"),
            lambda r: str(r.household.size),
            lambda r: r.household.size,
            numeric=True,
            width=4,
        ),
        Col(QT_TRANSLATE_NOOP("ProposalModel", "Flat"), lambda r: r.flat.address, width=20),
        Col(QT_TRANSLATE_NOOP("ProposalModel", "Municipality"), lambda r: r.flat.municipality, width=12),
        Col(QT_TRANSLATE_NOOP("ProposalModel", "Score"), lambda r: points(r.score), lambda r: r.score, True, True, 16),
        Col(
            COST_TITLE,
            _cost,
            lambda r: r.loss,
            numeric=True,
            width=8,
        ),
        Col(QT_TRANSLATE_NOOP("ProposalModel", "Decision"), _decision, width=14),
    )

    def score_of(self, row: ProposalRow) -> float:
        return row.score

    def muted(self, row: ProposalRow) -> bool:
        return not row.feasible

    def tooltip(self, row: ProposalRow, column: int) -> str | None:
        if self.COLUMNS[column].title != COST_TITLE or row.loss is None:
            return None
        if row.loss >= 0:
            text = QCoreApplication.translate(
                "ProposalModel", "Without this pin the proposal as a whole would fit %1 points better."
            )
        else:
            text = QCoreApplication.translate("ProposalModel", "This pin raises the total fit by %1 points.")
        return text.replace("%1", points(abs(row.loss)))

    def replace_row(self, old: ProposalRow, new: ProposalRow) -> None:
        """Change one row in place (accepted): no reset, the selection stays."""
        self._all = [new if row is old else row for row in self._all]
        self._visible = [new if row is old else row for row in self._visible]
        n = self.row_number_of(lambda row: row is new)
        if n >= 0:
            self.dataChanged.emit(self.index(n, 0), self.index(n, self.columnCount() - 1))

    def remove_row(self, old: ProposalRow) -> None:
        n = self.row_number_of(lambda row: row is old)
        if n < 0:
            return
        self.beginRemoveRows(QModelIndex(), n, n)
        self._all = [row for row in self._all if row is not old]
        del self._visible[n]
        self.endRemoveRows()
