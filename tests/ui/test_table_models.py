"""Table models on real rows: Qt's model contract, sorting and filtering in the model, German formats."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from matcher.core.services.queries import FlatRow, flat_rows, household_rows
from matcher.ui.table_models import (
    ROW_ROLE,
    SORT_ROLE,
    FlatTableModel,
    HouseholdTableModel,
    RowTableModel,
    natural_key,
    sort_text,
)

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
SENSITIVE = {"residence_status", "permit_issued_on", "has_disability", "needs_wheelchair", "needs_extra_room"}


@pytest.fixture
def flats(sample_db, language) -> FlatTableModel:
    model = FlatTableModel()
    model.set_rows(flat_rows(sample_db))
    return model


@pytest.fixture
def households(sample_db, language) -> HouseholdTableModel:
    model = HouseholdTableModel()
    model.set_rows(household_rows(sample_db))
    return model


def shown(model: RowTableModel, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> list:
    column = model.column_index(key)
    return [model.data(model.index(row, column), role) for row in range(model.rowCount())]


def row_where(model: RowTableModel, **values) -> int:
    number = model.row_number_of(lambda row: all(getattr(row, k) == v for k, v in values.items()))
    assert number >= 0, values
    return number


def text(model: RowTableModel, row: int, key: str) -> str:
    return model.data(model.index(row, model.column_index(key))).replace("\xa0", " ")


@pytest.mark.parametrize("name", ["flats", "households"])
def test_models_keep_the_qt_model_contract_through_sorting_and_filtering(qtmodeltester, request, name):
    model = request.getfixturevalue(name)
    assert model.rowCount() > 0
    qtmodeltester.check(model)  # stays attached: the resets below are checked as they happen
    model.sort(0, DESC)
    model.set_filter("me")
    model.set_filter("", status=model.status_enum()("waiting" if name == "households" else "available").value)
    model.set_rows([])
    qtmodeltester.check(model)


@pytest.mark.parametrize("order", [ASC, DESC])
@pytest.mark.parametrize("name", ["flats", "households"])
def test_every_column_sorts_on_native_values_with_empty_values_last(request, name, order):
    model = request.getfixturevalue(name)
    for column in range(model.columnCount()):
        model.sort(column, order)
        values = [model.data(model.index(row, column), SORT_ROLE) for row in range(model.rowCount())]
        present = [v for v in values if v is not None]
        assert values[len(present) :] == [None] * (len(values) - len(present)), model.COLUMNS[column].key
        keys = [sort_text(v) if isinstance(v, str) else v for v in present]
        assert keys == sorted(keys, reverse=order == DESC), model.COLUMNS[column].key


def test_money_sorts_as_numbers_not_as_text(flats):
    flats.sort(flats.column_index("net_rent_cents"), DESC)
    assert text(flats, 0, "net_rent_cents") == "1.234,56 €"  # as text, "6…" would beat "1.…"
    flats.sort(flats.column_index("net_rent_cents"), ASC)
    assert text(flats, 0, "net_rent_cents") == "299,00 €"


def test_dates_sort_by_day_and_missing_dates_go_last(flats):
    flats.sort(flats.column_index("available_from"), ASC)
    assert shown(flats, "available_from")[:4] == ["01.12.2026", "15.12.2026", "01.01.2027", ""]
    flats.sort(flats.column_index("available_from"), DESC)
    assert shown(flats, "available_from")[:4] == ["01.01.2027", "15.12.2026", "01.12.2026", ""]


def test_status_sorts_in_workflow_order_and_shows_the_german_label(flats, households):
    flats.sort(flats.column_index("status"), ASC)
    assert list(dict.fromkeys(shown(flats, "status"))) == ["frei", "reserviert", "vermietet", "gesperrt"]
    households.sort(households.column_index("urgency"), DESC)
    assert shown(households, "urgency")[:2] == ["dringend", "hoch"]


def test_text_sorts_ignore_case_and_umlauts(flats):
    flats.sort(flats.column_index("address"), ASC)
    addresses = shown(flats, "address")
    assert addresses.index("Ölmühlenweg 2") < addresses.index("Zur Schleuse 5")  # Ö files under O, not after Z


def test_house_numbers_and_case_numbers_sort_as_numbers(flats, sample_db):
    template = flat_rows(sample_db)[0]
    numbers = ["23", "6a", "6", "101", "7"]
    flats.set_rows([replace(template, id=n, street="Ahornweg", house_number=h) for n, h in enumerate(numbers)])
    flats.sort(flats.column_index("address"), ASC)
    assert shown(flats, "address") == ["Ahornweg 6", "Ahornweg 6a", "Ahornweg 7", "Ahornweg 23", "Ahornweg 101"]
    assert sort_text("50.3-00002/2024") < sort_text("50.3-00010/2024")


def test_search_ignores_case_and_accents(households, flats):
    households.set_filter("sogel")
    assert {households.row_at(n).case_number for n in range(households.rowCount())} == {
        "50.2-2026-0001",
        "50.2-2026-0003",
    }
    flats.set_filter("OLMUHLEN")
    assert shown(flats, "address") == ["Ölmühlenweg 2"]
    flats.set_filter("hauptstr 12")  # every word must match; ß is searched as ss
    assert shown(flats, "address") == ["Hauptstraße 12"]


def test_filter_by_status_and_municipality_and_reset(flats):
    flats.set_filter(status="available")
    assert flats.rowCount() == 5
    assert {flats.row_at(n).status for n in range(flats.rowCount())} == {"available"}
    flats.set_filter(status="available", municipality="Meppen")
    assert shown(flats, "address") == ["Bahnhofstraße 18"]
    assert flats.is_filtered()
    flats.set_filter()
    assert flats.rowCount() == flats.total_count() == 8
    assert not flats.is_filtered()


def test_filtering_keeps_the_sort_order(flats):
    flats.sort(flats.column_index("living_area_m2"), DESC)
    flats.set_filter(status="available")
    areas = shown(flats, "living_area_m2", SORT_ROLE)
    assert areas == sorted(areas, reverse=True)


def test_municipalities_for_the_filter_are_sorted_and_distinct(flats):
    assert flats.municipalities() == ["Haren (Ems)", "Lingen (Ems)", "Meppen", "Papenburg", "Sögel", "Werlte"]


def test_user_role_returns_the_row_object(flats, households):
    for model in (flats, households):
        for row in range(model.rowCount()):
            value = model.data(model.index(row, 2), ROW_ROLE)
            assert value is model.row_at(row)
    assert isinstance(flats.data(flats.index(0, 0), ROW_ROLE), FlatRow)


def test_display_role_is_formatted_in_german(flats, households):
    row = row_where(flats, street="Bahnhofstraße")
    assert text(flats, row, "net_rent_cents") == "1.234,56 €"
    assert text(flats, row, "gross_cold_rent_cents") == "1.384,56 €"
    assert text(flats, row, "living_area_m2") == "76,2 m²"
    assert text(flats, row_where(flats, street="Clemens-August-Straße"), "rooms") == "1,5"
    assert text(flats, row_where(flats, street="Hauptstraße"), "available_from") == "01.12.2026"
    assert text(households, row_where(households, case_number="50.2-2026-0003"), "registered_on") == "20.11.2025"
    assert text(households, row_where(households, case_number="50.2-2026-0006"), "status") == "zurückgestellt"


def test_numbers_are_right_aligned_and_text_left(flats):
    right = flats.data(flats.index(0, flats.column_index("net_rent_cents")), Qt.ItemDataRole.TextAlignmentRole)
    left = flats.data(flats.index(0, flats.column_index("address")), Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight
    assert left & Qt.AlignmentFlag.AlignLeft


def test_headers_are_translated(flats, households):
    headers = [flats.headerData(n, Qt.Orientation.Horizontal) for n in range(flats.columnCount())]
    assert headers[:6] == ["Adresse", "Gemeinde", "Wohnfläche", "Zimmer", "Nettokaltmiete", "Bruttokaltmiete"]
    assert households.headerData(0, Qt.Orientation.Horizontal) == "Aktenzeichen"


def test_sensitive_fields_are_never_list_columns():
    for model in (FlatTableModel, HouseholdTableModel):
        assert not {column.key for column in model.COLUMNS} & SENSITIVE


@pytest.mark.slow
def test_a_hundred_thousand_rows_sort_and_filter_correctly(sample_db, language):
    """Correctness at the size the model is built for; its speed is measured in benchmarks/bench_ui_lists.py."""
    template = flat_rows(sample_db)
    rows = [replace(template[i % len(template)], id=i, net_rent_cents=(i * 7919) % 150_000) for i in range(100_000)]
    model = FlatTableModel()
    model.set_rows(rows)
    model.sort(model.column_index("net_rent_cents"), DESC)
    rents = [model.row_at(n).net_rent_cents for n in range(0, model.rowCount(), 997)]
    assert rents == sorted(rents, reverse=True)
    model.sort(model.column_index("address"), ASC)
    model.set_filter("sogel", status="available")
    assert model.rowCount() > 0
    assert all(model.row_at(n).municipality == "Sögel" for n in range(model.rowCount()))
    assert model.row_number_of_id(model.row_at(5).id) == 5


def test_unknown_stored_values_are_shown_rather_than_hidden(flats, sample_db):
    row = replace(flat_rows(sample_db)[0], status="future_status", available_from=date(2027, 5, 1))
    flats.set_rows([row])
    assert shown(flats, "status") == ["future_status"]


@pytest.fixture
def flats_page(qtbot, sample_db, language):
    from matcher.ui.context import AppContext
    from matcher.ui.flats_view import FlatsPage

    page = FlatsPage(AppContext(sample_db))
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_model_loaded_by_the_page_in_the_background_keeps_the_contract(qtmodeltester, qtbot, flats_page):
    page = flats_page
    qtmodeltester.check(page.model)  # attached through loading, sorting, filtering and reloading
    with qtbot.waitSignal(page.loaded):
        page.activate()
        assert page.loading
        assert page.empty.title.text() == "Wird geladen …"  # instead of an empty grid meanwhile
    assert not page.loading and page.stack.currentWidget() is page.table
    assert page.model.rowCount() == 8
    page.table.sortByColumn(page.model.column_index("net_rent_cents"), DESC)
    page.search.setText("meppen")
    page.status.setCurrentIndex(page.status.findData("available"))
    with qtbot.waitSignal(page.loaded):
        page.context.notify_changed("flat")  # a save elsewhere: the visible list reloads
    assert [page.model.row_at(n).address for n in range(page.model.rowCount())] == ["Bahnhofstraße 18"]
    qtmodeltester.check(page.model)


def test_a_reload_keeps_the_selected_record_by_its_id(qtbot, flats_page, sample_db):
    page = flats_page
    with qtbot.waitSignal(page.loaded):
        page.activate()
    kirch = page.model.row_number_of(lambda r: r.street == "Kirchstraße")
    page.table.selectRow(kirch)
    flat_id = page.current_id()
    assert page.model.row_number_of_id(flat_id) == kirch
    page.table.sortByColumn(page.model.column_index("living_area_m2"), ASC)
    with qtbot.waitSignal(page.loaded):
        page.reload()
    assert page.current_id() == flat_id
    page.search.setText("zzz")  # filtered out: no row, no selection
    assert page.model.row_number_of_id(flat_id) == -1
    page.show_record(flat_id)  # asked for it by id: the filter that hides it is cleared
    assert page.current_id() == flat_id and page.search.text() == ""


def test_switching_the_database_forgets_the_rows_of_the_old_one(qtbot, flats_page, tmp_path):
    from matcher.core.db import open_database

    page = flats_page
    with qtbot.waitSignal(page.loaded):
        page.activate()
    assert page.model.total_count() == 8
    empty = open_database(path=tmp_path / "empty.sqlite")
    try:
        page.context.switch_database(empty)
        assert page.model.total_count() == 0
        with qtbot.waitSignal(page.loaded):
            page.activate()
        assert page.stack.currentWidget() is page.empty
        assert page.empty.title.text() == "Noch keine Wohnungen erfasst."
    finally:
        empty.dispose()


def test_natural_string_keys_order_exactly_like_sort_text():
    texts = ["Ahornweg 23", "Ahornweg 6a", "a b", "a1", "ab", "Ahornweg 6", "Öl 2", "ol 10", "", "50.3-00010/2024",
             "50.3-00002/2024", "Zur Schleuse 5", "ahornweg 101"]  # fmt: skip
    assert sorted(texts, key=natural_key) == sorted(texts, key=sort_text)


def test_cached_formats_are_the_core_formats(flats):
    from matcher.core import formatting
    from matcher.ui.table_models import area, count, day, money

    amounts = [0, 5, 99, 100, 123_456, 100_000_000, -2_550, *range(0, 10_000_000, 7_919)]
    assert [money(cents) for cents in amounts] == [formatting.euros(cents) for cents in amounts]
    assert money(None) == ""
    assert day(date(2026, 11, 24)) == formatting.day(date(2026, 11, 24)) and day(None) == ""
    assert area(52.5) == formatting.area(52.5) and count(2.5) == formatting.number(2.5, 1)
