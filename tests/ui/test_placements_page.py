"""The Vorgänge area on a real database: step buttons walk a placement from the offer to the move-in, a
refusal needs its reason, errors appear at the field with the input kept, lease data edits and steps can be undone."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from sqlmodel import select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.enums import DeclineReason, FlatStatus, HouseholdStatus
from matcher.core.enums import PlacementState as S
from matcher.core.services import placement_views, placements
from matcher.ui.context import AppContext, Entity
from matcher.ui.placement_models import PlacementTableModel, list_rows
from matcher.ui.placements_page import PlacementsPage, StepDialog

TODAY = date(2026, 11, 25)
START = date(2027, 2, 1)
VIEWING = datetime(2026, 12, 3, 14, 30)


@pytest.fixture
def demo_db(db: Database) -> Database:
    create_demo(db, households=40, seed=1, today=TODAY)
    return db


@pytest.fixture
def page(qtbot, demo_db, language) -> PlacementsPage:
    widget = PlacementsPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    widget.activate()
    return widget


def fresh_placement(db: Database) -> int:
    """A new placement for a waiting household and a free flat of a private landlord (a plain lease)."""
    with db.read_session() as session:
        household = session.exec(
            select(M.Household.id).where(M.Household.status == HouseholdStatus.WAITING).order_by(M.Household.id)
        ).first()
        flat = session.exec(
            select(M.Flat.id)
            .join(M.Landlord, M.Landlord.id == M.Flat.landlord_id)
            .where(M.Flat.status == FlatStatus.AVAILABLE, M.Landlord.kind == "private")
            .order_by(M.Flat.id)
        ).first()
    assert household is not None and flat is not None
    return placements.propose(db, household, flat).id


def click_step(qtbot, page: PlacementsPage, step: S) -> StepDialog:
    button = page.step_buttons[step]
    qtbot.waitUntil(button.isVisible)  # a widget added to a shown layout appears with the next event loop turn
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.step_dialog
    assert dialog is not None and dialog.isVisible() and dialog.step == step
    return dialog


def confirm(qtbot, dialog: StepDialog) -> None:
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)


def state_and_events(db: Database, placement_id: int) -> tuple[str, list[tuple[str | None, str]]]:
    detail = placement_views.placement_detail(db, placement_id)
    events = [(e.from_state, e.to_state) for e in placement_views.timeline(db, placement_id)]
    return detail.state, events


def test_walk_a_placement_from_offer_to_move_in_with_the_step_buttons(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    page.reload()
    page.show_record(pid)
    assert page.detail is not None and page.detail.id == pid
    assert set(page.step_buttons) == {S.OFFERED, S.CANCELLED}

    dialog = click_step(qtbot, page, S.OFFERED)
    qtbot.keyClicks(dialog.note, "Angebot am Telefon")
    confirm(qtbot, dialog)
    assert not dialog.isVisible()
    state, events = state_and_events(demo_db, pid)
    assert state == "offered" and events[-1] == ("proposed", "offered")
    assert placement_views.timeline(demo_db, pid)[-1].note == "Angebot am Telefon"
    assert set(page.step_buttons) == {S.VIEWING, S.DECLINED, S.CANCELLED}

    dialog = click_step(qtbot, page, S.VIEWING)
    assert dialog.viewing_at is not None
    dialog.viewing_at.setDateTime(QDateTime(QDate(2026, 12, 3), QTime(14, 30)))
    confirm(qtbot, dialog)
    detail = placement_views.placement_detail(demo_db, pid)
    assert detail.state == "viewing"
    assert detail.viewing_at is not None and detail.viewing_at.astimezone().strftime("%d.%m.%Y %H:%M") == (
        "03.12.2026 14:30"
    )
    assert page.timeline.topLevelItemCount() == 3

    confirm(qtbot, click_step(qtbot, page, S.ACCEPTED))
    assert state_and_events(demo_db, pid)[0] == "accepted"
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, detail.flat_id)
        assert flat is not None and flat.status == FlatStatus.RESERVED

    # Drafting the lease without a start: the message appears at the field, nothing changes, input stays.
    dialog = click_step(qtbot, page, S.LEASE_DRAFTED)
    assert dialog.lease is not None
    qtbot.keyClicks(dialog.note, "Entwurf an den Vermieter")
    confirm(qtbot, dialog)
    assert dialog.isVisible(), dialog.problem.text()
    assert dialog.lease.message("lease_start") == "Fehlt: Bitte tragen Sie den Mietbeginn ein."
    assert state_and_events(demo_db, pid)[0] == "accepted"
    assert dialog.note.toPlainText() == "Entwurf an den Vermieter"
    dialog.lease.lease_start.set_value(START)
    dialog.lease.planned_move_in.set_value(START)
    assert dialog.lease.message("lease_start") == ""
    confirm(qtbot, dialog)
    assert not dialog.isVisible()
    detail = placement_views.placement_detail(demo_db, pid)
    assert (detail.state, detail.lease_start, detail.planned_move_in) == ("lease_drafted", START, START)

    confirm(qtbot, click_step(qtbot, page, S.SIGNED))
    assert state_and_events(demo_db, pid)[0] == "signed"

    dialog = click_step(qtbot, page, S.MOVED_IN)
    assert dialog.planned_move_in is not None and dialog.planned_move_in.value() == START
    confirm(qtbot, dialog)
    state, events = state_and_events(demo_db, pid)
    assert state == "moved_in"
    assert events == [
        (None, "proposed"),
        ("proposed", "offered"),
        ("offered", "viewing"),
        ("viewing", "accepted"),
        ("accepted", "lease_drafted"),
        ("lease_drafted", "signed"),
        ("signed", "moved_in"),
    ]
    with demo_db.read_session() as session:
        assert session.get(M.Flat, detail.flat_id).status == FlatStatus.LET
        assert session.get(M.Household, detail.household_id).status == HouseholdStatus.HOUSED
    assert page.step_buttons == {}
    assert page.no_steps.isVisible() and "abgeschlossen" in page.no_steps.text()
    assert page.timeline.topLevelItemCount() == 7


def test_a_refusal_needs_its_reason(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    placements.advance(demo_db, pid, S.OFFERED)
    page.reload()
    page.show_record(pid)
    dialog = click_step(qtbot, page, S.DECLINED)
    confirm(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.fields.message("decline_reason") == "Bitte wählen Sie den Grund der Absage."
    assert placement_views.placement_detail(demo_db, pid).state == "offered"
    assert dialog.decline_reason is not None
    dialog.decline_reason.setCurrentIndex(dialog.decline_reason.findData(DeclineReason.TOO_FAR.value))
    confirm(qtbot, dialog)
    detail = placement_views.placement_detail(demo_db, pid)
    assert (detail.state, detail.decline_reason) == ("declined", "too_far")
    with demo_db.read_session() as session:
        assert session.get(M.Household, detail.household_id).status == HouseholdStatus.WAITING
    assert "zu weit entfernt" in page.facts_box.findChildren(type(page.title))[-1].text()


def test_a_step_someone_else_took_meanwhile_is_refused_and_the_page_catches_up(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    page.reload()
    page.show_record(pid)
    dialog = click_step(qtbot, page, S.OFFERED)
    placements.advance(demo_db, pid, S.CANCELLED, note="am Telefon abgebrochen")  # another caseworker
    confirm(qtbot, dialog)
    assert dialog.isVisible()
    assert "inzwischen von einer anderen Person geändert" in dialog.problem.text()
    assert placement_views.placement_detail(demo_db, pid).state == "cancelled"
    assert page.detail is not None and page.detail.state == "cancelled"


def test_lease_data_edit_is_checked_at_the_field_and_can_be_undone(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    page.reload()
    page.show_record(pid)
    qtbot.mouseClick(page.edit_lease, Qt.MouseButton.LeftButton)
    dialog = page.lease_dialog
    assert dialog is not None
    form = dialog.form
    form.lease_start.set_value(START)
    form.fixed_term_end.set_value(date(2029, 1, 31))
    assert "§ 575" in form.message("fixed_term_reason")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert placement_views.placement_detail(demo_db, pid).lease_start is None
    form.fixed_term_reason.setPlainText("Eigenbedarf: Die Tochter des Vermieters zieht nach dem Studium ein.")
    assert form.message("fixed_term_reason") == ""
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    detail = placement_views.placement_detail(demo_db, pid)
    assert (detail.lease_start, detail.fixed_term_end) == (START, date(2029, 1, 31))
    stack = page.context.undo_stack
    assert stack.canUndo() and str(pid) in stack.undoText()
    stack.undo()
    detail = placement_views.placement_detail(demo_db, pid)
    assert (detail.lease_start, detail.fixed_term_end, detail.fixed_term_reason) == (None, None, "")
    stack.redo()
    assert placement_views.placement_detail(demo_db, pid).fixed_term_end == date(2029, 1, 31)


def test_producing_a_document_archives_it_and_asks_for_the_documents_area(qtbot, page, demo_db):
    pid = next(r.id for r in placement_views_rows(demo_db) if r.state == "lease_drafted" and r.lease_kind == "lease")
    page.show_record(pid)
    assert page.kind.currentData() == "lease"
    with qtbot.waitSignal(page.context.record_requested, timeout=20_000) as requested:
        qtbot.mouseClick(page.produce, Qt.MouseButton.LeftButton)
    entity, document_id = requested.args
    assert entity == Entity.DOCUMENT
    rows = placement_views.document_rows(demo_db, pid)
    assert [r.id for r in rows] == [document_id] and rows[0].kind == "lease"
    assert page.documents.topLevelItemCount() == 1


def test_a_refused_document_shows_the_german_reason_and_stores_nothing(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)  # no lease start yet: a contract cannot print
    page.reload()
    page.show_record(pid)
    qtbot.mouseClick(page.produce, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.isVisible() and "Mietbeginn" in page.message.text(), timeout=20_000)
    assert placement_views.document_rows(demo_db, pid) == []


def test_state_filter_and_search(page, demo_db):
    page.state.setCurrentIndex(page.state.findData("moved_in"))
    assert page.model.rowCount() > 0
    assert {page.model.row_at(n).state for n in range(page.model.rowCount())} == {"moved_in"}
    first = page.model.row_at(0)
    page.state.setCurrentIndex(0)
    page.search.setText(first.case_number)
    assert first.id in {page.model.row_at(n).id for n in range(page.model.rowCount())}


def test_placement_model_passes_the_model_tester(qtmodeltester, demo_db):
    model = PlacementTableModel()
    model.set_rows(list_rows(placement_views_rows(demo_db)))
    qtmodeltester.check(model)


def placement_views_rows(db: Database):
    from matcher.core.services.queries import placement_rows

    return placement_rows(db)


def test_undo_of_lease_data_refuses_when_someone_changed_them_since(qtbot, page, demo_db):
    from matcher.core.services import placement_lease

    pid = fresh_placement(demo_db)
    page.reload()
    page.show_record(pid)
    qtbot.mouseClick(page.edit_lease, Qt.MouseButton.LeftButton)
    dialog = page.lease_dialog
    dialog.form.lease_start.set_value(START)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    placement_lease.update_lease_data(demo_db, pid, {"lease_start": date(2027, 3, 1)})  # another caseworker
    page.context.undo_stack.undo()
    assert placement_views.placement_detail(demo_db, pid).lease_start == date(2027, 3, 1)
    assert "inzwischen von einer anderen Person geändert" in page.message.text()


def statuses(db: Database, placement_id: int) -> tuple[str, str, str]:
    detail = placement_views.placement_detail(db, placement_id)
    with db.read_session() as session:
        household = session.get(M.Household, detail.household_id)
        flat = session.get(M.Flat, detail.flat_id)
        assert household is not None and flat is not None
        return detail.state, household.status, flat.status


def test_a_step_can_be_undone_and_redone(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    placements.advance(demo_db, pid, S.OFFERED)
    placements.advance(demo_db, pid, S.VIEWING, viewing_at=VIEWING)
    page.reload()
    page.show_record(pid)
    stack = page.context.undo_stack
    dialog = click_step(qtbot, page, S.ACCEPTED)
    dialog.planned_move_in.set_value(START)
    confirm(qtbot, dialog)
    assert statuses(demo_db, pid) == ("accepted", "offered", "reserved")
    assert stack.count() == 1 and str(pid) in stack.undoText()
    assert len(placement_views.timeline(demo_db, pid)) == 4  # the push did not take the step twice

    stack.undo()
    assert statuses(demo_db, pid) == ("viewing", "offered", "available")
    events = state_and_events(demo_db, pid)[1]
    assert events[-2:] == [("viewing", "accepted"), ("accepted", "viewing")]
    assert placement_views.timeline(demo_db, pid)[-1].note.startswith("Rückgängig: ")
    assert page.detail is not None and page.detail.state == "viewing"
    assert set(page.step_buttons) == {S.ACCEPTED, S.DECLINED, S.CANCELLED}
    assert page.message.text() == f"Schritt „Zusage“ der Vermittlung {pid} zurückgenommen."

    stack.redo()
    assert statuses(demo_db, pid) == ("accepted", "offered", "reserved")
    assert placement_views.placement_detail(demo_db, pid).planned_move_in == START
    assert state_and_events(demo_db, pid)[1][-1] == ("viewing", "accepted")
    assert page.detail.state == "accepted"


def test_undoing_a_move_in_and_the_lease_draft_step_by_step(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    for state in (S.OFFERED, S.VIEWING, S.ACCEPTED, S.LEASE_DRAFTED):
        placements.advance(demo_db, pid, state, viewing_at=(VIEWING if state == S.VIEWING else None))
    page.reload()
    page.show_record(pid)
    confirm(qtbot, click_step(qtbot, page, S.SIGNED))
    confirm(qtbot, click_step(qtbot, page, S.MOVED_IN))
    assert statuses(demo_db, pid) == ("moved_in", "housed", "let")
    stack = page.context.undo_stack
    stack.undo()
    assert statuses(demo_db, pid) == ("signed", "offered", "reserved")
    stack.undo()
    assert statuses(demo_db, pid) == ("lease_drafted", "offered", "reserved")
    assert not stack.canUndo()


def test_undo_of_a_step_refuses_when_someone_took_another_step_since(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    page.reload()
    page.show_record(pid)
    confirm(qtbot, click_step(qtbot, page, S.OFFERED))
    placements.advance(demo_db, pid, S.CANCELLED)  # another caseworker
    page.context.undo_stack.undo()
    assert statuses(demo_db, pid)[0] == "cancelled"
    assert "inzwischen von einer anderen Person geändert" in page.message.text()
    assert page.detail is not None and page.detail.state == "cancelled"
    assert page.context.undo_stack.count() == 0  # the obsolete command left the stack


def test_lease_edits_and_steps_on_one_placement_undo_in_a_row(qtbot, page, demo_db):
    pid = fresh_placement(demo_db)
    page.reload()
    page.show_record(pid)
    confirm(qtbot, click_step(qtbot, page, S.OFFERED))
    for start in (START, date(2027, 3, 1)):
        qtbot.mouseClick(page.edit_lease, Qt.MouseButton.LeftButton)
        page.lease_dialog.form.lease_start.set_value(start)
        qtbot.mouseClick(page.lease_dialog.save, Qt.MouseButton.LeftButton)
    stack = page.context.undo_stack
    assert stack.count() == 3
    stack.undo()
    assert placement_views.placement_detail(demo_db, pid).lease_start == START
    stack.undo()
    assert placement_views.placement_detail(demo_db, pid).lease_start is None
    stack.undo()
    assert statuses(demo_db, pid)[:2] == ("proposed", "waiting")
    assert page.message.text() == "" or "inzwischen" not in page.message.text()
    stack.redo()
    stack.redo()
    assert statuses(demo_db, pid)[0] == "offered"
    assert placement_views.placement_detail(demo_db, pid).lease_start == START
