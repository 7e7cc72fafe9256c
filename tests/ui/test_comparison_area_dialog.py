"""Comparison areas (Vergleichsräume) in the Richtwerte tab on a real database: created, changed and deleted
through the dialog, refused input shown at the field with the dialog kept open, and the table's rows
following the areas."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from matcher.core import models as M
from matcher.core.services import settings as service
from matcher.ui.context import AppContext
from matcher.ui.settings_page import SettingsPage

EMSLAND = "03454"
PAPENBURG, MEPPEN, RHEDE, HAREN = "03454041", "03454035", "03454044", "03454018"


@pytest.fixture
def tab(qtbot, db, settings, language):
    service.update_office(db, {"kreis_key": EMSLAND})
    page = SettingsPage(AppContext(db), settings)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    page.tabs.setCurrentWidget(page.rent_caps)
    yield page.rent_caps  # the generator keeps the page alive


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stored_areas(db):
    with db.read_session() as session:
        rows = session.exec(
            select(M.ComparisonArea.name, M.ComparisonAreaMember.ags).join(
                M.ComparisonAreaMember, M.ComparisonAreaMember.area_id == M.ComparisonArea.id
            )
        ).all()
    areas: dict[str, set[str]] = {}
    for name, ags in rows:
        areas.setdefault(name, set()).add(ags)
    return areas


def tick(dialog, *codes):
    for ags in codes:
        dialog.item_of(ags).setCheckState(Qt.CheckState.Checked)


def open_new(qtbot, tab):
    click(qtbot, tab.new_area_button)
    dialog = tab.area_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose_area(tab, name):
    row = next(i for i, area in enumerate(tab.areas) if area.name == name)
    tab.area_list.setCurrentRow(row)


def test_an_area_with_two_municipalities_is_created_and_becomes_a_row(tab, qtbot, db):
    assert tab.area_hint.text().startswith("Noch keine Vergleichsräume")
    dialog = open_new(qtbot, tab)
    assert dialog.windowTitle() == "Neuer Vergleichsraum"
    qtbot.keyClicks(dialog.name, "Nord")
    tick(dialog, PAPENBURG, RHEDE)
    assert dialog.count.text() == "2 Gemeinden ausgewählt: Papenburg, Rhede (Ems)"
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert stored_areas(db) == {"Nord": {PAPENBURG, RHEDE}}
    headers = [tab.table.verticalHeaderItem(row).text() for row in range(tab.table.rowCount())]
    assert headers[0] == "Vergleichsraum Nord"
    assert "Papenburg" not in headers and "Rhede (Ems)" not in headers and "Meppen" in headers
    assert tab.table.verticalHeaderItem(0).toolTip() == "Papenburg, Rhede (Ems)"
    assert tab.area_list.currentItem().text() == "Nord"
    assert tab.area_hint.text() == "Gemeinden: Papenburg, Rhede (Ems)"


def test_amounts_for_the_new_area_row_are_saved_for_the_area(tab, qtbot, db):
    tab.table.item(next(i for i, s in enumerate(tab.scopes) if s.ags == MEPPEN), 0).setText("480")
    dialog = open_new(qtbot, tab)
    dialog.name.setText("Nord")
    tick(dialog, PAPENBURG, RHEDE)
    click(qtbot, dialog.save_button)
    meppen = next(i for i, s in enumerate(tab.scopes) if s.ags == MEPPEN)
    assert tab.table.item(meppen, 0).text() == "480"  # what was typed before stays
    assert tab.scopes[0].area == "Nord"
    tab.table.item(0, 0).setText("455")
    click(qtbot, tab.save.button)
    assert tab.save.message.text().startswith("Gespeichert um "), tab.errors.text()
    rows = service.get_rent_cap_table(db, EMSLAND, tab.valid_from.value()).rows
    assert {(r.ags, r.area, r.amount_cents) for r in rows} == {(MEPPEN, None, 48000), (None, "Nord", 45500)}


def test_an_area_is_renamed_and_its_members_changed(tab, qtbot, db):
    service.save_comparison_area(db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    tab.load()
    tab.table.item(0, 0).setText("455")
    tab.table.setCurrentCell(0, 0)  # choosing the area's row in the table chooses the area beside it
    assert tab.selected_area().name == "Nord"
    click(qtbot, tab.edit_area_button)
    dialog = tab.area_dialog
    assert dialog.windowTitle() == "Vergleichsraum ändern"
    assert dialog.name.text() == "Nord" and set(dialog.chosen()) == {PAPENBURG, RHEDE}
    dialog.name.setText("Nordkreis")
    dialog.item_of(RHEDE).setCheckState(Qt.CheckState.Unchecked)
    tick(dialog, HAREN)
    click(qtbot, dialog.save_button)
    assert stored_areas(db) == {"Nordkreis": {PAPENBURG, HAREN}}
    headers = [tab.table.verticalHeaderItem(row).text() for row in range(tab.table.rowCount())]
    assert headers[0] == "Vergleichsraum Nordkreis" and "Rhede (Ems)" in headers and "Haren (Ems)" not in headers
    assert tab.table.item(0, 0).text() == "455"  # the renamed area keeps the amount typed for it


def test_a_municipality_of_another_area_is_refused_at_the_field(tab, qtbot, db):
    service.save_comparison_area(db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    tab.load()
    dialog = open_new(qtbot, tab)
    assert dialog.item_of(RHEDE).text() == "Rhede (Ems) (in Nord)"
    dialog.name.setText("Mitte")
    tick(dialog, MEPPEN, RHEDE)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()  # stays open with the input
    assert dialog.members_error.isVisible()
    assert dialog.members_error.text().startswith("Rhede (Ems) gehört schon zum Vergleichsraum „Nord“.")
    assert not dialog.name_error.isVisible()
    assert dialog.name.text() == "Mitte" and set(dialog.chosen()) == {MEPPEN, RHEDE}
    assert stored_areas(db) == {"Nord": {PAPENBURG, RHEDE}}
    dialog.item_of(RHEDE).setCheckState(Qt.CheckState.Unchecked)
    click(qtbot, dialog.save_button)  # corrected, it saves
    assert stored_areas(db) == {"Nord": {PAPENBURG, RHEDE}, "Mitte": {MEPPEN}}


def test_an_empty_name_and_no_municipality_are_shown_at_their_fields(tab, qtbot, db):
    dialog = open_new(qtbot, tab)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.name_error.text() == "Bitte geben Sie einen Namen für den Vergleichsraum ein."
    assert dialog.members_error.text() == "Bitte wählen Sie mindestens eine Gemeinde aus."
    assert stored_areas(db) == {}


def test_the_search_hides_other_municipalities_but_keeps_ticks(tab, qtbot):
    dialog = open_new(qtbot, tab)
    tick(dialog, MEPPEN)
    qtbot.keyClicks(dialog.search, "papen")
    shown = [dialog.members.item(r).text() for r in range(dialog.members.count()) if not dialog.members.isRowHidden(r)]
    assert shown == ["Papenburg"]
    assert dialog.chosen() == [MEPPEN]


def test_an_area_a_richtwert_table_uses_is_not_deleted(tab, qtbot, db):
    service.save_comparison_area(db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    since = date.today() - timedelta(days=3)
    service.set_rent_cap_table(db, EMSLAND, since, [{"area": "Nord", "household_size": 1, "amount_cents": 45000}])
    tab.load()
    assert tab.table.item(0, 0).text() == "450,00"
    choose_area(tab, "Nord")
    tab.confirm_delete = lambda area: True
    click(qtbot, tab.delete_area_button)
    assert tab.area_error.isVisible()
    assert "Richtwerttabelle ab " + since.strftime("%d.%m.%Y") in tab.area_error.text()
    assert stored_areas(db) == {"Nord": {PAPENBURG, RHEDE}}
    assert tab.scopes[0].area == "Nord"


def test_an_unused_area_is_deleted_and_its_municipalities_get_rows_again(tab, qtbot, db):
    service.save_comparison_area(db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    tab.load()
    choose_area(tab, "Nord")
    asked = []
    tab.confirm_delete = lambda area: asked.append(area.name) or False
    click(qtbot, tab.delete_area_button)
    assert asked == ["Nord"] and stored_areas(db) == {"Nord": {PAPENBURG, RHEDE}}  # cancelled: nothing happens
    tab.confirm_delete = lambda area: True
    click(qtbot, tab.delete_area_button)
    assert stored_areas(db) == {}
    assert {PAPENBURG, RHEDE} <= {scope.ags for scope in tab.scopes}
    assert all(scope.area is None for scope in tab.scopes) and tab.area_list.count() == 0


def test_a_municipality_with_own_figures_keeps_its_row_beside_its_area(tab, qtbot, db):
    service.set_rent_cap_table(
        db, EMSLAND, date.today() - timedelta(days=3), [{"ags": RHEDE, "household_size": 1, "amount_cents": 41000}]
    )
    tab.load()
    dialog = open_new(qtbot, tab)
    dialog.name.setText("Nord")
    tick(dialog, PAPENBURG, RHEDE)
    click(qtbot, dialog.save_button)
    rhede = next(i for i, s in enumerate(tab.scopes) if s.ags == RHEDE)
    assert tab.table.verticalHeaderItem(rhede).text() == "Rhede (Ems) (eigene Werte)"
    assert tab.table.item(rhede, 0).text() == "410,00"
    assert PAPENBURG not in {scope.ags for scope in tab.scopes}


SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("lang", ["language", "english"])
def test_screenshots_of_the_tab_and_the_dialog(qtbot, db, settings, request, lang):
    request.getfixturevalue(lang)
    service.update_office(db, {"kreis_key": EMSLAND})
    service.save_comparison_area(db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    service.save_comparison_area(db, EMSLAND, "Mitte", [MEPPEN, HAREN])
    since = date.today() - timedelta(days=3)
    entries = [{"area": "Nord", "household_size": s, "amount_cents": 38000 + 7000 * s} for s in (1, 2, 3)]
    service.set_rent_cap_table(db, EMSLAND, since, entries)
    page = SettingsPage(AppContext(db), settings)
    qtbot.addWidget(page)
    page.resize(1366 - 180, 768 - 120)  # the settings area of a 1366×768 window
    page.show()
    page.activate()
    page.tabs.setCurrentWidget(page.rent_caps)
    tab = page.rent_caps
    choose_area(tab, "Nord")
    click(qtbot, tab.edit_area_button)
    dialog = tab.area_dialog
    tick(dialog, MEPPEN)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.members_error.isVisible()
    assert dialog.save_button.isDefault()
    qtbot.wait(50)  # let the dialog grow for the error line
    if os.environ.get("MATCHER_SCREENSHOTS") or SCREENSHOTS.is_dir():
        SCREENSHOTS.mkdir(exist_ok=True)
        suffix = "" if lang == "language" else "_en"
        page.grab().save(str(SCREENSHOTS / f"settings_comparison_areas{suffix}.png"))
        dialog.grab().save(str(SCREENSHOTS / f"comparison_area_dialog{suffix}.png"))
