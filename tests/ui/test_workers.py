"""Background work: results and errors come back on the UI thread, the dialog waits 0.5 s, cancel works."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QPushButton, QWidget

from matcher.core.errors import NotFound
from matcher.ui.workers import Progress, run_in_background


def test_result_arrives_on_the_ui_thread(qtbot):
    seen: dict[str, object] = {}
    ui_thread = QThread.currentThread()

    def work(progress: Progress) -> int:
        seen["worker_thread"] = threading.current_thread().name
        progress.report(1, 2, "half")
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["on_ui_thread"] = QThread.currentThread() is ui_thread

    task = run_in_background(None, "Test", work, done)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["on_ui_thread"] is True
    assert seen["worker_thread"] != threading.main_thread().name
    assert task.dialog is None  # quick work shows no progress dialog


def test_an_error_goes_to_on_error_and_nothing_to_on_done(qtbot):
    errors: list[BaseException] = []
    results: list[object] = []

    def work(progress: Progress) -> None:
        raise NotFound("Die Wohnung gibt es nicht mehr.")

    task = run_in_background(None, "Test", work, results.append, on_error=errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == []
    assert [str(e) for e in errors] == ["Die Wohnung gibt es nicht mehr."]


def test_slow_work_shows_a_dialog_whose_cancel_stops_the_work(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    outcome: list[str] = []
    steps: list[int] = []

    def work(progress: Progress) -> str:
        for step in range(200):
            progress.report(step, 200, "Schritt")
            steps.append(step)
            time.sleep(0.02)
        return "fertig"

    task = run_in_background(parent, "Langsam", work, outcome.append, on_cancel=lambda: outcome.append("cancelled"))
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=3000)
    assert task.dialog.maximum() == 200
    assert task.dialog.findChild(QPushButton).text() == "Cancel"  # English: no translator installed
    qtbot.mouseClick(task.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"]
    assert len(steps) < 200
    assert task.dialog is None
