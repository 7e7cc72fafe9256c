"""Lock the program after the office's idle time: the data disappears from every window until the user
unlocks it.

An application-wide event filter restarts a timer on every key press, click, wheel turn and mouse move.
When the timer runs out, every visible top-level window gets a `LockCurtain`: an opaque child widget
covering the whole window; the main window's central widget is hidden as well, so neither a glance nor an
accessibility tool reads the data behind it. While locked, the filter swallows input and shortcuts meant
for anything outside a curtain, so no key works on the hidden data. Open dialogs stay open underneath
(their unsaved input is kept); each curtain can unlock.

Unlocking: with an encrypted database, the passphrase (checked by the `verify` callable the storage side
passes in, so this module knows nothing of encryption). Without encryption there is no secret to ask
for — the operating system's password is not available to a program — so the curtain asks the user to
confirm who continues ("Continue as <user>"): a privacy screen against a glance at an unattended laptop,
not access control (README, "Datenschutz und Datensicherheit").

Holds no business rule; the idle time comes from the office settings (`Office.idle_lock_minutes`, 0 = off).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from matcher.core.db import Database

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
"""Events that count as the user being there (they restart the idle timer)."""

BLOCKED_WHILE_LOCKED = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
"""Input swallowed while locked unless it goes to a curtain (shortcuts too: Ctrl+S must not save)."""


def passphrase_check(db: Database) -> Callable[[str], bool] | None:
    """The `verify` for a database: its passphrase when it is encrypted, None (confirm the user) otherwise.

    Compared with the passphrase the open database was keyed with, in constant time; nothing is re-read.
    """
    if not getattr(db, "passphrase", None):
        return None

    def verify(passphrase: str) -> bool:  # reads the key at each attempt: a changed passphrase counts
        expected = (db.passphrase or "").encode("utf-8")
        return hmac.compare_digest(passphrase.encode("utf-8", "surrogatepass"), expected)

    return verify


class LockCurtain(QWidget):
    """Opaque cover over one window, with the unlock form."""

    unlock_requested = Signal(str)

    def __init__(self, window: QWidget, user: str, needs_passphrase: bool) -> None:
        super().__init__(window)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        self.setPalette(window.palette())
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.needs_passphrase = needs_passphrase

        title = QLabel(self.tr("Wohnraum-Matcher is locked"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        if needs_passphrase:
            text = self.tr("The program was locked after a time without input. Enter the passphrase to continue.")
        else:
            text = self.tr("The program was locked after a time without input. Its data is hidden until you continue.")
        explanation = QLabel(text)
        explanation.setWordWrap(True)
        explanation.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setVisible(needs_passphrase)
        self.passphrase.returnPressed.connect(self._submit)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        label = self.tr("Unlock") if needs_passphrase else self.tr("Continue as %1").replace("%1", user)
        self.button = QPushButton(label)
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)

        form = QVBoxLayout()
        form.setSpacing(12)
        form.addWidget(title)
        form.addWidget(explanation)
        form.addWidget(self.passphrase)
        form.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        form.addLayout(row)
        box = QWidget()
        box.setLayout(form)
        box.setMinimumWidth(380)
        box.setMaximumWidth(480)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(box)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        # A window too small for the form grows (unlocking must always be possible); real dialogs never are.
        window.resize(window.size().expandedTo(self.minimumSizeHint()))
        self.cover()
        window.installEventFilter(self)

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.parentWidget() and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.cover()
        return False

    def focus_form(self) -> None:
        (self.passphrase if self.needs_passphrase else self.button).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_wrong(self) -> None:
        self.error.setText(self.tr("Wrong passphrase. Please try again."))
        self.error.show()
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _submit(self) -> None:
        self.unlock_requested.emit(self.passphrase.text() if self.needs_passphrase else "")

    def release(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            parent.removeEventFilter(self)
        self.passphrase.clear()
        self.hide()
        self.deleteLater()


class IdleLock(QObject):
    """Locks every window after `minutes` without input (0: never). Install once per application.

    `verify(passphrase) -> bool` is given when the database is encrypted; without it the curtain asks the
    user to confirm their name. `user` is the name shown (the database's user).
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        main_window: QMainWindow,
        minutes: int,
        *,
        user: str,
        verify: Callable[[str], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else main_window)
        self._window = main_window
        self._user = user
        self._verify = verify
        self._curtains: list[LockCurtain] = []
        self._hidden_central: QWidget | None = None
        self._focus_before: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    # ---- settings -------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return bool(self._curtains)

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval() if self._enabled else 0

    def set_minutes(self, minutes: int) -> None:
        """The office's idle time; 0 switches the lock off (an unlocked program stays unlocked)."""
        self.set_timeout_ms(max(0, minutes) * 60_000)

    def set_timeout_ms(self, milliseconds: int) -> None:
        self._enabled = milliseconds > 0
        if self._enabled:
            self._timer.setInterval(milliseconds)
            if not self.is_locked:
                self._timer.start()
        else:
            self._timer.stop()

    def set_verify(self, verify: Callable[[str], bool] | None) -> None:
        """After switching databases: an encrypted one needs its passphrase, a plain one does not."""
        self._verify = verify

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    # ---- locking and unlocking ------------------------------------------------------------------

    def lock(self) -> None:
        if self.is_locked:
            return
        self._timer.stop()
        self._focus_before = QApplication.focusWidget()
        central = self._window.centralWidget()
        if central is not None and central.isVisible():
            central.hide()
            self._hidden_central = central
        windows = [self._window] + [
            w for w in QApplication.topLevelWidgets() if w is not self._window and w.isVisible() and w.isWindow()
        ]
        for window in windows:
            curtain = LockCurtain(window, self._user, needs_passphrase=self._verify is not None)
            curtain.unlock_requested.connect(lambda text, c=curtain: self._try_unlock(c, text))
            curtain.show()
            self._curtains.append(curtain)
        active = QApplication.activeModalWidget() or QApplication.activeWindow() or self._window
        for curtain in self._curtains:
            if curtain.parentWidget() is active:
                curtain.focus_form()
        self.locked.emit()

    def _try_unlock(self, curtain: LockCurtain, passphrase: str) -> None:
        if self._verify is not None and not self._verify(passphrase):
            curtain.show_wrong()
            return
        self.unlock()

    def unlock(self) -> None:
        """Remove the curtains and show the data again (called after a successful check)."""
        curtains, self._curtains = self._curtains, []
        for curtain in curtains:
            curtain.release()
        central, self._hidden_central = self._hidden_central, None
        if central is not None:
            with suppress(RuntimeError):  # the window was closed while locked
                central.show()
        focus, self._focus_before = self._focus_before, None
        if focus is not None:
            with suppress(RuntimeError):  # the widget was closed while the program was locked
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._enabled:
            self._timer.start()
        self.unlocked.emit()

    # ---- the filter -----------------------------------------------------------------------------

    def _inside_curtain(self, watched: QObject) -> bool:
        obj: QObject | None = watched
        while obj is not None:
            if isinstance(obj, LockCurtain):
                return True
            obj = obj.parent()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if not self._curtains:
            if kind in INPUT_EVENTS and self._enabled:
                self._timer.start()
            return False
        if kind in BLOCKED_WHILE_LOCKED and not self._inside_curtain(watched):
            return True
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._cover_new_window(watched)
        return False

    def _cover_new_window(self, window: QWidget) -> None:
        """A window opening while locked (a reminder, a finished background job) is covered at once."""
        if window.windowType() not in (Qt.WindowType.Window, Qt.WindowType.Dialog):
            return  # tooltips and popup menus belong to a covered window already
        if any(c.parentWidget() is window for c in self._curtains):
            return
        curtain = LockCurtain(window, self._user, needs_passphrase=self._verify is not None)
        curtain.unlock_requested.connect(lambda text, c=curtain: self._try_unlock(c, text))
        curtain.show()
        self._curtains.append(curtain)
