"""The flat form on a real database: create through the Wohnungen area, reject bad input at the field,
keep the input on a conflict, a new landlord, the history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from matcher.core import models as M
from matcher.core.services import flats as flat_service
from matcher.core.services.flats import POSTCODE_MESSAGE
from matcher.ui.context import AppContext
from matcher.ui.flat_form import FlatForm, LandlordDialog
from matcher.ui.flats_view import FlatsPage

PAPENBURG = "03454041"


@pytest.fixture
def context(sample_db, qapp) -> AppContext:
    return AppContext(sample_db)


@pytest.fixture
def page(qtbot, context, language) -> FlatsPage:
    page = FlatsPage(context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded):
        page.activate()
    return page


def flat_count(db) -> int:
    with db.read_session() as session:
        return len(session.exec(select(M.Flat.id)).all())


def choose(combo, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def fill_new_flat(qtbot, form: FlatForm, postcode: str = "26871") -> None:
    widgets = form.fields.widgets
    choose(widgets["landlord_id"], "Müller, Hermann")
    qtbot.keyClicks(widgets["street"], "Deverweg")
    qtbot.keyClicks(widgets["house_number"], "17b")
    qtbot.keyClicks(widgets["postcode"], postcode)
    widgets["ags"].set_value(PAPENBURG)
    widgets["living_area_m2"].setValue(58.5)
    widgets["rooms"].setValue(2.5)
    widgets["bedrooms"].setValue(1)
    widgets["net_rent_cents"].setValue(412.30)
    widgets["operating_costs_cents"].setValue(110)
    widgets["heating_costs_cents"].setValue(75)
    form.tabs.setCurrentIndex(1)
    qtbot.mouseClick(widgets["elevator"], Qt.MouseButton.LeftButton)


def test_a_new_flat_is_saved_through_the_form_and_selected_in_the_list(qtbot, page, sample_db, context):
    before = flat_count(sample_db)
    page.new_record()
    form = page.form
    assert form is not None and form.isVisible()
    fill_new_flat(qtbot, form)
    with qtbot.waitSignal(page.loaded):  # saved → the list reloads in the background
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert flat_count(sample_db) == before + 1
    with sample_db.read_session() as session:
        flat = session.exec(select(M.Flat).where(M.Flat.street == "Deverweg")).one()
    assert (flat.house_number, flat.postcode, flat.ags) == ("17b", "26871", PAPENBURG)
    assert (flat.net_rent_cents, flat.living_area_m2, flat.rooms, flat.elevator) == (41_230, 58.5, 2.5, True)
    assert flat.has_kitchen and flat.smoke_detectors  # the core's defaults for a new flat
    assert page.model.row_at(page.table.currentIndex().row()).id == flat.id
    assert context.undo_stack.count() == 0  # creating is not undone (Edit → Delete removes a flat recorded by mistake)


def test_bad_input_is_rejected_at_the_field_and_nothing_is_lost(qtbot, page, sample_db):
    before = flat_count(sample_db)
    page.new_record()
    form = page.form
    fill_new_flat(qtbot, form, postcode="2687")
    form.fields.widgets["bedrooms"].setValue(4)  # more bedrooms than 2.5 rooms
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.error_text("postcode") == POSTCODE_MESSAGE
    assert form.fields.errors["postcode"].isVisibleTo(form)
    assert "mehr Schlafzimmer als Zimmer" in form.error_text("bedrooms")
    assert form.error_text("street") == ""
    assert flat_count(sample_db) == before
    assert form.fields.value("street") == "Deverweg"  # what was typed is still there
    assert form.tabs.currentIndex() == 0  # the tab of the first faulty field
    form.fields.widgets["postcode"].clear()
    qtbot.keyClicks(form.fields.widgets["postcode"], "26871")
    assert form.error_text("postcode") == ""  # typing clears the field's message
    form.fields.widgets["bedrooms"].setValue(1)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert flat_count(sample_db) == before + 1


def test_an_edit_someone_else_saved_first_is_not_overwritten(qtbot, context, sample_db, language):
    with sample_db.read_session() as session:
        flat = session.exec(select(M.Flat).where(M.Flat.street == "Am Markt")).one()
    form = FlatForm(context, flat.id)
    qtbot.addWidget(form)
    form.show()
    assert form.fields.value("net_rent_cents") == 35_000
    flat_service.update_flat(sample_db, flat.id, {"notes": "Telefonisch bestätigt"}, expected_version=flat.version)
    form.fields.widgets["net_rent_cents"].setValue(420)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "von einer anderen Person geändert" in form.banner.text()
    assert form.fields.value("net_rent_cents") == 42_000
    assert flat_service.get_flat(sample_db, flat.id).net_rent_cents == 35_000


def test_a_new_landlord_is_recorded_from_the_flat_form(qtbot, context, sample_db, language):
    dialog = LandlordDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no name yet
    assert dialog.fields.error_text("name")
    qtbot.keyClicks(dialog.fields.widgets["name"], "Wohnbau Emsland GmbH")
    choose(dialog.fields.widgets["kind"], "Wohnungsunternehmen")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.landlord_id is not None
    with sample_db.read_session() as session:
        landlord = session.get(M.Landlord, dialog.landlord_id)
    assert (landlord.name, landlord.kind) == ("Wohnbau Emsland GmbH", "company")


def test_the_history_shows_status_changes_and_edits(qtbot, context, sample_db, language):
    with sample_db.read_session() as session:
        flat = session.exec(select(M.Flat).where(M.Flat.street == "Am Markt")).one()
    flat = flat_service.set_flat_status(sample_db, flat.id, "blocked", note="Wasserschaden")
    flat_service.update_flat(sample_db, flat.id, {"net_rent_cents": 36_000}, expected_version=flat.version)
    form = FlatForm(context, flat.id)
    qtbot.addWidget(form)
    texts = [form.history.item(row, 2).text() for row in range(form.history.rowCount())]
    assert "Status: gesperrt – Wasserschaden" in texts
    assert "Geändert: Nettokaltmiete" in texts
    assert all(form.history.item(row, 1).text() for row in range(form.history.rowCount()))


def test_enter_on_a_row_opens_its_form(qtbot, page):
    page.table.setFocus()
    page.table.selectRow(page.model.row_number_of(lambda r: r.street == "Kirchstraße"))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.form is not None and page.form.isVisible()
    assert page.form.fields.value("street") == "Kirchstraße"
    assert page.form.fields.value("floor") == 2
