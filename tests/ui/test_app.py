"""Start-up: help without a display, refusing unusable databases with a message, logging, crash dialog."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

import matcher
from matcher import app as app_module
from matcher.core import paths
from matcher.core.db import open_database
from matcher.core.errors import NotFound
from matcher.ui.crash_dialog import CrashDialog
from matcher.ui.i18n import remove_translations
from matcher.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean_process_state(qapp):
    """app.main installs translators and a log handler for the process; take them away again."""
    root, ours = logging.getLogger(), logging.getLogger("matcher")
    levels = root.level, ours.level
    yield
    remove_translations(qapp)
    for handler in [h for h in root.handlers if isinstance(h, app_module._LogFile)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(levels[0])
    ours.setLevel(levels[1])


@pytest.fixture
def message_boxes(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0)
    return shown


@pytest.fixture
def shown_windows(monkeypatch) -> list[MainWindow]:
    """Replace the event loop: record the windows that are up, then close them as a user would."""
    seen: list[MainWindow] = []

    def loop(app: QApplication) -> int:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(windows)
        for window in windows:  # the lists load in the background: let them arrive, as a user would
            for _ in range(500):
                if not window.flats.loading:
                    break
                QTest.qWait(20)
            window.close()
        return 0

    monkeypatch.setattr(app_module, "event_loop", loop)
    return seen


def run_main_py(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def test_help_works_without_a_display_and_is_german():
    result = run_main_py("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: wohnraum-matcher")
    for fragment in ("--db DATEI", "--db-url URL", "--demo", "Sprache der Oberfläche", "Optionen:"):
        assert fragment in result.stdout


def test_version_and_wrong_arguments_answer_in_german():
    assert run_main_py("--version").stdout.strip() == f"Wohnraum-Matcher {matcher.__version__}"
    wrong = run_main_py("--colour", "blau")
    assert wrong.returncode == 2
    assert "Fehler: Unbekannte Angaben: --colour blau" in wrong.stderr


def test_help_in_process_returns_zero(capsys):
    assert app_module.main(["--help"]) == 0
    assert "Aufruf:" in capsys.readouterr().out


def test_language_from_the_environment_and_unknown_values(monkeypatch):
    monkeypatch.setenv(app_module.LANG_ENV, "pseudo")
    assert app_module.parse_arguments([]).lang == "pseudo"
    monkeypatch.setenv(app_module.LANG_ENV, "fr")
    assert app_module.parse_arguments([]).lang == "de"
    assert app_module.parse_arguments(["--lang", "en"]).lang == "en"


def test_the_language_chosen_in_the_settings_is_used_at_the_next_start(monkeypatch):
    from matcher.ui.window_state import LANGUAGE_KEY, ui_settings

    monkeypatch.delenv(app_module.LANG_ENV, raising=False)
    assert app_module.parse_arguments([]).lang == "de"
    settings = ui_settings()
    settings.setValue(LANGUAGE_KEY, "en")
    settings.sync()
    assert app_module.parse_arguments([]).lang == "en"
    monkeypatch.setenv(app_module.LANG_ENV, "pseudo")  # the environment still wins, for testers
    assert app_module.parse_arguments([]).lang == "pseudo"


def test_demo_and_server_url_do_not_go_together(capsys):
    assert app_module.main(["--demo", "--db-url", "postgresql://server/db"]) == 2
    assert "--demo legt eine Datei an" in capsys.readouterr().err


def test_database_from_a_newer_version_is_refused_with_a_message(tmp_path, message_boxes):
    path = tmp_path / "neuer.sqlite"
    open_database(path=path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = path.read_bytes()
    assert app_module.main(["--db", str(path)]) == 1
    [(title, text)] = message_boxes
    assert title == "Die Datenbank kann nicht geöffnet werden"
    assert "neueren Version" in text
    assert path.read_bytes() == before


def test_damaged_file_is_refused_with_a_message(tmp_path, message_boxes):
    path = tmp_path / "kaputt.sqlite"
    path.write_bytes(b"Dies ist keine Datenbank. " * 200)
    assert app_module.main(["--db", str(path)]) == 1
    assert "beschädigt" in message_boxes[0][1]


def test_start_opens_the_window_on_the_database_and_logs_without_personal_data(sample_db, shown_windows):
    assert app_module.main(["--db", str(sample_db.path), "--lang", "de"]) == 0
    [window] = shown_windows
    assert window.flats.model.total_count() == 8
    assert window.navigation.item(1).text() == "Wohnungen"
    log_text = (paths.log_dir() / app_module.LOG_FILE).read_text(encoding="utf-8")
    assert "database opened (sqlite" in log_text
    for personal in ("Haddad", "Müller", str(sample_db.path)):
        assert personal not in log_text


def test_english_start(sample_db, shown_windows):
    assert app_module.main(["--db", str(sample_db.path), "--lang", "en"]) == 0
    assert shown_windows[0].navigation.item(1).text() == "Flats"


def test_demo_start(tmp_path, shown_windows):
    pytest.importorskip("matcher.core.demo")
    assert app_module.main(["--demo", "--db", str(tmp_path / "demo.sqlite")]) == 0
    window = shown_windows[0]
    window.show_area(2)
    for _ in range(500):  # the households list loads in the background
        if not window.households.loading:
            break
        QTest.qWait(20)
    assert window.flats.model.total_count() > 0
    assert window.households.model.total_count() == 300
    assert window.database.path == tmp_path / "demo.sqlite"


def test_a_sub_command_is_handed_to_the_cli(monkeypatch):
    calls: list[list[str]] = []
    fake = types.ModuleType("matcher.cli")
    fake.SUBCOMMANDS = frozenset({"rank"})  # type: ignore[attr-defined]
    fake.main = lambda argv: calls.append(argv) or 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "matcher.cli", fake)
    monkeypatch.setattr(matcher, "cli", fake, raising=False)
    assert app_module.main(["rank", "--json"]) == 7
    assert calls == [["rank", "--json"]]


def test_unexpected_error_is_logged_without_its_message_and_shown(qapp, monkeypatch, language):
    dialogs: list[CrashDialog] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda dialog: dialogs.append(dialog) or 0)
    log_file = app_module.setup_logging()
    assert log_file is not None
    person = "Haddad, Amal, geboren 01.02.1990"  # data arrives in variables; code lines hold none
    try:
        raise ValueError(person)
    except ValueError as exc:
        app_module.handle_exception(type(exc), exc, exc.__traceback__)
    logged = log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError" in logged
    assert "test_app.py" in logged
    assert "Haddad" not in logged
    [dialog] = dialogs
    assert dialog.windowTitle() == "Unerwarteter Fehler"
    assert "Haddad" not in dialog.report
    dialog.copy_details()
    assert QGuiApplication.clipboard().text() == dialog.report
    assert dialog.copy_button.text() == "Details kopiert"


def test_an_error_in_a_slot_shows_the_crash_dialog_instead_of_ending_the_program(sample_db, monkeypatch):
    from PySide6.QtCore import QTimer

    dialogs: list[CrashDialog] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda dialog: dialogs.append(dialog) or 0)

    def boom() -> None:
        raise RuntimeError("im Slot")

    def loop(app: QApplication) -> int:
        QTimer.singleShot(0, boom)
        app.processEvents()
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        for window in windows:
            window.close()
        return 0 if windows else 1

    monkeypatch.setattr(app_module, "event_loop", loop)
    assert app_module.main(["--db", str(sample_db.path)]) == 0  # the window was still there afterwards
    [dialog] = dialogs
    assert "builtins.RuntimeError" in dialog.report
    assert "in boom" in dialog.report


def test_our_own_error_messages_stay_in_the_report(monkeypatch):
    from matcher.ui.crash_dialog import crash_report

    try:
        try:
            raise KeyError(17)
        except KeyError as cause:
            raise NotFound("Wohnung 17 gibt es nicht (mehr).") from cause
    except NotFound as exc:
        report = crash_report(type(exc), exc, exc.__traceback__)
    assert "NotFound: Wohnung 17 gibt es nicht (mehr)." in report
    assert report.index("KeyError") < report.index("NotFound")  # root cause first, as Python prints it


def test_crash_handling_restores_the_previous_hooks():
    before = sys.excepthook
    with app_module.crash_handling():
        assert sys.excepthook is app_module.handle_exception
    assert sys.excepthook is before
