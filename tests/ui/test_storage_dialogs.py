"""Start-up dialogs of data safety: passphrase, database in use, restore from backup — clicked for real."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from matcher.core import backup, instance_lock
from matcher.core.db import StorageError, open_database
from matcher.core.services import landlords
from matcher.ui import storage_dialogs as sd

PASSPHRASE = "richtig-und-lang"


def _opener(path: Path) -> sd.Opener:
    return lambda passphrase, read_only: open_database(path=path, passphrase=passphrase, read_only=read_only)


_FAILURES: list[BaseException] = []


@pytest.fixture(autouse=True)
def _steps_did_not_fail():
    """A failed check inside a modal dialog closes the dialog (no hang) and fails the test here."""
    _FAILURES.clear()
    yield
    if _FAILURES:
        raise _FAILURES[0]


def _when_modal(*steps: Callable[[QWidget], None]) -> list[QWidget]:
    """Run each step on the next modal dialog that appears (one after another); returns the dialogs seen."""
    seen: list[QWidget] = []
    pending = list(steps)

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible() and not widget.property("handled"):
            widget.setProperty("handled", True)  # a new dialog may reuse a closed one's address
            seen.append(widget)
            step = pending.pop(0)
            if pending:  # before the step: a click may open the next dialog and block in its exec()
                QTimer.singleShot(20, poll)
            try:
                step(widget)
            except BaseException as exc:  # reported by _steps_did_not_fail
                _FAILURES.append(exc)
                pending.clear()
                widget.close()
                QTimer.singleShot(50, _close_all_modals)
        elif pending:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def _close_all_modals() -> None:
    widget = QApplication.activeModalWidget()
    if widget is not None:
        widget.close()
        QTimer.singleShot(50, _close_all_modals)


def _live_holder(path: Path, user: str = "kollegin", pid: int | None = None) -> None:
    holder = instance_lock.LockHolder(user, socket.gethostname(), pid or os.getppid(), datetime.now().astimezone())
    instance_lock._write(instance_lock.lock_path(path), holder, exclusive=True)


@pytest.fixture
def encrypted_file(tmp_path) -> Path:
    db = open_database(path=tmp_path / "geheim.sqlite", passphrase=PASSPHRASE)
    landlords.create_landlord(db, {"kind": "private", "name": "Verschlüsselt"})
    db.dispose()
    return db.path


def test_wrong_then_right_passphrase_opens_the_encrypted_database(qtbot, encrypted_file, language):
    def wrong(dialog: sd.PassphraseDialog) -> None:
        assert dialog.windowTitle() == "Verschlüsselte Datenbank"
        qtbot.keyClicks(dialog.first, "falsch-aber-lang")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    def right(dialog: sd.PassphraseDialog) -> None:
        assert dialog.error.text() == "Passwort falsch oder Datei beschädigt"
        qtbot.keyClicks(dialog.first, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    seen = _when_modal(wrong, right)
    session = sd.open_with_safety(_opener(encrypted_file), encrypted_file)
    assert len(seen) == 2 and session is not None
    assert [x.name for x in landlords.list_landlords(session.db)] == ["Verschlüsselt"]
    assert instance_lock.read_holder(encrypted_file).pid == os.getpid()
    assert any(b.kind == backup.AUTO for b in backup.list_backups(encrypted_file))  # backup on start
    session.db.dispose()
    session.close()
    assert not instance_lock.lock_path(encrypted_file).exists()


def test_cancelling_the_passphrase_opens_nothing_and_releases_the_lock(qtbot, encrypted_file):
    _when_modal(lambda dialog: dialog.reject())
    assert sd.open_with_safety(_opener(encrypted_file), encrypted_file) is None
    assert not instance_lock.lock_path(encrypted_file).exists()


def test_new_passphrase_dialog_refuses_short_and_different_entries(qtbot, tmp_path, language):
    dialog = sd.PassphraseDialog(None, tmp_path / "neu.sqlite", new=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.first, "kurz")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "mindestens 8 Zeichen" in dialog.error.text() and not dialog.result()
    dialog.first.setText("lang-genug-1")
    dialog.second.setText("lang-genug-2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Die beiden Eingaben unterscheiden sich. Bitte geben Sie das Passwort erneut ein."
    dialog.second.setText("lang-genug-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == sd.PassphraseDialog.DialogCode.Accepted and dialog.passphrase() == "lang-genug-1"


def test_second_instance_learns_who_and_opens_read_only(qtbot, db, language):
    _live_holder(db.path)
    path = db.path

    def read_only(dialog: sd.InUseDialog) -> None:
        text = dialog.findChildren(sd.QLabel)[0].text()
        assert text.startswith(f"Die Datenbank ist geöffnet von kollegin auf dem Rechner {socket.gethostname()} seit")
        assert not dialog.take_over_button.isVisible()  # alive on this computer: no taking over
        qtbot.mouseClick(dialog.read_only_button, Qt.MouseButton.LeftButton)

    _when_modal(read_only)
    session = sd.open_with_safety(_opener(path), path)
    assert session is not None and session.db.read_only and session.lock is None
    with pytest.raises(StorageError, match="nur zum Lesen"):
        landlords.create_landlord(session.db, {"kind": "private", "name": "Darf nicht"})
    assert instance_lock.read_holder(path).user == "kollegin"  # the other instance keeps its lock
    session.db.dispose()
    session.close()


def test_stale_lock_of_a_crashed_instance_is_taken_over_after_confirming(qtbot, db, language):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _live_holder(db.path, "abgestuerzt", pid=dead.pid)
    path = db.path

    def take_over(dialog: sd.InUseDialog) -> None:
        assert "läuft dort nicht mehr" in dialog.hint.text()
        qtbot.mouseClick(dialog.take_over_button, Qt.MouseButton.LeftButton)

    def confirm(box: QMessageBox) -> None:
        assert "Nur übernehmen" in box.text()
        yes = next(b for b in box.buttons() if b.text() == "Übernehmen")
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)

    _when_modal(take_over, confirm)
    session = sd.open_with_safety(_opener(path), path, user="nachfolgerin")
    assert session is not None and not session.db.read_only
    assert instance_lock.read_holder(path).user == "nachfolgerin"
    landlords.create_landlord(session.db, {"kind": "private", "name": "Weiter geht's"})
    session.db.dispose()
    session.close()


def test_waiting_opens_as_soon_as_the_other_instance_closes(qtbot, db):
    _live_holder(db.path)
    path = db.path

    def close_elsewhere() -> None:
        instance_lock.lock_path(path).unlink()

    def wait(dialog: sd.InUseDialog) -> None:
        qtbot.mouseClick(dialog.wait_button, Qt.MouseButton.LeftButton)

    def waiting(dialog: sd.WaitDialog) -> None:
        assert "kollegin" in dialog.labelText()
        close_elsewhere()  # the other instance closes; the next poll takes the lock

    _when_modal(wait, waiting)
    session = sd.open_with_safety(_opener(path), path)
    assert session is not None and session.lock is not None and not session.db.read_only
    session.db.dispose()
    session.close()


def test_damaged_file_is_replaced_from_the_chosen_backup_and_kept_aside(qtbot, db, language):
    landlords.create_landlord(db, {"kind": "private", "name": "Aus der Sicherung"})
    backup.create_backup(db, kind=backup.AUTO)
    path = db.path
    db.dispose()
    path.write_bytes(b"\0" * 8192)  # zeroed out by a failing disk
    path.with_name(path.name + "-wal").unlink(missing_ok=True)

    def restore(dialog: sd.RestoreDialog) -> None:
        assert dialog.table.rowCount() == 1
        assert dialog.table.horizontalHeaderItem(0).text() == "Angelegt am"
        assert dialog.table.item(0, 1).text() == "automatisch"
        assert dialog.chosen() == dialog.backups[0].path
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    _when_modal(restore)
    session = sd.open_with_safety(_opener(path), path)
    assert session is not None
    assert [x.name for x in landlords.list_landlords(session.db)] == ["Aus der Sicherung"]
    kept = [f for f in path.parent.iterdir() if ".ersetzt-" in f.name and f.suffix == ".sqlite"]
    assert len(kept) == 1 and kept[0].read_bytes() == b"\0" * 8192
    session.db.dispose()
    session.close()


def test_restore_dialog_restores_a_running_database_and_lists_every_backup(qtbot, db, language):
    landlords.create_landlord(db, {"kind": "private", "name": "Alt"})
    backup.create_backup(db, kind=backup.MANUAL)
    landlords.create_landlord(db, {"kind": "private", "name": "Neu"})
    backup.create_backup(db, kind=backup.AUTO)
    path = db.path
    db.dispose()
    dialog = sd.RestoreDialog(None, path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    kinds = {dialog.table.item(row, 1).text() for row in range(2)}
    assert kinds == {"automatisch", "von Hand"}
    sizes = [dialog.table.item(row, 2).text() for row in range(2)]
    assert all(s.endswith(" MB") for s in sizes)
    manual = next(r for r in range(2) if dialog.table.item(r, 1).text() == "von Hand")
    dialog.select(manual)
    dialog.grab().save(str(Path(__file__).resolve().parents[2] / "screenshots" / "restore_dialog.png"))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == sd.RestoreDialog.DialogCode.Accepted
    again = open_database(path=path)
    assert [x.name for x in landlords.list_landlords(again)] == ["Alt"]
    again.dispose()


def test_scheduled_backup_from_the_timer(qtbot, db):
    session = sd.StorageSession(db, None)
    widget = QWidget()
    qtbot.addWidget(widget)
    session.watch(widget)
    assert session.timer is not None and session.timer.isActive()
    first = session.scheduled_backup()
    assert first is not None and first.exists()
    assert session.scheduled_backup() is None  # the last one is fresh
    session.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a small tmpfs is Linux")
def test_full_disk_keeps_the_input_in_the_form_with_a_german_message(qtbot, tmp_path, sqlite_template, language):
    """A real full disk (small tmpfs): the landlord form stays open with its input and says why."""
    from matcher.ui.context import AppContext
    from matcher.ui.flat_form import LandlordDialog

    folder = tmp_path / "voll"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    size = f"{sqlite_template.stat().st_size // 1024 + 96}k"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"mount not permitted here: {mounted.stderr.decode().strip()}")
    try:
        path = folder / "voll.sqlite"
        path.write_bytes(sqlite_template.read_bytes())
        db = open_database(path=path)
        saved = 0
        with pytest.raises(StorageError):  # fill the disk through the program itself
            for i in range(10_000):
                landlords.create_landlord(db, {"kind": "private", "name": f"V{i}", "notes": "Notiz " * 600})
                saved += 1
        dialog = LandlordDialog(AppContext(db))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.fields.widgets["name"], "Wohnbau Emsland GmbH")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.landlord_id is None
        assert "Speicherplatz" in dialog.banner.text()
        assert dialog.fields.value("name") == "Wohnbau Emsland GmbH"
        assert len(landlords.list_landlords(db)) == saved and db.integrity_problems() == []
        db.dispose()
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_restoring_the_open_database_from_the_menu(qtbot, db, language):
    landlords.create_landlord(db, {"kind": "private", "name": "Gesichert"})
    backup.create_backup(db)
    landlords.create_landlord(db, {"kind": "private", "name": "Danach"})

    def restore(dialog: sd.RestoreDialog) -> None:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    _when_modal(restore)
    reopened = sd.restore_open_database(None, db)
    assert reopened is not None
    assert [x.name for x in landlords.list_landlords(reopened)] == ["Gesichert"]
    reopened.dispose()


def test_changing_the_passphrase_from_the_menu(qtbot, encrypted_file, language):
    db = open_database(path=encrypted_file, passphrase=PASSPHRASE)

    def new(dialog: sd.PassphraseDialog) -> None:
        assert dialog.windowTitle() == "Neues Passwort"
        dialog.first.setText("ein-neues-passwort")
        dialog.second.setText("ein-neues-passwort")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_modal(new)
    assert sd.change_passphrase(None, db)
    landlords.create_landlord(db, {"kind": "private", "name": "Danach"})
    db.dispose()
    again = open_database(path=encrypted_file, passphrase="ein-neues-passwort")
    assert len(landlords.list_landlords(again)) == 2
    again.dispose()


def test_a_database_on_a_network_drive_is_opened_with_a_warning(qtbot, db, language):
    db.warnings = ["Die Datenbank liegt auf einem Netzlaufwerk (cifs)."]
    seen = _when_modal(lambda box: box.buttons()[0].click())
    sd._after_opening(db, None)
    [box] = seen
    assert box.windowTitle() == "Datenbank auf einem Netzlaufwerk" and "cifs" in box.text()
