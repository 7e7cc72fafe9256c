"""Data-protection sub-commands: `erase`, `retention`, `subject-access` and `audit verify`.

    python -m matcher erase --household 12 [--reason TEXT] [--yes]
    python -m matcher retention [--apply]
    python -m matcher subject-access --household 12 -o ORDNER
    python -m matcher audit verify

Each takes `--db PATH`/`--db-url URL` and `--json` (added by `cli.py`). `erase` asks for confirmation
on the terminal unless `--yes` is given; without a terminal and without `--yes` it refuses, so a script
never deletes by accident. Output names ids and counts, never names. Registered in `cli.COMMANDS`; the
helpers of `cli` are imported when a command runs (`cli` imports this module while it loads).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

ERASE_HELP = "Haushalt mit allen personenbezogenen Daten endgültig löschen (Art. 17 DSGVO)."
RETENTION_HELP = "Abgeschlossene Haushalte nach Ablauf der Aufbewahrungsfrist auflisten; mit --apply anonymisieren."
SUBJECT_ACCESS_HELP = "Auskunft nach Art. 15 DSGVO: alle Daten eines Haushalts als PDF und JSON in einen Ordner."
AUDIT_HELP = "Änderungsprotokoll prüfen: ist die Hash-Kette lückenlos? Rückgabewert 1, wenn nicht."
YES_ANSWERS = frozenset({"ja", "j", "yes", "y"})


def _cli() -> Any:
    from matcher import cli

    return cli


def _household_id(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError("Bitte die Nummer eines Haushalts angeben (eine ganze Zahl ab 1).")
    return number


# --------------------------------------------------------------------------------------------------
# erase
# --------------------------------------------------------------------------------------------------


def add_erase(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--household", type=_household_id, required=True, metavar="NR", help="Nummer des Haushalts.")
    parser.add_argument(
        "--reason", default="", metavar="TEXT", help="Anlass für das Protokoll, ohne Namen (z. B. „Antrag vom 03.02.“)."
    )
    parser.add_argument("--yes", action="store_true", help="Ohne Rückfrage löschen (für Skripte).")


def _confirmed(preview: Any) -> bool:
    if not sys.stdin.isatty():
        return False
    question = (
        f"Haushalt {preview.household_id} (Aktenzeichen {preview.case_number}) mit {preview.members} Person(en), "
        f"{preview.contacts} Kontaktperson(en), {preview.placements} Vermittlung(en) und {preview.documents} "
        "Dokument(en) endgültig löschen? Das lässt sich nicht rückgängig machen. [ja/nein] "
    )
    print(question, end="", file=sys.stderr, flush=True)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().casefold() in YES_ANSWERS


def run_erase(args: argparse.Namespace) -> int:
    from matcher.core.services import privacy

    cli = _cli()
    with cli._opened(args) as db:
        preview = privacy.erasure_preview(db, args.household)
        if not args.yes and not _confirmed(preview):
            hint = "" if sys.stdin.isatty() else " Ohne Terminal bestätigen Sie mit --yes."
            raise cli.CliError(f"Nicht bestätigt: Es wurde nichts gelöscht.{hint}")
        result = privacy.erase_household(db, args.household, reason=args.reason)
    data = {"database": db.display_name, **asdict(result)}
    lines = [
        f"Haushalt {result.household_id} gelöscht: {result.members} Person(en), {result.contacts} Kontaktperson(en), "
        f"{result.placements} Vermittlung(en), {result.documents} Dokument(e).",
        "Die Daten sind auch aus der Datei entfernt."
        if result.file_cleaned
        else "Hinweis: Ein anderes Programm liest die Datei gerade; die gelöschten Daten verschwinden vollständig "
        "aus der Datei, sobald es sie schließt.",
    ]
    cli._emit(args, data, lines)
    return int(cli.EXIT_OK)


# --------------------------------------------------------------------------------------------------
# retention
# --------------------------------------------------------------------------------------------------


def add_retention(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--apply", action="store_true", help="Die aufgelisteten Haushalte anonymisieren (sonst nur auflisten)."
    )


def run_retention(args: argparse.Namespace) -> int:
    from matcher.core.enums import HouseholdStatus
    from matcher.core.formatting import day
    from matcher.core.services import privacy

    cli = _cli()
    with cli._opened(args) as db:
        report = privacy.apply_retention(db) if args.apply else privacy.retention_candidates(db)
    data = {
        "database": db.display_name,
        "retention_days": report.retention_days,
        "cutoff": report.cutoff.isoformat(),
        "applied": report.applied,
        "file_cleaned": report.file_cleaned,
        "households": [{**asdict(c), "closed_since": c.closed_since.isoformat()} for c in report.candidates],
    }
    count = len(report.candidates)
    head = (
        f"Aufbewahrungsfrist {report.retention_days} Tage: abgeschlossen vor dem {day(report.cutoff)} sind "
        f"{count} Haushalt(e)."
    )
    lines = [head]
    lines += [f"  Haushalt {c.household_id} ({c.case_number}): {HouseholdStatus(c.status).label}, abgeschlossen am {day(c.closed_since)}, {c.size} Person(en)"
              for c in report.candidates]  # fmt: skip
    if args.apply:
        lines.append(f"{count} Haushalt(e) anonymisiert; die Zahlen für die Statistik bleiben erhalten.")
    elif count:
        lines.append("Nichts geändert. Mit --apply werden diese Haushalte anonymisiert.")
    cli._emit(args, data, lines)
    return int(cli.EXIT_OK)


# --------------------------------------------------------------------------------------------------
# subject-access
# --------------------------------------------------------------------------------------------------


def add_subject_access(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--household", type=_household_id, required=True, metavar="NR", help="Nummer des Haushalts.")
    parser.add_argument("-o", "--output", required=True, metavar="ORDNER", help="Ziel-Ordner (wird angelegt).")


def run_subject_access(args: argparse.Namespace) -> int:
    from matcher.core import subject_access

    cli = _cli()
    folder = Path(args.output).expanduser()
    if not folder.parent.is_dir():
        raise cli.CliError(f"Den Ordner „{folder.parent}“ gibt es nicht. Bitte legen Sie ihn an.")
    with cli._opened_at_head(args) as db:
        done = subject_access.export(db, args.household, folder)
    data = {
        "household_id": args.household,
        "json": str(done.json_path),
        "pdf": str(done.pdf_path),
        "documents": [str(p) for p in done.document_paths],
    }
    lines = [
        f"Auskunft für Haushalt {args.household} gespeichert in {folder}:",
        f"  {done.pdf_path.name} (lesbar), {done.json_path.name} (maschinenlesbar)",
        f"  {len(done.document_paths)} archivierte(s) Dokument(e) als Kopie",
    ]
    cli._emit(args, data, lines)
    return int(cli.EXIT_OK)


# --------------------------------------------------------------------------------------------------
# audit verify
# --------------------------------------------------------------------------------------------------


def add_audit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("verify",), metavar="verify", help="Die Hash-Kette prüfen.")


def run_audit(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from matcher.core import models as M
    from matcher.core.services import audit

    cli = _cli()
    with cli._opened(args, migrate_schema=False, load_reference=False) as db, db.read_session() as session:
        broken = audit.verify_chain(session)
        entries = int(session.execute(select(func.count()).select_from(M.AuditEntry)).scalar_one())
    data = {"database": db.display_name, "ok": broken is None, "entries": entries, "first_broken_id": broken}
    if broken is None:
        line = f"Änderungsprotokoll lückenlos: {entries} Einträge, die Hash-Kette ist intakt."
    else:
        line = (
            f"Das Änderungsprotokoll wurde nachträglich verändert oder gekürzt: Eintrag {broken} passt nicht zur "
            "Kette. Bitte wenden Sie sich an die IT und an den Datenschutz."
        )
    cli._emit(args, data, [line])
    return int(cli.EXIT_OK if broken is None else cli.EXIT_PROBLEMS)
