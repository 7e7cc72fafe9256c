"""The demo district is printable at once: every placement with a lease (drafted, signed, moved in) yields its papers."""

from __future__ import annotations

from sqlmodel import col, select

from matcher.core import models as M
from matcher.core.demo import create_demo
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind, LeaseKind, PlacementState

from .conftest import TODAY, flat_text

LEASE_DOCUMENT = {
    LeaseKind.LEASE: DocumentKind.LEASE,
    LeaseKind.SUBLEASE: DocumentKind.SUBLEASE,
    LeaseKind.USAGE_AGREEMENT: DocumentKind.USAGE_AGREEMENT,
}
LEASE_STATES = [PlacementState.LEASE_DRAFTED, PlacementState.SIGNED, PlacementState.MOVED_IN]


def test_every_drafted_or_signed_lease_of_the_demo_prints(db):
    create_demo(db, households=120, seed=3, today=TODAY)
    with db.read_session() as session:
        due = session.exec(select(M.Placement).where(col(M.Placement.state).in_(LEASE_STATES))).all()
    kinds = {LeaseKind(p.lease_kind) for p in due}
    assert kinds == set(LEASE_DOCUMENT), "the demo should need every kind of lease"
    for placement in due:
        for kind in (LEASE_DOCUMENT[LeaseKind(placement.lease_kind)], DocumentKind.RENT_CERTIFICATE):
            document = archive.produce(db, kind, placement.id)
            assert kind.label.split()[0] in flat_text(document.pdf)
