"""The command line of data safety: backup, restore, passphrase change — with --db and --json."""

from __future__ import annotations

import json

import pytest

from matcher import cli
from matcher.core import backup, encryption, instance_lock
from matcher.core.db import open_database
from matcher.core.services import landlords

SECRET = "Kemal-Testperson"


def _run(*argv: str) -> int:
    return cli.main(list(argv))


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_backup_then_restore_round_trip(db, tmp_path, capsys):
    landlords.create_landlord(db, {"kind": "private", "name": "Erste"})
    target = tmp_path / "sicherung.sqlite"
    assert _run("backup", "--db", str(db.path), "-o", str(target), "--json") == 0
    data = _json(capsys)
    assert data["backup"] == str(target) and data["verified"] and not data["encrypted"]
    landlords.create_landlord(db, {"kind": "private", "name": "Zweite"})
    db.dispose()

    assert _run("restore", str(target), "--db", str(db.path), "--json") == 0
    data = _json(capsys)
    assert data["restored_from"] == str(target) and data["previous_file"]
    again = open_database(path=db.path)
    assert [x.name for x in landlords.list_landlords(again)] == ["Erste"]
    again.dispose()


def test_backup_without_output_goes_to_the_backup_folder_and_is_listed(db, capsys):
    assert _run("backup", "--db", str(db.path)) == 0
    assert "Sicherung geschrieben und geprüft" in capsys.readouterr().out
    assert [b.kind for b in backup.list_backups(db.path)] == [backup.MANUAL]


def test_backup_refuses_to_overwrite_and_restore_refuses_a_missing_file(db, tmp_path, capsys):
    existing = tmp_path / "da.sqlite"
    existing.write_bytes(b"x")
    assert _run("backup", "--db", str(db.path), "-o", str(existing)) == 2
    assert "gibt es schon" in capsys.readouterr().err
    assert _run("restore", str(tmp_path / "fehlt.sqlite"), "--db", str(db.path)) == 2
    assert "gibt es nicht" in capsys.readouterr().err


def test_restore_is_refused_while_the_database_is_open_elsewhere(db, tmp_path, capsys):
    target = tmp_path / "s.sqlite"
    assert _run("backup", "--db", str(db.path), "-o", str(target)) == 0
    import os
    import socket
    from datetime import datetime

    holder = instance_lock.LockHolder("kollegin", socket.gethostname(), os.getppid(), datetime.now())
    instance_lock._write(instance_lock.lock_path(db.path), holder, exclusive=True)
    assert _run("restore", str(target), "--db", str(db.path)) == 2
    assert "geöffnet von kollegin" in capsys.readouterr().err


def test_passphrase_change_encrypts_a_plain_file_then_changes_the_passphrase(db, monkeypatch, capsys, tmp_path):
    landlords.create_landlord(db, {"kind": "private", "name": SECRET})
    path = db.path
    db.dispose()
    monkeypatch.setenv("MATCHER_NEW_PASSPHRASE", "erstes-passwort")
    assert _run("passphrase", "change", "--db", str(path), "--json") == 0
    assert _json(capsys)["encrypted"] is True
    assert encryption.is_encrypted(path)
    assert SECRET.encode() not in b"".join(f.read_bytes() for f in path.parent.iterdir() if f.is_file())

    # change it: the current passphrase from MATCHER_PASSPHRASE, the new one from MATCHER_NEW_PASSPHRASE
    monkeypatch.setenv("MATCHER_PASSPHRASE", "erstes-passwort")
    monkeypatch.setenv("MATCHER_NEW_PASSPHRASE", "zweites-passwort")
    assert _run("passphrase", "change", "--db", str(path)) == 0
    assert "wurde geändert" in capsys.readouterr().out

    # the old passphrase fails with exactly the one message; an encrypted backup needs the new one
    assert _run("backup", "--db", str(path), "-o", str(tmp_path / "alt.sqlite")) == 2
    assert capsys.readouterr().err.strip() == "Fehler: Passwort falsch oder Datei beschädigt"
    monkeypatch.setenv("MATCHER_PASSPHRASE", "zweites-passwort")
    assert _run("backup", "--db", str(path), "-o", str(tmp_path / "neu.sqlite"), "--json") == 0
    assert _json(capsys)["encrypted"] is True
    assert SECRET.encode() not in (tmp_path / "neu.sqlite").read_bytes()
    again = open_database(path=path)
    assert [x.name for x in landlords.list_landlords(again)] == [SECRET]
    again.dispose()


def test_passphrase_change_refuses_an_empty_new_passphrase_and_changes_nothing(db, monkeypatch, capsys):
    path = db.path
    db.dispose()
    before = path.read_bytes()
    monkeypatch.setenv("MATCHER_NEW_PASSPHRASE", "kurz")
    assert _run("passphrase", "change", "--db", str(path)) == 2
    assert "mindestens" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_encrypted_file_without_passphrase_in_a_script_gets_a_german_explanation(tmp_path, capsys):
    path = tmp_path / "geheim.sqlite"
    open_database(path=path, passphrase="ein-langes-passwort").dispose()
    assert _run("backup", "--db", str(path)) == 2
    assert "MATCHER_PASSPHRASE" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["backup"], ["restore", "x.sqlite"], ["passphrase", "change"]])
def test_postgresql_is_refused_with_a_pointer_to_the_server(command, capsys):
    assert _run(*command, "--db-url", "postgresql+psycopg://u@localhost/x") == 2
    assert "pg_dump" in capsys.readouterr().err
