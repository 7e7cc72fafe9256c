"""Command line of the matcher: `rank`, `explain`, `propose` and the rent-cap look-up `cap`.

Each sub-command is an `add_<name>(parser)` and a `run_<name>(args) -> int`, registered in
`cli.COMMANDS`. They call `services.matching` only and print German lines or, with --json, plain data.
The shared helpers of `cli` (opening the database, printing) are imported when a command runs, because
`cli` imports this module while it is itself being loaded.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from matcher.core.formatting import euros, number

RANK_HELP = "Haushalte für eine Wohnung (--flat) oder Wohnungen für einen Haushalt (--household) reihen."
EXPLAIN_HELP = "Erklären, ob und wie gut ein Haushalt zu einer Wohnung passt."
PROPOSE_HELP = "Vermittlungsvorschlag für den ganzen Landkreis berechnen (nichts wird gespeichert)."
CAP_HELP = "Angemessenheitsgrenze (KdU) nachschlagen: nach Gemeinde (--ags) oder nach Formel (--stufe, --formula)."
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7}
ROMAN_OF = {v: k for k, v in ROMAN.items()}


def _cli() -> Any:
    from matcher import cli

    return cli


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kreis", metavar="SCHLÜSSEL", help="Landkreis (Standard: der der Behörde).")
    parser.add_argument("--date", type=date.fromisoformat, metavar="JJJJ-MM-TT", help="Stichtag (Standard: heute).")


def _matcher(args: argparse.Namespace, db: Any) -> Any:
    from matcher.core.services.matching import load_matcher

    return load_matcher(db, args.kreis, args.date)


def _score(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",")


# --------------------------------------------------------------------------------------------------
# rank
# --------------------------------------------------------------------------------------------------


def add_rank(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--flat", type=int, metavar="ID", help="Haushalte für diese Wohnung reihen.")
    which.add_argument("--household", type=int, metavar="ID", help="Wohnungen für diesen Haushalt reihen.")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="Höchstens N Zeilen (Standard 20).")
    parser.add_argument("--why-not", action="store_true", help="Auch ungeeignete zeigen, mit Begründung.")
    _common(parser)


def _ranked_json(row: Any) -> dict[str, Any]:
    return {
        "household_id": row.household_id,
        "flat_id": row.flat_id,
        "score": round(row.score, 6),
        "feasible": row.feasible,
        "failed": [asdict(f) for f in row.failed],
    }


def run_rank(args: argparse.Namespace) -> int:
    cli = _cli()
    with cli._opened_at_head(args) as db:
        matcher = _matcher(args, db)
        if args.flat is not None:
            rows = matcher.rank_households(args.flat, why_not=args.why_not)
            title, other = f"Haushalte für Wohnung {args.flat}", "Haushalt"
        else:
            rows = matcher.rank_flats(args.household, why_not=args.why_not)
            title, other = f"Wohnungen für Haushalt {args.household}", "Wohnung"
    shown = [r for r in rows if r.feasible or args.why_not][: max(args.limit, 0)]
    lines = [f"{title}: {sum(r.feasible for r in rows)} von {len(rows)} geeignet"]
    for place, row in enumerate(shown, 1):
        subject = row.household_id if args.flat is not None else row.flat_id
        verdict = "geeignet" if row.feasible else "ungeeignet: " + "; ".join(f.reason for f in row.failed)
        lines.append(f"{place:>4}. {other} {subject}: Punkte {_score(row.score)} – {verdict}")
    cli._emit(args, [_ranked_json(r) for r in shown], lines)
    return 0


# --------------------------------------------------------------------------------------------------
# explain
# --------------------------------------------------------------------------------------------------


def add_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flat", type=int, required=True, metavar="ID", help="Wohnung")
    parser.add_argument("--household", type=int, required=True, metavar="ID", help="Haushalt")
    _common(parser)


def explain_lines(evaluation: Any) -> list[str]:
    e = evaluation
    verdict = "geeignet" if e.feasible else "NICHT geeignet"
    lines = [f"Haushalt {e.household_id} und Wohnung {e.flat_id}: {verdict}, Punkte {_score(e.score)} von 100"]
    lines += [f"  Ausschluss – {f.title}: {f.reason}" for f in e.failed]
    lines += [f"  Warnung – {f.title}: {f.reason}" for f in e.warnings]
    lines.append("  Bewertung:")
    for c in e.breakdown:
        lines.append(
            f"    {c.label}: {_score(c.value)} × Gewicht {number(c.weight)} → {_score(c.contribution)} – {c.explanation}"
        )
    return lines


def run_explain(args: argparse.Namespace) -> int:
    cli = _cli()
    with cli._opened_at_head(args) as db:
        evaluation = _matcher(args, db).evaluate(args.household, args.flat)
    cli._emit(args, asdict(evaluation), explain_lines(evaluation))
    return 0


# --------------------------------------------------------------------------------------------------
# propose
# --------------------------------------------------------------------------------------------------


def _pin(text: str) -> tuple[int, int]:
    household, _, flat = text.partition(":")
    try:
        return int(household), int(flat)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Angabe HAUSHALT:WOHNUNG, z. B. 12:7") from None


def add_propose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        choices=("optimal", "priority"),
        default="optimal",
        help="optimal: größte Gesamtpassung; priority: dringende und lange wartende Haushalte zuerst.",
    )
    parser.add_argument("--pin", type=_pin, action="append", default=[], metavar="H:W", help="Festgelegte Vermittlung.")
    parser.add_argument("--explain", action="store_true", help="Zu jeder Vermittlung die Bewertung ausgeben.")
    _common(parser)


def proposal_lines(proposal: Any) -> list[str]:
    mode = "größte Gesamtpassung" if proposal.mode == "optimal" else "Vorrang nach Dringlichkeit und Wartezeit"
    lines = [
        f"Vorschlag ({mode}): {len(proposal.placements)} Vermittlungen, Gesamtpassung {proposal.total:.2f}".replace(
            ".", ","
        )
    ]
    for p in proposal.placements:
        pinned = (
            "" if not p.pinned else " (festgelegt)" if p.feasible else " (festgelegt, verletzt einen Ausschlussgrund)"
        )
        lines.append(f"  Haushalt {p.household_id} → Wohnung {p.flat_id}: Punkte {_score(p.score)}{pinned}")
    for (household, flat), loss in proposal.pin_losses.items():
        lines.append(f"  Festlegung Haushalt {household} → Wohnung {flat} kostet {number(loss, 3)} Gesamtpassung.")
    return lines


def run_propose(args: argparse.Namespace) -> int:
    cli = _cli()
    with cli._opened_at_head(args) as db:
        matcher = _matcher(args, db)
        proposal = matcher.propose(args.mode, args.pin)
    data = asdict(proposal)
    lines = proposal_lines(proposal)
    if args.explain:
        evaluations = [matcher.evaluate(p.household_id, p.flat_id) for p in proposal.placements]
        data["explanations"] = [asdict(e) for e in evaluations]
        lines += [line for e in evaluations for line in explain_lines(e)]
    data["pin_losses"] = [
        {"household_id": h, "flat_id": f, "loss": loss} for (h, f), loss in proposal.pin_losses.items()
    ]
    cli._emit(args, data, lines)
    return 0


# --------------------------------------------------------------------------------------------------
# cap
# --------------------------------------------------------------------------------------------------


def _stufe(text: str) -> int:
    value = ROMAN.get(text.upper()) or (int(text) if text.isdigit() else 0)
    if not 1 <= value <= 7:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Mietenstufe (I bis VII oder 1 bis 7)")
    return value


def add_cap(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persons", type=int, required=True, metavar="N", help="Personen im Haushalt")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--ags", metavar="AGS", help="Gemeindeschlüssel (8 Ziffern): Grenze nach den Regeln des Kreises")
    where.add_argument("--stufe", type=_stufe, metavar="S", help="Mietenstufe I–VII: Grenze nach Formel")
    parser.add_argument("--formula", choices=("V1", "V2", "V3"), help="Formel zu --stufe")
    parser.add_argument("--date", type=date.fromisoformat, metavar="JJJJ-MM-TT", help="Stichtag (Standard: heute).")


def _cap_lines(place: str, persons: int, cap: Any) -> Sequence[str]:
    marked = " (Voreinstellung – bitte durch das Konzept des Landkreises ersetzen)" if cap.is_default else ""
    return [
        f"Angemessenheitsgrenze {place}, {persons} Person(en): {euros(cap.amount_cents)} Bruttokaltmiete",
        f"  Herleitung: {cap.basis}",
        f"  Gültig ab {cap.valid_from:%d.%m.%Y}{marked}",
    ]


def run_cap(args: argparse.Namespace) -> int:
    from matcher.core.services.matching import cap_by_formula, cap_for_municipality

    cli = _cli()
    if args.stufe is not None and args.formula is None:
        raise cli.CliError("Zu --stufe gehört --formula V1, V2 oder V3.")
    with cli._opened_at_head(args) as db:
        if args.ags is not None:
            place, cap = cap_for_municipality(db, args.ags, args.persons, args.date)
        else:
            cap = cap_by_formula(db, args.stufe, args.persons, args.formula, args.date)
            place = f"Mietenstufe {ROMAN_OF[args.stufe]} nach {args.formula}"
    data = {**asdict(cap), "euros": cap.amount_cents / 100, "persons": args.persons, "place": place}
    cli._emit(args, data, _cap_lines(place, args.persons, cap))
    return 0
