"""Untermietvertrag: the municipality lets on, names the owner and gives the § 549 Abs. 2 Nr. 3 BGB notice."""

from __future__ import annotations

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind, LeaseKind
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, update


@pytest.fixture
def sublease(demo_db) -> M.Placement:
    with demo_db.read_session() as session:
        placement = session.exec(
            select(M.Placement).where(M.Placement.lease_kind == LeaseKind.SUBLEASE).order_by(M.Placement.id)  # type: ignore[arg-type]
        ).first()
    assert placement is not None
    update(demo_db, M.Flat, placement.flat_id, energy_certificate_kind="Verbrauchsausweis")
    return placement


def test_sublease_names_owner_and_gives_the_549_notice(demo_db, sublease):
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, sublease.flat_id)
        owner = session.get(M.Landlord, flat.owner_id)
        municipality = session.get(M.Landlord, flat.landlord_id)
    text = flat_text(archive.produce(demo_db, DocumentKind.SUBLEASE, sublease.id).pdf)
    for item in [
        "Untermietvertrag über Wohnraum",
        f"Vermieter {municipality.name}",
        f"Eigentümer {owner.name}",
        "Hinweis nach § 549 Abs. 2 Nr. 3 BGB",
        "Personen mit dringendem Wohnungsbedarf",
        "§§ 557 bis 561 BGB",
        "§§ 574 bis 575",
        "Wohnungsgeber im Sinne des § 19 Bundesmeldegesetz",
        "ein berechtigtes Interesse ist wegen § 549 Abs. 2 Nr. 3 BGB nicht erforderlich",
        "Ort, Datum",
    ]:
        assert item in text
    assert "nur bei einem berechtigten Interesse nach § 573 BGB" not in text


def test_sublease_without_owner_is_refused(demo_db, sublease):
    update(demo_db, M.Flat, sublease.flat_id, owner_id=None)
    with pytest.raises(ValidationFailed, match="Eigentümer"):
        archive.produce(demo_db, DocumentKind.SUBLEASE, sublease.id)


def test_a_lease_placement_gets_no_sublease(demo_db, placement):
    with pytest.raises(ValidationFailed, match="Mietvertrag vorgesehen"):
        archive.produce(demo_db, DocumentKind.SUBLEASE, placement.id)
