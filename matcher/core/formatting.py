"""German formats for money, numbers and dates (babel), used by messages, documents and exports."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "de_DE"


def euros(cents: int) -> str:
    """12345 → '123,45 €'."""
    return format_currency(cents / 100, "EUR", locale=LOCALE)


def number(value: float, digits: int = 2) -> str:
    """52.5 → '52,5'; at most `digits` decimals, thousands separated."""
    return format_decimal(round(value, digits), format="#,##0." + "#" * digits, locale=LOCALE)


def area(m2: float) -> str:
    return f"{number(m2, 2)} m²"


def day(value: date) -> str:
    """date(2026, 11, 24) → '24.11.2026'."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)
