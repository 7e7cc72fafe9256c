"""Table models of the Vorgänge and Dokumente areas: placements and archived documents.

Both build on `RowTableModel` (sorting and filtering in Python over the loaded rows). Their status
filter is the placement's state and the document's kind, which those rows call differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from matcher.core.enums import DocumentKind, LeaseKind, PlacementState
from matcher.core.formatting import day as format_day
from matcher.core.services.placement_views import DocumentRow
from matcher.core.services.queries import PlacementRow
from matcher.ui.table_models import Column, RowTableModel, date_column, enum_column, number_column, text_column


def local_time(value: Any) -> str:
    """A UTC timestamp as the caseworker's local date and time, "24.11.2026 09:41"."""
    if value is None:
        return ""
    local = value.astimezone()
    return f"{format_day(local.date())} {local:%H:%M}"


def _number(key: str, title: str) -> Column:
    return number_column(key, title, sample="00000")


def timestamp_column(key: str, title: str) -> Column:
    get = attrgetter(key)
    return Column(key, title, lambda r: local_time(get(r)), get, width=16, sample="00.00.0000 00:00")


PLACEMENT_COLUMNS = (
    _number("id", QT_TRANSLATE_NOOP("PlacementTableModel", "No.")),
    enum_column("state", QT_TRANSLATE_NOOP("PlacementTableModel", "State"), PlacementState),
    text_column("case_number", QT_TRANSLATE_NOOP("PlacementTableModel", "Case number"), sample="50.3-00000/0000"),
    text_column("flat_address", QT_TRANSLATE_NOOP("PlacementTableModel", "Flat"), width=21),
    text_column("municipality", QT_TRANSLATE_NOOP("PlacementTableModel", "Municipality"), width=12),
    enum_column("lease_kind", QT_TRANSLATE_NOOP("PlacementTableModel", "Contract"), LeaseKind),
    date_column("planned_move_in", QT_TRANSLATE_NOOP("PlacementTableModel", "Move-in")),
    timestamp_column("updated_at", QT_TRANSLATE_NOOP("PlacementTableModel", "Last step")),
)


@dataclass(frozen=True, slots=True)
class PlacementListRow(PlacementRow):
    """A placement row as the list shows it: its state is the status the list filters by."""

    @property
    def status(self) -> str:
        return self.state


def list_rows(rows: Sequence[PlacementRow]) -> list[PlacementListRow]:
    return [PlacementListRow(*astuple(row)) for row in rows]


class PlacementTableModel(RowTableModel):
    """Placements; give it `list_rows(queries.placement_rows(db))`."""

    CONTEXT = "PlacementTableModel"
    COLUMNS = PLACEMENT_COLUMNS
    STATUS_ENUM = PlacementState

    @classmethod
    def search_parts(cls, row: PlacementRow) -> tuple[str, ...]:
        return (str(row.id), row.case_number, row.flat_address, row.municipality)

    @classmethod
    def municipality_of(cls, row: PlacementRow) -> str | None:
        return row.municipality


DOCUMENT_COLUMNS = (
    _number("id", QT_TRANSLATE_NOOP("DocumentTableModel", "No.")),
    enum_column("kind", QT_TRANSLATE_NOOP("DocumentTableModel", "Document"), DocumentKind),
    Column(
        "placement_id",
        QT_TRANSLATE_NOOP("DocumentTableModel", "Placement"),
        lambda r: "" if r.placement_id is None else str(r.placement_id),
        attrgetter("placement_id"),
        numeric=True,
        width=5,
        sample="00000",
    ),
    text_column("case_number", QT_TRANSLATE_NOOP("DocumentTableModel", "Case number"), sample="50.3-00000/0000"),
    timestamp_column("created_at", QT_TRANSLATE_NOOP("DocumentTableModel", "Printed")),
    text_column("created_by", QT_TRANSLATE_NOOP("DocumentTableModel", "By"), width=10),
)


class DocumentTableModel(RowTableModel):
    """Archived documents (`placement_views.document_rows`); the status filter is the kind of document."""

    CONTEXT = "DocumentTableModel"
    COLUMNS = DOCUMENT_COLUMNS
    STATUS_ENUM = DocumentKind

    @classmethod
    def search_parts(cls, row: DocumentRow) -> tuple[str, ...]:
        return (str(row.id), str(row.placement_id or ""), row.case_number, row.flat_address, row.file_name)

    @classmethod
    def municipality_of(cls, row: DocumentRow) -> str | None:
        return None
