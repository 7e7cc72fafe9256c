"""Settings service: office data and logo, versioned district rules, own Richtwert tables, weights."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core import reference
from matcher.core.errors import NotFound, ValidationFailed
from matcher.core.services import audit, settings

EMSLAND = "03454"
PAPENBURG, MEPPEN, LINGEN, RHEDE, HAREN = "03454041", "03454035", "03454032", "03454044", "03454018"
GIFHORN_STADT = "03151009"
SALZGITTER = "03102000"
WFB_AREAS = {1: 50.0, 2: 60.0, 3: 75.0, 4: 85.0, 5: 95.0, M.EACH_ADDITIONAL: 10.0}
JAN_2026 = date(2026, 1, 1)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64


def count(db, table, *conditions):
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(table).where(*conditions)).one()


def audit_entries(db, entity):
    with db.read_session() as session:
        query = select(M.AuditEntry).where(M.AuditEntry.entity == entity).order_by(M.AuditEntry.id)
        return list(session.exec(query).all())


# --------------------------------------------------------------------------------------------------
# Office
# --------------------------------------------------------------------------------------------------


def test_office_update_is_stored_and_audited(any_db):
    office = settings.update_office(
        any_db,
        {"name": "Landkreis Emsland", "postcode": "49716", "email": "wohnen@emsland.de", "kreis_key": EMSLAND},
    )
    assert office.kreis_key == EMSLAND
    assert settings.get_office(any_db).name == "Landkreis Emsland"
    (entry,) = audit_entries(any_db, "office")
    assert (entry.action, entry.description) == ("update", "Felder: email, kreis_key, name, postcode")


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({"name": "Amt\u202e"}, "name", "Schreibrichtung"),
        ({"city": "Meppen\x00"}, "city", "Steuerzeichen"),
        ({"postcode": "4971"}, "postcode", "fünfstellige Postleitzahl"),
        ({"email": "wohnen-at-emsland.de"}, "email", "name@beispiel.de"),
        ({"kreis_key": "03999"}, "kreis_key", settings.UNKNOWN_DISTRICT),
        ({"idle_lock_minutes": -1}, "idle_lock_minutes", "nicht negativ"),
        ({"audit_retention_days": 29}, "audit_retention_days", "nicht kleiner als 30"),
        ({"statistics_min_count": "fünf"}, "statistics_min_count", "ganze Zahl"),
        ({"fax": "0591"}, "fax", "Unbekanntes Feld"),
    ],
)
def test_bad_office_input_is_refused_and_nothing_saved(any_db, changes, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        settings.update_office(any_db, {"name": "Landkreis Emsland", **changes})
    assert any(fragment in m for m in caught.value.for_field(field)), caught.value.errors
    assert settings.get_office(any_db).name == ""
    assert audit_entries(any_db, "office") == []


def test_office_errors_come_all_at_once(any_db):
    with pytest.raises(ValidationFailed) as caught:
        settings.update_office(any_db, {"name": "x" * 300, "postcode": "abc", "email": "a@b", "kreis_key": "0"})
    assert {e.field for e in caught.value.errors} == {"name", "postcode", "email", "kreis_key"}


@pytest.mark.parametrize(
    ("content", "mime", "stored"),
    [(PNG, "image/png", "image/png"), (JPEG, "image/jpg", "image/jpeg"), (JPEG, None, "image/jpeg")],
)
def test_logo_is_stored_with_the_type_its_content_shows(any_db, content, mime, stored):
    settings.set_office_logo(any_db, content, mime)
    office = settings.get_office(any_db)
    assert (office.logo, office.logo_mime) == (content, stored)
    (entry,) = audit_entries(any_db, "office")
    assert entry.description == f"Logo gespeichert ({stored}, {len(content)} Bytes)"


@pytest.mark.parametrize(
    ("content", "mime", "fragment"),
    [
        (b"", "image/png", "leer"),
        (GIF, "image/gif", "PNG- oder JPEG-Bild"),
        (GIF, None, "PNG- oder JPEG-Bild"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", "PNG- oder JPEG-Bild"),
        (PNG, "application/pdf", "PNG- oder JPEG-Bild"),
        (JPEG, "image/png", "ein JPEG-Bild, angegeben war PNG"),
        (PNG + b"\x00" * settings.MAX_LOGO_BYTES, "image/png", "zu groß"),
    ],
)
def test_bad_logo_is_refused_and_the_old_one_kept(any_db, content, mime, fragment):
    settings.set_office_logo(any_db, PNG, "image/png")
    with pytest.raises(ValidationFailed) as caught:
        settings.set_office_logo(any_db, content, mime)
    assert any(fragment in m for m in caught.value.for_field("logo")), caught.value.errors
    assert settings.get_office(any_db).logo == PNG
    assert len(audit_entries(any_db, "office")) == 1


def test_logo_at_the_size_limit_is_accepted_and_none_removes_it(any_db):
    content = PNG + b"\x00" * (settings.MAX_LOGO_BYTES - len(PNG))
    settings.set_office_logo(any_db, content, "image/png")
    assert len(settings.get_office(any_db).logo) == settings.MAX_LOGO_BYTES
    settings.set_office_logo(any_db, None)
    office = settings.get_office(any_db)
    assert (office.logo, office.logo_mime) == (None, None)
    assert audit_entries(any_db, "office")[-1].description == "Logo entfernt"


# --------------------------------------------------------------------------------------------------
# District rules
# --------------------------------------------------------------------------------------------------


def test_every_district_starts_on_the_marked_default(any_db):
    version = settings.rules_for(any_db, EMSLAND, JAN_2026)
    assert version.rules.cap_method == E.CapMethod.WOHNGELD_V3 and version.rules.cap_is_default
    assert version.area_table == WFB_AREAS
    assert set(version.barred) == set(reference.BARRED_DEFAULTS)
    assert settings.rules_for(any_db, EMSLAND, date(2024, 4, 30)) is None


def test_rules_of_an_unknown_district_are_not_found(any_db):
    with pytest.raises(NotFound, match="Landkreis 03999"):
        settings.rules_for(any_db, "03999", JAN_2026)
    with pytest.raises(NotFound):
        settings.add_rules_version(any_db, "03999", {"valid_from": JAN_2026}, WFB_AREAS, [])


def test_a_new_version_applies_from_its_date_and_keeps_the_old_one(any_db):
    cloppenburg_style = {1: 53.0, 2: 63.0, 3: 75.0, 4: 85.0, 5: 95.0, M.EACH_ADDITIONAL: 10.0}
    added = settings.add_rules_version(
        any_db,
        EMSLAND,
        {"valid_from": JAN_2026, "cap_method": "wohngeld_v1", "cap_is_default": False, "source": "Kreistag 2025"},
        cloppenburg_style,
        [SALZGITTER, SALZGITTER],
    )
    assert added.rules.id is not None and added.area_table == cloppenburg_style
    assert added.barred == {SALZGITTER: reference.BARRED_DEFAULTS[SALZGITTER]}  # note carried over
    now = settings.rules_for(any_db, EMSLAND, date(2026, 6, 1))
    before = settings.rules_for(any_db, EMSLAND, date(2025, 12, 31))
    assert (now.rules.cap_method, now.area_table[1]) == ("wohngeld_v1", 53.0)
    assert (before.rules.cap_method, before.area_table[1]) == ("wohngeld_v3", 50.0)
    assert [r.valid_from for r in settings.rules_versions(any_db, EMSLAND)] == [date(2024, 5, 1), JAN_2026]
    (entry,) = audit_entries(any_db, "district_rules")
    assert entry.action == "create" and "03454" in entry.description and "01.01.2026" in entry.description


RULES_BAD = [
    ({"valid_from": date(2024, 5, 1)}, WFB_AREAS, [], "valid_from", "schon eine Fassung"),
    ({}, WFB_AREAS, [], "valid_from", "Bitte ausfüllen"),
    ({"valid_from": "morgen"}, WFB_AREAS, [], "valid_from", "gültiges Datum"),
    ({"valid_from": JAN_2026, "cap_method": "wohngeld_v4"}, WFB_AREAS, [], "cap_method", "Wohngeldtabelle"),
    ({"valid_from": JAN_2026, "cap_method": "own_table"}, WFB_AREAS, [], "cap_method", "keine eigene Richtwerttabelle"),
    ({"valid_from": JAN_2026, "source": "x" * 501}, WFB_AREAS, [], "source", "höchstens 500 Zeichen"),
    ({"valid_from": JAN_2026, "notes": "Konzept\u2067"}, WFB_AREAS, [], "notes", "Schreibrichtung"),
    ({"valid_from": JAN_2026, "min_area_per_occupant_m2": -1}, WFB_AREAS, [], "min_area_per_occupant_m2", "negativ"),
    (
        {"valid_from": JAN_2026, "heating_limit_cents_per_m2": -5},
        WFB_AREAS,
        [],
        "heating_limit_cents_per_m2",
        "negativ",
    ),
    ({"valid_from": JAN_2026, "colour": "rot"}, WFB_AREAS, [], "colour", "Unbekanntes Feld"),
    ({"valid_from": JAN_2026}, {}, [], "area_table", "je Haushaltsgröße"),
    ({"valid_from": JAN_2026}, {1: 50.0, 3: 75.0, 0: 10.0}, [], "area_table", "es fehlt: 2 Personen"),
    ({"valid_from": JAN_2026}, {1: 50.0, 2: 60.0}, [], "area_table.0", "jede weitere Person"),
    ({"valid_from": JAN_2026}, {1: 50.0, 2: 45.0, 0: 10.0}, [], "area_table.2", "kleiner als für 1 Person"),
    ({"valid_from": JAN_2026}, {1: -50.0, 0: 10.0}, [], "area_table.1", "über 0"),
    ({"valid_from": JAN_2026}, {1: 50.0, 13: 60.0, 0: 10.0}, [], "area_table.13", "1 bis 12"),
    ({"valid_from": JAN_2026}, WFB_AREAS, ["03999999"], "barred_ags", "Unbekannte Gemeinde (03999999)"),
]


@pytest.mark.parametrize(
    ("data", "areas", "barred", "field", "fragment"), RULES_BAD, ids=[f"{i}-{r[3]}" for i, r in enumerate(RULES_BAD)]
)
def test_bad_rules_version_is_refused_and_nothing_saved(any_db, data, areas, barred, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        settings.add_rules_version(any_db, EMSLAND, data, areas, barred)
    assert any(fragment in m for m in caught.value.for_field(field)), caught.value.errors
    assert len(settings.rules_versions(any_db, EMSLAND)) == 1
    assert audit_entries(any_db, "district_rules") == []


def test_rules_errors_come_all_at_once(any_db):
    with pytest.raises(ValidationFailed) as caught:
        settings.add_rules_version(
            any_db, EMSLAND, {"valid_from": date(2024, 5, 1), "notes": "\x00"}, {1: 50.0}, ["00000000"]
        )
    assert {e.field for e in caught.value.errors} == {"valid_from", "notes", "area_table.0", "barred_ags"}


# --------------------------------------------------------------------------------------------------
# Own Richtwert table
# --------------------------------------------------------------------------------------------------


def by_municipality(ags, amounts, each_additional=None):
    rows = [{"ags": ags, "household_size": size, "amount_cents": cents} for size, cents in enumerate(amounts, 1)]
    if each_additional is not None:
        rows.append({"ags": ags, "household_size": M.EACH_ADDITIONAL, "amount_cents": each_additional})
    return rows


def by_area(name, members, amounts):
    rows = [{"area": name, "household_size": size, "amount_cents": cents} for size, cents in enumerate(amounts, 1)]
    rows[0]["members"] = members
    return rows


def test_own_table_is_stored_without_switching_the_method(any_db):
    entries = by_municipality(PAPENBURG, [40_000, 48_000], 9_000) + by_area("Mitte", [MEPPEN, LINGEN], [41_000, 49_000])
    table = settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, entries)
    assert table.areas == {"Mitte": sorted([MEPPEN, LINGEN])}
    assert [(r.ags, r.area, r.household_size, r.amount_cents) for r in table.rows] == [
        (PAPENBURG, None, 1, 40_000),
        (PAPENBURG, None, 2, 48_000),
        (PAPENBURG, None, M.EACH_ADDITIONAL, 9_000),
        (None, "Mitte", 1, 41_000),
        (None, "Mitte", 2, 49_000),
    ]
    assert settings.get_rent_cap_table(any_db, EMSLAND, JAN_2026) == table
    rules = settings.rules_for(any_db, EMSLAND, JAN_2026).rules
    assert rules.cap_method == "wohngeld_v3" and rules.cap_is_default
    (entry,) = audit_entries(any_db, "rent_cap_table")
    assert entry.entity_id == EMSLAND and "5 Richtwerte" in entry.description


def test_switching_creates_a_version_from_the_table_date_that_copies_the_rest(any_db):
    settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_municipality(PAPENBURG, [40_000]), switch_method=True)
    versions = settings.rules_versions(any_db, EMSLAND)
    assert [v.valid_from for v in versions] == [date(2024, 5, 1), JAN_2026]
    new = settings.rules_for(any_db, EMSLAND, JAN_2026)
    assert (new.rules.cap_method, new.rules.cap_is_default) == ("own_table", False)
    assert new.rules.source == settings.OWN_TABLE_SOURCE and new.rules.notes == ""
    assert new.area_table == WFB_AREAS and set(new.barred) == set(reference.BARRED_DEFAULTS)
    old = settings.rules_for(any_db, EMSLAND, date(2025, 12, 31)).rules
    assert (old.cap_method, old.cap_is_default) == ("wohngeld_v3", True)
    assert "eigenes Konzept" in audit_entries(any_db, "rent_cap_table")[0].description


def test_a_rules_version_may_choose_the_own_table_once_one_is_stored(any_db):
    settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_municipality(PAPENBURG, [40_000]))
    added = settings.add_rules_version(
        any_db,
        EMSLAND,
        {"valid_from": date(2026, 7, 1), "cap_method": "own_table", "cap_is_default": False},
        WFB_AREAS,
        [],
    )
    assert added.rules.cap_method == "own_table"
    assert settings.rules_for(any_db, EMSLAND, date(2026, 8, 1)).rules.id == added.rules.id


def test_switching_on_the_day_a_version_starts_changes_that_version(any_db):
    settings.add_rules_version(any_db, EMSLAND, {"valid_from": JAN_2026, "cap_round_to_euro": True}, WFB_AREAS, [])
    settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_municipality(PAPENBURG, [40_000]), switch_method=True)
    versions = settings.rules_versions(any_db, EMSLAND)
    assert len(versions) == 2
    assert (versions[1].cap_method, versions[1].cap_is_default, versions[1].cap_round_to_euro) == (
        "own_table",
        False,
        True,
    )


def test_storing_a_table_again_for_the_same_day_replaces_it(any_db):
    settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_municipality(PAPENBURG, [40_000, 48_000]))
    table = settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_municipality(RHEDE, [39_000]))
    assert [(r.ags, r.amount_cents) for r in table.rows] == [(RHEDE, 39_000)]
    assert count(any_db, M.RentCapEntry) == 1


def test_an_area_keeps_its_stored_members_when_none_are_given(any_db):
    settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_area("Nord", [PAPENBURG, RHEDE], [40_000]))
    later = [{"area": "Nord", "household_size": 1, "amount_cents": 42_000}]
    table = settings.set_rent_cap_table(any_db, EMSLAND, date(2027, 1, 1), later)
    assert table.areas == {"Nord": sorted([PAPENBURG, RHEDE])}
    assert count(any_db, M.ComparisonArea) == 1


TABLE_BAD = [
    ([{"ags": "03454999", "household_size": 1, "amount_cents": 40_000}], "entries.0.ags", "Unbekannte Gemeinde"),
    (
        [{"ags": GIFHORN_STADT, "household_size": 1, "amount_cents": 40_000}],
        "entries.0.ags",
        "nicht zu diesem Landkreis",
    ),
    ([{"household_size": 1, "amount_cents": 40_000}], "entries.0.ags", "entweder eine Gemeinde oder"),
    (
        [{"ags": PAPENBURG, "area": "Nord", "members": [RHEDE], "household_size": 1, "amount_cents": 1}],
        "entries.0.ags",
        "entweder eine Gemeinde oder",
    ),
    ([{"ags": PAPENBURG, "household_size": 13, "amount_cents": 40_000}], "entries.0.household_size", "höchstens 12"),
    ([{"ags": PAPENBURG, "household_size": 1, "amount_cents": -1}], "entries.0.amount_cents", "nicht negativ"),
    ([{"ags": PAPENBURG, "household_size": 1, "amount_cents": 0}], "entries.0.amount_cents", "über 0 €"),
    ([{"ags": PAPENBURG, "household_size": 1}], "entries.0.amount_cents", "Bitte ausfüllen"),
    (
        [{"ags": PAPENBURG, "household_size": 1, "amount_cents": 40_000, "note": "x"}],
        "entries.0.note",
        "Unbekanntes Feld",
    ),
    (by_municipality(PAPENBURG, [40_000]) * 2, "entries.rows", "doppelt"),
    (
        [
            {"ags": PAPENBURG, "household_size": 1, "amount_cents": 40_000},
            {"ags": PAPENBURG, "household_size": 3, "amount_cents": 60_000},
        ],
        "entries.rows",
        "es fehlt: 2 Personen",
    ),
    (by_municipality(PAPENBURG, [40_000, 39_000]), "entries.rows.2", "kleiner als für 1 Person"),
    (
        [{"area": "Süd", "household_size": 1, "amount_cents": 40_000}],
        "entries.members",
        "Gemeinden des Vergleichsraums",
    ),
    (by_area("Süd", ["03454999"], [40_000]), "entries.members", "Unbekannte Gemeinde"),
    (by_area("Süd", [GIFHORN_STADT], [40_000]), "entries.members", "nicht zu diesem Landkreis"),
    (by_area("Süd", [LINGEN], [40_000]) + by_area("Mitte", [LINGEN], [41_000]), "entries.members", "gehört schon"),
    (
        [
            *by_area("Süd", [LINGEN], [40_000]),
            {"area": "Süd", "members": [HAREN], "household_size": 2, "amount_cents": 48_000},
        ],
        "entries.members",
        "unterschiedliche Gemeinden",
    ),
    (by_area("Süd\u202e", [LINGEN], [40_000]), "entries.0.area", "Schreibrichtung"),
    (by_area("x" * 121, [LINGEN], [40_000]), "entries.0.area", "1 bis 120 Zeichen"),
    (
        [{"ags": PAPENBURG, "members": [RHEDE], "household_size": 1, "amount_cents": 40_000}],
        "entries.0.members",
        "nur zu einem Vergleichsraum",
    ),
]


@pytest.mark.parametrize(
    ("entries", "field", "fragment"), TABLE_BAD, ids=[f"{i}-{t[1]}" for i, t in enumerate(TABLE_BAD)]
)
def test_bad_table_is_refused_as_a_whole(any_db, entries, field, fragment):
    good = by_municipality(MEPPEN, [41_000, 49_000])
    with pytest.raises(ValidationFailed) as caught:
        settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, good + entries, switch_method=True)
    messages = [e.message for e in caught.value.errors if e.field == field.replace("entries.0.", "entries.2.")]
    assert any(fragment in m for m in messages), caught.value.errors
    assert count(any_db, M.RentCapEntry) == 0
    assert count(any_db, M.ComparisonArea) == 0
    assert len(settings.rules_versions(any_db, EMSLAND)) == 1
    assert audit_entries(any_db, "rent_cap_table") == []


def test_empty_table_is_refused(any_db):
    with pytest.raises(ValidationFailed) as caught:
        settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, [], switch_method=True)
    assert any("Tabelle ist leer" in m for m in caught.value.for_field("entries.rows"))
    assert settings.rules_for(any_db, EMSLAND, JAN_2026).rules.cap_method == "wohngeld_v3"


def test_table_errors_name_the_row(any_db):
    with pytest.raises(ValidationFailed) as caught:
        settings.set_rent_cap_table(
            any_db, EMSLAND, JAN_2026, [{"ags": PAPENBURG, "household_size": 1, "amount_cents": -5}]
        )
    (error,) = caught.value.errors
    assert error.label == "Zeile 1: Bruttokaltmiete höchstens"


# --------------------------------------------------------------------------------------------------
# Matching weights
# --------------------------------------------------------------------------------------------------


def test_every_criterion_has_a_german_label():
    assert set(settings.WEIGHT_LABELS) == set(reference.DEFAULT_WEIGHTS)


def test_weights_start_at_the_defaults(any_db):
    assert settings.get_weights(any_db) == reference.DEFAULT_WEIGHTS


def test_set_weights_changes_only_the_named_ones_and_audits_changes(any_db):
    result = settings.set_weights(any_db, {"proximity": 5, "wishes": 2.0})
    assert result == {**reference.DEFAULT_WEIGHTS, "proximity": 5.0}
    assert settings.get_weights(any_db) == result
    (entry,) = audit_entries(any_db, "matching_weight")
    assert entry.description == "proximity 2 → 5"
    settings.set_weights(any_db, {"proximity": 5})
    assert len(audit_entries(any_db, "matching_weight")) == 1


@pytest.mark.parametrize(
    ("weights", "field", "fragment"),
    [
        ({"beauty": 3}, "beauty", "Unbekanntes Kriterium"),
        ({"proximity": -1}, "proximity", "nicht negativ"),
        ({"proximity": 101}, "proximity", "höchstens 100"),
        ({"proximity": "viel"}, "proximity", "Zahl"),
        ({"proximity": True}, "proximity", "Zahl von 0 bis 100"),
        ({"proximity": float("nan")}, "proximity", "höchstens 100"),
        ({c: 0 for c in reference.DEFAULT_WEIGHTS}, "weights", "Mindestens ein Kriterium"),
    ],
)
def test_bad_weights_are_refused_and_nothing_saved(any_db, weights, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        settings.set_weights(any_db, {"size_fit": 7, **weights})
    assert any(fragment in m for m in caught.value.for_field(field)), caught.value.errors
    assert settings.get_weights(any_db) == reference.DEFAULT_WEIGHTS
    assert audit_entries(any_db, "matching_weight") == []


def test_weights_may_be_zero_while_another_is_positive(any_db):
    weights = {c: 0 for c in reference.DEFAULT_WEIGHTS} | {"wishes": 1}
    assert settings.set_weights(any_db, weights)["size_fit"] == 0.0


def test_audit_chain_stays_intact_across_settings_changes(any_db):
    settings.update_office(any_db, {"city": "Meppen"})
    settings.set_office_logo(any_db, PNG, "image/png")
    settings.add_rules_version(any_db, EMSLAND, {"valid_from": JAN_2026}, WFB_AREAS, [])
    settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_municipality(PAPENBURG, [40_000]), switch_method=True)
    settings.set_weights(any_db, {"bedrooms": 4})
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None
    assert count(any_db, M.AuditEntry) == 5


# --------------------------------------------------------------------------------------------------
# Comparison areas (Vergleichsräume) on their own
# --------------------------------------------------------------------------------------------------


def members_of(db, area_id):
    with db.read_session() as session:
        query = select(M.ComparisonAreaMember.ags).where(M.ComparisonAreaMember.area_id == area_id)
        return sorted(session.exec(query).all())


def test_a_comparison_area_is_created_with_its_municipalities_and_audited(any_db):
    area = settings.save_comparison_area(any_db, EMSLAND, "  Nord ", [RHEDE, PAPENBURG, RHEDE])
    assert (area.name, area.members, area.used_from) == ("Nord", sorted([PAPENBURG, RHEDE]), [])
    assert members_of(any_db, area.id) == sorted([PAPENBURG, RHEDE])
    assert settings.comparison_areas(any_db, EMSLAND) == [area]
    (entry,) = audit_entries(any_db, "comparison_area")
    assert entry.action == "create" and entry.entity_id == str(area.id) and PAPENBURG in entry.description


def test_a_comparison_area_is_renamed_and_its_members_replaced(any_db):
    area = settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    changed = settings.save_comparison_area(any_db, EMSLAND, "Nordkreis", [PAPENBURG, HAREN], area_id=area.id)
    assert (changed.id, changed.name, changed.members) == (area.id, "Nordkreis", sorted([HAREN, PAPENBURG]))
    assert members_of(any_db, area.id) == sorted([HAREN, PAPENBURG])
    assert count(any_db, M.ComparisonArea) == 1
    assert "vorher „Nord“" in audit_entries(any_db, "comparison_area")[-1].description


def test_a_municipality_may_belong_to_only_one_area(any_db):
    settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    with pytest.raises(ValidationFailed) as caught:
        settings.save_comparison_area(any_db, EMSLAND, "Mitte", [MEPPEN, RHEDE])
    (message,) = caught.value.for_field("members")
    assert message.startswith("Rhede (Ems) gehört schon zum Vergleichsraum „Nord“.")
    assert count(any_db, M.ComparisonArea) == 1 and len(audit_entries(any_db, "comparison_area")) == 1


def test_an_area_may_keep_its_own_municipalities_when_saved_again(any_db):
    area = settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    again = settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE, HAREN], area_id=area.id)
    assert again.members == sorted([HAREN, PAPENBURG, RHEDE])


def test_name_and_members_are_checked_together(any_db):
    settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG])
    with pytest.raises(ValidationFailed) as caught:
        settings.save_comparison_area(any_db, EMSLAND, "nord", [])
    assert "gibt es schon" in caught.value.for_field("name")[0]
    assert caught.value.for_field("members") == ["Bitte wählen Sie mindestens eine Gemeinde aus."]
    assert count(any_db, M.ComparisonArea) == 1


@pytest.mark.parametrize(
    ("name", "members", "field", "fragment"),
    [
        ("", [MEPPEN], "name", "Bitte geben Sie einen Namen"),
        ("x" * 121, [MEPPEN], "name", "höchstens 120 Zeichen"),
        ("Süd\u202e", [MEPPEN], "name", "Schreibrichtung"),
        ("Süd", [GIFHORN_STADT], "members", "gehört nicht zu diesem Landkreis"),
        ("Süd", ["99999999"], "members", "Unbekannte Gemeinde"),
        ("Süd", MEPPEN, "members", "aus der Liste"),
    ],
)
def test_wrong_area_input_is_refused_at_the_field(any_db, name, members, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        settings.save_comparison_area(any_db, EMSLAND, name, members)
    assert fragment in " ".join(caught.value.for_field(field))
    assert count(any_db, M.ComparisonArea) == 0


def test_an_area_of_another_district_or_gone_is_not_found(any_db):
    area = settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG])
    with pytest.raises(NotFound):
        settings.save_comparison_area(any_db, "03151", "Nord", [GIFHORN_STADT], area_id=area.id)
    with pytest.raises(NotFound):
        settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG], area_id=area.id + 100)
    with pytest.raises(NotFound):
        settings.delete_comparison_area(any_db, area.id + 100)


def test_an_unused_area_is_deleted_with_its_members(any_db):
    area = settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    settings.delete_comparison_area(any_db, area.id)
    assert settings.comparison_areas(any_db, EMSLAND) == []
    assert count(any_db, M.ComparisonAreaMember) == 0
    assert audit_entries(any_db, "comparison_area")[-1].action == "delete"
    assert settings.save_comparison_area(any_db, EMSLAND, "Mitte", [RHEDE]).members == [RHEDE]  # free again


def test_an_area_a_richtwert_table_uses_is_not_deleted(any_db):
    area = settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    settings.set_rent_cap_table(
        any_db, EMSLAND, JAN_2026, [{"area": "Nord", "household_size": 1, "amount_cents": 40_000}]
    )
    assert settings.comparison_areas(any_db, EMSLAND)[0].used_from == [JAN_2026]
    with pytest.raises(ValidationFailed) as caught:
        settings.delete_comparison_area(any_db, area.id)
    assert "Richtwerttabelle ab 01.01.2026" in caught.value.for_field("area")[0]
    assert count(any_db, M.ComparisonArea) == 1 and count(any_db, M.ComparisonAreaMember) == 2


def test_a_table_may_not_put_a_municipality_of_a_stored_area_into_a_new_one(any_db):
    settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    with pytest.raises(ValidationFailed) as caught:
        settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, by_area("Küste", [RHEDE], [40_000]))
    assert "gehört schon zum Vergleichsraum „Nord“" in caught.value.for_field("entries.members")[0]
    assert count(any_db, M.RentCapEntry) == 0


def test_a_table_may_redefine_two_stored_areas_together(any_db):
    settings.save_comparison_area(any_db, EMSLAND, "Nord", [PAPENBURG, RHEDE])
    settings.save_comparison_area(any_db, EMSLAND, "Mitte", [MEPPEN])
    entries = by_area("Nord", [PAPENBURG], [40_000]) + by_area("Mitte", [MEPPEN, RHEDE], [41_000])
    table = settings.set_rent_cap_table(any_db, EMSLAND, JAN_2026, entries)
    assert table.areas == {"Mitte": sorted([MEPPEN, RHEDE]), "Nord": [PAPENBURG]}
