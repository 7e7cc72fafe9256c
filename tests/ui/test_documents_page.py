"""The Dokumente area on a real demo database: produce a lease and see its pages in the preview, print it
to a PDF printer, save it, and re-open an archived document byte for byte with its SHA-256 checked."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.enums import DocumentKind
from matcher.core.services import placement_views
from matcher.core.services.queries import placement_rows
from matcher.ui.context import AppContext, Entity
from matcher.ui.documents_page import DocumentsPage
from matcher.ui.pdf_preview import load_pdf

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo_db(db: Database) -> Database:
    create_demo(db, households=40, seed=1, today=TODAY)
    return db


@pytest.fixture
def page(qtbot, demo_db, language) -> DocumentsPage:
    widget = DocumentsPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    widget.activate()
    return widget


def ready_for(db: Database, lease_kind: str) -> int:
    return next(
        r.id for r in placement_rows(db) if r.lease_kind == lease_kind and r.state in ("lease_drafted", "signed")
    )


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext fehlt: apt-get install poppler-utils"
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def pdf_pages(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(next(line.split()[-1] for line in done.stdout.splitlines() if line.startswith("Pages:")))


def produce(qtbot, page: DocumentsPage, placement_id: int, kind: DocumentKind) -> int:
    page.choose(placement_id, kind)
    qtbot.mouseClick(page.produce, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.current is not None, timeout=30_000)
    assert page.current is not None
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=10_000)
    return page.current.id


def test_produce_a_lease_and_see_its_pages(qtbot, page, demo_db):
    placement_id = ready_for(demo_db, "lease")
    document_id = produce(qtbot, page, placement_id, DocumentKind.LEASE)
    rows = placement_views.document_rows(demo_db, placement_id)
    assert [(r.id, r.kind) for r in rows] == [(document_id, "lease")]
    assert page.preview.document.status() == QPdfDocument.Status.Ready
    assert page.preview.page_count() >= 2
    assert page.model.rowCount() == 1
    assert "Identisch" in page.integrity.text() or "Identical" in page.integrity.text()
    assert page.print_button.isEnabled() and page.save_button.isEnabled()


def test_a_refusal_shows_the_german_reason_and_archives_nothing(qtbot, page, demo_db):
    placement_id = ready_for(demo_db, "usage_agreement")
    page.choose(placement_id, DocumentKind.LEASE)
    qtbot.mouseClick(page.produce, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.isVisible() and "Dauernutzungsvertrag" in page.message.text(), timeout=30_000)
    assert "Für diese Vermittlung ist ein Dauernutzungsvertrag vorgesehen" in page.message.text()
    assert placement_views.document_rows(demo_db) == []
    assert page.current is None


def test_print_to_a_pdf_printer_and_to_a_rendering_printer(qtbot, page, demo_db, tmp_path):
    produce(qtbot, page, ready_for(demo_db, "lease"), DocumentKind.LEASE)
    target = tmp_path / "gedruckt.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    assert page.print_to(printer)
    text = pdf_text(target)
    assert "Mietvertrag über Wohnraum" in text and "§ 1 Mietsache" in text
    # A real printer gets the pages as images: same number of pages, every page drawn.
    raster = tmp_path / "gerastert.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(raster))
    page.preview.print_to(printer, raster=True)
    assert pdf_pages(raster) == page.preview.page_count()
    assert raster.stat().st_size > 50_000  # images, not blank pages


def test_reopen_an_archived_document_exactly_as_printed(qtbot, demo_db, language, tmp_path):
    from matcher.core.documents import archive

    document = archive.produce(demo_db, DocumentKind.REGISTRATION_CONFIRMATION, ready_for(demo_db, "lease"))
    context = AppContext(demo_db)
    page = DocumentsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.show_record(document.id)  # as the window does for context.request_record(Entity.DOCUMENT, id)
    assert page.current is not None and page.current.id == document.id
    with demo_db.read_session() as session:
        stored = session.get(M.Document, document.id)
        assert stored is not None
        stored_bytes, stored_hash = bytes(stored.pdf), stored.sha256
    assert page.preview.data == stored_bytes
    assert hashlib.sha256(page.preview.data).hexdigest() == stored_hash and page.current.intact
    qtbot.waitUntil(lambda: page.preview.page_count() > 0)
    saved = tmp_path / "Wohnungsgeberbestaetigung.pdf"
    assert page.save_to(saved)
    assert saved.read_bytes() == stored_bytes
    with qtbot.waitSignal(context.record_requested) as requested:
        qtbot.mouseClick(page.placement_button, Qt.MouseButton.LeftButton)
    assert requested.args == [str(Entity.PLACEMENT), document.placement_id]


def test_a_changed_archive_entry_is_flagged_not_hidden(qtbot, page, demo_db):
    from matcher.core.documents import archive

    document = archive.produce(demo_db, DocumentKind.RENT_CERTIFICATE, ready_for(demo_db, "lease"))
    with demo_db.session() as session:
        session.get(M.Document, document.id).pdf = document.pdf.replace(b"Mietbescheinigung", b"Mietbescheinigunk", 1)
    page.reload()
    page.show_record(document.id)
    assert page.current is not None and not page.current.intact
    assert "SHA" in page.integrity.toolTip() and page.integrity.text().startswith("⚠")


def test_preview_loads_from_memory(qtbot, demo_db):
    from matcher.core.documents import archive

    document = archive.produce(demo_db, DocumentKind.HANDOVER_PROTOCOL, ready_for(demo_db, "lease"))
    pdf = QPdfDocument()
    buffer = load_pdf(pdf, document.pdf)
    qtbot.waitUntil(lambda: pdf.status() == QPdfDocument.Status.Ready)
    assert pdf.pageCount() > 0 and buffer.isOpen()


def test_document_model_passes_the_model_tester(qtmodeltester, demo_db):
    from matcher.core.documents import archive
    from matcher.ui.placement_models import DocumentTableModel

    archive.produce(demo_db, DocumentKind.HANDOVER_PROTOCOL, ready_for(demo_db, "lease"))
    model = DocumentTableModel()
    model.set_rows(placement_views.document_rows(demo_db))
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_every_kind_of_a_placement_can_be_produced_and_previewed(qtbot, page, demo_db):
    placement_id = ready_for(demo_db, "lease")
    kinds = [DocumentKind(page.kind.itemData(n)) for n in range(page.kind.count())]
    assert DocumentKind.HEAD_LEASE not in kinds  # belongs to a flat, not a placement
    printable = [kind for kind in kinds if kind not in (DocumentKind.SUBLEASE, DocumentKind.USAGE_AGREEMENT)]
    for kind in printable:
        page.current = None
        produce(qtbot, page, placement_id, kind)
        assert page.current is not None and page.current.kind == kind.value
    assert sorted(r.kind for r in placement_views.document_rows(demo_db)) == sorted(k.value for k in printable)
