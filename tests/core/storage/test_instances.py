"""Two program instances on one file: the second learns who has it; two writing processes never fail."""

from __future__ import annotations

import signal
import socket
import sys

import pytest
from sqlalchemy import text

from matcher.core import instance_lock
from matcher.core.db import open_database
from matcher.core.errors import MatcherError
from matcher.core.instance_lock import DatabaseInUse

from .helpers import python_child

HOLDER = """
    import sys, time
    from pathlib import Path
    from matcher.core import instance_lock

    lock = instance_lock.acquire(Path(sys.argv[1]), user="erika.muster")
    print("locked", flush=True)
    sys.stdin.readline()  # hold the lock until the parent says so
    lock.release()
"""


def _start_holder(path):
    child = python_child(HOLDER, str(path), stdin=__import__("subprocess").PIPE)
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_second_instance_learns_who_has_the_file_open(db):
    child = _start_holder(db.path)
    try:
        with pytest.raises(DatabaseInUse) as caught:
            instance_lock.acquire(db.path, user="zweite.person")
        holder = caught.value.holder
        assert (holder.user, holder.host, holder.pid) == ("erika.muster", socket.gethostname(), child.pid)
        assert not holder.stale
        message = str(caught.value)
        assert message.startswith(f"Die Datenbank ist geöffnet von erika.muster auf {socket.gethostname()} seit ")
        assert f"seit {holder.since.astimezone():%H:%M}" in message
        # read-only is possible meanwhile, and refuses every save with a German message
        reader = open_database(path=db.path, read_only=True)
        with reader.read_session() as session:
            assert session.exec(text("SELECT count(*) FROM landlord")).one()[0] == 0
        with pytest.raises(MatcherError, match="nur zum Lesen"), reader.session() as session:
            session.exec(text("INSERT INTO landlord (kind, name, version) VALUES ('private', 'x', 1)"))
        reader.dispose()
    finally:
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=30)
    # once the first instance closed, waiting ends and the lock is ours
    with instance_lock.wait_for(db.path, user="zweite.person", timeout=5, poll=0.05) as lock:
        assert instance_lock.read_holder(db.path) == lock.holder
    assert not instance_lock.lock_path(db.path).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_lock_of_a_crashed_instance_is_stale_and_can_be_taken_over(db):
    child = _start_holder(db.path)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    with pytest.raises(DatabaseInUse) as caught:
        instance_lock.acquire(db.path)
    assert caught.value.holder.stale
    assert "läuft dort nicht mehr" in str(caught.value)
    lock = instance_lock.take_over(db.path, user="nachfolgerin")
    assert instance_lock.read_holder(db.path).user == "nachfolgerin"
    lock.release()
    assert not instance_lock.lock_path(db.path).exists()


def test_lock_of_another_computer_is_never_called_stale(db):
    holder = instance_lock.LockHolder("kollege", "anderer-rechner", 1, instance_lock.datetime.now())
    assert not holder.stale


WRITER = """
    import sys
    from sqlalchemy import text
    from matcher.core import models as M
    from matcher.core.db import open_database

    db = open_database(path=sys.argv[1], user=sys.argv[2], load_reference=False)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(150):
        with db.session() as session:  # read, then write: the upgrade that used to fail with "locked"
            session.exec(text("SELECT count(*) FROM landlord")).one()
            session.add(M.Landlord(kind="private", name=f"{sys.argv[2]}-{i}"))
    print("done", flush=True)
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_never_see_database_is_locked(db):
    import subprocess

    children = [python_child(WRITER, str(db.path), name, stdin=subprocess.PIPE) for name in ("a", "b")]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:  # start both at the same moment
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert "locked" not in err
        assert child.returncode == 0, err
        assert out.strip() == "done"
    with db.read_session() as session:
        assert session.exec(text("SELECT count(*) FROM landlord")).one()[0] == 300
