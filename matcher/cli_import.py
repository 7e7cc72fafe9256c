"""The `import` sub-command: flats or households from a CSV or Excel file, with a dry run, and its undo.

    python -m matcher import flats wohnungen.xlsx --dry-run           # what would happen, row by row
    python -m matcher import flats wohnungen.xlsx                     # save all rows, or none
    python -m matcher import households liste.csv --mapping zuordnung.json --json
    python -m matcher import flats wohnungen.csv --write-mapping zuordnung.json   # the guess, to edit
    python -m matcher import landlords vermieter.xlsx
    python -m matcher import undo 7

The column mapping is the one remembered for files with the same columns, else guessed from the
headers; it is printed, and a mapping file (`--mapping`) overrides it column by column. Rows with
errors are listed with the German reason per field; then nothing is saved and the exit code is 2
(unless `--skip-rejected`). Kept out of `cli.py` like `cli_documents.py`: the helpers of `cli.py` are
imported when the command runs, and the exchange modules (openpyxl) load only then.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.core.exchange.importing import ImportReport
    from matcher.core.exchange.reading import Table

HELP = (
    "Wohnungen, Haushalte oder Vermieter aus einer CSV- oder Excel-Datei übernehmen (mit Probelauf), oder einen "
    "Import rückgängig machen."
)
MAX_LISTED = 200
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 mit BOM", "utf-16": "UTF-16", "cp1252": "Windows-1252"}
DELIMITER_NAMES = {";": "Semikolon", ",": "Komma", "\t": "Tabulator", "|": "senkrechter Strich"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        choices=("flats", "households", "landlords", "undo"),
        metavar="{flats,households,landlords,undo}",
        help="Was übernommen wird (oder „undo“: einen Import rückgängig machen).",
    )
    parser.add_argument(
        "source", metavar="DATEI|NR", help="Die Datei (.csv oder .xlsx); bei „undo“ die Nummer des Imports."
    )
    parser.add_argument(
        "--mapping", metavar="ZUORDNUNG.json", help="Zuordnung Spalte → Feld (überschreibt die Vermutung)."
    )
    parser.add_argument(
        "--write-mapping", metavar="ZUORDNUNG.json", help="Die verwendete Zuordnung in diese Datei schreiben."
    )
    parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und berichten, nichts speichern.")
    parser.add_argument(
        "--landlord", type=int, metavar="NR", help="Vermieter aller Wohnungen (wenn die Datei keinen nennt)."
    )
    parser.add_argument(
        "--sheet", metavar="BLATT", help="Tabellenblatt einer Excel-Datei (Standard: das erste mit Daten)."
    )
    parser.add_argument(
        "--merge-duplicates", action="store_true", help="Dubletten mit dem gespeicherten Datensatz zusammenführen."
    )
    parser.add_argument(
        "--skip-rejected", action="store_true", help="Fehlerhafte Zeilen weglassen und den Rest speichern."
    )


def run(args: argparse.Namespace) -> int:
    if args.what == "undo":
        return _run_undo(args)
    return _run_import(args)


def _run_import(args: argparse.Namespace) -> int:
    from matcher import cli
    from matcher.core.exchange import mapping as mapping_module
    from matcher.core.exchange.importing import ImportOptions, ImportRejected, run_import, suggested_mapping
    from matcher.core.exchange.reading import read_table

    table = read_table(Path(args.source).expanduser(), sheet=args.sheet)
    options = ImportOptions(
        default_landlord_id=args.landlord, merge_duplicates=args.merge_duplicates, skip_rejected=args.skip_rejected
    )
    with cli._opened(args) as db:
        guessed = suggested_mapping(db, args.what, table.headers)
        overrides = mapping_module.load_mapping_file(args.mapping) if args.mapping else {}
        mapping = mapping_module.with_overrides(args.what, table.headers, guessed, overrides)
        if args.write_mapping:
            Path(args.write_mapping).expanduser().write_text(
                mapping_module.mapping_file_text(args.what, mapping) + "\n", encoding="utf-8"
            )
        try:
            report = run_import(db, table, args.what, mapping, commit=not args.dry_run, options=options)
            refused = None
        except ImportRejected as exc:
            report, refused = exc.report, str(exc)
    cli._emit(args, _json(report, table, refused), _lines(report, table, args.dry_run))
    if refused is not None:
        print(f"Fehler: {refused}", file=sys.stderr)
        return cli.EXIT_ERROR
    if args.dry_run and report.rejected:
        return cli.EXIT_ERROR
    return cli.EXIT_OK


def _json(report: ImportReport, table: Table, refused: str | None) -> dict[str, Any]:
    data = report.as_json_ready()
    data.update(rows=len(table), encoding=table.encoding, delimiter=table.delimiter, sheet=table.sheet, refused=refused)
    return data


def _lines(report: ImportReport, table: Table, dry_run: bool) -> list[str]:
    from matcher.core.exchange.importing import ACTION_LABELS
    from matcher.core.exchange.mapping import targets
    from matcher.core.formatting import number

    known = targets(report.kind)
    where = f"Tabellenblatt „{table.sheet}“" if table.sheet else _csv_format(table)
    lines = [f"Datei: {table.source_name} ({where}), {number(len(table), 0)} Zeilen", "Zuordnung der Spalten:"]
    width = max((len(h) for h in table.headers), default=0)
    for header, target in report.mapping.items():
        shown = f"{known[target].label} ({target})" if target else "(wird nicht übernommen)"
        lines.append(f"  {header.ljust(width)}  → {shown}")
    lines.append(("Probelauf – " if dry_run else "") + report.summary())
    listed = [record for record in report.records if record.action not in ("create", "unchanged")]
    for record in listed[:MAX_LISTED]:
        rows = f"Zeile {record.rows[0]}" + (f"–{record.rows[-1]}" if len(record.rows) > 1 else "")
        if record.action == "reject":
            lines += [f"  {ACTION_LABELS['reject']}: {error}" for error in record.errors]
        else:
            lines.append(f"  {rows}: {record.describe(report.kind)}")
    if len(listed) > MAX_LISTED:
        lines.append(f"  … und {number(len(listed) - MAX_LISTED, 0)} weitere")
    if report.committed:
        lines.append(
            f"Gespeichert als Import {report.batch_id}. Rückgängig machen: python -m matcher import undo {report.batch_id}"
        )
    elif dry_run:
        lines.append("Es wurde nichts gespeichert (Probelauf).")
    return lines


def _csv_format(table: Table) -> str:
    encoding = ENCODINGS.get(table.encoding or "", table.encoding or "")
    delimiter = DELIMITER_NAMES.get(table.delimiter or "", table.delimiter or "")
    return f"CSV, {encoding}, Trennzeichen {delimiter}"


def _run_undo(args: argparse.Namespace) -> int:
    from matcher import cli
    from matcher.core.exchange.importing import undo_import

    try:
        batch_id = int(args.source)
    except ValueError:
        raise cli.CliError(f"„{args.source}“ ist keine Nummer eines Imports. Beispiel: import undo 7") from None
    with cli._opened(args) as db:
        batch = undo_import(db, batch_id)
    data = {"batch_id": batch.id, "kind": batch.kind, "undone_at": batch.undone_at}
    total = batch.created_count + batch.updated_count
    line = f"Import {batch.id} rückgängig gemacht: {total} Datensätze entfernt oder zurückgesetzt."
    cli._emit(args, data, [line])
    return cli.EXIT_OK
