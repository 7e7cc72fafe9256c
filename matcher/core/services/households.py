"""Households: the people who move in together, their contacts, wishes and barred municipalities.

Every call checks all it was given and reports every problem at once (household fields, each person,
each contact, each wish), so a caseworker fixes a form in one round instead of one error at a time.
Errors about a row of a list carry the row in the field name (`members[1].birth_date`) and in the label
("Person 2 – Geburtsdatum"). Changes to members, contacts, wishes and barred municipalities also bump
the household's version: two caseworkers editing the same case notice each other.

Birth dates may be unknown; nothing here ever fills one in. Audit entries name ids, counts and field
names only — never names, dates of birth, case numbers or notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import HouseholdStatus, ObligationScope, PlacementState, Relationship, ResidenceStatus, WishKind
from matcher.core.errors import FieldError, NotFound, ValidationFailed
from matcher.core.formatting import day
from matcher.core.models import utcnow
from matcher.core.rent_cap import rules_on
from matcher.core.services import audit
from matcher.core.services.common import apply, check_version, merged
from matcher.core.services.placements import OFFER_STATES, OPEN_STATES
from matcher.core.services.validation import label_of, require, validate

ModelT = TypeVar("ModelT", bound=BaseModel)

WHAT = "Der Haushalt"
ADULT_AGE = 18
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

SECTION_12A_STATUSES = frozenset(
    {
        ResidenceStatus.PERMIT_25_1,
        ResidenceStatus.PERMIT_25_2,
        ResidenceStatus.PERMIT_25_3,
        ResidenceStatus.PERMIT_22,
        ResidenceStatus.PERMIT_23,
        ResidenceStatus.PERMIT_24,
    }
)
"""Permits that carry the § 12a AufenthG residence rule (domain.md 3.1, 3.4)."""

NEW_HOUSEHOLD_STATUSES = frozenset({HouseholdStatus.WAITING, HouseholdStatus.PARKED})
"""A new case waits or is parked; "offered" and "housed" only ever follow from a placement."""

MANUAL_STATUSES = frozenset(
    {HouseholdStatus.WAITING, HouseholdStatus.PARKED, HouseholdStatus.HOUSED, HouseholdStatus.WITHDRAWN}
)
"""Statuses a caseworker sets by hand; "offered" belongs to the offer workflow (placements)."""

STATUS_FIELDS = frozenset({"status", "parked_until"})


@dataclass(frozen=True)
class HouseholdDetail:
    """Everything the household form shows, loaded in one snapshot."""

    household: M.Household
    members: list[M.Member]
    contacts: list[M.ContactPerson]
    wishes: list[M.HouseholdWish]
    barred: list[M.HouseholdBarredMunicipality]

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def applicant(self) -> M.Member | None:
        return next((m for m in self.members if m.relationship == Relationship.APPLICANT), None)

    @property
    def barred_ags(self) -> list[str]:
        return [row.ags for row in self.barred]


# --------------------------------------------------------------------------------------------------
# Public service calls
# --------------------------------------------------------------------------------------------------


def create_household(
    db: Database,
    data: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    contacts: Sequence[Mapping[str, Any]] = (),
    wishes: Sequence[tuple[str, WishKind | str]] = (),
    barred_ags: Sequence[str] | None = None,
) -> HouseholdDetail:
    """Create a household with all its people in one transaction.

    `barred_ags=None` means "use the district's list" when the household is bound by § 12a; an empty
    list means "none". Returns the saved detail, so the caller sees what was pre-filled.
    """
    with db.session() as session:
        errors: list[FieldError] = []
        base = _collect(_validated_household(session, data, None, new=True), errors)
        member_rows = _collect(_validated_members(members), errors)
        contact_rows = _collect(_validated_contacts(contacts), errors)
        wish_rows = _collect(_validated_wishes(session, wishes), errors)
        barred = None if barred_ags is None else _collect(_validated_barred(session, barred_ags), errors)
        require(errors)
        assert base is not None
        household = M.Household.model_validate(base.model_dump())
        session.add(household)
        _flush_checking_case_number(session)
        assert household.id is not None
        if barred is None:
            barred = district_barred_defaults(session, household)
        _insert_members(session, household.id, member_rows)
        _insert_contacts(session, household.id, contact_rows)
        _insert_wishes(session, household.id, wish_rows)
        _insert_barred(session, household.id, barred)
        description = (
            f"Personen: {len(member_rows)}, Kontakte: {len(contact_rows)}, Orte: {len(wish_rows)}, "
            f"gesperrte Gemeinden: {len(barred)}"
        )
        audit.record(session, db.user, "create", "household", household.id, description)
        return _detail(session, household)


def update_household(
    db: Database, household_id: int, changes: Mapping[str, Any], expected_version: int | None = None
) -> M.Household:
    """Change the household's own fields. The status is changed with `set_household_status`."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        validated, errors = _validated_household(
            session, merged(household, changes, M.HouseholdBase), household_id, new=False
        )
        errors += _status_untouched_errors(household, changes)
        require(errors)
        assert validated is not None
        apply(household, validated)
        _flush_checking_case_number(session)
        audit.record(session, db.user, "update", "household", household.id, "Felder: " + ", ".join(sorted(changes)))
        return household


def replace_members(
    db: Database, household_id: int, members: Sequence[Mapping[str, Any]], expected_version: int | None = None
) -> HouseholdDetail:
    """Replace all people of the household (the member table of the form is saved as a whole)."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        rows, errors = _validated_members(members)
        require(errors)
        session.execute(delete(M.Member).where(M.Member.household_id == household_id))  # type: ignore[arg-type]
        _insert_members(session, household_id, rows)
        _touch(household)
        audit.record(session, db.user, "update", "household", household_id, f"Personen ersetzt: {len(rows)}")
        return _detail(session, household)


def add_member(
    db: Database, household_id: int, data: Mapping[str, Any], expected_version: int | None = None
) -> HouseholdDetail:
    """Add one person at the end of the list. Errors name the plain fields (a one-person dialog)."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        existing = _members(session, household_id)
        member, errors = _validated_member(data, len(existing))
        first_applicant = _applicant_index(existing)
        if member is not None and member.relationship == Relationship.APPLICANT and first_applicant is not None:
            errors.append(_second_applicant_error("relationship", first_applicant))
        require(errors)
        assert member is not None
        _insert_members(session, household_id, [member], start=len(existing))
        _touch(household)
        audit.record(session, db.user, "update", "household", household_id, f"Person hinzugefügt: {len(existing) + 1}")
        return _detail(session, household)


def remove_member(
    db: Database, household_id: int, member_id: int, expected_version: int | None = None
) -> HouseholdDetail:
    """Remove one person. The last person and the applicant stay (a household always has both)."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        existing = _members(session, household_id)
        member = next((m for m in existing if m.id == member_id), None)
        if member is None:
            raise NotFound(f"Person {member_id} gibt es in diesem Haushalt nicht (mehr). Bitte laden Sie neu.")
        require(_removal_errors(member, existing))
        session.delete(member)
        for position, remaining in enumerate(m for m in existing if m.id != member_id):
            remaining.position = position
        _touch(household)
        audit.record(session, db.user, "update", "household", household_id, f"Person entfernt: {member_id}")
        return _detail(session, household)


def set_contacts(
    db: Database, household_id: int, contacts: Sequence[Mapping[str, Any]], expected_version: int | None = None
) -> HouseholdDetail:
    """Replace the household's contact persons (interpreter, volunteer sponsor, social worker)."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        rows, errors = _validated_contacts(contacts)
        require(errors)
        session.execute(delete(M.ContactPerson).where(M.ContactPerson.household_id == household_id))  # type: ignore[arg-type]
        _insert_contacts(session, household_id, rows)
        _touch(household)
        audit.record(session, db.user, "update", "household", household_id, f"Kontaktpersonen: {len(rows)}")
        return _detail(session, household)


def set_wishes(
    db: Database,
    household_id: int,
    wishes: Sequence[tuple[str, WishKind | str]],
    expected_version: int | None = None,
) -> HouseholdDetail:
    """Replace the household's place wishes (preferred, excluded, relatives, work)."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        rows, errors = _validated_wishes(session, wishes)
        require(errors)
        session.execute(delete(M.HouseholdWish).where(M.HouseholdWish.household_id == household_id))  # type: ignore[arg-type]
        _insert_wishes(session, household_id, rows)
        _touch(household)
        audit.record(session, db.user, "update", "household", household_id, f"Ortswünsche: {len(rows)}")
        return _detail(session, household)


def set_barred_municipalities(
    db: Database, household_id: int, ags_list: Sequence[str], expected_version: int | None = None
) -> HouseholdDetail:
    """Replace the municipalities the household's permit bars (§ 12a Abs. 4 AufenthG)."""
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        rows, errors = _validated_barred(session, ags_list)
        require(errors)
        session.execute(
            delete(M.HouseholdBarredMunicipality).where(M.HouseholdBarredMunicipality.household_id == household_id)  # type: ignore[arg-type]
        )
        _insert_barred(session, household_id, rows)
        _touch(household)
        audit.record(session, db.user, "update", "household", household_id, f"Gesperrte Gemeinden: {len(rows)}")
        return _detail(session, household)


def set_household_status(
    db: Database,
    household_id: int,
    status: HouseholdStatus | str,
    *,
    parked_until: date | None = None,
    expected_version: int | None = None,
) -> M.Household:
    """Set waiting, parked (with a future date), housed or withdrawn by hand.

    "Angebot" is refused: it follows from an offer in the placement workflow. Parking, housing or
    withdrawing a household with open placements is refused too, so no offer runs for a case that
    is closed or on hold; the caseworker ends those placements first (with a reason).
    """
    with db.session() as session:
        household = _locked_household(session, household_id, expected_version)
        target = _status_or_error(status)
        require(_manual_status_errors(session, household, target, parked_until))
        previous = household.status
        household.status = target
        household.parked_until = parked_until if target == HouseholdStatus.PARKED else None
        _touch(household)
        session.flush()
        description = f"Status: {HouseholdStatus(previous).label} → {target.label}"
        audit.record(session, db.user, "status", "household", household_id, description)
        return household


def get_household_detail(db: Database, household_id: int) -> HouseholdDetail:
    with db.read_session() as session:
        household = session.get(M.Household, household_id)
        if household is None:
            raise _not_found(household_id)
        return _detail(session, household)


def district_barred_defaults(session: Session, household: M.HouseholdBase) -> list[str]:
    """The barred municipalities a new household starts with: the district setting, when § 12a binds it.

    The district is the office's (`Office.kreis_key`); an office without one falls back to the district
    of the household's accommodation. A household without a § 12a permit, without an obligation or
    whose obligation has ended gets none.
    """
    if not _bound_by_12a(household):
        return []
    kreis_key = _office_district(session) or _accommodation_district(session, household.accommodation_ags)
    rules = rules_on(session, kreis_key, date.today()) if kreis_key else None
    if rules is None:
        return []
    query = select(M.DistrictBarredMunicipality.ags).where(M.DistrictBarredMunicipality.rules_id == rules.id)
    return sorted(session.exec(query).all())


# --------------------------------------------------------------------------------------------------
# Transactions and loading
# --------------------------------------------------------------------------------------------------


def _not_found(household_id: int) -> NotFound:
    return NotFound(f"Haushalt {household_id} gibt es nicht (mehr). Bitte laden Sie die Liste neu.")


def _locked_household(session: Session, household_id: int, expected_version: int | None) -> M.Household:
    """Load and lock the household row (PostgreSQL: FOR UPDATE; SQLite: the write lock is held already)."""
    household = session.get(M.Household, household_id, with_for_update=True)
    if household is None:
        raise _not_found(household_id)
    check_version(household, expected_version, WHAT)
    return household


def _touch(household: M.Household) -> None:
    """Bump version and `updated_at`: a change to a household's people is a change to the household."""
    household.updated_at = utcnow()


def _flush_checking_case_number(session: Session) -> None:
    """Flush; a case number taken in a parallel transaction becomes the same message as the pre-check."""
    try:
        session.flush()
    except IntegrityError as exc:
        if "case_number" in str(exc.orig):
            raise ValidationFailed([_case_number_taken()]) from exc
        raise


def _members(session: Session, household_id: int) -> list[M.Member]:
    query = select(M.Member).where(M.Member.household_id == household_id).order_by(M.Member.position, M.Member.id)  # type: ignore[arg-type]
    return list(session.exec(query).all())


def _detail(session: Session, household: M.Household) -> HouseholdDetail:
    session.flush()
    household_id = household.id
    contacts = select(M.ContactPerson).where(M.ContactPerson.household_id == household_id).order_by(M.ContactPerson.id)  # type: ignore[arg-type]
    wishes = (
        select(M.HouseholdWish)
        .where(M.HouseholdWish.household_id == household_id)
        .order_by(M.HouseholdWish.kind, M.HouseholdWish.ags)
    )
    barred = (
        select(M.HouseholdBarredMunicipality)
        .where(M.HouseholdBarredMunicipality.household_id == household_id)
        .order_by(M.HouseholdBarredMunicipality.ags)
    )
    assert household_id is not None
    return HouseholdDetail(
        household=household,
        members=_members(session, household_id),
        contacts=list(session.exec(contacts).all()),
        wishes=list(session.exec(wishes).all()),
        barred=list(session.exec(barred).all()),
    )


def _insert_members(session: Session, household_id: int, rows: Sequence[M.MemberBase], start: int = 0) -> None:
    for position, row in enumerate(rows, start=start):
        session.add(M.Member.model_validate({**row.model_dump(), "position": position, "household_id": household_id}))


def _insert_contacts(session: Session, household_id: int, rows: Sequence[M.ContactPersonBase]) -> None:
    for row in rows:
        session.add(M.ContactPerson.model_validate({**row.model_dump(), "household_id": household_id}))


def _insert_wishes(session: Session, household_id: int, rows: Sequence[tuple[str, WishKind]]) -> None:
    session.add_all(M.HouseholdWish(household_id=household_id, ags=ags, kind=kind) for ags, kind in rows)


def _insert_barred(session: Session, household_id: int, ags_list: Sequence[str]) -> None:
    session.add_all(M.HouseholdBarredMunicipality(household_id=household_id, ags=ags) for ags in ags_list)


# --------------------------------------------------------------------------------------------------
# Validation helpers: each returns (valid value or None, errors) so a call can collect everything
# --------------------------------------------------------------------------------------------------

T = TypeVar("T")


def _collect(result: tuple[T, list[FieldError]], errors: list[FieldError]) -> T:
    value, found = result
    errors.extend(found)
    return value


def _validated_leniently(model: type[ModelT], data: Mapping[str, Any]) -> tuple[ModelT | None, list[FieldError]]:
    """Validate; on failure also return the model built from the valid fields alone (if it can be built).

    The domain checks then still run on what is valid, so a too-long e-mail address and a duplicate case
    number are reported together.
    """
    try:
        return validate(model, data), []
    except ValidationFailed as exc:
        bad = {error.field for error in exc.errors}
        try:
            partial = validate(model, {k: v for k, v in data.items() if k not in bad})
        except ValidationFailed:
            partial = None
        return partial, list(exc.errors)


def _without_fields(errors: list[FieldError], fields: set[str]) -> list[FieldError]:
    return [e for e in errors if e.field not in fields]


def _in_row(error: FieldError, collection: str, index: int, noun: str) -> FieldError:
    """'birth_date' of the second person → 'members[1].birth_date', 'Person 2 – Geburtsdatum'."""
    return FieldError(f"{collection}[{index}].{error.field}", error.message, f"{noun} {index + 1} – {error.label}")


def _error(model: type[BaseModel], field: str, message: str) -> FieldError:
    return FieldError(field, message, label_of(model, field))


# ---- the household's own fields ------------------------------------------------------------------


def _validated_household(
    session: Session, data: Mapping[str, Any], household_id: int | None, *, new: bool
) -> tuple[M.HouseholdBase | None, list[FieldError]]:
    """The household's fields plus the checks that need the database. Use the model only without errors."""
    base, errors = _validated_leniently(M.HouseholdBase, data)
    if base is not None:
        checks = _household_errors(session, base, household_id)
        if new:
            checks += _new_status_errors(base)
        errors += _without_fields(checks, {e.field for e in errors})
    return base, errors


def _household_errors(session: Session, h: M.HouseholdBase, household_id: int | None) -> list[FieldError]:
    today = date.today()
    return [
        *_case_number_errors(session, h.case_number, household_id),
        *_reference_errors(session, h),
        *_obligation_errors(h),
        *_date_errors(h, today),
    ]


def _case_number_taken() -> FieldError:
    message = "Dieses Aktenzeichen ist bereits vergeben. Bitte prüfen Sie, ob der Haushalt schon erfasst ist."
    return _error(M.HouseholdBase, "case_number", message)


def _case_number_errors(session: Session, case_number: str, household_id: int | None) -> list[FieldError]:
    query = select(M.Household.id).where(M.Household.case_number == case_number)
    if household_id is not None:
        query = query.where(M.Household.id != household_id)
    return [_case_number_taken()] if session.exec(query).first() is not None else []


def _unknown_municipality(model: type[BaseModel], field: str, ags: str) -> FieldError:
    message = f"Die Gemeinde mit dem Schlüssel „{ags}“ ist nicht bekannt. Bitte wählen Sie eine Gemeinde aus der Liste."
    return _error(model, field, message)


def _reference_errors(session: Session, h: M.HouseholdBase) -> list[FieldError]:
    errors = [
        _unknown_municipality(M.HouseholdBase, field, ags)
        for field in ("accommodation_ags", "obligation_ags")
        if (ags := getattr(h, field)) is not None and session.get(M.Municipality, ags) is None
    ]
    if h.obligation_kreis_key is not None and session.get(M.District, h.obligation_kreis_key) is None:
        message = (
            f"Der Landkreis mit dem Schlüssel „{h.obligation_kreis_key}“ ist nicht bekannt. "
            "Bitte wählen Sie einen Landkreis aus der Liste."
        )
        errors.append(_error(M.HouseholdBase, "obligation_kreis_key", message))
    return errors


def _obligation_errors(h: M.HouseholdBase) -> list[FieldError]:
    """The place of a residence obligation must fit its scope: a district for 'Landkreis', a
    municipality for 'Gemeinde', and neither otherwise (a left-over value would mislead the matcher)."""
    scope = ObligationScope(h.obligation_scope)
    errors = []
    if scope == ObligationScope.DISTRICT and h.obligation_kreis_key is None:
        errors.append(
            _error(M.HouseholdBase, "obligation_kreis_key", "Bitte geben Sie den Landkreis der Wohnsitzauflage an.")
        )
    if scope == ObligationScope.MUNICIPALITY and h.obligation_ags is None:
        errors.append(_error(M.HouseholdBase, "obligation_ags", "Bitte geben Sie die Gemeinde der Wohnsitzauflage an."))
    if scope != ObligationScope.DISTRICT and h.obligation_kreis_key is not None:
        message = "Nur bei einer Wohnsitzauflage für einen Landkreis angeben. Bitte leeren Sie das Feld oder wählen Sie „Landkreis“."
        errors.append(_error(M.HouseholdBase, "obligation_kreis_key", message))
    if scope != ObligationScope.MUNICIPALITY and h.obligation_ags is not None:
        message = "Nur bei einer Wohnsitzauflage für eine Gemeinde angeben. Bitte leeren Sie das Feld oder wählen Sie „Gemeinde“."
        errors.append(_error(M.HouseholdBase, "obligation_ags", message))
    if scope == ObligationScope.NONE and h.obligation_until is not None:
        message = "Ohne Wohnsitzauflage gibt es kein Enddatum. Bitte leeren Sie das Feld oder wählen Sie die Auflage."
        errors.append(_error(M.HouseholdBase, "obligation_until", message))
    return errors


def _date_errors(h: M.HouseholdBase, today: date) -> list[FieldError]:
    errors = [
        _error(M.HouseholdBase, field, f"Darf nicht in der Zukunft liegen (heute ist der {day(today)}).")
        for field in ("accommodated_since", "permit_issued_on", "registered_on")
        if (value := getattr(h, field)) is not None and value > today
    ]
    if h.obligation_until is not None and h.permit_issued_on is not None and h.obligation_until < h.permit_issued_on:
        message = "Die Auflage kann nicht vor der Erteilung des Titels enden. Bitte prüfen Sie beide Daten."
        errors.append(_error(M.HouseholdBase, "obligation_until", message))
    return errors


def _parked_until_errors(status: HouseholdStatus, parked_until: date | None) -> list[FieldError]:
    today = date.today()
    if status == HouseholdStatus.PARKED and (parked_until is None or parked_until <= today):
        message = f"Bitte geben Sie an, bis wann der Haushalt zurückgestellt ist (ein Datum nach dem {day(today)})."
        return [_error(M.HouseholdBase, "parked_until", message)]
    if status != HouseholdStatus.PARKED and parked_until is not None:
        message = "Nur bei zurückgestellten Haushalten angeben. Bitte leeren Sie das Feld."
        return [_error(M.HouseholdBase, "parked_until", message)]
    return []


def _new_status_errors(h: M.HouseholdBase) -> list[FieldError]:
    status = HouseholdStatus(h.status)
    if status not in NEW_HOUSEHOLD_STATUSES:
        message = (
            "Ein neuer Haushalt ist „wartend“ oder „zurückgestellt“. Andere Stände ergeben sich aus der Vermittlung."
        )
        return [_error(M.HouseholdBase, "status", message)]
    return _parked_until_errors(status, h.parked_until)


def _status_untouched_errors(household: M.Household, changes: Mapping[str, Any]) -> list[FieldError]:
    """The form may send the status unchanged; a changed status goes through `set_household_status`."""
    message = "Den Status ändern Sie bitte über „Status ändern“, nicht im Formular."
    return [
        _error(M.HouseholdBase, field, message)
        for field in sorted(STATUS_FIELDS & set(changes))
        if changes[field] != getattr(household, field)
    ]


def _status_or_error(status: HouseholdStatus | str) -> HouseholdStatus:
    try:
        return HouseholdStatus(status)
    except ValueError:
        choices = ", ".join(s.label for s in MANUAL_STATUSES)
        raise ValidationFailed(
            [_error(M.HouseholdBase, "status", f"Bitte einen dieser Werte wählen: {choices}.")]
        ) from None


def _manual_status_errors(
    session: Session, household: M.Household, target: HouseholdStatus, parked_until: date | None
) -> list[FieldError]:
    if target not in MANUAL_STATUSES:
        message = (
            "„Angebot“ setzt die Vermittlung, sobald ein Angebot versandt ist. Bitte wählen Sie einen anderen Status."
        )
        return [_error(M.HouseholdBase, "status", message)]
    errors = _parked_until_errors(target, parked_until)
    # Waiting only conflicts with a running offer; every other manual status with any open placement.
    blocking = OFFER_STATES if target == HouseholdStatus.WAITING else OPEN_STATES
    count = _open_placements(session, household.id, blocking)
    if count:
        message = (
            f"Für diesen Haushalt laufen noch {count} Vermittlung(en). Bitte schließen Sie diese zuerst ab "
            "oder brechen Sie sie ab."
        )
        errors.append(_error(M.HouseholdBase, "status", message))
    return errors


def _open_placements(session: Session, household_id: int | None, states: frozenset[PlacementState]) -> int:
    query = select(M.Placement.id).where(
        M.Placement.household_id == household_id,
        M.Placement.state.in_([s.value for s in states]),  # type: ignore[attr-defined]
    )
    return len(session.exec(query).all())


# ---- members ---------------------------------------------------------------------------------------


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _validated_member(data: Mapping[str, Any], position: int) -> tuple[M.MemberBase | None, list[FieldError]]:
    """One person, errors with plain field names. Position comes from the list order, not the input."""
    member, errors = _validated_leniently(M.MemberBase, {**data, "position": position})
    if member is not None:
        errors += _without_fields(_member_errors(member, date.today()), {e.field for e in errors})
    return member, errors


def _member_errors(m: M.MemberBase, today: date) -> list[FieldError]:
    errors = []
    if m.birth_date is not None and m.birth_date > today:
        errors.append(
            _error(M.MemberBase, "birth_date", "Darf nicht in der Zukunft liegen. Bitte prüfen Sie das Datum.")
        )
    if m.birth_date is not None and m.birth_date < EARLIEST_BIRTH_DATE:
        message = "Darf nicht vor 1900 liegen. Ist das Datum unbekannt, lassen Sie es leer."
        errors.append(_error(M.MemberBase, "birth_date", message))
    if m.birth_year is not None and m.birth_year > today.year:
        errors.append(_error(M.MemberBase, "birth_year", "Darf nicht in der Zukunft liegen."))
    if m.birth_date is not None and m.birth_year is not None:
        message = "Bitte nur das Geburtsdatum angeben oder, falls es unbekannt ist, nur das Geburtsjahr."
        errors.append(_error(M.MemberBase, "birth_year", message))
    if m.relationship == Relationship.APPLICANT and _certainly_minor(m, today):
        message = (
            "Die antragstellende Person muss volljährig sein (mindestens 18 Jahre). Bitte prüfen Sie das "
            "Geburtsdatum oder wählen Sie eine andere Person als Antragsteller/in."
        )
        errors.append(_error(M.MemberBase, "relationship", message))
    return errors


def _certainly_minor(m: M.MemberBase, today: date) -> bool:
    """Under 18 for sure: by the birth date, or by a birth year that makes 18 impossible. Unknown: no."""
    if m.birth_date is not None:
        return _age_on(m.birth_date, today) < ADULT_AGE
    if m.birth_year is not None:
        return today.year - m.birth_year < ADULT_AGE
    return False


def _validated_members(members: Sequence[Mapping[str, Any]]) -> tuple[list[M.MemberBase], list[FieldError]]:
    if not members:
        message = "Ein Haushalt braucht mindestens eine Person. Bitte erfassen Sie die antragstellende Person."
        return [], [FieldError("members", message, "Personen")]
    valid: list[M.MemberBase | Relationship | None] = []
    errors: list[FieldError] = []
    for index, data in enumerate(members):
        member, member_errors = _validated_member(data, index)
        errors += [_in_row(e, "members", index, "Person") for e in member_errors]
        valid.append(member if member is not None and not member_errors else _relationship_only(data))
    errors += _applicant_count_errors(valid)
    return [m for m in valid if isinstance(m, M.MemberBase)], errors


def _relationship_only(data: Mapping[str, Any]) -> Relationship | None:
    """The relationship of a person whose other fields are faulty, so applicants are still counted."""
    value = data.get("relationship")
    try:
        return Relationship(value) if value is not None else None
    except ValueError:
        return None


def _relationship(entry: M.MemberBase | Relationship | None) -> Relationship | None:
    return Relationship(entry.relationship) if isinstance(entry, M.MemberBase) else entry


def _applicant_count_errors(entries: Sequence[M.MemberBase | Relationship | None]) -> list[FieldError]:
    """Exactly one applicant: the person the lease, the letters and the Jobcenter file are addressed to."""
    relations = [_relationship(entry) for entry in entries]
    applicants = [i for i, r in enumerate(relations) if r == Relationship.APPLICANT]
    if not applicants and None not in relations:
        message = "Bitte kennzeichnen Sie genau eine Person als Antragsteller/in."
        return [FieldError("members", message, "Personen")]
    return [
        _in_row(_second_applicant_error("relationship", applicants[0]), "members", index, "Person")
        for index in applicants[1:]
    ]


def _second_applicant_error(field: str, first_index: int | None) -> FieldError:
    first = f" (Person {first_index + 1})" if first_index is not None else ""
    message = (
        f"Es gibt bereits eine antragstellende Person{first}. Bitte wählen Sie ein anderes Verhältnis; "
        "ein Haushalt hat genau eine Antragstellerin oder einen Antragsteller."
    )
    return _error(M.MemberBase, field, message)


def _applicant_index(members: Sequence[M.Member]) -> int | None:
    return next((i for i, m in enumerate(members) if m.relationship == Relationship.APPLICANT), None)


def _removal_errors(member: M.Member, existing: Sequence[M.Member]) -> list[FieldError]:
    if len(existing) <= 1:
        message = (
            "Die letzte Person eines Haushalts kann nicht entfernt werden. Melden Sie den Haushalt stattdessen ab."
        )
        return [FieldError("members", message, "Personen")]
    if member.relationship == Relationship.APPLICANT:
        message = (
            "Die antragstellende Person kann nicht entfernt werden. Bitte bestimmen Sie zuerst eine andere "
            "Person als Antragsteller/in."
        )
        return [FieldError("members", message, "Personen")]
    return []


# ---- contacts, wishes, barred municipalities -------------------------------------------------------


def _validated_contacts(
    contacts: Sequence[Mapping[str, Any]],
) -> tuple[list[M.ContactPersonBase], list[FieldError]]:
    valid, errors = [], []
    today = date.today()
    for index, data in enumerate(contacts):
        contact, contact_errors = _validated_leniently(M.ContactPersonBase, data)
        if contact is not None and contact.consent_date is not None and contact.consent_date > today:
            contact_errors.append(_error(M.ContactPersonBase, "consent_date", "Darf nicht in der Zukunft liegen."))
        errors += [_in_row(e, "contacts", index, "Kontaktperson") for e in contact_errors]
        if contact is not None and not contact_errors:
            valid.append(contact)
    return valid, errors


def _wish_kind(value: WishKind | str) -> WishKind | None:
    try:
        return WishKind(value)
    except ValueError:
        return None


def _validated_wishes(
    session: Session, wishes: Sequence[tuple[str, WishKind | str]]
) -> tuple[list[tuple[str, WishKind]], list[FieldError]]:
    """Known municipalities and kinds; duplicates collapse; no place both preferred and excluded."""
    valid: dict[tuple[str, WishKind], int] = {}
    errors: list[FieldError] = []
    for index, (ags, raw_kind) in enumerate(wishes):
        kind = _wish_kind(raw_kind)
        if kind is None:
            choices = ", ".join(k.label for k in WishKind)
            errors.append(
                FieldError(
                    f"wishes[{index}].kind",
                    f"Bitte einen dieser Werte wählen: {choices}.",
                    f"Ortswunsch {index + 1} – Art",
                )
            )
        if session.get(M.Municipality, ags) is None:
            message = _unknown_municipality(M.HouseholdBase, "ags", ags).message
            errors.append(FieldError(f"wishes[{index}].ags", message, f"Ortswunsch {index + 1} – Gemeinde"))
        elif kind is not None:
            valid.setdefault((ags, kind), index)
    errors += _contradicting_wishes(session, valid)
    return list(valid), errors


def _contradicting_wishes(session: Session, valid: Mapping[tuple[str, WishKind], int]) -> list[FieldError]:
    errors = []
    for (ags, kind), index in valid.items():
        if kind == WishKind.EXCLUDED and (ags, WishKind.PREFERRED) in valid:
            municipality = session.get(M.Municipality, ags)
            name = municipality.name if municipality else ags
            message = f"{name} ist zugleich Wunschort und ausgeschlossener Ort. Bitte entscheiden Sie sich für eines von beiden."
            errors.append(FieldError(f"wishes[{index}].ags", message, f"Ortswunsch {index + 1} – Gemeinde"))
    return errors


def _validated_barred(session: Session, ags_list: Sequence[str]) -> tuple[list[str], list[FieldError]]:
    valid: list[str] = []
    errors: list[FieldError] = []
    for index, ags in enumerate(ags_list):
        if session.get(M.Municipality, ags) is None:
            error = _unknown_municipality(M.HouseholdBase, "ags", ags)
            errors.append(FieldError(f"barred_ags[{index}]", error.message, f"Gesperrte Gemeinde {index + 1}"))
        elif ags not in valid:
            valid.append(ags)
    return valid, errors


# ---- § 12a pre-fill --------------------------------------------------------------------------------


def _bound_by_12a(h: M.HouseholdBase) -> bool:
    obligation_running = h.obligation_until is None or h.obligation_until >= date.today()
    return (
        h.residence_status in SECTION_12A_STATUSES and h.obligation_scope != ObligationScope.NONE and obligation_running
    )


def _office_district(session: Session) -> str | None:
    office = session.get(M.Office, 1)
    return office.kreis_key if office is not None else None


def _accommodation_district(session: Session, ags: str | None) -> str | None:
    municipality = session.get(M.Municipality, ags) if ags else None
    return municipality.kreis_key if municipality is not None else None
