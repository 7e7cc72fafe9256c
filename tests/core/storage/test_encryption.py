"""Encryption at rest with SQLCipher: wrong passphrase, change, encrypted backups, nothing in plain bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from matcher.core import backup, encryption
from matcher.core.db import open_database
from matcher.core.encryption import PassphraseRefused, PassphraseRequired, WrongPassphrase
from matcher.core.services import landlords

SECRET = "Geheimhaltungsstufe-Yilmaz"  # a name that must never appear in plain bytes
PASSPHRASE = "richtig-und-lang"


@pytest.fixture
def encrypted(tmp_path):
    database = open_database(path=tmp_path / "verschluesselt.sqlite", passphrase=PASSPHRASE, user="test.user")
    yield database
    database.dispose()


def _all_bytes(*files) -> bytes:
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_new_encrypted_database_works_and_keeps_no_plain_bytes_in_file_wal_or_backup(encrypted):
    path = encrypted.path
    landlords.create_landlord(encrypted, {"kind": "private", "name": SECRET})
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the save sits in the WAL right now
    saved = backup.create_backup(encrypted)
    everything = _all_bytes(path, wal, saved)
    assert SECRET.encode() not in everything
    assert SECRET.encode("utf-16-le") not in everything
    assert not path.read_bytes().startswith(encryption.SQLITE_HEADER)
    assert not saved.read_bytes().startswith(encryption.SQLITE_HEADER)
    assert {x.name for x in landlords.list_landlords(encrypted)} == {SECRET}


def test_the_same_data_unencrypted_is_visible_in_plain_bytes(db):
    """The control for the test above: the byte search finds the name when there is no encryption."""
    landlords.create_landlord(db, {"kind": "private", "name": SECRET})
    wal = db.path.with_name(db.path.name + "-wal")
    assert SECRET.encode() in _all_bytes(db.path, wal)


def test_wrong_passphrase_gets_exactly_the_one_message_and_nothing_else(encrypted, tmp_path):
    landlords.create_landlord(encrypted, {"kind": "private", "name": SECRET})
    path = encrypted.path
    encrypted.dispose()
    with pytest.raises(WrongPassphrase) as caught:
        open_database(path=path, passphrase="falsch-aber-lang")
    assert str(caught.value) == "Passwort falsch oder Datei beschädigt"
    with pytest.raises(PassphraseRequired):
        open_database(path=path)
    # the CLI on the same file: one line on stderr, no SQLCipher log, no traceback
    env = {**os.environ, "MATCHER_PASSPHRASE": "falsch-aber-lang"}
    result = subprocess.run(
        [sys.executable, "-m", "matcher", "check", "--db", str(path)], capture_output=True, text=True, env=env
    )
    assert result.stderr.strip() == "Fehler: Passwort falsch oder Datei beschädigt"


def test_environment_passphrase_opens_the_file_for_scripts(encrypted, monkeypatch):
    landlords.create_landlord(encrypted, {"kind": "private", "name": SECRET})
    path = encrypted.path
    encrypted.dispose()
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)
    again = open_database(path=path)
    assert again.encrypted and {x.name for x in landlords.list_landlords(again)} == {SECRET}
    again.dispose()


def test_changing_the_passphrase_works_and_the_old_one_no_longer_opens(encrypted):
    landlords.create_landlord(encrypted, {"kind": "private", "name": SECRET})
    encryption.change_passphrase(encrypted, "ganz-neues-passwort")
    landlords.create_landlord(encrypted, {"kind": "private", "name": "Nach dem Wechsel"})  # engine follows
    path = encrypted.path
    encrypted.dispose()
    with pytest.raises(WrongPassphrase):
        open_database(path=path, passphrase=PASSPHRASE)
    again = open_database(path=path, passphrase="ganz-neues-passwort")
    assert {x.name for x in landlords.list_landlords(again)} == {SECRET, "Nach dem Wechsel"}
    assert again.integrity_problems() == []
    again.dispose()


@pytest.mark.parametrize("passphrase", ["", "   ", "kurz"])
def test_empty_or_short_passphrase_is_refused_without_leaving_a_file(tmp_path, passphrase):
    path = tmp_path / "neu.sqlite"
    with pytest.raises(PassphraseRefused):
        open_database(path=path, passphrase=passphrase)
    assert list(tmp_path.iterdir()) == []


def test_empty_new_passphrase_is_refused_and_the_old_one_still_works(encrypted):
    with pytest.raises(PassphraseRefused):
        encryption.change_passphrase(encrypted, "")
    path = encrypted.path
    encrypted.dispose()
    open_database(path=path, passphrase=PASSPHRASE).dispose()


def test_encrypted_backup_needs_the_passphrase_and_restores(encrypted):
    landlords.create_landlord(encrypted, {"kind": "private", "name": SECRET})
    saved = backup.create_backup(encrypted)
    with pytest.raises(PassphraseRequired):
        backup.verify_backup(saved)
    with pytest.raises(WrongPassphrase):
        backup.verify_backup(saved, "falsch-aber-lang")
    landlords.create_landlord(encrypted, {"kind": "private", "name": "Später"})
    path = encrypted.path
    encrypted.dispose()
    backup.restore(path, saved, PASSPHRASE)
    again = open_database(path=path, passphrase=PASSPHRASE)
    assert {x.name for x in landlords.list_landlords(again)} == {SECRET}
    again.dispose()
    assert SECRET.encode() not in _all_bytes(path, *path.parent.iterdir())


def test_a_plain_file_can_be_encrypted(db, tmp_path):
    landlords.create_landlord(db, {"kind": "private", "name": SECRET})
    db.checkpoint()
    target = tmp_path / "encrypted.sqlite"
    encryption.encrypt_file(db.path, target, PASSPHRASE)
    assert SECRET.encode() not in target.read_bytes()
    again = open_database(path=target, passphrase=PASSPHRASE)
    assert {x.name for x in landlords.list_landlords(again)} == {SECRET}
    again.dispose()


def test_encrypted_file_copied_elsewhere_is_still_unreadable_without_the_key(encrypted, tmp_path):
    landlords.create_landlord(encrypted, {"kind": "private", "name": SECRET})
    encrypted.checkpoint()
    stolen = tmp_path / "gestohlen.sqlite"
    shutil.copyfile(encrypted.path, stolen)
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(stolen).execute("SELECT * FROM sqlite_master").fetchall()
