"""The idle lock: after the idle time every window's data is hidden and input does not reach it; input
keeps it open; the passphrase (encrypted database) or a confirmation (plain database) unlocks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from matcher.core.services import settings as office_settings
from matcher.ui.idle_lock import IdleLock, LockCurtain, passphrase_check
from matcher.ui.main_window import HOUSEHOLDS, MainWindow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

SECRET = "Amina Haddad, geb. 14.03.1988"


class Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        central = QWidget()
        layout = QVBoxLayout(central)
        self.label = QLabel(SECRET)
        self.field = QLineEdit()
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        self.setCentralWidget(central)
        self.saved = 0
        save = QAction("Save", self)
        save.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save.triggered.connect(self._save)
        self.addAction(save)
        self.resize(640, 420)

    def _save(self) -> None:
        self.saved += 1


@pytest.fixture
def window(qtbot):
    win = Window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _lock(window, qtbot, **kwargs) -> IdleLock:
    lock = IdleLock(window, 0, user="m.mustermann", **kwargs)
    lock.set_timeout_ms(80)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    return lock


def _curtains(widget: QWidget) -> list[LockCurtain]:
    return [c for c in widget.findChildren(LockCurtain) if c.isVisible()]


def test_idle_time_hides_the_data_and_blocks_input(window, qtbot):
    window.field.setFocus()
    lock = _lock(window, qtbot)
    assert not window.centralWidget().isVisible()
    (curtain,) = _curtains(window)
    assert curtain.geometry() == window.rect()
    qtbot.keyClicks(window.field, "abc")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.field.text() == "" and window.saved == 0
    lock.uninstall()


def test_input_keeps_the_program_open(window, qtbot):
    lock = IdleLock(window, 0, user="m.mustermann")
    lock.set_timeout_ms(400)
    for _ in range(8):
        qtbot.wait(100)
        qtbot.keyClick(window.field, Qt.Key.Key_A)
    assert not lock.is_locked and window.field.text() == "a" * 8
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    lock.uninstall()


def test_plain_database_continues_after_confirming_the_user(window, qtbot):
    lock = _lock(window, qtbot)
    (curtain,) = _curtains(window)
    assert "m.mustermann" in curtain.button.text()
    assert not curtain.passphrase.isVisible()
    qtbot.mouseClick(curtain.button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked and window.centralWidget().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.saved == 1
    lock.uninstall()


def test_wrong_passphrase_stays_locked_right_one_unlocks(window, qtbot):
    tried: list[str] = []

    def verify(passphrase: str) -> bool:
        tried.append(passphrase)
        return passphrase == "richtig"

    lock = _lock(window, qtbot, verify=verify)
    (curtain,) = _curtains(window)
    qtbot.keyClicks(curtain.passphrase, "falsch")
    qtbot.keyClick(curtain.passphrase, Qt.Key.Key_Return)
    assert lock.is_locked and curtain.error.isVisible() and curtain.passphrase.text() == ""
    assert not window.centralWidget().isVisible()
    qtbot.keyClicks(curtain.passphrase, "richtig")
    qtbot.keyClick(curtain.passphrase, Qt.Key.Key_Return)
    assert tried == ["falsch", "richtig"]
    assert not lock.is_locked and window.centralWidget().isVisible() and _curtains(window) == []
    lock.uninstall()


def test_other_windows_are_covered_and_keep_their_input(window, qtbot):
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    edit.setText("ungespeichert")
    dialog.show()
    qtbot.waitExposed(dialog)
    lock = _lock(window, qtbot)
    assert len(_curtains(dialog)) == 1 and dialog.isVisible()
    qtbot.keyClicks(edit, "xyz")
    assert edit.text() == "ungespeichert"
    late = QDialog(window)
    late.show()
    assert len(_curtains(late)) == 1, "a window opened while locked is covered too"
    qtbot.mouseClick(_curtains(dialog)[0].button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked and _curtains(dialog) == [] and _curtains(late) == []
    assert edit.text() == "ungespeichert"
    lock.uninstall()


def test_encrypted_database_unlocks_only_with_its_passphrase(window, qtbot, tmp_path, db):
    from matcher.core.db import open_database

    encrypted = open_database(path=tmp_path / "geheim.sqlite", passphrase="Lange-Passphrase-42", user="m.m")
    try:
        assert passphrase_check(db) is None  # a plain database: confirm the user instead
        lock = _lock(window, qtbot, verify=passphrase_check(encrypted))
        (curtain,) = _curtains(window)
        assert curtain.passphrase.isVisible()
        for wrong in ("", "lange-passphrase-42", "Lange-Passphrase-4"):
            qtbot.keyClicks(curtain.passphrase, wrong)
            qtbot.mouseClick(curtain.button, Qt.MouseButton.LeftButton)
            assert lock.is_locked, wrong
        qtbot.keyClicks(curtain.passphrase, "Lange-Passphrase-42")
        qtbot.mouseClick(curtain.button, Qt.MouseButton.LeftButton)
        assert not lock.is_locked
        lock.uninstall()
    finally:
        encrypted.dispose()


def test_zero_minutes_never_locks(window, qtbot):
    lock = IdleLock(window, 0, user="m.mustermann")
    qtbot.wait(200)
    assert not lock.is_locked and lock.timeout_ms == 0
    lock.set_minutes(15)
    assert lock.timeout_ms == 15 * 60_000
    lock.uninstall()


def test_main_window_on_a_real_database_hides_every_household_name(qtbot, sample_db, settings, language):
    """Wired as the lead will wire it: minutes from the office settings, the database's user."""
    window = MainWindow(sample_db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_area(HOUSEHOLDS)
    office = office_settings.get_office(sample_db)
    lock = IdleLock(window, office.idle_lock_minutes, user=sample_db.user)
    assert lock.timeout_ms == office.idle_lock_minutes * 60_000 > 0
    visible_before = [w for w in window.findChildren(QWidget) if w.isVisible()]
    lock.lock()
    assert lock.is_locked and not window.centralWidget().isVisible()
    shown = [w for w in window.findChildren(QWidget) if w.isVisible()]
    assert all(isinstance(w, LockCurtain) or w.parentWidget() is window or _in_curtain(w) or not _in_central(w, window)
               for w in shown)  # fmt: skip
    assert len(shown) < len(visible_before)
    (curtain,) = _curtains(window)
    assert curtain.button.text() == f"Weiter als {sample_db.user}"
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "idle_lock_de.png"))
    qtbot.mouseClick(curtain.button, Qt.MouseButton.LeftButton)
    assert window.centralWidget().isVisible()
    lock.uninstall()


def _in_curtain(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, LockCurtain):
            return True
        parent = parent.parentWidget()
    return False


def _in_central(widget: QWidget, window: QMainWindow) -> bool:
    central = window.centralWidget()
    parent: QWidget | None = widget
    while parent is not None:
        if parent is central:
            return True
        parent = parent.parentWidget()
    return False
