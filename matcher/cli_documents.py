"""The `document` sub-command: print a document for a placement into a PDF file and archive it.

    python -m matcher document lease --placement 7 -o mietvertrag.pdf [--db PFAD] [--json]
    python -m matcher document summary --placement 7 --language ar -o pflichten.pdf

Kept out of `cli.py` so the documents and the other sub-commands grow without touching each other;
`cli.py` lists `run` and `add_arguments` in its COMMANDS. The helpers of `cli.py` are imported when the
command runs (not at import time), so either module may be imported first. A refusal (missing or
contradictory data) raises the core's ValidationFailed: `cli.main` prints the German reason on stderr
and exits non-zero; nothing is archived and no file is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from matcher.core.enums import DocumentKind

HELP = "Dokument (z. B. Mietvertrag) zu einer Vermittlung als PDF drucken und archivieren."

KINDS: dict[str, DocumentKind] = {
    "lease": DocumentKind.LEASE,
    "sublease": DocumentKind.SUBLEASE,
    "head-lease": DocumentKind.HEAD_LEASE,
    "usage-agreement": DocumentKind.USAGE_AGREEMENT,
    "rent-certificate": DocumentKind.RENT_CERTIFICATE,
    "cap-check": DocumentKind.CAP_CHECK_SHEET,
    "registration": DocumentKind.REGISTRATION_CONFIRMATION,
    "handover": DocumentKind.HANDOVER_PROTOCOL,
    "summary": DocumentKind.DUTIES_SUMMARY,
}
"""Command-line names of the document kinds (issue 5); `archive.available_kinds()` says which print yet."""


def _placement_id(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError("Bitte die Nummer einer Vermittlung angeben (eine ganze Zahl ab 1).")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from matcher.core.documents import archive

    printable = ", ".join(name for name, kind in KINDS.items() if kind in archive.available_kinds())
    parser.add_argument(
        "kind", choices=tuple(KINDS), metavar="ART", help=f"Art des Dokuments; druckbar sind derzeit: {printable}."
    )
    subject = parser.add_mutually_exclusive_group(required=True)
    subject.add_argument("--placement", type=_placement_id, metavar="NR", help="Nummer der Vermittlung.")
    subject.add_argument(
        "--flat",
        type=_placement_id,
        metavar="NR",
        help="Nummer der Wohnung (nur für head-lease, den Generalmietvertrag).",
    )
    parser.add_argument("-o", "--output", required=True, metavar="DATEI.pdf", help="Ziel-Datei (PDF).")
    parser.add_argument(
        "--language",
        "--lang",
        metavar="SPRACHE",
        help="Sprache der Übersicht der Pflichten (summary) neben Deutsch, z. B. ar, en, fa, ti, tr, uk, ru; "
        "ohne Angabe die Sprache des Haushalts.",
    )


def run(args: argparse.Namespace) -> int:
    from matcher import cli  # at call time: cli.py imports this module while it loads
    from matcher.core.documents import archive  # reportlab and fonts load only when a document is made

    target = Path(args.output).expanduser()
    if not target.parent.is_dir():
        raise cli.CliError(f"Den Ordner „{target.parent}“ gibt es nicht. Bitte legen Sie ihn an.")
    kind = KINDS[args.kind]
    for_flat = kind in archive.FLAT_KINDS
    if for_flat and args.flat is None:
        raise cli.CliError("Der Generalmietvertrag gehört zu einer Wohnung: bitte --flat NR angeben.")
    if args.language and kind not in archive.MULTILINGUAL_KINDS:
        raise cli.CliError(f"{kind.label} gibt es nur auf Deutsch; --language gilt nur für summary.")
    if not for_flat and args.placement is None:
        raise cli.CliError(f"{kind.label}: bitte die Vermittlung mit --placement NR angeben.")
    with cli._opened_at_head(args) as db:
        if for_flat:
            document = archive.produce_for_flat(db, kind, args.flat)
        else:
            document = archive.produce(db, kind, args.placement, language=args.language)
    archive.write_pdf(document.pdf, target)
    subject = f"Wohnung {args.flat}" if for_flat else f"Vermittlung {args.placement}"
    data = {
        "document_id": document.id,
        "kind": kind.value,
        "placement_id": args.placement,
        "flat_id": document.flat_id,
        "file": str(target),
        "bytes": len(document.pdf),
        "sha256": document.sha256,
        "template_version": document.template_version,
        "language": document.language,
    }
    line = f"{kind.label} für {subject} gespeichert: {target} (archiviert als Dokument {document.id})."
    cli._emit(args, data, [line])
    return cli.EXIT_OK
