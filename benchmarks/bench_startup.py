"""Benchmark: from the command to an interactive window on a 5,000-household database (issue 6: ≤ 1.5 s).

Runs the real program (`python main.py --db FILE`) as a new process each time, with
`WOHNRAUM_MATCHER_QUIT_WHEN_READY=1`: the program quits as soon as its event loop has shown the window
and is idle, i.e. when a caseworker could click. The wall time of the whole process is measured
(interpreter start, imports, opening and checking the database, the first list loaded, first paint).
The demo database is built once (not timed). Reports min / median / max over `--repeat` runs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(path: Path, households: int) -> None:
    from matcher.core.db import open_database
    from matcher.core.demo import create_demo

    db = open_database(path=path)
    create_demo(db, households=households, seed=1, today=date(2026, 11, 24))
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="Startzeit des Fensters messen")
    parser.add_argument("--households", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        env = {
            **os.environ,
            "WOHNRAUM_MATCHER_HOME": folder,
            "WOHNRAUM_MATCHER_QUIT_WHEN_READY": "1",
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        }
        os.environ["WOHNRAUM_MATCHER_HOME"] = folder
        database = Path(folder) / "startup.sqlite"
        build(database, args.households)
        command = [sys.executable, str(ROOT / "main.py"), "--db", str(database)]
        subprocess.run(command, env=env, check=True, capture_output=True)  # warm the file cache once
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    figures = (min(times), statistics.median(times), max(times))
    print(
        f"start to interactive window, {args.households:,} households: "
        f"min {figures[0]:.2f}  median {figures[1]:.2f}  max {figures[2]:.2f} s"
    )


if __name__ == "__main__":
    main()
