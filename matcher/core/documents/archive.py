"""Documents service: produce a document for a placement, archive it exactly as printed, write it to a file.

Why an archive: what left the office must be shown again byte for byte, even after the flat or the
household changed. Each produced document is stored with its kind, placement, template version, the
terms snapshot (JSON), the PDF and its SHA-256, in one transaction with an audit entry (ids and kind
only — never names). Files are written through a temporary file in the target folder and an atomic
rename, so a full disk or a crash never leaves a truncated PDF in place of a good one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.documents import (
    cap_check_pdf,
    duties_pdf,
    handover_pdf,
    head_lease_pdf,
    lease_pdf,
    registration_pdf,
    rent_certificate_pdf,
)
from matcher.core.documents.terms import head_lease_terms_in_session, terms_in_session
from matcher.core.enums import DocumentKind
from matcher.core.errors import FieldError, MatcherError, ValidationFailed
from matcher.core.services import audit
from matcher.core.services.common import get_or_fail


class Snapshot(Protocol):
    """What a loader returns and the archive stores: the data as printed, as JSON, and its flat."""

    @property
    def flat_id(self) -> int: ...

    def to_json(self) -> str: ...


def _lease_terms(session: Session, kind: DocumentKind, placement_id: int, _language: str | None) -> Snapshot:
    return terms_in_session(session, kind, placement_id)


def _cap_check(session: Session, kind: DocumentKind, placement_id: int, _language: str | None) -> Snapshot:
    return cap_check_pdf.load_cap_check(session, kind, placement_id)


@dataclass(frozen=True)
class Renderer:
    """How one kind of document is made: its template version, how its data is read and how it is drawn."""

    template_version: Callable[[], str]
    render: Callable[[Any], bytes]
    file_stem: str
    load: Callable[[Session, DocumentKind, int, str | None], Snapshot] = _lease_terms


RENDERERS: dict[DocumentKind, Renderer] = {
    DocumentKind.LEASE: Renderer(lease_pdf.template_version, lease_pdf.render_lease, "Mietvertrag"),
    DocumentKind.SUBLEASE: Renderer(lease_pdf.sublease_template_version, lease_pdf.render_sublease, "Untermietvertrag"),
    DocumentKind.USAGE_AGREEMENT: Renderer(
        lease_pdf.usage_template_version, lease_pdf.render_usage_agreement, "Dauernutzungsvertrag"
    ),
    DocumentKind.RENT_CERTIFICATE: Renderer(
        rent_certificate_pdf.template_version, rent_certificate_pdf.render_rent_certificate, "Mietbescheinigung"
    ),
    DocumentKind.CAP_CHECK_SHEET: Renderer(
        cap_check_pdf.template_version, cap_check_pdf.render_cap_check, "Pruefblatt-Angemessenheit", _cap_check
    ),
    DocumentKind.REGISTRATION_CONFIRMATION: Renderer(
        registration_pdf.template_version, registration_pdf.render_registration, "Wohnungsgeberbestaetigung"
    ),
    DocumentKind.HANDOVER_PROTOCOL: Renderer(
        handover_pdf.template_version, handover_pdf.render_handover, "Uebergabeprotokoll"
    ),
    DocumentKind.DUTIES_SUMMARY: Renderer(
        duties_pdf.template_version, duties_pdf.render_duties, "Pflichten", duties_pdf.load_duties
    ),
}
"""The kinds this version can print; the CLI and the window offer exactly these."""


class DocumentKindUnavailable(MatcherError):
    """A document kind this version cannot print yet."""


MULTILINGUAL_KINDS = frozenset({DocumentKind.DUTIES_SUMMARY})
"""Kinds printed in German next to another language (`produce(..., language=...)`)."""

FLAT_KINDS: dict[DocumentKind, str] = {DocumentKind.HEAD_LEASE: "Generalmietvertrag"}
"""Kinds that belong to a flat, not a placement (`produce_for_flat`), with their file stem."""


def available_kinds() -> list[DocumentKind]:
    return [*RENDERERS, *FLAT_KINDS]


def _renderer(kind: DocumentKind) -> Renderer:
    renderer = RENDERERS.get(kind)
    if renderer is None and kind in FLAT_KINDS:
        raise DocumentKindUnavailable(
            f"Der {kind.label} gehört zu einer Wohnung, nicht zu einer Vermittlung. Bitte wählen Sie die Wohnung."
        )
    if renderer is None:
        raise DocumentKindUnavailable(f"{kind.label} kann diese Programmversion noch nicht drucken.")
    return renderer


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def produce(db: Database, kind: DocumentKind, placement_id: int, *, language: str | None = None) -> M.Document:
    """Assemble and validate the terms, render the PDF and archive it; returns the stored Document.

    Raises ValidationFailed (German, naming what is missing) and stores nothing when the data is incomplete.
    The terms are read and the document stored in the same transaction, so the snapshot is what printed.
    `language` chooses the language of the summary of duties (default: the household's); other kinds
    are German only and refuse a language.
    """
    renderer = _renderer(kind)
    if language and kind not in MULTILINGUAL_KINDS:
        message = f"{kind.label} gibt es nur auf Deutsch; eine Sprache wählen Sie nur für die Übersicht der Pflichten."
        raise ValidationFailed([FieldError("language", message, "Sprache")])
    with db.session() as session:
        snapshot = renderer.load(session, kind, placement_id, language)
        chosen = str(getattr(snapshot, "language", "de"))
        version = duties_pdf.template_version(chosen) if kind in MULTILINGUAL_KINDS else renderer.template_version()
        suffix = f"-{chosen}" if kind in MULTILINGUAL_KINDS else ""
        return _archive(
            session,
            db.user,
            renderer.render(snapshot),
            f"Vermittlung {placement_id}",
            kind=kind,
            placement_id=placement_id,
            flat_id=snapshot.flat_id,
            template_version=version,
            language=chosen,
            terms_json=snapshot.to_json(),
            file_name=f"{renderer.file_stem}-{placement_id}{suffix}.pdf",
        )


def produce_for_flat(db: Database, kind: DocumentKind, flat_id: int) -> M.Document:
    """Like `produce`, for a document of a flat (the Generalmietvertrag): stored with flat_id, no placement."""
    if kind not in FLAT_KINDS:
        raise DocumentKindUnavailable(f"{kind.label} gehört nicht zu einer Wohnung, sondern zu einer Vermittlung.")
    with db.session() as session:
        terms = head_lease_terms_in_session(session, flat_id)
        return _archive(
            session,
            db.user,
            head_lease_pdf.render_head_lease(terms),
            f"Wohnung {flat_id}",
            kind=kind,
            placement_id=None,
            flat_id=flat_id,
            template_version=head_lease_pdf.template_version(),
            terms_json=terms.to_json(),
            file_name=f"{FLAT_KINDS[kind]}-{flat_id}.pdf",
        )


def _archive(session: Session, user: str, pdf: bytes, subject: str, **fields: Any) -> M.Document:
    """Store the rendered PDF with its hash and an audit entry naming only ids (same transaction)."""
    document = M.Document(**fields, pdf=pdf, sha256=sha256(pdf), created_by=user)
    session.add(document)
    session.flush()
    audit.record(session, user, "create", "document", document.id, f"{DocumentKind(document.kind).value} für {subject}")
    return document


def get_document(db: Database, document_id: int) -> M.Document:
    """An archived document exactly as stored (the PDF bytes as printed back then)."""
    with db.read_session() as session:
        document = get_or_fail(session, M.Document, document_id, "Dokument")
        session.expunge(document)
        return document


def documents_for_placement(db: Database, placement_id: int) -> list[M.Document]:
    """Archived documents of a placement, newest first."""
    with db.read_session() as session:
        query = (
            select(M.Document)
            .where(M.Document.placement_id == placement_id)
            .order_by(M.Document.created_at.desc(), M.Document.id.desc())  # type: ignore[attr-defined,union-attr]
        )
        rows = list(session.exec(query).all())
        for row in rows:
            session.expunge(row)
        return rows


def write_pdf(data: bytes, target: Path) -> Path:
    """Write `data` to `target` atomically: a temporary file beside it, flushed to disk, then renamed."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
