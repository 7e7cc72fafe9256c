"""Bad input never gets in: every form field refuses it with a German message naming the field, and nothing
is saved. Names in any script come back exactly as typed (NFC)."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matcher.core import models as M
from matcher.core.errors import ValidationFailed
from matcher.core.services import flats, households, landlords
from matcher.core.text import TextRejected, clean_text

SOEGEL = "03454047"
TODAY = date.today()
HOUSEHOLD = {"case_number": "HARD-1", "residence_status": "gestattung", "paying_authority": "sozialamt"}
APPLICANT = {"given_name": "Amina", "family_name": "Haddad", "relationship": "applicant", "birth_year": 1980}


def _count(db, table) -> int:
    with db.read_session() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def _refused(call) -> dict[str, tuple[str, str]]:
    """{field: (label, message)} of a refused call; fails if it was accepted."""
    with pytest.raises(ValidationFailed) as caught:
        call()
    return {e.field: (e.label, e.message) for e in caught.value.errors}


HOUSEHOLD_CASES = [
    ({"case_number": "AZ\x00-1"}, {}, "case_number", "Aktenzeichen", "Steuerzeichen"),
    ({"notes": "Zeile\x1b[31m"}, {}, "notes", "Bemerkungen", "Steuerzeichen"),
    ({}, {"given_name": "Ami\u202ena"}, "members[0].given_name", "Person 1 – Vorname", "Schreibrichtung"),
    ({}, {"family_name": "Had\u202adad"}, "members[0].family_name", "Person 1 – Familienname", "Schreibrichtung"),
    ({}, {"given_name": "Ami\u2066na"}, "members[0].given_name", "Person 1 – Vorname", "Schreibrichtung"),
    ({}, {"given_name": "Ami\u2069na"}, "members[0].given_name", "Person 1 – Vorname", "Schreibrichtung"),
    ({}, {"family_name": "Had\ud800dad"}, "members[0].family_name", "Person 1 – Familienname", "defekte Kodierung"),
    ({}, {"family_name": "Had\uffffdad"}, "members[0].family_name", "Person 1 – Familienname", "defekte Kodierung"),
    ({}, {"given_name": "Ami\u2028na"}, "members[0].given_name", "Person 1 – Vorname", "Zeilenumbruch"),
    ({}, {"family_name": "H" * 121}, "members[0].family_name", "Person 1 – Familienname", "höchstens 120 Zeichen"),
    ({"case_number": "A" * 41}, {}, "case_number", "Aktenzeichen", "höchstens 40 Zeichen"),
    ({"notes": "x" * 200_000}, {}, "notes", "Bemerkungen", "zu lang"),
    (
        {},
        {"birth_date": "31.02.1990", "birth_year": None},
        "members[0].birth_date",
        "Person 1 – Geburtsdatum",
        "Diesen Tag gibt es im Kalender nicht",
    ),
    (
        {},
        {"birth_date": "1990-02-30", "birth_year": None},
        "members[0].birth_date",
        "Person 1 – Geburtsdatum",
        "gibt es im Kalender nicht",
    ),
    (
        {},
        {"birth_date": TODAY + timedelta(days=1), "birth_year": None, "relationship": "child"},
        "members[0].birth_date",
        "Person 1 – Geburtsdatum",
        "Zukunft",
    ),
    (
        {},
        {"birth_date": date(1899, 12, 31), "birth_year": None},
        "members[0].birth_date",
        "Person 1 – Geburtsdatum",
        "vor 1900",
    ),
    ({}, {"birth_year": 1899}, "members[0].birth_year", "Person 1 – Geburtsjahr (falls Datum unbekannt)", "1.900"),
    ({"accommodation_ags": "99999999"}, {}, "accommodation_ags", "Ort der Unterkunft", "nicht bekannt"),
    ({"registered_on": TODAY + timedelta(days=2)}, {}, "registered_on", "Wohnungssuchend seit", "Zukunft"),
]


@pytest.mark.parametrize(("household", "member", "field", "label", "fragment"), HOUSEHOLD_CASES)
def test_household_form_refuses_bad_input_naming_the_field(any_db, household, member, field, label, fragment):
    refused = _refused(
        lambda: households.create_household(any_db, {**HOUSEHOLD, **household}, [{**APPLICANT, **member}])
    )
    assert field in refused, refused
    assert refused[field][0] == label
    assert fragment in refused[field][1]
    assert _count(any_db, M.Household) == 0 and _count(any_db, M.Member) == 0


def test_contact_person_refuses_control_characters_and_future_consent(db):
    contacts = [
        {"role": "interpreter", "name": "Dol\x07metscher"},
        {"role": "other", "name": "Pate", "consent_date": TODAY + timedelta(days=3)},
    ]
    refused = _refused(lambda: households.create_household(db, HOUSEHOLD, [APPLICANT], contacts=contacts))
    assert refused["contacts[0].name"][0] == "Kontaktperson 1 – Name"
    assert "Steuerzeichen" in refused["contacts[0].name"][1]
    assert "Zukunft" in refused["contacts[1].consent_date"][1]
    assert _count(db, M.ContactPerson) == 0


@pytest.fixture
def landlord_id(db) -> int:
    landlord = landlords.create_landlord(db, {"kind": "private", "name": "Erika Vermieterin"})
    assert landlord.id is not None
    return landlord.id


FLAT = {
    "street": "Hauptstraße",
    "house_number": "1",
    "postcode": "49751",
    "ags": SOEGEL,
    "living_area_m2": 54.5,
    "rooms": 2,
    "bedrooms": 1,
    "net_rent_cents": 42_000,
}
FLAT_CASES = [
    ({"living_area_m2": -5}, "living_area_m2", "Wohnfläche", "größer als 0"),
    ({"living_area_m2": 0}, "living_area_m2", "Wohnfläche", "größer als 0"),
    ({"living_area_m2": 25_000}, "living_area_m2", "Wohnfläche", "höchstens"),
    ({"living_area_m2": float("inf")}, "living_area_m2", "Wohnfläche", "höchstens"),
    ({"net_rent_cents": -100}, "net_rent_cents", "Nettokaltmiete", "nicht negativ"),
    ({"net_rent_cents": 500_000_000}, "net_rent_cents", "Nettokaltmiete", "höchstens 100.000,00"),
    ({"operating_costs_cents": -1}, "operating_costs_cents", "Nebenkosten", "nicht negativ"),
    ({"rooms": 0}, "rooms", "Zimmer", "kleiner als 1"),
    ({"ags": "99999999"}, "ags", "Gemeinde", "Unbekannte Gemeinde"),
    ({"street": "Haupt\u202estraße"}, "street", "Straße", "Schreibrichtung"),
    ({"available_from": "31.04.2026"}, "available_from", "Frei ab", "gibt es im Kalender nicht"),
]


@pytest.mark.parametrize(("changes", "field", "label", "fragment"), FLAT_CASES)
def test_flat_form_refuses_bad_amounts_areas_places(db, landlord_id, changes, field, label, fragment):
    refused = _refused(lambda: flats.create_flat(db, {**FLAT, "landlord_id": landlord_id, **changes}))
    assert field in refused, refused
    assert refused[field][0] == label and fragment in refused[field][1]
    assert _count(db, M.Flat) == 0


def test_german_dates_are_understood(db, landlord_id):
    flat = flats.create_flat(db, {**FLAT, "landlord_id": landlord_id, "available_from": "01.03.2027"})
    assert flat.available_from == date(2027, 3, 1)


@pytest.mark.parametrize("iban", ["DE00 1234 5678 0000 0000 00", "DE89370400440532013001", "XX12", "DE8937040044"])
def test_invalid_iban_is_refused(db, iban):
    refused = _refused(lambda: landlords.create_landlord(db, {"kind": "private", "name": "V", "iban": iban}))
    assert refused["iban"][0] == "IBAN" and "IBAN ist ungültig" in refused["iban"][1]
    assert _count(db, M.Landlord) == 0


def test_valid_iban_is_stored_compact(db):
    landlord = landlords.create_landlord(db, {"kind": "private", "name": "V", "iban": "de89 3704 0044 0532 0130 00"})
    assert landlord.iban == "DE89370400440532013000"


# --------------------------------------------------------------------------------------------------
# Names in any script
# --------------------------------------------------------------------------------------------------

NAMES = [
    ("Zoë", "Müller-Lüdenscheidt"),
    ("محمد", "الأحمد"),  # Arabic
    ("Олена", "Шевченко"),  # Cyrillic
    ("Ἀλέξανδρος", "Παπαδόπουλος"),  # Greek with breathing marks
    ("ሰላም", "ተስፋዬ"),  # Ethiopic (Tigrinya)
    ("زهرا", "می\u200cخواهم"),  # Persian with a zero-width non-joiner, which must stay
    ("Nguyễn", "Thị Minh Khai"),  # Vietnamese: stacked diacritics
    ("Şükrü", "Öztürk"),
    ("李", "小龙"),
]


@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_round_trip_through_the_database_unchanged(any_db, given, family):
    decomposed = unicodedata.normalize("NFD", given)
    created = households.create_household(
        any_db, HOUSEHOLD, [{**APPLICANT, "given_name": decomposed, "family_name": family}]
    )
    assert created.household.id is not None
    stored = households.get_household_detail(any_db, created.household.id).members[0]
    assert stored.given_name == unicodedata.normalize("NFC", given)
    assert stored.family_name == unicodedata.normalize("NFC", family)


def test_leading_byte_order_mark_from_a_spreadsheet_is_dropped():
    assert clean_text("\ufeffAmina") == "Amina"
    with pytest.raises(TextRejected):
        clean_text("Ami\ufeffna")
