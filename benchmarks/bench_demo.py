"""Benchmark: how long `create_demo` takes for a small, a mid-sized and a very large district.

Each size goes into a fresh temporary SQLite file (migrated and with reference data before the clock
starts), so the figures are the demo generator alone: building, validating and bulk-inserting the rows,
and the commit. Not collected by pytest (it lives outside `tests/`).

    .venv/bin/python benchmarks/bench_demo.py                  # 50, 5,000 and 50,000 households
    .venv/bin/python benchmarks/bench_demo.py --sizes 50 500   # other sizes
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def measure(households: int, seed: int, folder: Path) -> dict[str, float]:
    from matcher.core.db import open_database
    from matcher.core.demo import create_demo

    path = folder / f"demo-{households}.sqlite"
    db = open_database(path=path)
    cpu = time.process_time()
    summary = create_demo(db, households=households, seed=seed)
    cpu = time.process_time() - cpu
    started = time.perf_counter()
    db.checkpoint()  # the WAL into the file: part of what a user waits for before the file is complete
    checkpoint = time.perf_counter() - started
    db.dispose()
    return {
        "households": summary.households,
        "flats": summary.flats,
        "members": summary.members,
        "placements": summary.placements,
        "seconds": summary.seconds,
        "cpu": cpu,
        "checkpoint": checkpoint,
        "megabytes": path.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Zeitmessung der Demodaten")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 5_000, 50_000], help="Zahl der Haushalte")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        os.environ["WOHNRAUM_MATCHER_HOME"] = folder  # backups and logs stay in the temporary folder
        print(f"{'Haushalte':>9} {'Wohnungen':>9} {'Personen':>9} {'Vermittl.':>9} {'Sekunden':>9} {'CPU s':>7} "
              f"{'WAL→Datei s':>11} {'MB':>6}")  # fmt: skip
        for size in args.sizes:
            r = measure(size, args.seed, Path(folder))
            print(f"{r['households']:>9,} {r['flats']:>9,} {r['members']:>9,} {r['placements']:>9,} "
                  f"{r['seconds']:>9.2f} {r['cpu']:>7.2f} {r['checkpoint']:>11.2f} {r['megabytes']:>6.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
