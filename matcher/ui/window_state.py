"""Remembered window state: geometry, splitter sizes, table headers (widths, order, sort column).

Stored with QSettings where the platform expects it (registry on Windows, an ini file elsewhere). When
WOHNRAUM_MATCHER_HOME is set (tests, portable installs) the state lives in an ini file in that folder, so
a test never reads a caseworker's real window layout. Keys carry the Qt version, because Qt's saved
state blobs are not promised to stay readable across versions (the same guard as Picard and Anki).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

from matcher import APP_ID, APP_NAME
from matcher.core.paths import HOME_ENV

QT_TAG = "qt" + ".".join(qVersion().split(".")[:2])


def ui_settings() -> QSettings:
    home = os.environ.get(HOME_ENV)
    if home:
        return QSettings(str(Path(home) / "settings" / f"{APP_ID}.ini"), QSettings.Format.IniFormat)
    return QSettings(APP_NAME, APP_NAME)


def state_key(name: str) -> str:
    return f"{name}/{QT_TAG}"


def _blob(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(state_key(key))
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_header(settings: QSettings, key: str, header: QHeaderView) -> None:
    settings.setValue(state_key(key), header.saveState())


def restore_header(settings: QSettings, key: str, header: QHeaderView) -> bool:
    """Restore widths, order and sort indicator — only if the column count still matches."""
    blob = _blob(settings, key)
    if blob is None:
        return False
    count = header.count()
    return header.restoreState(blob) and header.count() == count


def save_splitter(settings: QSettings, key: str, splitter: QSplitter) -> None:
    settings.setValue(state_key(key), splitter.saveState())


def restore_splitter(settings: QSettings, key: str, splitter: QSplitter) -> bool:
    blob = _blob(settings, key)
    return blob is not None and splitter.restoreState(blob)


def save_geometry(settings: QSettings, key: str, window: QWidget) -> None:
    settings.setValue(state_key(key), window.saveGeometry())


def restore_geometry(settings: QSettings, key: str, window: QWidget, default: QSize) -> None:
    """Restore the last geometry if it is still on a screen; else a default size, centred."""
    blob = _blob(settings, key)
    if blob is not None and window.restoreGeometry(blob) and _on_a_screen(window):
        return
    _centre(window, default)


def _on_a_screen(window: QWidget) -> bool:
    """A window restored onto an unplugged monitor would be invisible: require a real overlap."""
    frame = window.frameGeometry()
    for screen in QGuiApplication.screens():
        overlap = screen.availableGeometry().intersected(frame)
        if overlap.width() >= 100 and overlap.height() >= 100:
            return True
    return False


def _centre(window: QWidget, default: QSize) -> None:
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(default)
        return
    available = screen.availableGeometry()
    size = default.boundedTo(available.size())
    window.resize(size)
    window.move(available.center() - window.rect().center())


LANGUAGE_KEY = "ui/language"


def saved_language(settings: QSettings | None = None) -> str | None:
    """The interface language chosen in the settings on this computer, if any (read at start-up)."""
    value = (settings or ui_settings()).value(LANGUAGE_KEY, "", type=str)
    return value if value in ("de", "en") else None
