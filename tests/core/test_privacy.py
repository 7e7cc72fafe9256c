"""Erasure (Art. 17 GDPR) and retention: the personal data is gone from the file itself, the audit keeps
an anonymous entry and its chain stays intact; a dry run changes nothing; anonymising keeps the counts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind, HouseholdStatus, LeaseKind, PlacementState
from matcher.core.errors import NotFound, ValidationFailed
from matcher.core.services import audit, households, placements, privacy

GIVEN, FAMILY = "Zyxwvanika", "Qwertzhaddad"
CASE = "TEST-4711/2026"
CONTACT = "Paulinchen Patenkind"
NOTE = "Notiz-Gesundheit-Xylophon"


def _scalar(db: Database, query) -> int:
    with db.read_session() as session:
        return int(session.execute(query).scalar_one())


def _count(db: Database, table, *where) -> int:
    return _scalar(db, select(func.count()).select_from(table).where(*where))


def _file_bytes(db: Database) -> bytes:
    assert db.path is not None
    wal = db.path.with_name(db.path.name + "-wal")
    return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _needles() -> list[bytes]:
    return [text.encode("utf-8") for text in (GIVEN, FAMILY, CASE, CONTACT, NOTE)]


@pytest.fixture
def demo(db: Database) -> Database:
    create_demo(db, households=30, seed=3)
    return db


def _lease_placement(db: Database) -> M.Placement:
    with db.read_session() as session:
        query = (
            select(M.Placement)
            .where(
                M.Placement.lease_kind == LeaseKind.LEASE,
                M.Placement.state.in_([PlacementState.LEASE_DRAFTED, PlacementState.SIGNED]),  # type: ignore[attr-defined]
            )
            .order_by(M.Placement.id)
        )
        placement = session.execute(query).scalars().first()
    assert placement is not None
    return placement


def _mark_household(db: Database, household_id: int) -> None:
    """Give the household names we can search the file for, through the services as a caseworker would."""
    detail = households.get_household_detail(db, household_id)
    households.update_household(db, household_id, {"case_number": CASE, "notes": NOTE})
    people = [
        {
            "given_name": GIVEN if m.position == 0 else f"{GIVEN}{m.position}",
            "family_name": FAMILY,
            "birth_date": m.birth_date,
            "birth_year": m.birth_year,
            "relationship": m.relationship,
            "sex": m.sex,
        }
        for m in detail.members
    ]
    households.replace_members(db, household_id, people)
    households.set_contacts(db, household_id, [{"role": "volunteer_sponsor", "name": CONTACT, "phone": "0171 555"}])


def _close_open_placements(db: Database, household_id: int) -> None:
    with db.read_session() as session:
        rows = session.execute(
            select(M.Placement.id, M.Placement.state).where(M.Placement.household_id == household_id)
        ).all()
    for placement_id, state in rows:
        if PlacementState(state) not in privacy.FINAL_PLACEMENT_STATES:
            placements.advance(db, placement_id, PlacementState.CANCELLED, note=f"Abbruch {NOTE}")


@pytest.fixture
def marked(demo: Database) -> tuple[Database, int, int]:
    """A household with test names, an archived lease naming them, and all placements closed."""
    placement = _lease_placement(demo)
    _mark_household(demo, placement.household_id)
    document = archive.produce(demo, DocumentKind.LEASE, placement.id)
    _close_open_placements(demo, placement.household_id)
    return demo, placement.household_id, int(document.id or 0)


def test_erasure_removes_the_names_from_the_file_and_its_wal(marked):
    db, household_id, document_id = marked
    before = _file_bytes(db)
    assert all(needle in before for needle in _needles()), "the test names must be in the file first"

    result = privacy.erase_household(db, household_id, reason="Antrag vom 01.02.2026")

    assert result.members >= 1 and result.contacts == 1 and result.documents >= 1 and result.placements >= 1
    assert result.file_cleaned
    after = _file_bytes(db)
    for needle in _needles():
        assert needle not in after, needle
    assert db.path is not None and db.path.with_name(db.path.name + "-wal").stat().st_size == 0
    assert _count(db, M.Document, M.Document.id == document_id) == 0
    assert _count(db, M.Member, M.Member.household_id == household_id) == 0
    assert _count(db, M.Placement, M.Placement.household_id == household_id) == 0


def test_erasure_keeps_the_audit_chain_and_an_anonymous_entry(marked):
    db, household_id, _ = marked
    privacy.erase_household(db, household_id)
    with db.read_session() as session:
        assert audit.verify_chain(session) is None
        entry = (
            session.execute(
                select(M.AuditEntry).where(M.AuditEntry.action == "erase").order_by(M.AuditEntry.id.desc())  # type: ignore[union-attr]
            )
            .scalars()
            .first()
        )
    assert entry is not None and entry.entity == "household" and entry.entity_id == str(household_id)
    assert "Art. 17" in entry.description
    for text in (GIVEN, FAMILY, CASE, CONTACT):
        assert text not in entry.description


def test_erasure_works_on_both_backends_and_refuses_open_placements(any_db):
    created = households.create_household(
        any_db,
        {"case_number": CASE, "residence_status": "gestattung", "paying_authority": "sozialamt"},
        [{"given_name": GIVEN, "family_name": FAMILY, "relationship": "applicant"}],
        contacts=[{"role": "volunteer_sponsor", "name": CONTACT}],
    )
    household_id = created.household.id
    assert household_id is not None
    result = privacy.erase_household(any_db, household_id)
    assert (result.members, result.contacts) == (1, 1) and result.file_cleaned
    assert _count(any_db, M.Household, M.Household.id == household_id) == 0
    assert _count(any_db, M.ContactPerson) == 0
    with pytest.raises(NotFound):
        privacy.erase_household(any_db, household_id)


@pytest.mark.parametrize(
    "reason",
    [f"Antrag von {GIVEN.lower()} {FAMILY}", f"Wunsch ({CONTACT.split()[-1]})", "Geboren 17.05.1980, Antrag"],
)
def test_erasure_refuses_a_reason_that_names_the_people(any_db, reason):
    """The reason stays in the audit trail: a name or birth date there would outlive the erasure."""
    created = households.create_household(
        any_db,
        {"case_number": CASE, "residence_status": "gestattung", "paying_authority": "sozialamt"},
        [{"given_name": GIVEN, "family_name": FAMILY, "relationship": "applicant", "birth_date": date(1980, 5, 17)}],
        contacts=[{"role": "volunteer_sponsor", "name": CONTACT}],
    )
    household_id = created.household.id
    assert household_id is not None
    with pytest.raises(ValidationFailed) as refused:
        privacy.erase_household(any_db, household_id, reason=reason)
    assert refused.value.errors[0].field == "reason" and "keine Namen" in refused.value.errors[0].message
    assert _count(any_db, M.Household, M.Household.id == household_id) == 1
    privacy.erase_household(any_db, household_id, reason="Antrag vom 12.03.2026, Ticket 4711")
    assert _count(any_db, M.Household, M.Household.id == household_id) == 0


def test_erasure_is_refused_while_a_placement_runs(demo):
    placement = _lease_placement(demo)
    members_before = _count(demo, M.Member, M.Member.household_id == placement.household_id)
    with pytest.raises(ValidationFailed) as caught:
        privacy.erase_household(demo, placement.household_id)
    assert "Vermittlung" in str(caught.value)
    assert _count(demo, M.Member, M.Member.household_id == placement.household_id) == members_before


# --------------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------------


def _closed_counts(db: Database) -> dict[str, int]:
    with db.read_session() as session:
        rows = session.execute(select(M.Household.status, func.count()).group_by(M.Household.status)).all()
    return {str(status): int(n) for status, n in rows}


def test_retention_dry_run_lists_closed_households_and_changes_nothing(demo):
    far = date.today() + timedelta(days=4000)
    with demo.read_session() as session:
        closed = (
            session.execute(
                select(M.Household.id).where(M.Household.status.in_(["housed", "withdrawn"]))  # type: ignore[attr-defined]
            )
            .scalars()
            .all()
        )
    assert closed, "the demo data has closed households"
    audit_before = _count(demo, M.AuditEntry)
    bytes_before = _file_bytes(demo)

    now_report = privacy.retention_candidates(demo)
    later_report = privacy.retention_candidates(demo, today=far)

    assert now_report.candidates == [] and not now_report.applied
    assert sorted(c.household_id for c in later_report.candidates) == sorted(closed)
    assert all(c.size >= 1 and c.status in ("housed", "withdrawn") for c in later_report.candidates)
    assert _count(demo, M.AuditEntry) == audit_before
    assert _file_bytes(demo) == bytes_before


def test_retention_apply_anonymises_and_keeps_the_counts(demo):
    far = date.today() + timedelta(days=4000)
    counts_before = _closed_counts(demo)
    members_before = _count(demo, M.Member)
    placements_before = _count(demo, M.Placement)
    # One closed household gets the test names, so we can look for them in the bytes afterwards.
    with demo.read_session() as session:
        target = (
            session.execute(
                select(M.Household.id)
                .where(M.Household.status == HouseholdStatus.HOUSED.value)
                .order_by(M.Household.id)
            )
            .scalars()
            .first()
        )
    assert target is not None
    households.update_household(demo, target, {"notes": NOTE, "phone": "0591 4711"})
    detail = households.get_household_detail(demo, target)
    people = [
        {"given_name": GIVEN, "family_name": FAMILY, "birth_date": date(1980, 5, 17), "relationship": "applicant"}
    ] + [
        {"given_name": m.given_name, "family_name": m.family_name, "birth_year": 2001, "relationship": "other"}
        for m in detail.members[1:]
    ]
    households.replace_members(demo, target, people)
    with demo.session() as session:  # a step's before/after values may hold a typed reason
        event = (
            session.execute(select(M.PlacementEvent).join(M.Placement).where(M.Placement.household_id == target))
            .scalars()
            .first()
        )
        assert event is not None
        event.changes_json = json.dumps({"placement": {"fixed_term_reason": ["", NOTE]}})
    assert GIVEN.encode() in _file_bytes(demo)

    report = privacy.apply_retention(demo, today=far)

    assert report.applied and report.file_cleaned
    assert target in {c.household_id for c in report.candidates}
    assert _closed_counts(demo) == counts_before
    assert _count(demo, M.Member) == members_before
    assert _count(demo, M.Placement) == placements_before
    anonymised = households.get_household_detail(demo, target)
    assert anonymised.household.case_number == f"ANON-{target}"
    assert anonymised.household.notes == "" and anonymised.household.phone == ""
    assert anonymised.household.registered_on.day == 1
    assert {m.given_name for m in anonymised.members} == {"Anonymisiert"}
    assert anonymised.members[0].birth_date is None and anonymised.members[0].birth_year == 1980
    assert anonymised.contacts == [] and anonymised.wishes == []
    data = _file_bytes(demo)
    for needle in (GIVEN.encode(), FAMILY.encode(), NOTE.encode()):
        assert needle not in data
    with demo.read_session() as session:
        assert audit.verify_chain(session) is None
        entries = session.execute(select(func.count()).where(M.AuditEntry.action == "anonymise")).scalar_one()
    assert entries == len(report.candidates)
    # A second run finds nothing: anonymised households are not listed again.
    assert privacy.retention_candidates(demo, today=far).candidates == []


def test_retention_respects_the_office_period(any_db):
    created = households.create_household(
        any_db,
        {"case_number": CASE, "residence_status": "gestattung", "paying_authority": "sozialamt"},
        [{"given_name": GIVEN, "family_name": FAMILY, "relationship": "applicant"}],
    )
    household_id = created.household.id
    assert household_id is not None
    households.set_household_status(any_db, household_id, HouseholdStatus.WITHDRAWN)
    days = privacy.retention_days(any_db)
    just_inside = date.today() + timedelta(days=days)
    just_past = date.today() + timedelta(days=days + 1)
    assert privacy.retention_candidates(any_db, today=just_inside).candidates == []
    listed = privacy.retention_candidates(any_db, today=just_past).candidates
    assert [c.household_id for c in listed] == [household_id]
    assert listed[0].closed_since == date.today()
    privacy.apply_retention(any_db, today=just_past)
    detail = households.get_household_detail(any_db, household_id)
    assert detail.household.status == HouseholdStatus.WITHDRAWN
    assert detail.members[0].family_name == "Anonymisiert"


def test_erasure_removes_import_snapshots_of_the_household(db):
    """An import keeps the state before an update (to undo it): that snapshot names the people too."""
    created = households.create_household(
        db,
        {"case_number": CASE, "residence_status": "gestattung", "paying_authority": "sozialamt"},
        [{"given_name": GIVEN, "family_name": FAMILY, "relationship": "applicant"}],
    )
    household_id = created.household.id
    other = households.create_household(
        db,
        {"case_number": "OTHER-1", "residence_status": "gestattung", "paying_authority": "sozialamt"},
        [{"given_name": "Erika", "family_name": "Muster", "relationship": "applicant"}],
    ).household.id
    with db.session() as session:
        batch = M.ImportBatch(kind="households", source_name="liste.xlsx", created_by="test.user")
        session.add(batch)
        session.flush()
        session.add(
            M.ImportBatchItem(
                batch_id=batch.id,
                entity="household",
                entity_id=household_id,
                action="updated",
                previous_json=f'{{"case_number": "{CASE}", "notes": "{GIVEN} {FAMILY}"}}',
            )
        )
        session.add(M.ImportBatchItem(batch_id=batch.id, entity="household", entity_id=other, action="created"))
    assert GIVEN.encode() in _file_bytes(db)

    result = privacy.erase_household(db, household_id)

    assert result.import_items == 1
    assert _count(db, M.ImportBatchItem) == 1  # the other household's item stays
    data = _file_bytes(db)
    assert GIVEN.encode() not in data and FAMILY.encode() not in data and CASE.encode() not in data


def test_erasure_works_on_an_encrypted_database(tmp_path):
    """SQLCipher: the same pragmas and checkpoint; the plain name is in no byte before or after."""
    from matcher.core.db import open_database

    db = open_database(path=tmp_path / "verschluesselt.sqlite", passphrase="richtig-langes-passwort", user="t")
    try:
        created = households.create_household(
            db,
            {"case_number": CASE, "residence_status": "gestattung", "paying_authority": "sozialamt"},
            [{"given_name": GIVEN, "family_name": FAMILY, "relationship": "applicant"}],
        )
        assert GIVEN.encode() not in _file_bytes(db)
        household_id = created.household.id
        assert household_id is not None
        result = privacy.erase_household(db, household_id)
        assert result.members == 1 and result.file_cleaned
        assert _count(db, M.Household) == 0
        with db.read_session() as session:
            assert audit.verify_chain(session) is None
    finally:
        db.dispose()
