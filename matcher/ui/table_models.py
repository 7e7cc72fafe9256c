"""Table models for the list views: flats and households.

Each model holds the rows loaded by a core query (frozen dataclasses) and does its own sorting and
filtering on them: a QSortFilterProxyModel calls `lessThan` and `filterAcceptsRow` through Qt for every
comparison, which takes many seconds for 100,000 rows. Instead `prepare()` turns the rows once into
NumPy key arrays per column (in the loading thread), so a sort is one `argsort` and a filter a few
array operations, each a few milliseconds. Every change of sort or filter is a model reset.

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

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
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
_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        SORT_ROLE,
        ROW_ROLE,
    )
)


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


# Formatting with babel takes a third of a millisecond per value; a screenful of cells would take tens of
# milliseconds on every scroll step. Areas, counts and days repeat, so they are remembered; money is
# formatted directly.
FORMAT_CACHE = 100_000


def money(cents: int | None) -> str:
    """`formatting.euros` without babel for the common case (amounts differ too much to remember them);
    a test holds both to the same text."""
    if cents is None:
        return ""
    if cents < 0:
        return formatting.euros(cents)
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", ".") + f",{rest:02d}\xa0€"


@lru_cache(maxsize=FORMAT_CACHE)
def day(value: date | None) -> str:
    return "" if value is None else formatting.day(value)


@lru_cache(maxsize=FORMAT_CACHE)
def count(value: int | float) -> str:
    return formatting.number(value, 1)


@lru_cache(maxsize=FORMAT_CACHE)
def area(m2: float) -> str:
    return formatting.area(m2)


@dataclass(frozen=True)
class PreparedRows:
    """Rows with everything sorting and filtering need, computed once per load (in the loading thread):
    per column a NumPy key array and a mask of empty values, the folded search text, status and
    municipality codes. Sorting is then an argsort, filtering a few array operations."""

    rows: list[Any]
    keys: tuple[np.ndarray, ...]
    empty: tuple[np.ndarray, ...]
    search: list[str]
    statuses: np.ndarray  # per row: index into status_values
    status_values: tuple[str, ...]
    places: np.ndarray  # per row: index into place_values, -1 for none
    place_values: tuple[str, ...]
    position_of_id: dict[int, int]

    def __len__(self) -> int:
        return len(self.rows)


def _key_array(values: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Sortable numbers for one column's native values: text by its natural folded order (a rank),
    dates as day numbers, numbers as they are; empty values get 0 and are marked in the mask."""
    empty = np.fromiter((v is None for v in values), bool, len(values))
    present = [v for v in values if v is not None]
    if present and isinstance(present[0], str):
        # Places, accommodations and landlords repeat: each distinct text gets its key once. The keys are
        # ranked with NumPy, which sorts without holding the GIL, so the UI thread runs on while a list
        # loads (a Python sort of 100,000 keys would block it for a fifth of a second).
        distinct = list(dict.fromkeys(present))
        ranks = _ranks(np.array([natural_key(v) for v in distinct], dtype=str)).tolist()
        rank_of = dict(zip(distinct, ranks, strict=True))
        return np.fromiter((0 if v is None else rank_of[v] for v in values), np.int64, len(values)), empty
    if present and isinstance(present[0], date):
        return np.fromiter((0 if v is None else v.toordinal() for v in values), np.int64, len(values)), empty
    return np.fromiter((0 if v is None else v for v in values), np.float64, len(values)), empty


def _ranks(keys: np.ndarray) -> np.ndarray:
    """Each key's position among the distinct keys in order (equal keys, equal rank). Built from a
    stable argsort, which releases the GIL (np.unique on strings does not)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    ranks = np.empty(len(keys), np.int64)
    if len(keys):
        ranks[order] = np.concatenate(([0], np.cumsum(ordered[1:] != ordered[:-1])))
    return ranks


def _codes(values: list[str | None]) -> tuple[np.ndarray, tuple[str, ...]]:
    distinct = tuple(sorted({v for v in values if v is not None}, key=fold))
    index = {v: n for n, v in enumerate(distinct)}
    return np.fromiter((index.get(v, -1) if v is not None else -1 for v in values), np.int64, len(values)), distinct


def _folded_search(model: type[RowTableModel], rows: list[Any]) -> list[str]:
    """Each row's folded search text. Places and accommodations repeat from row to row, so each distinct
    part is folded once (folding is word by word, so folding the parts equals folding the whole)."""
    folded: dict[str, str] = {}

    def fold_part(part: str) -> str:
        result = folded.get(part)
        if result is None:
            result = folded[part] = fold(part)
        return result

    return [" ".join(fold_part(part) for part in model.search_parts(row) if part) for row in rows]


class RowTableModel(QAbstractTableModel):
    """Rows of one core query, sorted and filtered in place. Subclasses declare COLUMNS and filters."""

    CONTEXT = "RowTableModel"
    COLUMNS: tuple[Column, ...] = ()
    STATUS_ENUM: type[Enum] = FlatStatus

    first_rows_needed = Signal()  # the order changed while only the first rows are there

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = self.prepare([])
        self._order = np.zeros(0, np.int64)  # indexes into the rows in sort order
        self._visible = np.zeros(0, np.int64)  # _order without the filtered-out rows
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._query = ""  # folded search text of the current filter
        self._municipality: str | None = None
        self._status: str | None = None
        self._first_rows_of: int | None = None  # while only the first rows are there: the number of all
        self._only: frozenset[int] | None = None  # show only the rows with these ids

    # --- what subclasses say about their rows ----------------------------------------------------

    @classmethod
    def search_parts(cls, row: Any) -> tuple[str, ...]:
        """The texts a search looks in (case number, name, place …)."""
        raise NotImplementedError

    @classmethod
    def municipality_of(cls, row: Any) -> str | None:
        raise NotImplementedError

    # --- loading, sorting, filtering ----------------------------------------------------------------

    @classmethod
    def prepare(cls, rows: Sequence[Any]) -> PreparedRows:
        """Everything sorting and filtering need. Touches no Qt object: runs in the loading thread."""
        rows = list(rows)
        keys, empty = zip(*(_key_array([c.value(r) for r in rows]) for c in cls.COLUMNS), strict=True)
        statuses, status_values = _codes([r.status for r in rows])
        places, place_values = _codes([cls.municipality_of(r) for r in rows])
        return PreparedRows(
            rows=rows,
            keys=keys,
            empty=empty,
            search=_folded_search(cls, rows),
            statuses=statuses,
            status_values=status_values,
            places=places,
            place_values=place_values,
            position_of_id={r.id: n for n, r in enumerate(rows)},
        )

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.set_prepared(self.prepare(rows))

    def set_prepared(self, prepared: PreparedRows) -> None:
        self.beginResetModel()
        self._data = prepared
        self._first_rows_of = None
        self._order = self._sorted_indexes()
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def set_first_rows(self, rows: Sequence[Any], total: int) -> None:
        """Show the first rows of a long list, already in the model's sort order (`sort_state`), until
        all rows arrive through `set_prepared`. Meanwhile the model cannot sort or filter: a filter shows
        nothing yet, another order asks for other first rows (`first_rows_needed`)."""
        self.beginResetModel()
        self._data = self.prepare(rows)
        self._first_rows_of = total
        self._order = np.arange(len(rows), dtype=np.int64)
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def has_first_rows_only(self) -> bool:
        return self._first_rows_of is not None

    def sort_state(self) -> tuple[str | None, bool]:
        """The key of the sort column (None: the order of entry) and whether it sorts descending."""
        if self._sort_column < 0:
            return None, False
        return self.COLUMNS[self._sort_column].key, self._sort_order == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        if self.has_first_rows_only():
            if (column, order) != (self._sort_column, self._sort_order):
                self._sort_column, self._sort_order = column, order
                self.first_rows_needed.emit()
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
        self._visible = self._filtered(self._order, self._visible if narrowing else None)
        self.endResetModel()

    def set_only(self, ids: Sequence[int] | None) -> None:
        """Show only the rows with these ids (with the other filters); None shows all again."""
        self.beginResetModel()
        self._only = None if ids is None else frozenset(ids)
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def _sorted_indexes(self) -> np.ndarray:
        """Sort on native values; empty values stay at the end in both directions (in load order)."""
        count = len(self._data)
        if self._sort_column < 0:
            return np.arange(count, dtype=np.int64)
        keys, empty = self._data.keys[self._sort_column], self._data.empty[self._sort_column]
        present = np.flatnonzero(~empty)
        values = keys[present]
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            values = -values
        return np.concatenate((present[np.argsort(values, kind="stable")], np.flatnonzero(empty)))

    def _filtered(self, order: np.ndarray, candidates: np.ndarray | None = None) -> np.ndarray:
        """`order` without the rows the filters hide; `candidates` (rows known to pass a looser text
        search) narrows the text search."""
        if not self.is_filtered():
            return order
        if self.has_first_rows_only():  # the first rows cannot tell what matches among all: nothing yet
            return np.zeros(0, np.int64)
        data = self._data
        keep = np.ones(len(data), bool)
        if self._status is not None:
            code = data.status_values.index(self._status) if self._status in data.status_values else -2
            keep &= data.statuses == code
        if self._municipality is not None:
            code = data.place_values.index(self._municipality) if self._municipality in data.place_values else -2
            keep &= data.places == code
        if self._only is not None:
            chosen = np.zeros(len(data), bool)
            chosen[[data.position_of_id[i] for i in self._only if i in data.position_of_id]] = True
            keep &= chosen
        if self._query:
            if candidates is not None:
                narrowed = np.zeros(len(data), bool)
                narrowed[candidates] = True
                keep &= narrowed
            search, rows = data.search, np.flatnonzero(keep).tolist()
            for word in self._query.split():  # each word narrows the rows the next one looks at
                rows = [i for i in rows if word in search[i]]
            keep[:] = False
            keep[rows] = True
        return order[keep[order]]

    # --- what the view and the page ask ---------------------------------------------------------------

    def total_count(self) -> int:
        return len(self._data) if self._first_rows_of is None else self._first_rows_of

    def loaded_count(self) -> int:
        """Rows in the model: all of them, or while they load the first ones."""
        return len(self._data)

    def is_filtered(self) -> bool:
        return bool(self._query or self._municipality or self._status or self._only is not None)

    def row_at(self, row: int) -> Any:
        return self._data.rows[self._visible[row]]

    def row_number_of(self, predicate: Callable[[Any], bool]) -> int:
        """Visible position of the first row matching `predicate`, or -1."""
        rows = self._data.rows
        return next((n for n, i in enumerate(self._visible.tolist()) if predicate(rows[i])), -1)

    def row_number_of_id(self, record_id: int | None) -> int:
        """Visible position of the row with this id, or -1 (keeps a selection through reloads)."""
        position = self._data.position_of_id.get(record_id) if record_id is not None else None
        if position is None:
            return -1
        found = np.flatnonzero(self._visible == position)
        return int(found[0]) if len(found) else -1

    def municipalities(self) -> list[str]:
        return list(self._data.place_values)

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
        # The view asks about eight roles per cell and frame; the ones not answered leave at once.
        if role not in _ROLES or not index.isValid():
            return None
        number = index.row()
        if number >= len(self._visible):
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        row = self._data.rows[self._visible[number]]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole and not column.numeric:
            return column.display(row) or None  # the whole text where the cell elides it
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
    Strings sort and match folded: "Ö" files under "O", case is ignored. Plain ASCII text (most case
    numbers, many names) only needs lower case, which is much quicker."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(map(_fold_word, text.split()))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold_for_search(word)


_DIGITS = re.compile(r"(\d+)")


def sort_text(text: str) -> tuple[str | int, ...]:
    """Folded text whose digit runs compare as numbers: "Ahornweg 6" < "Ahornweg 6a" < "Ahornweg 23".
    split() keeps text at even and numbers at odd positions, so tuples always compare like with like."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(fold(text))))


def _padded(match: re.Match[str]) -> str:
    return "\x01" + match.group().zfill(NUMBER_WIDTH)


NUMBER_WIDTH = 12  # longer digit runs (never in addresses or case numbers) still sort, by text


def natural_key(text: str) -> str:
    """`sort_text` as one string (for NumPy): digit runs padded to a fixed width behind a character that
    sorts before all text, so strings compare exactly as `sort_text` tuples do."""
    return _DIGITS.sub(_padded, fold(text))


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
    number_column("living_area_m2", QT_TRANSLATE_NOOP("FlatTableModel", "Living area"), area, sample="100,5 m²"),
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

    @classmethod
    def search_parts(cls, row: FlatRow) -> tuple[str, ...]:
        return (row.address, row.flat_number, row.postcode, row.municipality, row.landlord)

    @classmethod
    def municipality_of(cls, row: FlatRow) -> str | None:
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

    @classmethod
    def search_parts(cls, row: HouseholdRow) -> tuple[str, ...]:
        return (row.case_number, row.applicant, row.current_accommodation, row.accommodation_municipality or "")

    @classmethod
    def municipality_of(cls, row: HouseholdRow) -> str | None:
        return row.accommodation_municipality
