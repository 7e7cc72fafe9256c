"""The main window on a real database: areas, search, details, status bar, remembered state, languages."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine
from sqlmodel import select

from matcher.core import models as M
from matcher.core.db import Database, open_database
from matcher.core.errors import DatabaseDamaged
from matcher.ui.main_window import FLATS, HOUSEHOLDS, MATCHING, OVERVIEW, MainWindow
from matcher.ui.matching_page import MatchingPage


@pytest.fixture
def make_window(qtbot, settings):
    def make(db, state: QSettings = settings) -> MainWindow:
        window = MainWindow(db, state)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        loaded(qtbot, window)
        return window

    return make


@pytest.fixture
def window(make_window, sample_db, language) -> MainWindow:
    return make_window(sample_db)


def loaded(qtbot, window: MainWindow) -> None:
    """Lists load in a worker thread: wait until the shown ones are there."""
    qtbot.waitUntil(lambda: not window.flats.loading and not window.households.loading)


def visible_addresses(window: MainWindow) -> list[str]:
    model = window.flats.model
    return [model.row_at(n).address for n in range(model.rowCount())]


def test_window_opens_on_the_database_and_names_it_in_the_status_bar(window, sample_db):
    assert str(sample_db.path) in window.database_label.text()
    assert window.database_label.text().startswith("Datenbank: ")
    assert sample_db.path.name in window.windowTitle()
    assert window.current_area() == FLATS
    assert window.count_label.text() == "Wohnungen: 8"
    assert not window.read_only_label.isVisibleTo(window)


def test_a_server_database_is_named_without_its_password(make_window, language):
    url = "postgresql+psycopg://amt:geheim@127.0.0.1:9/wohnraum"  # port 9: nothing answers
    server = Database(url=url, engine=create_engine(url, connect_args={"connect_timeout": 1}))
    window = make_window(server)
    assert "geheim" not in window.database_label.text()
    assert "127.0.0.1:9/wohnraum" in window.database_label.text()
    page = window.flats  # the server does not answer: the list says so and offers to try again
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "Die Liste konnte nicht geladen werden."
    assert page.empty.button.text() == "Erneut versuchen"


def test_read_only_database_is_marked_in_words(make_window, sample_db, language):
    sample_db.read_only = True
    window = make_window(sample_db)
    assert window.read_only_label.isVisibleTo(window)
    assert "Schreibgeschützt" in window.read_only_label.text()


def test_ctrl_digits_switch_areas(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    loaded(qtbot, window)
    assert window.current_area() == HOUSEHOLDS
    assert window.navigation.currentRow() == HOUSEHOLDS
    assert window.count_label.text() == "Haushalte: 6"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == FLATS
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), MatchingPage)
    assert window.current_area() == MATCHING
    assert window.count_label.text() == ""  # counts are for lists


def test_standard_actions_follow_the_page_in_front(window):
    """New works on the lists, Print on the documents, neither on the overview (decision 0007)."""
    window.show_area(FLATS)
    assert window.page_actions["new_record"].isEnabled()
    assert not window.page_actions["print_current"].isEnabled()
    window.show_area(5)  # Dokumente
    assert window.page_actions["print_current"].isEnabled()
    assert not window.page_actions["new_record"].isEnabled()
    window.show_area(0)  # Übersicht
    assert not any(action.isEnabled() for action in window.page_actions.values())


def test_typing_in_the_search_field_filters_the_table(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.flats.search.hasFocus()
    qtbot.keyClicks(window.flats.search, "sogel")
    qtbot.waitUntil(lambda: window.flats.model.rowCount() < 8)
    assert set(visible_addresses(window)) >= {"Hauptstraße 12", "Clemens-August-Straße 44"}
    assert all(
        "Sögel" in (row.municipality + row.landlord)
        for row in map(window.flats.model.row_at, range(window.flats.model.rowCount()))
    )
    assert "angezeigt" in window.count_label.text()
    qtbot.keyClick(window.flats.search, Qt.Key.Key_Escape)
    assert window.flats.search.text() == ""
    assert window.flats.model.rowCount() == 8


def test_filters_by_municipality_and_status(window):
    page = window.flats
    page.municipality.setCurrentIndex(page.municipality.findText("Meppen"))
    assert sorted(visible_addresses(window)) == ["Am Markt 3", "Bahnhofstraße 18"]
    page.status.setCurrentIndex(page.status.findText("reserviert"))
    assert visible_addresses(window) == ["Am Markt 3"]


def test_no_match_offers_to_reset_the_filters(qtbot, window):
    page = window.flats
    qtbot.keyClicks(page.search, "zzzz")
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "Keine Wohnung passt zu Suche und Filtern."
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    assert page.search.text() == ""
    assert page.stack.currentWidget() is page.table


def test_empty_database_helps_instead_of_showing_an_empty_grid(make_window, db, language):
    window = make_window(db)
    page = window.flats
    assert page.stack.currentWidget() is page.empty
    assert page.empty.title.text() == "Noch keine Wohnungen erfasst."
    assert page.empty.button.text() == "Demodatenbank öffnen"


def test_selecting_a_row_shows_its_details(qtbot, window):
    page = window.flats
    row = page.model.row_number_of(lambda r: r.street == "Bahnhofstraße")
    page.table.selectRow(row)
    assert page.detail.title == "Bahnhofstraße 18 · Wohnung 3"
    assert page.detail.field_text("Bruttokaltmiete").replace("\xa0", " ") == "1.384,56 €"
    assert page.detail.field_text("Geschoss") == "3. Obergeschoss"


def test_household_details_leave_out_sensitive_data(qtbot, window):
    window.show_area(HOUSEHOLDS)
    loaded(qtbot, window)
    page = window.households
    page.table.selectRow(0)
    assert page.detail.field_text("Aktenzeichen")
    shown = " ".join(label.text() for label in page.detail.findChildren(type(window.database_label)))
    for sensitive in ("Aufenthalt", "Schwerbehinderung", "Rollstuhl"):
        assert sensitive not in shown


def test_selection_survives_sorting(window):
    page = window.flats
    page.table.selectRow(page.model.row_number_of(lambda r: r.street == "Kirchstraße"))
    page.table.sortByColumn(page.model.column_index("net_rent_cents"), Qt.SortOrder.DescendingOrder)
    current = page.model.row_at(page.table.currentIndex().row())
    assert current.street == "Kirchstraße"
    assert page.detail.title.startswith("Kirchstraße")


def test_window_layout_is_remembered(make_window, sample_db, language, settings):
    first = make_window(sample_db)
    first.resize(760, 540)
    first.flats.table.horizontalHeader().resizeSection(0, 333)
    first.flats.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    first.show_area(HOUSEHOLDS)
    first.close()
    second = make_window(sample_db)
    assert second.current_area() == HOUSEHOLDS
    assert (second.width(), second.height()) == (760, 540)
    header = second.flats.table.horizontalHeader()
    assert header.sectionSize(0) == 333
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (4, Qt.SortOrder.DescendingOrder)
    rents = [second.flats.model.row_at(n).net_rent_cents for n in range(second.flats.model.rowCount())]
    assert rents == sorted(rents, reverse=True)


def test_a_failed_switch_explains_and_keeps_the_open_database(window, sample_db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    def broken():
        raise DatabaseDamaged("Die Datei ist keine lesbare Datenbank oder beschädigt. Sie wurde nicht verändert.")

    window.switch_database(broken)
    assert shown == ["Die Datei ist keine lesbare Datenbank oder beschädigt. Sie wurde nicht verändert."]
    assert window.database is sample_db
    assert window.flats.model.rowCount() == 8


def test_german_texts_when_german_is_loaded(window):
    model = window.flats.model
    headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    assert "Wohnfläche" in headers
    assert [window.navigation.item(n).text() for n in range(3)] == ["Übersicht", "Wohnungen", "Haushalte"]
    assert [action.text() for action in window.menuBar().actions()] == ["&Datei", "&Bearbeiten", "&Ansicht", "&Hilfe"]
    assert window.flats.search.placeholderText().endswith("(Strg+F)")  # Qt's own German: Strg, not Ctrl


def test_english_texts_when_english_is_chosen(make_window, sample_db, english):
    window = make_window(sample_db)
    model = window.flats.model
    assert model.headerData(model.column_index("living_area_m2"), Qt.Orientation.Horizontal) == "Living area"
    assert window.navigation.item(FLATS).text() == "Flats"
    assert window.database_label.text().startswith("Database: ")
    statuses = [window.flats.status.itemText(n) for n in range(window.flats.status.count())]
    assert statuses == ["All statuses", "available", "reserved", "let", "blocked"]


def test_pseudo_translation_lengthens_every_text_it_knows(make_window, sample_db, qapp):
    from matcher.ui.i18n import install_translations, remove_translations

    install_translations(qapp, "pseudo")
    try:
        window = make_window(sample_db)
        statuses = [window.flats.status.itemText(n) for n in range(window.flats.status.count())]
    finally:
        remove_translations(qapp)
    assert window.navigation.item(FLATS).text().startswith("[Wõhñüñgéñ")
    assert all(text.startswith("[") and text.endswith("]") for text in statuses), statuses


def test_quit_closes_the_window_and_saves_its_state(window, settings):
    window.show_area(HOUSEHOLDS)
    quit_action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Beenden")
    quit_action.trigger()
    assert not window.isVisible()
    assert settings.value("window/area", type=int) == HOUSEHOLDS
    assert any(key.startswith("flats/header/") for key in settings.allKeys())


def test_a_list_is_exported_as_shown(window, qtbot, tmp_path, monkeypatch):
    """File → Export list writes the flats the caseworker sees: filtered, sorted, visible columns."""
    import csv

    from matcher.ui import export_actions

    target = tmp_path / "wohnungen.csv"
    monkeypatch.setattr(export_actions, "ask_path", lambda parent, kind: target)
    page = window.flats
    page.table.setColumnHidden(page.model.column_index("landlord"), True)
    page.search.setText("Meppen")
    page.apply_filter()
    page.table.sortByColumn(page.model.column_index("net_rent_cents"), Qt.SortOrder.DescendingOrder)
    assert window.page_actions["export_current"].isEnabled()
    window.page_actions["export_current"].trigger()
    qtbot.waitUntil(target.exists, timeout=5000)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) - 1 == page.model.rowCount() == 2
    assert "Vermieter" not in rows[0]
    assert [row[rows[0].index("Adresse")] for row in rows[1:]] == ["Bahnhofstraße 18", "Am Markt 3"]


def test_import_is_offered_for_flats_households_and_landlords(window):
    assert [a.text() for a in window.import_actions] == ["&Wohnungen …", "&Haushalte …", "&Vermieter …"]
    assert all(a.isEnabled() for a in window.import_actions)


def test_opening_another_file_moves_the_instance_lock_with_it(make_window, sample_db, tmp_path):
    from matcher.core.instance_lock import acquire, lock_path
    from matcher.ui.storage_dialogs import StorageSession

    window = make_window(sample_db)
    window.attach_storage(StorageSession(sample_db, acquire(sample_db.path, sample_db.user)))
    assert lock_path(sample_db.path).exists()
    other = tmp_path / "zweite.sqlite"
    window.open_file(other, lambda key, ro: open_database(path=other, user=sample_db.user, read_only=ro))
    assert window.database.path == other
    assert lock_path(other).exists()
    assert not lock_path(sample_db.path).exists()  # the first file is free for others again
    window.close()
    assert not lock_path(other).exists()


def test_the_overviews_empty_flats_open_the_list_of_just_those(qtbot, make_window, sample_db, language):
    """ "2 flats empty at the municipality's cost" lists those two flats, not all flats; ✕ shows all again."""
    with sample_db.session() as session:
        flats = session.exec(select(M.Flat).order_by(M.Flat.id)).all()
        empty = [flat for flat in flats if flat.status != "let"][:2]
        let = next(flat for flat in flats if flat.status == "let")
        for flat in (*empty, let):  # the let one costs the municipality nothing extra: not listed
            flat.head_lease_start, flat.head_lease_monthly_cost_cents = date(2025, 1, 1), 65_000
        chosen = sorted(f"{flat.street} {flat.house_number}" for flat in empty)
    window = make_window(sample_db)
    window.flats.search.setText("Meppen")  # cleared: exactly the two are listed
    window.show_area(OVERVIEW)
    overview = window.page(OVERVIEW)
    qtbot.waitUntil(lambda: overview.figures is not None)
    assert overview.empty_at_cost.figure.text() == "2"
    qtbot.mouseClick(overview.empty_at_cost, Qt.MouseButton.LeftButton)
    assert window.current_area() == FLATS
    qtbot.waitUntil(lambda: not window.flats.loading)
    assert sorted(visible_addresses(window)) == chosen
    page = window.flats
    assert page.only_note.isVisible() and page.only_note.text() == "Nur: Leer auf Kosten der Gemeinde"
    assert page.search.text() == ""
    qtbot.mouseClick(page.only_clear, Qt.MouseButton.LeftButton)
    assert not page.only_note.isVisible()
    assert len(visible_addresses(window)) == len(flats)


def test_the_data_protection_menu_acts_on_the_selected_household(qtbot, window, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    asked: list[tuple[str, int]] = []
    page = window.households
    monkeypatch.setattr(page, "subject_access_current", lambda: asked.append(("art15", page.current_id())))
    monkeypatch.setattr(page, "delete_record", lambda: asked.append(("art17", page.current_id())))
    information, erasure, retention = window.privacy_actions
    assert [action.text() for action in window.privacy_actions] == [
        "&Auskunft für einen Haushalt (Art. 15 DSGVO) …",
        "Haushalt endgültig &löschen (Art. 17 DSGVO) …",
        "Aufbewahrungsfrist: abgeschlossene Fälle a&nonymisieren …",
    ]
    information.trigger()  # nothing selected yet: says how to choose one
    assert window.current_area() == HOUSEHOLDS
    assert told == ["Bitte wählen Sie zuerst einen Haushalt in der Liste aus."] and asked == []
    loaded(qtbot, window)
    page.table.selectRow(0)
    information.trigger()
    erasure.trigger()
    assert asked == [("art15", page.current_id()), ("art17", page.current_id())]
    retention.trigger()
    qtbot.waitUntil(lambda: window.retention_dialog.isVisible())
    window.retention_dialog.close()


def test_a_read_only_database_offers_no_data_protection_action(make_window, sample_db, language):
    read_only = open_database(path=sample_db.path, read_only=True)
    try:
        window = make_window(read_only)
        assert not any(action.isEnabled() for action in window.privacy_actions)
    finally:
        read_only.dispose()
