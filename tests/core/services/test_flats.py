"""Flat service: every field and domain rule in German, all errors at once, history, distances, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.errors import ConflictError, NotFound, ValidationFailed
from matcher.core.formatting import euros
from matcher.core.services import audit, flats, landlords

PAPENBURG = "03454041"


@pytest.fixture
def landlord_id(any_db):
    return landlords.create_landlord(any_db, {"kind": "private", "name": "Anna Beispiel"}).id


@pytest.fixture
def cooperative_id(any_db):
    return landlords.create_landlord(any_db, {"kind": "cooperative", "name": "Bürgergenossenschaft eG"}).id


def flat_data(landlord_id, /, **changes):
    data = {
        "landlord_id": landlord_id,
        "street": "Hauptkanal links",
        "house_number": "12a",
        "postcode": "26871",
        "ags": PAPENBURG,
        "living_area_m2": 65.5,
        "rooms": 3,
        "bedrooms": 2,
        "net_rent_cents": 39_500,
        "operating_costs_cents": 12_000,
        "heating_costs_cents": 8_000,
        "deposit_cents": 118_500,
    }
    return {**data, **changes}


def count(db, table, *conditions):
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(table).where(*conditions)).one()


def audit_entries(db, entity):
    with db.read_session() as session:
        query = select(M.AuditEntry).where(M.AuditEntry.entity == entity).order_by(M.AuditEntry.id)
        return list(session.exec(query).all())


# --------------------------------------------------------------------------------------------------
# Creating
# --------------------------------------------------------------------------------------------------


def test_create_stores_flat_with_initial_status_in_history_and_audit(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    assert flat.id is not None and flat.version == 1
    assert flats.get_flat(any_db, flat.id).deposit_cents == 118_500
    history = flats.flat_status_history(any_db, flat.id)
    assert [(h.status, h.user, h.note) for h in history] == [("available", "test.user", flats.CREATED_NOTE)]
    entries = audit_entries(any_db, "flat")
    assert [(e.action, e.entity_id) for e in entries] == [("create", str(flat.id))]
    assert "Hauptkanal" not in entries[0].description and "12a" not in entries[0].description
    assert PAPENBURG in entries[0].description


def test_create_with_another_initial_status_records_that_status(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id, status="blocked"))
    assert [h.status for h in flats.flat_status_history(any_db, flat.id)] == ["blocked"]


BAD_INPUT = [
    ({"street": ""}, "street", "Bitte ausfüllen"),
    ({"street": "x" * 201}, "street", "höchstens 200 Zeichen"),
    ({"street": "Haupt\u202estraße"}, "street", "Schreibrichtung"),
    ({"street": "Haupt\u2066straße"}, "street", "Schreibrichtung"),
    ({"house_number": "1\x00"}, "house_number", "Steuerzeichen"),
    ({"notes": "Zeile 1\x1bZeile 2"}, "notes", "Steuerzeichen"),
    ({"net_rent_cents": -1}, "net_rent_cents", "nicht negativ"),
    ({"operating_costs_cents": -100}, "operating_costs_cents", "nicht negativ"),
    ({"net_rent_cents": 10_000_001}, "net_rent_cents", "höchstens"),
    ({"net_rent_cents": "viel"}, "net_rent_cents", "ganze Zahl"),
    ({"living_area_m2": 0}, "living_area_m2", "größer als 0"),
    ({"living_area_m2": "groß"}, "living_area_m2", "Zahl"),
    ({"floor": -3}, "floor", "nicht kleiner als -2"),
    ({"available_from": "31.02.2026"}, "available_from", "gültiges Datum"),
    ({"status": "sold"}, "status", "frei, reserviert, vermietet, gesperrt"),
    ({"colour": "blau"}, "colour", "Unbekanntes Feld"),
    ({"ags": "99999999"}, "ags", flats.UNKNOWN_MUNICIPALITY),
    ({"ags": ""}, "ags", flats.UNKNOWN_MUNICIPALITY),
    ({"ags": "123456789"}, "ags", "höchstens 8 Zeichen"),
    ({"landlord_id": 999_999}, "landlord_id", flats.UNKNOWN_LANDLORD),
    ({"landlord_id": 10**12}, "landlord_id", flats.UNKNOWN_LANDLORD),
    ({"owner_id": 999_999}, "owner_id", flats.UNKNOWN_OWNER),
    ({"postcode": "2687"}, "postcode", flats.POSTCODE_MESSAGE),
    ({"postcode": "268711"}, "postcode", flats.POSTCODE_MESSAGE),
    ({"postcode": "ABCDE"}, "postcode", flats.POSTCODE_MESSAGE),
    ({"postcode": ""}, "postcode", flats.POSTCODE_MESSAGE),
    ({"deposit_cents": 118_501}, "deposit_cents", f"höchstens {euros(118_500)}"),
    ({"deposit_cents": -1}, "deposit_cents", "nicht negativ"),
    ({"bedrooms": 4}, "bedrooms", "mehr Schlafzimmer als Zimmer"),
    ({"rooms": 1.5, "bedrooms": 2}, "bedrooms", "mehr Schlafzimmer als Zimmer"),
    (
        {"head_lease_start": date(2026, 3, 1), "head_lease_end": date(2026, 2, 28)},
        "head_lease_end",
        "vor ihrem Beginn (01.03.2026)",
    ),
    ({"head_lease_end": date(2030, 1, 1)}, "head_lease_start", "seit wann"),
    ({"head_lease_monthly_cost_cents": 40_000}, "head_lease_start", "seit wann"),
    (
        {
            "head_lease_start": date(2026, 3, 1),
            "head_lease_end": date(2031, 2, 28),
            "head_lease_notice_date": date(2031, 3, 31),
        },
        "head_lease_notice_date",
        "innerhalb der Anmietung liegen (01.03.2026 bis 28.02.2031)",
    ),
    (
        {"head_lease_start": date(2026, 3, 1), "head_lease_notice_date": date(2026, 2, 1)},
        "head_lease_notice_date",
        "ab 01.03.2026",
    ),
    ({"funded": True}, "binding_end", "Ende der Bindung"),
    (
        {"funded": True, "binding_end": date(2036, 1, 1), "permitted_rent_cents_per_m2": 560},
        "net_rent_cents",
        f"{euros(2_820)} über der nach der Förderung zulässigen Miete",
    ),
    ({"cooperative_shares": 2, "cooperative_share_cents": 50_000}, "cooperative_shares", "Genossenschaft"),
    ({"cooperative_share_cents": 50_000}, "cooperative_shares", "Genossenschaft"),
]


@pytest.mark.parametrize(
    ("changes", "field", "fragment"), BAD_INPUT, ids=[f"{i}-{c[1]}" for i, c in enumerate(BAD_INPUT)]
)
def test_bad_input_is_refused_at_the_field_and_nothing_saved(any_db, landlord_id, changes, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        flats.create_flat(any_db, flat_data(landlord_id, **changes))
    assert any(fragment in message for message in caught.value.for_field(field)), caught.value.errors
    assert count(any_db, M.Flat) == 0
    assert count(any_db, M.FlatStatusChange) == 0
    assert audit_entries(any_db, "flat") == []


def test_missing_required_fields_are_named(any_db):
    with pytest.raises(ValidationFailed) as caught:
        flats.create_flat(any_db, {})
    missing = {e.field for e in caught.value.errors if e.message == "Bitte ausfüllen."}
    assert {"landlord_id", "street", "house_number", "ags", "living_area_m2", "net_rent_cents"} <= missing


def test_every_error_of_one_call_comes_at_once(any_db, landlord_id):
    data = flat_data(
        landlord_id,
        street="",  # field rule
        ags="03999999",  # reference check
        deposit_cents=200_000,  # domain rule
        bedrooms=5,
        funded=True,
        postcode="1234",
    )
    with pytest.raises(ValidationFailed) as caught:
        flats.create_flat(any_db, data)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"street", "ags", "deposit_cents", "bedrooms", "binding_end", "postcode"}
    assert all(e.label for e in caught.value.errors)


def test_a_field_that_failed_gets_no_second_error_from_a_domain_rule(any_db, landlord_id):
    with pytest.raises(ValidationFailed) as caught:
        flats.create_flat(any_db, flat_data(landlord_id, rooms="drei", bedrooms=5, net_rent_cents="x"))
    assert {e.field for e in caught.value.errors} == {"rooms", "net_rent_cents"}
    assert len(caught.value.errors) == 2


def test_deposit_exactly_three_net_rents_is_accepted(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id, net_rent_cents=39_500, deposit_cents=3 * 39_500))
    assert flat.deposit_cents == 118_500


def test_cooperative_shares_do_not_count_toward_the_deposit_limit(any_db, cooperative_id):
    data = flat_data(cooperative_id, deposit_cents=118_500, cooperative_shares=10, cooperative_share_cents=50_000)
    flat = flats.create_flat(any_db, data)
    assert (flat.cooperative_shares, flat.cooperative_share_cents) == (10, 50_000)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cooperative_shares": 4}, "cooperative_share_cents"),
        ({"cooperative_share_cents": 50_000}, "cooperative_shares"),
    ],
)
def test_cooperative_shares_need_number_and_amount(any_db, cooperative_id, changes, field):
    with pytest.raises(ValidationFailed) as caught:
        flats.create_flat(any_db, flat_data(cooperative_id, **changes))
    assert caught.value.for_field(field)


def test_funded_rent_exactly_at_the_permitted_limit_is_accepted(any_db, landlord_id):
    # 5,60 € × 65,5 m² = 366,80 €
    data = flat_data(
        landlord_id,
        funded=True,
        binding_end=date(2036, 1, 1),
        permitted_rent_cents_per_m2=560,
        net_rent_cents=36_680,
        deposit_cents=0,
    )
    assert flats.create_flat(any_db, data).net_rent_cents == 36_680
    with pytest.raises(ValidationFailed) as caught:
        flats.create_flat(any_db, {**data, "net_rent_cents": 36_681})
    (message,) = caught.value.for_field("net_rent_cents")
    assert euros(1) in message and f"höchstens {euros(36_680)}" in message


def test_head_lease_within_its_dates_is_accepted(any_db, landlord_id):
    data = flat_data(
        landlord_id,
        head_lease_start=date(2026, 3, 1),
        head_lease_end=date(2031, 2, 28),
        head_lease_notice_date=date(2031, 2, 28),
        head_lease_monthly_cost_cents=45_000,
    )
    flat = flats.create_flat(any_db, data)
    assert flat.head_lease_notice_date == date(2031, 2, 28)


def test_owner_same_as_landlord_is_not_stored_as_separate_owner(any_db, landlord_id, cooperative_id):
    same = flats.create_flat(any_db, flat_data(landlord_id, owner_id=landlord_id))
    other = flats.create_flat(any_db, flat_data(landlord_id, owner_id=cooperative_id))
    assert flats.get_flat(any_db, same.id).owner_id is None
    assert flats.get_flat(any_db, other.id).owner_id == cooperative_id


def test_text_is_stored_nfc_and_trimmed_and_notes_keep_line_breaks(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id, street=" Mu\u0308hlenweg ", notes="Zeile 1\nZeile 2"))
    stored = flats.get_flat(any_db, flat.id)
    assert stored.street == "Mühlenweg" and stored.notes == "Zeile 1\nZeile 2"


# --------------------------------------------------------------------------------------------------
# Updating
# --------------------------------------------------------------------------------------------------


def test_update_changes_fields_bumps_version_and_audits_field_names(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    updated = flats.update_flat(any_db, flat.id, {"net_rent_cents": 41_000}, expected_version=1)
    assert updated.version == 2 and flats.get_flat(any_db, flat.id).net_rent_cents == 41_000
    entries = audit_entries(any_db, "flat")
    assert [(e.action, e.description) for e in entries][-1] == ("update", "Felder: net_rent_cents")


def test_update_checks_rules_across_old_and_new_values(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id, deposit_cents=118_500))
    with pytest.raises(ValidationFailed) as caught:
        flats.update_flat(any_db, flat.id, {"net_rent_cents": 30_000})  # deposit now above 3 × 300 €
    assert caught.value.for_field("deposit_cents") == [
        f"Die Kaution ist höher als drei Nettokaltmieten (höchstens {euros(90_000)})."
    ]
    stored = flats.get_flat(any_db, flat.id)
    assert (stored.net_rent_cents, stored.version) == (39_500, 1)
    assert [e.action for e in audit_entries(any_db, "flat")] == ["create"]


def test_stale_update_is_refused_and_nothing_changes(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.update_flat(any_db, flat.id, {"floor": 2}, expected_version=flat.version)
    with pytest.raises(ConflictError, match="inzwischen von einer anderen Person geändert"):
        flats.update_flat(any_db, flat.id, {"floor": 3}, expected_version=flat.version)
    assert flats.get_flat(any_db, flat.id).floor == 2


def test_status_changed_in_the_form_is_written_to_the_history(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.update_flat(any_db, flat.id, {"status": "reserved"})
    flats.update_flat(any_db, flat.id, {"floor": 1})
    history = flats.flat_status_history(any_db, flat.id)
    assert [(h.status, h.note) for h in history] == [
        ("available", flats.CREATED_NOTE),
        ("reserved", flats.EDITED_NOTE),
    ]


def test_unknown_flat_is_a_german_not_found(any_db):
    with pytest.raises(NotFound, match="Wohnung 999 gibt es nicht"):
        flats.update_flat(any_db, 999, {"floor": 1})
    with pytest.raises(NotFound):
        flats.get_flat(any_db, 999)
    with pytest.raises(NotFound):
        flats.set_flat_status(any_db, 999, "let")
    with pytest.raises(NotFound):
        flats.flat_status_history(any_db, 999)


# --------------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------------


def test_status_changes_build_a_history_and_audit_without_the_note(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.set_flat_status(any_db, flat.id, "reserved", note="Familie K. besichtigt am Montag")
    after = flats.set_flat_status(any_db, flat.id, E.FlatStatus.LET, note="Mietvertrag\nunterschrieben")
    assert after.status == "let" and flats.get_flat(any_db, flat.id).status == "let"
    history = flats.flat_status_history(any_db, flat.id)
    assert [h.status for h in history] == ["available", "reserved", "let"]
    assert history[2].note == "Mietvertrag\nunterschrieben"
    status_entries = [e for e in audit_entries(any_db, "flat") if e.action == "status"]
    assert [e.description for e in status_entries] == ["Status: frei → reserviert", "Status: reserviert → vermietet"]
    assert all("Familie" not in e.description for e in audit_entries(any_db, "flat"))


@pytest.mark.parametrize(
    ("status", "note", "field", "fragment"),
    [
        ("sold", "", "status", "frei"),
        ("let", "x" * 501, "note", "höchstens 500 Zeichen"),
        ("let", "Notiz\u202e", "note", "Schreibrichtung"),
        ("let", "Notiz\x07", "note", "Steuerzeichen"),
    ],
)
def test_bad_status_change_is_refused_and_nothing_recorded(any_db, landlord_id, status, note, field, fragment):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    with pytest.raises(ValidationFailed) as caught:
        flats.set_flat_status(any_db, flat.id, status, note=note)
    assert any(fragment in m for m in caught.value.for_field(field))
    assert flats.get_flat(any_db, flat.id).status == "available"
    assert len(flats.flat_status_history(any_db, flat.id)) == 1


def test_stale_status_change_is_refused(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.update_flat(any_db, flat.id, {"floor": 1})
    with pytest.raises(ConflictError):
        flats.set_flat_status(any_db, flat.id, "blocked", expected_version=flat.version)
    assert len(flats.flat_status_history(any_db, flat.id)) == 1


# --------------------------------------------------------------------------------------------------
# Distances
# --------------------------------------------------------------------------------------------------


def test_distances_are_stored_replaced_and_removed(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.set_distances(any_db, flat.id, {"school": (1.2, 15), E.Facility.BUS_STOP: (0.3, None)})
    flats.set_distances(any_db, flat.id, {"school": (2.5, 20)})
    distances = flats.get_distances(any_db, flat.id)
    assert {f: (d.km, d.minutes, d.source) for f, d in distances.items()} == {
        E.Facility.BUS_STOP: (0.3, None, "entered"),
        E.Facility.SCHOOL: (2.5, 20, "entered"),
    }
    flats.set_distances(any_db, flat.id, {"bus_stop": (None, None)})
    assert list(flats.get_distances(any_db, flat.id)) == [E.Facility.SCHOOL]
    entries = audit_entries(any_db, "flat_distance")
    assert [e.description for e in entries] == [
        "Einrichtungen: bus_stop, school",
        "Einrichtungen: school",
        "Einrichtungen: bus_stop",
    ]


def test_entered_distance_replaces_a_derived_one(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    with any_db.session() as session:
        session.add(M.FlatDistance(flat_id=flat.id, facility="gp", km=9.0, source="derived"))
    flats.set_distances(any_db, flat.id, {"gp": (4.0, 10)})
    row = flats.get_distances(any_db, flat.id)[E.Facility.GP]
    assert (row.km, row.minutes, row.source) == (4.0, 10, "entered")


@pytest.mark.parametrize(
    ("distances", "field", "fragment"),
    [
        ({"swimming_pool": (1.0, 5)}, "swimming_pool", "Unbekannte Einrichtung"),
        ({"school": (-1.0, 5)}, "school.km", "nicht negativ"),
        ({"school": (501, 5)}, "school.km", "höchstens 500"),
        ({"school": (1.0, 601)}, "school.minutes", "höchstens 600"),
        ({"school": (1.0, 2.5)}, "school.minutes", "ganze Zahl"),
        ({"school": 3}, "school", "Entfernung (km) und Fahrzeit"),
    ],
)
def test_bad_distances_are_refused_all_or_nothing(any_db, landlord_id, distances, field, fragment):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    with pytest.raises(ValidationFailed) as caught:
        flats.set_distances(any_db, flat.id, {"kita": (0.5, 5), **distances})
    assert any(fragment in m for m in caught.value.for_field(field)), caught.value.errors
    assert flats.get_distances(any_db, flat.id) == {}
    assert audit_entries(any_db, "flat_distance") == []


def test_distances_of_an_unknown_flat_are_not_found(any_db):
    with pytest.raises(NotFound):
        flats.set_distances(any_db, 999, {"school": (1.0, 5)})
    with pytest.raises(NotFound):
        flats.get_distances(any_db, 999)


def test_audit_chain_stays_intact_across_all_flat_changes(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.update_flat(any_db, flat.id, {"floor": 1})
    flats.set_flat_status(any_db, flat.id, "let")
    flats.set_distances(any_db, flat.id, {"kita": (1.0, 4)})
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None
    assert count(any_db, M.AuditEntry, M.AuditEntry.entity.in_(["flat", "flat_distance"])) == 4


def test_a_flat_held_by_a_placement_changes_status_only_through_the_workflow(any_db, landlord_id):
    from matcher.core.services import households, placements

    viewing = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    applicant = {"given_name": "Amina", "family_name": "Haddad", "relationship": "applicant"}
    household = households.create_household(
        any_db, {"case_number": "AZ-1", "residence_status": "permit_25_2", "paying_authority": "jobcenter"}, [applicant]
    ).household
    placement = placements.propose(any_db, household.id, flat.id)
    for step in (E.PlacementState.OFFERED, E.PlacementState.VIEWING, E.PlacementState.ACCEPTED):
        placements.advance(any_db, placement.id, step, viewing_at=viewing if step == "viewing" else None)
    with pytest.raises(ValidationFailed, match=f"Vermittlung Nr. {placement.id} reserviert") as caught:
        flats.set_flat_status(any_db, flat.id, "available")
    assert caught.value.for_field("status")
    with pytest.raises(ValidationFailed, match="über diesen Vorgang"):
        flats.update_flat(any_db, flat.id, {"status": "blocked"})
    assert flats.get_flat(any_db, flat.id).status == "reserved"
    flats.update_flat(any_db, flat.id, {"notes": "Schlüssel beim Hausmeister"})  # other fields stay editable


# --------------------------------------------------------------------------------------------------
# Deleting a flat recorded by mistake, and restoring it
# --------------------------------------------------------------------------------------------------


def a_household(db, case_number="AZ-9"):
    from matcher.core.services import households

    applicant = {"given_name": "Amina", "family_name": "Haddad", "relationship": "applicant"}
    data = {"case_number": case_number, "residence_status": "permit_25_2", "paying_authority": "jobcenter"}
    return households.create_household(db, data, [applicant]).household


def flat_with_everything(db, landlord_id, **changes):
    """A flat with distances, two status entries and a household's exclusion of it."""
    from matcher.core.services import placements

    flat = flats.create_flat(db, flat_data(landlord_id, flat_number="3", notes="Zeile 1\nZeile 2", **changes))
    flats.set_distances(db, flat.id, {"school": (1.5, 6), "gp": (None, 12)})
    flats.set_flat_status(db, flat.id, "blocked", note="Wasserschaden")
    placements.exclude_pair(db, a_household(db).id, flat.id, "Zu weit von der Schule")
    return flats.get_flat(db, flat.id)


def belonging_to(db, flat_id):
    return [
        count(db, M.FlatDistance, M.FlatDistance.flat_id == flat_id),
        count(db, M.FlatStatusChange, M.FlatStatusChange.flat_id == flat_id),
        count(db, M.PairExclusion, M.PairExclusion.flat_id == flat_id),
    ]


def test_delete_removes_the_flat_with_what_belongs_only_to_it_and_audits_without_the_address(any_db, landlord_id):
    flat = flat_with_everything(any_db, landlord_id)
    assert flats.deletable_version(any_db, flat.id) == flat.version
    other = flats.create_flat(any_db, flat_data(landlord_id, street="Deverweg"))
    flats.set_distances(any_db, other.id, {"school": (3.0, 9)})
    assert belonging_to(any_db, flat.id) == [2, 2, 1]
    before = flats.flat_snapshot(any_db, flat.id)
    deleted = flats.delete_flat(any_db, flat.id, expected_version=flat.version)
    assert deleted == before
    assert (deleted.flat_id, deleted.fields["street"], deleted.fields["flat_number"]) == (
        flat.id,
        "Hauptkanal links",
        "3",
    )
    with pytest.raises(NotFound, match=f"Wohnung {flat.id} gibt es nicht"):
        flats.get_flat(any_db, flat.id)
    assert belonging_to(any_db, flat.id) == [0, 0, 0]
    assert belonging_to(any_db, other.id) == [1, 1, 0]  # another flat keeps its own
    entry = audit_entries(any_db, "flat")[-1]
    assert (entry.action, entry.entity_id) == ("delete", str(flat.id))
    assert entry.description == (
        f"Gemeinde {PAPENBURG}, Status: gesperrt; mit Entfernungen 2, Statuseinträgen 2, Ausschlüssen 1"
    )
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None


def test_a_flat_with_a_placement_running_or_past_is_not_deleted(any_db, landlord_id):
    from matcher.core.errors import InvalidTransition
    from matcher.core.services import placements

    flat = flats.create_flat(any_db, flat_data(landlord_id))
    placement = placements.propose(any_db, a_household(any_db).id, flat.id)
    for past in (False, True):  # running, then cancelled: the timeline names the flat either way
        if past:
            placements.advance(any_db, placement.id, E.PlacementState.CANCELLED, note="Doppelt erfasst")
        version = flats.get_flat(any_db, flat.id).version
        with pytest.raises(InvalidTransition, match=f"Vermittlung Nr. {placement.id} gibt") as caught:
            flats.delete_flat(any_db, flat.id, expected_version=version)
        with pytest.raises(InvalidTransition, match=f"Vermittlung Nr. {placement.id} gibt"):
            flats.deletable_version(any_db, flat.id)  # the window asks this before its question
        assert "Status auf „gesperrt“" in str(caught.value)
        assert flats.get_flat(any_db, flat.id).version == version
        assert belonging_to(any_db, flat.id) == [0, 1, 0]
    assert [e.action for e in audit_entries(any_db, "flat")] == ["create"]


def test_a_flat_with_an_archived_document_is_not_deleted(any_db, landlord_id):
    from matcher.core.errors import InvalidTransition

    flat = flats.create_flat(any_db, flat_data(landlord_id))
    with any_db.session() as session:
        session.add(
            M.Document(
                kind="head_lease", flat_id=flat.id, template_version="1", terms_json="{}", pdf=b"%PDF-1.4",
                sha256="0" * 64, file_name="Generalmietvertrag.pdf", created_by="test",
            )
        )  # fmt: skip
    with pytest.raises(InvalidTransition, match="archivierte Dokumente"):
        flats.delete_flat(any_db, flat.id, expected_version=flat.version)
    assert flats.get_flat(any_db, flat.id).street == "Hauptkanal links"


def test_a_running_head_lease_stops_the_deletion_an_ended_one_does_not(any_db, landlord_id):
    from matcher.core.errors import InvalidTransition

    running = flats.create_flat(any_db, flat_data(landlord_id, head_lease_start=date(2024, 1, 1)))
    with pytest.raises(InvalidTransition, match="entfernen Sie zuerst die Angaben zur Anmietung"):
        flats.delete_flat(any_db, running.id, expected_version=running.version)
    flats.get_flat(any_db, running.id)
    lease = {"head_lease_start": date(2020, 1, 1), "head_lease_end": date(2023, 12, 31)}
    ended = flats.create_flat(any_db, flat_data(landlord_id, **lease))
    flats.delete_flat(any_db, ended.id, expected_version=ended.version)
    funded = {"funded": True, "binding_end": date(2040, 1, 1), "permitted_rent_cents_per_m2": 700}
    bound = flats.create_flat(any_db, flat_data(landlord_id, **funded))
    flats.delete_flat(any_db, bound.id, expected_version=bound.version)  # NBank binds the landlord, not the office
    assert count(any_db, M.Flat) == 1


def test_deleting_a_flat_someone_changed_meanwhile_is_refused(any_db, landlord_id):
    flat = flats.create_flat(any_db, flat_data(landlord_id))
    flats.update_flat(any_db, flat.id, {"floor": 2}, expected_version=flat.version)
    with pytest.raises(ConflictError, match="von einer anderen Person geändert"):
        flats.delete_flat(any_db, flat.id, expected_version=flat.version)
    assert flats.get_flat(any_db, flat.id).floor == 2
    with pytest.raises(NotFound):
        flats.delete_flat(any_db, 999_999)


def test_a_deleted_flat_is_restored_as_it_was_and_can_be_deleted_again(any_db, landlord_id):
    flat = flat_with_everything(any_db, landlord_id)
    history = [(h.status, h.note, h.changed_at) for h in flats.flat_status_history(any_db, flat.id)]
    distances = {k: (d.km, d.minutes, d.source) for k, d in flats.get_distances(any_db, flat.id).items()}
    snapshot = flats.delete_flat(any_db, flat.id, expected_version=flat.version)
    restored = flats.restore_flat(any_db, snapshot)
    assert (restored.id, restored.version, restored.created_at) == (flat.id, flat.version, flat.created_at)
    again = flats.get_flat(any_db, flat.id)
    assert {n: getattr(again, n) for n in M.FlatBase.model_fields} == snapshot.fields
    assert again.notes == "Zeile 1\nZeile 2" and again.status == "blocked"
    assert [(h.status, h.note, h.changed_at) for h in flats.flat_status_history(any_db, flat.id)] == history
    assert {k: (d.km, d.minutes, d.source) for k, d in flats.get_distances(any_db, flat.id).items()} == distances
    assert belonging_to(any_db, flat.id) == [2, 2, 1]
    flats.update_flat(any_db, flat.id, {"floor": 3}, expected_version=flat.version)  # earlier edits still apply
    assert [e.action for e in audit_entries(any_db, "flat")][-3:] == ["delete", "restore", "update"]
    flats.delete_flat(any_db, flat.id, expected_version=flat.version + 1)
    assert count(any_db, M.Flat, M.Flat.id == flat.id) == 0


def test_a_restored_flat_gets_a_new_number_when_its_old_one_was_given_away(any_db, landlord_id):
    from dataclasses import replace

    flat = flat_with_everything(any_db, landlord_id)
    snapshot = flats.delete_flat(any_db, flat.id, expected_version=flat.version)
    taken = flats.create_flat(any_db, flat_data(landlord_id, street="Deverweg"))
    restored = flats.restore_flat(any_db, replace(snapshot, flat_id=taken.id))  # as SQLite may reuse numbers
    assert restored.id not in (taken.id, None)
    assert (restored.street, restored.flat_number, restored.version) == ("Hauptkanal links", "3", flat.version)
    assert belonging_to(any_db, restored.id) == [2, 2, 1]
    assert flats.get_flat(any_db, taken.id).street == "Deverweg"
    assert audit_entries(any_db, "flat")[-1].description.endswith(f"vorher Nr. {taken.id}")


def test_a_deleted_imported_flat_leaves_the_rest_of_its_import_undoable(any_db, landlord_id):
    from matcher.core.exchange import importing

    kept = flats.create_flat(any_db, flat_data(landlord_id, street="Deverweg"))
    mistake = flats.create_flat(any_db, flat_data(landlord_id))
    with any_db.session() as session:
        batch = M.ImportBatch(kind="flats", created_by="test", created_count=2)
        session.add(batch)
        session.flush()
        for flat in (kept, mistake):
            session.add(
                M.ImportBatchItem(
                    batch_id=batch.id, entity="flat", entity_id=flat.id, action="created", version_after=1
                )
            )
        batch_id = batch.id
    flats.delete_flat(any_db, mistake.id, expected_version=mistake.version)
    assert count(any_db, M.ImportBatchItem, M.ImportBatchItem.batch_id == batch_id) == 1
    importing.undo_import(any_db, batch_id)  # refused as "changed since" if the deleted flat's item were left
    assert count(any_db, M.Flat) == 0
