"""Where things live: the user's data, backup and log folders (platformdirs) and shipped resources.

`WOHNRAUM_MATCHER_HOME` overrides the user folders (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from matcher import APP_ID

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
DATA_DIR = RESOURCES_DIR / "data"
HOME_ENV = "WOHNRAUM_MATCHER_HOME"


def _dirs() -> PlatformDirs:
    return PlatformDirs(appname=APP_ID, appauthor=False)


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def user_data_dir() -> Path:
    home = _override()
    return home / "data" if home else Path(_dirs().user_data_dir)


def backup_dir() -> Path:
    return user_data_dir() / "backups"


def log_dir() -> Path:
    home = _override()
    return home / "logs" if home else Path(_dirs().user_log_dir)


def default_db_path() -> Path:
    return user_data_dir() / "wohnraum-matcher.sqlite"


def demo_db_path() -> Path:
    return user_data_dir() / "demo.sqlite"
