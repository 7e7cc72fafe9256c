"""Column mapping: guessed from German and English headers, overridden by a file, remembered per source."""

from __future__ import annotations

import json

import pytest

from matcher.core.exchange.importing import suggested_mapping
from matcher.core.exchange.mapping import (
    MappingError,
    check_mapping,
    guess_mapping,
    load_mapping_file,
    mapping_file_text,
    missing_required,
    normalise_header,
    remember_mapping,
    targets,
    with_overrides,
)

from .office_files import FLAT_HEADERS


def test_german_headers_of_a_housing_company_list():
    assert guess_mapping("flats", FLAT_HEADERS) == {
        "Objekt-Nr.": "landlord_reference",
        "Vermieter": "landlord",
        "Straße": "street",
        "Hausnr.": "house_number",
        "PLZ": "postcode",
        "Ort": "ags",
        "Lage": "floor",
        "Whg.-Nr.": "flat_number",
        "Wohnfläche (m²)": "living_area_m2",
        "Zimmer": "rooms",
        "Schlafzimmer": "bedrooms",
        "Kaltmiete in €": "net_rent_cents",
        "Nebenkosten": "operating_costs_cents",
        "Heizkosten": "heating_costs_cents",
        "Kaution": "deposit_cents",
        "Frei ab": "available_from",
        "Aufzug": "elevator",
        "Bemerkung": "notes",
    }


def test_english_headers():
    headers = ["Landlord", "Address", "Postcode", "City", "Living area (sqm)", "Rooms", "Bedrooms", "Net rent (EUR)",
               "Operating costs", "Available from", "Elevator", "Comment"]  # fmt: skip
    assert guess_mapping("flats", headers) == {
        "Landlord": "landlord",
        "Address": "street_and_number",
        "Postcode": "postcode",
        "City": "ags",
        "Living area (sqm)": "living_area_m2",
        "Rooms": "rooms",
        "Bedrooms": "bedrooms",
        "Net rent (EUR)": "net_rent_cents",
        "Operating costs": "operating_costs_cents",
        "Available from": "available_from",
        "Elevator": "elevator",
        "Comment": "notes",
    }


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Wohnfläche (m²)", "wohnflaeche"),
        ("WOHNFLAECHE [qm]", "wohnflaeche"),
        ("Wohnfla\u0308che", "wohnflaeche"),  # decomposed umlaut from a Mac
        ("Nettokaltmiete in €", "nettokaltmiete"),
        ("PLZ:", "plz"),
        ("qm", "qm"),  # a header that is only a unit keeps it
    ],
)
def test_headers_are_compared_without_case_umlauts_units_and_punctuation(header, key):
    assert normalise_header(header) == key


def test_unknown_headers_stay_unmapped_and_each_field_is_filled_once():
    mapping = guess_mapping("flats", ["Straße", "Strasse", "Lieblingsfarbe", "Wohnflache"])
    assert mapping == {"Straße": "street", "Strasse": None, "Lieblingsfarbe": None, "Wohnflache": "living_area_m2"}


def test_household_list_headers_with_people():
    headers = ["Az.", "Name, Vorname", "Geb.-Datum", "Geschlecht", "Verhältnis", "Staatsangehörigkeit",
               "Aufenthaltsstatus", "Kostenträger", "Unterkunft"]  # fmt: skip
    assert guess_mapping("households", headers) == {
        "Az.": "case_number",
        "Name, Vorname": "member.full_name",
        "Geb.-Datum": "member.birth_date",
        "Geschlecht": "member.sex",
        "Verhältnis": "member.relationship",
        "Staatsangehörigkeit": "member.nationality",
        "Aufenthaltsstatus": "residence_status",
        "Kostenträger": "paying_authority",
        "Unterkunft": "current_accommodation",
    }


def test_targets_come_from_the_form_models():
    flat_targets = targets("flats")
    assert flat_targets["net_rent_cents"].value_type == "money"
    assert flat_targets["net_rent_cents"].label == "Nettokaltmiete"
    assert flat_targets["available_from"].value_type == "date"
    assert flat_targets["heating_type"].value_type == "enum"
    assert "landlord_id" not in flat_targets
    assert targets("households")["member.birth_date"].value_type == "date"
    with pytest.raises(MappingError, match="Unbekannte Art"):
        targets("autos")


def test_missing_required_fields_allow_alternatives_and_derivable_fields():
    mapping = guess_mapping("flats", ["Adresse", "PLZ", "Wohnfläche", "Zimmer", "Schlafzimmer", "Kaltmiete"])
    assert [t.name for t in missing_required("flats", mapping)] == ["landlord"]
    assert missing_required("flats", mapping, landlord_given=True) == []
    names = [t.name for t in missing_required("flats", {"Straße": "street"})]
    assert names == ["landlord", "house_number", "postcode", "living_area_m2", "rooms", "bedrooms", "net_rent_cents"]


def test_a_mapping_file_overrides_the_guess_column_by_column(tmp_path):
    path = tmp_path / "zuordnung.json"
    path.write_text(json.dumps({"columns": {"Lage": None, "Bemerkung": "notes", "Objekt-Nr.": "flat_number"}}))
    guessed = guess_mapping("flats", FLAT_HEADERS)
    mapping = with_overrides("flats", FLAT_HEADERS, guessed, load_mapping_file(path))
    assert mapping["Lage"] is None
    assert mapping["Objekt-Nr."] == "flat_number"
    assert mapping["Whg.-Nr."] is None  # flat_number moved to the column the file names
    assert mapping["Straße"] == "street"  # untouched columns keep the guess


def test_a_written_mapping_file_reads_back(tmp_path):
    mapping = guess_mapping("flats", FLAT_HEADERS)
    path = tmp_path / "zuordnung.json"
    path.write_text(mapping_file_text("flats", mapping), encoding="utf-8")
    assert load_mapping_file(path) == mapping


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{kaputt", "kein gültiges JSON"),
        ('["Straße"]', "muss Spaltennamen auf Feldnamen abbilden"),
        ('{"Straße": 3}', "muss Spaltennamen auf Feldnamen abbilden"),
    ],
)
def test_a_broken_mapping_file_is_refused_in_german(tmp_path, content, fragment):
    path = tmp_path / "zuordnung.json"
    path.write_text(content)
    with pytest.raises(MappingError, match=fragment):
        load_mapping_file(path)


def test_a_mapping_naming_unknown_columns_or_fields_or_a_field_twice_is_refused():
    with pytest.raises(MappingError) as caught:
        check_mapping("flats", ["Straße", "Str."], {"Straße": "street", "Str.": "street", "Farbe": "colour"})
    message = str(caught.value)
    assert "Diese Spalten gibt es in der Datei nicht: „Farbe“." in message
    assert "Diese Felder gibt es nicht: colour." in message
    assert "„Straße“ ist zwei Spalten zugeordnet: „Straße“ und „Str.“." in message


def test_a_corrected_mapping_is_remembered_for_files_with_the_same_columns(db):
    corrected = {**guess_mapping("flats", FLAT_HEADERS), "Lage": None}
    assert suggested_mapping(db, "flats", FLAT_HEADERS)["Lage"] == "floor"
    with db.session() as session:
        remember_mapping(session, "flats", FLAT_HEADERS, corrected, "gbh.xlsx")
    assert suggested_mapping(db, "flats", FLAT_HEADERS) == corrected
    assert suggested_mapping(db, "flats", [*FLAT_HEADERS, "Balkon"])["Lage"] == "floor"  # other columns: guessed
    assert suggested_mapping(db, "households", FLAT_HEADERS) != corrected


def test_landlord_list_headers():
    headers = ["Firma", "Rechtsform", "Anschrift", "PLZ", "Ort", "Bankverbindung", "Kontoinhaber"]
    assert guess_mapping("landlords", headers) == {
        "Firma": "name",
        "Rechtsform": "kind",
        "Anschrift": "street",
        "PLZ": "postcode",
        "Ort": "city",
        "Bankverbindung": "iban",
        "Kontoinhaber": "account_holder",
    }
