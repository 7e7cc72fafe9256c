"""Spreadsheets as German offices make them, for the import tests and the import benchmark.

A housing company's flat list: semicolons, Windows-1252 umlauts, dates `01.02.2026`, amounts `1.234,56`,
German headers with units ("Wohnfläche (m²)", "Kaltmiete in €"). Every row is valid unless its index
is in `bad`, which breaks one field per bad row in a way the form would refuse too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from matcher.core.db import Database
from matcher.core.services.landlords import create_landlord

COMPANY = "Gemeinnützige Baugesellschaft Emsland mbH"
FLAT_HEADERS = [
    "Objekt-Nr.",
    "Vermieter",
    "Straße",
    "Hausnr.",
    "PLZ",
    "Ort",
    "Lage",
    "Whg.-Nr.",
    "Wohnfläche (m²)",
    "Zimmer",
    "Schlafzimmer",
    "Kaltmiete in €",
    "Nebenkosten",
    "Heizkosten",
    "Kaution",
    "Frei ab",
    "Aufzug",
    "Bemerkung",
]
TOWNS = [("Papenburg", "26871"), ("Meppen", "49716"), ("Lingen (Ems)", "49808"), ("Haren (Ems)", "49733")]
STREETS = ["Hauptkanal rechts", "Große Straße", "Mühlenstraße", "Bürgermeister-Müller-Weg", "Am Schützenhof"]
BAD_KINDS = ("area", "postcode", "rent", "date", "rooms")
"""The ways `flat_rows` breaks a bad row, in turn."""


def company(db: Database, name: str = COMPANY) -> int:
    landlord = create_landlord(db, {"kind": "company", "name": name, "city": "Meppen"})
    assert landlord.id is not None
    return landlord.id


def euro(cents: int) -> str:
    """123456 → '1.234,56' (as Excel shows it with German settings)."""
    whole, rest = divmod(cents, 100)
    return f"{whole:,}".replace(",", ".") + f",{rest:02d}"


def flat_row(i: int, landlord: str = COMPANY, bad: str | None = None) -> dict[str, Any]:
    town, postcode = TOWNS[i % len(TOWNS)]
    rooms = 1 + i % 4
    area = 35 + rooms * 14 + (i % 7) * 0.5
    rent = 30_000 + rooms * 8_000 + (i % 11) * 1_00 + 56
    row = {
        "Objekt-Nr.": f"WE-{10_000 + i}",
        "Vermieter": landlord,
        "Straße": STREETS[i % len(STREETS)],
        "Hausnr.": f"{1 + i // 40}{'a' if i % 3 == 0 else ''}",
        "PLZ": postcode,
        "Ort": town,
        "Lage": "EG" if i % 5 == 0 else f"{i % 5}. OG",
        "Whg.-Nr.": str(1 + i % 40),
        "Wohnfläche (m²)": f"{area:.1f}".replace(".", ","),
        "Zimmer": str(rooms),
        "Schlafzimmer": str(max(rooms - 1, 0)),
        "Kaltmiete in €": euro(rent),
        "Nebenkosten": euro(9_000 + rooms * 1_500),
        "Heizkosten": euro(6_000 + rooms * 1_000),
        "Kaution": euro(rent * 2),
        "Frei ab": f"01.{1 + i % 12:02d}.2026",
        "Aufzug": "ja" if i % 4 == 0 else "nein",
        "Bemerkung": "Balkon, Fußbodenheizung" if i % 9 == 0 else "",
    }
    if bad == "area":
        row["Wohnfläche (m²)"] = "ca. 60"
    elif bad == "postcode":
        row["PLZ"] = "4971"
    elif bad == "rent":
        row["Kaltmiete in €"] = "-450,00"
    elif bad == "date":
        row["Frei ab"] = "31.02.2026"
    elif bad == "rooms":
        row["Schlafzimmer"] = str(rooms + 2)
    return row


def flat_rows(count: int, bad: Iterable[int] = (), landlord: str = COMPANY) -> list[dict[str, Any]]:
    """`count` rows; row i (0-based) in `bad` is broken in the i-th of BAD_KINDS ways, in turn."""
    broken = {index: BAD_KINDS[n % len(BAD_KINDS)] for n, index in enumerate(sorted(bad))}
    return [flat_row(i, landlord, broken.get(i)) for i in range(count)]


def write_csv(
    path: Path,
    rows: Sequence[dict[str, Any]],
    headers: Sequence[str] = FLAT_HEADERS,
    *,
    encoding: str = "cp1252",
    delimiter: str = ";",
) -> Path:
    """`encoding="utf-8-sig"` writes a byte order mark, as Excel's "CSV UTF-8" does."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def write_xlsx(path: Path, rows: Sequence[dict[str, Any]], headers: Sequence[str] = FLAT_HEADERS) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Wohnungen"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


HOUSEHOLD_HEADERS = [
    "Aktenzeichen",
    "Familienname",
    "Vorname",
    "Geburtsdatum",
    "Geschlecht",
    "Verhältnis",
    "Staatsangehörigkeit",
    "Aufenthaltsstatus",
    "Wohnsitzauflage",
    "Kostenträger",
    "Unterkunft",
    "Wohnungssuchend seit",
]


def household_rows() -> list[dict[str, Any]]:
    """An accommodation list: one row per person, the household's fields repeated or only in its first row."""
    haddad = {
        "Aktenzeichen": "50.2-0815/2026",
        "Familienname": "Haddad",
        "Aufenthaltsstatus": "§ 25 Abs. 2",
        "Wohnsitzauflage": "Land Niedersachsen",
        "Kostenträger": "Jobcenter",
        "Unterkunft": "GU Sögel, Zimmer 12",
        "Wohnungssuchend seit": "01.02.2025",
    }
    return [
        {**haddad, "Vorname": "Amina", "Geburtsdatum": "14.03.1988", "Geschlecht": "w", "Verhältnis": "Antragstellerin",
         "Staatsangehörigkeit": "SYR"},
        {**haddad, "Vorname": "Yusuf", "Geburtsdatum": "02.11.1985", "Geschlecht": "m", "Verhältnis": "Ehemann",
         "Staatsangehörigkeit": "SYR"},
        {"Aktenzeichen": "50.2-0815/2026", "Familienname": "Haddad", "Vorname": "Lina", "Geburtsdatum": "01.07.2019",
         "Geschlecht": "w", "Verhältnis": "Tochter"},
        {"Aktenzeichen": "50.2-0816/2026", "Familienname": "Özdemir", "Vorname": "Şükrü", "Geburtsdatum": "05.05.1979",
         "Geschlecht": "m", "Verhältnis": "Antragsteller", "Staatsangehörigkeit": "TUR", "Aufenthaltsstatus": "Duldung",
         "Kostenträger": "Sozialamt", "Unterkunft": "GU Meppen"},
    ]  # fmt: skip


def typed(row: dict[str, Any]) -> dict[str, Any]:
    """The row as a company's Excel export holds it: numbers, amounts and dates as typed cells."""
    from datetime import datetime

    result = dict(row)
    for header in ("Wohnfläche (m²)", "Kaltmiete in €", "Nebenkosten", "Heizkosten", "Kaution"):
        result[header] = float(row[header].replace(".", "").replace(",", "."))
    for header in ("PLZ", "Zimmer", "Schlafzimmer", "Whg.-Nr."):
        result[header] = int(row[header])
    result["Frei ab"] = datetime.strptime(row["Frei ab"], "%d.%m.%Y")
    return result
