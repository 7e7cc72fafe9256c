"""Fixtures for the document tests: a small demo district and a placement that is due for a lease."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.demo import create_demo
from matcher.core.enums import LeaseKind, PlacementState

TODAY = date(2026, 11, 25)
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as poppler's pdftotext extracts it (what a reader's copy and paste gets)."""
    assert shutil.which("pdftotext"), "pdftotext fehlt: apt-get install poppler-utils"
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def flat_text(pdf: bytes) -> str:
    """Extracted text with line breaks and repeated spaces folded, NFKC, bidi marks removed: for `in` checks."""
    text = unicodedata.normalize("NFKC", pdf_text(pdf)).translate(BIDI_CONTROLS)
    return " ".join(text.split())


def word_positions(pdf: bytes) -> list[tuple[float, float, str]]:
    """(top, left, NFKC text) of every word on the pages, from `pdftotext -bbox` (where glyphs really stand)."""
    done = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>')
    found = pattern.findall(done.stdout.decode("utf-8"))
    return [(float(top), float(left), unicodedata.normalize("NFKC", html.unescape(word))) for left, top, word in found]


def update(db: Database, table: type[SQLModel], row_id: Any, **values: Any) -> None:
    """Change a row directly, as a later edit in the window would (tests only)."""
    with db.session() as session:
        row = session.get(table, row_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def members(db: Database, household_id: int) -> list[M.Member]:
    with db.read_session() as session:
        query = select(M.Member).where(M.Member.household_id == household_id).order_by(M.Member.position, M.Member.id)  # type: ignore[arg-type]
        return list(session.exec(query).all())


def lease_placement(db: Database) -> M.Placement:
    """A placement of the demo data that is ready for a Mietvertrag (owner lets directly)."""
    with db.read_session() as session:
        query = select(M.Placement).where(
            M.Placement.lease_kind == LeaseKind.LEASE,
            M.Placement.state.in_([PlacementState.LEASE_DRAFTED, PlacementState.SIGNED, PlacementState.ACCEPTED]),  # type: ignore[attr-defined]
        )
        placement = session.exec(query.order_by(M.Placement.id)).first()  # type: ignore[arg-type]
    assert placement is not None, "the demo data has no placement ready for a lease"
    return placement


@pytest.fixture
def demo_db(db: Database) -> Database:
    create_demo(db, households=40, seed=1, today=TODAY)
    return db


@pytest.fixture
def placement(demo_db: Database) -> M.Placement:
    return lease_placement(demo_db)
