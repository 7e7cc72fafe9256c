"""Undo and redo of saved edits to flats and households and of placement steps (the window's "Rückgängig: …").

An edit is saved through the core services first (the form must know at once whether it was
accepted); the command pushed afterwards remembers the values before and after and the record's version
after the save. Undo saves the old values again through the same services, *expecting that version*:
if someone else changed the record in between, the core refuses (ConflictError), the caseworker reads
why, and the command leaves the stack instead of overwriting the other person's work. Redo works the
same way in the other direction. Creating a record is not undone (households are withdrawn through their
status); deleting a flat recorded by mistake is, and its undo puts the flat back as it was.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

from matcher.core.db import Database
from matcher.core.enums import PlacementState
from matcher.core.errors import MatcherError
from matcher.core.services import flats as flat_service
from matcher.core.services import households as household_service
from matcher.core.services import placements as placement_service
from matcher.ui.context import AppContext, Entity
from matcher.ui.database_dialogs import show_error
from matcher.ui.labels import label

_record_versions: weakref.WeakKeyDictionary[AppContext, dict[tuple[str, int], int]] = weakref.WeakKeyDictionary()


def record_version(context: AppContext, entity: str, record_id: int, fallback: int) -> int:
    """The version our own last write left on a flat or household: several commands on one record undo in
    a row (each write moves the version on), yet a change by someone else in between is still a conflict."""
    return _record_versions.get(context, {}).get((entity, record_id), fallback)


def remember_record_version(context: AppContext, entity: str, record_id: int, version: int) -> None:
    _record_versions.setdefault(context, {})[(entity, record_id)] = version


class RecordCommand(QUndoCommand):
    """An edit already saved; `undo()`/`redo()` save the other side again, expecting the version our own
    last write left on the record (see `record_version`)."""

    ENTITY = Entity.FLAT

    def __init__(self, context: AppContext, text: str, record_id: int, version: int) -> None:
        super().__init__(text)
        self.context = context
        self.record_id = record_id
        self.version = version
        self._saved = True  # QUndoStack.push() calls redo(): the first time, the form saved already
        remember_record_version(context, self.ENTITY, record_id, version)

    def redo(self) -> None:
        if self._saved:
            self._saved = False
            return
        self._apply(after=True)

    def undo(self) -> None:
        self._apply(after=False)

    def _apply(self, after: bool) -> None:
        self.version = record_version(self.context, self.ENTITY, self.record_id, self.version)
        try:
            self.version = self.save(self.context.db, after)
        except MatcherError as exc:
            self.setObsolete(True)  # the stack drops a command it cannot carry out
            title = QCoreApplication.translate("RecordCommand", "The change cannot be undone")
            if after:
                title = QCoreApplication.translate("RecordCommand", "The change cannot be redone")
            show_error(QApplication.activeWindow(), title, str(exc))
        finally:
            remember_record_version(self.context, self.ENTITY, self.record_id, self.version)
        self.context.notify_changed(self.ENTITY)

    def save(self, db: Database, after: bool) -> int:
        """Save the values after (redo) or before (undo) the edit; return the new version."""
        raise NotImplementedError


class EditFlatCommand(RecordCommand):
    ENTITY = Entity.FLAT

    def __init__(
        self,
        context: AppContext,
        flat_id: int,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        version: int,
        name: str,
    ) -> None:
        text = QCoreApplication.translate("EditFlatCommand", "Edit flat %1").replace("%1", name)
        super().__init__(context, text, flat_id, version)
        self.before, self.after = dict(before), dict(after)

    def save(self, db: Database, after: bool) -> int:
        values = self.after if after else self.before
        flat = flat_service.update_flat(db, self.record_id, values, expected_version=self.version)
        return flat.version


class DeleteFlatCommand(RecordCommand):
    """A flat deleted through the core (the page deleted it before pushing this); undo puts it back as it
    was with `restore_flat` (its number when still free, fields, version, distances, status history and the
    households' exclusions), redo deletes it again, expecting the version it came back with."""

    ENTITY = Entity.FLAT

    def __init__(self, context: AppContext, snapshot: flat_service.FlatSnapshot, name: str) -> None:
        text = QCoreApplication.translate("DeleteFlatCommand", "Delete flat %1").replace("%1", name)
        super().__init__(context, text, snapshot.flat_id, snapshot.version)
        self.snapshot = snapshot

    def save(self, db: Database, after: bool) -> int:
        if after:
            self.snapshot = flat_service.delete_flat(db, self.record_id, expected_version=self.version)
            return self.snapshot.version
        flat = flat_service.restore_flat(db, self.snapshot)
        assert flat.id is not None
        self.record_id = flat.id  # a new number when the old one was given away meanwhile
        return flat.version


# --------------------------------------------------------------------------------------------------
# Households: own fields, status, members and place wishes are saved by separate services
# --------------------------------------------------------------------------------------------------

STATUS_FIELDS = ("status", "parked_until")


@dataclass(frozen=True)
class HouseholdState:
    """What the household form edits, as plain values: enough to save it and to restore it."""

    fields: dict[str, Any]  # HouseholdBase fields without status and parked_until
    status: str
    parked_until: date | None
    members: tuple[dict[str, Any], ...]
    wishes: tuple[tuple[str, str], ...]
    barred: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, detail: household_service.HouseholdDetail) -> HouseholdState:
        h = detail.household
        names = [n for n in household_service.M.HouseholdBase.model_fields if n not in STATUS_FIELDS]
        member_fields = [n for n in household_service.M.MemberBase.model_fields if n != "position"]
        return cls(
            fields={name: getattr(h, name) for name in names},
            status=str(h.status),
            parked_until=h.parked_until,
            members=tuple({name: getattr(m, name) for name in member_fields} for m in detail.members),
            wishes=tuple((w.ags, str(w.kind)) for w in detail.wishes),
            barred=tuple(detail.barred_ags),
        )


@dataclass
class SavedHousehold:
    """The household as the database has it, advanced step by step while a change is saved: when a later
    step fails, the earlier ones are saved and known, so trying again sends only what is left."""

    household_id: int
    state: HouseholdState
    version: int


def save_household(db: Database, saved: SavedHousehold, target: HouseholdState) -> None:
    """Bring the household from `saved.state` to `target` with the services each part needs."""
    hid = saved.household_id
    changes = {k: v for k, v in target.fields.items() if saved.state.fields.get(k) != v}
    if changes:
        saved.version = household_service.update_household(db, hid, changes, expected_version=saved.version).version
        saved.state = replace(saved.state, fields={**saved.state.fields, **changes})
    if target.members != saved.state.members:
        detail = household_service.replace_members(db, hid, target.members, expected_version=saved.version)
        saved.version, saved.state = detail.household.version, replace(saved.state, members=target.members)
    if target.wishes != saved.state.wishes:
        detail = household_service.set_wishes(db, hid, target.wishes, expected_version=saved.version)
        saved.version, saved.state = detail.household.version, replace(saved.state, wishes=target.wishes)
    if (target.status, target.parked_until) != (saved.state.status, saved.state.parked_until):
        household = household_service.set_household_status(
            db, hid, target.status, parked_until=target.parked_until, expected_version=saved.version
        )
        saved.version = household.version
        saved.state = replace(saved.state, status=target.status, parked_until=target.parked_until)


class EditHouseholdCommand(RecordCommand):
    ENTITY = Entity.HOUSEHOLD

    def __init__(
        self,
        context: AppContext,
        household_id: int,
        before: HouseholdState,
        after: HouseholdState,
        version: int,
        name: str,
    ) -> None:
        text = QCoreApplication.translate("EditHouseholdCommand", "Edit household %1").replace("%1", name)
        super().__init__(context, text, household_id, version)
        self.before, self.after = before, after

    def save(self, db: Database, after: bool) -> int:
        current, target = (self.before, self.after) if after else (self.after, self.before)
        saved = SavedHousehold(self.record_id, current, self.version)
        try:
            save_household(db, saved, target)
        finally:
            self.version = saved.version  # a part saved before a later part failed still counts
        return saved.version


# --------------------------------------------------------------------------------------------------
# Placements: a workflow step is taken back by the core (a reversal event), and taken again by `advance`
# --------------------------------------------------------------------------------------------------


_placement_versions: weakref.WeakKeyDictionary[AppContext, dict[int, int]] = weakref.WeakKeyDictionary()


def placement_version(context: AppContext, placement_id: int, fallback: int) -> int:
    """The version our own last write left on a placement: several commands on one placement undo in a row
    (each write moves the version on), yet a change by someone else in between still counts as a conflict."""
    return _placement_versions.get(context, {}).get(placement_id, fallback)


def remember_placement_version(context: AppContext, placement_id: int, version: int) -> None:
    _placement_versions.setdefault(context, {})[placement_id] = version


class PlacementStepCommand(QUndoCommand):
    """A step of a placement already taken; undo takes it back (`revert_step`: the values before the step
    come back, lease data and a household's parking included), redo takes it again (`redo_step`: the core
    sets the values the step had set). Both expect the placement's version after our last write, so a step
    someone else took in between is not overwritten: the core refuses, the caseworker reads why, the
    command leaves the stack."""

    def __init__(
        self,
        context: AppContext,
        placement_id: int,
        step: PlacementState,
        values: Mapping[str, Any],
        version: int,
        on_done: Callable[[int, str, bool], None] | None = None,
    ) -> None:
        text = QCoreApplication.translate("PlacementStepCommand", "Step %1 of placement %2")
        super().__init__(text.replace("%1", label(step)).replace("%2", str(placement_id)))
        self.context = context
        self.placement_id = placement_id
        self.step = step
        self.values = dict(values)  # what the dialog gave advance(); redo needs none: the core kept the step's values
        self.version = version
        self._on_done = on_done  # (placement id, message, is it an error): a page shows it; else a message box
        self._taken = True  # pushed after the step: the stack's first redo() has nothing to do
        remember_placement_version(context, placement_id, version)

    def redo(self) -> None:
        if self._taken:
            self._taken = False
            return
        self._apply(forward=True)

    def undo(self) -> None:
        self._apply(forward=False)

    def _apply(self, forward: bool) -> None:
        db = self.context.db
        version = placement_version(self.context, self.placement_id, self.version)
        try:
            if forward:
                placement = placement_service.redo_step(db, self.placement_id, self.step, version)
            else:
                placement = placement_service.revert_step(db, self.placement_id, version)
        except MatcherError as exc:
            self.setObsolete(True)  # the stack drops a command it cannot carry out
            self._done(str(exc), forward, error=True)
            return
        self.version = placement.version
        remember_placement_version(self.context, self.placement_id, placement.version)
        if forward:
            text = QCoreApplication.translate("PlacementStepCommand", "Step %1 of placement %2 taken again.")
        else:
            text = QCoreApplication.translate("PlacementStepCommand", "Step %1 of placement %2 taken back.")
        self._done(text.replace("%1", label(self.step)).replace("%2", str(self.placement_id)), forward, error=False)

    def _done(self, text: str, forward: bool, error: bool) -> None:
        if self._on_done is not None:
            self._on_done(self.placement_id, text, error)
            return
        for entity in (Entity.PLACEMENT, Entity.FLAT, Entity.HOUSEHOLD):
            self.context.notify_changed(entity)
        if error:
            title = QCoreApplication.translate("PlacementStepCommand", "The step cannot be undone")
            if forward:
                title = QCoreApplication.translate("PlacementStepCommand", "The step cannot be taken again")
            show_error(QApplication.activeWindow(), title, text)
