"""Input fields for the record forms (flat, household): one `value()` / `set_value()` per field, German
number and date formats, empty optional values, and the error line under each field.

Fields hold no rule: bounds and messages come from the core, which checks everything when saving. The
widgets only make typing easy (money as "1.234,56 €", dates as TT.MM.JJJJ with a calendar) and show
`ValidationFailed` messages at the field they are about: a red border and the message in one line
below, until the caseworker changes the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from matcher.core.enums import LabelledEnum
from matcher.core.errors import FieldError
from matcher.ui.labels import label

EMPTY_DATE = QDate(1899, 12, 31)  # below every real date: shown as an empty field
ERROR_COLOUR = "#c62828"
INVALID_STYLE = f"border: 1px solid {ERROR_COLOUR};"


class TextField(QLineEdit):
    def value(self) -> str:
        return self.text()

    def set_value(self, value: str | None) -> None:
        self.setText(value or "")


class NotesField(QPlainTextEdit):
    textEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.textChanged.connect(self.textEdited)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str | None) -> None:
        self.setPlainText(value or "")


class CheckField(QCheckBox):
    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: bool | None) -> None:
        self.setChecked(bool(value))


class IntField(QSpinBox):
    """A whole number; optional ones show empty for "not given" (the value below the minimum)."""

    def __init__(self, minimum: int, maximum: int, optional: bool = False, suffix: str = "") -> None:
        super().__init__()
        self._optional = optional
        self.setRange(minimum - 1 if optional else minimum, maximum)
        self.setSuffix(suffix)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        if optional:
            self.setSpecialValueText(" ")

    def value(self) -> int | None:  # type: ignore[override]
        number = super().value()
        return None if self._optional and number == self.minimum() else number

    def set_value(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class FloatField(QDoubleSpinBox):
    """A decimal number with a unit ("52,5 m²"); German decimal comma from the default locale."""

    def __init__(
        self, minimum: float, maximum: float, decimals: int = 1, suffix: str = "", optional: bool = False
    ) -> None:
        super().__init__()
        self._optional = optional
        self.setDecimals(decimals)
        step = 10**-decimals
        self.setRange(minimum - step if optional else minimum, maximum)
        self.setSuffix(suffix)
        self.setGroupSeparatorShown(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        if optional:
            self.setSpecialValueText(" ")

    def value(self) -> float | None:  # type: ignore[override]
        number = super().value()
        return None if self._optional and number == self.minimum() else round(number, self.decimals())

    def set_value(self, value: float | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class MoneyField(FloatField):
    """Euros typed as in Germany ("1.234,56 €"), stored as integer cents."""

    def __init__(self, maximum_cents: int = 10_000_000, optional: bool = False, suffix: str = " €") -> None:
        super().__init__(0, maximum_cents / 100, decimals=2, suffix=suffix, optional=optional)

    def value(self) -> int | None:  # type: ignore[override]
        euros = super().value()
        return None if euros is None else round(euros * 100)

    def set_value(self, value: int | None) -> None:  # type: ignore[override]
        super().set_value(None if value is None else value / 100)


class DateField(QDateEdit):
    """TT.MM.JJJJ with a calendar; an optional date may stay empty (clear the text)."""

    def __init__(self, optional: bool = True) -> None:
        super().__init__()
        self._optional = optional
        self.setDisplayFormat("dd.MM.yyyy")
        self.setCalendarPopup(True)
        if optional:
            self.setMinimumDate(EMPTY_DATE)
            self.setSpecialValueText(" ")
        self._show_today()

    def _show_today(self) -> None:
        """An empty date's calendar opens on this month, not on the placeholder year 1899."""
        today = QDate.currentDate()
        self.calendarWidget().setCurrentPage(today.year(), today.month())

    def value(self) -> date | None:
        chosen = self.date()
        if self._optional and chosen == EMPTY_DATE:
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(EMPTY_DATE if self._optional else QDate.currentDate())
            self._show_today()
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class EnumField(QComboBox):
    """One value of a LabelledEnum, shown by its label; `members` limits the choice."""

    def __init__(self, enum_cls: type[LabelledEnum], members: Iterable[Enum] | None = None, optional: bool = False):
        super().__init__()
        if optional:
            self.addItem("", None)
        for member in members if members is not None else enum_cls:
            self.addItem(label(member), member.value)  # type: ignore[arg-type]

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: str | None) -> None:
        index = self.findData(value)
        if index < 0 and value is not None:  # a stored value this version does not know: shown, kept
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class ChoiceField(QComboBox):
    """Pick one of many (municipalities, landlords) by typing part of the name. `value()` is the key of
    the chosen entry, None when empty, and the typed text itself when it matches nothing (the core then
    says that it does not know it)."""

    def __init__(self, optional: bool = False, key_type: type = str) -> None:
        super().__init__()
        self._optional = optional
        self._key_type = key_type
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if self._optional:
            self.addItem("", None)
        for key, text in choices:
            self.addItem(text, key)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0 and self.itemData(index) is not None:
            return self.itemData(index)
        return 0 if self._key_type is int else text

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(0 if self._optional else -1)
            self.setEditText("" if value is None else str(value))
        self.lineEdit().setCursorPosition(0)  # a long name shows its beginning


def model_defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The defaults a new record starts with, taken from the core model (one truth)."""
    values = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            values[name] = info.default_factory()  # type: ignore[call-arg]
        elif not info.is_required():
            values[name] = info.default
    return values


def without_missing(model: type[BaseModel], values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Values without the required fields left empty (a choice not made), and those fields' names. Left
    out, the core reports them as missing ("Bitte ausfüllen.") instead of as a value of the wrong type."""
    missing = [name for name, value in values.items() if value is None and model.model_fields[name].is_required()]
    return {name: value for name, value in values.items() if name not in missing}, missing


def changed_signal(widget: QWidget) -> Any:
    """The signal a field emits when the caseworker edits it (clears its error)."""
    for name in ("textEdited", "valueChanged", "dateChanged", "toggled", "currentIndexChanged"):
        signal = getattr(widget, name, None)
        if signal is not None:
            return signal
    return None


class ErrorLabel(QLabel):
    """The line under a field saying what is wrong and how to fix it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
        self.setPalette(palette)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldSet:
    """The fields of one form by their core name, with their error lines; a form's single registry."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.pages: dict[str, int] = {}  # field → tab, to show the first error

    def add(
        self, form: QFormLayout, name: str, text: str, widget: QWidget, page: int = 0, shown: QWidget | None = None
    ) -> QWidget:
        """A row `text: widget` with its error line; `shown` is what to lay out when the field comes
        with more (a button beside it)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if shown is None and isinstance(widget, QCheckBox | QAbstractSpinBox | EnumField):
            # Numbers, dates and short choices as wide as their content, not the whole window: a
            # check box's words stay its clickable part.
            if isinstance(widget, QAbstractSpinBox):
                widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * 18)
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            column.addWidget(shown if shown is not None else widget)
        error = ErrorLabel()
        column.addWidget(error)
        if isinstance(widget, QCheckBox) and shown is None:
            widget.setText(text)  # the box's own text: clicking the words ticks it
            form.addRow("", box)
        else:
            form.addRow(text, box)
        self.widgets[name], self.errors[name], self.pages[name] = widget, error, page
        widget.setAccessibleName(text.replace("&", ""))
        signal = changed_signal(widget)
        if signal is not None:
            signal.connect(lambda *_: self.clear_error(name))
        return widget

    def value(self, name: str) -> Any:
        return self.widgets[name].value()  # type: ignore[attr-defined]

    def set_value(self, name: str, value: Any) -> None:
        widget = self.widgets[name]
        widget.blockSignals(True)
        try:
            widget.set_value(value)  # type: ignore[attr-defined]
        finally:
            widget.blockSignals(False)

    def values(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        return {name: self.value(name) for name in (names if names is not None else self.widgets)}

    def show_errors(self, errors: Sequence[FieldError]) -> list[FieldError]:
        """Put each message under its field; return those about no field of this set."""
        self.clear_errors()
        elsewhere: list[FieldError] = []
        messages: dict[str, list[str]] = {}
        for error in errors:
            if error.field in self.errors:
                messages.setdefault(error.field, []).append(error.message)
            else:
                elsewhere.append(error)
        for name, texts in messages.items():
            self.errors[name].show_message("\n".join(dict.fromkeys(texts)))
            self.widgets[name].setStyleSheet(INVALID_STYLE)
        return elsewhere

    def first_error_page(self, errors: Sequence[FieldError]) -> int | None:
        return next((self.pages[e.field] for e in errors if e.field in self.pages), None)

    def clear_error(self, name: str) -> None:
        self.errors[name].show_message("")
        self.widgets[name].setStyleSheet("")

    def clear_errors(self) -> None:
        for name in self.widgets:
            self.clear_error(name)

    def error_text(self, name: str) -> str:
        error = self.errors[name]
        return error.text() if not error.isHidden() else ""


def form_page(*groups: tuple[str, QFormLayout]) -> QScrollArea:
    """A tab of a form: titled groups of fields one below the other, scrolling when the window is small."""
    content = QWidget()
    column = QVBoxLayout(content)
    labels = [
        item.widget()
        for _, form in groups
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None and item.widget() is not None
    ]
    widest = max((name.sizeHint().width() for name in labels), default=0)
    for name in labels:  # one label column for the whole tab: the fields of all groups line up
        name.setMinimumWidth(widest)
    for title, form in groups:
        heading = QLabel(title)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        column.addLayout(form)
        column.addSpacing(8)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll
