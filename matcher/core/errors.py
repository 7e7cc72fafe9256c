"""Domain errors. Messages are German: they are shown to caseworkers as they are."""

from __future__ import annotations

from dataclasses import dataclass


class MatcherError(Exception):
    """Base of every error the core raises on purpose."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; `field` is the attribute name in code."""

    field: str
    message: str
    label: str = ""

    def __str__(self) -> str:
        return f"{self.label or self.field}: {self.message}"


class ValidationFailed(MatcherError):
    """Input was rejected; nothing was saved. Carries one entry per faulty field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFound(MatcherError):
    """A record asked for by id does not exist (any more)."""


class ConflictError(MatcherError):
    """Someone else saved the record in between (optimistic locking)."""


class InvalidTransition(MatcherError):
    """A workflow step that is not allowed from the current state."""


class DatabaseTooNew(MatcherError):
    """The file was written by a newer program version and must not be touched."""


class DatabaseDamaged(MatcherError):
    """The file failed its integrity check or is not a database of this program."""
