"""Opening a database safely with a person in front of the screen: lock, passphrase, damaged file, backups.

`open_with_safety` runs at start-up (app.py):
1. the instance lock beside the file — if another instance has it, `InUseDialog` says who and since when
   and offers read-only, waiting (`WaitDialog`) or, after confirmation, taking over a stale lock;
2. the passphrase of an encrypted file (`PassphraseDialog`; a wrong one gets the core's one message);
3. a damaged or foreign file is never written to: `RestoreDialog` offers the backups, newest good one
   first; restoring keeps the damaged file aside;
4. a backup on every start, a warning for a network drive, and `StorageSession` runs the scheduled
   backups from a timer and releases the lock at the end.

The rules (what a lock means, which backups exist, how to restore) live in the core: `instance_lock`,
`backup`, `encryption`. This module only asks and shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from matcher.core import backup, encryption, instance_lock
from matcher.core.db import Database
from matcher.core.errors import DatabaseDamaged, MatcherError
from matcher.core.instance_lock import DatabaseInUse, InstanceLock, LockHolder
from matcher.ui.database_dialogs import open_or_explain, show_error

log = logging.getLogger(__name__)

SCHEDULE_CHECK_MS = 10 * 60 * 1000  # the timer asks every 10 minutes; backup.SCHEDULE_INTERVAL decides

Opener = Callable[[str | None, bool], Database]
"""Opens the database: (passphrase or None, read-only) -> Database; raises the core's errors."""


def _time(value: datetime) -> str:
    local = value.astimezone()
    return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def _date_time(value: datetime) -> str:
    local = value.astimezone()
    return (
        QLocale().toString(QDate(local.year, local.month, local.day), QLocale.FormatType.ShortFormat)
        + " "
        + _time(local)
    )


def describe_holder(holder: LockHolder) -> str:
    return (
        QCoreApplication.translate("StorageDialogs", "The database is open by %1 on the computer %2 since %3.")
        .replace("%1", holder.user)
        .replace("%2", holder.host)
        .replace("%3", _time(holder.since))
    )


# --- passphrase ------------------------------------------------------------------------------------


class PassphraseDialog(QDialog):
    """Asks for the passphrase of an encrypted database; with `new=True` for a new one, twice."""

    def __init__(self, parent: QWidget | None, path: Path, *, new: bool = False, error: str = "") -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(self.tr("New passphrase") if new else self.tr("Encrypted database"))
        intro = QLabel(
            self.tr("Choose a passphrase for the database %1. Without it nobody can read the file — keep it safe.")
            if new
            else self.tr("The database %1 is encrypted. Please enter its passphrase.")
        )
        intro.setText(intro.text().replace("%1", path.name))
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.second = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.first)
        if new:
            form.addRow(self.tr("Repeat:"), self.second)
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setVisible(new)
        self.error = QLabel(error)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(error))
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Open") if not new else self.tr("Save passphrase"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.first.setFocus()

    def passphrase(self) -> str:
        return self.first.text()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def _check(self) -> None:
        if self.new:
            try:
                encryption.check_new_passphrase(self.first.text())
            except MatcherError as exc:
                self._show(str(exc))
                return
            if self.first.text() != self.second.text():
                self._show(self.tr("The two entries differ. Please type the passphrase again."))
                return
        elif not self.first.text():
            self._show(self.tr("Please enter the passphrase."))
            return
        self.accept()


def ask_passphrase(parent: QWidget | None, path: Path, error: str = "", *, new: bool = False) -> str | None:
    dialog = PassphraseDialog(parent, path, new=new, error=error)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None


# --- database in use -------------------------------------------------------------------------------


class InUseDialog(QDialog):
    """Another instance has the file: read only, wait, take over (stale lock, after confirming) or cancel."""

    READ_ONLY, WAIT, TAKE_OVER = 1, 2, 3

    def __init__(self, parent: QWidget | None, holder: LockHolder) -> None:
        super().__init__(parent)
        self.holder = holder
        self.choice = 0
        self.setWindowTitle(self.tr("Database in use"))
        text = QLabel(describe_holder(holder))
        text.setWordWrap(True)
        if holder.stale:
            hint = self.tr(
                "The program is no longer running there (it was probably closed by a crash). "
                "You can take the database over."
            )
        else:
            hint = self.tr(
                "You can open it read-only now, or wait until it is closed there. Two people must not change "
                "the same file at once."
            )
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.read_only_button = self._button(self.tr("Open read-only"), self.READ_ONLY)
        self.wait_button = self._button(self.tr("Wait"), self.WAIT)
        self.take_over_button = self._button(self.tr("Take over…"), self.TAKE_OVER)
        self.take_over_button.setVisible(holder.stale or not holder.on_this_computer)
        cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _button(self, text: str, choice: int) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: int) -> None:
        if choice == self.TAKE_OVER and not self.confirm_take_over():
            return
        self.choice = choice
        self.accept()

    def confirm_take_over(self) -> bool:
        question = self.tr(
            "Only take over if the program is certainly no longer running on %1 — otherwise two people change "
            "the same file. Take over the database?"
        ).replace("%1", self.holder.host)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Take over the database"), question,
                          QMessageBox.StandardButton.NoButton, self)  # fmt: skip
        yes = box.addButton(self.tr("Take over"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes


class WaitDialog(QProgressDialog):
    """Waits (polling once a second) until the other instance closes the file, then holds the lock."""

    def __init__(self, parent: QWidget | None, database: Path, holder: LockHolder, user: str | None) -> None:
        super().__init__(parent)
        self.database, self.user = database, user
        self.lock: InstanceLock | None = None
        self.setWindowTitle(self.tr("Waiting for the database"))
        self.setLabelText(
            describe_holder(holder) + "\n" + self.tr("The program opens it as soon as it is closed there.")
        )
        self.setCancelButtonText(self.tr("Cancel"))
        self.setRange(0, 0)
        self.setMinimumDuration(0)
        self.timer = QTimer(self)
        self.timer.setInterval(int(instance_lock.WAIT_POLL_SECONDS * 1000))
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        try:
            self.lock = instance_lock.acquire(self.database, self.user)
        except DatabaseInUse as busy:
            if not busy.holder.stale:
                return
            self.lock = instance_lock.take_over(self.database, self.user)
        self.timer.stop()
        self.accept()


# --- restore ---------------------------------------------------------------------------------------


class RestoreDialog(QDialog):
    """Lists the backups of a database (date, kind, size) and restores the chosen one."""

    def __init__(self, parent: QWidget | None, database: Path, passphrase: str | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.database, self.passphrase = database, passphrase
        self.restored_from: Path | None = None
        self.set_aside: Path | None = None
        self.used_passphrase: str | None = passphrase
        self.setWindowTitle(self.tr("Restore from backup"))
        intro = QLabel(
            (reason + "\n\n" if reason else "")
            + self.tr("Choose a backup. The current file is kept beside it under a new name; nothing is deleted.")
        )
        intro.setWordWrap(True)
        self.backups = backup.list_backups(database)
        self.table = QTableWidget(len(self.backups), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Made on"), self.tr("Kind"), self.tr("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        kinds = {backup.AUTO: self.tr("automatic"), backup.MANUAL: self.tr("by hand"),
                 backup.MIGRATION: self.tr("before an update")}  # fmt: skip
        for row, info in enumerate(self.backups):
            size = QLocale().toString(info.size / 1_000_000, "f", 1) + " MB"
            items = (QTableWidgetItem(_date_time(info.created)), QTableWidgetItem(kinds[info.kind]),
                     QTableWidgetItem(size))  # fmt: skip
            items[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(self.tr("There are no backups of this database yet."))
        self.empty.setVisible(not self.backups)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(self.backups))
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 380)
        if self.backups:
            self.select(self._newest_good_row())

    def _newest_good_row(self) -> int:
        good = backup.latest_good_backup(self.database, self.passphrase)
        paths = [b.path for b in self.backups]
        return paths.index(good.path) if good is not None else 0

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def chosen(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()].path if rows else None

    def restore_selected(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        passphrase = self.passphrase
        if encryption.is_encrypted(chosen) and passphrase is None:
            passphrase = ask_passphrase(self, chosen)
            if passphrase is None:
                return
        try:
            self.set_aside = backup.restore(self.database, chosen, passphrase)
            self.used_passphrase = passphrase
        except (MatcherError, OSError) as exc:
            log.warning("restore refused: %s", type(exc).__name__)
            self.error.setText(
                str(exc) if isinstance(exc, MatcherError) else self.tr("The backup could not be restored.")
            )
            self.error.setVisible(True)
            return
        self.restored_from = chosen
        self.accept()


def restore_open_database(parent: QWidget | None, db: Database) -> Database | None:
    """For a menu action "Restore from backup…": closes the connections of the open SQLite database, lets
    the person restore a backup and returns the reopened database (None: cancelled, `db` stays usable)."""
    if db.path is None:
        show_error(
            parent,
            QCoreApplication.translate("StorageDialogs", "Restore from backup"),
            QCoreApplication.translate(
                "StorageDialogs", "A database on a server is backed up and restored by your IT."
            ),
        )
        return None
    db.engine.dispose()  # no open connection may hold the file while it is swapped; the engine reconnects lazily
    dialog = RestoreDialog(parent, db.path, db.passphrase)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    from matcher.core.db import open_database

    return open_database(path=db.path, user=db.user, passphrase=dialog.used_passphrase)


def change_passphrase(parent: QWidget | None, db: Database) -> bool:
    """For a menu action "Change passphrase…" on an encrypted database: asks twice, re-keys the file."""
    if db.path is None or not db.encrypted:
        return False
    new = ask_passphrase(parent, db.path, new=True)
    if new is None:
        return False
    try:
        encryption.change_passphrase(db, new)
    except MatcherError as exc:
        show_error(parent, QCoreApplication.translate("StorageDialogs", "Change passphrase"), str(exc))
        return False
    return True


# --- start-up ----------------------------------------------------------------------------------------


class StorageSession:
    """What start-up opened: the database, the instance lock, and the timer for scheduled backups."""

    def __init__(self, db: Database, lock: InstanceLock | None) -> None:
        self.db = db
        self.lock = lock
        self.timer: QTimer | None = None
        self._current: Callable[[], Database] = lambda: self.db

    def watch(self, parent: QWidget, current: Callable[[], Database] | None = None) -> None:
        """Scheduled backups of whatever database `current()` returns (the window's, after a switch)."""
        if current is not None:
            self._current = current
        self.timer = QTimer(parent)
        self.timer.setInterval(SCHEDULE_CHECK_MS)
        self.timer.timeout.connect(self.scheduled_backup)
        self.timer.start()

    def scheduled_backup(self) -> Path | None:
        try:
            return backup.scheduled_backup(self._current())
        except MatcherError as exc:  # a full disk must not interrupt the work; the log says why
            log.warning("scheduled backup failed: %s", type(exc).__name__)
            return None

    def close(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _lock(path: Path, user: str | None, parent: QWidget | None) -> tuple[InstanceLock | None, bool] | None:
    """(lock or None, read-only); None when the person cancelled."""
    try:
        return instance_lock.acquire(path, user), False
    except DatabaseInUse as busy:
        dialog = InUseDialog(parent, busy.holder)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if dialog.choice == InUseDialog.READ_ONLY:
            return None, True
        if dialog.choice == InUseDialog.TAKE_OVER:
            return instance_lock.take_over(path, user), False
        waiting = WaitDialog(parent, path, busy.holder, user)
        if waiting.exec() != QDialog.DialogCode.Accepted or waiting.lock is None:
            return None
        return waiting.lock, False
    except OSError:  # no lock file possible (read-only folder): opening explains the real problem
        return None, False


def _open_with_passphrase(open_db: Opener, path: Path, read_only: bool, parent: QWidget | None) -> Database | None:
    passphrase: str | None = None
    error = ""
    while True:
        try:
            return open_db(passphrase, read_only)
        except (encryption.PassphraseRequired, encryption.WrongPassphrase) as exc:
            if isinstance(exc, encryption.WrongPassphrase):
                error = str(exc)
            passphrase = ask_passphrase(parent, path, error)
            if passphrase is None:
                return None


def _offer_restore(path: Path, problem: DatabaseDamaged, parent: QWidget | None) -> bool:
    if not backup.list_backups(path):
        return False
    reason = (
        str(problem)
        + " "
        + QCoreApplication.translate(
            "StorageDialogs", "The program offers the latest good backup; the damaged file is kept aside."
        )
    )
    dialog = RestoreDialog(parent, path, reason=reason)
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_with_safety(open_db: Opener, path: Path | None, user: str | None = None,
                     parent: QWidget | None = None) -> StorageSession | None:  # fmt: skip
    """Open the database at start-up with lock, passphrase, restore offer and start-up backup.

    `path` is the SQLite file (None for a server database: then only `open_or_explain`).
    """
    if path is None:
        db = open_or_explain(lambda: open_db(None, False), parent)
        return StorageSession(db, None) if db is not None else None
    locked = _lock(path, user, parent)
    if locked is None:
        return None
    lock, read_only = locked
    session: StorageSession | None = None
    try:
        for _attempt in range(2):  # a second try after a restore
            try:
                db = _open_with_passphrase(open_db, path, read_only, parent)
            except DatabaseDamaged as problem:
                if _attempt == 0 and _offer_restore(path, problem, parent):
                    continue
                db = open_or_explain(lambda problem=problem: _raise(problem), parent)  # type: ignore[misc]
            except Exception as exc:
                db = open_or_explain(lambda exc=exc: _raise(exc), parent)  # type: ignore[misc]
            if db is None:
                return None
            session = StorageSession(db, lock)
            break
        else:  # pragma: no cover - the loop always breaks or returns
            return None
    finally:
        if session is None and lock is not None:
            lock.release()
    _after_opening(session.db, parent)
    return session


def _raise(exc: BaseException) -> Database:
    raise exc


def _after_opening(db: Database, parent: QWidget | None) -> None:
    """The start-up backup and the network-drive warning."""
    try:
        backup.automatic_backup(db)
    except MatcherError as exc:
        log.warning("start-up backup failed: %s", type(exc).__name__)
        show_error(parent, QCoreApplication.translate("StorageDialogs", "No backup was made"), str(exc))
    for warning in db.warnings:
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("StorageDialogs", "Database on a network drive"), warning,
                          QMessageBox.StandardButton.NoButton, parent)  # fmt: skip
        box.addButton(QCoreApplication.translate("StorageDialogs", "Continue"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
