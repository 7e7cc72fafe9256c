"""Opening a database with a person in front of the screen: failures become a German message box.

The core raises DatabaseTooNew / DatabaseDamaged with messages written for caseworkers; those are shown
as they are. Anything else (a server that does not answer, a folder without write access) gets a
general explanation and the error's type, never a password or a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from matcher.core.db import Database
from matcher.core.errors import MatcherError
from matcher.ui.crash_dialog import crash_report

log = logging.getLogger(__name__)


@contextmanager
def _busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A modal error message whose only button says what it does ("Schließen", never a bare OK)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(details)
    box.addButton(QCoreApplication.translate("DatabaseDialogs", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()


def open_or_explain(opener: Callable[[], Database], parent: QWidget | None = None) -> Database | None:
    """Run `opener`; on failure explain why in a message box and return None."""
    title = QCoreApplication.translate("DatabaseDialogs", "The database cannot be opened")
    try:
        with _busy():  # migrating or filling the demo data can take a few seconds
            return opener()
    except MatcherError as exc:
        log.warning("database refused: %s", type(exc).__name__)
        show_error(parent, title, str(exc))
    except Exception as exc:  # boundary: whatever the driver raises, the person gets an answer
        log.error("opening the database failed\n%s", crash_report(type(exc), exc, exc.__traceback__))
        details = QCoreApplication.translate(
            "DatabaseDialogs",
            "Please check the file or the server address and your access rights. "
            "If the problem remains, tell your IT support this error type: %1",
        ).replace("%1", type(exc).__name__)
        text = QCoreApplication.translate("DatabaseDialogs", "An error occurred while opening the database.")
        show_error(parent, title, text, details)
    return None
