"""What every page of the window shares: the open database, the undo stack, and the news that data
changed.

Pages get an `AppContext` instead of the database itself, because the caseworker can switch databases
while the window is open: `context.db` is always the one in use, and `database_switched` tells a page
to forget what it loaded. After a page saved something through a core service it calls
`context.notify_changed(Entity.FLAT)` so the other pages reload what they show of it.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from matcher.core.db import Database


class Entity(StrEnum):
    """What changed; pages listen for the kinds they show."""

    FLAT = "flat"
    HOUSEHOLD = "household"
    LANDLORD = "landlord"
    PLACEMENT = "placement"
    DOCUMENT = "document"
    SETTINGS = "settings"


class AppContext(QObject):
    """The open database, the window-wide undo stack and change notifications (UI thread only)."""

    data_changed = Signal(str)  # an Entity value
    database_switched = Signal()
    # Ask the window to show one record in its area: (Entity value, id). E.g. after accepting a proposal
    # the matching page asks for the new placement; the window switches area and calls the page's
    # `show_record(id)`.
    record_requested = Signal(str, int)
    # Ask the window to show a list filtered by status: (Entity value, status value), e.g. the overview's
    # "225 households waiting" opens the households list showing the waiting ones.
    list_requested = Signal(str, str)
    # Ask the window to show a list restricted to some records: (Entity value, ids, what they are), e.g.
    # the overview's "3 flats empty at the municipality's cost" opens the flats list showing those three.
    selection_requested = Signal(str, object, str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.undo_stack = QUndoStack(self)

    @property
    def db(self) -> Database:
        return self._db

    @property
    def user(self) -> str:
        return self._db.user

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    def switch_database(self, db: Database) -> Database:
        """Use `db` from now on; returns the previous database (the caller disposes it)."""
        old, self._db = self._db, db
        self.undo_stack.clear()  # undo commands refer to records of the old file
        self.database_switched.emit()
        return old

    def notify_changed(self, entity: Entity | str) -> None:
        self.data_changed.emit(str(entity))

    def request_record(self, entity: Entity | str, record_id: int) -> None:
        self.record_requested.emit(str(entity), record_id)

    def request_list(self, entity: Entity | str, status: str = "") -> None:
        self.list_requested.emit(str(entity), status)

    def request_selection(self, entity: Entity | str, ids: list[int], caption: str) -> None:
        self.selection_requested.emit(str(entity), list(ids), caption)
