"""Screenshots of the main window under the offscreen platform, on a fresh demo database.

    .venv/bin/python scripts/screenshots.py            # every language and scale into screenshots/
    .venv/bin/python scripts/screenshots.py --docs     # also docs/screenshots/*.png (German, 100 %)

1366×768 is the caseworker's 14" laptop; 125 % scaling shrinks the same screen to 1093×614 logical
pixels; "pseudo" lengthens every string. One picture per area of the window, then the empty state of a
new database. Look at each picture: nothing clipped, nothing overlapping.
Each variant runs in its own process because Qt reads QT_SCALE_FACTOR only once, at start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "screenshots"
DOCS = REPO / "docs" / "screenshots"
DOCS_AREAS = ("overview", "flats", "households", "matching", "placements", "documents", "settings")
SCREEN = (1366, 768)
VARIANTS = [("de", 1.0), ("de", 1.25), ("pseudo", 1.0), ("en", 1.0)]


def settle(app: object, seconds: float = 1.0) -> None:
    """Let background loading finish and the window repaint."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def shoot(lang: str, scale: float, home: Path) -> None:
    """Runs inside the child process: one language, one scale, three areas."""
    sys.path.insert(0, str(REPO))
    from matcher.app import create_application
    from matcher.core.db import open_database
    from matcher.core.demo import open_demo_database
    from matcher.ui.i18n import install_translations
    from matcher.ui.main_window import AREA_NAMES, FLATS, HOUSEHOLDS, MainWindow

    shutil.rmtree(home / "settings", ignore_errors=True)  # every variant starts with default widths
    db = open_demo_database(home / "demo.sqlite")
    db.user = "a.schulte"  # a demo caseworker, not whoever runs the script
    app = create_application()
    install_translations(app, lang)
    window = MainWindow(db)
    window.resize(round(SCREEN[0] / scale), round(SCREEN[1] / scale))
    window.show()
    for area, name in enumerate(AREA_NAMES):
        window.show_area(area)
        settle(app)  # pages load in the background
        page = {FLATS: window.flats, HOUSEHOLDS: window.households}.get(area)
        if page is not None:
            page.table.selectRow(2)
            settle(app, 0.2)
        slug = name.lower().replace(" ", "-")
        window.grab().save(str(OUT / f"main-window-{slug}-{lang}-{round(scale * 100)}.png"))
    empty = home / f"leer-{lang}-{round(scale * 100)}.sqlite"
    window.switch_database(lambda: open_database(path=empty))  # the empty state of a new office
    window.show_area(FLATS)
    app.processEvents()
    window.grab().save(str(OUT / f"main-window-empty-{lang}-{round(scale * 100)}.png"))
    window.close()
    window.database.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", action="store_true", help="also refresh " + str(DOCS.relative_to(REPO)))
    parser.add_argument("--child", nargs=2, metavar=("LANG", "SCALE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    home = Path(os.environ.get("WOHNRAUM_MATCHER_HOME", "."))
    if args.child:
        shoot(args.child[0], float(args.child[1]), home)
        return 0
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(
        prefix="wohnraum-matcher-"
    ) as temp:  # fresh settings and demo data, nothing of the user's
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WOHNRAUM_MATCHER_HOME": temp}
        for lang, scale in VARIANTS:
            child_env = {**env, "QT_SCALE_FACTOR": str(scale)}
            subprocess.run([sys.executable, __file__, "--child", lang, str(scale)], env=child_env, check=True)
    if args.docs:
        DOCS.mkdir(exist_ok=True)
        for area in DOCS_AREAS:  # German at 100 %, the pictures in the README
            shutil.copyfile(OUT / f"main-window-{area}-de-100.png", DOCS / f"{area}.png")
    print(f"Screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
