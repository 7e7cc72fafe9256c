"""Placement workflow: the transition table, German refusals, step inputs, events and audit, and the side
effects on flat and household status — all in one transaction, nothing saved when a step is refused."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest
from sqlmodel import func, select

from matcher.core import models as M
from matcher.core.enums import DeclineReason, LeaseKind
from matcher.core.enums import PlacementState as S
from matcher.core.errors import ConflictError, InvalidTransition, NotFound, ValidationFailed
from matcher.core.services import audit, households, landlords, placement_lease, placements

SOEGEL, MEPPEN = "03454047", "03454035"
VIEWING_AT = datetime(2026, 12, 3, 10, 30, tzinfo=timezone(timedelta(hours=1)))
MOVE_IN = date(2027, 1, 1)

EXPECTED_STEPS = {
    S.PROPOSED: [S.OFFERED, S.CANCELLED],
    S.OFFERED: [S.VIEWING, S.DECLINED, S.CANCELLED],
    S.VIEWING: [S.ACCEPTED, S.DECLINED, S.CANCELLED],
    S.ACCEPTED: [S.LEASE_DRAFTED, S.DECLINED, S.CANCELLED],
    S.LEASE_DRAFTED: [S.SIGNED, S.DECLINED, S.CANCELLED],
    S.SIGNED: [S.MOVED_IN, S.CANCELLED],
    S.DECLINED: [],
    S.MOVED_IN: [],
    S.CANCELLED: [],
}
FORWARD = [S.OFFERED, S.VIEWING, S.ACCEPTED, S.LEASE_DRAFTED, S.SIGNED, S.MOVED_IN]


# --------------------------------------------------------------------------------------------------
# Helpers: households through their service, flats as plain rows (the flats service is written elsewhere)
# --------------------------------------------------------------------------------------------------

_cases = iter(range(1, 10_000))


def _household(db, **changes) -> int:
    data = {
        "case_number": f"AZ-{next(_cases)}",
        "residence_status": "permit_25_2",
        "paying_authority": "jobcenter",
        "accommodation_ags": SOEGEL,
        **changes,
    }
    applicant = {"given_name": "Amina", "family_name": "Haddad", "relationship": "applicant"}
    return households.create_household(db, data, [applicant]).household.id


def _landlord(db, kind: str = "private") -> int:
    return landlords.create_landlord(db, {"kind": kind, "name": f"Vermieter ({kind})"}).id


def _flat(db, landlord_id: int | None = None, **changes) -> int:
    flat = M.Flat(
        landlord_id=landlord_id or _landlord(db),
        street="Clemens-August-Straße",
        house_number="3",
        postcode="49751",
        ags=SOEGEL,
        living_area_m2=62.5,
        rooms=3,
        bedrooms=2,
        net_rent_cents=39_000,
        **changes,
    )
    with db.session() as session:
        session.add(flat)
    return flat.id


def _kwargs(target: S) -> dict:
    """What a step needs to be allowed."""
    if target == S.VIEWING:
        return {"viewing_at": VIEWING_AT}
    if target == S.DECLINED:
        return {"decline_reason": DeclineReason.TOO_FAR}
    return {}


def _walk(db, placement_id: int, to: S) -> None:
    """Bring a placement from proposed to `to` along the normal road (decline from offered)."""
    if to in (S.DECLINED, S.CANCELLED):
        path = [S.OFFERED, to]
    else:
        path = FORWARD[: FORWARD.index(to) + 1] if to != S.PROPOSED else []
    for state in path:
        placements.advance(db, placement_id, state, **_kwargs(state))


def _row(db, table, key):
    with db.read_session() as session:
        return session.get(table, key)


def _flat_history(db, flat_id: int) -> list[str]:
    with db.read_session() as session:
        query = select(M.FlatStatusChange).where(M.FlatStatusChange.flat_id == flat_id).order_by(M.FlatStatusChange.id)
        return [change.status for change in session.exec(query)]


def _count(db, table) -> int:
    with db.read_session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def _audit(db, entity: str) -> list[M.AuditEntry]:
    with db.read_session() as session:
        query = select(M.AuditEntry).where(M.AuditEntry.entity == entity).order_by(M.AuditEntry.id)
        return list(session.exec(query).all())


def _snapshot(db) -> tuple:
    """Everything a refused step must leave untouched."""
    with db.read_session() as session:
        placements_now = [
            (p.id, p.state, p.version) for p in session.exec(select(M.Placement).order_by(M.Placement.id))
        ]
        flats_now = [(f.id, f.status, f.version) for f in session.exec(select(M.Flat).order_by(M.Flat.id))]
        homes_now = [(h.id, h.status, h.version) for h in session.exec(select(M.Household).order_by(M.Household.id))]
    counts = [_count(db, t) for t in (M.PlacementEvent, M.FlatStatusChange, M.AuditEntry, M.PairExclusion)]
    return placements_now, flats_now, homes_now, counts


@pytest.fixture
def pair(any_db):
    """A waiting household and an available flat."""
    return _household(any_db), _flat(any_db)


# --------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(S))
def test_next_steps_follow_the_workflow(state):
    assert placements.next_steps(state) == EXPECTED_STEPS[state]
    assert placements.next_steps(state.value) == EXPECTED_STEPS[state]


def test_final_and_open_states():
    assert {S.DECLINED, S.MOVED_IN, S.CANCELLED} == placements.FINAL_STATES
    assert set(S) - {S.DECLINED, S.MOVED_IN, S.CANCELLED} == placements.OPEN_STATES


@pytest.mark.parametrize(
    ("source", "target"), [(source, target) for source, targets in EXPECTED_STEPS.items() for target in targets]
)
def test_every_allowed_step_works(any_db, pair, source, target):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, source)
    before = len(placements.placement_timeline(any_db, placement.id))
    moved = placements.advance(any_db, placement.id, target, note="Telefonat", **_kwargs(target))
    assert moved.state == target and _row(any_db, M.Placement, placement.id).state == target
    timeline = placements.placement_timeline(any_db, placement.id)
    assert len(timeline) == before + 1
    last = timeline[-1]
    assert (last.from_state, last.to_state, last.user, last.note) == (source, target, "test.user", "Telefonat")
    assert _audit(any_db, "placement")[-1].description == f"Stand: {source.label} → {target.label}"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.PROPOSED, S.PROPOSED),
        (S.PROPOSED, S.VIEWING),
        (S.PROPOSED, S.ACCEPTED),
        (S.PROPOSED, S.DECLINED),
        (S.OFFERED, S.ACCEPTED),
        (S.OFFERED, S.MOVED_IN),
        (S.VIEWING, S.SIGNED),
        (S.ACCEPTED, S.MOVED_IN),
        (S.SIGNED, S.DECLINED),
        (S.SIGNED, S.OFFERED),
    ],
)
def test_forbidden_steps_name_the_state_and_the_allowed_ones(any_db, pair, source, target):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, source)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition) as caught:
        placements.advance(any_db, placement.id, target, **_kwargs(target))
    message = str(caught.value)
    assert f"„{source.label}“" in message and f"„{target.label}“" in message
    for allowed in EXPECTED_STEPS[source]:
        assert f"„{allowed.label}“" in message
    assert _snapshot(any_db) == before


@pytest.mark.parametrize(
    ("final", "target"), [(S.DECLINED, S.OFFERED), (S.MOVED_IN, S.CANCELLED), (S.CANCELLED, S.PROPOSED)]
)
def test_final_states_cannot_be_left(any_db, pair, final, target):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, final)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match="abgeschlossen") as caught:
        placements.advance(any_db, placement.id, target)
    assert f"„{final.label}“" in str(caught.value)
    assert _snapshot(any_db) == before


def test_an_unknown_target_state_is_a_german_field_error(any_db, pair):
    placement = placements.propose(any_db, *pair)
    with pytest.raises(ValidationFailed) as caught:
        placements.advance(any_db, placement.id, "teleported")
    assert "Besichtigung" in caught.value.for_field("to_state")[0]


# --------------------------------------------------------------------------------------------------
# Proposing
# --------------------------------------------------------------------------------------------------


def test_propose_records_event_audit_and_score(any_db, pair):
    household_id, flat_id = pair
    score = {"total": np.float64(0.81), "rank": np.int64(2), "reasons": ["Wunschort", "Größe passt"]}
    placement = placements.propose(any_db, household_id, flat_id, score_snapshot=score)
    stored = placements.get_placement(any_db, placement.id)
    assert (stored.state, stored.household_id, stored.flat_id, stored.version) == (S.PROPOSED, household_id, flat_id, 1)
    assert stored.score_snapshot_json == '{"rank": 2, "reasons": ["Wunschort", "Größe passt"], "total": 0.81}'
    [event] = placements.placement_timeline(any_db, placement.id)
    assert (event.from_state, event.to_state, event.user) == (None, S.PROPOSED, "test.user")
    [entry] = _audit(any_db, "placement")
    assert (entry.action, entry.entity_id) == ("create", str(placement.id))
    assert "Amina" not in entry.description and "Haddad" not in entry.description
    # proposing alone changes neither the household nor the flat
    assert _row(any_db, M.Household, household_id).status == "waiting"
    assert _row(any_db, M.Flat, flat_id).status == "available"


def test_a_score_that_is_not_json_is_refused(any_db, pair):
    with pytest.raises(ValidationFailed) as caught:
        placements.propose(any_db, *pair, score_snapshot={"when": object()})
    assert caught.value.for_field("score_snapshot")
    assert _count(any_db, M.Placement) == 0


@pytest.mark.parametrize(
    ("landlord_kind", "owner", "expected"),
    [
        ("private", None, LeaseKind.LEASE),
        ("company", None, LeaseKind.LEASE),
        ("cooperative", None, LeaseKind.USAGE_AGREEMENT),
        ("municipality", "other", LeaseKind.SUBLEASE),
        ("municipality", None, LeaseKind.LEASE),
        ("municipality", "self", LeaseKind.LEASE),
    ],
)
def test_lease_kind_defaults_from_the_landlord(any_db, landlord_kind, owner, expected):
    landlord_id = _landlord(any_db, landlord_kind)
    owner_id = {"other": _landlord(any_db, "private"), "self": landlord_id, None: None}[owner]
    flat_id = _flat(any_db, landlord_id, owner_id=owner_id)
    assert placements.propose(any_db, _household(any_db), flat_id).lease_kind == expected


def test_an_explicit_lease_kind_wins_and_a_wrong_one_is_refused(any_db, pair):
    assert placements.propose(any_db, *pair, lease_kind="sublease").lease_kind == LeaseKind.SUBLEASE
    with pytest.raises(ValidationFailed) as caught:
        placements.propose(any_db, _household(any_db), pair[1], lease_kind="handshake")
    assert "Mietvertrag" in caught.value.for_field("lease_kind")[0]
    assert _count(any_db, M.Placement) == 1


@pytest.mark.parametrize(("status", "fragment"), [("let", "vermietet"), ("blocked", "gesperrt")])
def test_a_let_or_blocked_flat_cannot_be_proposed(any_db, status, fragment):
    flat_id = _flat(any_db, status=status)
    household_id = _household(any_db)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match=fragment):
        placements.propose(any_db, household_id, flat_id)
    assert _snapshot(any_db) == before


def test_a_reserved_flat_can_still_be_proposed_to_another_household(any_db, pair):
    first = placements.propose(any_db, *pair)
    _walk(any_db, first.id, S.ACCEPTED)
    assert placements.propose(any_db, _household(any_db), pair[1]).state == S.PROPOSED


@pytest.mark.parametrize(("status", "fragment"), [("housed", "untergebracht"), ("withdrawn", "abgemeldet")])
def test_a_housed_or_withdrawn_household_cannot_get_a_proposal(any_db, status, fragment):
    household_id = _household(any_db)
    households.set_household_status(any_db, household_id, status)
    flat_id = _flat(any_db)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match=fragment):
        placements.propose(any_db, household_id, flat_id)
    assert _snapshot(any_db) == before


def test_a_second_open_placement_for_the_same_pair_is_refused_but_a_new_one_after_the_end_is_fine(any_db, pair):
    first = placements.propose(any_db, *pair)
    with pytest.raises(InvalidTransition, match=f"Nr. {first.id}"):
        placements.propose(any_db, *pair)
    assert _count(any_db, M.Placement) == 1
    placements.advance(any_db, first.id, S.CANCELLED, note="Doppelt angelegt")
    assert placements.propose(any_db, *pair).id != first.id


def test_unknown_household_or_flat_is_a_german_not_found(any_db, pair):
    household_id, flat_id = pair
    with pytest.raises(NotFound, match="Haushalt 999"):
        placements.propose(any_db, 999, flat_id)
    with pytest.raises(NotFound, match="Wohnung 999"):
        placements.propose(any_db, household_id, 999)
    with pytest.raises(NotFound, match="Vermittlung 999"):
        placements.advance(any_db, 999, S.OFFERED)
    with pytest.raises(NotFound):
        placements.placement_timeline(any_db, 999)


# --------------------------------------------------------------------------------------------------
# Step inputs
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "kwargs", "field", "fragment"),
    [
        (S.OFFERED, S.DECLINED, {}, "decline_reason", "Grund der Absage"),
        (S.OFFERED, S.DECLINED, {"decline_reason": "bored"}, "decline_reason", "zu weit entfernt"),
        (S.OFFERED, S.CANCELLED, {"decline_reason": "too_far"}, "decline_reason", "nur bei einer Absage"),
        (S.OFFERED, S.VIEWING, {}, "viewing_at", "Datum und Uhrzeit"),
        (S.OFFERED, S.VIEWING, {"viewing_at": date(2026, 12, 3)}, "viewing_at", "Datum und Uhrzeit"),
        (S.PROPOSED, S.OFFERED, {"viewing_at": VIEWING_AT}, "viewing_at", "nur beim Schritt"),
        (S.OFFERED, S.CANCELLED, {"planned_move_in": MOVE_IN}, "planned_move_in", "keinen Einzug"),
        (S.PROPOSED, S.OFFERED, {"note": "x" * 2001}, "note", "höchstens 2000 Zeichen"),
        (S.PROPOSED, S.OFFERED, {"note": "Termin\x1b[31m"}, "note", "Steuerzeichen"),
        (S.PROPOSED, S.OFFERED, {"note": "Termin \u202e"}, "note", "Schreibrichtung"),
    ],
)
def test_bad_step_inputs_are_refused_and_nothing_changes(any_db, pair, source, target, kwargs, field, fragment):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, source)
    before = _snapshot(any_db)
    with pytest.raises(ValidationFailed) as caught:
        placements.advance(any_db, placement.id, target, **kwargs)
    assert any(fragment in message for message in caught.value.for_field(field)), caught.value.errors
    assert _snapshot(any_db) == before


def test_all_input_errors_of_a_step_come_together(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.OFFERED)
    with pytest.raises(ValidationFailed) as caught:
        placements.advance(any_db, placement.id, S.DECLINED, note="\x00", viewing_at=VIEWING_AT)
    assert {e.field for e in caught.value.errors} == {"note", "decline_reason", "viewing_at"}


def test_step_values_are_stored_viewing_time_in_utc(any_db, pair):
    placement = placements.propose(any_db, *pair)
    placements.advance(any_db, placement.id, S.OFFERED)
    placements.advance(any_db, placement.id, S.VIEWING, viewing_at=VIEWING_AT)
    placements.advance(any_db, placement.id, S.ACCEPTED, planned_move_in=MOVE_IN)
    stored = placements.get_placement(any_db, placement.id)
    assert stored.viewing_at == datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    assert stored.planned_move_in == MOVE_IN and stored.decline_reason is None


def test_a_naive_viewing_time_is_read_as_local_time(any_db, pair):
    placement = placements.propose(any_db, *pair)
    placements.advance(any_db, placement.id, S.OFFERED)
    naive = datetime(2026, 12, 3, 10, 30)
    placements.advance(any_db, placement.id, S.VIEWING, viewing_at=naive)
    assert placements.get_placement(any_db, placement.id).viewing_at == naive.astimezone(UTC)


def test_a_decline_keeps_its_reason(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.VIEWING)
    placements.advance(any_db, placement.id, S.DECLINED, decline_reason="no_transport", note="Kein Bus am Wochenende")
    stored = placements.get_placement(any_db, placement.id)
    assert stored.decline_reason == DeclineReason.NO_TRANSPORT
    assert placements.placement_timeline(any_db, placement.id)[-1].note == "Kein Bus am Wochenende"
    assert "Bus" not in _audit(any_db, "placement")[-1].description


def test_a_stale_version_is_refused(any_db, pair):
    placement = placements.propose(any_db, *pair)
    placements.advance(any_db, placement.id, S.OFFERED, expected_version=1)
    before = _snapshot(any_db)
    with pytest.raises(ConflictError, match="inzwischen"):
        placements.advance(any_db, placement.id, S.CANCELLED, expected_version=1)
    assert _snapshot(any_db) == before
    assert placements.advance(any_db, placement.id, S.CANCELLED, expected_version=2).version == 3


# --------------------------------------------------------------------------------------------------
# Side effects on flat and household
# --------------------------------------------------------------------------------------------------


def test_the_whole_road_changes_household_and_flat_with_history(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    seen = []
    for state in FORWARD:
        placements.advance(any_db, placement.id, state, **_kwargs(state))
        seen.append((state, _row(any_db, M.Household, household_id).status, _row(any_db, M.Flat, flat_id).status))
    assert seen == [
        (S.OFFERED, "offered", "available"),
        (S.VIEWING, "offered", "available"),
        (S.ACCEPTED, "offered", "reserved"),
        (S.LEASE_DRAFTED, "offered", "reserved"),
        (S.SIGNED, "offered", "reserved"),
        (S.MOVED_IN, "housed", "let"),
    ]
    assert _flat_history(any_db, flat_id) == ["reserved", "let"]
    assert [(e.from_state, e.to_state) for e in placements.placement_timeline(any_db, placement.id)] == [
        (None, S.PROPOSED),
        *zip([S.PROPOSED, *FORWARD[:-1]], FORWARD, strict=True),
    ]
    assert [e.description for e in _audit(any_db, "flat")] == [
        f"Status: frei → reserviert (Vermittlung {placement.id})",
        f"Status: reserviert → vermietet (Vermittlung {placement.id})",
    ]
    assert [e.description for e in _audit(any_db, "household")][-2:] == [
        f"Status: wartend → Angebot (Vermittlung {placement.id})",
        f"Status: Angebot → untergebracht (Vermittlung {placement.id})",
    ]
    with any_db.read_session() as session:
        assert audit.verify_chain(session) is None


@pytest.mark.parametrize(
    ("holding", "ending"),
    [
        (S.ACCEPTED, S.DECLINED),
        (S.ACCEPTED, S.CANCELLED),
        (S.LEASE_DRAFTED, S.DECLINED),
        (S.LEASE_DRAFTED, S.CANCELLED),
        (S.SIGNED, S.CANCELLED),  # a signed lease is cancelled, not declined
    ],
)
def test_ending_a_holding_placement_frees_flat_and_household(any_db, pair, holding, ending):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, holding)
    placements.advance(any_db, placement.id, ending, **_kwargs(ending))
    assert _row(any_db, M.Flat, flat_id).status == "available"
    assert _row(any_db, M.Household, household_id).status == "waiting"
    assert _flat_history(any_db, flat_id) == ["reserved", "available"]


def test_the_household_stays_offered_while_another_offer_runs(any_db):
    household_id = _household(any_db)
    first = placements.propose(any_db, household_id, _flat(any_db))
    second = placements.propose(any_db, household_id, _flat(any_db))
    placements.advance(any_db, first.id, S.OFFERED)
    placements.advance(any_db, second.id, S.OFFERED)
    placements.advance(any_db, first.id, S.DECLINED, decline_reason="too_small")
    assert _row(any_db, M.Household, household_id).status == "offered"
    placements.advance(any_db, second.id, S.CANCELLED)
    assert _row(any_db, M.Household, household_id).status == "waiting"


def test_a_proposal_elsewhere_does_not_keep_the_household_offered(any_db):
    household_id = _household(any_db)
    offered = placements.propose(any_db, household_id, _flat(any_db))
    placements.propose(any_db, household_id, _flat(any_db))  # only proposed: the household does not know yet
    placements.advance(any_db, offered.id, S.OFFERED)
    placements.advance(any_db, offered.id, S.CANCELLED)
    assert _row(any_db, M.Household, household_id).status == "waiting"


def test_an_offer_takes_a_parked_household_out_of_parking_and_the_end_returns_it_to_waiting(any_db, pair):
    household_id, flat_id = pair
    households.set_household_status(any_db, household_id, "parked", parked_until=date.today() + timedelta(days=30))
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.CANCELLED)
    parked = _row(any_db, M.Household, household_id)
    assert parked.status == "parked" and parked.parked_until is not None  # a mere proposal changes nothing
    second = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, second.id, S.OFFERED)
    offered = _row(any_db, M.Household, household_id)
    assert (offered.status, offered.parked_until) == ("offered", None)


def test_ending_a_placement_that_never_held_the_flat_leaves_another_reservation_alone(any_db, pair):
    household_id, flat_id = pair
    holder = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, holder.id, S.ACCEPTED)
    other = placements.propose(any_db, _household(any_db), flat_id)
    placements.advance(any_db, other.id, S.OFFERED)
    placements.advance(any_db, other.id, S.DECLINED, decline_reason="too_far")
    assert _row(any_db, M.Flat, flat_id).status == "reserved"
    assert _flat_history(any_db, flat_id) == ["reserved"]


def test_ending_an_offer_leaves_a_reservation_made_by_hand_alone(any_db, pair):
    household_id, flat_id = pair
    with any_db.session() as session:  # reserved in the flats view, e.g. for an emergency case
        session.get(M.Flat, flat_id).status = "reserved"
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.OFFERED)
    placements.advance(any_db, placement.id, S.CANCELLED)
    assert _row(any_db, M.Flat, flat_id).status == "reserved"
    assert _flat_history(any_db, flat_id) == []


def test_a_flat_reserved_for_one_household_cannot_be_accepted_by_another(any_db, pair):
    household_id, flat_id = pair
    holder = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, holder.id, S.ACCEPTED)
    other = placements.propose(any_db, _household(any_db), flat_id)
    _walk(any_db, other.id, S.VIEWING)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match=f"Vermittlung Nr. {holder.id}"):
        placements.advance(any_db, other.id, S.ACCEPTED)
    assert _snapshot(any_db) == before
    placements.advance(any_db, holder.id, S.DECLINED, decline_reason=DeclineReason.NO_COST_APPROVAL)
    assert placements.advance(any_db, other.id, S.ACCEPTED).state == S.ACCEPTED
    assert _flat_history(any_db, flat_id) == ["reserved", "available", "reserved"]


def test_a_household_cannot_accept_two_flats(any_db):
    household_id = _household(any_db)
    first = placements.propose(any_db, household_id, _flat(any_db))
    second = placements.propose(any_db, household_id, _flat(any_db))
    _walk(any_db, first.id, S.ACCEPTED)
    _walk(any_db, second.id, S.VIEWING)
    with pytest.raises(InvalidTransition, match="andere Wohnung zugesagt"):
        placements.advance(any_db, second.id, S.ACCEPTED)
    assert placements.get_placement(any_db, second.id).state == S.VIEWING


def test_a_flat_blocked_meanwhile_cannot_be_accepted(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.VIEWING)
    with any_db.session() as session:
        session.get(M.Flat, flat_id).status = "blocked"
    with pytest.raises(InvalidTransition, match="gesperrt"):
        placements.advance(any_db, placement.id, S.ACCEPTED)
    assert _flat_history(any_db, flat_id) == []


def test_a_withdrawn_household_can_only_be_ended(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    with any_db.session() as session:  # e.g. withdrawn by an older program version
        session.get(M.Household, household_id).status = "withdrawn"
    with pytest.raises(InvalidTransition, match="abgemeldet"):
        placements.advance(any_db, placement.id, S.OFFERED)
    placements.advance(any_db, placement.id, S.CANCELLED)
    assert _row(any_db, M.Household, household_id).status == "withdrawn"


def test_moving_in_cancels_the_other_open_placements_of_household_and_flat(any_db, pair):
    household_id, flat_id = pair
    winner = placements.propose(any_db, household_id, flat_id)
    elsewhere = placements.propose(any_db, household_id, _flat(any_db))
    rival_household = _household(any_db)
    rival = placements.propose(any_db, rival_household, flat_id)
    placements.advance(any_db, rival.id, S.OFFERED)
    unrelated = placements.propose(any_db, _household(any_db), _flat(any_db))
    _walk(any_db, winner.id, S.MOVED_IN)

    assert placements.get_placement(any_db, elsewhere.id).state == S.CANCELLED
    assert placements.get_placement(any_db, rival.id).state == S.CANCELLED
    assert placements.get_placement(any_db, unrelated.id).state == S.PROPOSED
    assert _row(any_db, M.Household, rival_household).status == "waiting"
    note = placements.placement_timeline(any_db, rival.id)[-1].note
    assert note == f"Automatisch abgebrochen: Einzug über die Vermittlung Nr. {winner.id}."


# --------------------------------------------------------------------------------------------------
# Pair exclusions
# --------------------------------------------------------------------------------------------------


def test_an_excluded_pair_cannot_be_proposed_until_the_exclusion_is_removed(any_db, pair):
    household_id, flat_id = pair
    exclusion = placements.exclude_pair(any_db, household_id, flat_id, "Allergie gegen Tierhaare (Vormieter)")
    assert (exclusion.user, exclusion.reason) == ("test.user", "Allergie gegen Tierhaare (Vormieter)")
    [entry] = _audit(any_db, "pair_exclusion")
    assert (entry.action, entry.entity_id, entry.description) == ("create", f"{household_id}/{flat_id}", "")
    with pytest.raises(InvalidTransition, match="ausgeschlossen"):
        placements.propose(any_db, household_id, flat_id)
    assert _count(any_db, M.Placement) == 0

    placements.remove_exclusion(any_db, household_id, flat_id)
    assert _count(any_db, M.PairExclusion) == 0
    assert placements.propose(any_db, household_id, flat_id).state == S.PROPOSED
    assert [e.action for e in _audit(any_db, "pair_exclusion")] == ["create", "delete"]


def test_excluding_again_updates_the_reason(any_db, pair):
    placements.exclude_pair(any_db, *pair, "zu weit")
    again = placements.exclude_pair(any_db, *pair, "Treppen")
    assert again.reason == "Treppen" and _count(any_db, M.PairExclusion) == 1
    assert [e.action for e in _audit(any_db, "pair_exclusion")] == ["create", "update"]


def test_a_pair_with_a_running_placement_cannot_be_excluded(any_db, pair):
    placement = placements.propose(any_db, *pair)
    with pytest.raises(InvalidTransition, match=f"Nr. {placement.id}"):
        placements.exclude_pair(any_db, *pair)
    assert _count(any_db, M.PairExclusion) == 0


@pytest.mark.parametrize(("reason", "fragment"), [("x" * 501, "höchstens 500"), ("a\u202eb", "Schreibrichtung")])
def test_a_bad_exclusion_reason_is_refused(any_db, pair, reason, fragment):
    with pytest.raises(ValidationFailed) as caught:
        placements.exclude_pair(any_db, *pair, reason)
    assert fragment in caught.value.for_field("reason")[0]
    assert _count(any_db, M.PairExclusion) == 0


def test_exclusion_errors_for_unknown_records(any_db, pair):
    household_id, flat_id = pair
    with pytest.raises(NotFound):
        placements.remove_exclusion(any_db, household_id, flat_id)
    with pytest.raises(NotFound, match="Wohnung 999"):
        placements.exclude_pair(any_db, household_id, 999)


# --------------------------------------------------------------------------------------------------
# Taking a step back (revert_step)
# --------------------------------------------------------------------------------------------------


def _statuses(db, household_id: int, flat_id: int) -> tuple[str, str]:
    return _row(db, M.Household, household_id).status, _row(db, M.Flat, flat_id).status


def _revert(db, placement_id: int) -> M.Placement:
    return placements.revert_step(db, placement_id, placements.get_placement(db, placement_id).version)


# the state walked to, the state expected after undoing it, household and flat status after undoing
REVERTS = [
    (S.OFFERED, S.PROPOSED, "waiting", "available"),
    (S.VIEWING, S.OFFERED, "offered", "available"),
    (S.ACCEPTED, S.VIEWING, "offered", "available"),
    (S.LEASE_DRAFTED, S.ACCEPTED, "offered", "reserved"),
    (S.SIGNED, S.LEASE_DRAFTED, "offered", "reserved"),
    (S.MOVED_IN, S.SIGNED, "offered", "reserved"),
    (S.DECLINED, S.OFFERED, "offered", "available"),
    (S.CANCELLED, S.OFFERED, "offered", "available"),
]


@pytest.mark.parametrize(("walked", "back", "home", "flat"), REVERTS)
def test_each_step_can_be_taken_back_with_its_side_effects(any_db, pair, walked, back, home, flat):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, walked)
    events_before = len(placements.placement_timeline(any_db, placement.id))

    reverted = _revert(any_db, placement.id)

    assert reverted.state == back
    assert placements.get_placement(any_db, placement.id).state == back
    assert _statuses(any_db, household_id, flat_id) == (home, flat)
    timeline = placements.placement_timeline(any_db, placement.id)
    assert len(timeline) == events_before + 1  # the undone step stays, the reversal is added
    assert (timeline[-2].from_state, timeline[-2].to_state) == (back, walked)
    assert (timeline[-1].from_state, timeline[-1].to_state) == (walked, back)
    assert timeline[-1].note.startswith("Rückgängig: ")
    assert _audit(any_db, "placement")[-1].description == f"Stand: {walked.label} → {back.label} (rückgängig)"
    assert "Haddad" not in " ".join(e.description for e in _audit(any_db, "placement"))


def test_undo_clears_the_decline_reason_and_the_viewing_date(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.VIEWING)
    placements.advance(any_db, placement.id, S.DECLINED, decline_reason=DeclineReason.TOO_FAR)
    assert _revert(any_db, placement.id).decline_reason is None
    assert placements.get_placement(any_db, placement.id).viewing_at is not None
    assert _revert(any_db, placement.id).viewing_at is None


def test_undo_walks_back_step_by_step_and_then_refuses(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.MOVED_IN)
    expected = [S.SIGNED, S.LEASE_DRAFTED, S.ACCEPTED, S.VIEWING, S.OFFERED, S.PROPOSED]
    assert [_revert(any_db, placement.id).state for _ in expected] == expected
    assert _statuses(any_db, household_id, flat_id) == ("waiting", "available")
    assert _flat_history(any_db, flat_id) == ["reserved", "let", "reserved", "available"]
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match="keinen Schritt, der sich zurücknehmen ließe"):
        _revert(any_db, placement.id)
    assert _snapshot(any_db) == before


def test_a_redone_step_is_undone_again(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.ACCEPTED)
    _revert(any_db, placement.id)
    placements.advance(any_db, placement.id, S.ACCEPTED)
    assert _statuses(any_db, household_id, flat_id) == ("offered", "reserved")
    assert _revert(any_db, placement.id).state == S.VIEWING
    assert _revert(any_db, placement.id).state == S.OFFERED  # the step before, not the redone one
    assert _statuses(any_db, household_id, flat_id) == ("offered", "available")


def test_undo_with_a_stale_version_is_refused_and_nothing_changes(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.OFFERED)
    before = _snapshot(any_db)
    with pytest.raises(ConflictError):
        placements.revert_step(any_db, placement.id, placement.version)  # the version before the offer
    assert _snapshot(any_db) == before


def test_undoing_an_offer_keeps_the_household_offered_while_another_offer_runs(any_db):
    household_id = _household(any_db)
    first = placements.propose(any_db, household_id, _flat(any_db))
    second = placements.propose(any_db, household_id, _flat(any_db))
    placements.advance(any_db, first.id, S.OFFERED)
    placements.advance(any_db, second.id, S.OFFERED)
    _revert(any_db, second.id)
    assert _row(any_db, M.Household, household_id).status == "offered"
    _revert(any_db, first.id)
    assert _row(any_db, M.Household, household_id).status == "waiting"


def test_undoing_a_decline_of_an_acceptance_reserves_the_flat_again(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.ACCEPTED)
    placements.advance(any_db, placement.id, S.DECLINED, decline_reason=DeclineReason.TOO_FAR)
    assert _statuses(any_db, household_id, flat_id) == ("waiting", "available")
    assert _revert(any_db, placement.id).state == S.ACCEPTED
    assert _statuses(any_db, household_id, flat_id) == ("offered", "reserved")


def test_undoing_a_decline_is_refused_when_another_placement_holds_the_flat_now(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.ACCEPTED)
    placements.advance(any_db, placement.id, S.CANCELLED)
    rival = placements.propose(any_db, _household(any_db), flat_id)
    _walk(any_db, rival.id, S.ACCEPTED)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match=f"über die Vermittlung Nr. {rival.id} reserviert"):
        _revert(any_db, placement.id)
    assert _snapshot(any_db) == before


def test_undoing_an_acceptance_frees_the_flat_while_another_offer_for_it_runs(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.ACCEPTED)
    other = placements.propose(any_db, _household(any_db), flat_id)
    placements.advance(any_db, other.id, S.OFFERED)
    _revert(any_db, placement.id)
    assert _statuses(any_db, household_id, flat_id) == ("offered", "available")
    assert placements.get_placement(any_db, other.id).state == S.OFFERED


def test_undoing_a_cancel_is_refused_when_the_household_moved_in_elsewhere(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.OFFERED)
    placements.advance(any_db, placement.id, S.CANCELLED)
    elsewhere = placements.propose(any_db, household_id, _flat(any_db))
    _walk(any_db, elsewhere.id, S.MOVED_IN)
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match="Der Haushalt ist inzwischen „"):
        _revert(any_db, placement.id)
    assert _snapshot(any_db) == before


def test_undoing_a_cancel_is_refused_for_an_excluded_pair_or_a_new_placement(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.CANCELLED)
    newer = placements.propose(any_db, household_id, flat_id)
    with pytest.raises(InvalidTransition, match=f"läuft inzwischen die Vermittlung Nr. {newer.id}"):
        _revert(any_db, placement.id)
    placements.advance(any_db, newer.id, S.CANCELLED)
    placements.exclude_pair(any_db, household_id, flat_id, "zu weit")
    with pytest.raises(InvalidTransition, match="ausgeschlossen"):
        _revert(any_db, placement.id)
    placements.remove_exclusion(any_db, household_id, flat_id)
    assert _revert(any_db, placement.id).state == S.PROPOSED
    assert _statuses(any_db, household_id, flat_id) == ("waiting", "available")


def test_undoing_a_move_in_is_refused_when_the_flat_was_changed_by_hand(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.MOVED_IN)
    with any_db.session() as session:
        session.get(M.Flat, flat_id).status = "blocked"
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match="Die Wohnung ist inzwischen „"):
        _revert(any_db, placement.id)
    assert _snapshot(any_db) == before


def test_undoing_a_move_in_reopens_the_placements_it_cancelled(any_db, pair):
    household_id, flat_id = pair
    winner = placements.propose(any_db, household_id, flat_id)
    elsewhere = placements.propose(any_db, household_id, _flat(any_db))
    placements.advance(any_db, elsewhere.id, S.OFFERED)
    rival_household = _household(any_db)
    rival = placements.propose(any_db, rival_household, flat_id)
    placements.advance(any_db, rival.id, S.OFFERED)
    blocked_household = _household(any_db)
    blocked = placements.propose(any_db, blocked_household, flat_id)
    _walk(any_db, winner.id, S.MOVED_IN)
    placements.exclude_pair(any_db, blocked_household, flat_id, "")  # stands in the way of reopening

    assert _revert(any_db, winner.id).state == S.SIGNED

    assert _statuses(any_db, household_id, flat_id) == ("offered", "reserved")
    assert placements.get_placement(any_db, elsewhere.id).state == S.OFFERED
    assert placements.get_placement(any_db, rival.id).state == S.OFFERED
    assert _row(any_db, M.Household, rival_household).status == "offered"
    assert placements.get_placement(any_db, blocked.id).state == S.CANCELLED
    assert placements.placement_timeline(any_db, rival.id)[-1].note.startswith("Rückgängig: ")


def test_undoing_a_cancel_offers_again_to_a_household_parked_since(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.OFFERED)
    placements.advance(any_db, placement.id, S.CANCELLED)
    households.set_household_status(any_db, household_id, "parked", parked_until=date.today() + timedelta(days=30))
    assert _revert(any_db, placement.id).state == S.OFFERED
    home = _row(any_db, M.Household, household_id)
    assert (home.status, home.parked_until) == ("offered", None)


def test_undoing_a_decline_of_an_acceptance_is_refused_for_a_flat_reserved_by_hand_since(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.ACCEPTED)
    placements.advance(any_db, placement.id, S.DECLINED, decline_reason=DeclineReason.TOO_FAR)
    with any_db.session() as session:  # reserved in the flats view for someone else
        session.get(M.Flat, flat_id).status = "reserved"
    before = _snapshot(any_db)
    with pytest.raises(InvalidTransition, match="anderweitig reserviert"):
        _revert(any_db, placement.id)
    assert _snapshot(any_db) == before


def test_undo_of_an_unknown_placement_is_a_german_not_found(any_db):
    with pytest.raises(NotFound, match="Vermittlung 999 gibt es nicht"):
        placements.revert_step(any_db, 999, 1)


# --------------------------------------------------------------------------------------------------
# Undo restores exactly what the step changed, redo sets it again (PlacementEvent.changes_json)
# --------------------------------------------------------------------------------------------------

PLANNED_BEFORE, PLANNED = date(2027, 1, 15), date(2027, 2, 1)
LEASE_START, TERM_END = date(2027, 2, 1), date(2029, 1, 31)


def _state(db, placement_id: int) -> dict:
    """Every value a step may change on the placement, its household and its flat."""
    placement = _row(db, M.Placement, placement_id)
    household, flat = _row(db, M.Household, placement.household_id), _row(db, M.Flat, placement.flat_id)
    values = {name: getattr(placement, name) for name in placements.STEP_FIELDS}
    values["state"] = placement.state
    values |= {f"household.{name}": getattr(household, name) for name in ("status", "parked_until")}
    values["flat.status"] = flat.status
    return values


def _lease_draft(db, placement_id: int) -> None:
    data = {
        "lease_kind": LeaseKind.SUBLEASE,
        "lease_start": LEASE_START,
        "planned_move_in": PLANNED,
        "cost_approval_on": date.today(),
        "fixed_term_end": TERM_END,
        "fixed_term_reason": placement_lease.FIXED_TERM_REASONS[1],
        "direct_payment": False,
    }
    placement_lease.draft_lease(db, placement_id, data, note="Entwurf")


# the state to start from, and the step with its data
STEPS_WITH_DATA = {
    "viewing date": (S.OFFERED, lambda db, pid: placements.advance(db, pid, S.VIEWING, viewing_at=VIEWING_AT)),
    "acceptance": (S.VIEWING, lambda db, pid: placements.advance(db, pid, S.ACCEPTED, planned_move_in=PLANNED)),
    "lease draft data": (S.ACCEPTED, _lease_draft),
    "planned move-in": (
        S.LEASE_DRAFTED,
        lambda db, pid: placements.advance(db, pid, S.SIGNED, planned_move_in=PLANNED),
    ),
    "move-in": (S.SIGNED, lambda db, pid: placements.advance(db, pid, S.MOVED_IN, planned_move_in=PLANNED)),
    "decline reason": (
        S.ACCEPTED,
        lambda db, pid: placements.advance(db, pid, S.DECLINED, decline_reason=DeclineReason.LANDLORD_DECLINED),
    ),
    "cancellation": (S.LEASE_DRAFTED, lambda db, pid: placements.advance(db, pid, S.CANCELLED)),
}


@pytest.mark.parametrize("name", list(STEPS_WITH_DATA))
def test_undo_restores_every_value_the_step_changed_and_redo_sets_them_again(any_db, pair, name):
    start, take = STEPS_WITH_DATA[name]
    placement = placements.propose(any_db, *pair)
    # values from before the step that the step overwrites: undo must bring these back, not just clear
    lease_before = {"planned_move_in": PLANNED_BEFORE, "lease_start": date(2027, 1, 1), "membership_number": "M-1"}
    placement_lease.update_lease_data(any_db, placement.id, lease_before)
    _walk(any_db, placement.id, start)
    before = _state(any_db, placement.id)

    take(any_db, placement.id)
    after = _state(any_db, placement.id)
    assert after != before
    _revert(any_db, placement.id)

    assert _state(any_db, placement.id) == before
    step = placements.placement_timeline(any_db, placement.id)[-2].to_state
    placements.redo_step(any_db, placement.id, step, placements.get_placement(any_db, placement.id).version)
    assert _state(any_db, placement.id) == after
    _revert(any_db, placement.id)  # the redone step is undone again, to the same values
    assert _state(any_db, placement.id) == before


def test_the_lease_draft_step_records_what_the_lease_data_replaced(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.ACCEPTED)
    _lease_draft(any_db, placement.id)
    changes = placements.step_changes(placements.placement_timeline(any_db, placement.id)[-1])
    assert changes["placement"]["lease_start"] == (None, LEASE_START)
    assert changes["placement"]["lease_kind"] == ("lease", "sublease")
    assert changes["placement"]["direct_payment"] == (True, False)
    assert changes["household"] == {"status": ("offered", "offered"), "parked_until": (None, None)}
    assert "viewing_at" not in changes["placement"]  # only what the step changed


def test_a_lease_draft_refused_by_its_step_saves_no_lease_data(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.ACCEPTED)
    with any_db.session() as session:  # withdrawn meanwhile: only ending steps remain
        session.get(M.Household, household_id).status = "withdrawn"
    before = _state(any_db, placement.id)
    with pytest.raises(InvalidTransition, match="Bitte brechen Sie diese Vermittlung ab"):
        _lease_draft(any_db, placement.id)
    assert _state(any_db, placement.id) == before


def test_a_value_changed_by_hand_after_the_step_is_kept_by_its_undo(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.VIEWING)
    placements.advance(any_db, placement.id, S.ACCEPTED, planned_move_in=PLANNED)
    placement_lease.update_lease_data(any_db, placement.id, {"planned_move_in": PLANNED_BEFORE})
    assert _revert(any_db, placement.id).planned_move_in == PLANNED_BEFORE


def test_redo_refuses_when_the_placement_moved_on_since_the_undo(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.VIEWING)
    _revert(any_db, placement.id)
    placements.advance(any_db, placement.id, S.CANCELLED)
    current = placements.get_placement(any_db, placement.id)
    with pytest.raises(InvalidTransition, match="lässt sich nicht wiederholen"):
        placements.redo_step(any_db, placement.id, S.VIEWING, current.version)
    with pytest.raises(ConflictError):
        placements.redo_step(any_db, placement.id, S.CANCELLED, current.version - 1)


def test_two_undos_are_redone_in_reverse_order(any_db, pair):
    placement = placements.propose(any_db, *pair)
    _walk(any_db, placement.id, S.VIEWING)
    _revert(any_db, placement.id)
    _revert(any_db, placement.id)
    version = placements.get_placement(any_db, placement.id).version
    with pytest.raises(InvalidTransition, match="nicht wiederholen"):
        placements.redo_step(any_db, placement.id, S.VIEWING, version)  # the offer comes first
    redone = placements.redo_step(any_db, placement.id, S.OFFERED, version)
    redone = placements.redo_step(any_db, placement.id, S.VIEWING, redone.version)
    assert (redone.state, redone.viewing_at) == (S.VIEWING, VIEWING_AT.astimezone(UTC))


def _parked(db, household_id: int, until: date) -> None:
    households.set_household_status(db, household_id, "parked", parked_until=until)


def test_undoing_an_offer_parks_the_household_again_until_the_same_day(any_db, pair):
    household_id, flat_id = pair
    until = date.today() + timedelta(days=40)
    _parked(any_db, household_id, until)
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.OFFERED)
    home = _row(any_db, M.Household, household_id)
    assert (home.status, home.parked_until) == ("offered", None)

    _revert(any_db, placement.id)

    home = _row(any_db, M.Household, household_id)
    assert (home.status, home.parked_until) == ("parked", until)
    placements.redo_step(any_db, placement.id, S.OFFERED, placements.get_placement(any_db, placement.id).version)
    home = _row(any_db, M.Household, household_id)
    assert (home.status, home.parked_until) == ("offered", None)


def test_a_parked_household_stays_offered_while_another_offer_runs_and_is_parked_after_the_last(any_db):
    household_id = _household(any_db)
    until = date.today() + timedelta(days=40)
    _parked(any_db, household_id, until)
    first = placements.propose(any_db, household_id, _flat(any_db))
    second = placements.propose(any_db, household_id, _flat(any_db))
    placements.advance(any_db, first.id, S.OFFERED)  # this offer ends the parking
    placements.advance(any_db, second.id, S.OFFERED)

    _revert(any_db, first.id)
    home = _row(any_db, M.Household, household_id)
    assert (home.status, home.parked_until) == ("offered", None)

    _revert(any_db, second.id)  # the parking the first offer ended passed on to this one
    home = _row(any_db, M.Household, household_id)
    assert (home.status, home.parked_until) == ("parked", until)


def test_a_decline_after_a_parked_offer_returns_to_waiting_and_its_undo_offers_again(any_db, pair):
    household_id, flat_id = pair
    _parked(any_db, household_id, date.today() + timedelta(days=40))
    placement = placements.propose(any_db, household_id, flat_id)
    placements.advance(any_db, placement.id, S.OFFERED)
    placements.advance(any_db, placement.id, S.DECLINED, decline_reason=DeclineReason.TOO_FAR)
    assert _statuses(any_db, household_id, flat_id) == ("waiting", "available")  # the end supersedes parking
    _revert(any_db, placement.id)
    assert _statuses(any_db, household_id, flat_id) == ("offered", "available")


def test_undoing_an_acceptance_leaves_a_flat_reserved_by_hand_before_it_reserved(any_db, pair):
    household_id, flat_id = pair
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.VIEWING)
    with any_db.session() as session:  # reserved in the flats view before the acceptance
        session.get(M.Flat, flat_id).status = "reserved"
    placements.advance(any_db, placement.id, S.ACCEPTED)
    _revert(any_db, placement.id)
    assert _statuses(any_db, household_id, flat_id) == ("offered", "reserved")


def test_undoing_a_move_in_restores_the_households_it_had_sent_back_to_waiting(any_db, pair):
    household_id, flat_id = pair
    winner = placements.propose(any_db, household_id, flat_id)
    rival_household = _household(any_db)
    rival = placements.propose(any_db, rival_household, flat_id)
    placements.advance(any_db, rival.id, S.OFFERED)
    placements.advance(any_db, rival.id, S.VIEWING, viewing_at=VIEWING_AT)
    before = _state(any_db, rival.id)
    _walk(any_db, winner.id, S.MOVED_IN)
    assert _row(any_db, M.Household, rival_household).status == "waiting"
    _revert(any_db, winner.id)
    assert {k: v for k, v in _state(any_db, rival.id).items() if k != "flat.status"} == {
        k: v for k, v in before.items() if k != "flat.status"
    }


def test_undo_of_a_step_recorded_before_schema_0004_uses_the_old_rules(any_db, pair):
    household_id, flat_id = pair
    _parked(any_db, household_id, date.today() + timedelta(days=40))
    placement = placements.propose(any_db, household_id, flat_id)
    _walk(any_db, placement.id, S.VIEWING)
    with any_db.session() as session:  # as an event written by an older program version
        for event in session.exec(select(M.PlacementEvent)):
            event.changes_json = None
    assert _revert(any_db, placement.id).viewing_at is None
    _revert(any_db, placement.id)
    assert _statuses(any_db, household_id, flat_id) == ("waiting", "available")


def test_every_lease_field_is_a_step_field():
    assert set(placement_lease.FIELDS) <= set(placements.STEP_FIELDS)
    assert {"decline_reason", "viewing_at"} <= set(placements.STEP_FIELDS)


# --------------------------------------------------------------------------------------------------
# Lock order on PostgreSQL: undoing a move-in and a step on a placement it reopens never deadlock
# --------------------------------------------------------------------------------------------------


def _waiting_for_locks(db) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).scalar()


def _wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _race_behind_a_household_lock(db, household_id: int, first, second) -> tuple[object, object]:
    """Run `first` and then `second` in two threads while another connection holds the household's row
    lock, each queued behind it (first in line first); release it and return what each returned or raised."""
    results: dict[str, object] = {}

    def run(name, work) -> None:
        try:
            results[name] = work()
        except Exception as exc:  # the test reports what happened in the thread
            results[name] = exc

    with db.engine.connect() as blocker:
        blocker.exec_driver_sql(f"SELECT id FROM household WHERE id = {household_id} FOR UPDATE")
        threads = []
        for waiting, (name, work) in enumerate((("first", first), ("second", second)), start=1):
            threads.append(threading.Thread(target=run, args=(name, work)))
            threads[-1].start()
            _wait_until(lambda waiting=waiting: _waiting_for_locks(db) == waiting)
        blocker.rollback()
        for thread in threads:
            thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return results["first"], results["second"]


def test_undoing_a_move_in_and_a_step_on_a_cancelled_placement_take_locks_in_the_same_order(pg_db):
    """Undo of the move-in (placement, the placements it reopens, households, flats) and an undo on one of
    those placements (placement, household, flat) queue behind a household lock held elsewhere, the
    move-in first. With the old order the move-in's undo held the household and then waited for the other
    placement, which waited for the household: PostgreSQL reported a deadlock."""
    household_id = _household(pg_db)
    winner = placements.propose(pg_db, household_id, _flat(pg_db))
    other = placements.propose(pg_db, household_id, _flat(pg_db))
    placements.advance(pg_db, other.id, S.OFFERED)
    _walk(pg_db, winner.id, S.MOVED_IN)
    other_version = placements.get_placement(pg_db, other.id).version

    undo_move_in, undo_cancel = _race_behind_a_household_lock(
        pg_db,
        household_id,
        lambda: _revert(pg_db, winner.id),
        lambda: placements.revert_step(pg_db, other.id, other_version),
    )

    assert isinstance(undo_move_in, M.Placement), undo_move_in
    assert isinstance(undo_cancel, ConflictError), undo_cancel  # the move-in's undo reopened it first
    assert placements.get_placement(pg_db, winner.id).state == S.SIGNED
    assert placements.get_placement(pg_db, other.id).state == S.OFFERED


def test_a_move_in_and_a_step_on_a_placement_it_cancels_take_locks_in_the_same_order(pg_db):
    """The same for the move-in itself, which cancels the household's other placements: it locks them
    before the household. With the old order it held the household and then waited for the other
    placement, which waited for the household."""
    household_id = _household(pg_db)
    winner = placements.propose(pg_db, household_id, _flat(pg_db))
    other = placements.propose(pg_db, household_id, _flat(pg_db))
    placements.advance(pg_db, other.id, S.OFFERED)
    _walk(pg_db, winner.id, S.SIGNED)
    other_version = placements.get_placement(pg_db, other.id).version

    move_in, viewing = _race_behind_a_household_lock(
        pg_db,
        household_id,
        lambda: placements.advance(pg_db, winner.id, S.MOVED_IN),
        lambda: placements.advance(pg_db, other.id, S.VIEWING, viewing_at=VIEWING_AT, expected_version=other_version),
    )

    assert isinstance(move_in, M.Placement), move_in
    assert isinstance(viewing, ConflictError), viewing  # the move-in cancelled it first
    assert placements.get_placement(pg_db, other.id).state == S.CANCELLED
