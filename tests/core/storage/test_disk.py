"""A full disk and a read-only drive, for real (a small tmpfs): German message, saved data intact.

Mounting needs root (as in CI and the development container); elsewhere these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from matcher.core import backup
from matcher.core.db import StorageError, filesystem_from_mounts, network_filesystem, open_database, storage_warnings
from matcher.core.services import landlords

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tmpfs and /proc/mounts are Linux")


def _mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(f"mount not permitted here: {result.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path, sqlite_template):
    folder = tmp_path / "klein"
    template_size = sqlite_template.stat().st_size
    _mount_tmpfs(folder, f"{template_size // 1024 + 160}k")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_disk_gives_a_german_message_and_keeps_what_was_saved(small_disk, sqlite_template):
    path = small_disk / "voll.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(path=path, user="test.user")
    saved: list[int] = []
    note = "Notiz " * 600  # about 4 kB a save: the disk fills within a few dozen saves
    with pytest.raises(StorageError) as caught:
        for i in range(10_000):
            saved.append(landlords.create_landlord(db, {"kind": "private", "name": f"V{i}", "notes": note}).id)
    assert "Speicherplatz" in str(caught.value) and "nicht gespeichert" in str(caught.value)
    assert len(saved) > 3
    # what was confirmed is there, the file is sound, and the failed save left nothing behind
    assert db.integrity_problems() == []
    with db.read_session() as session:
        ids = [row[0] for row in session.exec(text("SELECT id FROM landlord ORDER BY id")).all()]
    assert ids == saved
    db.dispose()
    reopened = open_database(path=path, migrate_schema=False, load_reference=False)
    assert [x.id for x in landlords.list_landlords(reopened)] == sorted(saved)
    reopened.dispose()


def test_backup_to_a_full_disk_fails_cleanly(db, tmp_path):
    folder = tmp_path / "winzig"
    _mount_tmpfs(folder, "64k")
    try:
        with pytest.raises(backup.BackupFailed, match="Platz"):
            backup.create_backup(db, folder / "sicherung.sqlite")
        assert list(folder.iterdir()) == []  # no half-written backup left
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_drive_gives_a_german_message_and_leaves_the_file_alone(tmp_path, sqlite_template):
    folder = tmp_path / "stick"
    _mount_tmpfs(folder, "20m")
    try:
        path = folder / "daten.sqlite"
        shutil.copyfile(sqlite_template, path)
        before = path.read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(StorageError, match="schreibgeschützt"):
            open_database(path=path)
        with pytest.raises(StorageError, match=r"schreibgeschützt|Schreibrechte"):
            open_database(path=folder / "neu.sqlite")
        assert path.read_bytes() == before
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_database_wal_shm_lock_and_backups_are_readable_by_the_owner_only(tmp_path):
    if sys.platform == "win32":
        pytest.skip("POSIX modes")
    os.umask(0o022)  # a usual umask that would give 0644
    path = tmp_path / "privat.sqlite"
    db = open_database(path=path)
    landlords.create_landlord(db, {"kind": "private", "name": "Privat"})
    saved = backup.create_backup(db)
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), saved]
    modes = {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in files}
    assert set(modes.values()) == {"0o600"}, modes
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    db.dispose()


MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
//server/amt /mnt/amt cifs rw,vers=3.0 0 0
server:/export /home/fall/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/amt/lokal ext4 rw 0 0
/dev/sdc1 /media/mit\\040leer vfat rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/amt/daten.sqlite", "cifs"),
        ("/home/fall/nfs/a/b.sqlite", "nfs4"),
        ("/mnt/amt/lokal/daten.sqlite", None),  # a local disk mounted inside the share
        ("/home/fall/daten.sqlite", None),
        ("/media/mit leer/daten.sqlite", None),
    ],
)
def test_network_drives_are_recognised_from_the_mount_table(path, kind):
    assert filesystem_from_mounts(Path(path), MOUNTS) == kind


def test_a_local_database_gets_no_network_warning(db):
    assert network_filesystem(db.path) is None
    assert storage_warnings(db.path) == [] and db.warnings == []
