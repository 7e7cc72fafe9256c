"""Every area of the window on the demo database, photographed (offscreen) into `screenshots/areas/`
for a person to look at — and checked for what a machine can see: it shows something (not a blank
picture), and its labels speak German.

The folder is git-ignored; `scripts/screenshots.py` makes the fuller set (languages, 125 %, pseudo).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from matcher.core.demo import create_demo
from matcher.ui.main_window import AREA_NAMES, MainWindow

OUT = Path(__file__).resolve().parents[2] / "screenshots" / "areas"
ENGLISH_WORDS = ("Overview", "Households", "Settings", "Save", "Search")


def _distinct_colours(image: QImage, step: int = 7) -> int:
    colours = {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    return len(colours)


@pytest.mark.slow
def test_every_area_on_the_demo_database(qtbot, db, tmp_path, language):
    create_demo(db, households=120, seed=2)
    window = MainWindow(db, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    OUT.mkdir(parents=True, exist_ok=True)
    for area, name in enumerate(AREA_NAMES):
        window.show_area(area)
        page = window.pages[area]
        qtbot.wait(400)  # pages load in the background
        qtbot.waitUntil(lambda page=page: not getattr(page, "loading", False), timeout=10_000)
        image = window.grab().toImage()
        image.save(str(OUT / f"{name.lower()}.png"))
        assert _distinct_colours(image) > 8, f"{name} looks blank"
        texts = " ".join(w.text() for w in window.findChildren(type(window.database_label)) if w.isVisible())
        assert not any(word in texts.split() for word in ENGLISH_WORDS), (name, texts)
