"""Lease terms: assembled from the database and refused in one place when anything is missing or unlawful."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matcher.core import models as M
from matcher.core.documents.terms import deposit_instalments, load_terms, validate_terms
from matcher.core.enums import DocumentKind, LeaseKind, Relationship
from matcher.core.errors import ValidationFailed

from .conftest import members, update


def _terms(db, placement):
    return load_terms(db, DocumentKind.LEASE, placement.id)


def _refusal(terms) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        validate_terms(terms)
    return caught.value


def test_demo_lease_terms_are_complete_and_valid(demo_db, placement):
    terms = _terms(demo_db, placement)
    validate_terms(terms)
    assert terms.start == (placement.lease_start or placement.planned_move_in)
    assert (
        terms.rent.total
        == terms.rent.net + terms.rent.operating_costs + terms.rent.heating_costs + terms.rent.surcharges
    )
    assert sum(terms.deposit_instalments) == terms.deposit_cents


def test_deposit_of_three_net_rents_is_accepted_and_one_cent_more_refused(demo_db, placement):
    update(demo_db, M.Flat, placement.flat_id, net_rent_cents=40_000, deposit_cents=120_000)
    validate_terms(_terms(demo_db, placement))
    update(demo_db, M.Flat, placement.flat_id, deposit_cents=120_001)
    refusal = _refusal(_terms(demo_db, placement))
    assert refusal.for_field("deposit_cents") == [
        "Die Kaution ist höher als drei Nettokaltmieten (höchstens 1.200,00\xa0€)."
    ]


def test_missing_iban_is_refused(demo_db, placement):
    terms = dataclasses.replace(_terms(demo_db, placement), iban="")
    assert "IBAN" in str(_refusal(terms))


def test_invalid_iban_is_refused(demo_db, placement):
    terms = dataclasses.replace(_terms(demo_db, placement), iban="DE00123456780000000000")
    assert _refusal(terms).for_field("iban")


def test_fixed_term_needs_a_575_reason_and_an_end_after_the_start(demo_db, placement):
    terms = _terms(demo_db, placement)
    assert "§ 575" in str(_refusal(dataclasses.replace(terms, fixed_term_end=date(2029, 1, 1))))
    assert _refusal(dataclasses.replace(terms, fixed_term_reason="Eigenbedarf")).for_field("fixed_term_end")
    backwards = dataclasses.replace(terms, fixed_term_end=date(2000, 1, 1), fixed_term_reason="Eigenbedarf")
    assert "nach dem Mietbeginn" in str(_refusal(backwards))


def test_missing_start_is_refused(demo_db, placement):
    update(demo_db, M.Placement, placement.id, lease_start=None, planned_move_in=None)
    assert _refusal(_terms(demo_db, placement)).for_field("lease_start") == [
        "Fehlt: Bitte tragen Sie den Mietbeginn ein."
    ]


def test_adults_are_tenants_and_children_occupants(demo_db, placement):
    people = members(demo_db, placement.household_id)
    update(
        demo_db,
        M.Member,
        people[0].id,
        birth_date=date(1990, 5, 1),
        birth_year=None,
        relationship=Relationship.APPLICANT,
    )
    if len(people) > 1:
        update(
            demo_db,
            M.Member,
            people[1].id,
            birth_date=date(2020, 5, 1),
            birth_year=None,
            relationship=Relationship.CHILD,
        )
    terms = _terms(demo_db, placement)
    assert terms.tenants[0].name == f"{people[0].given_name} {people[0].family_name}"
    assert terms.tenants[0].born == "01.05.1990"
    if len(people) > 1:
        assert f"{people[1].given_name} {people[1].family_name}" in [p.name for p in terms.occupants]


def test_a_household_without_adults_is_refused(demo_db, placement):
    terms = dataclasses.replace(_terms(demo_db, placement), tenants=())
    assert _refusal(terms).for_field("tenants")


def test_a_placement_meant_for_another_contract_is_refused(demo_db, placement):
    update(demo_db, M.Placement, placement.id, lease_kind=LeaseKind.USAGE_AGREEMENT)
    assert "Dauernutzungsvertrag" in str(_refusal(_terms(demo_db, placement)))


def test_a_name_no_font_can_print_is_refused_naming_the_person(demo_db, placement):
    person = members(demo_db, placement.household_id)[0]
    update(demo_db, M.Member, person.id, given_name="李", birth_date=date(1990, 1, 1), birth_year=None)
    refusal = _refusal(_terms(demo_db, placement))
    assert "Name der 1. Person" in str(refusal)
    assert "U+674E" in str(refusal)


def test_missing_landlord_address_is_refused(demo_db, placement):
    terms = _terms(demo_db, placement)
    terms = dataclasses.replace(terms, landlord=dataclasses.replace(terms.landlord, street=""))
    assert "Straße des Vermieters" in str(_refusal(terms))


@pytest.mark.parametrize(
    ("deposit", "parts"), [(97_500, (32_500, 32_500, 32_500)), (100_001, (33_334, 33_334, 33_333))]
)
def test_instalments_add_up_to_the_deposit(deposit, parts):
    assert deposit_instalments(deposit) == parts
