"""Dauernutzungsvertrag of a cooperative: membership number, shares (number × €) and who funds them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind, LeaseKind
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, update

KIND = DocumentKind.USAGE_AGREEMENT


@pytest.fixture
def membership(demo_db) -> M.Placement:
    with demo_db.read_session() as session:
        placement = session.exec(
            select(M.Placement).where(M.Placement.lease_kind == LeaseKind.USAGE_AGREEMENT).order_by(M.Placement.id)  # type: ignore[arg-type]
        ).first()
    assert placement is not None
    update(demo_db, M.Placement, placement.id, membership_number="4711", shares_paid_by="Jobcenter Emsland (Darlehen)")
    update(
        demo_db,
        M.Flat,
        placement.flat_id,
        cooperative_shares=6,
        cooperative_share_cents=25_000,
        deposit_cents=0,
        energy_certificate_kind="Bedarfsausweis",
    )
    return placement


def test_usage_agreement_names_membership_and_shares(demo_db, membership):
    text = flat_text(archive.produce(demo_db, KIND, membership.id).pdf)
    for item in [
        "Dauernutzungsvertrag",
        "Mitgliedsnummer 4711",
        "6 Geschäftsanteile zu je 250,00 € zu zeichnen, zusammen 1.500,00 €",
        "finanziert durch: Jobcenter Emsland (Darlehen)",
        "keine Mietsicherheit im Sinne des § 551 BGB",
        "Eine Mietsicherheit wird nicht vereinbart",
        "läuft auf unbestimmte Zeit",
    ]:
        assert item in text


@pytest.mark.parametrize(
    ("table", "field", "message"),
    [
        (M.Placement, "membership_number", "Mitgliedsnummer"),
        (M.Placement, "shares_paid_by", "wer die Anteile finanziert"),
        (M.Flat, "cooperative_shares", "Genossenschaftsanteile"),
    ],
)
def test_missing_cooperative_data_is_refused(demo_db, membership, table, field, message):
    row_id = membership.id if table is M.Placement else membership.flat_id
    update(demo_db, table, row_id, **{field: "" if table is M.Placement else None})
    with pytest.raises(ValidationFailed, match=message):
        archive.produce(demo_db, KIND, membership.id)
