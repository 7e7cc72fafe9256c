"""Archive: a produced document is stored exactly as printed, with its hash, and written to files atomically."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind
from matcher.core.errors import ValidationFailed

from .conftest import members, pdf_text, update


def test_produced_lease_is_archived_with_hash_snapshot_and_template_version(demo_db, placement):
    document = archive.produce(demo_db, DocumentKind.LEASE, placement.id)
    stored = archive.get_document(demo_db, document.id)
    assert stored.pdf.startswith(b"%PDF")
    assert stored.sha256 == hashlib.sha256(stored.pdf).hexdigest()
    assert stored.kind == DocumentKind.LEASE
    assert stored.placement_id == placement.id
    assert stored.template_version == "mietvertrag-2026.1+hausordnung-2026.2"
    assert json.loads(stored.terms_json)["placement_id"] == placement.id
    assert [d.id for d in archive.documents_for_placement(demo_db, placement.id)] == [document.id]


def test_audit_entry_names_the_document_but_no_person(demo_db, placement):
    document = archive.produce(demo_db, DocumentKind.LEASE, placement.id)
    with demo_db.read_session() as session:
        entry = session.exec(select(M.AuditEntry).order_by(M.AuditEntry.id.desc())).first()  # type: ignore[union-attr]
    assert (entry.entity, entry.entity_id, entry.action) == ("document", str(document.id), "create")
    for person in members(demo_db, placement.household_id):
        assert person.family_name not in entry.description


def test_a_changed_flat_does_not_change_the_archived_document(demo_db, placement):
    document = archive.produce(demo_db, DocumentKind.LEASE, placement.id)
    old_rent = json.loads(document.terms_json)["rent"]["net"]
    update(demo_db, M.Flat, placement.flat_id, net_rent_cents=old_rent + 10_000, street="Neue Straße")
    again = archive.get_document(demo_db, document.id)
    assert again.pdf == document.pdf
    assert again.sha256 == hashlib.sha256(document.pdf).hexdigest()
    assert json.loads(again.terms_json)["rent"]["net"] == old_rent
    assert "Neue Straße" not in pdf_text(again.pdf)
    newer = archive.produce(demo_db, DocumentKind.LEASE, placement.id)
    assert "Neue Straße" in pdf_text(newer.pdf)


def test_refused_document_stores_nothing(demo_db, placement):
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, placement.flat_id)
    update(demo_db, M.Flat, placement.flat_id, deposit_cents=3 * flat.net_rent_cents + 1)
    with pytest.raises(ValidationFailed, match="Kaution"):
        archive.produce(demo_db, DocumentKind.LEASE, placement.id)
    assert archive.documents_for_placement(demo_db, placement.id) == []


def test_every_document_kind_can_be_printed():
    assert set(archive.available_kinds()) == set(DocumentKind)


def test_a_language_is_refused_for_a_german_only_document(demo_db, placement):
    with pytest.raises(ValidationFailed, match="gibt es nur auf Deutsch"):
        archive.produce(demo_db, DocumentKind.LEASE, placement.id, language="ar")
    assert archive.documents_for_placement(demo_db, placement.id) == []


def test_a_head_lease_asks_for_its_flat_not_a_placement(demo_db, placement):
    with pytest.raises(archive.DocumentKindUnavailable, match="gehört zu einer Wohnung"):
        archive.produce(demo_db, DocumentKind.HEAD_LEASE, placement.id)


def test_write_pdf_replaces_the_file_atomically(tmp_path):
    target = tmp_path / "vertrag.pdf"
    archive.write_pdf(b"%PDF-old", target)
    archive.write_pdf(b"%PDF-new", target)
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["vertrag.pdf"]


def test_a_failed_write_keeps_the_good_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "vertrag.pdf"
    target.write_bytes(b"%PDF-good")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive.os, "fsync", disk_full)
    with pytest.raises(OSError):
        archive.write_pdf(b"%PDF-new-but-truncated", target)
    assert target.read_bytes() == b"%PDF-good"
    assert [p.name for p in tmp_path.iterdir()] == ["vertrag.pdf"]
