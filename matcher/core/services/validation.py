"""Turn input into a validated model or a `ValidationFailed` with one German message per field.

Dates may come as `date` objects, ISO text (`2026-02-01`) or the German `01.02.2026` the messages ask
for; a day that does not exist (`31.02.2026`) is named as such.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.formatting import euros, number

ModelT = TypeVar("ModelT", bound=BaseModel)


def label_of(model: type[BaseModel], field: str) -> str:
    info = model.model_fields.get(field)
    return (info.title if info and info.title else field) or field


def _bound(field: str, value: float) -> str:
    return euros(int(value)) if field.endswith("_cents") else number(float(value))


GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def _is_date_field(model: type[BaseModel], field: str) -> bool:
    info = model.model_fields.get(field)
    if info is None:
        return False
    annotation = info.annotation
    if annotation is date:
        return True
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and date in typing.get_args(annotation)


def german_dates(model: type[BaseModel], raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """`TT.MM.JJJJ` text in date fields becomes a date; a day the calendar lacks is an error naming it."""
    converted = dict(raw)
    errors = []
    for name, value in raw.items():
        if not isinstance(value, str) or not _is_date_field(model, name):
            continue
        if match := GERMAN_DATE.match(value):
            day_, month, year = (int(part) for part in match.groups())
        elif match := ISO_DATE.match(value):
            year, month, day_ = (int(part) for part in match.groups())
        else:
            continue
        try:
            converted[name] = date(year, month, day_)
        except ValueError:
            # The value is not repeated: a mistyped birth date is still a birth date (messages can reach logs).
            message = "Bitte ein gültiges Datum eingeben: Diesen Tag gibt es im Kalender nicht."
            errors.append(FieldError(name, message, label_of(model, name)))
            converted.pop(name)
    return converted, errors


def german_message(field: str, error: Mapping[str, Any]) -> str:
    """A German sentence for one pydantic error (what is wrong and how to fix it)."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "Bitte ausfüllen."
    if kind == "string_too_short":
        return f"Bitte mindestens {ctx['min_length']} Zeichen eingeben."
    if kind == "string_too_long":
        return f"Bitte höchstens {ctx['max_length']} Zeichen eingeben."
    if kind == "greater_than_equal":
        if ctx["ge"] == 0:
            return "Darf nicht negativ sein."
        return f"Darf nicht kleiner als {_bound(field, ctx['ge'])} sein."
    if kind == "greater_than":
        return f"Muss größer als {_bound(field, ctx['gt'])} sein."
    if kind == "less_than_equal":
        return f"Darf höchstens {_bound(field, ctx['le'])} betragen."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "Bitte eine ganze Zahl eingeben."
    if kind in ("float_parsing", "float_type", "finite_number"):
        return "Bitte eine Zahl eingeben."
    if kind.startswith("date") or kind.startswith("datetime"):
        return "Bitte ein gültiges Datum eingeben (TT.MM.JJJJ)."
    if kind.startswith("bool"):
        return "Bitte ja oder nein angeben."
    if kind == "enum":
        return f"Unbekannter Wert. Erlaubt sind: {ctx.get('expected', '')}."
    if kind in ("string_type", "string_unicode"):
        return "Bitte Text eingeben."
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"])).rstrip(".") + "."
        # Text checks (`text.clean_text`) say "enthält …" / "ist zu lang": a sentence needs a subject.
        return f"Der Text {text}" if text.startswith(("enthält", "ist zu")) else text
    return "Ungültige Eingabe."


def _enum_choices(model: type[BaseModel], field: str) -> str:
    info = model.model_fields.get(field)
    annotation = info.annotation if info else None
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return ", ".join(getattr(member, "label", str(member.value)) for member in candidate)
    return ""


def field_errors(model: type[BaseModel], exc: PydanticValidationError) -> list[FieldError]:
    errors = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "__root__"
        message = german_message(field, error)
        if error["type"] == "enum":
            message = f"Bitte einen dieser Werte wählen: {_enum_choices(model, field)}."
        errors.append(FieldError(field, message, label_of(model, field)))
    return errors


def validate(model: type[ModelT], data: Mapping[str, Any] | BaseModel) -> ModelT:
    """Validate `data` as `model`; raise ValidationFailed naming every faulty field in German.

    Keys the model does not know are errors too: a typo in an import mapping must not vanish silently.
    """
    raw, errors = german_dates(model, data.model_dump() if isinstance(data, BaseModel) else dict(data))
    known = model.model_fields  # read once: a computed property on recent pydantic
    errors += [FieldError(name, "Unbekanntes Feld.", name) for name in raw if name not in known]
    failed = {error.field for error in errors}
    try:
        validated = model.model_validate(raw)
    except PydanticValidationError as exc:
        errors += [e for e in field_errors(model, exc) if e.field not in failed]
    if errors:
        raise ValidationFailed(errors)
    return validated


def require(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def valid_values(model: type[BaseModel], raw: Mapping[str, Any], failed: set[str]) -> dict[str, Any]:
    """Typed values of the fields that passed, so domain checks can run beside the field errors."""
    raw, date_errors = german_dates(model, raw)
    failed = failed | {error.field for error in date_errors}
    blank = model.model_construct()
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in failed:
            continue
        if name not in raw:
            if not info.is_required():
                values[name] = info.get_default(call_default_factory=True)
            continue
        try:
            model.__pydantic_validator__.validate_assignment(blank, name, raw[name])
        except PydanticValidationError:
            continue
        values[name] = getattr(blank, name)
    return values
