"""Lease terms: everything a lease prints, read from the database into a plain value and checked in one place.

Why a separate value: the PDF renderer must not query anything (it is data in, bytes out), and the
archive keeps exactly these terms as the snapshot of what was printed. `validate_terms` is the one gate
before printing: every party and figure present, the deposit within § 551 BGB (via `lease_rules`, never
re-computed here), a valid IBAN, the sums consistent, a fixed term only with a § 575 reason, and every
character printable by the bundled fonts. A document with a gap is refused, never printed with a blank.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from matcher.core import lease_rules
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.documents.fonts import coverage_error
from matcher.core.enums import DocumentKind, HeatingFuel, HeatingType, LeaseKind, Relationship
from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.formatting import day
from matcher.core.services.common import get_or_fail
from matcher.core.services.landlords import normalise_iban

ADULT_AGE = 18
DEPOSIT_INSTALMENTS = 3
"""§ 551 Abs. 2 BGB: the tenant may pay the deposit in three equal monthly instalments."""

LEASE_KIND_FOR_DOCUMENT = {
    DocumentKind.LEASE: LeaseKind.LEASE,
    DocumentKind.SUBLEASE: LeaseKind.SUBLEASE,
    DocumentKind.USAGE_AGREEMENT: LeaseKind.USAGE_AGREEMENT,
}
"""Which lease kind a placement must carry for a contract document (the others follow with their kinds)."""


@dataclass(frozen=True)
class Party:
    """A landlord, owner or the office: name and postal address."""

    name: str
    representative: str
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class Person:
    """A household member as printed: full name and birth date (or year) as German text, '' if unknown."""

    name: str
    born: str


@dataclass(frozen=True)
class FlatData:
    street: str
    house_number: str
    postcode: str
    city: str
    locality: str
    floor: int
    flat_number: str
    living_area_m2: float
    rooms: float
    has_kitchen: bool
    fitted_kitchen: bool
    has_bath: bool
    has_cellar: bool
    has_parking: bool
    heating_type: str
    heating_fuel: str
    hot_water_central: bool
    pets_allowed: bool
    smoke_detectors: bool
    energy_certificate_kind: str
    energy_kwh_per_m2: float | None
    energy_class: str
    bedrooms: int = 0


@dataclass(frozen=True)
class Rent:
    """Monthly rent in cents; `total` is computed by `lease_rules.total_rent_cents`."""

    net: int
    operating_costs: int
    heating_costs: int
    surcharges: int
    total: int


@dataclass(frozen=True)
class LeaseTerms:
    """Everything a lease for one placement prints. Plain values only: it is archived as JSON."""

    kind: str
    lease_kind: str
    placement_id: int
    flat_id: int
    case_number: str
    office: Party
    landlord: Party
    owner: Party | None
    tenants: tuple[Person, ...]
    occupants: tuple[Person, ...]
    flat: FlatData
    start: date | None
    move_in: date | None
    fixed_term_end: date | None
    fixed_term_reason: str
    rent: Rent
    deposit_cents: int
    deposit_instalments: tuple[int, ...]
    iban: str
    bic: str
    account_holder: str
    direct_payment: bool
    cooperative_shares: int | None
    cooperative_share_cents: int | None
    membership_number: str
    shares_paid_by: str

    def to_json(self) -> str:
        """Stable JSON (sorted keys, ISO dates) for the archive snapshot."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


# --------------------------------------------------------------------------------------------------
# Reading from the database
# --------------------------------------------------------------------------------------------------


def load_terms(db: Database, kind: DocumentKind, placement_id: int) -> LeaseTerms:
    """Assemble the terms of `placement_id` for a document of `kind` (not yet validated)."""
    with db.read_session() as session:
        return terms_in_session(session, kind, placement_id)


def terms_in_session(session: Session, kind: DocumentKind, placement_id: int) -> LeaseTerms:
    placement = get_or_fail(session, M.Placement, placement_id, "Vermittlung")
    flat = get_or_fail(session, M.Flat, placement.flat_id, "Wohnung")
    household = get_or_fail(session, M.Household, placement.household_id, "Haushalt")
    landlord = get_or_fail(session, M.Landlord, flat.landlord_id, "Vermieter")
    owner = session.get(M.Landlord, flat.owner_id) if flat.owner_id not in (None, flat.landlord_id) else None
    office = session.get(M.Office, 1) or M.Office()
    municipality = session.get(M.Municipality, flat.ags)
    # The lease starts on the date entered for it; before that is set, on the planned move-in the
    # caseworker agreed with both sides. Neither entered: the check below refuses.
    start = placement.lease_start or placement.planned_move_in
    tenants, occupants = _split_members(_members(session, household.id or 0), start)
    rent = _rent(flat)
    return LeaseTerms(
        kind=kind.value,
        lease_kind=str(placement.lease_kind),
        placement_id=placement_id,
        flat_id=flat.id or 0,
        case_number=household.case_number,
        office=Party(office.name, office.department, office.street, office.postcode, office.city),
        landlord=_party(landlord),
        owner=_party(owner) if owner is not None else None,
        tenants=tenants,
        occupants=occupants,
        flat=_flat_data(flat, municipality.name if municipality else ""),
        start=start,
        move_in=placement.planned_move_in or placement.lease_start,
        fixed_term_end=placement.fixed_term_end,
        fixed_term_reason=placement.fixed_term_reason,
        rent=rent,
        deposit_cents=flat.deposit_cents,
        deposit_instalments=deposit_instalments(flat.deposit_cents),
        iban=landlord.iban or "",
        bic=landlord.bic or "",
        account_holder=landlord.account_holder or landlord.name,
        direct_payment=placement.direct_payment,
        cooperative_shares=flat.cooperative_shares,
        cooperative_share_cents=flat.cooperative_share_cents,
        membership_number=placement.membership_number,
        shares_paid_by=placement.shares_paid_by,
    )


def _members(session: Session, household_id: int) -> list[M.Member]:
    query = select(M.Member).where(M.Member.household_id == household_id).order_by(M.Member.position, M.Member.id)  # type: ignore[arg-type]
    return list(session.exec(query).all())


def is_adult(member: M.Member, on: date | None) -> bool:
    """Adult on the lease start. Only a birth year known: adult if 18 is reached in that year or before
    (they sign as tenant rather than be left off). Nothing known: everyone but a child is an adult."""
    if on is not None and member.birth_date is not None:
        birthday_passed = (on.month, on.day) >= (member.birth_date.month, member.birth_date.day)
        return on.year - member.birth_date.year - (0 if birthday_passed else 1) >= ADULT_AGE
    if on is not None and member.birth_year is not None:
        return on.year - member.birth_year >= ADULT_AGE
    return member.relationship != Relationship.CHILD


def _split_members(members: list[M.Member], start: date | None) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
    tenants = tuple(_person(m) for m in members if is_adult(m, start))
    occupants = tuple(_person(m) for m in members if not is_adult(m, start))
    return tenants, occupants


def _person(member: M.Member) -> Person:
    if member.birth_date is not None:
        born = day(member.birth_date)
    elif member.birth_year is not None:
        born = str(member.birth_year)
    else:
        born = ""
    return Person(f"{member.given_name} {member.family_name}", born)


def _party(landlord: M.Landlord) -> Party:
    return Party(landlord.name, landlord.representative, landlord.street, landlord.postcode, landlord.city)


def _rent(flat: M.Flat) -> Rent:
    total = lease_rules.total_rent_cents(
        flat.net_rent_cents, flat.operating_costs_cents, flat.heating_costs_cents, flat.surcharges_cents
    )
    return Rent(flat.net_rent_cents, flat.operating_costs_cents, flat.heating_costs_cents, flat.surcharges_cents, total)


def deposit_instalments(deposit_cents: int) -> tuple[int, ...]:
    """Three instalments that add up to the deposit exactly; a remainder cent goes to the first ones."""
    base, rest = divmod(deposit_cents, DEPOSIT_INSTALMENTS)
    return tuple(base + (1 if index < rest else 0) for index in range(DEPOSIT_INSTALMENTS))


def _flat_data(flat: M.Flat, city: str) -> FlatData:
    return FlatData(
        street=flat.street,
        house_number=flat.house_number,
        postcode=flat.postcode,
        city=city,
        locality=flat.locality,
        floor=flat.floor,
        flat_number=flat.flat_number,
        living_area_m2=flat.living_area_m2,
        rooms=flat.rooms,
        has_kitchen=flat.has_kitchen,
        fitted_kitchen=flat.fitted_kitchen,
        has_bath=flat.has_bath,
        has_cellar=flat.has_cellar,
        has_parking=flat.has_parking,
        heating_type=HeatingType(flat.heating_type).label,
        heating_fuel=HeatingFuel(flat.heating_fuel).label,
        hot_water_central=flat.hot_water_central,
        pets_allowed=flat.pets_allowed,
        smoke_detectors=flat.smoke_detectors,
        energy_certificate_kind=flat.energy_certificate_kind,
        energy_kwh_per_m2=flat.energy_kwh_per_m2,
        energy_class=flat.energy_class,
        bedrooms=flat.bedrooms,
    )


# --------------------------------------------------------------------------------------------------
# The one gate before printing
# --------------------------------------------------------------------------------------------------


def validate_terms(terms: LeaseTerms) -> None:
    """Raise ValidationFailed (German, one message per problem, naming the item) unless `terms` may print.

    A contract needs everything; the Wohnungsgeberbestätigung (§ 19 BMG) needs only the parties, the
    flat, the move-in date and the people, and no bank or rent data.
    """
    if terms.kind in (DocumentKind.REGISTRATION_CONFIRMATION, DocumentKind.HANDOVER_PROTOCOL):
        errors = [*_party_errors(terms), *_move_in_errors(terms), *_flat_city_errors(terms), *_coverage_errors(terms)]
    elif terms.kind == DocumentKind.CAP_CHECK_SHEET:
        # The internal sheet prints costs, no account; before a start date the check runs on today's rules.
        money = [error for error in _money_errors(terms) if error.field != "iban"]
        errors = [*_party_errors(terms), *money, *_flat_city_errors(terms), *_coverage_errors(terms)]
    elif terms.kind == DocumentKind.DUTIES_SUMMARY:
        # Handed over with the lease: start, rent and deposit print; the landlord's account does not.
        money = [error for error in _money_errors(terms) if error.field != "iban"]
        errors = [
            *_party_errors(terms),
            *_term_errors(terms),
            *money,
            *_flat_city_errors(terms),
            *_coverage_errors(terms),
        ]
    elif terms.kind == DocumentKind.RENT_CERTIFICATE:
        # Before signing, for the benefit office: the figures must be lawful, the account only matters
        # when the office is asked to pay the landlord directly.
        money = _money_errors(terms)
        if not terms.direct_payment:
            money = [error for error in money if error.field != "iban"]
        errors = [
            *_party_errors(terms),
            *_term_errors(terms),
            *money,
            *_flat_city_errors(terms),
            *_coverage_errors(terms),
        ]
    else:
        errors = [
            *_kind_errors(terms),
            *_party_errors(terms),
            *_term_errors(terms),
            *_money_errors(terms),
            *_flat_errors(terms),
            *_cooperative_errors(terms),
            *_coverage_errors(terms),
        ]
    if errors:
        raise ValidationFailed(errors)


def _missing(field: str, label: str, value: str, where: str) -> list[FieldError]:
    return [] if value.strip() else [FieldError(field, f"Fehlt: Bitte tragen Sie {where} ein.", label)]


def _kind_errors(terms: LeaseTerms) -> list[FieldError]:
    expected = LEASE_KIND_FOR_DOCUMENT.get(DocumentKind(terms.kind))
    if expected is None or terms.lease_kind == expected.value:
        return []
    planned = LeaseKind(terms.lease_kind).label
    message = f"Für diese Vermittlung ist ein {planned} vorgesehen, kein {DocumentKind(terms.kind).label}."
    return [FieldError("lease_kind", message, "Vertragsart")]


def _party_errors(terms: LeaseTerms) -> list[FieldError]:
    landlord = terms.landlord
    errors = [
        *_missing(
            "office.name", "Behörde (Briefkopf)", terms.office.name, "in den Einstellungen den Namen der Behörde"
        ),
        *_missing("landlord.street", "Vermieter: Straße", landlord.street, "die Straße des Vermieters"),
        *_missing("landlord.postcode", "Vermieter: PLZ", landlord.postcode, "die PLZ des Vermieters"),
        *_missing("landlord.city", "Vermieter: Ort", landlord.city, "den Ort des Vermieters"),
    ]
    if terms.kind == DocumentKind.SUBLEASE and terms.owner is None:
        message = (
            "Für einen Untermietvertrag muss bei der Wohnung die Eigentümerin oder der Eigentümer eingetragen sein."
        )
        errors.append(FieldError("owner_id", message, "Eigentümer"))
    if not terms.tenants:
        errors.append(
            FieldError("tenants", "Der Haushalt hat keine erwachsene Person, die unterschreiben kann.", "Mieter")
        )
    return errors


def _term_errors(terms: LeaseTerms) -> list[FieldError]:
    label = "Befristung (§ 575 BGB)"
    errors: list[FieldError] = []
    if terms.start is None:
        errors.append(FieldError("lease_start", "Fehlt: Bitte tragen Sie den Mietbeginn ein.", "Mietbeginn"))
    if terms.fixed_term_end is not None and not terms.fixed_term_reason.strip():
        errors.append(FieldError("fixed_term_reason", "Eine Befristung braucht einen Grund nach § 575 BGB.", label))
    if terms.fixed_term_end is None and terms.fixed_term_reason.strip():
        errors.append(
            FieldError("fixed_term_end", "Es ist ein Befristungsgrund eingetragen, aber kein Enddatum.", label)
        )
    if terms.fixed_term_end is not None and terms.start is not None and terms.fixed_term_end <= terms.start:
        errors.append(FieldError("fixed_term_end", "Das Ende der Mietzeit muss nach dem Mietbeginn liegen.", label))
    return errors


def _move_in_errors(terms: LeaseTerms) -> list[FieldError]:
    if terms.move_in is not None:
        return []
    return [FieldError("planned_move_in", "Fehlt: Bitte tragen Sie das Einzugsdatum ein.", "Einzug")]


def _money_errors(terms: LeaseTerms) -> list[FieldError]:
    rent = terms.rent
    errors: list[FieldError] = []
    if rent.net <= 0:
        errors.append(FieldError("net_rent_cents", "Fehlt: Bitte tragen Sie die Nettokaltmiete ein.", "Nettokaltmiete"))
    total = lease_rules.total_rent_cents(rent.net, rent.operating_costs, rent.heating_costs, rent.surcharges)
    if total != rent.total:
        errors.append(FieldError("total", "Die Gesamtmiete ist nicht die Summe ihrer Teile.", "Gesamtmiete"))
    if (message := lease_rules.deposit_error(terms.deposit_cents, rent.net)) is not None:
        errors.append(FieldError("deposit_cents", message, "Kaution"))
    if sum(terms.deposit_instalments) != terms.deposit_cents:
        errors.append(FieldError("deposit_cents", "Die Raten ergeben nicht die Kaution.", "Kaution"))
    errors.extend(_iban_errors(terms.iban))
    return errors


def _cooperative_errors(terms: LeaseTerms) -> list[FieldError]:
    """A Dauernutzungsvertrag names the membership, the required shares and who funds them (domain.md 5)."""
    if terms.kind != DocumentKind.USAGE_AGREEMENT:
        return []
    errors = [
        *_missing("membership_number", "Mitgliedsnummer", terms.membership_number, "die Mitgliedsnummer"),
        *_missing(
            "shares_paid_by", "Anteile finanziert durch", terms.shares_paid_by, "ein, wer die Anteile finanziert,"
        ),
    ]
    if not terms.cooperative_shares or not terms.cooperative_share_cents:
        message = "Fehlt: Bitte tragen Sie bei der Wohnung Zahl und Betrag der Genossenschaftsanteile ein."
        errors.append(FieldError("cooperative_shares", message, "Genossenschaftsanteile"))
    return errors


def _iban_errors(iban: str) -> list[FieldError]:
    if not iban.strip():
        return [FieldError("iban", "Fehlt: Bitte tragen Sie die IBAN des Vermieters ein.", "IBAN")]
    _, error = normalise_iban(iban)
    return [error] if error is not None else []


def _flat_city_errors(terms: LeaseTerms) -> list[FieldError]:
    return _missing("flat.city", "Wohnung: Ort", terms.flat.city, "die Gemeinde der Wohnung")


def _flat_errors(terms: LeaseTerms) -> list[FieldError]:
    flat = terms.flat
    return [
        *_flat_city_errors(terms),
        *_missing(
            "energy_certificate_kind",
            "Energieausweis (Art)",
            flat.energy_certificate_kind,
            "die Art des Energieausweises",
        ),
    ]


def printed_texts(terms: LeaseTerms) -> dict[str, tuple[str, str]]:
    """Every free text that reaches the page, keyed by field, with its German label (for the coverage check)."""
    texts: dict[str, tuple[str, str]] = {
        "landlord.name": ("Vermieter", terms.landlord.name),
        "landlord.representative": ("Vermieter: vertreten durch", terms.landlord.representative),
        "landlord.address": (
            "Vermieter: Anschrift",
            f"{terms.landlord.street} {terms.landlord.postcode} {terms.landlord.city}",
        ),
        "flat.address": ("Wohnung: Anschrift", f"{terms.flat.street} {terms.flat.house_number} {terms.flat.locality}"),
        "flat.flat_number": ("Wohnungsnummer", terms.flat.flat_number),
        "fixed_term_reason": ("Grund der Befristung", terms.fixed_term_reason),
        "membership_number": ("Mitgliedsnummer", terms.membership_number),
        "shares_paid_by": ("Anteile finanziert durch", terms.shares_paid_by),
        "account_holder": ("Kontoinhaber", terms.account_holder),
        "office": (
            "Briefkopf",
            f"{terms.office.name} {terms.office.representative} {terms.office.street} {terms.office.city}",
        ),
    }
    if terms.owner is not None:
        texts["owner.name"] = ("Eigentümer", terms.owner.name)
    for index, person in enumerate((*terms.tenants, *terms.occupants), start=1):
        texts[f"member.{index}"] = (f"Name der {index}. Person", person.name)
    return texts


def _coverage_errors(terms: LeaseTerms) -> list[FieldError]:
    errors = (coverage_error(key, label, text) for key, (label, text) in printed_texts(terms).items())
    return [error for error in errors if error is not None]


# --------------------------------------------------------------------------------------------------
# Generalmietvertrag (owner → municipality): belongs to a flat, not to a placement
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadLeaseTerms:
    """Everything the Generalmietvertrag of one flat prints. Plain values only: archived as JSON."""

    kind: str
    flat_id: int
    office: Party
    owner: Party | None
    municipality: Party | None
    flat: FlatData
    start: date | None
    end: date | None
    notice_date: date | None
    monthly_cost_cents: int | None
    rent: Rent
    funded: bool
    funding_programme: str
    binding_end: date | None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True, ensure_ascii=False, default=_json_default)


def head_lease_terms_in_session(session: Session, flat_id: int) -> HeadLeaseTerms:
    """The head-lease terms of `flat_id` (not yet validated): the owner lets, the municipality rents."""
    from matcher.core.enums import LandlordKind

    flat = get_or_fail(session, M.Flat, flat_id, "Wohnung")
    landlord = get_or_fail(session, M.Landlord, flat.landlord_id, "Vermieter")
    owner = session.get(M.Landlord, flat.owner_id) if flat.owner_id not in (None, flat.landlord_id) else None
    office = session.get(M.Office, 1) or M.Office()
    municipality = session.get(M.Municipality, flat.ags)
    return HeadLeaseTerms(
        kind=DocumentKind.HEAD_LEASE.value,
        flat_id=flat.id or 0,
        office=Party(office.name, office.department, office.street, office.postcode, office.city),
        owner=_party(owner) if owner is not None else None,
        municipality=_party(landlord) if landlord.kind == LandlordKind.MUNICIPALITY else None,
        flat=_flat_data(flat, municipality.name if municipality else ""),
        start=flat.head_lease_start,
        end=flat.head_lease_end,
        notice_date=flat.head_lease_notice_date,
        monthly_cost_cents=flat.head_lease_monthly_cost_cents,
        rent=_rent(flat),
        funded=flat.funded,
        funding_programme=flat.funding_programme,
        binding_end=flat.binding_end,
    )


def validate_head_lease_terms(terms: HeadLeaseTerms) -> None:
    """Raise ValidationFailed (German, naming what is missing) unless the Generalmietvertrag may print."""
    errors: list[FieldError] = [
        *_missing(
            "office.name", "Behörde (Briefkopf)", terms.office.name, "in den Einstellungen den Namen der Behörde"
        ),
        *_missing("flat.city", "Wohnung: Ort", terms.flat.city, "die Gemeinde der Wohnung"),
    ]
    if terms.owner is None:
        message = "Fehlt: Bitte tragen Sie bei der Wohnung die Eigentümerin oder den Eigentümer (Vermieter) ein."
        errors.append(FieldError("owner_id", message, "Eigentümer"))
    else:
        owner = terms.owner
        errors += [
            *_missing("owner.street", "Eigentümer: Straße", owner.street, "die Straße des Eigentümers"),
            *_missing("owner.postcode", "Eigentümer: PLZ", owner.postcode, "die PLZ des Eigentümers"),
            *_missing("owner.city", "Eigentümer: Ort", owner.city, "den Ort des Eigentümers"),
        ]
    if terms.municipality is None:
        message = "Als Vermieter der Wohnung muss die Kommune eingetragen sein, die die Wohnung anmietet."
        errors.append(FieldError("landlord_id", message, "Mieter (Kommune)"))
    if terms.start is None:
        errors.append(
            FieldError("head_lease_start", "Fehlt: Bitte tragen Sie den Beginn der Anmietung ein.", "Anmietung seit")
        )
    if not terms.monthly_cost_cents:
        message = "Fehlt: Bitte tragen Sie die monatlichen Kosten der Anmietung ein."
        errors.append(FieldError("head_lease_monthly_cost_cents", message, "Kosten der Anmietung monatlich"))
    if terms.start is not None and terms.end is not None and terms.end <= terms.start:
        errors.append(
            FieldError("head_lease_end", "Das Ende der Anmietung muss nach ihrem Beginn liegen.", "Anmietung bis")
        )
    texts = {
        "owner.name": ("Eigentümer", terms.owner.name if terms.owner else ""),
        "owner.representative": ("Eigentümer: vertreten durch", terms.owner.representative if terms.owner else ""),
        "owner.address": ("Eigentümer: Anschrift", f"{terms.owner.street} {terms.owner.city}" if terms.owner else ""),
        "municipality.name": ("Kommune", terms.municipality.name if terms.municipality else ""),
        "flat.address": ("Wohnung: Anschrift", f"{terms.flat.street} {terms.flat.house_number} {terms.flat.locality}"),
        "funding_programme": ("Förderprogramm", terms.funding_programme),
    }
    errors += [e for k, (label, text) in texts.items() if (e := coverage_error(k, label, text)) is not None]
    if errors:
        raise ValidationFailed(errors)
