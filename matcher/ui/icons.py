"""The window's SVG icons (`resources/icons/`, our own set, CC0), drawn in the palette's colours.

The SVG files are drawn in black strokes (`#000000`) with white fills (`#ffffff`) for holes; here black
becomes the palette's text colour and white its window colour, so the same files serve light and dark
schemes. Each icon is rendered crisply at the usual sizes; Qt picks the nearest for a widget.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from matcher.core.paths import RESOURCES_DIR

ICONS_DIR = RESOURCES_DIR / "icons"
SIZES = (16, 20, 24, 32, 48)


def svg_text(name: str, palette: QPalette | None = None, *, selected: bool = False) -> str:
    """The icon's SVG with the palette's colours filled in (those of a selected item if asked)."""
    palette = palette or QGuiApplication.palette()
    ink_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.WindowText
    paper_role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Window
    colours = {"#000000": palette.color(ink_role).name(), "#ffffff": palette.color(paper_role).name()}
    text = (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8")
    return re.sub("#000000|#ffffff", lambda m: colours[m.group(0)], text)  # one pass: ink may be white


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    """A QIcon of `resources/icons/<name>.svg` in the current (or given) palette, normal and selected."""
    result = QIcon()
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    for mode, selected in ((QIcon.Mode.Normal, False), (QIcon.Mode.Selected, True)):
        renderer = QSvgRenderer(QByteArray(svg_text(name, palette, selected=selected).encode("utf-8")))
        for size in SIZES:
            pixels = round(size * ratio)
            pixmap = QPixmap(QSize(pixels, pixels))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap, mode)
    return result
