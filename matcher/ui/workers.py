"""Long work off the UI thread: a district proposal, a batch of documents, an import.

    task = run_in_background(self, self.tr("Proposal"), lambda progress: propose(db, progress), self._show)

The work function runs in a worker thread and gets a `Progress`: it reports how far it got and calls
`progress.check()` between steps, which raises `Cancelled` once the caseworker pressed "Abbrechen".
A progress dialog appears only when the work takes longer than `SHOW_AFTER_MS`, so quick work does not
flicker. The result (or the error) comes back on the UI thread: `on_done(result)`, or `on_error(exc)`
— by default a German message for errors the core raises on purpose, the crash dialog for the rest.
The work function must not touch widgets; it gets what it needs as plain values and uses its own
database sessions.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from matcher.core.errors import MatcherError

T = TypeVar("T")
SHOW_AFTER_MS = 500


class Cancelled(Exception):
    """Raised inside the work function by `Progress.check()` after the user cancelled."""


class Progress:
    """Thread-safe handle given to the work function."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        """`done` of `total` steps (total 0: unknown); also checks for cancellation."""
        self.check()
        self._emit(done, total, text)


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._progress = progress
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self._signals.was_cancelled.emit()
        except BaseException as exc:  # handed to the UI thread, which decides
            self._signals.failed.emit(exc)
        else:
            if self._progress.cancelled:
                self._signals.was_cancelled.emit()
            else:
                self._signals.succeeded.emit(result)


class Task(QObject, Generic[T]):
    """One piece of background work; `finished` fires after on_done/on_error/cancel, in every case."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._title = title
        self._on_done = on_done
        self._on_error = on_error or (lambda exc: show_error(parent, title, exc))
        self._on_cancel = on_cancel
        self._signals = _Signals()
        self.progress = Progress(self._signals.progressed.emit)
        self.dialog: QProgressDialog | None = None
        self.running = True
        self._signals.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._signals.was_cancelled.connect(self._cancelled, Qt.ConnectionType.QueuedConnection)
        self._last = (0, 0, "")
        QTimer.singleShot(SHOW_AFTER_MS, self._show_dialog)
        QThreadPool.globalInstance().start(_Runnable(work, self.progress, self._signals))

    def cancel(self) -> None:
        self.progress.cancel()

    def _show_dialog(self) -> None:
        if not self.running or self.dialog is not None:
            return
        dialog = QProgressDialog(self._parent)
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._show_progress(*self._last)
        dialog.show()

    def _show_progress(self, done: int, total: int, text: str) -> None:
        self._last = (done, total, text)
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        self.dialog.setLabelText(text or self._title)

    def _close(self) -> None:
        self.running = False
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _succeeded(self, result: T) -> None:
        self._close()
        try:
            self._on_done(result)
        finally:
            self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        try:
            self._on_error(exc)
        finally:
            self.finished.emit()

    def _cancelled(self) -> None:
        self._close()
        try:
            if self._on_cancel is not None:
                self._on_cancel()
        finally:
            self.finished.emit()


def run_in_background(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
) -> Task[T]:
    """Start `work` in the thread pool; see the module docstring."""
    return Task(parent, title, work, on_done, on_error, on_cancel)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A German message for a deliberate core error; the crash dialog (and the log) for anything else.
    Never log `exc` with `exc_info`: database errors quote their SQL parameters, i.e. names."""
    if isinstance(exc, MatcherError):
        from matcher.ui.database_dialogs import show_error as show_message

        show_message(parent, title, str(exc))
        return
    sys.excepthook(type(exc), exc, exc.__traceback__)  # logs a report without data-bearing messages
