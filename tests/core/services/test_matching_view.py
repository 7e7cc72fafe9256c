"""What the matching area asks of the core: its view of the district, the office's proposal mode, pairs
rejected or fixed in a session, and opening a placement with the matcher's snapshot."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from matcher.core import demo
from matcher.core import models as M
from matcher.core.errors import ValidationFailed
from matcher.core.services import matching


@pytest.fixture
def view(db):
    demo.create_demo(db, households=60, seed=2)
    return matching.load_matching_view(db)


def test_the_view_lists_the_matchers_flats_and_households_with_running_placements(view, db):
    d = view.matcher.data
    assert [f.id for f in view.flats] == d.flats.ids.tolist()
    assert [h.id for h in view.households] == d.households.ids.tolist()
    assert all(h.applicant for h in view.households)  # every demo household has an applicant
    with db.read_session() as session:
        running = session.exec(select(M.Placement).where(M.Placement.state == "proposed")).all()
    for p in running:
        assert view.open_placements[(p.household_id, p.flat_id)] == (p.id, "proposed")


def test_the_proposal_mode_is_an_office_setting_with_a_german_refusal(any_db):
    assert matching.get_proposal_mode(any_db) == "optimal"
    assert matching.set_proposal_mode(any_db, "priority") == "priority"
    assert matching.get_proposal_mode(any_db) == "priority"
    with pytest.raises(ValidationFailed) as caught:
        matching.set_proposal_mode(any_db, "fastest")
    assert "Bitte wählen Sie" in caught.value.for_field("mode")[0]
    with any_db.read_session() as session:
        entries = session.exec(select(M.AuditEntry).where(M.AuditEntry.entity == "setting")).all()
    assert [e.description for e in entries] == ["Vorschlagsart: priority"]


def test_a_rejected_pair_is_left_out_and_a_fixed_pair_kept_without_costing(view):
    m = view.matcher
    excluded_before = m.data.pair_excluded.copy()
    plain = m.propose("optimal")
    first, second = ((p.household_id, p.flat_id) for p in plain.placements[:2])
    without = m.propose("optimal", rejected=[first])
    assert first not in [(p.household_id, p.flat_id) for p in without.placements]
    assert (m.data.pair_excluded == excluded_before).all()  # the loaded data stay untouched

    other_flat = next(
        r.flat_id for r in m.rank_flats(second[0]) if r.feasible and r.flat_id != second[1] and r.flat_id != first[1]
    )
    pin = (second[0], other_flat)
    fixed = m.propose("optimal", pins=[pin], fixed=[first])
    pairs = [(p.household_id, p.flat_id) for p in fixed.placements]
    assert first in pairs and pin in pairs
    assert set(fixed.pin_losses) == {pin}
    expected = m.propose("optimal", pins=[first]).total - fixed.total  # the proposal with only `first` fixed
    assert fixed.pin_losses[pin] == pytest.approx(expected)


def test_accepting_a_pair_opens_a_proposed_placement_with_the_matchers_snapshot(view, db):
    m = view.matcher
    pair = next(
        (p.household_id, p.flat_id)
        for p in m.propose().placements
        if (p.household_id, p.flat_id) not in view.open_placements
    )
    placement = matching.accept_pair(db, m, *pair)
    assert (placement.household_id, placement.flat_id, placement.state) == (*pair, "proposed")
    snapshot = json.loads(placement.score_snapshot_json)
    assert snapshot["score"] == pytest.approx(m.evaluate(*pair).score, abs=1e-6)
    assert set(snapshot["criteria"]) == {c.criterion for c in m.evaluate(*pair).breakdown}
    assert matching.open_placements(db)[pair] == (placement.id, "proposed")
