"""The first screen of a long list (`first_flat_rows`, `first_household_rows`): the rows the full list
would show first in the chosen order, read without reading all rows. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.enums import FlatStatus, HouseholdStatus, PayingAuthority, ResidenceStatus, Urgency
from matcher.core.services import queries

TODAY = date(2026, 11, 24)
ENUMS = {"status": None, "urgency": Urgency}  # status: the list's own enum
EXACT_HOUSEHOLD_KEYS = ("case_number", "size", "children", "status", "urgency", "registered_on", None)
EXACT_FLAT_KEYS = ("living_area_m2", "rooms", "net_rent_cents", "gross_cold_rent_cents", "status", "available_from")


@pytest.fixture
def demo(any_db: Database) -> Database:
    create_demo(any_db, households=60, seed=3, today=TODAY)
    return any_db


def expected(rows: list[Any], key: str | None, descending: bool, status_enum: type, limit: int) -> list[int]:
    """The full list's order as the window sorts it: empty values last in both directions, equal values
    in the order of entry, statuses in workflow order, text in lower case."""
    if key is None:
        return [row.id for row in rows][:limit]

    def value(row: Any) -> Any:
        raw = getattr(row, key)
        if key in ENUMS:
            members = [member.value for member in ENUMS[key] or status_enum]
            return members.index(raw)
        return raw.lower() if isinstance(raw, str) else raw

    present = [row for row in rows if getattr(row, key) not in (None, "")]
    empty = [row for row in rows if getattr(row, key) in (None, "")]
    present.sort(key=lambda row: row.id)
    present.sort(key=value, reverse=descending)  # stable: ties stay in the order of entry
    return [row.id for row in present + empty][:limit]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", EXACT_HOUSEHOLD_KEYS)
def test_first_households_are_the_full_lists_first(demo, key, descending):
    everything = queries.household_rows(demo)
    first = queries.first_household_rows(demo, key, descending, limit=25)
    assert first.total == len(everything) > 25
    assert [row.id for row in first.rows] == expected(everything, key, descending, HouseholdStatus, 25)
    by_id = {row.id: row for row in everything}
    assert all(row == by_id[row.id] for row in first.rows)  # whole rows, members counted as in the list


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", EXACT_FLAT_KEYS)
def test_first_flats_are_the_full_lists_first(demo, key, descending):
    everything = queries.flat_rows(demo)
    first = queries.first_flat_rows(demo, key, descending, limit=20)
    assert first.total == len(everything) > 20
    assert [row.id for row in first.rows] == expected(everything, key, descending, FlatStatus, 20)
    by_id = {row.id: row for row in everything}
    assert all(row == by_id[row.id] for row in first.rows)


def test_text_sorts_in_lower_case_with_empty_names_last(any_db):
    """Applicant names by lower case ("adler" between "Abel" and "Becker"), a household without
    applicant last also when sorting descending; house numbers by their number ("6" before "23")."""
    with any_db.session() as session:
        for n, family in enumerate(("Becker", "adler", "Zander", None, "Abel"), start=1):
            household = M.Household(
                case_number=f"50.3-{n:05d}/2026",
                registered_on=TODAY,
                residence_status=ResidenceStatus.PERMIT_25_2,
                paying_authority=PayingAuthority.JOBCENTER,
            )
            session.add(household)
            session.flush()
            if family is not None:
                session.add(
                    M.Member(household_id=household.id, relationship="applicant", family_name=family, given_name="A")
                )
    names = [row.applicant for row in queries.first_household_rows(any_db, "applicant", False).rows]
    assert names == ["Abel, A", "adler, A", "Becker, A", "Zander, A", ""]
    names = [row.applicant for row in queries.first_household_rows(any_db, "applicant", True).rows]
    assert names == ["Zander, A", "Becker, A", "adler, A", "Abel, A", ""]
    assert [row.applicant for row in queries.first_household_rows(any_db, "applicant", False, limit=2).rows] == [
        "Abel, A",
        "adler, A",
    ]


def test_house_numbers_sort_by_their_number(demo):
    with demo.session() as session:
        flat = session.get(M.Flat, 1)
        assert flat is not None
        skip = {"id", "street", "house_number", "version", "created_at", "updated_at"}
        same = {name: getattr(flat, name) for name in M.Flat.model_fields if name not in skip}
        for number in ("23", "6a", "6", "110"):
            session.add(M.Flat(**same, street="Aaaweg", house_number=number))
    addresses = [row.address for row in queries.first_flat_rows(demo, "address", False, limit=4).rows]
    assert addresses == ["Aaaweg 6", "Aaaweg 6a", "Aaaweg 23", "Aaaweg 110"]


def test_an_empty_list_has_no_first_rows(any_db):
    first = queries.first_household_rows(any_db, "applicant", False)
    assert (first.rows, first.total) == ([], 0)
    assert queries.first_flat_rows(any_db, None).total == 0
