"""The matcher on the command line: `propose`, `explain`, `rank` and `cap`, run as office IT runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_rules import GERMAN
from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("db") / "amt.sqlite"
    assert run(home, "init", "--db", str(path)).code == 0
    filled = run(home, "demo", "--db", str(path), "--households", "50")
    assert filled.code == 0, filled.err
    return home, path


@pytest.fixture(scope="module")
def proposal(demo_db: tuple[Path, Path]) -> dict:
    home, path = demo_db
    done = run(home, "propose", "--db", str(path), "--json")
    assert done.code == 0, done.err
    return done.json()  # type: ignore[return-value]


def test_propose_places_each_household_and_flat_at_most_once(proposal):
    placements = proposal["placements"]
    assert placements and proposal["mode"] == "optimal"
    assert len({p["household_id"] for p in placements}) == len(placements)
    assert len({p["flat_id"] for p in placements}) == len(placements)
    assert proposal["total"] == pytest.approx(sum(p["score"] for p in placements))


def test_explain_a_proposed_pair_in_german(demo_db, proposal):
    home, path = demo_db
    first = proposal["placements"][0]
    args = ("--flat", str(first["flat_id"]), "--household", str(first["household_id"]), "--db", str(path))
    text = run(home, "explain", *args)
    assert text.code == 0, text.err
    assert ": geeignet" in text.out and "Passende Wohnungsgröße" in text.out and "Bewertung" in text.out
    data = run(home, "explain", *args, "--json").json()
    assert data["feasible"] is True and len(data["breakdown"]) == 6  # type: ignore[index]


def test_rank_a_flat_with_reasons_for_the_unsuitable(demo_db, proposal):
    home, path = demo_db
    flat_id = str(proposal["placements"][0]["flat_id"])
    ranked = run(home, "rank", "--flat", flat_id, "--why-not", "--limit", "1000", "--db", str(path), "--json")
    assert ranked.code == 0, ranked.err
    rows = ranked.json()
    assert any(r["feasible"] for r in rows)  # type: ignore[index]
    for row in rows:  # type: ignore[union-attr]
        assert row["feasible"] or (all(GERMAN.search(f["reason"]) for f in row["failed"]) and row["failed"])
    text = run(home, "rank", "--household", str(proposal["placements"][0]["household_id"]), "--db", str(path))
    assert text.code == 0 and "Wohnungen für Haushalt" in text.out and "geeignet" in text.out


def test_cap_by_formula_and_by_municipality(demo_db):
    home, path = demo_db
    formula = run(home, "cap", "--persons", "1", "--stufe", "I", "--formula", "V3", "--db", str(path))
    assert formula.code == 0, formula.err
    assert "418,22" in formula.out and "Klimakomponente 19,20" in formula.out
    v1 = run(home, "cap", "--persons", "1", "--stufe", "1", "--formula", "V1", "--db", str(path), "--json")
    assert v1.json()["amount_cents"] == 39_710  # type: ignore[index]
    by_place = run(home, "cap", "--persons", "2", "--ags", "03454032", "--db", str(path))
    assert by_place.code == 0, by_place.err
    assert "Angemessenheitsgrenze" in by_place.out and "Voreinstellung" in by_place.out


def test_unknown_flat_and_missing_formula_are_german_errors(demo_db):
    home, path = demo_db
    missing = run(home, "rank", "--flat", "999999", "--db", str(path))
    assert missing.code == 2 and "Wohnung 999999" in missing.err and "Traceback" not in missing.err
    no_formula = run(home, "cap", "--persons", "1", "--stufe", "I", "--db", str(path))
    assert no_formula.code == 2 and "--formula" in no_formula.err
