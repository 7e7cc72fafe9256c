"""Lease data of a placement: what the contract documents print besides the flat and the household.

Kind of contract, lease start, planned move-in, the date of the Zusicherung (the benefit office's prior
approval of the rent, § 22 Abs. 4 SGB II), a fixed term only with its § 575 BGB reason, the
cooperative membership and who funds the shares, direct payment to the landlord. `update_lease_data`
checks every field at once (German message per field) and saves in one transaction with an audit
entry and optimistic locking; `draft_lease` saves the data and takes the step "Vertrag entworfen" in one
transaction — the data a lease cannot print without (start; membership for a Dauernutzungsvertrag) is
required then, and undoing the step restores the lease data it replaced.
Kept apart from `placements.py`, the workflow, which it calls but does not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import LeaseKind, PlacementState
from matcher.core.errors import FieldError, InvalidTransition, NotFound
from matcher.core.models import utcnow
from matcher.core.services import audit, placements
from matcher.core.services.common import check_version
from matcher.core.services.validation import require
from matcher.core.text import TextRejected, clean_text

FIELDS: dict[str, str] = {
    "lease_kind": "Vertragsart",
    "lease_start": "Mietbeginn",
    "planned_move_in": "Geplanter Einzug",
    "cost_approval_on": "Zusicherung vom",
    "fixed_term_end": "Befristet bis",
    "fixed_term_reason": "Grund der Befristung (§ 575 BGB)",
    "membership_number": "Mitgliedsnummer (Genossenschaft)",
    "shares_paid_by": "Genossenschaftsanteile finanziert durch",
    "direct_payment": "Miete direkt an Vermieter",
}
"""The editable lease fields with their German labels (as in the model)."""

TEXT_LIMITS = {"fixed_term_reason": 1000, "membership_number": 40, "shares_paid_by": 200}

FIXED_TERM_REASONS = (
    "Der Vermieter will die Räume nach Ablauf der Mietzeit als Wohnung für sich, seine Familienangehörigen "
    "oder Angehörige seines Haushalts nutzen (§ 575 Abs. 1 Satz 1 Nr. 1 BGB).",
    "Der Vermieter will die Räume nach Ablauf der Mietzeit in zulässiger Weise beseitigen oder so wesentlich "
    "verändern oder instand setzen, dass die Maßnahmen durch eine Fortsetzung des Mietverhältnisses erheblich "
    "erschwert würden (§ 575 Abs. 1 Satz 1 Nr. 2 BGB).",
    "Der Vermieter will die Räume nach Ablauf der Mietzeit an einen zur Dienstleistung Verpflichteten "
    "vermieten (§ 575 Abs. 1 Satz 1 Nr. 3 BGB).",
)
"""The three reasons § 575 BGB allows, as starting text; the contract must name the concrete facts."""

EDITABLE_STATES = frozenset(
    {PlacementState.PROPOSED, PlacementState.OFFERED, PlacementState.VIEWING, PlacementState.ACCEPTED}
    | {PlacementState.LEASE_DRAFTED}
)
"""Lease data may change until the lease is signed; after that the signed paper is the truth."""


def _field_error(field: str, message: str) -> FieldError:
    return FieldError(field, message, FIELDS[field])


def check_lease_data(data: Mapping[str, Any], *, for_draft: bool = False) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean `data` (a full set of FIELDS) and list every problem; `for_draft` also requires what a lease needs."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    unknown = sorted(set(data) - set(FIELDS))
    errors += [FieldError(name, "Dieses Feld gibt es nicht.", name) for name in unknown]
    try:
        values["lease_kind"] = LeaseKind(str(data.get("lease_kind")))
    except ValueError:
        choices = ", ".join(kind.label for kind in LeaseKind)
        errors.append(_field_error("lease_kind", f"Bitte einen dieser Werte wählen: {choices}."))
    for name in ("lease_start", "planned_move_in", "fixed_term_end", "cost_approval_on"):
        value = data.get(name)
        if value is not None and (not isinstance(value, date) or hasattr(value, "hour")):
            errors.append(_field_error(name, "Bitte ein gültiges Datum eingeben (TT.MM.JJJJ)."))
            value = None
        values[name] = value
    for name, limit in TEXT_LIMITS.items():
        try:
            text = clean_text(str(data.get(name) or ""), multiline=name == "fixed_term_reason")
        except TextRejected as exc:
            errors.append(_field_error(name, f"Der Text {exc}. Bitte entfernen Sie diese Zeichen."))
            text = ""
        if len(text) > limit:
            errors.append(_field_error(name, f"Bitte höchstens {limit} Zeichen eingeben."))
        values[name] = text
    values["direct_payment"] = bool(data.get("direct_payment", True))
    errors += _term_errors(values)
    if values["cost_approval_on"] is not None and values["cost_approval_on"] > date.today():
        message = (
            "Die Zusicherung kann nicht in der Zukunft erteilt sein. Bitte tragen Sie das Datum des Bescheids ein."
        )
        errors.append(_field_error("cost_approval_on", message))
    if for_draft:
        errors += _draft_errors(values)
    return values, errors


def _term_errors(values: Mapping[str, Any]) -> list[FieldError]:
    """A fixed term needs its § 575 reason and an end after the start; a reason alone needs an end."""
    errors: list[FieldError] = []
    start, end, reason = values["lease_start"], values["fixed_term_end"], values["fixed_term_reason"]
    if end is not None and not reason:
        errors.append(
            _field_error(
                "fixed_term_reason",
                "Eine Befristung braucht einen Grund nach § 575 BGB. Tragen Sie ihn ein oder leeren Sie "
                "„Befristet bis“ für einen unbefristeten Vertrag.",
            )
        )
    if end is None and reason:
        errors.append(_field_error("fixed_term_end", "Es ist ein Befristungsgrund eingetragen, aber kein Enddatum."))
    if end is not None and start is not None and end <= start:
        errors.append(_field_error("fixed_term_end", "Das Ende der Mietzeit muss nach dem Mietbeginn liegen."))
    return errors


def _draft_errors(values: Mapping[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    if values["lease_start"] is None:
        errors.append(_field_error("lease_start", "Fehlt: Bitte tragen Sie den Mietbeginn ein."))
    if values.get("lease_kind") == LeaseKind.USAGE_AGREEMENT:
        if not values["membership_number"]:
            errors.append(
                _field_error("membership_number", "Fehlt: Ein Dauernutzungsvertrag braucht die Mitgliedsnummer.")
            )
        if not values["shares_paid_by"]:
            errors.append(
                _field_error(
                    "shares_paid_by", "Fehlt: Bitte tragen Sie ein, wer die Genossenschaftsanteile finanziert."
                )
            )
    return errors


def lease_data(placement: M.Placement) -> dict[str, Any]:
    """The current lease fields of a placement, in the shape `update_lease_data` takes (for undo)."""
    return {name: getattr(placement, name) for name in FIELDS}


def update_lease_data(
    db: Database,
    placement_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    for_draft: bool = False,
) -> M.Placement:
    """Save the lease data of a placement. Fields missing from `data` keep their stored values."""
    with db.session() as session:
        placement = session.get(M.Placement, placement_id, with_for_update=True)
        if placement is None:
            raise NotFound(f"Vermittlung {placement_id} gibt es nicht (mehr). Bitte laden Sie die Liste neu.")
        check_version(placement, expected_version, placements.WHAT)
        state = PlacementState(placement.state)
        if state not in EDITABLE_STATES:
            raise InvalidTransition(
                f"Die Vermittlung steht auf „{state.label}“: Die Vertragsdaten lassen sich nicht mehr ändern."
            )
        values, errors = check_lease_data({**lease_data(placement), **data}, for_draft=for_draft)
        require(errors)
        changed = sorted(name for name, value in values.items() if getattr(placement, name) != value)
        for name in changed:
            setattr(placement, name, values[name])
        if changed:
            placement.updated_at = utcnow()
            labels = ", ".join(FIELDS[name] for name in changed)
            audit.record(session, db.user, "update", "placement", placement.id, f"Vertragsdaten: {labels}")
        session.flush()
        return placement


def draft_lease(
    db: Database,
    placement_id: int,
    data: Mapping[str, Any],
    *,
    note: str = "",
    expected_version: int | None = None,
) -> M.Placement:
    """Save the lease data (all that a lease needs) and take the step to "Vertrag entworfen", together.

    One transaction: the step's event records the lease data it replaced, so undoing the step restores
    them and redoing sets them again. When the step is refused, nothing is saved; the window keeps the
    dialog open with what was typed.
    """
    with db.session() as session:
        placement = placements.lock_placement(session, placement_id, expected_version)
        current = PlacementState(placement.state)
        if PlacementState.LEASE_DRAFTED not in placements.next_steps(current):
            raise InvalidTransition(
                f"Die Vermittlung steht auf „{current.label}“. Einen Vertrag entwerfen können Sie erst nach der Zusage."
            )
        values, errors = check_lease_data({**lease_data(placement), **data}, for_draft=True)
        require(errors)
        changed = {name: value for name, value in values.items() if getattr(placement, name) != value}
        placements.take_step(session, db.user, placement, PlacementState.LEASE_DRAFTED, note=note, fields=changed)
        if changed:
            labels = ", ".join(FIELDS[name] for name in sorted(changed))
            audit.record(session, db.user, "update", "placement", placement.id, f"Vertragsdaten: {labels}")
        session.flush()
        return placement
