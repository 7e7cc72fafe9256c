"""Einstellungen on a real database: office data, a new version of the district rules, the weights and
the language — each saved through the core, refused input shown at the field and kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from matcher.core.reference import DEFAULT_WEIGHTS
from matcher.core.services import settings as service
from matcher.ui.context import AppContext
from matcher.ui.settings_page import SettingsPage, saved_language

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def page(qtbot, db, settings, language):
    service.update_office(db, {"kreis_key": "03454"})
    page = SettingsPage(AppContext(db), settings)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    return page


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_office_data_are_saved(page, qtbot, db):
    form = page.office.letterhead.fields
    form["name"].editor.setText("Landkreis Emsland")
    form["postcode"].editor.setText("49716")
    form["city"].editor.setText("Meppen")
    page.office.safety.fields["idle_lock_minutes"].editor.setValue(5)
    click(qtbot, page.office.save.button)
    office = service.get_office(db)
    assert (office.name, office.postcode, office.city, office.idle_lock_minutes) == (
        "Landkreis Emsland",
        "49716",
        "Meppen",
        5,
    )
    assert page.office.save.message.text().startswith("Gespeichert um ")


def test_a_wrong_postcode_is_shown_at_the_field_and_nothing_is_saved(page, qtbot, db):
    before = service.get_office(db)
    fields = page.office.letterhead.fields
    fields["city"].editor.setText("Meppen-Neu")
    fields["postcode"].editor.setText("4971")
    click(qtbot, page.office.save.button)
    assert fields["postcode"].error.isVisibleTo(page)
    assert "fünfstellige Postleitzahl" in fields["postcode"].error.text()
    assert not fields["city"].error.isVisibleTo(page)
    assert fields["city"].editor.text() == "Meppen-Neu"  # the input stays
    assert service.get_office(db).city == before.city


def test_a_logo_is_stored_and_removed(page, db):
    assert page.office.store_logo(PNG)
    assert service.get_office(db).logo == PNG
    assert page.office.remove_logo.isEnabled()
    assert not page.office.store_logo(b"GIF89a not an image we take")
    assert "PNG- oder JPEG" in page.office.save.message.text()
    assert page.office.store_logo(None)
    assert service.get_office(db).logo is None


def test_a_new_version_of_the_rules_applies_from_its_date(page, qtbot, db):
    kreis = service.get_office(db).kreis_key
    rules = page.rules
    start = date.today() + timedelta(days=30)
    rules.form.fields["valid_from"].set_value(start)
    rules.form.fields["min_area_per_occupant_m2"].editor.setValue(12.5)
    rules.areas[1].setValue(45.0)
    click(qtbot, rules.save.button)
    new = service.rules_for(db, kreis, start)
    assert new.rules.valid_from == start and new.rules.min_area_per_occupant_m2 == 12.5
    assert new.area_table[1] == 45.0
    assert service.rules_for(db, kreis, date.today()).rules.min_area_per_occupant_m2 != 12.5
    assert rules.versions.rowCount() == len(service.rules_versions(db, kreis))


def test_a_second_version_on_the_same_day_is_refused_at_the_date(page, qtbot, db):
    kreis = service.get_office(db).kreis_key
    existing = service.rules_versions(db, kreis)[-1].valid_from
    page.rules.form.fields["valid_from"].set_value(existing)
    click(qtbot, page.rules.save.button)
    error = page.rules.form.fields["valid_from"].error
    assert not error.isHidden() and "schon eine Fassung" in error.text()
    assert len(service.rules_versions(db, kreis)) == 1


def test_the_proposal_mode_is_an_office_setting(page, qtbot, db):
    from matcher.core.services.matching import get_proposal_mode

    assert page.weights.mode.currentData() == "optimal"
    page.weights.mode.setCurrentIndex(page.weights.mode.findData("priority"))
    click(qtbot, page.weights.save.button)
    assert get_proposal_mode(db) == "priority"


def test_weights_are_saved_and_all_zero_is_refused(page, qtbot, db):
    page.weights.weights["proximity"].setValue(7.5)
    click(qtbot, page.weights.save.button)
    assert service.get_weights(db)["proximity"] == 7.5
    for spin in page.weights.weights.values():
        spin.setValue(0)
    click(qtbot, page.weights.save.button)
    assert "Mindestens ein Kriterium" in page.weights.save.message.text()
    assert service.get_weights(db)["proximity"] == 7.5
    click(qtbot, page.weights.defaults)
    assert page.weights.weights["proximity"].value() == DEFAULT_WEIGHTS["proximity"]


def test_without_a_district_the_rules_tab_says_what_to_do_first(qtbot, db, settings, language):
    page = SettingsPage(AppContext(db), settings)
    qtbot.addWidget(page)
    page.activate()
    assert not page.rules.isEnabled()
    assert "zuerst" in page.rules.heading.text()


def test_the_language_is_remembered_for_the_next_start(page, settings):
    assert saved_language(settings) is None
    page.language.language.setCurrentIndex(page.language.language.findData("en"))
    assert saved_language(settings) == "en"


def rent_caps_row(tab, ags):
    return next(row for row, scope in enumerate(tab.scopes) if scope.ags == ags)


def test_the_rent_caps_table_lists_the_districts_municipalities(page):
    tab = page.rent_caps
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "Richt&werte"
    names = [scope.name for scope in tab.scopes]
    assert "Meppen" in names and "Lingen (Ems)" in names
    assert all(scope.ags.startswith("03454") for scope in tab.scopes)
    assert tab.valid_from.value() == date.today()  # no own table yet
    assert tab.table.columnCount() == 6


def test_own_rent_caps_are_saved_for_two_municipalities(page, qtbot, db):
    tab = page.rent_caps
    meppen = rent_caps_row(tab, "03454035")
    lingen = rent_caps_row(tab, "03454032")
    start = date.today() + timedelta(days=10)
    tab.valid_from.set_value(start)
    for row, values in (
        (meppen, ("450", "520,50", "1.234,00", "", "", "95")),
        (lingen, ("470,00", "540", "", "", "", "")),
    ):
        for column, text in enumerate(values):
            tab.table.item(row, column).setText(text)
    tab.switch_method.setChecked(True)
    versions_before = page.rules.versions.rowCount()
    click(qtbot, tab.save.button)
    assert tab.save.message.text().startswith("Gespeichert um "), tab.errors.text()
    stored = {(r.ags, r.household_size): r.amount_cents for r in service.get_rent_cap_table(db, "03454", start).rows}
    assert stored == {
        ("03454035", 1): 45000,
        ("03454035", 2): 52050,
        ("03454035", 3): 123400,
        ("03454035", 0): 9500,
        ("03454032", 1): 47000,
        ("03454032", 2): 54000,
    }
    assert service.rules_for(db, "03454", start).rules.cap_method == "own_table"
    assert page.rules.versions.rowCount() == versions_before + 1  # the switch is a new version, shown at once


def test_a_falling_rent_cap_is_refused_with_the_row_marked(page, qtbot, db):
    tab = page.rent_caps
    meppen = rent_caps_row(tab, "03454035")
    tab.table.item(meppen, 0).setText("500")
    tab.table.item(meppen, 1).setText("450")
    click(qtbot, tab.save.button)
    assert "Meppen" in tab.errors.text() and "kleiner als für 1 Person" in tab.errors.text()
    assert tab.table.verticalHeaderItem(meppen).text().startswith("⚠")
    assert tab.save.message.text().startswith("Nichts wurde gespeichert")
    assert tab.table.item(meppen, 1).text() == "450"  # the input stays
    assert service.get_rent_cap_table(db, "03454", tab.valid_from.value()).rows == []


def test_an_amount_that_is_no_number_is_refused_before_saving(page, qtbot, db):
    tab = page.rent_caps
    lingen = rent_caps_row(tab, "03454032")
    tab.table.item(lingen, 0).setText("zu teuer")
    click(qtbot, tab.save.button)
    assert "„zu teuer“" in tab.errors.text() or "zu teuer" in tab.errors.text()
    assert tab.table.verticalHeaderItem(lingen).text().startswith("⚠")
    assert service.get_rent_cap_table(db, "03454", tab.valid_from.value()).rows == []


def test_the_table_in_force_is_shown_for_editing(qtbot, db, settings, language):
    service.update_office(db, {"kreis_key": "03454"})
    since = date.today() - timedelta(days=5)
    service.set_rent_cap_table(db, "03454", since, [{"ags": "03454035", "household_size": 1, "amount_cents": 43210}])
    page = SettingsPage(AppContext(db), settings)
    qtbot.addWidget(page)
    page.activate()
    tab = page.rent_caps
    assert tab.valid_from.value() == since
    assert tab.table.item(rent_caps_row(tab, "03454035"), 0).text() == "432,10"


@pytest.mark.parametrize(
    ("text", "cents"), [("512", 51200), ("512,5", 51250), ("1.234,56 €", 123456), ("512.50", 51250), ("1.234", 123400)]
)
def test_amounts_are_read_as_germans_write_them(text, cents):
    from matcher.ui.settings_page import parse_euros

    assert parse_euros(text) == cents


def test_text_that_is_no_amount_is_not_read_as_one():
    from matcher.ui.settings_page import parse_euros

    assert parse_euros("5,1,2") is None and parse_euros("abc") is None and parse_euros("-5") is None
