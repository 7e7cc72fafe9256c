"""Benchmark: the matcher on demo data (issue 4 targets on a 2-core machine).

- rank all households of a district for one flat, once loaded: ≤ 5 ms
- filter, score and propose for 10,000 households × 2,000 flats: ≤ 0.5 s (both modes are measured)
- optionally 50,000 × 5,000 (`--land`): ≤ 5 s and < 2 GB

The demo generator fills a temporary SQLite file (not timed); the inputs are loaded once with
`load_matching_data` (timed separately), then cut to the wanted numbers of households and flats.
Reports min / median / max over `--repeat` runs. The proposals run in a fresh child process that
only unpickles the cut data, so its peak memory (ru_maxrss) is the matcher's own, not the demo
generator's. Not collected by pytest (it lives outside `tests/`).

    .venv/bin/python benchmarks/bench_matching.py            # 5,000 for ranking; 10,000 × 2,000
    .venv/bin/python benchmarks/bench_matching.py --land     # also 50,000 × 5,000 (takes minutes)
    .venv/bin/python benchmarks/bench_matching.py --data d.pkl --households 50000 --flats 5000
                                                             # a pickled MatchingData, no demo
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

TODAY = date(2026, 11, 24)


def _demo(folder: Path, households: int) -> Any:
    from matcher.core.db import open_database
    from matcher.core.demo import create_demo

    db = open_database(path=folder / f"bench-{households}.sqlite")
    create_demo(db, households=households, seed=1, today=TODAY)
    return db


def _take_rows(obj: Any, index: np.ndarray, length: int) -> Any:
    values = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray) and value.shape[:1] == (length,):
            values[f.name] = value[index]
        elif isinstance(value, list) and len(value) == length:
            values[f.name] = [value[i] for i in index]
        else:
            values[f.name] = value
    return type(obj)(**values)


def _remap(pairs: np.ndarray, h_index: np.ndarray, f_index: np.ndarray, n_h: int, n_f: int) -> np.ndarray:
    h_new, f_new = np.full(n_h, -1), np.full(n_f, -1)
    h_new[h_index], f_new[f_index] = np.arange(h_index.size), np.arange(f_index.size)
    mapped = np.stack([h_new[pairs[:, 0]], f_new[pairs[:, 1]]], axis=1) if pairs.size else pairs
    return mapped[(mapped >= 0).all(axis=1)] if pairs.size else pairs


def take(d: Any, households: int, flats: int) -> Any:
    """The first `households` households and `flats` flats (by id) of loaded matching data."""
    n_h, n_f = d.households.ids.size, d.flats.ids.size
    h_index, f_index = np.arange(min(households, n_h)), np.arange(min(flats, n_f))
    return dataclasses.replace(
        d,
        households=_take_rows(d.households, h_index, n_h),
        flats=_take_rows(d.flats, f_index, n_f),
        barred=d.barred[h_index],
        excluded=d.excluded[h_index],
        preferred=d.preferred[h_index],
        relatives_km=d.relatives_km[h_index],
        declined=_remap(d.declined, h_index, f_index, n_h, n_f),
        pair_excluded=_remap(d.pair_excluded, h_index, f_index, n_h, n_f),
    )


def timed(action: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return times, result


def report(label: str, times: list[float], unit: float, suffix: str, extra: str = "") -> None:
    figures = (min(times) * unit, statistics.median(times) * unit, max(times) * unit)
    print(f"{label:<48} min {figures[0]:8.2f}  median {figures[1]:8.2f}  max {figures[2]:8.2f} {suffix}  {extra}")


def bench_rank(d: Any, weights: dict[str, float], repeat: int) -> None:
    from matcher.core import assignment

    flat = int(np.flatnonzero(d.flats.available)[0])
    assignment.rank_household_positions(d, weights, flat)  # warm-up
    times, (_, _, ok) = timed(lambda: assignment.rank_household_positions(d, weights, flat), repeat)
    report(f"rank {d.households.ids.size:,} households for one flat", times, 1000, "ms", f"{int(ok.sum())} geeignet")


def bench_propose(d: Any, weights: dict[str, float], repeat: int) -> None:
    from matcher.core import assignment

    size = f"{d.households.ids.size:,} × {d.flats.ids.size:,}"
    for mode in assignment.MODES:
        assignment.propose(d, weights, mode)  # warm-up (SciPy import)
        times, proposal = timed(lambda mode=mode: assignment.propose(d, weights, mode), repeat)
        extra = f"{len(proposal.placements)} placements of {proposal.feasible_pairs:,} feasible pairs"
        report(f"propose {mode} {size}", times, 1, "s", extra)


def _peak_mb() -> float:
    """Peak resident memory of this process. Linux's VmHWM belongs to the process image, while
    ru_maxrss survives exec and would report the parent's peak in the child."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_propose_apart(d: Any, weights: dict[str, float], repeat: int) -> None:
    """`bench_propose` in a fresh process: its peak memory is the matcher's alone."""
    with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as file:
        pickle.dump(d, file)
    try:
        command = [sys.executable, __file__, "--child", file.name, "--repeat", str(repeat)]
        subprocess.run(command, check=True)
    finally:
        os.unlink(file.name)


def child(path: str, repeat: int) -> None:
    from matcher.core.reference import DEFAULT_WEIGHTS

    with open(path, "rb") as file:
        data = pickle.load(file)
    loaded = _peak_mb()
    bench_propose(data, dict(DEFAULT_WEIGHTS), repeat)
    print(f"peak memory: {_peak_mb():,.0f} MB (of which {loaded:,.0f} MB Python, NumPy and the data)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Zeitmessung des Matchers")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--land", action="store_true", help="auch 50.000 × 5.000 messen")
    parser.add_argument("--data", help="gepickelte MatchingData statt des Demo-Generators")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--flats", type=int, default=2_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return
    from matcher.core.reference import DEFAULT_WEIGHTS

    weights = dict(DEFAULT_WEIGHTS)
    if args.data:
        with open(args.data, "rb") as file:
            data = pickle.load(file)
        bench_rank(take(data, 5_000, data.flats.ids.size), weights, max(args.repeat, 50))
        bench_propose_apart(take(data, args.households, args.flats), weights, args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as folder:
        os.environ["WOHNRAUM_MATCHER_HOME"] = folder
        from matcher.core.matching_data import load_matching_data

        sizes = [(12_000, 10_000, 2_000)] + ([(60_000, 50_000, 5_000)] if args.land else [])
        for demo_households, households, flats in sizes:
            db = _demo(Path(folder), demo_households)
            times, data = timed(lambda db=db: load_matching_data(db, "03454", TODAY), 1)
            report(f"load {data.households.ids.size:,} households, {data.flats.ids.size:,} flats", times, 1, "s")
            db.dispose()
            if demo_households == 12_000:
                bench_rank(take(data, 5_000, data.flats.ids.size), weights, max(args.repeat, 50))
            bench_propose_apart(take(data, households, flats), weights, args.repeat)


if __name__ == "__main__":
    main()
