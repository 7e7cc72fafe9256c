"""Placements: the offer workflow from a proposal to the move-in, as an explicit transition table.

    proposed → offered → viewing → accepted → lease_drafted → signed → moved_in
    declined (with a reason) from offered, viewing, accepted or lease_drafted
    cancelled from every open state;  declined, moved_in and cancelled are final

Declining is allowed until the lease is signed because the common late refusals — no Zusicherung
from the benefit office, the landlord backs out — carry a reason the office wants to count.

Every step writes a PlacementEvent (who, from, to, note) and an audit entry, and changes the flat and
the household in the same transaction: an offer makes the household "offered", an acceptance reserves
the flat, the move-in lets it and houses the household, and a decline or cancellation gives both back
unless another placement still holds them. Each event keeps what the step changed (`changes_json`,
the values before and after), so `revert_step` restores exactly what the step replaced and `redo_step`
sets the step's values again.

Lock order (PostgreSQL; SQLite writes queue anyway), the same in every function that takes a step or
takes one back, so two caseworkers never wait for each other in a circle:
    1. the placement the step is about,
    2. the other placements the step changes (a move-in cancels them, its undo reopens them), by id,
    3. the households of all these placements, by id,
    4. their flats, by id.
Rows are locked before they are changed; nothing locks a placement after a household or a flat.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import DeclineReason, FlatStatus, HouseholdStatus, LandlordKind, LeaseKind, PlacementState
from matcher.core.errors import FieldError, InvalidTransition, NotFound, ValidationFailed
from matcher.core.models import utcnow
from matcher.core.services import audit
from matcher.core.services.common import check_version, get_or_fail
from matcher.core.services.validation import require
from matcher.core.text import TextRejected, clean_text

S = PlacementState
RowT = TypeVar("RowT", bound=SQLModel)

WHAT = "Die Vermittlung"
NOTE_MAX = 2000
REASON_MAX = 500

TRANSITIONS: Mapping[PlacementState, tuple[PlacementState, ...]] = {
    S.PROPOSED: (S.OFFERED, S.CANCELLED),
    S.OFFERED: (S.VIEWING, S.DECLINED, S.CANCELLED),
    S.VIEWING: (S.ACCEPTED, S.DECLINED, S.CANCELLED),
    S.ACCEPTED: (S.LEASE_DRAFTED, S.DECLINED, S.CANCELLED),
    S.LEASE_DRAFTED: (S.SIGNED, S.DECLINED, S.CANCELLED),
    S.SIGNED: (S.MOVED_IN, S.CANCELLED),
    S.DECLINED: (),
    S.MOVED_IN: (),
    S.CANCELLED: (),
}
"""Allowed next states; the window shows them as buttons (`next_steps`)."""

FINAL_STATES = frozenset(state for state, targets in TRANSITIONS.items() if not targets)
OPEN_STATES = frozenset(TRANSITIONS) - FINAL_STATES
OFFER_STATES = OPEN_STATES - {S.PROPOSED}
"""Open placements the household knows about: while one runs, the household counts as "offered"."""
HOLDING_STATES = frozenset({S.ACCEPTED, S.LEASE_DRAFTED, S.SIGNED})
"""Placements that hold the flat reserved for their household."""
ENDING_STATES = frozenset({S.DECLINED, S.CANCELLED})
CLOSED_HOUSEHOLD = frozenset({HouseholdStatus.HOUSED, HouseholdStatus.WITHDRAWN})


# --------------------------------------------------------------------------------------------------
# Reading the workflow
# --------------------------------------------------------------------------------------------------


def next_steps(state: PlacementState | str) -> list[PlacementState]:
    """The states a placement in `state` may move to, in the order the buttons should appear."""
    return list(TRANSITIONS[PlacementState(state)])


def get_placement(db: Database, placement_id: int) -> M.Placement:
    with db.read_session() as session:
        return get_or_fail(session, M.Placement, placement_id, "Vermittlung")


def placement_timeline(db: Database, placement_id: int) -> list[M.PlacementEvent]:
    """Every step of a placement, oldest first."""
    with db.read_session() as session:
        get_or_fail(session, M.Placement, placement_id, "Vermittlung")
        query = (
            select(M.PlacementEvent)
            .where(M.PlacementEvent.placement_id == placement_id)
            .order_by(M.PlacementEvent.at, M.PlacementEvent.id)  # type: ignore[arg-type]
        )
        return list(session.exec(query).all())


def default_lease_kind(landlord: M.Landlord, flat: M.Flat) -> LeaseKind:
    """Cooperatives sign a Dauernutzungsvertrag; a municipality letting an owner's flat sub-lets it."""
    if landlord.kind == LandlordKind.COOPERATIVE:
        return LeaseKind.USAGE_AGREEMENT
    sublets = flat.owner_id is not None and flat.owner_id != flat.landlord_id
    if landlord.kind == LandlordKind.MUNICIPALITY and sublets:
        return LeaseKind.SUBLEASE
    return LeaseKind.LEASE


# --------------------------------------------------------------------------------------------------
# Proposing and advancing
# --------------------------------------------------------------------------------------------------


def propose(
    db: Database,
    household_id: int,
    flat_id: int,
    score_snapshot: Mapping[str, Any] | None = None,
    lease_kind: LeaseKind | str | None = None,
) -> M.Placement:
    """Open a placement for a household and a flat, keeping the matcher's score as it was then."""
    snapshot_json = _snapshot_json(score_snapshot)
    kind = _lease_kind_or_error(lease_kind)
    with db.session() as session:
        household = _locked(session, M.Household, household_id, "Haushalt")
        flat = _locked(session, M.Flat, flat_id, "Wohnung")
        _check_proposable(session, household, flat)
        if kind is None:
            kind = default_lease_kind(get_or_fail(session, M.Landlord, flat.landlord_id, "Vermieter"), flat)
        placement = M.Placement(
            household_id=household_id, flat_id=flat_id, lease_kind=kind, score_snapshot_json=snapshot_json
        )
        session.add(placement)
        session.flush()
        _record_step(session, db.user, placement, None, S.PROPOSED, "")
        description = f"Haushalt {household_id}, Wohnung {flat_id}, Vertragsart: {kind}"
        audit.record(session, db.user, "create", "placement", placement.id, description)
        return placement


def advance(
    db: Database,
    placement_id: int,
    to_state: PlacementState | str,
    *,
    note: str = "",
    decline_reason: DeclineReason | str | None = None,
    viewing_at: datetime | None = None,
    planned_move_in: date | None = None,
    expected_version: int | None = None,
) -> M.Placement:
    """Move a placement one step on, with the step's side effects on flat and household.

    Raises InvalidTransition (German, naming the current state and the allowed steps) for a step the
    table forbids, ValidationFailed for missing or misplaced inputs (a decline needs its reason, a
    viewing its date), ConflictError for a stale `expected_version`.
    """
    with db.session() as session:
        placement = lock_placement(session, placement_id, expected_version)
        take_step(
            session,
            db.user,
            placement,
            to_state,
            note=note,
            decline_reason=decline_reason,
            viewing_at=viewing_at,
            planned_move_in=planned_move_in,
        )
        return placement


def lock_placement(session: Session, placement_id: int, expected_version: int | None) -> M.Placement:
    """Lock a placement first (see the lock order above) and check the version the caller saw."""
    placement = _locked(session, M.Placement, placement_id, "Vermittlung")
    check_version(placement, expected_version, WHAT)
    return placement


def take_step(
    session: Session,
    user: str,
    placement: M.Placement,
    to_state: PlacementState | str,
    *,
    note: str = "",
    decline_reason: DeclineReason | str | None = None,
    viewing_at: datetime | None = None,
    planned_move_in: date | None = None,
    fields: Mapping[str, Any] | None = None,
) -> M.PlacementEvent:
    """The step inside the caller's transaction, on a placement locked by `lock_placement`.

    `fields` are further placement values the step brings along, already checked by the caller (the
    lease data of a draft): they are set with the step and recorded in its event, so undo restores them.
    """
    target = _state_or_error(to_state)
    current = PlacementState(placement.state)
    _check_transition(current, target)
    step = _step_inputs(target, note, decline_reason, viewing_at, planned_move_in)
    others = _lock_open_others(session, placement) if target == S.MOVED_IN else []
    households, flats = _lock_households_and_flats(session, [placement, *others])
    household, flat = households[placement.household_id], flats[placement.flat_id]
    _check_step_allowed(session, placement, household, flat, target)
    before = _tracked(placement, household, flat)
    _apply_step(placement, target, step, fields or {})
    event = _record_step(session, user, placement, current, target, step["note"])
    audit.record(session, user, "advance", "placement", placement.id, _step_text(current, target))
    _side_effects(session, user, placement, household, flat, current, target)
    if target == S.MOVED_IN:
        _cancel_the_rest(session, user, placement, others, households, flats)
    event.changes_json = _changes_json(before, _tracked(placement, household, flat))
    session.flush()
    return event


# --------------------------------------------------------------------------------------------------
# Pair exclusions
# --------------------------------------------------------------------------------------------------


def exclude_pair(db: Database, household_id: int, flat_id: int, reason: str = "") -> M.PairExclusion:
    """Record "never this flat for this household"; the matcher and `propose` respect it.

    Excluding a pair again updates the reason. A pair with an open placement must first be ended, so an
    exclusion never silently contradicts an offer in progress.
    """
    cleaned = _text_or_error("reason", "Grund", reason, REASON_MAX, multiline=True)
    with db.session() as session:
        get_or_fail(session, M.Household, household_id, "Haushalt")
        get_or_fail(session, M.Flat, flat_id, "Wohnung")
        running = _open_for_pair(session, household_id, flat_id)
        if running is not None:
            raise InvalidTransition(
                f"Für diesen Haushalt und diese Wohnung läuft die Vermittlung Nr. {running.id} "
                f"(Stand „{PlacementState(running.state).label}“). Bitte schließen Sie sie zuerst ab oder "
                "brechen Sie sie ab."
            )
        exclusion = session.get(M.PairExclusion, (household_id, flat_id))
        action = "update" if exclusion is not None else "create"
        if exclusion is None:
            exclusion = M.PairExclusion(household_id=household_id, flat_id=flat_id, user=db.user)
            session.add(exclusion)
        exclusion.reason = cleaned
        exclusion.user = db.user
        session.flush()
        audit.record(session, db.user, action, "pair_exclusion", f"{household_id}/{flat_id}", "")
        return exclusion


def remove_exclusion(db: Database, household_id: int, flat_id: int) -> None:
    with db.session() as session:
        exclusion = session.get(M.PairExclusion, (household_id, flat_id))
        if exclusion is None:
            raise NotFound("Dieser Ausschluss besteht nicht (mehr). Bitte laden Sie die Liste neu.")
        session.delete(exclusion)
        audit.record(session, db.user, "delete", "pair_exclusion", f"{household_id}/{flat_id}", "")


# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------


def _locked(session: Session, table: type[RowT], row_id: int, what: str) -> RowT:
    """Load and lock a row (FOR UPDATE on PostgreSQL; SQLite already holds the write lock)."""
    row = session.get(table, row_id, with_for_update=True)
    if row is None:
        raise NotFound(f"{what} {row_id} gibt es nicht (mehr). Bitte laden Sie die Liste neu.")
    return row


def _check_proposable(session: Session, household: M.Household, flat: M.Flat) -> None:
    if flat.status == FlatStatus.LET:
        raise InvalidTransition(
            "Die Wohnung ist vermietet und kann nicht vorgeschlagen werden. Bitte wählen Sie eine freie Wohnung."
        )
    if flat.status == FlatStatus.BLOCKED:
        raise InvalidTransition(
            "Die Wohnung ist gesperrt. Heben Sie die Sperre zuerst auf oder wählen Sie eine andere Wohnung."
        )
    if household.status in CLOSED_HOUSEHOLD:
        raise InvalidTransition(
            f"Der Haushalt ist „{HouseholdStatus(household.status).label}“ und kann keine Wohnung vorgeschlagen "
            "bekommen. Setzen Sie ihn zuerst wieder auf „wartend“, wenn er doch eine Wohnung sucht."
        )
    exclusion = session.get(M.PairExclusion, (household.id, flat.id))
    if exclusion is not None:
        because = f" (Grund: {exclusion.reason})" if exclusion.reason else ""
        raise InvalidTransition(
            f"Diese Wohnung ist für diesen Haushalt ausgeschlossen{because}. Heben Sie den Ausschluss zuerst auf, "
            "wenn sie doch in Frage kommt."
        )
    running = _open_for_pair(session, household.id, flat.id)
    if running is not None:
        raise InvalidTransition(
            f"Für diesen Haushalt und diese Wohnung läuft bereits die Vermittlung Nr. {running.id} "
            f"(Stand „{PlacementState(running.state).label}“). Bitte führen Sie diese fort."
        )


def _check_transition(current: PlacementState, target: PlacementState) -> None:
    allowed = TRANSITIONS[current]
    if target in allowed:
        return
    if not allowed:
        raise InvalidTransition(
            f"Die Vermittlung ist abgeschlossen (Stand „{current.label}“) und kann nicht mehr geändert werden. "
            "Legen Sie bei Bedarf einen neuen Vorschlag an."
        )
    steps = ", ".join(f"„{state.label}“" for state in allowed)
    raise InvalidTransition(
        f"Die Vermittlung steht auf „{current.label}“ und kann nicht auf „{target.label}“ wechseln. "
        f"Möglich sind: {steps}."
    )


def _check_step_allowed(
    session: Session, placement: M.Placement, household: M.Household, flat: M.Flat, target: PlacementState
) -> None:
    """Refuse forward steps for a closed case, and an acceptance the flat or household cannot take."""
    if target not in ENDING_STATES and household.status in CLOSED_HOUSEHOLD:
        raise InvalidTransition(
            f"Der Haushalt ist „{HouseholdStatus(household.status).label}“. Bitte brechen Sie diese Vermittlung ab."
        )
    if target == S.ACCEPTED:
        _check_acceptable(session, placement, flat)


def _check_acceptable(session: Session, placement: M.Placement, flat: M.Flat) -> None:
    if flat.status in (FlatStatus.LET, FlatStatus.BLOCKED):
        raise InvalidTransition(
            f"Die Wohnung ist inzwischen „{FlatStatus(flat.status).label}“ und kann nicht zugesagt werden. "
            "Bitte brechen Sie diese Vermittlung ab."
        )
    holder = _holding(session, M.Placement.flat_id == flat.id, placement.id)
    if holder is not None:
        raise InvalidTransition(
            f"Die Wohnung ist bereits über die Vermittlung Nr. {holder.id} für einen anderen Haushalt reserviert. "
            "Eine zweite Zusage ist erst möglich, wenn diese endet."
        )
    other = _holding(session, M.Placement.household_id == placement.household_id, placement.id)
    if other is not None:
        raise InvalidTransition(
            f"Der Haushalt hat bereits über die Vermittlung Nr. {other.id} eine andere Wohnung zugesagt. "
            "Bitte beenden Sie zuerst diese Vermittlung."
        )


def _holding(session: Session, condition: Any, except_id: int | None) -> M.Placement | None:
    query = select(M.Placement).where(
        condition,
        M.Placement.id != except_id,
        M.Placement.state.in_([s.value for s in HOLDING_STATES]),  # type: ignore[attr-defined]
    )
    return session.exec(query).first()


def _open_for_pair(session: Session, household_id: int | None, flat_id: int | None) -> M.Placement | None:
    query = select(M.Placement).where(
        M.Placement.household_id == household_id,
        M.Placement.flat_id == flat_id,
        M.Placement.state.in_([s.value for s in OPEN_STATES]),  # type: ignore[attr-defined]
    )
    return session.exec(query).first()


def _others_open(
    session: Session, condition: Any, except_id: int | None, states: frozenset[PlacementState]
) -> list[M.Placement]:
    query = (
        select(M.Placement)
        .where(condition, M.Placement.id != except_id, M.Placement.state.in_([s.value for s in states]))  # type: ignore[attr-defined]
        .order_by(M.Placement.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())


# --------------------------------------------------------------------------------------------------
# Step inputs
# --------------------------------------------------------------------------------------------------


def _state_or_error(value: PlacementState | str) -> PlacementState:
    try:
        return PlacementState(value)
    except ValueError:
        choices = ", ".join(state.label for state in PlacementState)
        raise ValidationFailed(
            [FieldError("to_state", f"Bitte einen dieser Werte wählen: {choices}.", "Stand")]
        ) from None


def _lease_kind_or_error(value: LeaseKind | str | None) -> LeaseKind | None:
    if value is None:
        return None
    try:
        return LeaseKind(value)
    except ValueError:
        choices = ", ".join(kind.label for kind in LeaseKind)
        raise ValidationFailed(
            [FieldError("lease_kind", f"Bitte einen dieser Werte wählen: {choices}.", "Vertragsart")]
        ) from None


def _text_or_error(field: str, label: str, value: str, max_length: int, *, multiline: bool) -> str:
    try:
        cleaned = clean_text(value, multiline=multiline)
    except TextRejected as exc:
        raise ValidationFailed(
            [FieldError(field, f"Der Text {exc}. Bitte entfernen Sie diese Zeichen.", label)]
        ) from exc
    if len(cleaned) > max_length:
        raise ValidationFailed([FieldError(field, f"Bitte höchstens {max_length} Zeichen eingeben.", label)])
    return cleaned


def _step_inputs(
    target: PlacementState,
    note: str,
    decline_reason: DeclineReason | str | None,
    viewing_at: datetime | None,
    planned_move_in: date | None,
) -> dict[str, Any]:
    """Check what a step brings along and return it cleaned; every problem of the call at once."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    try:
        values["note"] = _text_or_error("note", "Notiz", note, NOTE_MAX, multiline=True)
    except ValidationFailed as exc:
        errors += exc.errors
    values["decline_reason"] = _decline_reason(target, decline_reason, errors)
    values["viewing_at"] = _viewing_at(target, viewing_at, errors)
    values["planned_move_in"] = _planned_move_in(target, planned_move_in, errors)
    require(errors)
    return values


def _decline_reason(
    target: PlacementState, value: DeclineReason | str | None, errors: list[FieldError]
) -> DeclineReason | None:
    label = "Grund der Absage"
    if target != S.DECLINED:
        if value is not None:
            errors.append(
                FieldError(
                    "decline_reason", "Ein Grund wird nur bei einer Absage erfasst. Bitte leeren Sie das Feld.", label
                )
            )
        return None
    if value is None:
        errors.append(FieldError("decline_reason", "Bitte wählen Sie den Grund der Absage.", label))
        return None
    try:
        return DeclineReason(value)
    except ValueError:
        choices = ", ".join(reason.label for reason in DeclineReason)
        errors.append(FieldError("decline_reason", f"Bitte einen dieser Gründe wählen: {choices}.", label))
        return None


def _viewing_at(target: PlacementState, value: datetime | None, errors: list[FieldError]) -> datetime | None:
    """A naive time is taken as the computer's local time (what a date field in the window gives)."""
    label = "Besichtigung am"
    if target != S.VIEWING:
        if value is not None:
            message = "Ein Besichtigungstermin wird nur beim Schritt „Besichtigung“ erfasst. Bitte leeren Sie das Feld."
            errors.append(FieldError("viewing_at", message, label))
        return None
    if not isinstance(value, datetime):
        errors.append(FieldError("viewing_at", "Bitte geben Sie Datum und Uhrzeit der Besichtigung an.", label))
        return None
    return value.astimezone(UTC)


def _planned_move_in(target: PlacementState, value: date | None, errors: list[FieldError]) -> date | None:
    label = "Geplanter Einzug"
    if value is None:
        return None
    if target in ENDING_STATES:
        errors.append(
            FieldError(
                "planned_move_in", "Bei Absage oder Abbruch gibt es keinen Einzug. Bitte leeren Sie das Feld.", label
            )
        )
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        errors.append(FieldError("planned_move_in", "Bitte ein gültiges Datum eingeben (TT.MM.JJJJ).", label))
        return None
    return value


def _snapshot_json(snapshot: Mapping[str, Any] | None) -> str | None:
    """The score as the matcher saw it, as JSON. NumPy numbers become plain numbers."""
    if snapshot is None:
        return None
    try:
        return json.dumps(dict(snapshot), ensure_ascii=False, sort_keys=True, allow_nan=False, default=_plain_number)
    except (TypeError, ValueError) as exc:
        message = "Die Bewertung lässt sich nicht speichern (nur Zahlen, Texte, Listen und Zuordnungen)."
        raise ValidationFailed([FieldError("score_snapshot", message, "Bewertung")]) from exc


def _plain_number(value: Any) -> Any:
    if hasattr(value, "item"):  # NumPy scalars
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# --------------------------------------------------------------------------------------------------
# Applying a step and its side effects
# --------------------------------------------------------------------------------------------------


def _apply_step(
    placement: M.Placement, target: PlacementState, step: Mapping[str, Any], fields: Mapping[str, Any]
) -> None:
    placement.state = target
    for name, value in fields.items():
        if name not in STEP_FIELDS:
            raise ValueError(f"not a field a step may set: {name}")
        setattr(placement, name, value)
    if target == S.DECLINED:
        placement.decline_reason = step["decline_reason"]
    if step["viewing_at"] is not None:
        placement.viewing_at = step["viewing_at"]
    if step["planned_move_in"] is not None:
        placement.planned_move_in = step["planned_move_in"]
    placement.updated_at = utcnow()


def _step_text(current: PlacementState, target: PlacementState) -> str:
    """Audit wording, like the flats service: German labels, no personal data."""
    return f"Stand: {current.label} → {target.label}"


def _record_step(
    session: Session,
    user: str,
    placement: M.Placement,
    current: PlacementState | None,
    target: PlacementState,
    note: str,
) -> M.PlacementEvent:
    assert placement.id is not None
    event = M.PlacementEvent(placement_id=placement.id, user=user, from_state=current, to_state=target, note=note)
    session.add(event)
    return event


def _side_effects(
    session: Session,
    user: str,
    placement: M.Placement,
    household: M.Household,
    flat: M.Flat,
    current: PlacementState,
    target: PlacementState,
) -> None:
    if target == S.OFFERED:
        _set_household_status(session, user, household, HouseholdStatus.OFFERED, placement)
    elif target == S.ACCEPTED:
        _set_flat_status(session, user, flat, FlatStatus.RESERVED, placement)
    elif target == S.MOVED_IN:
        _set_flat_status(session, user, flat, FlatStatus.LET, placement)
        _set_household_status(session, user, household, HouseholdStatus.HOUSED, placement)
    elif target in ENDING_STATES:
        _release(session, user, placement, household, flat, was_holding=current in HOLDING_STATES)


def _release(
    session: Session, user: str, placement: M.Placement, household: M.Household, flat: M.Flat, *, was_holding: bool
) -> None:
    """Give the flat and the household back, unless another placement still holds them."""
    flat_still_held = _holding(session, M.Placement.flat_id == flat.id, placement.id) is not None
    if was_holding and flat.status == FlatStatus.RESERVED and not flat_still_held:
        _set_flat_status(session, user, flat, FlatStatus.AVAILABLE, placement)
    _return_to_waiting(session, user, household, placement)


def _return_to_waiting(session: Session, user: str, household: M.Household, placement: M.Placement) -> None:
    """An "offered" household with no other running offer waits again; parked or closed ones stay so."""
    others = _others_open(session, M.Placement.household_id == household.id, placement.id, OFFER_STATES)
    if household.status == HouseholdStatus.OFFERED and not others:
        _set_household_status(session, user, household, HouseholdStatus.WAITING, placement)


def _lock_open_others(session: Session, placement: M.Placement) -> list[M.Placement]:
    """The other open placements of the household or the flat (a move-in cancels them), locked by id."""
    condition = (M.Placement.household_id == placement.household_id) | (M.Placement.flat_id == placement.flat_id)
    query = (
        select(M.Placement)
        .where(
            condition,
            M.Placement.id != placement.id,
            M.Placement.state.in_([s.value for s in OPEN_STATES]),  # type: ignore[attr-defined]
        )
        .order_by(M.Placement.id)  # type: ignore[arg-type]
        .with_for_update()
    )
    return list(session.exec(query).all())


def _lock_households_and_flats(
    session: Session, involved: list[M.Placement]
) -> tuple[dict[int, M.Household], dict[int, M.Flat]]:
    """Steps 3 and 4 of the lock order: the households of the placements by id, then their flats by id."""
    households = {
        hid: _locked(session, M.Household, hid, "Haushalt") for hid in sorted({p.household_id for p in involved})
    }
    flats = {fid: _locked(session, M.Flat, fid, "Wohnung") for fid in sorted({p.flat_id for p in involved})}
    return households, flats


def _cancel_the_rest(
    session: Session,
    user: str,
    moved_in: M.Placement,
    others: list[M.Placement],
    households: Mapping[int, M.Household],
    flats: Mapping[int, M.Flat],
) -> None:
    """After a move-in the household needs no other flat and the flat takes no other household."""
    note = f"Automatisch abgebrochen: Einzug über die Vermittlung Nr. {moved_in.id}."
    session.flush()  # the others' households look at the move-in's state
    for other in others:
        household, flat = households[other.household_id], flats[other.flat_id]
        before = _tracked(other, household, flat)
        previous = PlacementState(other.state)
        other.state = S.CANCELLED
        other.updated_at = utcnow()
        event = _record_step(session, user, other, previous, S.CANCELLED, note)
        audit.record(
            session, user, "advance", "placement", other.id, _step_text(previous, S.CANCELLED) + " (automatisch)"
        )
        if other.household_id != moved_in.household_id:
            session.flush()
            _return_to_waiting(session, user, household, other)
        event.changes_json = _changes_json(before, _tracked(other, household, flat))


def _set_household_status(
    session: Session, user: str, household: M.Household, status: HouseholdStatus, placement: M.Placement
) -> None:
    if household.status == status:
        return
    previous = household.status
    household.status = status
    household.parked_until = None  # an offer or its end supersedes a deferral
    household.updated_at = utcnow()
    description = f"Status: {HouseholdStatus(previous).label} → {status.label} (Vermittlung {placement.id})"
    audit.record(session, user, "status", "household", household.id, description)


def _set_flat_status(session: Session, user: str, flat: M.Flat, status: FlatStatus, placement: M.Placement) -> None:
    """Change the flat's status and keep its history (FlatStatusChange) in the same transaction."""
    if flat.status == status:
        return
    previous = flat.status
    flat.status = status
    flat.updated_at = utcnow()
    assert flat.id is not None
    note = f"Vermittlung Nr. {placement.id}: {PlacementState(placement.state).label}"
    session.add(M.FlatStatusChange(flat_id=flat.id, status=status, user=user, note=note))
    description = f"Status: {FlatStatus(previous).label} → {status.label} (Vermittlung {placement.id})"
    audit.record(session, user, "status", "flat", flat.id, description)


# --------------------------------------------------------------------------------------------------
# What a step changed (PlacementEvent.changes_json)
# --------------------------------------------------------------------------------------------------

_NOT_STEP_FIELDS = frozenset(
    {"id", "flat_id", "household_id", "state", "score_snapshot_json", "version", "created_at", "updated_at"}
)
STEP_FIELDS: tuple[str, ...] = tuple(name for name in M.Placement.model_fields if name not in _NOT_STEP_FIELDS)
"""Placement values a step may change and undo restores: decline reason, viewing date, planned move-in and
the lease data (`placement_lease.FIELDS`)."""
HOUSEHOLD_FIELDS = ("status", "parked_until")
FLAT_FIELDS = ("status",)

Tracked = dict[str, dict[str, Any]]
"""{"placement"|"household"|"flat": {field: value as JSON}}"""


def _plain(value: Any) -> Any:
    """A value as JSON: enums by value, dates ISO, times ISO in UTC."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(table: type[SQLModel], name: str, plain: Any) -> Any:
    """The value from `_plain` back as the column's Python type."""
    if plain is None:
        return None
    column_type = table.__table__.c[name].type  # type: ignore[attr-defined]
    column_type = getattr(column_type, "impl", column_type)  # UTCDateTime decorates DateTime
    if isinstance(column_type, sa.DateTime):
        return datetime.fromisoformat(plain)
    if isinstance(column_type, sa.Date):
        return date.fromisoformat(plain)
    return plain


def _tracked(placement: M.Placement, household: M.Household, flat: M.Flat) -> Tracked:
    return {
        "placement": {name: _plain(getattr(placement, name)) for name in STEP_FIELDS},
        "household": {name: _plain(getattr(household, name)) for name in HOUSEHOLD_FIELDS},
        "flat": {name: _plain(getattr(flat, name)) for name in FLAT_FIELDS},
    }


def _changes_json(before: Tracked, after: Tracked) -> str:
    """The placement fields the step changed, and household and flat always (undo weighs them against the
    other placements even when this step left them alone), each as [before, after]."""
    changes: dict[str, dict[str, list[Any]]] = {}
    for part, values in before.items():
        pairs = {name: [value, after[part][name]] for name, value in values.items()}
        if part == "placement":
            pairs = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
        changes[part] = pairs
    return json.dumps(changes, ensure_ascii=False, sort_keys=True)


def step_changes(event: M.PlacementEvent) -> dict[str, dict[str, tuple[Any, Any]]] | None:
    """What the event's step changed, typed: {"placement"|"household"|"flat": {field: (before, after)}};
    None for an event written before the changes were kept (schema 0004)."""
    if not event.changes_json:
        return None
    tables: dict[str, type[SQLModel]] = {"placement": M.Placement, "household": M.Household, "flat": M.Flat}
    raw = json.loads(event.changes_json)
    return {
        part: {name: (_typed(table, name, b), _typed(table, name, a)) for name, (b, a) in raw.get(part, {}).items()}
        for part, table in tables.items()
    }


def _still(row: SQLModel, changed: Mapping[str, tuple[Any, Any]]) -> bool:
    """Does `row` still hold what the step set (nobody changed it since)?"""
    return all(_plain(getattr(row, name)) == _plain(after) for name, (_, after) in changed.items())


def _did_change(changed: Mapping[str, tuple[Any, Any]]) -> bool:
    return any(_plain(before) != _plain(after) for before, after in changed.values())


# --------------------------------------------------------------------------------------------------
# Taking a step back (undo)
# --------------------------------------------------------------------------------------------------

REVERT_PREFIX = "Rückgängig: "


def is_reversal(event: M.PlacementEvent) -> bool:
    """A reversal goes back along the table; the table has no cycles, so no forward step ever does."""
    if event.from_state is None:
        return False
    return PlacementState(event.to_state) not in TRANSITIONS[PlacementState(event.from_state)]


def _step_stacks(session: Session, placement_id: int) -> tuple[list[M.PlacementEvent], list[M.PlacementEvent]]:
    """The steps in force (to undo, latest last) and the steps undone since the last new step (to redo,
    latest undone last): a reversal moves a step from the first to the second, a redo moves it back, and
    any other step empties the second — as the window's undo stack does."""
    query = (
        select(M.PlacementEvent).where(M.PlacementEvent.placement_id == placement_id).order_by(M.PlacementEvent.id)  # type: ignore[arg-type]
    )
    steps: list[M.PlacementEvent] = []
    undone: list[M.PlacementEvent] = []
    for event in session.exec(query).all():
        if event.from_state is None:
            continue  # the proposal itself is not a step (a proposal is cancelled, not undone)
        if is_reversal(event):
            if steps:
                undone.append(steps.pop())
        else:
            same = undone and (undone[-1].from_state, undone[-1].to_state) == (event.from_state, event.to_state)
            if same:
                undone.pop()
            else:
                undone.clear()
            steps.append(event)
    return steps, undone


def _step_to_undo(session: Session, placement_id: int) -> M.PlacementEvent | None:
    """The latest step that is not undone yet: every reversal takes back the step before it."""
    steps, _ = _step_stacks(session, placement_id)
    return steps[-1] if steps else None


def revert_step(db: Database, placement_id: int, expected_version: int | None) -> M.Placement:
    """Take back the placement's latest step: back to the state before it, with the values it held before
    it (decline reason, viewing date, planned move-in, lease data typed with the draft), and flat and
    household as they were before it given what the other placements hold now — a household parked
    before an offer is parked again until the same day, unless another running offer keeps it "offered".

    The step's event stays; a new event records the reversal ("Rückgängig: …"). A value changed by hand
    since the step keeps the newer value. Raises InvalidTransition (German) when there is no step to take
    back or the way back is blocked meanwhile (the flat is held or let through another placement, the
    household is housed elsewhere, the pair was excluded), and ConflictError for a stale `expected_version`.
    Locks in the order of the module docstring: this placement, the placements a move-in cancelled, then
    all their households, then all their flats.
    """
    with db.session() as session:
        placement = lock_placement(session, placement_id, expected_version)
        event = _step_to_undo(session, placement_id)
        current = PlacementState(placement.state)
        if event is None:
            raise InvalidTransition(
                "Bei dieser Vermittlung gibt es keinen Schritt, der sich zurücknehmen ließe. "
                "Einen Vorschlag, den Sie nicht mehr wollen, brechen Sie bitte ab."
            )
        if event.to_state != current or event.from_state is None:
            raise InvalidTransition(  # the timeline does not fit the state: never guess
                f"Der letzte Schritt („{PlacementState(event.to_state).label}“) passt nicht zum Stand "
                f"„{current.label}“ der Vermittlung. Bitte laden Sie die Ansicht neu."
            )
        back = PlacementState(event.from_state)
        reopen = _lock_auto_cancelled(session, placement) if current == S.MOVED_IN else []
        households, flats = _lock_households_and_flats(session, [placement, *(other for other, _ in reopen)])
        household, flat = households[placement.household_id], flats[placement.flat_id]
        if current in ENDING_STATES:
            _check_reopenable(session, placement, household, flat, back)
        elif current == S.MOVED_IN:
            _check_move_in_revertible(household, flat)
        _take_back(session, db.user, placement, household, flat, event)
        for other, cancelled in reopen:
            other_household, other_flat = households[other.household_id], flats[other.flat_id]
            other_back = PlacementState(cancelled.from_state or S.PROPOSED)  # checked when locked
            if _reopen_problem(session, other, other_household, other_flat, other_back) is None:
                _take_back(session, db.user, other, other_household, other_flat, cancelled)
        session.flush()
        return placement


def redo_step(db: Database, placement_id: int, step: PlacementState | str, expected_version: int | None) -> M.Placement:
    """Take the step undone last again, with the values it set then (the window's redo).

    The step must be the one `revert_step` took back last, and nothing else may have happened to the
    placement since; otherwise InvalidTransition (German). The step is checked like a new one
    (`advance`) and records a new event, which `revert_step` can take back again.
    """
    target = _state_or_error(step)
    with db.session() as session:
        placement = lock_placement(session, placement_id, expected_version)
        _, undone = _step_stacks(session, placement_id)
        if not undone or undone[-1].to_state != target or undone[-1].from_state != placement.state:
            raise InvalidTransition(
                f"Der Schritt „{target.label}“ lässt sich nicht wiederholen: Die Vermittlung wurde seitdem "
                "geändert. Bitte laden Sie die Ansicht neu und nehmen Sie den Schritt bei Bedarf neu vor."
            )
        event = undone[-1]
        changes = step_changes(event)
        values = {name: after for name, (_, after) in (changes or {}).get("placement", {}).items()}
        inputs = {name: values.pop(name, None) for name in ("decline_reason", "viewing_at", "planned_move_in")}
        if target == S.VIEWING and inputs["viewing_at"] is None:
            inputs["viewing_at"] = placement.viewing_at  # a legacy event, or the same date set again
        if target == S.DECLINED and inputs["decline_reason"] is None:
            inputs["decline_reason"] = placement.decline_reason
        if target in ENDING_STATES:
            inputs["planned_move_in"] = None
        take_step(session, db.user, placement, target, note=event.note, fields=values, **inputs)
        return placement


def _take_back(
    session: Session,
    user: str,
    placement: M.Placement,
    household: M.Household,
    flat: M.Flat,
    event: M.PlacementEvent,
) -> None:
    """Set the placement back, record the reversal, and undo the step's effect on flat and household."""
    assert event.from_state is not None  # the callers never pass the proposal
    current, back = PlacementState(event.to_state), PlacementState(event.from_state)
    session.flush()
    session.refresh(event)  # read after the household's lock: an undone offer may have passed a parking on
    changes = step_changes(event)
    before = _tracked(placement, household, flat)
    placement.state = back
    _restore_placement(placement, current, changes)
    placement.updated_at = utcnow()
    note = f"{REVERT_PREFIX}{current.label} (zurück auf „{back.label}“)"
    reversal = _record_step(session, user, placement, current, back, note)
    audit.record(session, user, "advance", "placement", placement.id, _step_text(current, back) + " (rückgängig)")
    session.flush()  # the checks below read the placement's new state
    if current == S.OFFERED:
        _take_back_offer(session, user, placement, household, changes)
    elif current == S.ACCEPTED:
        _take_back_acceptance(session, user, placement, flat, changes)
    elif current == S.MOVED_IN:
        flat_before = changes["flat"]["status"][0] if changes else FlatStatus.RESERVED
        _set_flat_status(session, user, flat, FlatStatus(flat_before), placement)
        status, parked_until = HouseholdStatus.OFFERED, None
        if changes:
            status, parked_until = (
                HouseholdStatus(changes["household"]["status"][0]),
                changes["household"]["parked_until"][0],
            )
        _put_household(session, user, household, status, parked_until, placement)
    elif current in ENDING_STATES:
        if back in HOLDING_STATES:
            _set_flat_status(session, user, flat, FlatStatus.RESERVED, placement)
        _take_back_end(session, user, placement, household, back, changes)
    reversal.changes_json = _changes_json(before, _tracked(placement, household, flat))


def _restore_placement(
    placement: M.Placement, current: PlacementState, changes: Mapping[str, Mapping[str, tuple[Any, Any]]] | None
) -> None:
    """The placement's values before the step, where they still hold what the step set."""
    if changes is None:  # an event from before schema 0004: what the step itself always sets
        if current == S.DECLINED:
            placement.decline_reason = None
        if current == S.VIEWING:
            placement.viewing_at = None
        return
    for name, (before, after) in changes["placement"].items():
        if _plain(getattr(placement, name)) == _plain(after):
            setattr(placement, name, before)


def _take_back_offer(
    session: Session,
    user: str,
    placement: M.Placement,
    household: M.Household,
    changes: Mapping[str, Mapping[str, tuple[Any, Any]]] | None,
) -> None:
    """An "offered" household with no other running offer goes back to what it was before the offer:
    waiting, or parked until the same day.

    While another offer runs the household stays "offered"; a parking this offer had ended passes to
    that offer's event, so undoing that one later parks the household again."""
    if household.status != HouseholdStatus.OFFERED:
        return
    parked = changes is not None and changes["household"]["status"][0] == HouseholdStatus.PARKED
    parked_until = changes["household"]["parked_until"][0] if changes is not None and parked else None
    others = _others_open(session, M.Placement.household_id == household.id, placement.id, OFFER_STATES)
    if others:
        if parked:
            _pass_parking_on(session, others[0], parked_until)
        return
    status = HouseholdStatus.PARKED if parked else HouseholdStatus.WAITING
    _put_household(session, user, household, status, parked_until, placement)


def _pass_parking_on(session: Session, other: M.Placement, parked_until: date | None) -> None:
    """Write the parking into the household's "before" of the offer that keeps the household offered now.
    Safe under the lock order: whoever reads that event to undo the offer holds the household's lock first."""
    assert other.id is not None
    steps, _ = _step_stacks(session, other.id)
    offers = [event for event in steps if event.to_state == S.OFFERED and event.changes_json]
    if not offers:
        return  # an offer from before schema 0004: its undo returns the household to waiting
    raw = json.loads(offers[-1].changes_json or "{}")
    status_pair, until_pair = raw["household"]["status"], raw["household"]["parked_until"]
    if status_pair[0] != HouseholdStatus.OFFERED:
        return  # that offer itself ended a parking or a wait: keep what it knew
    raw["household"]["status"] = [HouseholdStatus.PARKED.value, status_pair[1]]
    raw["household"]["parked_until"] = [_plain(parked_until), until_pair[1]]
    offers[-1].changes_json = json.dumps(raw, ensure_ascii=False, sort_keys=True)


def _take_back_acceptance(
    session: Session,
    user: str,
    placement: M.Placement,
    flat: M.Flat,
    changes: Mapping[str, Mapping[str, tuple[Any, Any]]] | None,
) -> None:
    """The flat the acceptance reserved is free again, unless another placement holds it now; a flat
    reserved by hand before the acceptance stays reserved."""
    flat_still_held = _holding(session, M.Placement.flat_id == flat.id, placement.id) is not None
    if flat.status != FlatStatus.RESERVED or flat_still_held:
        return
    if changes is not None and not _did_change(changes["flat"]):
        return
    _set_flat_status(session, user, flat, FlatStatus.AVAILABLE, placement)


def _take_back_end(
    session: Session,
    user: str,
    placement: M.Placement,
    household: M.Household,
    back: PlacementState,
    changes: Mapping[str, Mapping[str, tuple[Any, Any]]] | None,
) -> None:
    """A placement running again as an offer makes its household "offered" again."""
    if changes is not None and _still(household, changes["household"]):
        if _did_change(changes["household"]):  # the end had set it waiting: back to what it was
            before = changes["household"]
            _put_household(
                session, user, household, HouseholdStatus(before["status"][0]), before["parked_until"][0], placement
            )
        return  # the end had left it alone, and so does its undo
    if back in OFFER_STATES and household.status in (HouseholdStatus.WAITING, HouseholdStatus.PARKED):
        _set_household_status(session, user, household, HouseholdStatus.OFFERED, placement)


def _put_household(
    session: Session,
    user: str,
    household: M.Household,
    status: HouseholdStatus,
    parked_until: date | None,
    placement: M.Placement,
) -> None:
    """Set status and parking day as they were before a step (undo); the audit names the change."""
    if (household.status, household.parked_until) == (status, parked_until):
        return
    previous = household.status
    household.status = status
    household.parked_until = parked_until if status == HouseholdStatus.PARKED else None
    household.updated_at = utcnow()
    description = f"Status: {HouseholdStatus(previous).label} → {status.label} (Vermittlung {placement.id}, rückgängig)"
    audit.record(session, user, "status", "household", household.id, description)


def _reopen_problem(
    session: Session, placement: M.Placement, household: M.Household, flat: M.Flat, back: PlacementState
) -> str | None:
    """Why an ended placement cannot run again in state `back` now, or None."""
    if household.status in CLOSED_HOUSEHOLD:
        return f"Der Haushalt ist inzwischen „{HouseholdStatus(household.status).label}“."
    if flat.status in (FlatStatus.LET, FlatStatus.BLOCKED):
        return f"Die Wohnung ist inzwischen „{FlatStatus(flat.status).label}“."
    if session.get(M.PairExclusion, (household.id, flat.id)) is not None:
        return "Diese Wohnung ist inzwischen für diesen Haushalt ausgeschlossen."
    running = _open_for_pair(session, household.id, flat.id)
    if running is not None and running.id != placement.id:
        return f"Für diesen Haushalt und diese Wohnung läuft inzwischen die Vermittlung Nr. {running.id}."
    if back in HOLDING_STATES:
        holder = _holding(session, M.Placement.flat_id == flat.id, placement.id)
        if holder is not None:
            return f"Die Wohnung ist inzwischen über die Vermittlung Nr. {holder.id} reserviert."
        other = _holding(session, M.Placement.household_id == household.id, placement.id)
        if other is not None:
            return f"Der Haushalt hat inzwischen über die Vermittlung Nr. {other.id} eine andere Wohnung zugesagt."
        if flat.status == FlatStatus.RESERVED:
            return "Die Wohnung ist inzwischen anderweitig reserviert."
    return None


def _check_reopenable(
    session: Session, placement: M.Placement, household: M.Household, flat: M.Flat, back: PlacementState
) -> None:
    problem = _reopen_problem(session, placement, household, flat, back)
    if problem is not None:
        current = PlacementState(placement.state)
        raise InvalidTransition(
            f"„{current.label}“ lässt sich nicht zurücknehmen: {problem} Legen Sie bei Bedarf einen neuen Vorschlag an."
        )


def _check_move_in_revertible(household: M.Household, flat: M.Flat) -> None:
    if flat.status != FlatStatus.LET:
        raise InvalidTransition(
            f"Der Einzug lässt sich nicht zurücknehmen: Die Wohnung ist inzwischen "
            f"„{FlatStatus(flat.status).label}“. Bitte ändern Sie den Status der Wohnung von Hand."
        )
    if household.status != HouseholdStatus.HOUSED:
        raise InvalidTransition(
            f"Der Einzug lässt sich nicht zurücknehmen: Der Haushalt ist inzwischen "
            f"„{HouseholdStatus(household.status).label}“. Bitte ändern Sie den Status des Haushalts von Hand."
        )


def _lock_auto_cancelled(session: Session, moved_in: M.Placement) -> list[tuple[M.Placement, M.PlacementEvent]]:
    """The placements a move-in cancelled whose latest step is still that cancellation, locked by id (step 2
    of the lock order), with that event: undoing the move-in reopens them where nothing stands in the way."""
    note = f"Automatisch abgebrochen: Einzug über die Vermittlung Nr. {moved_in.id}."
    query = (
        select(M.PlacementEvent.placement_id)
        .where(M.PlacementEvent.note == note, M.PlacementEvent.placement_id != moved_in.id)
        .distinct()
    )
    ids = sorted(session.exec(query).all())
    found: list[tuple[M.Placement, M.PlacementEvent]] = []
    for other_id in ids:
        other = _locked(session, M.Placement, other_id, "Vermittlung")
        last = _step_to_undo(session, other_id)
        if other.state != S.CANCELLED or last is None or last.note != note or last.from_state is None:
            continue  # undone or changed since: leave it
        found.append((other, last))
    return found
