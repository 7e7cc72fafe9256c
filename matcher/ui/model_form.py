"""A form for some fields of a core model: one `form_fields` widget per field chosen from the field's
type and bounds, the core's German label beside it, and the core's German error message under it.

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

import types
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Union, get_args, get_origin

import annotated_types
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from matcher.core.enums import LabelledEnum
from matcher.core.errors import ValidationFailed
from matcher.ui.form_fields import (
    CheckField,
    DateField,
    EnumField,
    ErrorLabel,
    FloatField,
    IntField,
    MoneyField,
    NotesField,
    TextField,
    changed_signal,
)

LONG_TEXT = 1000
"""Fields allowing more characters than this get a multi-line editor."""


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
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.error)

    def _make_editor(self, info: Any) -> QWidget:
        """The field widget of `form_fields` that fits the field's type and bounds."""
        low, high, max_length = _bounds(info)
        kind, optional = self.kind, self.optional
        editor: QWidget
        if isinstance(kind, type) and issubclass(kind, LabelledEnum):
            editor = EnumField(kind, optional=optional)
        elif kind is bool:
            editor = CheckField()
        elif kind is int and self.name.endswith("_cents"):  # stored in cents, typed in euros
            editor = MoneyField(int(high if high is not None else 10**9), optional=optional)
        elif kind is int:
            editor = IntField(int(low if low is not None else 0), int(high if high is not None else 10**6), optional)
        elif kind is float:
            suffix = " m²" if self.name.endswith("_m2") else ""
            editor = FloatField(float(low or 0), float(high if high is not None else 1e6), 2, suffix, optional)
        elif kind is date:
            editor = DateField(optional)
        elif max_length is not None and max_length > LONG_TEXT:
            editor = NotesField()
        else:
            editor = TextField()
            if max_length is not None:
                editor.setMaxLength(max_length)
        changed_signal(editor).connect(self.changed)
        return editor

    # --- values ----------------------------------------------------------------------------------------

    def value(self) -> Any:
        value = self.editor.value()  # type: ignore[attr-defined]
        if isinstance(self.editor, TextField):
            return value.strip() or (None if self.optional else "")
        return value

    def set_value(self, value: Any) -> None:
        self.editor.set_value(getattr(value, "value", value))  # type: ignore[attr-defined]

    def show_error(self, messages: Sequence[str]) -> None:
        self.error.show_message(" ".join(messages))


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
