"""House rules annex, the signatures kept with the contract text, legal references that never break after
the §, and "vertreten durch den Bürgermeister"."""

from __future__ import annotations

import subprocess
from datetime import date
from xml.sax.saxutils import escape

import pytest
from reportlab.platypus import Table
from sqlmodel import select

from matcher.core import models as M
from matcher.core.documents import layout, lease_pdf
from matcher.core.documents.fonts import NBSP, bind_legal_references
from matcher.core.documents.terms import load_terms
from matcher.core.enums import DocumentKind, LeaseKind

from .conftest import flat_text, update

RENDER = {
    LeaseKind.LEASE: (DocumentKind.LEASE, lease_pdf.render_lease),
    LeaseKind.SUBLEASE: (DocumentKind.SUBLEASE, lease_pdf.render_sublease),
    LeaseKind.USAGE_AGREEMENT: (DocumentKind.USAGE_AGREEMENT, lease_pdf.render_usage_agreement),
}


def _pages(pdf: bytes) -> list[str]:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return [page for page in done.stdout.decode("utf-8").split("\f") if page.strip()]


def _contracts(db) -> list[tuple[LeaseKind, bytes]]:
    """Every contract of the demo data that has its start date (the others are refused, tested elsewhere)."""
    with db.read_session() as session:
        placements = session.exec(select(M.Placement).order_by(M.Placement.id)).all()  # type: ignore[arg-type]
        rows = [(p.id, LeaseKind(p.lease_kind)) for p in placements if p.lease_start or p.planned_move_in]
    pdfs = []
    for placement_id, lease_kind in rows:
        kind, render = RENDER[lease_kind]
        pdfs.append((lease_kind, render(load_terms(db, kind, placement_id))))
    return pdfs


CONTRACT_NAMES = {
    LeaseKind.LEASE: "Mietvertrag",
    LeaseKind.SUBLEASE: "Untermietvertrag",
    LeaseKind.USAGE_AGREEMENT: "Dauernutzungsvertrag",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("§ 549 Abs. 2 Nr. 3 BGB", f"§{NBSP}549 Abs.{NBSP}2 Nr.{NBSP}3{NBSP}BGB"),
        ("§§ 535 ff. BGB", f"§§{NBSP}535 ff. BGB"),
        ("§§ 543, 569 BGB", f"§§{NBSP}543, 569{NBSP}BGB"),
        ("§ 22 Abs. 4 SGB II", f"§{NBSP}22 Abs.{NBSP}4{NBSP}SGB{NBSP}II"),
        ("Art. 13 DSGVO", f"Art.{NBSP}13{NBSP}DSGVO"),
        ("Abschnitt 5 und Satz", "Abschnitt 5 und Satz"),
    ],
)
def test_legal_references_are_bound_by_non_breaking_spaces(text, expected):
    assert bind_legal_references(text) == expected


def test_no_line_of_any_contract_ends_with_a_paragraph_sign(demo_db):
    pdfs = _contracts(demo_db)
    assert len(pdfs) >= 3
    for _kind, pdf in pdfs:
        lines = [line.rstrip() for page in _pages(pdf) for line in page.splitlines()]
        assert [line for line in lines if line.endswith(("§", "Abs.", "Nr."))] == []


def _line_ends(paragraphs) -> list[str]:
    """The last word of every printed line of `paragraphs`, each set in columns from 70 to 160 pt wide."""
    story = [Table([[paragraph]], colWidths=[width]) for width in range(70, 160, 3) for paragraph in paragraphs()]
    pdf = layout.render(story, layout.Letterhead("Amt", "", ""), "Test", "Test")
    return [line.split()[-1] for page in _pages(pdf) for line in page.splitlines() if line.split()]


def test_a_paragraph_sign_never_ends_a_line_at_any_column_width():
    text = "Nach dem Gesetz gilt § 549 Abs. 2 Nr. 3 BGB und die §§ 535 ff. BGB für alle."
    bound = _line_ends(lambda: [layout.para(text)])
    assert "§" not in bound and "§§" not in bound and "Abs." not in bound
    unbound = _line_ends(lambda: [layout.paragraph(escape(text))])  # without the rule: it does happen
    assert "§" in unbound


def test_every_contract_keeps_its_last_clause_with_the_signatures_and_ends_with_the_house_rules(demo_db):
    kinds = set()
    for lease_kind, pdf in _contracts(demo_db):
        kinds.add(lease_kind)
        pages = _pages(pdf)
        signing = [index for index, page in enumerate(pages) if "Unterschriften" in page]
        assert len(signing) == 1
        assert "Schlussbestimmungen" in pages[signing[0]]
        contract = CONTRACT_NAMES[lease_kind]  # the annex names the contract it belongs to
        assert f"Anlage zum {contract}: Hausordnung" in pages[-1]
        assert f"Bestandteil des {contract}s" in " ".join(pages[-1].split())
        assert signing[0] == len(pages) - 2
        annex = " ".join(pages[-1].split())
        assert "1. Ruhezeiten" in annex and "6. Schäden" in annex
        assert "Unterschrift" not in pages[-1]
    assert kinds == set(CONTRACT_NAMES)  # the demo has every kind of contract


@pytest.mark.parametrize(
    ("representative", "printed"),
    [
        ("Der Bürgermeister", "vertreten durch den Bürgermeister"),
        ("Die Bürgermeisterin", "vertreten durch die Bürgermeisterin"),
        ("Das Amt für Wohnen", "vertreten durch das Amt für Wohnen"),
        ("Vorstand: Anna Berg", "vertreten durch Vorstand: Anna Berg"),
        ("Der", "vertreten durch Der"),
        ("Petra Der (Geschäftsführung)", "vertreten durch Petra Der (Geschäftsführung)"),
    ],
)
def test_the_article_of_an_office_title_is_lower_case_after_vertreten_durch(representative, printed):
    assert layout.represented_by(representative) == printed


def test_the_lease_prints_vertreten_durch_den_buergermeister(demo_db, placement):
    with demo_db.read_session() as session:
        landlord_id = session.get(M.Flat, placement.flat_id).landlord_id
    update(demo_db, M.Landlord, landlord_id, representative="Der Bürgermeister")
    update(demo_db, M.Placement, placement.id, lease_start=date(2027, 2, 1))
    text = flat_text(lease_pdf.render_lease(load_terms(demo_db, DocumentKind.LEASE, placement.id)))
    assert "vertreten durch den Bürgermeister" in text
    assert "vertreten durch Der" not in text
