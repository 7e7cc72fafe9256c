"""Data-safety sub-commands: `backup`, `restore` and `passphrase change`.

    python -m matcher backup [-o DATEI]        Sicherung (Standard: in den Sicherungsordner)
    python -m matcher restore DATEI            Datenbank aus einer Sicherung wiederherstellen
    python -m matcher passphrase change        Passwort ändern (eine unverschlüsselte Datei: verschlüsseln)

Each takes `--db PATH` and `--json` (added by `cli.py`). Passphrases are asked for on the terminal
(getpass, never echoed, never an argument: arguments show up in process lists and shell histories) or,
for scripts, taken from the environment: MATCHER_PASSPHRASE (the current one) and MATCHER_NEW_PASSPHRASE.
Registered in `cli.COMMANDS`; the helpers of `cli` are imported when a command runs.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from matcher.core import backup, encryption, instance_lock, paths
from matcher.core.formatting import number

BACKUP_HELP = "Sicherung der Datenbank anlegen (Standard: im Sicherungsordner, sonst mit -o DATEI)."
RESTORE_HELP = "Datenbank aus einer Sicherung wiederherstellen; die bisherige Datei bleibt daneben erhalten."
PASSPHRASE_HELP = "Passwort der verschlüsselten Datenbank ändern; eine unverschlüsselte Datei wird verschlüsselt."
NEW_PASSPHRASE_ENV = "MATCHER_NEW_PASSPHRASE"


def _cli() -> Any:
    from matcher import cli

    return cli


def _size(size: int) -> str:
    return f"{number(size / 1_000_000, 1)} MB"


def _database_path(args: argparse.Namespace) -> Path:
    cli = _cli()
    if args.db_url:
        raise cli.CliError(
            "Sichern und Wiederherstellen gibt es nur für SQLite-Dateien. Eine PostgreSQL-Datenbank sichert die "
            "IT auf dem Server (pg_dump); das Passwort dort verwaltet der Server."
        )
    path: Path = cli._explicit_path(args) or paths.default_db_path()
    if args.db:
        cli._check_folder(path)
    return path


def _ask(prompt: str, env: str) -> str | None:
    """A passphrase from the environment (scripts) or the terminal (people); None if neither is there."""
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def _current_passphrase(path: Path) -> str | None:
    """None for a plain file; the passphrase for an encrypted one (asked for), or PassphraseRequired."""
    if not encryption.is_encrypted(path):
        return None
    passphrase = _ask("Passwort der Datenbank: ", encryption.PASSPHRASE_ENV)
    if passphrase is None:
        raise encryption.PassphraseRequired(path)
    return passphrase


# --- backup --------------------------------------------------------------------------------------


def add_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="DATEI",
        type=Path,
        help="Hierhin sichern (eine neue Datei; der Ordner muss bestehen).",
    )


def run_backup(args: argparse.Namespace) -> int:
    cli = _cli()
    path = _database_path(args)
    if not path.exists():
        raise cli.CliError(f"Die Datenbank „{path}“ gibt es nicht.")
    target: Path | None = args.output.expanduser() if args.output else None
    if target is not None:
        if target.exists():
            raise cli.CliError(f"Die Datei „{target}“ gibt es schon. Bitte geben Sie einen neuen Namen an.")
        cli._check_folder(target)
    from matcher.core.db import open_database

    db = open_database(path=path, passphrase=_current_passphrase(path), migrate_schema=False, load_reference=False)
    try:
        written = backup.create_backup(db, target)
        encrypted = db.encrypted
    finally:
        db.dispose()
    backup.verify_backup(written, db.passphrase)
    size = written.stat().st_size
    note = ", verschlüsselt" if encrypted else ""
    data = {"database": str(path), "backup": str(written), "bytes": size, "encrypted": encrypted, "verified": True}
    cli._emit(args, data, [f"Sicherung geschrieben und geprüft: {written} ({_size(size)}{note})."])
    return int(cli.EXIT_OK)


# --- restore -------------------------------------------------------------------------------------


def add_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup_file", metavar="DATEI", type=Path, help="Die Sicherung, die zurückgespielt wird.")


def run_restore(args: argparse.Namespace) -> int:
    cli = _cli()
    path = _database_path(args)
    source = args.backup_file.expanduser()
    if not source.is_file():
        raise cli.CliError(f"Die Sicherung „{source}“ gibt es nicht.")
    if source.resolve() == path.resolve():
        raise cli.CliError("Sicherung und Datenbank sind dieselbe Datei.")
    aside = backup.restore(path, source, _current_passphrase(source))
    data = {"database": str(path), "restored_from": str(source), "previous_file": str(aside) if aside else None}
    lines = [f"Datenbank „{path}“ aus der Sicherung „{source}“ wiederhergestellt."]
    if aside is not None:
        lines.append(f"Die bisherige Datei liegt unverändert in „{aside}“.")
    cli._emit(args, data, lines)
    return int(cli.EXIT_OK)


# --- passphrase change ---------------------------------------------------------------------------


def add_passphrase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("change",), metavar="change", help="Das Passwort ändern.")


def _new_passphrase() -> str:
    cli = _cli()
    first = _ask("Neues Passwort: ", NEW_PASSPHRASE_ENV)
    if first is None:
        raise cli.CliError(
            f"Bitte geben Sie das neue Passwort am Terminal ein oder für Skripte in {NEW_PASSPHRASE_ENV}."
        )
    encryption.check_new_passphrase(first)
    if not os.environ.get(NEW_PASSPHRASE_ENV) and getpass.getpass("Neues Passwort wiederholen: ") != first:
        raise cli.CliError("Die beiden Eingaben des neuen Passworts stimmen nicht überein. Nichts wurde geändert.")
    return first


def _encrypt_plain(path: Path, new: str) -> None:
    """Turn a plain file into an encrypted one; the plain file is overwritten with zeros and removed."""
    from matcher.core.db import open_database

    db = open_database(path=path, migrate_schema=False, load_reference=False)
    db.checkpoint()
    db.dispose()
    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    try:
        encryption.encrypt_file(path, encrypted, new)
        encryption.verify_key(encrypted, new)
        backup.verify_backup(encrypted, new)
    except BaseException:
        encrypted.unlink(missing_ok=True)
        raise
    plain = [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))]
    for file in plain:
        if file.exists():
            with file.open("r+b") as handle:  # best effort: SSDs and copy-on-write file systems may keep old blocks
                handle.write(b"\0" * file.stat().st_size)
                handle.flush()
                os.fsync(handle.fileno())
    os.replace(encrypted, path)
    for file in plain[1:]:
        file.unlink(missing_ok=True)


def run_passphrase(args: argparse.Namespace) -> int:
    cli = _cli()
    path = _database_path(args)
    if not path.exists():
        raise cli.CliError(f"Die Datenbank „{path}“ gibt es nicht.")
    current = _current_passphrase(path)
    if current is not None:
        encryption.verify_key(path, current)  # a wrong old passphrase is refused before the new one is asked
    new = _new_passphrase()
    with instance_lock.acquire(path):
        if current is None:
            _encrypt_plain(path, new)
            lines = [
                f"Die Datenbank „{path}“ ist jetzt verschlüsselt.",
                "Ältere Sicherungen sind nicht verschlüsselt: Bitte legen Sie eine neue Sicherung an und löschen "
                f"Sie die alten in {paths.backup_dir()}.",
            ]
        else:
            from matcher.core.db import open_database

            db = open_database(path=path, passphrase=current, migrate_schema=False, load_reference=False)
            try:
                encryption.change_passphrase(db, new)
            finally:
                db.dispose()
            lines = [
                f"Das Passwort der Datenbank „{path}“ wurde geändert.",
                "Ältere Sicherungen öffnen weiterhin nur mit dem bisherigen Passwort.",
            ]
    cli._emit(args, {"database": str(path), "encrypted": True, "changed": True}, lines)
    return int(cli.EXIT_OK)
