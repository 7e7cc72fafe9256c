"""Prüfblatt Angemessenheit: the placement's costs against the household's cap, for the file only."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.documents.cap_check_pdf import load_cap_check, render_cap_check, verdict
from matcher.core.enums import DocumentKind
from matcher.core.errors import ValidationFailed
from matcher.core.formatting import day
from matcher.core.formatting import euros as _euros
from matcher.core.rent_cap import rent_cap, rules_on

from .conftest import TODAY, flat_text, members, update

KIND = DocumentKind.CAP_CHECK_SHEET


def euros(cents: int) -> str:
    """Money as the extracted text shows it (NFKC turns the non-breaking space into a space)."""
    return _euros(cents).replace("\xa0", " ")


START = date(2027, 2, 1)


def _context(db, placement):
    """(cap in cents, the rules row, the flat's municipality key) by the district rules on the start day."""
    size = len(members(db, placement.household_id))
    with db.read_session() as session:
        flat = session.get(M.Flat, placement.flat_id)
        municipality = session.get(M.Municipality, flat.ags)
        cap = rent_cap(session, flat.ags, size, START)
        rules = rules_on(session, municipality.kreis_key, START)
    assert cap is not None and rules is not None
    return cap.amount_cents, rules


def _sheet(db, placement) -> str:
    with db.read_session() as session:
        check = load_cap_check(session, KIND, placement.id, today=TODAY)
    return flat_text(render_cap_check(check))


def _set_costs(db, placement, *, gross_cold: int, heating: int, area: float = 60.0) -> None:
    update(db, M.Placement, placement.id, lease_start=START)
    update(
        db,
        M.Flat,
        placement.flat_id,
        net_rent_cents=gross_cold - 15_000,
        operating_costs_cents=15_000,
        heating_costs_cents=heating,
        surcharges_cents=2_000,
        deposit_cents=0,
        living_area_m2=area,
    )


def test_sheet_within_the_cap_names_the_rules_the_margin_and_is_marked_internal(demo_db, placement):
    cap, rules = _context(demo_db, placement)
    update(demo_db, M.DistrictRules, rules.id, heating_limit_cents_per_m2=None)
    _set_costs(demo_db, placement, gross_cold=cap - 2_322, heating=7_000)
    text = _sheet(demo_db, placement)
    with demo_db.read_session() as session:
        case_number = session.get(M.Household, placement.household_id).case_number
    for item in [
        "Prüfblatt Angemessenheit",
        "Nur für die Akte – nicht zur Weitergabe",
        f"Aktenzeichen {case_number}",
        f"= Bruttokaltmiete {euros(cap - 2_322)}",
        f"{euros(cap)} angemessen (23,22 € unter der Grenze)",
        "Heizkosten und Warmwasser 70,00 €",
        "keine hinterlegt nicht geprüft",
        "Ergebnis: Bruttokaltmiete angemessen; Heizkosten nicht geprüft",
        f"Fassung gültig ab {day(rules.valid_from)}",
        f"Stichtag {day(START)}",
        "Zuschläge (nicht Teil der Prüfung) 20,00 €",
        f"Geprüft am {day(TODAY)}",
        "Unterschrift Sachbearbeitung",
    ]:
        assert item in text
    assert "IBAN" not in text


def test_sheet_over_the_cap_and_over_the_heating_limit_says_by_how_much(demo_db, placement):
    cap, rules = _context(demo_db, placement)
    update(demo_db, M.DistrictRules, rules.id, heating_limit_cents_per_m2=150)  # 1,50 € je m² × 60 m² = 90,00 €
    _set_costs(demo_db, placement, gross_cold=cap + 1_234, heating=9_500)
    text = _sheet(demo_db, placement)
    # pdftotext reads the table column by column when a cell wraps, row by row otherwise: check each cell run
    assert f"= Bruttokaltmiete {euros(cap + 1_234)}" in text and "Heizkosten und Warmwasser 95,00 €" in text
    assert f"{euros(cap)} nicht angemessen (12,34 € über der Grenze)" in text
    assert "90,00 € nicht angemessen (5,00 € über der Grenze)" in text
    assert "Ergebnis: nicht angemessen (Bruttokaltmiete und Heizkosten über der Grenze)." in text
    assert "Heizkostengrenze 1,50 € je m2 Wohnfläche; bei Überschreitung: nur warnen" in text


def test_exactly_on_the_limits_is_appropriate(demo_db, placement):
    cap, rules = _context(demo_db, placement)
    update(demo_db, M.DistrictRules, rules.id, heating_limit_cents_per_m2=150)
    _set_costs(demo_db, placement, gross_cold=cap, heating=9_000)
    text = _sheet(demo_db, placement)
    assert "Ergebnis: angemessen." in text
    assert text.count("angemessen (genau auf der Grenze)") == 2


def test_verdict_states_the_difference_in_euros():
    assert verdict(40_000, 41_822) == (True, f"angemessen ({_euros(1_822)} unter der Grenze)")
    assert verdict(41_823, 41_822) == (False, f"nicht angemessen ({_euros(1)} über der Grenze)")
    assert verdict(41_822, 41_822) == (True, "angemessen (genau auf der Grenze)")


def test_without_district_rules_on_the_day_the_sheet_is_refused_in_german(demo_db, placement):
    update(demo_db, M.Placement, placement.id, lease_start=date(1999, 1, 1))
    with pytest.raises(ValidationFailed, match=r"keine Angemessenheitsgrenze .* hinterlegt"):
        archive.produce(demo_db, KIND, placement.id)
    assert archive.documents_for_placement(demo_db, placement.id) == []


def test_sheet_is_archived_with_its_cap_snapshot(demo_db, placement):
    cap, _rules = _context(demo_db, placement)
    update(demo_db, M.Placement, placement.id, lease_start=START)
    document = archive.produce(demo_db, KIND, placement.id)
    stored = archive.get_document(demo_db, document.id)
    assert stored.kind == KIND and stored.template_version.startswith("pruefblatt-")
    snapshot = json.loads(stored.terms_json)
    assert snapshot["cap_cents"] == cap and snapshot["terms"]["placement_id"] == placement.id
    assert "Nur für die Akte" in flat_text(stored.pdf)


def test_every_demo_placement_with_a_start_gets_a_sheet(demo_db):
    with demo_db.read_session() as session:
        ids = [p.id for p in session.exec(select(M.Placement).order_by(M.Placement.id)).all()]  # type: ignore[arg-type]
    printed = 0
    for placement_id in ids:
        with demo_db.read_session() as session:
            check = load_cap_check(session, KIND, placement_id, today=TODAY)
        assert "Prüfblatt Angemessenheit" in flat_text(render_cap_check(check))
        printed += 1
    assert printed == len(ids) > 0
