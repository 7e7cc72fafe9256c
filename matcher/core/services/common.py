"""Helpers shared by the services: loading by id, optimistic locking, copying validated input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session, SQLModel

from matcher.core.errors import ConflictError, NotFound
from matcher.core.models import utcnow

RowT = TypeVar("RowT", bound=SQLModel)


def get_or_fail(session: Session, table: type[RowT], row_id: Any, what: str) -> RowT:
    """Load a row or raise NotFound with a German message ('Wohnung 12 gibt es nicht (mehr).')."""
    row = session.get(table, row_id)
    if row is None:
        raise NotFound(f"{what} {row_id} gibt es nicht (mehr). Bitte laden Sie die Liste neu.")
    return row


def check_version(row: Any, expected_version: int | None, what: str) -> None:
    """Refuse to overwrite a record someone else saved since the caller loaded it."""
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"{what} wurde inzwischen von einer anderen Person geändert. Ihre Eingaben sind noch da: "
            "Bitte laden Sie den Datensatz neu und übertragen Sie Ihre Änderungen."
        )


def apply(row: SQLModel, validated: BaseModel, fields: set[str] | None = None) -> None:
    """Copy validated values onto a table row and stamp `updated_at` when the row has one."""
    for name, value in validated.model_dump(include=fields).items():
        setattr(row, name, value)
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()


def merged(current: BaseModel, changes: Mapping[str, Any], base: type[BaseModel]) -> dict[str, Any]:
    """Current values of the editable fields overlaid with the caller's changes (for partial updates)."""
    data = {name: getattr(current, name) for name in base.model_fields}
    data.update(changes)
    return data
