"""The household form on a real database: create with its people through the Haushalte area, reject bad
input at the field or person, edit members and wishes, sensitive data only in the form."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from matcher.core import models as M
from matcher.core.services import households as household_service
from matcher.ui.context import AppContext
from matcher.ui.household_form import BIRTH_DATE, FAMILY, GIVEN, RELATIONSHIP, HouseholdForm
from matcher.ui.households_view import HouseholdsPage
from matcher.ui.table_models import HouseholdTableModel

MEPPEN = "03454035"


@pytest.fixture
def context(sample_db, qapp) -> AppContext:
    return AppContext(sample_db)


@pytest.fixture
def page(qtbot, context, language) -> HouseholdsPage:
    page = HouseholdsPage(context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded):
        page.activate()
    return page


def choose(combo, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def type_cell(qtbot, form: HouseholdForm, row: int, column: int, text: str) -> None:
    table = form.members
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editor = table.viewport().focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def problems(form: HouseholdForm) -> str:
    """Every message the form shows (for a failing assertion's explanation)."""
    texts = [form.banner.text(), form.members_error.text(), form.wishes_error.text()]
    texts += [f"{name}: {form.error_text(name)}" for name in form.fields.widgets if form.error_text(name)]
    return "\n".join(text for text in texts if text)


def household_of(db, case_number: str) -> household_service.HouseholdDetail | None:
    with db.read_session() as session:
        found = session.exec(select(M.Household.id).where(M.Household.case_number == case_number)).first()
    return household_service.get_household_detail(db, found) if found is not None else None


def fill_new_household(qtbot, form: HouseholdForm, case_number: str = "50.2-2026-0100") -> None:
    widgets = form.fields.widgets
    qtbot.keyClicks(widgets["case_number"], case_number)
    choose(widgets["paying_authority"], "Jobcenter")
    qtbot.keyClicks(widgets["current_accommodation"], "GU Meppen")
    widgets["accommodation_ags"].set_value(MEPPEN)
    form.tabs.setCurrentIndex(1)
    type_cell(qtbot, form, 0, GIVEN, "Samira")
    type_cell(qtbot, form, 0, FAMILY, "Yousef")
    type_cell(qtbot, form, 0, BIRTH_DATE, "04.07.1988")
    qtbot.mouseClick(form.add_member_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, form, 1, GIVEN, "Lina")
    type_cell(qtbot, form, 1, FAMILY, "Yousef")
    type_cell(qtbot, form, 1, BIRTH_DATE, "12.01.2019")
    choose(form.members.cellWidget(1, RELATIONSHIP), "Kind")
    form.tabs.setCurrentIndex(3)
    choose(widgets["residence_status"], "Aufenthaltserlaubnis § 25 Abs. 2")
    qtbot.mouseClick(widgets["needs_ground_floor"], Qt.MouseButton.LeftButton)


def test_a_new_household_with_its_people_is_saved_through_the_form(qtbot, page, sample_db):
    page.new_record()
    form = page.form
    fill_new_household(qtbot, form)
    form.tabs.setCurrentIndex(2)
    qtbot.mouseClick(form.add_wish_button, Qt.MouseButton.LeftButton)
    form.wishes.cellWidget(0, 0).set_value(MEPPEN)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), problems(form)
    qtbot.waitUntil(lambda: not page.loading)
    detail = household_of(sample_db, "50.2-2026-0100")
    assert detail is not None
    people = [(m.given_name, m.family_name, m.birth_date, m.relationship) for m in detail.members]
    assert people == [
        ("Samira", "Yousef", date(1988, 7, 4), "applicant"),
        ("Lina", "Yousef", date(2019, 1, 12), "child"),
    ]
    household = detail.household
    assert (household.paying_authority, household.residence_status) == ("jobcenter", "permit_25_2")
    assert household.needs_ground_floor and household.accommodation_ags == MEPPEN
    assert [(w.ags, w.kind) for w in detail.wishes] == [(MEPPEN, "preferred")]
    assert page.model.row_at(page.table.currentIndex().row()).case_number == "50.2-2026-0100"


def test_bad_input_is_rejected_at_the_field_and_at_the_person(qtbot, page, sample_db):
    page.new_record()
    form = page.form
    fill_new_household(qtbot, form, case_number="50.2-2026-0001")  # taken by the Haddad household
    type_cell(qtbot, form, 1, BIRTH_DATE, "31.02.2019")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "TT.MM.JJJJ" in form.members_error.text()  # not a date: caught before the core is asked
    assert form.tabs.currentIndex() == 1
    type_cell(qtbot, form, 1, BIRTH_DATE, "12.01.2019")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.error_text("case_number").startswith("Dieses Aktenzeichen ist bereits vergeben.")
    assert form.tabs.currentIndex() == 0
    assert household_of(sample_db, "50.2-2026-0001").members[0].given_name == "Amal"  # nothing saved
    assert form.members.text(0, GIVEN) == "Samira"  # the input is still there
    form.members.cellWidget(1, RELATIONSHIP).set_value("applicant")  # a second applicant
    form.fields.widgets["case_number"].setText("50.2-2026-0101")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error_text("case_number") == ""
    assert "Person 2 – Verhältnis zum Antragsteller: Es gibt bereits eine antragstellende Person" in (
        form.members_error.text()
    )
    assert household_of(sample_db, "50.2-2026-0101") is None


def test_editing_members_wishes_and_status_saves_each_part(qtbot, context, sample_db, language):
    detail = household_of(sample_db, "50.2-2026-0001")  # Haddad: applicant and three children
    form = HouseholdForm(context, detail.household.id)
    qtbot.addWidget(form)
    form.show()
    assert form.members.rowCount() == 4
    form.tabs.setCurrentIndex(1)
    form.members.setCurrentCell(3, GIVEN)
    qtbot.mouseClick(form.remove_member_button, Qt.MouseButton.LeftButton)
    form.tabs.setCurrentIndex(2)
    qtbot.mouseClick(form.add_wish_button, Qt.MouseButton.LeftButton)
    form.wishes.cellWidget(0, 0).set_value(MEPPEN)
    choose(form.wishes.cellWidget(0, 1), "ausgeschlossener Ort")
    form.tabs.setCurrentIndex(0)
    choose(form.fields.widgets["urgency"], "dringend")
    choose(form.fields.widgets["status"], "zurückgestellt")
    form.fields.set_value("parked_until", date(2030, 1, 31))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), problems(form)
    after = household_of(sample_db, "50.2-2026-0001")
    assert after.size == 3
    assert [(w.ags, w.kind) for w in after.wishes] == [(MEPPEN, "excluded")]
    assert (after.household.urgency, after.household.status) == ("urgent", "parked")
    assert after.household.parked_until == date(2030, 1, 31)


def test_sensitive_fields_are_only_on_their_own_tab_never_in_the_list(qtbot, context, sample_db, language):
    detail = household_of(sample_db, "50.2-2026-0002")
    form = HouseholdForm(context, detail.household.id)
    qtbot.addWidget(form)
    sensitive = ("residence_status", "permit_issued_on", "obligation_scope", "needs_wheelchair", "has_disability")
    sensitive_tab = form.tabs.widget(3)
    for name in sensitive:
        assert sensitive_tab.isAncestorOf(form.fields.widgets[name]), name
    assert form.tabs.tabText(3).replace("&", "") == "Aufenthalt und Gesundheit"
    columns = {column.key for column in HouseholdTableModel.COLUMNS}
    assert not columns & set(sensitive)


def test_people_are_added_and_removed_with_the_keyboard(qtbot, page):
    page.new_record()
    form = page.form
    form.tabs.setCurrentIndex(1)
    table = form.members
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    before = table.rowCount()
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert table.rowCount() == before + 1
    table.setCurrentCell(table.rowCount() - 1, GIVEN)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.rowCount() == before
