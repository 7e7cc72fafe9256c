"""Benchmark: lists to .xlsx/.csv, the statistics report, and the full bundle out and back in.

For each size a demo district goes into a fresh temporary SQLite file (before the clock starts); then
the household list is exported as .xlsx and .csv (all rows, default columns), the report is written
as PDF, and the whole database is exported as a bundle and imported into a second, empty file.
Not collected by pytest (it lives outside `tests/`).

    .venv/bin/python benchmarks/bench_export.py                 # 1,000 and 10,000 households
    .venv/bin/python benchmarks/bench_export.py --sizes 500
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def measure(households: int, folder: Path) -> dict[str, float]:
    from matcher.core.db import open_database
    from matcher.core.demo import create_demo
    from matcher.core.exchange import bundle, export, report

    db = open_database(path=folder / f"quelle-{households}.sqlite")
    create_demo(db, households=households, seed=1)
    target = open_database(path=folder / f"ziel-{households}.sqlite")
    xlsx, t_xlsx = _timed(lambda: export.export_list(db, "households", folder / "h.xlsx"))
    _, t_csv = _timed(lambda: export.export_list(db, "households", folder / "h.csv"))
    _, t_report = _timed(lambda: report.write_report(db, folder / "statistik.pdf"))
    summary, t_out = _timed(lambda: bundle.export_bundle(db, folder / "b.zip"))
    _, t_in = _timed(lambda: bundle.import_bundle(target, folder / "b.zip"))
    db.dispose()
    target.dispose()
    return {
        "rows": xlsx.rows, "xlsx": t_xlsx, "csv": t_csv, "report": t_report, "bundle_rows": summary.total_rows,
        "bundle_out": t_out, "bundle_in": t_in, "bundle_mb": (folder / "b.zip").stat().st_size / 1e6,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description="Zeitmessung von Export, Bericht und Bündel")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000], help="Zahl der Haushalte")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        os.environ["WOHNRAUM_MATCHER_HOME"] = folder
        print(f"{'Haushalte':>9} {'xlsx s':>7} {'csv s':>7} {'Bericht s':>9} {'Bündelzeilen':>12} "
              f"{'Export s':>8} {'Import s':>8} {'MB':>5}")  # fmt: skip
        for size in args.sizes:
            r = measure(size, Path(folder))
            print(f"{r['rows']:>9,} {r['xlsx']:>7.2f} {r['csv']:>7.2f} {r['report']:>9.2f} {r['bundle_rows']:>12,} "
                  f"{r['bundle_out']:>8.2f} {r['bundle_in']:>8.2f} {r['bundle_mb']:>5.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
