"""Property tests (hypothesis): the validators accept exactly what they should, and names in any script
survive the database, the window's table model and the printed PDF unchanged (NFC)."""

from __future__ import annotations

import itertools
import math
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from matcher.core import models as M
from matcher.core.documents.fonts import uncovered_characters
from matcher.core.errors import ValidationFailed
from matcher.core.services import households
from matcher.core.services.validation import validate
from matcher.core.text import BIDI_CONTROLS, TextRejected, clean_text, is_noncharacter
from tests.core.documents.conftest import flat_text

BASE = settings(database=None, deadline=None)  # no example database in the work tree
FIXTURE_OK = settings(BASE, suppress_health_check=[HealthCheck.function_scoped_fixture])
_numbers = itertools.count(1)

# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------


@BASE
@given(st.text(), st.booleans())
@example("Ami\u202ena", False)
@example("\ufeffZoë\u2028", True)
def test_clean_text_returns_clean_nfc_or_refuses(value, multiline):
    try:
        cleaned = clean_text(value, multiline=multiline)
    except TextRejected as exc:
        assert str(exc).startswith(("enthält", "ist zu"))
        return
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == cleaned.strip()
    allowed = "\n\t" if multiline else ""
    for char in cleaned:
        assert char not in BIDI_CONTROLS and not is_noncharacter(char)
        assert unicodedata.category(char) not in ("Cs",)
        assert unicodedata.category(char) != "Cc" or char in allowed
    assert clean_text(cleaned, multiline=multiline) == cleaned  # idempotent


# --------------------------------------------------------------------------------------------------
# Numbers and dates in the models
# --------------------------------------------------------------------------------------------------

FLAT = {
    "landlord_id": 1,
    "street": "Hauptstraße",
    "house_number": "1",
    "postcode": "49751",
    "ags": "03454047",
    "living_area_m2": 54.5,
    "rooms": 2,
    "bedrooms": 1,
    "net_rent_cents": 42_000,
}


def _accepted(model, data) -> bool:
    try:
        validate(model, data)
    except ValidationFailed:
        return False
    return True


@BASE
@given(st.integers(min_value=-(10**12), max_value=10**12))
@example(0)
@example(M.MAX_MONEY_CENTS)
@example(M.MAX_MONEY_CENTS + 1)
@example(-1)
def test_amounts_are_accepted_exactly_between_zero_and_the_maximum(cents):
    assert _accepted(M.FlatBase, {**FLAT, "net_rent_cents": cents}) == (0 <= cents <= M.MAX_MONEY_CENTS)


@BASE
@given(st.floats(allow_nan=True, allow_infinity=True))
@example(0.0)
@example(1000.0)
@example(1000.0000001)
@example(-0.0)
def test_areas_are_accepted_exactly_when_finite_positive_and_plausible(area):
    expected = math.isfinite(area) and 0 < area <= 1000
    assert _accepted(M.FlatBase, {**FLAT, "living_area_m2": area}) == expected


MEMBER = {"given_name": "A", "family_name": "B", "relationship": "child"}


@BASE
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_german_dates_mean_the_same_day(day):
    validated = validate(M.MemberBase, {**MEMBER, "birth_date": f"{day.day:02d}.{day.month:02d}.{day.year}"})
    assert validated.birth_date == day


@st.composite
def impossible_days(draw: st.DrawFn) -> tuple[int, int, int]:
    """(day, month, year) of a date that does not exist: 30 February, 31 April, 32 January, month 13."""
    year = draw(st.integers(1900, 2100))
    kind = draw(st.sampled_from(["short month", "day too big", "month too big"]))
    if kind == "month too big":
        return draw(st.integers(1, 28)), draw(st.integers(13, 99)), year
    if kind == "day too big":
        return draw(st.integers(32, 99)), draw(st.integers(1, 12)), year
    month = draw(st.sampled_from([2, 4, 6, 9, 11]))
    last = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days
    return draw(st.integers(last + 1, 31)), month, year


@BASE
@given(impossible_days())
@example((29, 2, 2100))
@example((31, 4, 2026))
def test_days_the_calendar_lacks_are_named(parts):
    day, month, year = parts
    with pytest.raises(ValueError):
        date(year, month, day)
    with pytest.raises(ValidationFailed) as caught:
        validate(M.MemberBase, {**MEMBER, "birth_date": f"{day:02d}.{month:02d}.{year}"})
    (message,) = caught.value.for_field("birth_date")
    assert "gibt es im Kalender nicht" in message


# --------------------------------------------------------------------------------------------------
# Names in any script
# --------------------------------------------------------------------------------------------------

_letters = st.characters(categories=("Lu", "Ll", "Lt", "Lo"))
_marks = st.characters(categories=("Mn",))
_word = st.builds(lambda first, rest: first + rest, _letters, st.text(st.one_of(_letters, _marks), max_size=14))
names = st.lists(_word, min_size=1, max_size=3).map(" ".join).filter(lambda n: len(n) <= 120)


def _household(db, given_name: str, family_name: str) -> int:
    created = households.create_household(
        db,
        {"case_number": f"PROP-{next(_numbers)}", "residence_status": "gestattung", "paying_authority": "sozialamt"},
        [{"given_name": given_name, "family_name": family_name, "relationship": "applicant", "birth_year": 1980}],
    )
    assert created.household.id is not None
    return created.household.id


@settings(FIXTURE_OK, max_examples=30)
@given(given_name=names, family_name=names)
@example(given_name="Mu\u0308ller", family_name="محمد")
def test_names_round_trip_through_the_database(any_db, given_name, family_name):
    household_id = _household(any_db, given_name, family_name)
    stored = households.get_household_detail(any_db, household_id).members[0]
    assert stored.given_name == unicodedata.normalize("NFC", given_name).strip()
    assert stored.family_name == unicodedata.normalize("NFC", family_name).strip()


@settings(FIXTURE_OK, max_examples=25)
@given(given_name=names, family_name=names)
def test_names_round_trip_through_the_household_table_model(db, qapp, given_name, family_name):
    from matcher.core.services import queries
    from matcher.ui.table_models import HouseholdTableModel

    household_id = _household(db, given_name, family_name)
    model = HouseholdTableModel()
    model.set_rows(queries.household_rows(db))
    row = model.row_number_of(lambda r: r.id == household_id)
    shown = model.data(model.index(row, model.column_index("applicant")))
    expected = f"{unicodedata.normalize('NFC', family_name)}, {unicodedata.normalize('NFC', given_name)}"
    assert shown == expected


# Left-to-right scripts the bundled fonts print: Latin (with accents), Greek, Cyrillic, Ethiopic. Arabic is
# extracted in visual order and tested with fixed names in the document tests.
_printable_letters = st.sampled_from(
    [chr(c) for c in (*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x17F)) if chr(c).isalpha()]
    + [chr(c) for c in range(0x391, 0x3CA) if chr(c).isalpha()]
    + [chr(c) for c in range(0x410, 0x450)]
    + [chr(c) for c in range(0x1200, 0x1248) if chr(c).isalpha()]
)
printable_names = st.text(_printable_letters, min_size=2, max_size=16)


@settings(FIXTURE_OK, max_examples=12)
@given(given_name=printable_names, family_name=printable_names)
def test_names_round_trip_through_the_subject_access_pdf(db, given_name, family_name):
    from matcher.core.subject_access import collect, render_pdf

    assume(not uncovered_characters(given_name + family_name))
    household_id = _household(db, given_name, family_name)
    text = flat_text(render_pdf(collect(db, household_id)))
    expected = unicodedata.normalize("NFKC", f"{given_name} {family_name}")
    assert expected in text
