"""A plain bar chart drawn with QPainter in the palette's colours (light and dark schemes alike).

PySide6-Essentials has no QtCharts; a handful of bars with their values written on them is all the
overview needs, and a picture whose numbers are also printed stays readable without colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from matcher.core.formatting import number


class BarChart(QWidget):
    """Vertical bars with the value above each bar and its label below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * 8)

    def set_bars(self, bars: Sequence[tuple[str, float]]) -> None:
        self._bars = list(bars)
        described = "; ".join(f"{label}: {number(value, 0)}" for label, value in self._bars)
        self.setAccessibleDescription(described)
        self.setToolTip(described)
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        return list(self._bars)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        height = self.fontMetrics().height()
        return QSize(max(len(self._bars), 5) * height * 3, height * 12)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(4, line + 4, -4, -(line + 8))
        slot = area.width() / len(self._bars)
        peak = max(value for _, value in self._bars) or 1.0
        bar_colour = self.palette().color(QPalette.ColorRole.Highlight)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        baseline = QColor(text_colour)
        baseline.setAlpha(90)
        painter.setPen(baseline)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for index, (label, value) in enumerate(self._bars):
            left = area.left() + index * slot
            height = area.height() * value / peak
            bar = QRectF(left + slot * 0.18, area.bottom() - height, slot * 0.64, height)
            painter.fillRect(bar, bar_colour)
            painter.setPen(text_colour)
            above = QRectF(left, bar.top() - line - 2, slot, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, number(value, 0))
            below = QRectF(left, area.bottom() + 4, slot, line)
            painter.drawText(
                below, Qt.AlignmentFlag.AlignCenter, metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot))
            )
        painter.end()
