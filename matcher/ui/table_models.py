"""Table models for the list views: flats and households.

Each model holds the rows loaded by a core query (frozen dataclasses) and does its own sorting and
filtering on them in Python: a QSortFilterProxyModel calls `lessThan` and `filterAcceptsRow` through
Qt for every comparison, which is far too slow for 100,000 rows, while `sorted()` on precomputed keys
takes a fraction of a second. Every change of sort or filter is a model reset.

Text sorts folded and "naturally" (house number 6 before 23); empty values sort last either way.

Roles: DisplayRole gives German-formatted text ("1.234,56 €", "52,5 m²", "24.11.2026"), SORT_ROLE the
native value behind it (cents, m², dates; statuses as their position in the workflow), ROW_ROLE the row
object itself. Sensitive fields (residence status, health) are not list columns and never will be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from operator import attrgetter
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
from matcher.core.enums import FlatStatus, HouseholdStatus, LabelledEnum, Urgency
from matcher.core.services.queries import FlatRow, HouseholdRow
from matcher.core.text import fold_for_search
from matcher.ui.labels import label, label_of, ordinal

ROW_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One list column: its key (the row attribute), its English title (translated in the model's
    context), how to show it and what to sort by. The starting width fits `width` average characters
    or the `sample` text, whichever is wider (digits are wider than the average character)."""

    key: str
    title: str
    display: Callable[[Any], str]
    value: Callable[[Any], Any]
    numeric: bool = False
    width: int = 12
    sample: str = ""
    labels: type[LabelledEnum] | None = None

    def sample_text(self) -> str:
        """The widest text to expect: the given sample, or the longest label of the column's enum."""
        if self.labels is None:
            return self.sample
        return max((label(member) for member in self.labels), key=len, default="")


def money(cents: int | None) -> str:
    return "" if cents is None else formatting.euros(cents)


def day(value: date | None) -> str:
    return "" if value is None else formatting.day(value)


def count(value: int | float) -> str:
    return formatting.number(value, 1)


class RowTableModel(QAbstractTableModel):
    """Rows of one core query, sorted and filtered in place. Subclasses declare COLUMNS and filters."""

    CONTEXT = "RowTableModel"
    COLUMNS: tuple[Column, ...] = ()
    STATUS_ENUM: type[Enum] = FlatStatus

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Any] = []
        self._keys: list[str] | None = None  # folded search text, built on the first text search
        self._order: list[int] = []  # indexes into _all in sort order
        self._visible: list[int] = []  # _order without the filtered-out rows
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._query = ""  # folded search text of the current filter
        self._municipality: str | None = None
        self._status: str | None = None

    # --- what subclasses say about their rows ----------------------------------------------------

    def search_text(self, row: Any) -> str:
        raise NotImplementedError

    def municipality_of(self, row: Any) -> str | None:
        raise NotImplementedError

    # --- loading, sorting, filtering ----------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._keys = None
        self._order = self._sorted_indexes()
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.beginResetModel()
        self._sort_column, self._sort_order = column, order
        self._order = self._sorted_indexes()
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def set_filter(self, text: str = "", municipality: str | None = None, status: str | None = None) -> None:
        """Show rows whose search text contains every word of `text` (case and accents ignored)."""
        query = fold(text)
        # Typing on narrows the result: search only the rows still shown, not all of them again.
        narrowing = query.startswith(self._query) and (municipality, status) == (self._municipality, self._status)
        self.beginResetModel()
        self._query, self._municipality, self._status = query, municipality, status
        self._visible = self._filtered(self._visible if narrowing else self._order)
        self.endResetModel()

    def _sorted_indexes(self) -> list[int]:
        """Sort on native values; empty values (None) stay at the end in both directions."""
        indexes = range(len(self._all))
        if self._sort_column < 0:
            return list(indexes)
        value = self.COLUMNS[self._sort_column].value
        keys = [sort_text(v) if isinstance(v := value(row), str) else v for row in self._all]
        present = [i for i in indexes if keys[i] is not None]
        empty = [i for i in indexes if keys[i] is None]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(present, key=keys.__getitem__, reverse=descending) + empty

    def _filtered(self, order: list[int]) -> list[int]:
        if not self.is_filtered():
            return list(order)
        if self._query and self._keys is None:
            self._keys = [fold(self.search_text(row)) for row in self._all]
        return [i for i in order if self._accepts(i, self._query.split())]

    def _accepts(self, i: int, words: list[str]) -> bool:
        row = self._all[i]
        if self._status is not None and row.status != self._status:
            return False
        if self._municipality is not None and self.municipality_of(row) != self._municipality:
            return False
        keys = self._keys
        return keys is None or all(word in keys[i] for word in words)

    # --- what the view and the page ask ---------------------------------------------------------------

    def total_count(self) -> int:
        return len(self._all)

    def is_filtered(self) -> bool:
        return bool(self._query or self._municipality or self._status)

    def row_at(self, row: int) -> Any:
        return self._all[self._visible[row]]

    def row_number_of(self, predicate: Callable[[Any], bool]) -> int:
        """Visible position of the first row matching `predicate`, or -1 (to keep a selection)."""
        return next((n for n, i in enumerate(self._visible) if predicate(self._all[i])), -1)

    def municipalities(self) -> list[str]:
        names = {name for row in self._all if (name := self.municipality_of(row))}
        return sorted(names, key=fold)

    def status_enum(self) -> type[Enum]:
        return self.STATUS_ENUM

    def column_index(self, key: str) -> int:
        return next(n for n, column in enumerate(self.COLUMNS) if column.key == key)

    # --- QAbstractTableModel -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name and default)
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self.row_at(index.row())
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole and not column.numeric:
            return column.display(row) or None  # the whole text where the cell elides it
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == SORT_ROLE:
            return column.value(row)
        if role == ROW_ROLE:
            return row
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


def fold(text: str) -> str:
    """`fold_for_search` ("Sögel" → "sogel", "Straße" → "strasse") word by word, remembering words:
    names of streets, places and landlords repeat, so 100,000 rows fold about three times faster.
    Strings sort and match folded: "Ö" files under "O", case is ignored."""
    return " ".join(map(_fold_word, text.split()))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold_for_search(word)


_DIGITS = re.compile(r"(\d+)")


def sort_text(text: str) -> tuple[str | int, ...]:
    """Folded text whose digit runs compare as numbers: "Ahornweg 6" < "Ahornweg 6a" < "Ahornweg 23".
    split() keeps text at even and numbers at odd positions, so tuples always compare like with like."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(fold(text))))


def text_column(key: str, title: str, width: int = 14, sample: str = "") -> Column:
    """Text as stored; empty text sorts last."""
    get = attrgetter(key)
    return Column(key, title, lambda r: get(r) or "", lambda r: get(r) or None, width=width, sample=sample)


def money_column(key: str, title: str, width: int = 10) -> Column:
    get = attrgetter(key)
    return Column(key, title, lambda r: money(get(r)), get, numeric=True, width=width, sample="10.000,00 €")


def number_column(key: str, title: str, show: Callable[[Any], str] = str, width: int = 5, sample: str = "") -> Column:
    get = attrgetter(key)
    return Column(key, title, lambda r: show(get(r)), get, numeric=True, width=width, sample=sample)


def date_column(key: str, title: str, width: int = 10) -> Column:
    get = attrgetter(key)
    return Column(key, title, lambda r: day(get(r)), get, width=width, sample="00.00.0000")


def enum_column(key: str, title: str, enum_cls: type[LabelledEnum]) -> Column:
    """German label (translated for English); sorts in the enum's order, i.e. the workflow's."""
    get = attrgetter(key)
    return Column(
        key, title, lambda r: label_of(enum_cls, get(r)), lambda r: ordinal(enum_cls, get(r)), width=0, labels=enum_cls
    )


FLAT_COLUMNS = (
    text_column("address", QT_TRANSLATE_NOOP("FlatTableModel", "Address"), width=21),
    text_column("municipality", QT_TRANSLATE_NOOP("FlatTableModel", "Municipality"), width=12),
    number_column(
        "living_area_m2", QT_TRANSLATE_NOOP("FlatTableModel", "Living area"), formatting.area, sample="100,5 m²"
    ),
    number_column("rooms", QT_TRANSLATE_NOOP("FlatTableModel", "Rooms"), count, sample="10,5"),
    money_column("net_rent_cents", QT_TRANSLATE_NOOP("FlatTableModel", "Net cold rent")),
    money_column("gross_cold_rent_cents", QT_TRANSLATE_NOOP("FlatTableModel", "Gross cold rent")),
    enum_column("status", QT_TRANSLATE_NOOP("FlatTableModel", "Status"), FlatStatus),
    date_column("available_from", QT_TRANSLATE_NOOP("FlatTableModel", "Available from")),
    text_column("landlord", QT_TRANSLATE_NOOP("FlatTableModel", "Landlord"), width=20),
)


class FlatTableModel(RowTableModel):
    CONTEXT = "FlatTableModel"
    COLUMNS = FLAT_COLUMNS
    STATUS_ENUM = FlatStatus

    def search_text(self, row: FlatRow) -> str:
        return " ".join((row.address, row.flat_number, row.postcode, row.municipality, row.landlord))

    def municipality_of(self, row: FlatRow) -> str | None:
        return row.municipality


HOUSEHOLD_COLUMNS = (
    text_column("case_number", QT_TRANSLATE_NOOP("HouseholdTableModel", "Case number"), sample="50.3-00000/0000"),
    text_column("applicant", QT_TRANSLATE_NOOP("HouseholdTableModel", "Applicant"), width=20),
    number_column("size", QT_TRANSLATE_NOOP("HouseholdTableModel", "Persons")),
    number_column("children", QT_TRANSLATE_NOOP("HouseholdTableModel", "Children")),
    enum_column("status", QT_TRANSLATE_NOOP("HouseholdTableModel", "Status"), HouseholdStatus),
    enum_column("urgency", QT_TRANSLATE_NOOP("HouseholdTableModel", "Urgency"), Urgency),
    date_column("registered_on", QT_TRANSLATE_NOOP("HouseholdTableModel", "Seeking since"), width=11),
    text_column("current_accommodation", QT_TRANSLATE_NOOP("HouseholdTableModel", "Accommodation"), width=16),
    text_column("accommodation_municipality", QT_TRANSLATE_NOOP("HouseholdTableModel", "Accommodation in"), width=12),
)


class HouseholdTableModel(RowTableModel):
    CONTEXT = "HouseholdTableModel"
    COLUMNS = HOUSEHOLD_COLUMNS
    STATUS_ENUM = HouseholdStatus

    def search_text(self, row: HouseholdRow) -> str:
        parts = (row.case_number, row.applicant, row.current_accommodation, row.accommodation_municipality or "")
        return " ".join(parts)

    def municipality_of(self, row: HouseholdRow) -> str | None:
        return row.accommodation_municipality
