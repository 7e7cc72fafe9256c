"""Cells to values: German and English numbers, amounts in cents, dates, yes/no, value lists, addresses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from matcher.core import enums as E
from matcher.core.exchange import values as V


@pytest.mark.parametrize(
    ("cells", "style"),
    [
        (["1.234,56", "400,00", "62"], "de"),
        (["1234,5"], "de"),
        (["1.250"], "de"),  # no telling value: an office's default is German
        (["1234.56", "400.00", "62"], "en"),
        (["1,234.56"], "en"),
        (["62.5", "1.250"], "en"),  # 62.5 can only be English: so 1.250 is 1.25 here
        (["1.234,56", "62.5"], "de"),  # a German comma anywhere decides for German
        ([62.5, 400], "de"),  # Excel numbers say nothing about the file's text convention
    ],
)
def test_the_number_convention_is_decided_per_file(cells, style):
    assert V.number_style(cells) == style


@pytest.mark.parametrize(
    ("cell", "style", "cents"),
    [
        ("1.234,56", "de", 123456),
        ("1.234,56 €", "de", 123456),
        ("€ 1.234,56", "de", 123456),
        ("1234,56 EUR", "de", 123456),
        ("450", "de", 45000),
        ("1.250", "de", 125000),
        ("1234.56", "en", 123456),
        ("1,234.56", "en", 123456),
        ("1.250", "en", 125),
        ("1.234,56", "en", 123456),  # both marks: the later one is the decimal mark, whatever the file
        (1234.56, "de", 123456),  # Excel number
        (450, "de", 45000),
        ("-12,50", "de", -1250),  # negative reaches the form's check ("Darf nicht negativ sein.")
    ],
)
def test_amounts_become_cents(cell, style, cents):
    assert V.parse_money(cell, style) == cents


@pytest.mark.parametrize("cell", ["12,345", "ca. 400", "400 € zzgl. NK", "1.2.3", "—"])
def test_unclear_amounts_are_refused_not_guessed(cell):
    with pytest.raises(V.Invalid):
        V.parse_money(cell, "de")


def test_numbers_and_whole_numbers():
    assert V.parse_decimal("62,5 m²") == Decimal("62.5")
    assert V.parse_float("62.5", "en") == 62.5
    assert V.parse_int("3") == 3
    with pytest.raises(V.Invalid, match="keine ganze Zahl"):
        V.parse_int("2,5")
    with pytest.raises(V.Invalid, match="keine Zahl"):
        V.parse_float("zwei")


@pytest.mark.parametrize(
    ("cell", "floor"), [("EG", 0), ("Erdgeschoss", 0), ("1. OG", 1), ("3.OG", 3), ("UG", -1), ("2", 2), (4, 4)]
)
def test_floors_as_offices_write_them(cell, floor):
    assert V.parse_floor(cell) == floor


def test_an_attic_floor_without_a_number_is_asked_for():
    with pytest.raises(V.Invalid, match="Geschoss als Zahl"):
        V.parse_floor("DG")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("01.02.2026", date(2026, 2, 1)), ("1.2.2026", date(2026, 2, 1)), ("2026-02-01", date(2026, 2, 1))],
)
def test_dates(cell, expected):
    assert V.parse_date(cell) == expected
    assert V.parse_date(date(2026, 2, 1)) == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("01.02.26", "vierstellig"),
        ("02/01/2026", "mehrdeutig"),
        ("31.02.2026", "gibt es nicht"),
        ("Februar", "kein Datum"),
    ],
)
def test_unclear_dates_are_refused_with_a_reason(cell, fragment):
    with pytest.raises(V.Invalid, match=fragment):
        V.parse_date(cell)


def test_immediately_means_today_only_where_allowed():
    assert V.parse_date("ab sofort", immediately_is_today=True) == date.today()
    with pytest.raises(V.Invalid):
        V.parse_date("ab sofort")


@pytest.mark.parametrize(("cell", "value"), [("ja", True), ("X", True), ("1", True), ("nein", False), ("-", False)])
def test_yes_and_no(cell, value):
    assert V.parse_bool(cell) is value


def test_an_unclear_yes_or_no_is_refused():
    with pytest.raises(V.Invalid, match="„ja“ oder „nein“"):
        V.parse_bool("vielleicht")


@pytest.mark.parametrize(
    ("cell", "enum_cls", "value"),
    [
        ("Fernwärme", E.HeatingType, "district"),
        ("frei", E.FlatStatus, "available"),
        ("available", E.FlatStatus, "available"),
        ("Tochter", E.Relationship, "child"),
        ("Antragstellerin", E.Relationship, "applicant"),
        ("w", E.Sex, "female"),
        ("§ 25 Abs. 2", E.ResidenceStatus, "permit_25_2"),
        ("Aufenthaltserlaubnis § 25 Abs. 2", E.ResidenceStatus, "permit_25_2"),
        ("Duldung", E.ResidenceStatus, "duldung"),
        ("JOBCENTER", E.PayingAuthority, "jobcenter"),
    ],
)
def test_value_lists_accept_values_labels_and_common_words(cell, enum_cls, value):
    assert V.parse_enum(cell, enum_cls) == value


def test_an_unknown_list_value_names_the_choices():
    with pytest.raises(V.Invalid, match="Möglich sind: frei, reserviert, vermietet, gesperrt"):
        V.parse_enum("bald", E.FlatStatus)


def test_text_from_excel_numbers():
    assert V.as_text(12.0) == "12"
    assert V.as_text(1234, digits=5) == "01234"
    assert V.as_text(3454035, digits=8) == "03454035"
    assert V.as_text("  Haus  ") == "Haus"


@pytest.mark.parametrize(
    ("cell", "street", "number"),
    [
        ("Hauptstraße 12a", "Hauptstraße", "12a"),
        ("Am Markt 3-5", "Am Markt", "3-5"),
        ("Straße des 17. Juni 4", "Straße des 17. Juni", "4"),
        ("Kirchweg, 7 b", "Kirchweg", "7b"),
    ],
)
def test_street_and_number_in_one_column(cell, street, number):
    assert V.split_address(cell) == (street, number)


def test_an_address_without_a_number_is_refused():
    with pytest.raises(V.Invalid, match="nicht erkannt"):
        V.split_address("Marktplatz")


def test_names_in_one_column():
    assert V.split_name("Özdemir, Şükrü") == ("Şükrü", "Özdemir")
    assert V.split_name("Amina Haddad") == ("Amina", "Haddad")
    with pytest.raises(V.Invalid):
        V.split_name("Amina")
