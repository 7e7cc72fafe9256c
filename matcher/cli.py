"""Command line: the core without a screen, for office IT, scripts and our own benchmarks.

Every sub-command takes `--db PATH` (a SQLite file) or `--db-url URL` (PostgreSQL) and `--json` for
scripts; messages are German. Exit codes: 0 done, 1 `check` found problems, 2 error (a German message
on stderr, never a traceback).

To add a sub-command: write `_add_<name>(parser)` for its options (if any) and `_run_<name>(args) -> int`,
and list both in `COMMANDS`. Sub-commands call core services only; this module holds no rule.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from matcher import (
    APP_NAME,
    __version__,
    cli_documents,
    cli_exchange,
    cli_import,
    cli_matching,
    cli_privacy,
    cli_safety,
)
from matcher.core import enums as E
from matcher.core import models as M
from matcher.core import paths, reference
from matcher.core.db import Database, current_revision, head_revision, migrate, open_database
from matcher.core.demo import EMSLAND, MAX_HOUSEHOLDS, create_demo, has_households
from matcher.core.errors import DatabaseDamaged, MatcherError
from matcher.core.formatting import day, euros, number
from matcher.core.services import audit, queries

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2
MAX_LISTED_PROBLEMS = 20  # of one kind: a badly damaged file reports thousands of lines


class CliError(MatcherError):
    """A wrong call of the command line (missing file or folder, refused action), in German."""


# --------------------------------------------------------------------------------------------------
# A German argparse: headings, usage line and the messages of wrong calls
# --------------------------------------------------------------------------------------------------

ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"Es fehlt: \1"),
    (r"unrecognized arguments: (.*)", r"Unbekannte Angaben: \1"),
    (r"argument (\S+): ", r"Angabe \1: "),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ungültige Auswahl \1 (möglich: \2)"),
    (r"invalid (\w+) value: (.*)", r"ungültiger Wert \2"),
    (r"expected one argument", r"hier fehlt ein Wert"),
    (r"not allowed with argument (.*)", r"nicht zusammen mit \1 erlaubt"),
    (r"ambiguous option: (\S+) could match (.*)", r"\1 ist nicht eindeutig (\2)"),
)


def german_argparse_message(message: str) -> str:
    """argparse's English messages for wrong calls, in German (its own catalogue has no German)."""
    for pattern, replacement in ARGPARSE_MESSAGES:
        message = re.sub(pattern, replacement, message)
    return message


class GermanHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "Aufruf: ")


class GermanArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose help and error output is German."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        kwargs["add_help"] = False  # our own -h with a German text, below
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="Diese Hilfe zeigen und beenden."
            )

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: Fehler: {german_argparse_message(message)}\n")


# --------------------------------------------------------------------------------------------------
# Opening the database and printing results
# --------------------------------------------------------------------------------------------------


def _explicit_path(args: argparse.Namespace) -> Path | None:
    return Path(args.db).expanduser() if args.db else None


def _check_folder(path: Path) -> None:
    """A typo in --db must not silently create folders: only the default folders are made on demand."""
    if not path.parent.is_dir():
        raise CliError(
            f"Den Ordner „{path.parent}“ gibt es nicht. Bitte legen Sie ihn an oder geben Sie mit --db "
            "einen anderen Speicherort an."
        )


@contextmanager
def _opened(
    args: argparse.Namespace,
    *,
    create: bool = False,
    default: Callable[[], Path] = paths.default_db_path,
    **options: Any,
) -> Iterator[Database]:
    """Open the database named by --db-url, --db or the default path; always release it afterwards."""
    if args.db_url:
        db = open_database(args.db_url, **options)
    else:
        path = _explicit_path(args) or default()
        if args.db:
            _check_folder(path)
        if not create and not path.exists():
            raise CliError(
                f"Die Datenbank „{path}“ gibt es nicht. Legen Sie sie mit „init“ an oder prüfen Sie den Pfad."
            )
        db = open_database(path=path, **options)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def _opened_at_head(args: argparse.Namespace) -> Iterator[Database]:
    """For reading: open without changing anything, and refuse an outdated schema instead of migrating."""
    with _opened(args, migrate_schema=False, load_reference=False) as db:
        revision, head = current_revision(db.engine), head_revision()
        if revision != head:
            raise CliError(
                f"Das Schema der Datenbank ist nicht aktuell ({revision or 'leer'} statt {head}). "
                "Bitte führen Sie zuerst „migrate“ aus."
            )
        yield db


def _emit(args: argparse.Namespace, data: Any, lines: Sequence[str]) -> None:
    """Print the result: JSON for scripts (--json), otherwise German lines for people."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(lines))


def _count(value: int, one: str, many: str) -> str:
    return f"{number(value, 0)} {one if value == 1 else many}"


# --------------------------------------------------------------------------------------------------
# init, demo, migrate
# --------------------------------------------------------------------------------------------------


def _run_init(args: argparse.Namespace) -> int:
    path = _explicit_path(args) or (None if args.db_url else paths.default_db_path())
    existed = path.exists() if path is not None else True
    with _opened(args, create=True) as db:
        revision = current_revision(db.engine)
    data = {"database": db.display_name, "revision": revision, "created": not existed}
    verb = "angelegt" if not existed else "geprüft und auf den neuesten Stand gebracht"
    _emit(args, data, [f"Datenbank {verb}: {db.display_name} (Schema {revision})."])
    return EXIT_OK


def _households_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_HOUSEHOLDS:
        raise argparse.ArgumentTypeError(f"Bitte eine ganze Zahl von 1 bis {number(MAX_HOUSEHOLDS, 0)} angeben.")
    return count


def _add_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--households", type=_households_count, default=300, metavar="N", help="Zahl der Haushalte (Standard: 300)."
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="Startwert: gleicher Wert, gleiche Daten.")
    parser.add_argument(
        "--kreis",
        default=EMSLAND,
        metavar="SCHLÜSSEL",
        help="Kreisschlüssel des Landkreises (Standard: 03454 Emsland).",
    )
    parser.add_argument(
        "--force", action="store_true", help="Auch in eine Datenbank schreiben, die schon Haushalte enthält."
    )


def _run_demo(args: argparse.Namespace) -> int:
    with _opened(args, create=True, default=paths.demo_db_path) as db:
        if has_households(db) and not args.force:
            raise CliError(
                f"Die Datenbank „{db.display_name}“ enthält bereits Haushalte. Demodaten kommen nur mit --force "
                "hinzu – bitte nie in eine Datenbank mit echten Fällen."
            )
        summary = create_demo(db, households=args.households, seed=args.seed, kreis_key=args.kreis)
    lines = [
        f"Demodaten für den Landkreis {summary.district} angelegt in {db.display_name}:",
        f"  {_count(summary.households, 'Haushalt', 'Haushalte')} mit {_count(summary.members, 'Person', 'Personen')}",
        f"  {_count(summary.flats, 'Wohnung', 'Wohnungen')} von {_count(summary.landlords, 'Vermieter', 'Vermietern')}",
        f"  {_count(summary.placements, 'Vermittlung', 'Vermittlungen')} in allen Arbeitsständen",
        f"  Dauer: {number(summary.seconds, 1)} s",
    ]
    _emit(args, {"database": db.display_name, **asdict(summary)}, lines)
    return EXIT_OK


def _run_migrate(args: argparse.Namespace) -> int:
    with _opened(args, migrate_schema=False, load_reference=False) as db:
        before = current_revision(db.engine)
        applied = migrate(db)
        after = current_revision(db.engine)
        reference.ensure_reference_data(db)
    data = {"database": db.display_name, "from": before, "to": after, "applied": applied}
    if applied:
        line = f"Schema aktualisiert: {before or 'leer'} → {after}. Eine Sicherung liegt in {paths.backup_dir()}."
    else:
        line = f"Nichts zu tun: Das Schema ist aktuell ({after})."
    _emit(args, data, [line])
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------------


@dataclass
class CheckReport:
    """Outcome of `check`: which checks ran, and one German line per problem."""

    problems: list[str]
    passed: list[str]
    revision: str | None = None

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def ok(self, message: str) -> None:
        self.passed.append(message)


def _limited(lines: list[str], what: str) -> list[str]:
    if len(lines) <= MAX_LISTED_PROBLEMS:
        return lines
    return [*lines[:MAX_LISTED_PROBLEMS], f"… und {number(len(lines) - MAX_LISTED_PROBLEMS, 0)} weitere {what}"]


def _check_integrity(db: Database, report: CheckReport) -> None:
    """SQLite's full page-by-page check (the open already ran the quick one). A read snapshot: no write lock."""
    lines = db.integrity_problems()
    if not lines:
        report.ok("Datei unbeschädigt")
        return
    for line in _limited(lines, "Meldungen"):
        report.fail(f"Die Datei ist beschädigt: {line}")


def _check_foreign_keys(db: Database, report: CheckReport) -> None:
    rows = db.dangling_references()
    if not rows:
        report.ok("alle Verweise vollständig")
        return
    lines = [
        f"Verweis ins Leere: Tabelle {t}, Zeile {rowid} verweist auf einen fehlenden Eintrag in {p}"
        for t, rowid, p in rows
    ]
    for line in _limited(lines, "Verweise"):
        report.fail(line)


def _check_schema(db: Database, report: CheckReport) -> None:
    report.revision, head = current_revision(db.engine), head_revision()
    if report.revision == head:
        report.ok(f"Schema aktuell ({head})")
    elif report.revision is None:
        report.fail("Die Datenbank enthält kein Schema von Wohnraum-Matcher. Legen Sie sie mit „init“ an.")
    else:
        report.fail(
            f"Das Schema ist nicht aktuell ({report.revision} statt {head}). Bitte führen Sie „migrate“ aus "
            "(oder verwenden Sie die Programmversion, mit der die Datei angelegt wurde)."
        )


def _check_audit(db: Database, report: CheckReport) -> None:
    with db.read_session() as session:
        broken = audit.verify_chain(session)
        entries = reference.count_rows(session, [M.AuditEntry])["audit_entry"]
    if broken is None:
        report.ok(f"Änderungsprotokoll lückenlos ({_count(entries, 'Eintrag', 'Einträge')})")
    else:
        report.fail(
            f"Das Änderungsprotokoll wurde nachträglich verändert oder gekürzt: Eintrag {broken} passt nicht "
            "zur Kette. Bitte wenden Sie sich an die IT und an den Datenschutz."
        )


CHECKS: tuple[tuple[str, Callable[[Database, CheckReport], None], bool], ...] = (
    ("Datei", _check_integrity, True),
    ("Schema", _check_schema, False),
    ("Änderungsprotokoll", _check_audit, False),
    ("Verweise", _check_foreign_keys, True),
)
"""(what, check, SQLite only): PostgreSQL keeps its pages and foreign keys intact itself."""


def _run_checks(db: Database, report: CheckReport) -> None:
    for what, check, sqlite_only in CHECKS:
        if sqlite_only and not db.is_sqlite:
            continue
        try:
            check(db, report)
        except SQLAlchemyError as exc:  # a damaged page or a missing table stops this check, not the others
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[:1]
            report.fail(f"{what}: ließ sich nicht prüfen ({''.join(detail)}).")


def _run_check(args: argparse.Namespace) -> int:
    report = CheckReport([], [])
    try:
        with _opened(args, migrate_schema=False, load_reference=False) as db:
            name = db.display_name
            _run_checks(db, report)
    except DatabaseDamaged as exc:
        name = str(_explicit_path(args) or paths.default_db_path())
        report.fail(str(exc))
    data = {"database": name, "ok": not report.problems, "problems": report.problems, "passed": report.passed,
            "revision": report.revision, "head": head_revision()}  # fmt: skip
    lines = [f"Prüfung von {name}:", *(f"  in Ordnung: {line}" for line in report.passed)]
    lines += [f"  PROBLEM: {line}" for line in report.problems]
    lines.append(
        "Alles in Ordnung."
        if not report.problems
        else f"{_count(len(report.problems), 'Problem', 'Probleme')} gefunden."
    )
    _emit(args, data, lines)
    return EXIT_OK if not report.problems else EXIT_PROBLEMS


# --------------------------------------------------------------------------------------------------
# list
# --------------------------------------------------------------------------------------------------

Column = tuple[str, Callable[[Any], str], bool]
"""Heading, how to show the row's value, right-aligned (numbers)."""


def _label(enum_cls: type[E.LabelledEnum]) -> Callable[[str], str]:
    return lambda value: enum_cls(value).label


LISTS: dict[str, tuple[Callable[[Database], list[Any]], list[Column]]] = {
    "flats": (
        queries.flat_rows,
        [
            ("Nr.", lambda r: str(r.id), True),
            ("Adresse", lambda r: r.address, False),
            ("Gemeinde", lambda r: r.municipality, False),
            ("Fläche", lambda r: f"{number(r.living_area_m2)} m²", True),
            ("Zimmer", lambda r: number(r.rooms, 1), True),
            ("Bruttokaltmiete", lambda r: euros(r.gross_cold_rent_cents), True),
            ("Status", lambda r: _label(E.FlatStatus)(r.status), False),
            ("Vermieter", lambda r: r.landlord, False),
        ],
    ),
    "households": (
        queries.household_rows,
        [
            ("Nr.", lambda r: str(r.id), True),
            ("Aktenzeichen", lambda r: r.case_number, False),
            ("Antragsteller/in", lambda r: r.applicant, False),
            ("Personen", lambda r: str(r.size), True),
            ("Kinder", lambda r: str(r.children), True),
            ("Status", lambda r: _label(E.HouseholdStatus)(r.status), False),
            ("Dringlichkeit", lambda r: _label(E.Urgency)(r.urgency), False),
            ("Wohnungssuchend seit", lambda r: day(r.registered_on), False),
        ],
    ),
    "placements": (
        queries.placement_rows,
        [
            ("Nr.", lambda r: str(r.id), True),
            ("Aktenzeichen", lambda r: r.case_number, False),
            ("Wohnung", lambda r: r.flat_address, False),
            ("Gemeinde", lambda r: r.municipality, False),
            ("Stand", lambda r: _label(E.PlacementState)(r.state), False),
            ("Vertragsart", lambda r: _label(E.LeaseKind)(r.lease_kind), False),
            ("Einzug", lambda r: day(r.planned_move_in) if r.planned_move_in else "", False),
        ],
    ),
}
LIST_NAMES = {"flats": "Wohnungen", "households": "Haushalte", "placements": "Vermittlungen"}
MAX_CELL = 34


def _cell(value: str) -> str:
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def render_table(rows: Sequence[Any], columns: Sequence[Column]) -> list[str]:
    """A plain text table: one line per row, numbers right-aligned, long texts cut with '…'."""
    cells = [[_cell(show(row)) for _, show, _ in columns] for row in rows]
    widths = [max([len(heading), *(len(line[i]) for line in cells)]) for i, (heading, _, _) in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if right else v.ljust(w) for v, w, (_, _, right) in zip(values, widths, columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [line([heading for heading, _, _ in columns]), line(["-" * w for w in widths]), *map(line, cells)]


def _add_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        choices=tuple(LISTS),
        metavar="{flats,households,placements}",
        help="Wohnungen, Haushalte oder Vermittlungen.",
    )


def _run_list(args: argparse.Namespace) -> int:
    load, columns = LISTS[args.what]
    with _opened_at_head(args) as db:
        rows = load(db)
    if args.json:
        _emit(args, [queries.as_json_ready(row) for row in rows], [])
    elif not rows:
        print(f"Keine {LIST_NAMES[args.what]} gespeichert.")
    else:
        print("\n".join([*render_table(rows, columns), f"{number(len(rows), 0)} {LIST_NAMES[args.what]}"]))
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# The parser and main
# --------------------------------------------------------------------------------------------------


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """For sub-commands without options of their own."""


@dataclass(frozen=True)
class Command:
    help: str
    run: Callable[[argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments


COMMANDS: dict[str, Command] = {
    "init": Command("Datenbank anlegen oder auf den neuesten Stand bringen.", _run_init),
    "demo": Command(
        "Demodatenbank mit einem erfundenen Landkreis füllen (Standard: Demodatei im Benutzerordner).",
        _run_demo,
        _add_demo,
    ),
    "migrate": Command("Schema der Datenbank auf den neuesten Stand bringen (vorher wird gesichert).", _run_migrate),
    "check": Command(
        "Datenbank prüfen: Datei, Schema, Änderungsprotokoll, Verweise. Rückgabewert 1 bei Problemen.", _run_check
    ),
    "list": Command("Wohnungen, Haushalte oder Vermittlungen auflisten.", _run_list, _add_list),
    "document": Command(cli_documents.HELP, cli_documents.run, cli_documents.add_arguments),
    "rank": Command(cli_matching.RANK_HELP, cli_matching.run_rank, cli_matching.add_rank),
    "explain": Command(cli_matching.EXPLAIN_HELP, cli_matching.run_explain, cli_matching.add_explain),
    "propose": Command(cli_matching.PROPOSE_HELP, cli_matching.run_propose, cli_matching.add_propose),
    "cap": Command(cli_matching.CAP_HELP, cli_matching.run_cap, cli_matching.add_cap),
    "export": Command(cli_exchange.EXPORT_HELP, cli_exchange.run_export, cli_exchange.add_export),
    "report": Command(cli_exchange.REPORT_HELP, cli_exchange.run_report, cli_exchange.add_report),
    "bundle": Command(cli_exchange.BUNDLE_HELP, cli_exchange.run_bundle, cli_exchange.add_bundle),
    "import": Command(cli_import.HELP, cli_import.run, cli_import.add_arguments),
    "erase": Command(cli_privacy.ERASE_HELP, cli_privacy.run_erase, cli_privacy.add_erase),
    "retention": Command(cli_privacy.RETENTION_HELP, cli_privacy.run_retention, cli_privacy.add_retention),
    "subject-access": Command(
        cli_privacy.SUBJECT_ACCESS_HELP, cli_privacy.run_subject_access, cli_privacy.add_subject_access
    ),
    "audit": Command(cli_privacy.AUDIT_HELP, cli_privacy.run_audit, cli_privacy.add_audit),
    "backup": Command(cli_safety.BACKUP_HELP, cli_safety.run_backup, cli_safety.add_backup),
    "restore": Command(cli_safety.RESTORE_HELP, cli_safety.run_restore, cli_safety.add_restore),
    "passphrase": Command(cli_safety.PASSPHRASE_HELP, cli_safety.run_passphrase, cli_safety.add_passphrase),
}
SUBCOMMANDS: frozenset[str] = frozenset(COMMANDS)


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    """--db / --db-url and --json, on every sub-command (added directly: argparse's `parents` would
    copy them under an English heading)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PFAD", help="SQLite-Datei (Standard: die Datei im Benutzerordner).")
    where.add_argument(
        "--db-url", metavar="URL", help="PostgreSQL-Server, z. B. postgresql+psycopg://benutzer@server/datenbank"
    )
    parser.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben (für Skripte).")


def _prog() -> str:
    return "python -m matcher" if Path(sys.argv[0]).name == "__main__.py" else Path(sys.argv[0]).name or "matcher"


def build_parser() -> GermanArgumentParser:
    parser = GermanArgumentParser(
        prog=_prog(),
        description=f"{APP_NAME} ohne Fenster: Datenbank anlegen, prüfen und migrieren, Demodaten, Listen.",
        epilog="Rückgabewerte: 0 erledigt, 1 Prüfung mit Problemen, 2 Fehler.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="Version zeigen.")
    commands = parser.add_subparsers(dest="command", title="Befehle", metavar="BEFEHL")
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        _add_common_options(sub)
        command.add_arguments(sub)
    return parser


def _prepare_streams(json_output: bool) -> None:
    """JSON is UTF-8 by definition; people's consoles get a replacement mark rather than a crash on 'ş'."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if json_output and reconfigure is not None:
        reconfigure(encoding="utf-8")


def _database_error(exc: SQLAlchemyError) -> str:
    if isinstance(exc, ArgumentError):
        return "Die Adresse der Datenbank (--db-url) ist ungültig. Beispiel: postgresql+psycopg://benutzer@server/datenbank"
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = f" ({detail[0]})" if detail else ""
    return f"Die Datenbank ist nicht erreichbar oder nicht lesbar{reason}. Bitte prüfen Sie Pfad, Adresse und Zugangsdaten."


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; return its exit code. Without a sub-command: print the help."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and wrong calls: argparse has printed its message
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    _prepare_streams(args.json)
    try:
        return COMMANDS[args.command].run(args)
    except MatcherError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
    except SQLAlchemyError as exc:
        print(f"Fehler: {_database_error(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
    except BrokenPipeError:  # output piped into `head` or the like, which stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
