"""Reference data: complete, loaded once, found however people write a municipality."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from matcher.core import models as M
from matcher.core import reference
from matcher.core.db import open_database


def test_every_district_and_municipality_is_loaded(db):
    with db.read_session() as session:
        counts = reference.count_rows(session, [M.District, M.Municipality, M.RentLevel, M.WohngeldMaxRent])
        rules_without_default_mark = session.exec(
            select(func.count()).select_from(M.DistrictRules).where(M.DistrictRules.cap_is_default.is_(False))
        ).one()
    assert counts == {"district": 45, "municipality": 939, "rent_level": 939, "wohngeld_max_rent": 42}
    assert rules_without_default_mark == 0


def test_loading_twice_changes_nothing(db):
    assert reference.ensure_reference_data(db) is False


def test_reopening_keeps_office_edits_of_district_rules(db, tmp_path):
    with db.session() as session:
        rules = session.exec(select(M.DistrictRules).where(M.DistrictRules.kreis_key == "03454")).one()
        rules.cap_is_default = False
    db.dispose()
    reopened = open_database(path=db.path)
    with reopened.read_session() as session:
        rules = session.exec(select(M.DistrictRules).where(M.DistrictRules.kreis_key == "03454")).one()
    assert rules.cap_is_default is False


@pytest.mark.parametrize(
    ("written", "ags"),
    [
        ("Papenburg", "03454041"),
        ("Papenburg, Stadt", "03454041"),
        ("Haren (Ems)", "03454018"),
        ("haren ems", "03454018"),
        ("HAREN", "03454018"),
        ("49716", "03454035"),
        ("sogel", "03454047"),
        ("03454047", "03454047"),
        ("Hannover, Landeshauptstadt", "03241001"),
    ],
)
def test_municipality_is_found_by_any_form(db, written, ags):
    with db.read_session() as session:
        found = reference.resolve_municipality(session, written)
    assert found is not None and found.ags == ags


def test_unknown_or_ambiguous_gives_none(db):
    with db.read_session() as session:
        assert reference.resolve_municipality(session, "Atlantis") is None
        assert len(reference.find_municipalities(session, "Bad")) > 1
        assert reference.resolve_municipality(session, "Bad") is None


def test_rent_levels_follow_the_wogv_list(db):
    with db.read_session() as session:
        assert reference.rent_level_on(session, "03241001", date(2026, 1, 1)) == 5  # Hannover: V, not IV
        assert reference.rent_level_on(session, "03454047", date(2026, 1, 1)) == 1  # Sögel
        assert reference.rent_level_on(session, "03454047", date(2022, 12, 31)) is None  # before the list
