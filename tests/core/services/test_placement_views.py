"""Reads for the Vorgänge and Dokumente areas, and the lease data of a placement (validated at once, locked)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.enums import DocumentKind, LeaseKind
from matcher.core.enums import PlacementState as S
from matcher.core.errors import ConflictError, InvalidTransition, ValidationFailed
from matcher.core.services import placement_lease, placement_views, placements
from tests.core.services.test_placements import VIEWING_AT, _flat, _household

START = date(2027, 1, 1)


def _placement(db, to: S = S.PROPOSED) -> int:
    placement = placements.propose(db, _household(db), _flat(db))
    path = [S.OFFERED, S.VIEWING, S.ACCEPTED]
    for state in path[: path.index(to) + 1] if to in path else []:
        extra = {"viewing_at": VIEWING_AT} if state == S.VIEWING else {}
        placements.advance(db, placement.id, state, **extra)
    return placement.id


def test_detail_and_timeline_follow_the_steps(any_db):
    placement_id = _placement(any_db, S.VIEWING)
    detail = placement_views.placement_detail(any_db, placement_id)
    assert (detail.state, detail.version, detail.applicant) == ("viewing", 3, "Haddad, Amina")
    assert detail.flat_address == "Clemens-August-Straße 3" and detail.municipality == "Sögel"
    assert detail.viewing_at == VIEWING_AT
    entries = placement_views.timeline(any_db, placement_id)
    assert [(e.from_state, e.to_state) for e in entries] == [
        (None, "proposed"),
        ("proposed", "offered"),
        ("offered", "viewing"),
    ]
    assert {e.user for e in entries} == {any_db.user}


def test_no_step_leads_back_so_there_is_no_undo():
    assert placement_views.steps_reversible() is False
    assert placement_views.next_steps("accepted") == [S.LEASE_DRAFTED, S.DECLINED, S.CANCELLED]


def test_document_kinds_start_with_the_contract_of_the_lease_kind():
    kinds = placement_views.document_kinds_for(LeaseKind.USAGE_AGREEMENT)
    assert kinds[0] == DocumentKind.USAGE_AGREEMENT
    assert DocumentKind.REGISTRATION_CONFIRMATION in kinds and DocumentKind.LEASE not in kinds


def test_lease_data_reports_every_problem_at_once_and_saves_nothing(any_db):
    placement_id = _placement(any_db, S.ACCEPTED)
    data = {
        "lease_kind": "usage_agreement",
        "lease_start": None,
        "fixed_term_end": date(2026, 6, 1),
        "fixed_term_reason": "",
        "membership_number": "",
        "shares_paid_by": "x" * 201,
    }
    with pytest.raises(ValidationFailed) as caught:
        placement_lease.draft_lease(any_db, placement_id, data)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"lease_start", "fixed_term_reason", "membership_number", "shares_paid_by"}
    assert "§ 575" in caught.value.for_field("fixed_term_reason")[0]
    detail = placement_views.placement_detail(any_db, placement_id)
    assert (detail.state, detail.lease_kind, detail.fixed_term_end) == ("accepted", "lease", None)


def test_fixed_term_must_end_after_the_start(any_db):
    placement_id = _placement(any_db, S.ACCEPTED)
    data = {"lease_start": START, "fixed_term_end": START, "fixed_term_reason": placement_lease.FIXED_TERM_REASONS[0]}
    with pytest.raises(ValidationFailed) as caught:
        placement_lease.update_lease_data(any_db, placement_id, data)
    assert caught.value.for_field("fixed_term_end") == ["Das Ende der Mietzeit muss nach dem Mietbeginn liegen."]


def test_draft_lease_saves_the_data_and_takes_the_step(any_db):
    placement_id = _placement(any_db, S.ACCEPTED)
    version = placement_views.placement_detail(any_db, placement_id).version
    data = {"lease_start": START, "planned_move_in": START, "direct_payment": False}
    placement_lease.draft_lease(any_db, placement_id, data, note="Entwurf an Vermieter", expected_version=version)
    detail = placement_views.placement_detail(any_db, placement_id)
    assert (detail.state, detail.lease_start, detail.direct_payment) == ("lease_drafted", START, False)
    assert placement_views.timeline(any_db, placement_id)[-1].note == "Entwurf an Vermieter"
    with any_db.read_session() as session:
        actions = session.exec(select(M.AuditEntry.description).where(M.AuditEntry.entity == "placement")).all()
    assert "Vertragsdaten: Miete direkt an Vermieter, Mietbeginn, Geplanter Einzug" in actions


def test_lease_data_is_locked_and_closed_after_signing(any_db):
    placement_id = _placement(any_db, S.ACCEPTED)
    with pytest.raises(ConflictError):
        placement_lease.update_lease_data(any_db, placement_id, {"lease_start": START}, expected_version=1)
    placement_lease.draft_lease(any_db, placement_id, {"lease_start": START})
    placements.advance(any_db, placement_id, S.SIGNED)
    with pytest.raises(InvalidTransition, match="nicht mehr ändern"):
        placement_lease.update_lease_data(any_db, placement_id, {"lease_start": date(2027, 2, 1)})


def test_draft_lease_before_acceptance_is_refused_and_saves_nothing(any_db):
    placement_id = _placement(any_db, S.OFFERED)
    with pytest.raises(InvalidTransition, match="erst nach der Zusage"):
        placement_lease.draft_lease(any_db, placement_id, {"lease_start": START})
    assert placement_views.placement_detail(any_db, placement_id).lease_start is None


def test_documents_are_listed_without_bytes_and_checked_when_opened(any_db):
    placement_id = _placement(any_db, S.ACCEPTED)
    pdf = b"%PDF-1.4 test"
    from matcher.core.documents.archive import sha256

    with any_db.session() as session:
        document = M.Document(
            kind=DocumentKind.LEASE,
            placement_id=placement_id,
            template_version="t1",
            terms_json="{}",
            pdf=pdf,
            sha256=sha256(pdf),
            file_name="Mietvertrag.pdf",
            created_by="a",
        )
        session.add(document)
    rows = placement_views.document_rows(any_db, placement_id)
    assert [(r.id, r.kind, r.size, r.flat_address) for r in rows] == [(document.id, "lease", len(pdf), "")]
    assert rows[0].case_number.startswith("AZ-")
    assert placement_views.document_rows(any_db, placement_id + 1000) == []
    archived = placement_views.archived_pdf(any_db, document.id)
    assert archived.pdf == pdf and archived.intact
    with any_db.session() as session:
        session.get(M.Document, document.id).pdf = b"%PDF-1.4 tampered"
    assert not placement_views.archived_pdf(any_db, document.id).intact


def test_cost_approval_cannot_lie_in_the_future(any_db):
    from datetime import timedelta

    placement_id = _placement(any_db, S.ACCEPTED)
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        placement_lease.update_lease_data(any_db, placement_id, {"cost_approval_on": tomorrow})
    assert [e.field for e in caught.value.errors] == ["cost_approval_on"]
    placement_lease.update_lease_data(any_db, placement_id, {"cost_approval_on": date.today()})
    assert placement_views.placement_detail(any_db, placement_id).cost_approval_on == date.today()
