"""Shared fixtures: every test gets a real, migrated database of its own in a temporary folder.

- `db`: a fresh SQLite file (copied from a template migrated once per test run: fast).
- `any_db`: the same test on SQLite and, when MATCHER_TEST_PG_URL is set (as .ci/run does), on a fresh
  PostgreSQL database cloned from a migrated template database.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matcher.core.db import Database, open_database

PG_URL_ENV = "MATCHER_TEST_PG_URL"
TEST_USER = "test.user"
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """User folders (data, backups, logs) point into a temporary folder for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WOHNRAUM_MATCHER_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    os.environ.setdefault("WOHNRAUM_MATCHER_HOME", str(path.parent))
    db = open_database(path=path, user=TEST_USER)
    db.checkpoint()
    db.dispose()
    return path


@pytest.fixture
def db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "test.sqlite"
    shutil.copyfile(sqlite_template, target)
    database = open_database(path=target, user=TEST_USER)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    url = os.environ[PG_URL_ENV]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"wm_template_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    template_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    open_database(template_url, user=TEST_USER).dispose()
    with admin.connect() as conn:  # no one (autovacuum included) may connect while tests clone it
        conn.execute(text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false'))
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false'))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _pg_database(template: str) -> Iterator[Database]:
    url = os.environ[PG_URL_ENV]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"wm_test_{os.getpid()}_{next(_counter)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    database = open_database(make_url(url).set(database=name).render_as_string(hide_password=False), user=TEST_USER)
    yield database
    database.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "any_db" in metafunc.fixturenames:
        backends = ["sqlite"] + (["postgres"] if os.environ.get(PG_URL_ENV) else [])
        metafunc.parametrize("backend", backends, indirect=False)
    if "pg_db" in metafunc.fixturenames:  # only with a server; without one pytest says "empty parameter set"
        metafunc.parametrize("pg_backend", ["postgres"] if os.environ.get(PG_URL_ENV) else [], indirect=False)


@pytest.fixture
def pg_db(pg_backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A PostgreSQL database of its own, for tests about what only a server does."""
    yield from _pg_database(request.getfixturevalue("pg_template"))


@pytest.fixture
def any_db(backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if backend == "sqlite":
        yield request.getfixturevalue("db")
    else:
        yield from _pg_database(request.getfixturevalue("pg_template"))
