"""Who has a database file open: a small lock file beside it, so a second program instance can say so.

`<file>.lock` holds user, computer, process id and since when (JSON). A second instance that finds it
learns "geöffnet von X auf RECHNER seit 09:12" and opens read-only or waits. A lock whose process is gone
on this computer (a crash, a power cut) is stale and may be taken over after the person confirms; a lock
from another computer cannot be checked from here, so taking it over needs the person's word too.

SQLite itself keeps two writers apart (busy timeout, immediate transactions); the lock is for people:
it stops two caseworkers from working on one file unknowingly and keeps a restore from pulling the file
away under a running program.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from matcher.core.errors import MatcherError

LOCK_SUFFIX = ".lock"
WAIT_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class LockHolder:
    """Who holds the lock, as written in the lock file."""

    user: str
    host: str
    pid: int
    since: datetime

    @property
    def on_this_computer(self) -> bool:
        return self.host.lower() == socket.gethostname().lower()

    @property
    def stale(self) -> bool:
        """The holder ran on this computer and its process is gone: a crash left the lock behind."""
        return self.on_this_computer and not process_alive(self.pid)

    def describe(self) -> str:
        return f"geöffnet von {self.user} auf {self.host} seit {self.since.astimezone():%H:%M}"


class DatabaseInUse(MatcherError):
    """Another program instance has the file open."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        self.path = path
        self.holder = holder
        note = (
            " Das Programm läuft dort nicht mehr (Absturz?); Sie können die Sperre übernehmen."
            if holder.stale
            else " Sie können die Datei nur lesen oder warten, bis sie geschlossen wird."
        )
        super().__init__(f"Die Datenbank ist {holder.describe()}.{note}")


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + LOCK_SUFFIX)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (without touching it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        synchronize, still_active = 0x00100000 | 0x1000, 259  # SYNCHRONIZE | QUERY_LIMITED_INFORMATION
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return True


def read_holder(database: Path) -> LockHolder | None:
    """The holder written in the lock file; None when there is none (an unreadable file counts as stale)."""
    try:
        data = json.loads(lock_path(database).read_text(encoding="utf-8"))
        return LockHolder(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=int(data["pid"]),
            since=datetime.fromisoformat(str(data["since"])),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError):
        return LockHolder(user="?", host=socket.gethostname(), pid=0, since=datetime.now().astimezone())


@dataclass
class InstanceLock:
    """The lock this program instance holds on a database file; `release()` when closing it."""

    database: Path
    holder: LockHolder

    @property
    def path(self) -> Path:
        return lock_path(self.database)

    def release(self) -> None:
        """Remove the lock file if it is still ours (someone may have taken it over)."""
        current = read_holder(self.database)
        if current is not None and (current.pid, current.host) == (self.holder.pid, self.holder.host):
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def _holder_for(user: str | None) -> LockHolder:
    return LockHolder(
        user=user or getpass.getuser(), host=socket.gethostname(), pid=os.getpid(), since=datetime.now().astimezone()
    )


def _write(path: Path, holder: LockHolder, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    descriptor = os.open(path, flags, 0o600)
    data = {"user": holder.user, "host": holder.host, "pid": holder.pid, "since": holder.since.isoformat()}
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(data, file)


def acquire(database: Path, user: str | None = None) -> InstanceLock:
    """Take the lock on `database`, or raise DatabaseInUse naming who has it (stale or not)."""
    holder = _holder_for(user)
    try:
        _write(lock_path(database), holder, exclusive=True)
    except FileExistsError:
        current = read_holder(database)
        if current is None:  # released in between
            return acquire(database, user)
        if (current.host, current.pid) == (holder.host, holder.pid):  # this process already has it
            return InstanceLock(database, current)
        raise DatabaseInUse(database, current) from None
    return InstanceLock(database, holder)


def take_over(database: Path, user: str | None = None) -> InstanceLock:
    """Take the lock even though someone holds it — only after the person confirmed it is stale."""
    holder = _holder_for(user)
    _write(lock_path(database), holder, exclusive=False)
    return InstanceLock(database, holder)


def wait_for(
    database: Path,
    user: str | None = None,
    *,
    timeout: float | None = None,
    keep_waiting: Callable[[], bool] = lambda: True,
    poll: float = WAIT_POLL_SECONDS,
) -> InstanceLock:
    """Wait until the other instance closes the file (or its lock turns stale), then take the lock.

    Raises the last DatabaseInUse when `timeout` passes or `keep_waiting()` says stop.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            return acquire(database, user)
        except DatabaseInUse as busy:
            if busy.holder.stale:
                return take_over(database, user)
            if (deadline is not None and time.monotonic() >= deadline) or not keep_waiting():
                raise
        time.sleep(poll)
