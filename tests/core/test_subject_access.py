"""Right of access (Art. 15 GDPR): one household's data as JSON and as a readable PDF, and the export audited."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from matcher.core import models as M
from matcher.core.demo import create_demo
from matcher.core.documents import archive
from matcher.core.enums import DocumentKind, LeaseKind, PlacementState
from matcher.core.errors import NotFound
from matcher.core.services import audit, households
from matcher.core.subject_access import collect, export, render_pdf
from tests.core.documents.conftest import flat_text

CASE = "AUSK-0815/2026"


def _household(db, given="Mariam", family="Al-Khatib", **extra):
    created = households.create_household(
        db,
        {"case_number": CASE, "residence_status": "permit_25_2", "paying_authority": "jobcenter", "notes": "Allergie"},
        [
            {"given_name": given, "family_name": family, "birth_date": date(1990, 4, 2), "relationship": "applicant"},
            {"given_name": "Omar", "family_name": family, "birth_year": 2015, "relationship": "child"},
        ],
        contacts=[{"role": "interpreter", "name": "Dolmetscherin Weiß", "consent_to_share": True}],
        wishes=[("03454047", "preferred")],
        **extra,
    )
    assert created.household.id is not None
    return created.household.id


def test_collect_holds_every_part_of_the_household(any_db):
    household_id = _household(any_db)
    data = collect(any_db, household_id)
    assert data["format"] == "wohnraum-matcher/auskunft-art-15"
    assert data["household"]["case_number"] == CASE and data["household"]["notes"] == "Allergie"
    assert [m["given_name"] for m in data["members"]] == ["Mariam", "Omar"]
    assert data["members"][0]["birth_date"] == "1990-04-02" and data["members"][1]["birth_year"] == 2015
    assert data["contacts"][0]["name"] == "Dolmetscherin Weiß"
    assert data["wishes"] == [{"ags": "03454047", "municipality": "Sögel", "kind": "preferred"}]
    assert any(e["action"] == "create" and e["entity"] == "household" for e in data["audit"])
    json.dumps(data)  # JSON-ready as it is


def test_unknown_household_is_refused_in_german(db):
    with pytest.raises(NotFound, match="Haushalt 999"):
        collect(db, 999)


def test_pdf_shows_names_labels_and_the_information_of_article_15(db):
    household_id = _household(db, given="Ğülşen", family="Öztürk")
    text = flat_text(render_pdf(collect(db, household_id)))
    for expected in ("Auskunft nach Art. 15 DSGVO", CASE, "Ğülşen Öztürk", "Geburtsdatum", "02.04.1990",
                     "Aufenthaltserlaubnis", "Dolmetscherin Weiß", "Sögel", "Speicherdauer", "Ihre Rechte"):  # fmt: skip
        assert expected in text, expected


def test_pdf_marks_characters_no_font_has_and_json_keeps_them(db):
    household_id = _household(db, given="李小龙", family="Chen")
    data = collect(db, household_id)
    assert data["members"][0]["given_name"] == "李小龙"
    text = flat_text(render_pdf(data))
    assert "[U+674E]" in text and "Chen" in text


def test_export_writes_json_pdf_and_document_copies_and_is_audited(db, tmp_path):
    create_demo(db, households=30, seed=3)
    with db.read_session() as session:
        placement = (
            session.execute(
                select(M.Placement)
                .where(
                    M.Placement.lease_kind == LeaseKind.LEASE,
                    M.Placement.state.in_([PlacementState.LEASE_DRAFTED, PlacementState.SIGNED]),  # type: ignore[attr-defined]
                )
                .order_by(M.Placement.id)
            )
            .scalars()
            .first()
        )
    assert placement is not None
    document = archive.produce(db, DocumentKind.LEASE, placement.id)
    done = export(db, placement.household_id, tmp_path / "auskunft")

    data = json.loads(done.json_path.read_text(encoding="utf-8"))
    assert data["household"]["id"] == placement.household_id
    documents = [d for p in data["placements"] for d in p["documents"]]
    assert [d["id"] for d in documents] == [document.id]
    assert documents[0]["terms"]["case_number"] == data["household"]["case_number"]
    assert [p.read_bytes() for p in done.document_paths] == [document.pdf]
    assert done.pdf_path.read_bytes().startswith(b"%PDF")
    applicant = data["members"][0]
    assert f"{applicant['given_name']} {applicant['family_name']}" in flat_text(done.pdf_path.read_bytes())
    assert oct(done.json_path.stat().st_mode & 0o777) == "0o600"
    with db.read_session() as session:
        entry = session.execute(select(M.AuditEntry).order_by(M.AuditEntry.id.desc())).scalars().first()  # type: ignore[union-attr]
        assert audit.verify_chain(session) is None
    assert entry is not None and (entry.action, entry.entity, entry.entity_id) == (
        "export",
        "household",
        str(placement.household_id),
    )
    assert applicant["family_name"] not in entry.description
