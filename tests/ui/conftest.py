"""Window-test fixtures: a database with a few flats and households, and the interface language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from matcher.core.db import Database
from matcher.ui.i18n import install_translations, remove_translations
from tests.ui.sample_data import add_sample_rows


@pytest.fixture
def sample_db(db: Database) -> Database:
    return add_sample_rows(db)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def language(qapp: QApplication) -> Iterator[str]:
    """German unless a test is parametrised otherwise; translators removed afterwards."""
    yield from _installed(qapp, "de")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[str]:
    yield from _installed(qapp, "en")


def _installed(app: QApplication, lang: str) -> Iterator[str]:
    install_translations(app, lang)
    yield lang
    remove_translations(app)
