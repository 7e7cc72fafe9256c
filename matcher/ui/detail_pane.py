"""The right-hand pane of a list: the selected row's main data, read-only, in labelled groups.

It only shows text handed to it; what to show for a flat or a household is the page's business. Its
"Bearbeiten …" button asks the page to open the record's form (`edit_requested`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

Field = tuple[str, str]
Section = tuple[str, Sequence[Field]]


WRAP_FROM_CHARS = 16  # shorter values ("52,5 m²", "01.12.2026") stay on one line


def _value_label(text: str) -> QLabel:
    label = QLabel(text or "–")
    label.setWordWrap(len(text) > WRAP_FROM_CHARS)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _name_label(text: str) -> QLabel:
    """Names in the muted text colour, so names and values read apart at a glance. In a narrow pane
    (long translations, 125 % scaling) a name wraps onto two lines; values keep their width."""
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)
    return label


def _heading(text: str, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class DetailPane(QScrollArea):
    """Shows a title and sections of label/value pairs, or a hint when nothing is selected."""

    edit_requested = Signal()

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hint = hint
        self.edit_button: QPushButton | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.title = ""
        self.clear_details()

    def clear_details(self) -> None:
        self.title = ""
        self.edit_button = None
        hint = QLabel(self._hint)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)  # drawn in the palette's muted text colour
        self._replace([hint], centred=True)

    def show_details(self, title: str, sections: Sequence[Section]) -> None:
        self.title = title
        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        for heading, fields in sections:
            grid.addWidget(_heading(heading), grid.rowCount(), 0, 1, 2)
            for name, value in fields:
                row = grid.rowCount()
                grid.addWidget(_name_label(name), row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(_value_label(value), row, 1, Qt.AlignmentFlag.AlignTop)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Open the form (Enter or double-click in the list does the same)"))
        self.edit_button.clicked.connect(self.edit_requested)
        self._replace([_heading(title, 1.25), form, self.edit_button])

    def field_text(self, name: str) -> str | None:
        """The value shown beside a name (tests and accessibility checks read it)."""
        for grid in self.widget().findChildren(QGridLayout):
            for row in range(grid.rowCount()):
                label, value = grid.itemAtPosition(row, 0), grid.itemAtPosition(row, 1)
                if label and value and label is not value and label.widget().text() == name:
                    return value.widget().text()
        return None

    def _replace(self, widgets: list[QWidget], centred: bool = False) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(10)
        if centred:
            layout.addStretch(1)
        for widget in widgets:
            layout.addWidget(
                widget, 0, Qt.AlignmentFlag.AlignLeft if isinstance(widget, QPushButton) else Qt.AlignmentFlag(0)
            )
        layout.addStretch(1)
        self.setWidget(content)  # QScrollArea deletes the previous content widget
