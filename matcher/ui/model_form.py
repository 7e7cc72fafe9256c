"""A form for some fields of a core model: one widget per field chosen from the field's type and
bounds, the core's German label beside it, and the core's German error message under it.

    form = ModelForm(M.OfficeBase, ["name", "street", "postcode"])
    form.set_values(office)
    try:
        service.update(db, form.values())
    except ValidationFailed as exc:
        form.show_errors(exc)          # red line under each field at fault; the input stays

The form holds no rule: bounds only stop the spin boxes from scrolling into nonsense; what is allowed is
decided by the service that saves.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Union, get_args, get_origin

import annotated_types
from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from matcher.core.enums import LabelledEnum
from matcher.core.errors import ValidationFailed
from matcher.ui.labels import label_of

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
LONG_TEXT = 1000
"""Fields allowing more characters than this get a multi-line editor."""
ERROR_STYLE = "color: palette(bright-text); background: #b3261e; padding: 2px 4px; border-radius: 3px;"


def _plain_type(annotation: Any) -> tuple[Any, bool]:
    """The field's type without Optional, and whether None is allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(get_args(annotation))
    return annotation, False


def _bounds(info: Any) -> tuple[float | None, float | None, int | None]:
    low = high = None
    max_length = None
    for meta in info.metadata:
        if isinstance(meta, annotated_types.Ge):
            low = meta.ge
        elif isinstance(meta, annotated_types.Gt):
            low = meta.gt
        elif isinstance(meta, annotated_types.Le):
            high = meta.le
        elif isinstance(meta, annotated_types.MaxLen):
            max_length = meta.max_length
    return low, high, max_length


class FieldEditor(QWidget):
    """One field: the editor and the line for its error message."""

    changed = Signal()

    def __init__(self, model: type, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        info = model.model_fields[name]  # type: ignore[attr-defined]
        self.name = name
        self.label = info.title or name
        self.kind, self.optional = _plain_type(info.annotation)
        self.editor = self._make_editor(info)
        self.editor.setAccessibleName(self.label)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.error)

    def _make_editor(self, info: Any) -> QWidget:
        low, high, max_length = _bounds(info)
        kind = self.kind
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            combo = QComboBox()
            if self.optional:
                combo.addItem("–", None)
            for member in kind:
                text = label_of(kind, member.value) if issubclass(kind, LabelledEnum) else str(member.value)
                combo.addItem(text, member.value)
            combo.currentIndexChanged.connect(self.changed)
            return combo
        if kind is bool:
            box = QCheckBox()
            box.toggled.connect(self.changed)
            return box
        if kind is int and self.name.endswith("_cents"):
            money = QDoubleSpinBox()  # amounts are stored in cents and typed in euros
            money.setLocale(GERMAN)
            money.setDecimals(2)
            money.setSuffix(" €")
            money.setGroupSeparatorShown(True)
            money.setRange(-0.01 if self.optional else 0.0, (high if high is not None else 10**9) / 100)
            if self.optional:
                money.setSpecialValueText("–")
            money.valueChanged.connect(self.changed)
            return money
        if kind is int:
            spin = QSpinBox()
            spin.setRange(int(low if low is not None else -1_000_000), int(high if high is not None else 1_000_000))
            if self.optional:
                spin.setSpecialValueText("–")
                spin.setMinimum(spin.minimum() - 1)
            spin.setGroupSeparatorShown(True)
            spin.valueChanged.connect(self.changed)
            return spin
        if kind is float:
            spin = QDoubleSpinBox()
            spin.setLocale(GERMAN)
            spin.setDecimals(2)
            spin.setRange(float(low if low is not None else -1e9), float(high if high is not None else 1e9))
            if self.name.endswith("_m2"):
                spin.setSuffix(" m²")
            spin.valueChanged.connect(self.changed)
            return spin
        if kind is date:
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(self.changed)
            return edit
        if max_length is not None and max_length > LONG_TEXT:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().height() * 4)
            text.textChanged.connect(self.changed)
            return text
        line = QLineEdit()
        if max_length is not None:
            line.setMaxLength(max_length)
        line.textChanged.connect(self.changed)
        return line

    # --- values ----------------------------------------------------------------------------------------

    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            if self.optional and editor.value() == editor.minimum():
                return None
            return editor.value()
        if isinstance(editor, QDoubleSpinBox) and self.name.endswith("_cents"):
            return None if self.optional and editor.value() < 0 else round(editor.value() * 100)
        if isinstance(editor, QDoubleSpinBox):
            return round(editor.value(), editor.decimals())
        if isinstance(editor, QDateEdit):
            return editor.date().toPython()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip() or (None if self.optional else "")

    def set_value(self, value: Any) -> None:
        editor = self.editor
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(getattr(value, "value", value)), 0))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(editor.minimum() if value is None else int(value))
        elif isinstance(editor, QDoubleSpinBox) and self.name.endswith("_cents"):
            editor.setValue(editor.minimum() if value is None else int(value) / 100)
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0))
        elif isinstance(editor, QDateEdit):
            editor.setDate(QDate(value) if value is not None else QDate.currentDate())
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
        else:
            editor.setText("" if value is None else str(value))

    def show_error(self, messages: Sequence[str]) -> None:
        self.error.setText(" ".join(messages))
        self.error.setVisible(bool(messages))


class ModelForm(QWidget):
    """Fields of one model in a QFormLayout; `values()` gives what the service takes."""

    changed = Signal()

    def __init__(self, model: type, names: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.fields: dict[str, FieldEditor] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in names:
            field = FieldEditor(model, name)
            field.changed.connect(self.changed)
            self.fields[name] = field
            self.layout_.addRow(field.label, field)

    def values(self) -> dict[str, Any]:
        return {name: field.value() for name, field in self.fields.items()}

    def set_values(self, source: Any) -> None:
        for name, field in self.fields.items():
            value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
            field.set_value(value)
        self.clear_errors()

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.show_error([])

    def show_errors(self, exc: ValidationFailed) -> list[str]:
        """Messages under their fields; returns the messages that belong to no field of this form."""
        self.clear_errors()
        for name, field in self.fields.items():
            field.show_error(exc.for_field(name))
        elsewhere = [str(e) for e in exc.errors if e.field not in self.fields]
        first = next((f for f in self.fields.values() if f.error.isVisibleTo(self)), None)
        if first is not None:
            first.editor.setFocus()
        return elsewhere
