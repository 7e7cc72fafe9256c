"""Undo and redo of form edits through the window-wide undo stack, checked in the database, including
an edit someone else made in between (optimistic locking: undo then refuses and says why)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from matcher.core import models as M
from matcher.core.services import flats as flat_service
from matcher.core.services import households as household_service
from matcher.ui.context import AppContext
from matcher.ui.flat_form import FlatForm
from matcher.ui.household_form import GIVEN, HouseholdForm


@pytest.fixture
def context(sample_db, qapp) -> AppContext:
    return AppContext(sample_db)


def flat_id_of(db, street: str) -> int:
    with db.read_session() as session:
        return session.exec(select(M.Flat.id).where(M.Flat.street == street)).one()


def edit_flat(qtbot, context, flat_id: int, euros: float) -> None:
    form = FlatForm(context, flat_id)
    qtbot.addWidget(form)
    form.show()
    form.fields.widgets["net_rent_cents"].setValue(euros)
    form.tabs.setCurrentIndex(1)
    qtbot.mouseClick(form.fields.widgets["elevator"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.banner.text()


def test_a_flat_edit_is_undone_and_redone_in_the_database(qtbot, context, sample_db, language):
    flat_id = flat_id_of(sample_db, "Am Markt")
    before = flat_service.get_flat(sample_db, flat_id)
    edit_flat(qtbot, context, flat_id, 365.50)
    stack = context.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Wohnung Am Markt 3 bearbeiten"
    assert flat_service.get_flat(sample_db, flat_id).net_rent_cents == 36_550
    with qtbot.waitSignal(context.data_changed):  # the lists hear of it and reload
        stack.undo()
    undone = flat_service.get_flat(sample_db, flat_id)
    assert (undone.net_rent_cents, undone.elevator) == (before.net_rent_cents, before.elevator)
    stack.redo()
    redone = flat_service.get_flat(sample_db, flat_id)
    assert (redone.net_rent_cents, redone.elevator) == (36_550, not before.elevator)
    stack.undo()
    assert flat_service.get_flat(sample_db, flat_id).net_rent_cents == before.net_rent_cents


def test_undo_does_not_overwrite_what_someone_else_saved_meanwhile(qtbot, context, sample_db, language, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)
    flat_id = flat_id_of(sample_db, "Am Markt")
    edit_flat(qtbot, context, flat_id, 365.50)
    other = flat_service.get_flat(sample_db, flat_id)
    flat_service.update_flat(sample_db, flat_id, {"net_rent_cents": 37_000}, expected_version=other.version)
    context.undo_stack.undo()
    assert flat_service.get_flat(sample_db, flat_id).net_rent_cents == 37_000  # the other person's value stays
    assert len(shown) == 1
    assert shown[0][0] == "Die Änderung kann nicht rückgängig gemacht werden"
    assert "von einer anderen Person geändert" in shown[0][1]
    assert context.undo_stack.count() == 0  # the command that cannot be carried out is gone


def test_a_household_edit_is_undone_with_its_people(qtbot, context, sample_db, language):
    with sample_db.read_session() as session:
        household_id = session.exec(select(M.Household.id).where(M.Household.case_number == "50.2-2026-0005")).one()
    before = household_service.get_household_detail(sample_db, household_id)
    form = HouseholdForm(context, household_id)
    qtbot.addWidget(form)
    form.show()
    form.members.item(1, GIVEN).setText("Kind Eins")
    form.fields.widgets["phone"].setText("05931 44-0")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.banner.text()
    edited = household_service.get_household_detail(sample_db, household_id)
    assert (edited.members[1].given_name, edited.household.phone) == ("Kind Eins", "05931 44-0")
    assert context.undo_stack.undoText() == "Haushalt 50.2-2026-0005 bearbeiten"
    context.undo_stack.undo()
    undone = household_service.get_household_detail(sample_db, household_id)
    assert [m.given_name for m in undone.members] == [m.given_name for m in before.members]
    assert undone.household.phone == before.household.phone
    context.undo_stack.redo()
    assert household_service.get_household_detail(sample_db, household_id).members[1].given_name == "Kind Eins"
