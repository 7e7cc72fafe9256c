"""Benchmark: the Wohnungen and Haushalte lists with 100,000 households (issue 6: open, sort and filter in
≤ 150 ms each, scrolling without stutter, loading off the UI thread).

What is timed, on the real pages (offscreen Qt) over a demo database:

- open: from `activate()` until the first screenful of rows is shown (read in the list's order by the
  worker thread, `queries.first_*_rows`) — what the caseworker waits for; also per sort column
- load: from `activate()` until all rows are there (query and sort keys in a worker thread), and the
  longest time the UI thread was blocked meanwhile (a 5 ms timer measures its gaps) — that is what the
  caseworker feels; the page says "Die übrigen Zeilen werden geladen …" until all rows arrive
- reset: `set_prepared` on the UI thread (model reset + view) once the rows are there
- sort: every column, ascending and descending, through the header (model sort + view update)
- filter: typing a search word letter by letter, a municipality, a status, and clearing again
- scroll: repainting the table at 50 positions from top to bottom (one frame each)

Each figure is min / median / max over `--repeat` runs (ms). The demo database is built once (about 70 s
for 100,000 households) unless `--db` names an existing one. Not collected by pytest.

    .venv/bin/python benchmarks/bench_ui_lists.py                         # 100,000 households
    .venv/bin/python benchmarks/bench_ui_lists.py --db /tmp/bench.sqlite  # reuse (created if missing)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QThreadPool

TODAY = date(2026, 11, 24)


def _database(path: Path, households: int):
    from matcher.core.db import open_database
    from matcher.core.demo import create_demo, has_households

    db = open_database(path=path)
    if not has_households(db):
        print(f"building a demo database with {households:,} households in {path} …", flush=True)
        started = time.perf_counter()
        create_demo(db, households=households, seed=1, today=TODAY)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def _ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{min(ms):7.1f} {statistics.median(ms):7.1f} {max(ms):7.1f}"


def _timed(action: Callable[[], object], app, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        app.processEvents()  # the view's own work after the reset belongs to the figure
        times.append(time.perf_counter() - started)
    return times


class GapMeter:
    """Measures how long the UI thread was kept from its event loop (what the caseworker feels)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now


def _open(page, app) -> tuple[float, tuple[float, float]]:
    """Open the emptied list: seconds until the first rows show, and until all are there with the
    longest UI-thread block meanwhile."""
    page.invalidate()
    page.model.set_rows([])
    meter = GapMeter()
    started = time.perf_counter()
    page.activate()
    assert page.stack.currentWidget() is page.empty  # "Wird geladen …" for the first moment
    opened = None
    while page.loading:
        app.processEvents()
        if opened is None and page.model.rowCount():
            page.table.viewport().repaint()  # the rows are on screen
            opened = time.perf_counter() - started
        time.sleep(0.0005)
    app.processEvents()
    loaded = time.perf_counter() - started
    meter.timer.stop()
    return (loaded if opened is None else opened), (loaded, max(meter.gaps, default=0.0))


def bench_page(name: str, page, app, repeat: int) -> None:
    print(f"\n{name}  (ms: min median max)")
    opens, loads, blocked = [], [], []
    for _ in range(repeat):
        opened, loaded = _open(page, app)
        opens.append(opened)
        loads.append(loaded[0])
        blocked.append(loaded[1])
    rows = page.model.total_count()
    print(f"  {rows:,} rows")
    print(f"  open: first screen shown            {_ms(opens)}")
    print(f"  load: all rows there (worker thread) {_ms(loads)}")
    print(f"  longest UI-thread block while loading {_ms(blocked)}")
    prepared = page.model._data
    header = page.table.horizontalHeader()
    by_column = {}
    for column in range(page.model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            page.model.set_rows([])
            page.table.sortByColumn(column, order)
            title = f"{page.model.headerData(column, Qt.Orientation.Horizontal)} {'↑' if order == 0 else '↓'}"
            by_column[title] = statistics.median(_open(page, app)[0] for _ in range(repeat))
    slowest = sorted(by_column.items(), key=lambda item: -item[1])[:3]
    print(f"  open sorted by any column (median)  {statistics.median(by_column.values()) * 1000:7.1f}")
    print("  slowest to open: " + ", ".join(f"{title} {ms * 1000:.0f}" for title, ms in slowest))
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.model.set_prepared(prepared)
    app.processEvents()
    print(
        f"  reset (model reset + view)          {_ms(_timed(lambda: page.model.set_prepared(prepared), app, repeat))}"
    )

    worst = []
    for column in range(page.model.columnCount()):
        title = page.model.headerData(column, header.orientation())
        for order in (0, 1):
            times = _timed(lambda c=column, o=order: page.table.sortByColumn(c, Qt.SortOrder(o)), app, repeat)
            worst.append(max(times))
            arrow = "↑" if order == 0 else "↓"
            print(f"  sort {title:<26} {arrow}   {_ms(times)}")
    print(f"  slowest sort (max)                  {max(worst) * 1000:7.1f}")

    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    app.processEvents()
    word = "meppen"
    typing = []
    for _ in range(repeat):
        for n in range(1, len(word) + 1):
            started = time.perf_counter()
            page.search.setText(word[:n])
            page.apply_filter()  # what the debounce timer calls
            app.processEvents()
            typing.append(time.perf_counter() - started)
        page.search.clear()
        page.apply_filter()
        app.processEvents()
    print(f"  filter while typing '{word}'        {_ms(typing)}  ({page.model.rowCount():,} shown after clearing)")
    fresh = []
    for _ in range(repeat):  # a new search over all rows (not narrowing the previous one)
        page.model.set_filter("")
        app.processEvents()
        started = time.perf_counter()
        page.model.set_filter("sogel haupt")
        app.processEvents()
        fresh.append(time.perf_counter() - started)
    print(f"  filter 'sogel haupt' from scratch   {_ms(fresh)}  ({page.model.rowCount():,} shown)")
    page.reset_filters()
    municipality = page.municipality.findText("Meppen")
    times = _timed(
        lambda: (page.municipality.setCurrentIndex(0), page.municipality.setCurrentIndex(municipality)), app, repeat
    )
    print(f"  filter municipality (reset + set)   {_ms(times)}")
    times = _timed(lambda: (page.status.setCurrentIndex(0), page.status.setCurrentIndex(1)), app, repeat)
    print(f"  filter status (reset + set)         {_ms(times)}")
    print(f"  reset all filters                   {_ms(_timed(page.reset_filters, app, repeat))}")

    bar = page.table.verticalScrollBar()
    frames = []
    for step in range(50):
        bar.setValue(bar.maximum() * step // 49)
        started = time.perf_counter()
        page.table.viewport().repaint()
        frames.append(time.perf_counter() - started)
    print(f"  scroll: one frame (50 positions)    {_ms(frames)}")


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window it cannot resize to its hints; not our figures."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(kind, context, message):  # Qt calls it with these three
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="demo database to use (created if it does not exist)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from matcher.ui.context import AppContext
    from matcher.ui.flats_view import FlatsPage
    from matcher.ui.households_view import HouseholdsPage
    from matcher.ui.i18n import install_translations

    _quiet_offscreen_warnings()
    app = QApplication(sys.argv[:1])
    install_translations(app, "de")
    with tempfile.TemporaryDirectory() as folder:
        db = _database(args.db or Path(folder) / f"bench-{args.households}.sqlite", args.households)
        context = AppContext(db)
        for name, page_class in (("Haushalte", HouseholdsPage), ("Wohnungen", FlatsPage)):
            page = page_class(context)
            page.resize(1366, 700)
            page.show()
            app.processEvents()
            bench_page(name, page, app, args.repeat)
            page.close()
            page.deleteLater()  # widgets go before the application does, not in Python's exit order
        context.deleteLater()
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
