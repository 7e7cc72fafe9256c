"""Every released schema must still open: saved databases are migrated to head with their data intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, create_engine, inspect, text
from sqlmodel import select

from matcher.core import models as M
from matcher.core import paths
from matcher.core.db import (
    alembic_config,
    current_revision,
    head_revision,
    migrate,
    open_database,
    script_head,
    url_for_path,
)
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


def _check_names(inspector, table: str) -> set[str]:
    return {c["name"] for c in inspector.get_check_constraints(table)}


def _index_names(inspector, table: str) -> set[str]:
    return {i["name"] for i in inspector.get_indexes(table)}


def test_migrated_file_has_every_check_and_index_of_the_models(tmp_path: Path):
    """compare_metadata does not compare CHECK constraints or partial indexes: this does, on a file
    migrated step by step from the first released schema."""
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(SAVED[0], copy)
    db = open_database(path=copy, load_reference=False)
    inspector = inspect(db.engine)
    for table in M.metadata.sorted_tables:
        expected_checks = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        assert _check_names(inspector, table.name) == expected_checks, table.name
        assert _index_names(inspector, table.name) == {i.name for i in table.indexes}, table.name


def test_migrating_an_old_file_keeps_a_backup_of_it_first(tmp_path: Path):
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(SAVED[0], copy)
    open_database(path=copy).dispose()
    backups = list(paths.backup_dir().glob("old.vor-migration-0001.*.sqlite"))
    assert len(backups) == 1
    old = create_engine(url_for_path(backups[0]))
    assert current_revision(old) == "0001"
    with old.connect() as conn:
        assert conn.exec_driver_sql("SELECT case_number FROM household").scalar() == "50.2-0001/26"


def test_downgrade_and_upgrade_again(tmp_path: Path):
    """Every revision can be undone (an office can go back one program version with its file)."""
    db = open_database(path=tmp_path / "roundtrip.sqlite")
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    assert current_revision(db.engine) == "0001"
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    assert current_revision(db.engine) == head_revision()


def test_upgrading_keeps_rows_that_hang_off_rebuilt_tables(any_db):
    """On both back ends: household is rebuilt by 0002; its members must survive the upgrade."""
    with any_db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    with any_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO household (id, case_number, phone, email, current_accommodation, registered_on,"
                " residence_status, obligation_scope, paying_authority, has_wbs, needs_wheelchair,"
                " needs_no_stairs, needs_ground_floor, needs_extra_room, has_disability, single_parent,"
                " has_pets, has_car, urgency, vulnerable, status, notes, version, created_at, updated_at)"
                " VALUES (7, 'AZ-7', '', '', '', '2026-01-02', 'permit_25_2', 'land', 'jobcenter', false,"
                " false, false, false, false, false, false, false, false, 'normal', false, 'waiting', '', 1,"
                " '2026-01-02 10:00:00', '2026-01-02 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO member (household_id, given_name, family_name, sex, relationship, nationality,"
                " languages, position) VALUES (7, 'Olena', 'Kovalenko', 'female', 'applicant', 'UKR', '', 0)"
            )
        )
    assert migrate(any_db) is True
    with any_db.read_session() as session:
        assert session.exec(select(M.Member.given_name)).all() == ["Olena"]
        assert session.get(M.Household, 7).needs_medical_care is False


def test_the_schema_head_constant_is_the_newest_migration():
    """db.SCHEMA_HEAD spares Alembic's import at every start; a new migration must update it."""
    assert head_revision() == script_head()
