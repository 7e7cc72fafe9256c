"""Encryption at rest with SQLCipher (the `sqlcipher3` driver, and only that one).

An encrypted database is a SQLite file whose every page — in the main file, its WAL and the backups made
from it — is encrypted with a key derived from the office's passphrase. Nothing in it is readable without
the passphrase, not even the schema; the first 16 bytes are random instead of "SQLite format 3".

- A new file becomes encrypted when a passphrase is given at its creation (`open_database(passphrase=…)`),
  an existing plain file by `encrypt_file` (done by `passphrase change` on a plain file).
- A wrong passphrase gets "Passwort falsch oder Datei beschädigt" and nothing else: SQLCipher cannot tell
  a wrong key from a damaged first page, and says nothing more to whoever tries passphrases.
- `MATCHER_PASSPHRASE` gives the passphrase to scripts (the command line); people are asked for it.
"""

from __future__ import annotations

import hmac
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from matcher.core.errors import MatcherError

if TYPE_CHECKING:
    from matcher.core.db import Database

PASSPHRASE_ENV = "MATCHER_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_LENGTH = 8
WRONG_PASSPHRASE = "Passwort falsch oder Datei beschädigt"
# Before the key: SQLCipher would otherwise print its decryption errors on stderr (a hint for guessers).
QUIET = "PRAGMA cipher_log_level = NONE"
# Temporary tables and sort files stay in memory: nothing decrypted ever reaches a temp file.
CIPHER_PRAGMAS = ("PRAGMA temp_store = MEMORY",)


class WrongPassphrase(MatcherError):
    """The passphrase does not open the file (or the file is damaged: SQLCipher cannot tell which)."""

    def __init__(self) -> None:
        super().__init__(WRONG_PASSPHRASE)


class PassphraseRequired(MatcherError):
    """The file is encrypted and no passphrase was given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"Die Datenbank „{path}“ ist verschlüsselt. Bitte geben Sie das Passwort ein "
            f"(für Skripte in der Umgebungsvariablen {PASSPHRASE_ENV})."
        )


class PassphraseRefused(MatcherError):
    """A new passphrase that is empty or too short; nothing was created or changed."""


def sqlcipher() -> ModuleType:
    """The sqlcipher3 DB-API module (a drop-in sqlite3 with SQLCipher inside)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - a dependency of the program
        raise MatcherError(
            "Die Verschlüsselung (SQLCipher, Paket sqlcipher3) ist nicht installiert. Bitte wenden Sie sich an Ihre IT."
        ) from exc
    return dbapi2


def check_new_passphrase(passphrase: str | None) -> str:
    """A passphrase for a new key: refused when empty or shorter than MIN_PASSPHRASE_LENGTH."""
    if passphrase is None or not passphrase.strip():
        raise PassphraseRefused("Bitte geben Sie ein Passwort ein. Ein leeres Passwort ist nicht erlaubt.")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseRefused(f"Das Passwort muss mindestens {MIN_PASSPHRASE_LENGTH} Zeichen lang sein.")
    return passphrase


def passphrase_from_environment() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def is_encrypted(path: Path) -> bool:
    """True for a file that looks like SQLCipher: whole pages, no SQLite header, not even a damaged one.

    A plain SQLite file with a damaged first line still has SQLite's fixed bytes 21-23 (64, 32, 32);
    a file that is no whole number of pages is no database at all. Both count as damaged, not encrypted.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(100)
    except (FileNotFoundError, IsADirectoryError):
        return False
    if size < 1024 or size % 512 or head.startswith(SQLITE_HEADER) or not head[:16].strip(b"\0"):
        return False  # SQLCipher's first 16 bytes are a random salt, never zeros
    return head[21:24] != b"\x40\x20\x20"


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def apply_key(connection: Any, passphrase: str) -> None:
    """Key a fresh sqlcipher3 connection; must come before anything reads the file."""
    connection.execute(QUIET)
    connection.execute(f"PRAGMA key = {_quoted(passphrase)}")
    for pragma in CIPHER_PRAGMAS:
        connection.execute(pragma)


def connect(path: Path, passphrase: str | None, **kwargs: Any) -> Any:
    """A DB-API connection to `path`: sqlite3 for plain files, sqlcipher3 keyed for encrypted ones."""
    if passphrase is None:
        return sqlite3.connect(path, **kwargs)
    connection = sqlcipher().connect(str(path), **kwargs)
    apply_key(connection, passphrase)
    return connection


def connect_read_only(path: Path, passphrase: str | None) -> Any:
    """A connection that cannot write to `path` (SQLite's mode=ro): for checking a file before trusting it."""
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    if passphrase is None:
        return sqlite3.connect(uri, uri=True)
    connection = sqlcipher().connect(uri, uri=True)
    apply_key(connection, passphrase)
    return connection


def verify_key(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless `passphrase` opens `path` (reads page 1; writes nothing)."""
    with closing(connect(path, passphrase)) as conn:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher().DatabaseError as exc:
            raise WrongPassphrase() from exc


def encrypt_file(plain: Path, target: Path, passphrase: str) -> Path:
    """Write an encrypted copy of the plain SQLite file `plain` to `target` (sqlcipher_export)."""
    check_new_passphrase(passphrase)
    with closing(sqlcipher().connect(str(plain), isolation_level=None)) as conn:
        conn.execute(QUIET)
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {_quoted(passphrase)}", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    return target


def passphrase_matches(db: Database, candidate: str) -> bool:
    """For unlocking after the idle time: is `candidate` the passphrase the database was opened with?"""
    return db.passphrase is not None and hmac.compare_digest(db.passphrase.encode(), candidate.encode())


def change_passphrase(db: Database, new: str) -> None:
    """Re-encrypt every page of an encrypted database with `new` (PRAGMA rekey); the engine follows.

    Nobody else may have the file open (the caller holds the instance lock).
    """
    check_new_passphrase(new)
    if db.passphrase is None or db.path is None:
        raise MatcherError("Diese Datenbank ist nicht verschlüsselt; es gibt kein Passwort zu ändern.")
    db.checkpoint()
    db.engine.dispose()
    with closing(connect(db.path, db.passphrase, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {15_000}")
        conn.execute(f"PRAGMA rekey = {_quoted(new)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    verify_key(db.path, new)
    from matcher.core.db import create_db_engine

    db.passphrase = new
    db.engine = create_db_engine(db.url, passphrase=new, read_only=db.read_only)
