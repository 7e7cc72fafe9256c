"""Household service: the household with its people in one transaction, German errors per field and row,
all errors of a call at once, the § 12a pre-fill from the district setting, optimistic locking, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from matcher.core import models as M
from matcher.core.enums import HouseholdStatus, WishKind
from matcher.core.errors import ConflictError, NotFound, ValidationFailed
from matcher.core.services import audit, households, landlords, placements

SOEGEL, MEPPEN, EMSLAND = "03454047", "03454035", "03454"
OSNABRUECK_KREIS, BAD_ESSEN = "03459", "03459003"
DEFAULT_BARRED = ["03102000", "03401000", "03405000"]  # Salzgitter, Delmenhorst, Wilhelmshaven
TODAY = date.today()


def _years_ago(years: int) -> date:
    """The same calendar day `years` ago (28 February for a 29 February)."""
    try:
        return TODAY.replace(year=TODAY.year - years)
    except ValueError:
        return date(TODAY.year - years, 2, 28)


HOUSEHOLD = {
    "case_number": "50.2-0815/2026",
    "residence_status": "gestattung",
    "paying_authority": "sozialamt",
    "accommodation_ags": SOEGEL,
    "current_accommodation": "GU Sögel, Zimmer 12",
}
RECOGNISED = {
    **HOUSEHOLD,
    "residence_status": "permit_25_2",
    "paying_authority": "jobcenter",
    "obligation_scope": "land",
}
APPLICANT = {
    "given_name": "Amina",
    "family_name": "Haddad",
    "birth_date": date(1988, 3, 14),
    "relationship": "applicant",
}
PARTNER = {"given_name": "Yusuf", "family_name": "Haddad", "birth_year": 1985, "relationship": "partner"}
CHILD = {"given_name": "Lina", "family_name": "Haddad", "birth_date": date(2019, 7, 1), "relationship": "child"}
FAMILY = [APPLICANT, PARTNER, CHILD]


def _create(db, data=None, members=None, **kwargs):
    return households.create_household(db, data or HOUSEHOLD, FAMILY if members is None else members, **kwargs)


def _count(db, table) -> int:
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def _audit(db, entity="household"):
    with db.read_session() as session:
        query = select(M.AuditEntry).where(M.AuditEntry.entity == entity).order_by(M.AuditEntry.id)
        return list(session.exec(query).all())


def _assert_nothing_saved(db) -> None:
    for table in (M.Household, M.Member, M.ContactPerson, M.HouseholdWish, M.HouseholdBarredMunicipality):
        assert _count(db, table) == 0, table.__name__
    assert _audit(db) == []


def _messages(caught) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in caught.value.errors:
        found.setdefault(error.field, []).append(error.message)
    return found


# --------------------------------------------------------------------------------------------------
# Creating
# --------------------------------------------------------------------------------------------------


def test_create_saves_household_and_members_in_order_with_audit_free_of_personal_data(any_db):
    detail = _create(any_db, contacts=[{"role": "interpreter", "name": "Samir Aziz"}], wishes=[(MEPPEN, "preferred")])

    stored = households.get_household_detail(any_db, detail.household.id)
    assert [(m.given_name, m.position) for m in stored.members] == [("Amina", 0), ("Yusuf", 1), ("Lina", 2)]
    assert stored.applicant is not None and stored.applicant.given_name == "Amina"
    assert stored.household.status == HouseholdStatus.WAITING and stored.household.version == 1
    assert [c.name for c in stored.contacts] == ["Samir Aziz"]
    assert [(w.ags, w.kind) for w in stored.wishes] == [(MEPPEN, "preferred")]
    entries = _audit(any_db)
    assert [(e.action, e.entity_id, e.user) for e in entries] == [("create", str(detail.household.id), "test.user")]
    for personal in ("Haddad", "Amina", "0815", "Samir", "1988", "GU Sögel"):
        assert personal not in entries[0].description


def test_an_unknown_birth_date_stays_unknown(any_db):
    nobody_knows = {"given_name": "Omar", "family_name": "Haddad", "relationship": "sibling"}
    detail = _create(any_db, members=[APPLICANT, nobody_knows])
    omar = households.get_household_detail(any_db, detail.household.id).members[1]
    assert (omar.birth_date, omar.birth_year) == (None, None)


def test_names_are_stored_nfc(any_db):
    detail = _create(any_db, members=[{**APPLICANT, "family_name": "Mu\u0308ller"}])
    assert households.get_household_detail(any_db, detail.household.id).members[0].family_name == "Müller"


def test_position_comes_from_the_list_order_not_the_input(any_db):
    detail = _create(any_db, members=[{**APPLICANT, "position": 7}, {**CHILD, "position": 3}])
    assert [m.position for m in detail.members] == [0, 1]


# --------------------------------------------------------------------------------------------------
# § 12a: barred municipalities pre-filled from the district setting
# --------------------------------------------------------------------------------------------------


def _set_district_barred(db, kreis_key: str, ags_list: list[str]) -> None:
    with db.session() as session:
        rules = session.exec(select(M.DistrictRules).where(M.DistrictRules.kreis_key == kreis_key)).one()
        for row in session.exec(
            select(M.DistrictBarredMunicipality).where(M.DistrictBarredMunicipality.rules_id == rules.id)
        ):
            session.delete(row)
        session.add_all(M.DistrictBarredMunicipality(rules_id=rules.id, ags=ags) for ags in ags_list)


def _set_office_district(db, kreis_key: str | None) -> None:
    with db.session() as session:
        session.get(M.Office, 1).kreis_key = kreis_key


def test_recognised_refugee_gets_the_accommodation_districts_barred_list_when_the_office_has_none(any_db):
    detail = _create(any_db, RECOGNISED)
    assert detail.barred_ags == DEFAULT_BARRED
    assert households.get_household_detail(any_db, detail.household.id).barred_ags == DEFAULT_BARRED


def test_the_office_district_setting_takes_precedence(any_db):
    _set_district_barred(any_db, OSNABRUECK_KREIS, ["03102000"])
    _set_office_district(any_db, OSNABRUECK_KREIS)
    assert _create(any_db, RECOGNISED).barred_ags == ["03102000"]


@pytest.mark.parametrize(
    "data",
    [
        HOUSEHOLD,  # Aufenthaltsgestattung: no § 12a
        {**RECOGNISED, "residence_status": "permit_25_5"},  # § 25 Abs. 5 is not in § 12a
        {**RECOGNISED, "obligation_scope": "none"},  # obligation lifted (job, studies)
        {**RECOGNISED, "permit_issued_on": date(2020, 1, 1), "obligation_until": date(2023, 1, 1)},  # ended
    ],
)
def test_no_prefill_without_a_running_12a_obligation(any_db, data):
    assert _create(any_db, data).barred_ags == []


def test_an_explicit_list_replaces_the_prefill_even_when_empty(any_db):
    assert _create(any_db, RECOGNISED, barred_ags=[]).barred_ags == []
    second = {**RECOGNISED, "case_number": "AZ-2"}
    assert _create(any_db, second, barred_ags=[MEPPEN, MEPPEN]).barred_ags == [MEPPEN]


# --------------------------------------------------------------------------------------------------
# Validation of the household's own fields
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"case_number": ""}, "case_number", "Bitte ausfüllen"),
        ({"case_number": "A" * 41}, "case_number", "höchstens 40 Zeichen"),
        ({"case_number": "AZ\x07-1"}, "case_number", "Steuerzeichen"),
        ({"case_number": "AZ\u202e-1"}, "case_number", "Schreibrichtung"),
        ({"notes": "x" * 4001}, "notes", "höchstens 4000 Zeichen"),
        ({"colour": "blue"}, "colour", "Unbekanntes Feld"),
        ({"residence_status": "tourist"}, "residence_status", "Duldung"),
        ({"accommodation_ags": "03999999"}, "accommodation_ags", "nicht bekannt"),
        ({"obligation_scope": "district"}, "obligation_kreis_key", "Landkreis der Wohnsitzauflage"),
        ({"obligation_scope": "municipality"}, "obligation_ags", "Gemeinde der Wohnsitzauflage"),
        (
            {"obligation_scope": "district", "obligation_kreis_key": "99999"},
            "obligation_kreis_key",
            "nicht bekannt",
        ),
        ({"obligation_scope": "municipality", "obligation_ags": "12345678"}, "obligation_ags", "nicht bekannt"),
        ({"obligation_scope": "land", "obligation_ags": MEPPEN}, "obligation_ags", "Nur bei einer Wohnsitzauflage"),
        ({"obligation_until": date(2027, 1, 1)}, "obligation_until", "Ohne Wohnsitzauflage"),
        ({"accommodated_since": TODAY + timedelta(days=1)}, "accommodated_since", "Zukunft"),
        ({"permit_issued_on": TODAY + timedelta(days=30)}, "permit_issued_on", "Zukunft"),
        ({"accommodated_since": "31.02.2024"}, "accommodated_since", "gültiges Datum"),
        ({"status": "offered"}, "status", "neuer Haushalt"),
        ({"status": "housed"}, "status", "neuer Haushalt"),
        ({"status": "parked"}, "parked_until", "bis wann"),
        ({"status": "parked", "parked_until": TODAY}, "parked_until", "bis wann"),
        ({"parked_until": TODAY + timedelta(days=30)}, "parked_until", "Nur bei zurückgestellten"),
    ],
)
def test_bad_household_input_is_refused_at_the_field_and_nothing_saved(any_db, changes, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, {**HOUSEHOLD, **changes})
    assert any(fragment in message for message in caught.value.for_field(field)), caught.value.errors
    _assert_nothing_saved(any_db)


def test_a_duplicate_case_number_is_refused(any_db):
    _create(any_db)
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[APPLICANT])
    assert caught.value.for_field("case_number")[0].startswith("Dieses Aktenzeichen ist bereits vergeben.")
    assert _count(any_db, M.Household) == 1 and _count(any_db, M.Member) == 3


def test_a_parked_household_with_a_future_date_is_accepted(any_db):
    until = TODAY + timedelta(days=60)
    detail = _create(any_db, {**HOUSEHOLD, "status": "parked", "parked_until": until})
    assert (detail.household.status, detail.household.parked_until) == ("parked", until)


def test_obligation_scopes_with_their_place_are_accepted(any_db):
    by_district = _create(any_db, {**RECOGNISED, "obligation_scope": "district", "obligation_kreis_key": EMSLAND})
    assert by_district.household.obligation_kreis_key == EMSLAND
    by_municipality = {
        **RECOGNISED,
        "case_number": "AZ-2",
        "obligation_scope": "municipality",
        "obligation_ags": MEPPEN,
    }
    assert _create(any_db, by_municipality).household.obligation_ags == MEPPEN


# --------------------------------------------------------------------------------------------------
# Validation of the people
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"given_name": ""}, "given_name", "Bitte ausfüllen"),
        ({"family_name": "x" * 121}, "family_name", "höchstens 120 Zeichen"),
        ({"given_name": "Li\x00na"}, "given_name", "Steuerzeichen"),
        ({"given_name": "Li\u2066na"}, "given_name", "Schreibrichtung"),
        ({"birth_date": TODAY + timedelta(days=1)}, "birth_date", "Zukunft"),
        ({"birth_date": date(1899, 12, 31)}, "birth_date", "vor 1900"),
        ({"birth_year": 2019}, "birth_year", "nur das Geburtsdatum"),  # CHILD has a birth date already
        ({"birth_date": None, "birth_year": -5}, "birth_year", "kleiner als"),
        ({"birth_date": None, "birth_year": TODAY.year + 1}, "birth_year", "Zukunft"),
        ({"relationship": "cousin"}, "relationship", "Kind"),
        ({"sex": "x"}, "sex", "weiblich"),
        ({"shoe_size": 38}, "shoe_size", "Unbekanntes Feld"),
    ],
)
def test_bad_member_input_names_the_row(any_db, changes, field, fragment):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[APPLICANT, {**CHILD, **changes}])
    errors = [e for e in caught.value.errors if e.field == f"members[1].{field}"]
    assert errors and any(fragment in e.message for e in errors), caught.value.errors
    assert errors[0].label.startswith("Person 2 – ")
    assert str(errors[0]).startswith("Person 2 – ")
    _assert_nothing_saved(any_db)


def test_birth_date_messages_read_person_and_field(any_db):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[APPLICANT, {**CHILD, "birth_date": TODAY + timedelta(days=3)}])
    assert "Person 2 – Geburtsdatum: Darf nicht in der Zukunft liegen." in str(caught.value)


@pytest.mark.parametrize(
    "applicant",
    [
        {**APPLICANT, "birth_date": date(TODAY.year - 10, 1, 1)},
        {**APPLICANT, "birth_date": TODAY - timedelta(days=18 * 365)},  # a few days short of 18
        {**APPLICANT, "birth_date": None, "birth_year": TODAY.year - 17},
    ],
)
def test_the_applicant_must_be_an_adult(any_db, applicant):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[applicant, PARTNER])
    assert "volljährig" in caught.value.for_field("members[0].relationship")[0]
    _assert_nothing_saved(any_db)


@pytest.mark.parametrize(
    "applicant",
    [
        {**APPLICANT, "birth_date": _years_ago(18)},  # 18th birthday today
        {**APPLICANT, "birth_date": None, "birth_year": TODAY.year - 18},  # may be 17 or 18: not refused
        {**APPLICANT, "birth_date": None},  # unknown: not refused, not invented
    ],
)
def test_an_adult_or_unknown_age_applicant_is_accepted(any_db, applicant):
    detail = _create(any_db, members=[applicant])
    assert detail.applicant is not None


def test_two_applicants_are_refused_at_the_second(any_db):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[APPLICANT, {**PARTNER, "relationship": "applicant"}])
    assert "Person 1" in caught.value.for_field("members[1].relationship")[0]
    assert caught.value.for_field("members[0].relationship") == []
    _assert_nothing_saved(any_db)


def test_a_household_without_applicant_is_refused(any_db):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[PARTNER, CHILD])
    assert "genau eine Person" in caught.value.for_field("members")[0]
    _assert_nothing_saved(any_db)


def test_a_household_without_members_is_refused(any_db):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, members=[])
    assert "mindestens eine Person" in caught.value.for_field("members")[0]
    _assert_nothing_saved(any_db)


def test_all_errors_of_one_call_come_together(any_db):
    _create(any_db)
    with pytest.raises(ValidationFailed) as caught:
        households.create_household(
            any_db,
            {**HOUSEHOLD, "email": "x" * 201},  # a field error and, with it, a duplicate case number
            [APPLICANT, {**CHILD, "birth_date": TODAY + timedelta(days=1)}, {**PARTNER, "relationship": "applicant"}],
            contacts=[{"role": "interpreter", "name": ""}],
            wishes=[("03999999", "preferred")],
            barred_ags=["00000000"],
        )
    found = _messages(caught)
    assert set(found) == {
        "email",
        "case_number",
        "members[1].birth_date",
        "members[2].relationship",
        "contacts[0].name",
        "wishes[0].ags",
        "barred_ags[0]",
    }
    assert _count(any_db, M.Household) == 1


# --------------------------------------------------------------------------------------------------
# Updating the household
# --------------------------------------------------------------------------------------------------


def test_update_changes_fields_bumps_version_and_audits_field_names(any_db):
    detail = _create(any_db)
    updated = households.update_household(
        any_db, detail.household.id, {"phone": "05952 1234", "urgency": "high"}, expected_version=1
    )
    assert (updated.phone, updated.urgency, updated.version) == ("05952 1234", "high", 2)
    last = _audit(any_db)[-1]
    assert (last.action, last.description) == ("update", "Felder: phone, urgency")
    assert "05952" not in last.description


def test_update_refuses_a_stale_version_and_keeps_the_first_change(any_db):
    detail = _create(any_db)
    households.update_household(any_db, detail.household.id, {"phone": "1"}, expected_version=1)
    with pytest.raises(ConflictError, match="inzwischen von einer anderen Person geändert"):
        households.update_household(any_db, detail.household.id, {"phone": "2"}, expected_version=1)
    assert households.get_household_detail(any_db, detail.household.id).household.phone == "1"


def test_update_refuses_another_households_case_number_but_keeps_its_own(any_db):
    first = _create(any_db)
    second = _create(any_db, {**HOUSEHOLD, "case_number": "AZ-2"})
    households.update_household(any_db, first.household.id, {"case_number": HOUSEHOLD["case_number"]})
    with pytest.raises(ValidationFailed) as caught:
        households.update_household(any_db, second.household.id, {"case_number": HOUSEHOLD["case_number"]})
    assert "bereits vergeben" in caught.value.for_field("case_number")[0]
    assert households.get_household_detail(any_db, second.household.id).household.case_number == "AZ-2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"obligation_scope": "district"}, "obligation_kreis_key"),
        ({"accommodation_ags": "0345404"}, "accommodation_ags"),
        ({"status": "housed"}, "status"),
        ({"parked_until": TODAY + timedelta(days=9)}, "parked_until"),
        ({"case_number": "A\tB"}, "case_number"),
    ],
)
def test_bad_updates_are_refused_and_nothing_changes(any_db, changes, field):
    detail = _create(any_db)
    with pytest.raises(ValidationFailed) as caught:
        households.update_household(any_db, detail.household.id, changes)
    assert caught.value.for_field(field)
    stored = households.get_household_detail(any_db, detail.household.id).household
    assert stored.version == 1 and stored.status == "waiting" and stored.accommodation_ags == SOEGEL
    assert len(_audit(any_db)) == 1


def test_update_accepts_the_unchanged_status_sent_by_a_form(any_db):
    detail = _create(any_db)
    updated = households.update_household(any_db, detail.household.id, {"status": "waiting", "notes": "ruhig"})
    assert updated.notes == "ruhig"


def test_update_of_an_unknown_household_is_a_german_not_found(any_db):
    with pytest.raises(NotFound, match="gibt es nicht"):
        households.update_household(any_db, 999, {"phone": "1"})
    with pytest.raises(NotFound, match="gibt es nicht"):
        households.get_household_detail(any_db, 999)


# --------------------------------------------------------------------------------------------------
# Members after creation
# --------------------------------------------------------------------------------------------------


def test_replace_members_replaces_all_and_bumps_the_household_version(any_db):
    detail = _create(any_db)
    new = households.replace_members(any_db, detail.household.id, [PARTNER | {"relationship": "applicant"}, CHILD], 1)
    assert [m.given_name for m in new.members] == ["Yusuf", "Lina"]
    assert new.household.version == 2 and _count(any_db, M.Member) == 2
    assert _audit(any_db)[-1].description == "Personen ersetzt: 2"


def test_replace_members_with_bad_rows_keeps_the_old_ones(any_db):
    detail = _create(any_db)
    with pytest.raises(ValidationFailed) as caught:
        households.replace_members(any_db, detail.household.id, [APPLICANT, {**CHILD, "given_name": ""}])
    assert caught.value.for_field("members[1].given_name") == ["Bitte ausfüllen."]
    stored = households.get_household_detail(any_db, detail.household.id)
    assert [m.given_name for m in stored.members] == ["Amina", "Yusuf", "Lina"] and stored.household.version == 1


def test_replace_members_refuses_a_stale_version(any_db):
    detail = _create(any_db)
    households.update_household(any_db, detail.household.id, {"phone": "1"})
    with pytest.raises(ConflictError):
        households.replace_members(any_db, detail.household.id, [APPLICANT], expected_version=1)
    assert _count(any_db, M.Member) == 3


def test_add_member_appends_and_refuses_a_second_applicant(any_db):
    detail = _create(any_db, members=[APPLICANT])
    baby = {"given_name": "Nour", "family_name": "Haddad", "relationship": "child"}
    after = households.add_member(any_db, detail.household.id, baby, expected_version=1)
    assert [(m.given_name, m.position) for m in after.members] == [("Amina", 0), ("Nour", 1)]
    assert after.household.version == 2

    with pytest.raises(ValidationFailed) as caught:
        households.add_member(any_db, detail.household.id, {**PARTNER, "relationship": "applicant"})
    assert "Person 1" in caught.value.for_field("relationship")[0]
    with pytest.raises(ValidationFailed) as caught:
        households.add_member(any_db, detail.household.id, {**baby, "birth_date": TODAY + timedelta(days=1)})
    assert caught.value.for_field("birth_date")
    assert _count(any_db, M.Member) == 2


def test_remove_member_renumbers_and_keeps_applicant_and_last_person(any_db):
    detail = _create(any_db)
    applicant, partner, child = detail.members
    after = households.remove_member(any_db, detail.household.id, partner.id, expected_version=1)
    assert [(m.id, m.position) for m in after.members] == [(applicant.id, 0), (child.id, 1)]

    with pytest.raises(ValidationFailed) as caught:
        households.remove_member(any_db, detail.household.id, applicant.id)
    assert "antragstellende Person" in caught.value.for_field("members")[0]
    households.remove_member(any_db, detail.household.id, child.id)
    with pytest.raises(ValidationFailed) as caught:
        households.remove_member(any_db, detail.household.id, applicant.id)
    assert "letzte Person" in caught.value.for_field("members")[0]
    assert _count(any_db, M.Member) == 1


def test_remove_member_of_another_household_is_not_found(any_db):
    first = _create(any_db)
    second = _create(any_db, {**HOUSEHOLD, "case_number": "AZ-2"})
    with pytest.raises(NotFound):
        households.remove_member(any_db, second.household.id, first.members[1].id)
    assert _count(any_db, M.Member) == 6


# --------------------------------------------------------------------------------------------------
# Contacts, wishes, barred municipalities
# --------------------------------------------------------------------------------------------------


def test_set_contacts_replaces_and_validates_each_row(any_db):
    detail = _create(any_db, contacts=[{"role": "interpreter", "name": "Samir Aziz"}])
    sponsor = {"role": "volunteer_sponsor", "name": "Gisela Brinker", "consent_to_share": True, "consent_date": TODAY}
    after = households.set_contacts(any_db, detail.household.id, [sponsor], expected_version=1)
    assert [(c.role, c.name) for c in after.contacts] == [("volunteer_sponsor", "Gisela Brinker")]

    with pytest.raises(ValidationFailed) as caught:
        households.set_contacts(
            any_db,
            detail.household.id,
            [sponsor, {"role": "priest", "name": ""}, {**sponsor, "consent_date": TODAY + timedelta(days=1)}],
        )
    found = _messages(caught)
    assert {"contacts[1].role", "contacts[1].name", "contacts[2].consent_date"} <= set(found)
    assert [e.label for e in caught.value.errors if e.field == "contacts[1].name"] == ["Kontaktperson 2 – Name"]
    assert [c.name for c in households.get_household_detail(any_db, detail.household.id).contacts] == ["Gisela Brinker"]
    assert "Gisela" not in " ".join(e.description for e in _audit(any_db))


def test_set_wishes_stores_known_places_once(any_db):
    detail = _create(any_db)
    after = households.set_wishes(
        any_db,
        detail.household.id,
        [(MEPPEN, WishKind.PREFERRED), (MEPPEN, "preferred"), (SOEGEL, "relatives"), (BAD_ESSEN, "excluded")],
    )
    assert sorted((w.ags, w.kind) for w in after.wishes) == [
        (MEPPEN, "preferred"),
        (SOEGEL, "relatives"),
        (BAD_ESSEN, "excluded"),
    ]


@pytest.mark.parametrize(
    ("wishes", "field", "fragment"),
    [
        ([(MEPPEN, "preferred"), (MEPPEN, "excluded")], "wishes[1].ags", "zugleich Wunschort"),
        ([(SOEGEL, "preferred"), ("0345", "preferred")], "wishes[1].ags", "nicht bekannt"),
        ([(SOEGEL, "holiday")], "wishes[0].kind", "Wunschort"),
    ],
)
def test_bad_wishes_are_refused_and_the_old_ones_kept(any_db, wishes, field, fragment):
    detail = _create(any_db, wishes=[(SOEGEL, "work")])
    with pytest.raises(ValidationFailed) as caught:
        households.set_wishes(any_db, detail.household.id, wishes)
    assert fragment in caught.value.for_field(field)[0]
    stored = households.get_household_detail(any_db, detail.household.id)
    assert [(w.ags, w.kind) for w in stored.wishes] == [(SOEGEL, "work")] and stored.household.version == 1


def test_a_place_cannot_be_preferred_and_excluded_on_creation_either(any_db):
    with pytest.raises(ValidationFailed) as caught:
        _create(any_db, wishes=[(MEPPEN, "excluded"), (MEPPEN, "preferred")])
    assert "Meppen ist zugleich Wunschort" in caught.value.for_field("wishes[0].ags")[0]
    _assert_nothing_saved(any_db)


def test_set_barred_municipalities_replaces_the_list_and_refuses_unknown_ones(any_db):
    detail = _create(any_db, RECOGNISED)
    after = households.set_barred_municipalities(any_db, detail.household.id, ["03102000"], expected_version=1)
    assert after.barred_ags == ["03102000"] and after.household.version == 2
    with pytest.raises(ValidationFailed) as caught:
        households.set_barred_municipalities(any_db, detail.household.id, ["03102000", "99999999"])
    assert caught.value.for_field("barred_ags[1]")
    assert households.get_household_detail(any_db, detail.household.id).barred_ags == ["03102000"]
    with pytest.raises(ConflictError):
        households.set_barred_municipalities(any_db, detail.household.id, [], expected_version=1)


# --------------------------------------------------------------------------------------------------
# Status
# --------------------------------------------------------------------------------------------------


def test_parking_needs_a_future_date_and_waiting_clears_it(any_db):
    household_id = _create(any_db).household.id
    for until in (None, TODAY, TODAY - timedelta(days=1)):
        with pytest.raises(ValidationFailed) as caught:
            households.set_household_status(any_db, household_id, "parked", parked_until=until)
        assert "bis wann" in caught.value.for_field("parked_until")[0]
    until = TODAY + timedelta(days=14)
    parked = households.set_household_status(any_db, household_id, HouseholdStatus.PARKED, parked_until=until)
    assert (parked.status, parked.parked_until, parked.version) == ("parked", until, 2)
    waiting = households.set_household_status(any_db, household_id, "waiting", expected_version=2)
    assert (waiting.status, waiting.parked_until) == ("waiting", None)
    assert [e.description for e in _audit(any_db)][-2:] == [
        "Status: wartend → zurückgestellt",
        "Status: zurückgestellt → wartend",
    ]


@pytest.mark.parametrize("status", ["offered", "moved_away"])
def test_statuses_not_set_by_hand_are_refused(any_db, status):
    household_id = _create(any_db).household.id
    with pytest.raises(ValidationFailed) as caught:
        households.set_household_status(any_db, household_id, status)
    assert caught.value.for_field("status")
    assert households.get_household_detail(any_db, household_id).household.status == "waiting"


@pytest.mark.parametrize("status", ["housed", "withdrawn"])
def test_closing_a_case_by_hand_works_without_open_placements(any_db, status):
    household_id = _create(any_db).household.id
    assert households.set_household_status(any_db, household_id, status).status == status


def _flat(db) -> int:
    landlord = landlords.create_landlord(db, {"kind": "private", "name": "Heinz Többen"})
    flat = M.Flat(
        landlord_id=landlord.id,
        street="Clemens-August-Straße",
        house_number="3",
        postcode="49751",
        ags=SOEGEL,
        living_area_m2=62.5,
        rooms=3,
        bedrooms=2,
        net_rent_cents=39_000,
    )
    with db.session() as session:
        session.add(flat)
    return flat.id


@pytest.mark.parametrize("status", ["withdrawn", "parked", "housed"])
def test_closing_or_parking_a_case_with_an_open_placement_is_refused(any_db, status):
    household_id = _create(any_db).household.id
    placements.propose(any_db, household_id, _flat(any_db))
    with pytest.raises(ValidationFailed) as caught:
        households.set_household_status(
            any_db, household_id, status, parked_until=TODAY + timedelta(days=5) if status == "parked" else None
        )
    assert "1 Vermittlung" in caught.value.for_field("status")[0]
    assert households.get_household_detail(any_db, household_id).household.status == "waiting"


def test_waiting_is_refused_while_an_offer_runs(any_db):
    household_id = _create(any_db).household.id
    placement = placements.propose(any_db, household_id, _flat(any_db))
    placements.advance(any_db, placement.id, "offered")
    with pytest.raises(ValidationFailed):
        households.set_household_status(any_db, household_id, "waiting")
    assert households.get_household_detail(any_db, household_id).household.status == "offered"


def test_status_change_refuses_a_stale_version(any_db):
    household_id = _create(any_db).household.id
    households.update_household(any_db, household_id, {"phone": "1"})
    with pytest.raises(ConflictError):
        households.set_household_status(any_db, household_id, "withdrawn", expected_version=1)


def test_the_audit_chain_stays_intact_over_a_case_history(any_db):
    detail = _create(any_db, RECOGNISED)
    household_id = detail.household.id
    households.update_household(any_db, household_id, {"phone": "1"})
    households.add_member(any_db, household_id, {**CHILD, "given_name": "Nour"})
    households.set_wishes(any_db, household_id, [(MEPPEN, "preferred")])
    households.set_household_status(any_db, household_id, "withdrawn")
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None
    assert [e.action for e in _audit(any_db)] == ["create", "update", "update", "update", "status"]
