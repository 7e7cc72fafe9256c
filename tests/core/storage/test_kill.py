"""A child process that saves in a loop is killed with SIGKILL at random moments: nothing confirmed is lost."""

from __future__ import annotations

import random
import signal
import sys
import time

import pytest
from sqlalchemy import text

from matcher.core.db import open_database

from .helpers import python_child

SAVER = """
    import sys
    from matcher.core.db import open_database
    from matcher.core.services import landlords

    db = open_database(path=sys.argv[1], user="kill.test")
    round_ = sys.argv[2]
    print("ready", flush=True)
    for i in range(100_000):
        landlord = landlords.create_landlord(db, {"kind": "private", "name": f"Saved {round_}-{i}"})
        print(f"{landlord.id} Saved {round_}-{i}", flush=True)  # printed only after the commit returned
"""

ROUNDS = 20


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_loses_no_confirmed_save(db):
    path = db.path
    db.dispose()
    rng = random.Random(7)
    confirmed: dict[int, str] = {}
    for round_ in range(ROUNDS):
        child = python_child(SAVER, str(path), str(round_))
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
        first = child.stdout.readline()  # one confirmed save per round at least, however slow the machine
        time.sleep(rng.uniform(0.0, 0.5))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        for line in (first + out).split("\n")[:-1]:  # complete lines only: the kill may cut the last one
            landlord_id, name = line.split(" ", 1)
            confirmed[int(landlord_id)] = name
    assert len(confirmed) >= ROUNDS  # the child really saved between kills (at least one a round)

    after = open_database(path=path)
    try:
        assert after.integrity_problems() == []
        assert after.dangling_references() == []
        with after.read_session() as session:
            stored = dict(session.connection().execute(text("SELECT id, name FROM landlord")).all())
    finally:
        after.dispose()
    missing = {i: n for i, n in confirmed.items() if stored.get(i) != n}
    assert missing == {}
