"""Data protection in the window (issue 6, with issue 7's core): erase a household (Art. 17), hand out the
information about its data (Art. 15) and anonymise closed cases after the retention period — driven with
qtbot on a real demo database; the folder dialog and the desktop's "open folder" are replaced, nothing else.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind, PlacementState
from matcher.core.services import households, privacy
from matcher.ui import privacy_dialogs
from matcher.ui.context import AppContext
from matcher.ui.households_view import HouseholdsPage
from matcher.ui.privacy_dialogs import SUBJECT_ACCESS_DONE, ErasureDialog, RetentionDialog, open_retention_dialog

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "privacy"
FAR_AHEAD = date.today() + timedelta(days=4000)
REASON = "Antrag vom 12.03.2026"


@pytest.fixture
def demo(db: Database) -> Database:
    create_demo(db, households=40, seed=1)
    return db


def _count(db: Database, table, *where) -> int:  # type: ignore[no-untyped-def]
    with db.read_session() as session:
        return int(session.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def _household_ids(db: Database) -> list[int]:
    with db.read_session() as session:
        return [int(i) for i in session.execute(select(M.Household.id).order_by(M.Household.id)).scalars()]


def _erasable(db: Database, *, with_placements: bool = False) -> privacy.ErasurePreview:
    """A household without open placements; with a moved-in placement and its printed document, if asked."""
    for household_id in _household_ids(db):
        preview = privacy.erasure_preview(db, household_id)
        if preview.open_placements or (with_placements and not preview.placements):
            continue
        if with_placements:
            with db.read_session() as session:
                placement_id = session.execute(
                    select(M.Placement.id).where(
                        M.Placement.household_id == household_id, M.Placement.state == PlacementState.MOVED_IN
                    )
                ).scalar()
            if placement_id is None:
                continue
            archive.produce(db, DocumentKind.REGISTRATION_CONFIRMATION, placement_id)
            preview = privacy.erasure_preview(db, household_id)
            assert preview.documents == 1
        return preview
    raise AssertionError("the demo data has such a household")


def _in_progress(db: Database) -> privacy.ErasurePreview:
    for household_id in _household_ids(db):
        preview = privacy.erasure_preview(db, household_id)
        if preview.open_placements:
            return preview
    raise AssertionError("the demo data has placements in progress")


@pytest.fixture
def page(qtbot, demo: Database, language) -> HouseholdsPage:
    widget = HouseholdsPage(AppContext(demo))
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.activate()
    qtbot.waitUntil(lambda: not widget.loading and widget.model.rowCount() > 0)
    return widget


def _select(page: HouseholdsPage, household_id: int) -> None:
    page.show_record(household_id)
    assert page.current_id() == household_id


def _dialog(qtbot, page: HouseholdsPage, household_id: int) -> ErasureDialog:
    _select(page, household_id)
    page.delete_record()
    dialog = page.erasure_dialog
    assert isinstance(dialog, ErasureDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _shoot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


# --------------------------------------------------------------------------------------------------
# Erasure (Art. 17)
# --------------------------------------------------------------------------------------------------


def test_erasing_through_the_dialog_removes_the_household_everywhere(qtbot, page, demo):
    preview = _erasable(demo, with_placements=True)
    household_id = preview.household_id
    page.context.undo_stack.push(QUndoCommand("an earlier edit"))
    dialog = _dialog(qtbot, page, household_id)
    assert preview.case_number in dialog.heading.text() and "endgültig löschen" in dialog.heading.text()
    assert "nicht rückgängig" in dialog.explanation.text()
    assert dialog.undo_note.isVisible()
    _shoot(dialog, "erase-de")

    dialog.reason.setText(REASON)
    qtbot.keyClicks(dialog.confirmation, preview.case_number)
    assert dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.erasure is not None, timeout=10_000)

    assert _count(demo, M.Household, M.Household.id == household_id) == 0
    assert _count(demo, M.Member, M.Member.household_id == household_id) == 0
    assert _count(demo, M.Placement, M.Placement.household_id == household_id) == 0
    with demo.read_session() as session:
        entry = session.execute(
            select(M.AuditEntry).where(M.AuditEntry.action == "erase", M.AuditEntry.entity_id == str(household_id))
        ).scalar_one()
    assert "Art. 17" in entry.description and REASON in entry.description
    assert preview.case_number not in entry.description
    assert page.context.undo_stack.count() == 0
    assert "gelöscht" in dialog.heading.text() and dialog.close_button.isVisible()
    assert dialog.outcome.text() == "Aus der Datenbank gelöscht:"
    assert dialog.count_values["documents"].text() == "1" and dialog.count_values["placements"].text() == "1"
    assert dialog.file_note.text() == "Die Daten sind auch aus der Datenbankdatei entfernt."
    assert not dialog.erase_button.isVisible()
    qtbot.waitUntil(lambda: not page.loading and page.model.row_number_of_id(household_id) < 0)
    assert page.model.total_count() == len(_household_ids(demo))
    qtbot.waitUntil(lambda: dialog.close_button.height() > 0)  # laid out anew
    _shoot(dialog, "erase-done-de")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_erase_button_waits_for_the_case_number_and_enter_never_erases(qtbot, page, demo):
    preview = _erasable(demo)
    dialog = _dialog(qtbot, page, preview.household_id)
    assert not dialog.undo_note.isVisible()  # nothing to undo: nothing said about it
    assert not dialog.erase_button.isEnabled()
    dialog.reason.setText(REASON)
    qtbot.keyClicks(dialog.confirmation, preview.case_number[:-1])
    assert not dialog.erase_button.isEnabled()
    assert "Aktenzeichen" in dialog.erase_button.toolTip()
    qtbot.keyClicks(dialog.confirmation, preview.case_number[-1])
    assert dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert dialog.isVisible() and dialog.task is None and dialog.erasure is None
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1
    dialog.confirmation.setText("50.2-0000-9999")
    assert not dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1


def test_reason_missing_or_refused_by_the_core_is_shown_at_the_field(qtbot, page, demo):
    preview = _erasable(demo)
    dialog = _dialog(qtbot, page, preview.household_id)
    qtbot.keyClicks(dialog.confirmation, preview.case_number)

    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert dialog.reason_error.isVisible()
    assert dialog.reason_error.text().startswith("Bitte geben Sie den Anlass")
    assert dialog.reason.styleSheet()  # the red border

    dialog.reason.setText("Antrag \u202evom 12.03.")  # a bidi override: the core refuses it
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and "Steuerzeichen" in dialog.reason_error.text())
    assert dialog.reason_error.text() == "Der Text enthält unsichtbare Steuerzeichen für die Schreibrichtung."
    _shoot(dialog, "erase-reason-refused-de")
    qtbot.keyClicks(dialog.reason, "x")  # typing clears the message
    assert not dialog.reason_error.isVisible() and not dialog.reason.styleSheet()
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1
    assert _count(demo, M.AuditEntry, M.AuditEntry.action == "erase") == 0


def test_a_reason_naming_a_member_is_refused(qtbot, page, demo):
    preview = _erasable(demo)
    member = households.get_household_detail(demo, preview.household_id).members[0]
    dialog = _dialog(qtbot, page, preview.household_id)
    dialog.reason.setText(f"Antrag von {member.given_name} {member.family_name}")
    qtbot.keyClicks(dialog.confirmation, preview.case_number)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    assert dialog.reason_error.isVisible()
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1


def test_open_placement_refuses_the_erasure_at_the_dialog(qtbot, page, demo):
    preview = _in_progress(demo)
    members = _count(demo, M.Member, M.Member.household_id == preview.household_id)
    dialog = _dialog(qtbot, page, preview.household_id)
    assert dialog.placements_error.isVisible()
    assert "noch" in dialog.placements_error.text() and "Bereich Vorgänge" in dialog.placements_error.text()
    assert not dialog.inputs.isEnabled()
    dialog.confirmation.setText(preview.case_number)
    assert not dialog.erase_button.isEnabled()
    _shoot(dialog, "erase-open-placement-de")
    dialog.reject()

    # a placement opened after the dialog counted: the core refuses, the dialog says why
    stale = privacy.ErasurePreview(**{**preview.__dict__, "open_placements": 0})
    late = ErasureDialog(page.context, stale, None, page)
    late.show()
    late.reason.setText(REASON)
    late.confirmation.setText(preview.case_number)
    qtbot.mouseClick(late.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: late.task is None and late.placements_error.isVisible(), timeout=10_000)
    assert "Vermittlung" in late.placements_error.text()
    assert not late.erase_button.isEnabled()
    assert _count(demo, M.Member, M.Member.household_id == preview.household_id) == members
    assert late.erasure is None


def test_household_changed_meanwhile_is_not_erased_unseen(qtbot, page, demo):
    preview = _erasable(demo)
    _select(page, preview.household_id)
    page.delete_record()
    dialog = page.erasure_dialog
    assert isinstance(dialog, ErasureDialog)
    households.update_household(demo, preview.household_id, {"notes": "neu"})  # someone else saves
    dialog.reason.setText(REASON)
    qtbot.keyClicks(dialog.confirmation, preview.case_number)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.error.isVisible(), timeout=10_000)
    assert "inzwischen von einer anderen Person geändert" in dialog.error.text()
    assert dialog.erasure is None
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1


def test_read_only_database_offers_no_deletion(qtbot, page, demo, monkeypatch):
    preview = _erasable(demo)
    demo.read_only = True
    _select(page, preview.household_id)
    told: list[str] = []
    monkeypatch.setattr(privacy_dialogs.QMessageBox, "information", lambda *args: told.append(args[2]))
    page.delete_record()
    assert page.erasure_dialog is None and not told
    menu = page.row_menu()
    access, erase = [a for a in menu.actions() if "Art." in a.text()]
    assert not access.isEnabled() and not erase.isEnabled()
    page.subject_access_current()
    assert told and "schreibgeschützt" in told[0]
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1


def test_context_menu_offers_both_articles(qtbot, page, demo):
    preview = _erasable(demo)
    _select(page, preview.household_id)
    texts = [a.text().replace("&", "") for a in page.row_menu().actions() if a.text()]
    assert texts == ["Bearbeiten …", "Auskunft (Art. 15) …", "Endgültig löschen (Art. 17) …"]
    assert all(a.isEnabled() for a in page.row_menu().actions())


# --------------------------------------------------------------------------------------------------
# Subject access (Art. 15)
# --------------------------------------------------------------------------------------------------


def test_subject_access_writes_pdf_and_json_into_the_chosen_folder(qtbot, page, demo, tmp_path, monkeypatch):
    preview = _erasable(demo, with_placements=True)
    folder = tmp_path / "Auskunft"
    folder.mkdir()
    asked: list[str] = []

    def choose(parent, title, start):  # type: ignore[no-untyped-def]
        asked.append(title)
        return str(folder)

    opened: list[QUrl] = []
    monkeypatch.setattr(privacy_dialogs.QFileDialog, "getExistingDirectory", choose)
    monkeypatch.setattr(privacy_dialogs.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    _select(page, preview.household_id)
    page.subject_access_current()
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, SUBJECT_ACCESS_DONE) is not None, timeout=20_000)
    box = page.findChild(QMessageBox, SUBJECT_ACCESS_DONE)

    assert asked == ["Ordner für die Auskunft (Art. 15 DSGVO)"]
    pdf = folder / f"auskunft-haushalt-{preview.household_id}.pdf"
    assert pdf.exists() and (folder / f"auskunft-haushalt-{preview.household_id}.json").exists()
    assert len(list(folder.glob(f"auskunft-haushalt-{preview.household_id}-dokument-*.pdf"))) == preview.documents
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert preview.case_number in text
    assert str(folder) in box.text() and preview.case_number in box.text()
    assert pdf.name in box.informativeText()
    _shoot(box, "subject-access-de")
    open_button = next(b for b in box.buttons() if b.text().replace("&", "") == "Ordner öffnen")
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(folder))]
    assert (
        _count(demo, M.AuditEntry, M.AuditEntry.action == "export", M.AuditEntry.entity_id == str(preview.household_id))
        == 1
    )


def test_subject_access_cancelled_folder_writes_nothing(qtbot, page, demo, monkeypatch):
    monkeypatch.setattr(privacy_dialogs.QFileDialog, "getExistingDirectory", lambda *args: "")
    _select(page, _erasable(demo).household_id)
    page.subject_access_current()
    qtbot.wait(50)
    assert page.findChild(QMessageBox, SUBJECT_ACCESS_DONE) is None
    assert _count(demo, M.AuditEntry, M.AuditEntry.action == "export") == 0


# --------------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------------


def _closed(db: Database) -> dict[str, int]:
    """The closed households: id by case number."""
    with db.read_session() as session:
        query = select(M.Household.case_number, M.Household.id).where(M.Household.status.in_(["housed", "withdrawn"]))  # type: ignore[attr-defined]
        return {case_number: int(household_id) for case_number, household_id in session.execute(query)}


def test_retention_dialog_lists_the_candidates_and_anonymises_them_on_confirmation(qtbot, demo, language):
    closed = _closed(demo)
    assert closed, "the demo data has closed households"
    context = AppContext(demo)
    dialog = open_retention_dialog(None, context, today=FAR_AHEAD)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.table.rowCount() == len(closed)
    assert sorted(dialog.table.item(r, 0).text() for r in range(len(closed))) == sorted(closed)  # case numbers
    assert dialog.heading.text() == f"Abgeschlossene Haushalte mit abgelaufener Aufbewahrungsfrist: {len(closed)}"
    assert "Tage" in dialog.period.text()
    assert dialog.apply_button.isEnabled()
    _shoot(dialog, "retention-de")

    box = dialog.ask()
    assert box is not None and box.text() == f"Die aufgeführten Haushalte jetzt anonymisieren ({len(closed)})?"
    qtbot.mouseClick(box.escapeButton(), Qt.MouseButton.LeftButton)  # "Abbrechen" changes nothing
    assert privacy.retention_candidates(demo, today=FAR_AHEAD).candidates

    box = dialog.ask()
    assert box is not None
    _shoot(box, "retention-confirm-de")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.applied, timeout=20_000)

    assert dialog.heading.text() == f"Anonymisierte Haushalte: {len(closed)}"
    for household_id in closed.values():
        assert households.get_household_detail(demo, household_id).household.case_number == f"ANON-{household_id}"
    assert privacy.retention_candidates(demo, today=FAR_AHEAD).candidates == []
    assert not dialog.apply_button.isVisible()
    _shoot(dialog, "retention-done-de")


def test_retention_dialog_today_has_nothing_to_do(qtbot, demo, language):
    dialog = RetentionDialog(AppContext(demo))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.table.rowCount() == 0
    assert "nichts zu tun" in dialog.heading.text()
    assert not dialog.apply_button.isEnabled() and dialog.ask() is None


def test_erasure_dialog_in_english(qtbot, demo, english):
    preview = _in_progress(demo)
    context = AppContext(demo)
    dialog = ErasureDialog(context, preview, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Delete household permanently (Art. 17 GDPR)"
    assert "in progress" in dialog.placements_error.text()
    _shoot(dialog, "erase-open-placement-en")


def test_the_windows_delete_key_in_the_households_area_opens_the_erasure_dialog(qtbot, demo, language, settings):
    from matcher.ui.main_window import HOUSEHOLDS, MainWindow

    window = MainWindow(demo, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_area(HOUSEHOLDS)
    page = window.households
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=10_000)
    preview = _erasable(demo)
    _select(page, preview.household_id)
    action = window.page_actions["delete_record"]
    assert action.isEnabled()
    action.trigger()
    dialog = page.erasure_dialog
    assert isinstance(dialog, ErasureDialog) and dialog.isVisible()
    assert dialog.preview.household_id == preview.household_id
    dialog.reject()
    assert _count(demo, M.Household, M.Household.id == preview.household_id) == 1
