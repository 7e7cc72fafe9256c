"""The `export`, `report` and `bundle` sub-commands: lists, the statistics report and the full bundle.

    python -m matcher export flats wohnungen.xlsx [--columns id,address,status] [--filter status=available]
    python -m matcher report statistik.pdf [--months 12] [--as-of 2026-11-30]
    python -m matcher bundle export sicherung.zip
    python -m matcher bundle import sicherung.zip --db neu.sqlite

Kept out of `cli.py` like `cli_documents.py`: `cli.py` lists the `run_*`/`add_*` pairs in its COMMANDS,
and the helpers of `cli.py` are imported when a command runs. All work is done by
`matcher.core.exchange`; this module parses, calls and prints.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from matcher.core.exchange import export as X

EXPORT_HELP = "Liste (Wohnungen, Haushalte, Vermittlungen) als .xlsx oder .csv speichern."
REPORT_HELP = "Statistikbericht für Kreistag und Land als .pdf oder .xlsx erstellen (ohne Namen)."
BUNDLE_HELP = "Gesamte Datenbank in ein Bündel (.zip) exportieren oder in eine leere Datenbank einlesen."


def _target(value: str) -> Path:
    from matcher import cli

    path = Path(value).expanduser()
    if not path.parent.is_dir():
        raise cli.CliError(f"Den Ordner „{path.parent}“ gibt es nicht. Bitte legen Sie ihn an.")
    return path


# --------------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------------


def add_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=tuple(X.COLUMNS), metavar="{flats,households,placements}", help="Welche Liste.")
    parser.add_argument("file", metavar="DATEI", help="Ziel-Datei; die Endung (.xlsx oder .csv) wählt das Format.")
    parser.add_argument(
        "--columns",
        metavar="SPALTEN",
        help="Spalten mit Komma getrennt, in dieser Reihenfolge (Standard: alle ohne personenbezogene Daten). "
        + " ".join(f"{kind}: {', '.join(X.column_keys(kind))}." for kind in X.COLUMNS),
    )
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="SPALTE=WERT",
        help="Nur Zeilen mit diesem Wert (gespeicherter Wert oder deutsche Bezeichnung); mehrfach möglich.",
    )
    parser.add_argument(
        "--personal-data",
        action="store_true",
        help="Spalten mit personenbezogenen Daten (Name, Unterkunft) erlauben.",
    )


def run_export(args: argparse.Namespace) -> int:
    from matcher import cli

    target = _target(args.file)
    X.format_for(target)  # refuse a wrong suffix before opening the database
    columns = [key.strip() for key in args.columns.split(",") if key.strip()] if args.columns else None
    personal = [c.header for c in X.COLUMNS[args.what] if c.personal and columns and c.key in columns]
    if personal and not args.personal_data:
        raise cli.CliError(
            f"Die Spalten {', '.join(personal)} enthalten personenbezogene Daten. Geben Sie --personal-data an, "
            "wenn Sie sie wirklich exportieren wollen."
        )
    with cli._opened_at_head(args) as db:
        result = X.export_list(
            db, args.what, target, columns=columns, filters=args.filter, personal_data=args.personal_data
        )
    data = {
        "list": result.kind,
        "file": str(result.path),
        "format": result.format,
        "rows": result.rows,
        "columns": list(result.columns),
    }
    line = f"{cli._count(result.rows, 'Zeile', 'Zeilen')} ({X.LIST_TITLES[result.kind]}) gespeichert: {result.path}"
    cli._emit(args, data, [line])
    return cli.EXIT_OK


# --------------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------------


def _months(value: str) -> int:
    try:
        months = int(value)
    except ValueError:
        months = 0
    if not 1 <= months <= 60:
        raise argparse.ArgumentTypeError("Bitte eine Zahl von 1 bis 60 angeben.")
    return months


def _day(value: str) -> date:
    for parse in (date.fromisoformat, _german_date):
        try:
            return parse(value)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError("Bitte ein Datum als TT.MM.JJJJ oder JJJJ-MM-TT angeben.")


def _german_date(value: str) -> date:
    day_, month, year = value.split(".")
    return date(int(year), int(month), int(day_))


def add_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="DATEI", help="Ziel-Datei; .pdf oder .xlsx.")
    parser.add_argument("--months", type=_months, default=12, metavar="N", help="Berichtszeitraum in Monaten (12).")
    parser.add_argument("--as-of", type=_day, metavar="DATUM", help="Stichtag (Standard: heute).")


def run_report(args: argparse.Namespace) -> int:
    from matcher import cli
    from matcher.core.exchange import report

    target = _target(args.file)
    with cli._opened_at_head(args) as db:
        result = report.write_report(db, target, as_of=args.as_of, months=args.months)
    data: dict[str, Any] = {
        "file": str(result.path),
        "format": result.format,
        "period_start": result.period_start.isoformat(),
        "as_of": result.as_of.isoformat(),
        "threshold": result.threshold,
        "tables": result.tables,
        "suppressed_cells": result.suppressed_cells,
    }
    lines = [
        f"Statistikbericht gespeichert: {result.path}",
        f"  Zeitraum {cli.day(result.period_start)} bis {cli.day(result.as_of)}, {result.tables} Tabellen, "
        f"{cli._count(result.suppressed_cells, 'Feld', 'Felder')} wegen kleiner Fallzahlen (< {result.threshold}) "
        "verdeckt.",
    ]
    cli._emit(args, data, lines)
    return cli.EXIT_OK


# --------------------------------------------------------------------------------------------------
# bundle export | import
# --------------------------------------------------------------------------------------------------


def add_bundle(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", choices=("export", "import"), metavar="{export,import}", help="Exportieren oder einlesen."
    )
    parser.add_argument("file", metavar="DATEI.zip", help="Die Bündel-Datei.")


def run_bundle(args: argparse.Namespace) -> int:
    from matcher import cli
    from matcher.core.exchange import bundle

    if args.action == "export":
        target = _target(args.file)
        with cli._opened_at_head(args) as db:
            summary = bundle.export_bundle(db, target)
        verb = "exportiert nach"
    else:
        source = Path(args.file).expanduser()
        bundle.read_manifest(source)  # a wrong file is refused before any database is created
        with cli._opened(args, create=True) as db:
            summary = bundle.import_bundle(db, source)
        verb = "eingelesen aus"
    data = {
        "action": args.action,
        "file": str(summary.path),
        "schema_revision": summary.schema_revision,
        "program_version": summary.program_version,
        "created_at": summary.created_at,
        "rows": summary.total_rows,
        "tables": {table.name: table.rows for table in summary.tables},
    }
    lines = [
        f"Bündel {verb} {summary.path}: {cli._count(len(summary.tables), 'Tabelle', 'Tabellen')}, "
        f"{cli._count(summary.total_rows, 'Zeile', 'Zeilen')} (Schema {summary.schema_revision})."
    ]
    cli._emit(args, data, lines)
    return cli.EXIT_OK
