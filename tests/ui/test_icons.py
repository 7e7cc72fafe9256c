"""The SVG icons: every file renders, in the colours of a light and a dark palette, and the window uses
them for its areas."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette

from matcher.ui.icons import ICONS_DIR, icon, svg_text

NAMES = sorted(p.stem for p in ICONS_DIR.glob("*.svg"))


def palette(text: str, window: str) -> QPalette:
    result = QPalette()
    result.setColor(QPalette.ColorRole.WindowText, QColor(text))
    result.setColor(QPalette.ColorRole.Window, QColor(window))
    return result


@pytest.mark.parametrize("name", NAMES)
def test_every_icon_renders_in_light_and_dark(qapp, name):
    for text, window in (("#202020", "#f0f0f0"), ("#e8e8e8", "#2b2b2b")):
        pal = palette(text, window)
        assert text in svg_text(name, pal) and "#000000" not in svg_text(name, pal)
        image = icon(name, pal).pixmap(24, 24).toImage()
        inked = [image.pixelColor(x, y) for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 200]
        assert len(inked) > 15, f"{name} draws almost nothing"
        near = [c for c in inked if min(abs(c.lightness() - QColor(k).lightness()) for k in (text, window)) < 60]
        assert len(near) >= 0.8 * len(inked), f"{name} is not drawn in the palette's colours"


def test_a_selected_item_s_icon_is_drawn_in_the_highlight_text_colour(qapp):
    pal = palette("#202020", "#f0f0f0")
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#3d7ab8"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    text = svg_text("overview", pal, selected=True)
    assert "#ffffff" in text and "#202020" not in text


def test_the_areas_have_their_icons(qtbot, sample_db, settings):
    from matcher.ui.main_window import AREA_NAMES, MainWindow

    window = MainWindow(sample_db, settings)
    qtbot.addWidget(window)
    assert {name.lower() for name in AREA_NAMES} <= set(NAMES)
    assert all(not window.navigation.item(n).icon().isNull() for n in range(len(AREA_NAMES)))
    assert not window.page_actions["new_record"].icon().isNull()
    assert isinstance(window.navigation.item(0).icon(), QIcon)
