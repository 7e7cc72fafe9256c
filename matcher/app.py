"""Start-up of the desktop program: arguments, logging, crash dialog, translations, database, window.

A first argument that names a sub-command (`matcher.cli.SUBCOMMANDS`) hands everything to the CLI, so
`wohnraum-matcher import …` works like `wohnraum-matcher-cli import …`. `--help` and `--version` are
answered before Qt is touched: they work without a display, over SSH and in scripts.

Logs rotate in the platform's log folder (`paths.log_dir()`). They record what the program did and
where it failed, never personal data: no names, no database parameters, no exception messages other
than our own (see `matcher.ui.crash_dialog.crash_report`).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from matcher import APP_ID, APP_NAME, __version__
from matcher.core import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from matcher.core.db import Database

log = logging.getLogger(__name__)

LOG_FILE = f"{APP_ID}.log"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 5
LANGUAGES = ("de", "en", "pseudo")  # as matcher.ui.i18n.LANGUAGES; kept here so --help needs no Qt
QUIT_WHEN_READY_ENV = "WOHNRAUM_MATCHER_QUIT_WHEN_READY"
LANG_ENV = "WOHNRAUM_MATCHER_LANG"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _subcommands():
        from matcher import cli

        return cli.main(args)
    try:
        options = parse_arguments(args)
    except SystemExit as exc:  # --help, --version and wrong arguments end here
        return exc.code if isinstance(exc.code, int) else 1
    setup_logging()
    return run(options)


def _subcommands() -> frozenset[str]:
    from matcher.cli import SUBCOMMANDS  # late: the window's start needs none of the CLI's imports

    return SUBCOMMANDS


# --- arguments -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The window's options, with the command line's German argparse (headings, usage, errors)."""
    from matcher.cli import GermanArgumentParser

    parser = GermanArgumentParser(
        prog=APP_ID,
        description=f"{APP_NAME} {__version__} – Vermittlung von Wohnungen für geflüchtete Haushalte.",
        epilog=_epilog(),
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--db",
        metavar="DATEI",
        type=Path,
        help=f"Diese SQLite-Datenbank öffnen; fehlt die Datei, wird sie angelegt (Voreinstellung: {paths.default_db_path()}).",
    )
    source.add_argument(
        "--db-url",
        metavar="URL",
        help="Eine Datenbank auf einem Server öffnen, z. B. postgresql+psycopg://benutzer@server/wohnraum.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="Die Demodatenbank mit erfundenen Haushalten und Wohnungen öffnen (mit --db an diesem Ort).",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=_language_from_environment(),
        help="Sprache der Oberfläche: de (Deutsch, Voreinstellung), en (Englisch) oder pseudo "
        "(verlängerte Texte, um zu enge Layouts zu finden).",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="Die Versionsnummer zeigen und beenden.",
    )
    return parser


def _language_from_environment() -> str:
    """WOHNRAUM_MATCHER_LANG if it names a language we have (argparse checks no defaults), else the
    language chosen in the settings on this computer, else German."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    if value in LANGUAGES:
        return value
    from matcher.ui.window_state import saved_language

    return saved_language() or "de"


def parse_arguments(args: list[str]) -> argparse.Namespace:
    parser = build_parser()
    options = parser.parse_args(args)
    if options.demo and options.db_url:
        parser.error("--demo legt eine Datei an und passt nicht zu --db-url")
    return options


def _epilog() -> str:
    commands = ", ".join(sorted(_subcommands()))
    lines = [f"Befehle ohne Fenster (für Skripte und die IT): {APP_ID} BEFEHL --help"]
    if commands:
        lines.append(f"  Befehle: {commands}")
    lines += [
        "",
        "Umgebungsvariablen:",
        f"  {LANG_ENV}=pseudo  wie --lang pseudo",
        f"  {paths.HOME_ENV}=ORDNER  Daten, Protokolle und Fenstereinstellungen in ORDNER",
        "",
        f"Protokolldateien: {paths.log_dir()}",
    ]
    return "\n".join(lines)


# --- logging and crashes ---------------------------------------------------------------------------


class _LogFile(RotatingFileHandler):
    """Our handler, so a second start in the same process (tests) replaces it instead of doubling it."""


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Rotating log file in the platform's log folder; a folder we cannot write to is not fatal."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _LogFile)]:
        root.removeHandler(old)
        old.close()
    target = paths.log_dir() / LOG_FILE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(target, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as exc:
        print(f"Protokolldatei nicht beschreibbar ({type(exc).__name__}): {target}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # libraries: warnings only (their INFO may quote data)
    logging.getLogger("matcher").setLevel(level)
    log.info("%s %s, Python %s, %s", APP_NAME, __version__, platform.python_version(), platform.platform())
    return target


_showing_crash = False


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: log the (data-free) report and show the crash dialog, once at a time."""
    global _showing_crash
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from matcher.ui.crash_dialog import crash_report, show_crash_dialog

    report = crash_report(exc_type, exc, tb)
    log.critical("unexpected error\n%s", report)
    if _showing_crash:  # an error inside the dialog itself: logging it is all we can do
        return
    _showing_crash = True
    try:
        show_crash_dialog(report)
    finally:
        _showing_crash = False


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    """Worker threads must not open dialogs; their errors are logged (the UI reports failed work)."""
    from matcher.ui.crash_dialog import crash_report

    if args.exc_value is not None:
        log.critical(
            "unexpected error in a thread\n%s", crash_report(args.exc_type, args.exc_value, args.exc_traceback)
        )


@contextmanager
def crash_handling() -> Iterator[None]:
    """Install the hooks for the life of the window, then put back whatever was there."""
    previous, previous_thread = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = handle_exception, _log_thread_exception
    try:
        yield
    finally:
        sys.excepthook, threading.excepthook = previous, previous_thread


# --- the window ---------------------------------------------------------------------------------------


def create_application() -> QApplication:
    """The QApplication with names for QSettings; Fusion where the platform brings no style of its own."""
    from PySide6.QtWidgets import QApplication

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    if app.style().name().lower() == "windows":  # Qt's bare fallback style, not a platform's own
        app.setStyle("Fusion")
    return app


def open_selected_database(
    options: argparse.Namespace, passphrase: str | None = None, read_only: bool = False
) -> Database:
    from matcher.core.db import open_database

    if options.demo:
        from matcher.core.demo import open_demo_database

        return open_demo_database(options.db)
    if options.db_url:
        return open_database(options.db_url)
    return open_database(path=options.db, passphrase=passphrase, read_only=read_only)


def selected_file(options: argparse.Namespace) -> Path | None:
    """The SQLite file start-up opens (for the instance lock and backups); None for a server."""
    if options.db_url:
        return None
    if options.db is not None:
        return Path(options.db).expanduser().resolve()
    return paths.demo_db_path() if options.demo else paths.default_db_path()


def event_loop(app: QApplication) -> int:
    if os.environ.get(QUIT_WHEN_READY_ENV):  # benchmarks/bench_startup.py: quit once the window is idle
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return app.exec()


def run(options: argparse.Namespace) -> int:
    """Qt up, translations in, database open (or a German message and exit code 1), window shown.

    Opening goes through `storage_dialogs.open_with_safety`: instance lock, passphrase, restore offer for a
    damaged file, a backup on start; the scheduled backups then run from the window's timer.
    """
    from matcher.ui.i18n import install_translations
    from matcher.ui.main_window import MainWindow
    from matcher.ui.storage_dialogs import open_with_safety

    app = create_application()
    install_translations(app, options.lang)
    with crash_handling():
        storage = open_with_safety(lambda key, ro: open_selected_database(options, key, ro), selected_file(options))
        if storage is None:
            return 1
        db = storage.db
        log.info("database opened (%s, read-only: %s)", db.engine.dialect.name, db.read_only)
        window = MainWindow(db)
        window.attach_storage(storage)
        window.show()
        try:
            return event_loop(app)
        finally:
            window.database.dispose()
            if window.storage is not None:
                window.storage.close()
