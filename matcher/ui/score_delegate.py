"""A score drawn as a bar with its number beside it: how well a household and a flat fit (0–100).

The model gives the score (0..1) under `SCORE_ROLE` and the number as text under DisplayRole; a row the
rules exclude gives `MUTED_ROLE` True and its bar is drawn in the muted text colour, and the row says
"unsuitable" in words in another column (colour never carries meaning alone).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

SCORE_ROLE = Qt.ItemDataRole.UserRole + 10
MUTED_ROLE = Qt.ItemDataRole.UserRole + 11
BAR_CHARS = 10
"""Width of the bar in average characters; the number takes about five more."""


class ScoreBarDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        score = index.data(SCORE_ROLE)
        if score is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # background, selection

        metrics = opt.fontMetrics
        pad = 4
        number_width = metrics.horizontalAdvance("100,0") + pad
        rect = opt.rect.adjusted(pad, pad, -pad, -pad)
        bar_space = QRect(rect.left(), rect.top(), max(rect.width() - number_width, 0), rect.height())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        muted = bool(index.data(MUTED_ROLE))
        fill = palette.color(QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.Highlight)
        if selected:
            fill = palette.color(QPalette.ColorRole.HighlightedText)
        track = QColor(fill)
        track.setAlphaF(0.18)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        bar = bar_space.adjusted(0, 2, 0, -2)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 2, 2)
        filled = QRect(bar)
        filled.setWidth(round(bar.width() * max(0.0, min(1.0, float(score)))))
        painter.setBrush(fill)
        if filled.width() > 0:
            painter.drawRoundedRect(filled, 2, 2)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(text_role))
        number = QRect(bar_space.right() + pad, rect.top(), number_width - pad, rect.height())
        painter.drawText(number, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        metrics = option.fontMetrics
        width = metrics.averageCharWidth() * BAR_CHARS + metrics.horizontalAdvance("100,0") + 16
        return QSize(max(hint.width(), width), hint.height())
