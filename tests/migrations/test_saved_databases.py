"""Every released schema must still open: saved databases are migrated to head with their data intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import select

from matcher.core import models as M
from matcher.core.db import current_revision, head_revision, open_database, url_for_path
from matcher.core.services import audit

SAVED = sorted(Path(__file__).with_name("data").glob("schema_*.sqlite"))


def test_there_is_a_saved_database_of_the_first_schema():
    assert [p.name for p in SAVED][:1] == ["schema_0001.sqlite"]


@pytest.mark.parametrize("saved", SAVED, ids=[p.stem for p in SAVED])
def test_saved_database_migrates_to_head_with_data_intact(saved: Path, tmp_path: Path):
    copy = tmp_path / saved.name
    shutil.copyfile(saved, copy)
    db = open_database(path=copy)
    assert current_revision(db.engine) == head_revision()
    with db.read_session() as session:
        member_names = {m.given_name for m in session.exec(select(M.Member)).all()}
        household = session.exec(select(M.Household)).one()
        assert audit.verify_chain(session) is None
    assert member_names == {"Şükrü", "Zeynep"}
    assert household.case_number == "50.2-0001/26"


def test_migrations_produce_exactly_the_models(tmp_path: Path):
    """A model change without a migration fails here (autogenerate finds a difference)."""
    db = open_database(path=tmp_path / "fresh.sqlite", load_reference=False)
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), M.metadata)
    assert differences == []


def test_a_new_file_starts_at_head(tmp_path: Path):
    path = tmp_path / "new.sqlite"
    open_database(path=path).dispose()
    assert current_revision(create_engine(url_for_path(path))) == head_revision()
