"""Benchmark: printing leases in a batch, cold and warm, plus the other new papers.

A demo district goes into a fresh temporary SQLite file (before the clock starts). Then:
- cold: a new Python process imports the program, reads the terms and renders its first lease
  (imports, font registration and the first layout included), several times: min/median/max;
- warm: in this process, after one lease as warm-up, each of 100 leases (cycling over the demo
  placements that can print one) is read and rendered, min/median/max per lease and the batch total;
- archived: the same 100 through `archive.produce` (render + SHA-256 + stored in the database);
- per kind (warm): the Prüfblatt Angemessenheit and the summary of duties in Arabic and Tigrinya.
Not collected by pytest (it lives outside `tests/`). Issue 5 targets: ≤ 50 ms per warm lease, 100 in ≤ 5 s.

    .venv/bin/python benchmarks/bench_documents.py
    .venv/bin/python benchmarks/bench_documents.py --leases 100 --cold-runs 5 --households 300
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

COLD_SCRIPT = """
import sys, time
started = time.perf_counter()
from matcher.core.db import open_database
from matcher.core.documents import lease_pdf
from matcher.core.documents.terms import load_terms
from matcher.core.enums import DocumentKind
db = open_database(path=sys.argv[1], user="bench")
lease_pdf.render_lease(load_terms(db, DocumentKind.LEASE, int(sys.argv[2])))
print(time.perf_counter() - started)
"""


def _timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _figures(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"min {min(ms):7.1f} ms   median {statistics.median(ms):7.1f} ms   max {max(ms):7.1f} ms"


def _lease_placements(db: Any) -> list[tuple[int, Any]]:
    """(placement id, document kind) of every demo placement whose contract prints without refusal."""
    from sqlmodel import select

    from matcher.core import models as M
    from matcher.core.documents.terms import load_terms, validate_terms
    from matcher.core.enums import DocumentKind, LeaseKind
    from matcher.core.errors import ValidationFailed

    kinds = {
        LeaseKind.LEASE: DocumentKind.LEASE,
        LeaseKind.SUBLEASE: DocumentKind.SUBLEASE,
        LeaseKind.USAGE_AGREEMENT: DocumentKind.USAGE_AGREEMENT,
    }
    with db.read_session() as session:
        rows = [(p.id, kinds[LeaseKind(p.lease_kind)]) for p in session.exec(select(M.Placement)).all()]
    printable = []
    for placement_id, kind in rows:
        try:
            validate_terms(load_terms(db, kind, placement_id))
        except ValidationFailed:
            continue
        printable.append((placement_id, kind))
    return printable


def main() -> None:
    parser = argparse.ArgumentParser(description="Zeitmessung der Dokumente (Mietverträge im Stapel)")
    parser.add_argument("--leases", type=int, default=100, help="Zahl der Verträge im Stapel")
    parser.add_argument("--cold-runs", type=int, default=5, help="Zahl der Kaltstarts")
    parser.add_argument("--households", type=int, default=300, help="Haushalte der Demodaten")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as folder:
        os.environ["WOHNRAUM_MATCHER_HOME"] = folder
        from matcher.core.db import open_database
        from matcher.core.demo import create_demo
        from matcher.core.documents import archive, cap_check_pdf, duties_pdf, lease_pdf
        from matcher.core.documents.terms import load_terms
        from matcher.core.enums import DocumentKind

        path = Path(folder) / "demo.sqlite"
        db = open_database(path=path, user="bench")
        create_demo(db, households=args.households, seed=1)
        placements = _lease_placements(db)
        if not placements:
            raise SystemExit("Die Demodaten enthalten keine druckbare Vermittlung.")
        renderers = {
            DocumentKind.LEASE: lease_pdf.render_lease,
            DocumentKind.SUBLEASE: lease_pdf.render_sublease,
            DocumentKind.USAGE_AGREEMENT: lease_pdf.render_usage_agreement,
        }
        batch = [placements[index % len(placements)] for index in range(args.leases)]
        print(f"Demodaten: {args.households} Haushalte, {len(placements)} druckbare Verträge; Stapel {len(batch)}")

        first_lease = next(pid for pid, kind in placements if kind == DocumentKind.LEASE)
        cold = []
        for _ in range(args.cold_runs):
            done = subprocess.run(
                [sys.executable, "-c", COLD_SCRIPT, str(path), str(first_lease)],
                capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ},
            )  # fmt: skip
            cold.append(float(done.stdout.strip()))
        print(f"kalt (neuer Prozess, Import + erster Vertrag): {_figures(cold)}")

        pid, kind = batch[0]
        renderers[kind](load_terms(db, kind, pid))  # warm-up
        warm = [_timed(lambda p=p, k=k: renderers[k](load_terms(db, k, p))) for p, k in batch]
        print(f"warm je Vertrag (lesen + drucken):             {_figures(warm)}")
        print(f"warm Stapel von {len(batch)} Verträgen:                  {sum(warm):7.2f} s")
        pages = subprocess.run(
            ["pdfinfo", "-"], input=lease_pdf.render_lease(load_terms(db, DocumentKind.LEASE, first_lease)),
            capture_output=True, check=False,
        ).stdout.decode()  # fmt: skip
        count = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
        print(f"  (ein Mietvertrag hat {count} Seiten einschließlich Hausordnung)")

        archived = [_timed(lambda p=p, k=k: archive.produce(db, k, p)) for p, k in batch]
        print(f"archiviert je Vertrag (+ SHA-256 + speichern): {_figures(archived)}")
        print(f"archiviert Stapel von {len(batch)} Verträgen:            {sum(archived):7.2f} s")

        def cap_check() -> None:
            with db.read_session() as session:
                cap_check_pdf.render_cap_check(cap_check_pdf.load_cap_check(session, DocumentKind.CAP_CHECK_SHEET, pid))

        def summary(language: str) -> Callable[[], None]:
            def work() -> None:
                with db.read_session() as session:
                    duties_pdf.render_duties(
                        duties_pdf.load_duties(session, DocumentKind.DUTIES_SUMMARY, pid, language)
                    )

            return work

        pid = first_lease
        for name, work in [("Prüfblatt", cap_check), ("Pflichten ar", summary("ar")), ("Pflichten ti", summary("ti"))]:
            work()
            print(f"warm {name:<13} (20 Läufe):                 {_figures([_timed(work) for _ in range(20)])}")
        db.dispose()


if __name__ == "__main__":
    main()
