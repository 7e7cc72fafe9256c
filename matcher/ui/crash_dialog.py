"""When something unexpected fails: a calm dialog with details to copy, instead of a vanished window.

The report names the program and library versions and the place in the code, but leaves out exception
messages (other than our own German domain messages): a message can quote the data being processed —
a name, a database parameter — and the report is meant to be pasted into a support ticket and is
written to the log file. Personal data must end up in neither.
"""

from __future__ import annotations

import platform
import sys
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from matcher import APP_NAME, __version__
from matcher.core.errors import MatcherError


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """Versions, time and the traceback (root cause first), without data-bearing messages."""
    header = (
        f"{APP_NAME} {__version__} · Python {platform.python_version()} · PySide6 {pyside_version} · "
        f"Qt {qVersion()} · {platform.system()} {platform.release()}\n"
        f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n\n"
    )
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    parts = [_frames(e) + _describe(e) for e in reversed(list(_chain(exc)))]
    return header + "\nDaraus folgte:\n".join(parts)


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    """The exception and its causes, newest first, as Python prints them (loops cut)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


def _frames(exc: BaseException) -> str:
    frames = traceback.format_list(traceback.extract_tb(exc.__traceback__))
    return "Traceback (most recent call last):\n" + "".join(frames)


def _describe(exc: BaseException) -> str:
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, MatcherError):
        return f"{name}: {exc}\n"
    return f"{name} (Meldungstext aus Datenschutzgründen nicht aufgezeichnet)\n"


class CrashDialog(QDialog):
    """Says what happened and what to do next; the details can be copied for the IT support."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(self._message())
        layout.addWidget(self._details())
        layout.addWidget(self._buttons())

    def _message(self) -> QHBoxLayout:
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size))
        text = QLabel(
            self.tr(
                "Something went wrong that the program did not expect. Everything you saved is safe; "
                "input that was not saved yet may be lost.\n\n"
                "If the program behaves strangely now, close it and start it again. Please report the "
                "error to your IT support: copy the details below into your message."
            )
        )
        text.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(icon, 0)
        row.addWidget(text, 1)
        return row

    def _details(self) -> QPlainTextEdit:
        details = QPlainTextEdit(self.report, readOnly=True)
        details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        details.setMinimumHeight(details.fontMetrics().lineSpacing() * 10)
        return details

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        return buttons

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Details copied"))


def show_crash_dialog(report: str) -> None:
    """Modal, on top of whatever window is active; does nothing before the QApplication exists."""
    if not isinstance(QApplication.instance(), QApplication):
        print(report, file=sys.stderr)
        return
    CrashDialog(report, QApplication.activeWindow()).exec()
