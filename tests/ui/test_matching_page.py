"""The matching area on a real demo district: rankings as the core ranks, reasons in German, the district
proposal computed in the background, and a caseworker's accept, pin and reject."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from matcher.core import demo
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.services.matching import load_matcher, set_proposal_mode
from matcher.ui.context import AppContext, Entity
from matcher.ui.matching_models import BreakdownModel, ProposalRow
from matcher.ui.matching_page import MatchingPage
from matcher.ui.score_delegate import SCORE_ROLE

WAIT_MS = 30_000


@pytest.fixture
def demo_db(db: Database) -> Database:
    demo.create_demo(db, households=60, seed=2)  # real today: the matcher judges availability by it
    return db


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """Messages the page would show in a (blocking) dialog."""
    shown: list[str] = []
    monkeypatch.setattr("matcher.ui.matching_page.show_error", lambda parent, title, exc: shown.append(str(exc)))
    return shown


@pytest.fixture
def page(qtbot, demo_db, language, errors) -> MatchingPage:
    page = MatchingPage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.activate()
    qtbot.waitUntil(lambda: page.view is not None, timeout=WAIT_MS)
    return page


def wait_for_proposal(qtbot, page: MatchingPage, before: object = None) -> None:
    qtbot.waitUntil(
        lambda: page.proposal_pane.proposal is not None and page.proposal_pane.proposal is not before,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: not page.task.running, timeout=WAIT_MS)


def first_free_flat(page: MatchingPage) -> int:
    matcher = page.view.matcher
    return next(f.id for f in page.view.flats if f.available and any(r.feasible for r in matcher.rank_households(f.id)))


def proposal_pairs(page: MatchingPage) -> list[tuple[int, int]]:
    return [row.pair for row in page.proposal_pane.model.rows()]


def select_pair(qtbot, page: MatchingPage, pair: tuple[int, int]) -> ProposalRow:
    assert page.proposal_pane.select_pair(pair)
    (row,) = page.proposal_pane.selected()
    return row


def test_households_are_ranked_for_a_flat_as_the_core_ranks_them(page, demo_db):
    flat_id = first_free_flat(page)
    page.show_flat(flat_id)
    core = load_matcher(demo_db).rank_households(flat_id)
    shown = page.flat_pane.ranked.visible_rows()
    assert [r.household.id for r in shown] == [r.household_id for r in core if r.feasible]
    assert [round(r.score, 9) for r in shown] == [round(r.score, 9) for r in core if r.feasible]
    score_column = next(n for n, c in enumerate(page.flat_pane.ranked.COLUMNS) if c.score)
    bar = page.flat_pane.ranked.index(0, score_column)
    assert bar.data(SCORE_ROLE) == pytest.approx(core[0].score)
    assert bar.data() == f"{core[0].score * 100:.1f}".replace(".", ",")
    assert page.flat_pane.heading.text().endswith(f"{sum(r.feasible for r in core)} geeignet")


def test_flats_are_ranked_for_a_household_as_the_core_ranks_them(page, demo_db):
    household_id = page.view.households[0].id
    page.show_household(household_id)
    assert page.tabs.currentWidget() is page.household_pane
    core = load_matcher(demo_db).rank_flats(household_id)
    assert [r.flat.id for r in page.household_pane.ranked.visible_rows()] == [r.flat_id for r in core if r.feasible]


def test_the_breakdown_of_the_selected_pair_speaks_german(page, demo_db, qtbot):
    flat_id = first_free_flat(page)
    page.show_flat(flat_id)
    pane = page.flat_pane
    pane.ranked_table.selectRow(0)
    row = pane.selected_candidate()
    evaluation = load_matcher(demo_db).evaluate(row.household.id, flat_id)
    assert pane.detail.verdict.text().startswith("Geeignet: ")
    assert pane.detail.explanations() == [c.explanation for c in evaluation.breakdown]
    assert any("angemessenen" in text for text in pane.detail.explanations())  # the core's German words
    model = pane.detail.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Kriterium"
    assert model.index(0, 0).data() == "Passende Wohnungsgröße"
    strongest = sorted(evaluation.breakdown, key=lambda c: -c.contribution)[0]
    reasons_column = len(pane.ranked.COLUMNS) - 1
    assert pane.ranked.index(0, reasons_column).data().startswith(strongest.label)


def test_unsuitable_households_appear_with_their_reasons_when_asked(page, demo_db, qtbot):
    matcher = load_matcher(demo_db)
    flat_id = next(
        f.id for f in page.view.flats if f.available and not all(r.feasible for r in matcher.rank_households(f.id))
    )
    page.show_flat(flat_id)
    pane = page.flat_pane
    core = matcher.rank_households(flat_id, why_not=True)
    unsuitable = [r for r in core if not r.feasible]
    assert all(r.feasible for r in pane.ranked.visible_rows())
    assert pane.show_unsuitable.text().replace("&", "") == f"Auch ungeeignete zeigen ({len(unsuitable)})"

    qtbot.mouseClick(pane.show_unsuitable, Qt.MouseButton.LeftButton)

    shown = pane.ranked.visible_rows()
    assert [r.household.id for r in shown] == [r.household_id for r in core]
    n = next(i for i, r in enumerate(shown) if not r.feasible)
    expected = next(r for r in core if r.household_id == shown[n].household.id)
    verdict = next(i for i, c in enumerate(pane.ranked.COLUMNS) if c.title == "Verdict")
    assert pane.ranked.index(n, verdict).data() == "ungeeignet"
    assert pane.ranked.index(n, len(pane.ranked.COLUMNS) - 1).data() == "; ".join(f.title for f in expected.failed)
    pane.ranked_table.selectRow(n)
    assert pane.detail.verdict.text().startswith("Ungeeignet: ")
    assert expected.failed[0].reason in pane.detail.reason_text()
    assert not pane.accept_button.isEnabled()  # no offer for a pair the rules exclude


def test_a_pair_already_in_a_placement_says_so_and_offers_no_second_one(page, demo_db):
    (household_id, flat_id), (number, _) = next(
        (pair, placed)
        for pair, placed in page.view.open_placements.items()
        if page.view.flat(pair[1]) is not None and page.view.flat(pair[1]).available
    )
    page.show_flat(flat_id)
    pane = page.flat_pane
    pane.show_unsuitable.setChecked(True)
    n = pane.ranked.row_number_of(lambda row: row.household.id == household_id)
    pane.ranked_table.selectRow(n)
    verdict = next(i for i, c in enumerate(pane.ranked.COLUMNS) if c.title == "Verdict")
    assert pane.ranked.index(n, verdict).data().startswith(f"Vorgang Nr. {number} (")
    assert not pane.accept_button.isEnabled()


def test_accepting_from_a_ranking_opens_a_proposed_placement(page, demo_db, qtbot, errors):
    flat_id = first_free_flat(page)
    page.show_flat(flat_id)
    pane = page.flat_pane
    n = pane.ranked.row_number_of(lambda row: row.pair not in pane.ranked.placed)
    pane.ranked_table.selectRow(n)
    household_id = pane.selected_candidate().household.id
    with qtbot.waitSignal(page.context.data_changed) as changed:
        qtbot.mouseClick(pane.accept_button, Qt.MouseButton.LeftButton)
    assert changed.args == [Entity.PLACEMENT.value]
    assert errors == []
    with demo_db.read_session() as session:
        placement = session.get(M.Placement, page.last_placement_id)
        assert (placement.household_id, placement.flat_id, placement.state) == (household_id, flat_id, "proposed")
        assert '"score"' in placement.score_snapshot_json
    verdict = next(i for i, c in enumerate(pane.ranked.COLUMNS) if c.title == "Verdict")
    assert pane.ranked.index(n, verdict).data() == f"Vorgang Nr. {page.last_placement_id} (vorgeschlagen)"
    assert not pane.accept_button.isEnabled()
    with qtbot.waitSignal(page.context.record_requested) as requested:
        qtbot.mouseClick(page.message.action, Qt.MouseButton.LeftButton)
    assert requested.args == [Entity.PLACEMENT.value, page.last_placement_id]


@pytest.mark.slow
def test_district_proposal_runs_in_the_background_and_accepting_creates_a_placement(page, demo_db, qtbot, errors):
    set_proposal_mode(demo_db, "priority")
    page.context.notify_changed(Entity.SETTINGS)
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT_MS)
    page.tabs.setCurrentWidget(page.proposal_pane)
    pane = page.proposal_pane
    assert pane.current_mode() == "priority"  # the office's setting is chosen
    qtbot.mouseClick(pane.compute_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page)
    core = load_matcher(demo_db).propose("priority")
    assert proposal_pairs(page) == [(p.household_id, p.flat_id) for p in core.placements]
    assert pane.summary.text().startswith(f"{len(core.placements)} Zuordnungen")

    pair = next(row.pair for row in pane.model.rows() if row.placement is None)
    select_pair(qtbot, page, pair)
    qtbot.mouseClick(pane.accept_button, Qt.MouseButton.LeftButton)
    assert errors == []

    with demo_db.read_session() as session:
        found = session.exec(
            select(M.Placement).where(M.Placement.household_id == pair[0], M.Placement.flat_id == pair[1])
        ).all()
    assert [p.state for p in found] == ["proposed"]
    assert next(row for row in pane.model.rows() if row.pair == pair).placement == (found[0].id, "proposed")
    assert not pane.accept_button.isEnabled() and not pane.reject_button.isEnabled()

    before = pane.proposal  # computing again keeps the accepted pair, marked with its placement
    qtbot.mouseClick(pane.compute_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page, before=before)
    again = next(row for row in pane.model.rows() if row.pair == pair)
    assert again.placement == (found[0].id, "proposed") and again.pinned and again.loss is None


@pytest.mark.slow
def test_a_pinned_pair_stays_in_the_next_run_and_shows_its_cost(page, demo_db, qtbot):
    page.tabs.setCurrentWidget(page.proposal_pane)
    pane = page.proposal_pane
    pane.mode.setCurrentIndex(pane.mode.findData("optimal"))
    qtbot.mouseClick(pane.compute_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page)
    first = pane.proposal
    household_id = proposal_pairs(page)[0][0]
    select_pair(qtbot, page, proposal_pairs(page)[0])
    assert pane.alternative.count() > 0  # other suitable flats for this household
    other_flat = pane.alternative.itemData(0)
    pinned = (household_id, other_flat)

    qtbot.mouseClick(pane.pin_alternative_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page, before=first)

    rows = {row.pair: row for row in pane.model.rows()}
    assert pinned in rows and rows[pinned].pinned
    expected = load_matcher(demo_db).propose("optimal", [pinned])
    assert rows[pinned].loss == pytest.approx(expected.pin_losses[pinned])
    assert sorted(rows) == sorted((p.household_id, p.flat_id) for p in expected.placements)
    assert "festgelegt" in pane.summary.text()

    second = pane.proposal  # computing again keeps the pin
    qtbot.mouseClick(pane.compute_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page, before=second)
    assert pinned in proposal_pairs(page)


@pytest.mark.slow
def test_rejecting_removes_the_pair_now_and_from_the_next_run(page, demo_db, qtbot):
    page.tabs.setCurrentWidget(page.proposal_pane)
    pane = page.proposal_pane
    qtbot.mouseClick(pane.compute_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page)
    first = pane.proposal
    pair = proposal_pairs(page)[1]
    select_pair(qtbot, page, pair)
    qtbot.mouseClick(pane.reject_button, Qt.MouseButton.LeftButton)
    assert pair not in proposal_pairs(page)
    assert "1 abgelehnt" in pane.summary.text()

    qtbot.mouseClick(pane.compute_button, Qt.MouseButton.LeftButton)
    wait_for_proposal(qtbot, page, before=first)
    assert pair not in proposal_pairs(page)
    with demo_db.read_session() as session:  # a rejection in the proposal stores nothing
        assert session.get(M.PairExclusion, pair) is None


def test_the_keyboard_finds_a_flat_and_ranks_it(page, qtbot):
    page.focus_search()
    pane = page.flat_pane
    assert page.focusWidget() is pane.search
    flat = next(f for f in page.view.flats if f.available)
    qtbot.keyClicks(pane.search, flat.address)
    assert flat.id in [row.id for row in pane.choices.visible_rows()]
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    assert page.focusWidget() is pane.choice_table
    number = pane.choices.row_number_of(lambda row: row.id == flat.id)
    pane.choice_table.selectRow(number)
    assert pane.current_id == flat.id


def test_models_pass_the_model_tester(page, qtmodeltester):
    page.show_flat(first_free_flat(page))
    page.flat_pane.show_unsuitable.setChecked(True)
    page.flat_pane.ranked_table.selectRow(0)
    for model in (page.flat_pane.choices, page.flat_pane.ranked, page.flat_pane.detail.model):
        qtmodeltester.check(model)
    assert isinstance(page.flat_pane.detail.model, BreakdownModel)
