"""Write a small database of the current schema, to keep as `data/schema_<revision>.sqlite`.

Run once per released schema (`python tests/migrations/make_saved_db.py`) and commit the file: every
later program version must still open and migrate it (tests/migrations/test_saved_databases.py).
The rows are invented and contain no real person's data.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

from matcher.core import models as M
from matcher.core.db import current_revision, open_database
from matcher.core.services import audit

DATA = Path(__file__).with_name("data")


def fill(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        landlord = M.Landlord(
            kind="cooperative", name="Bürgergenossenschaft Beispiel eG", iban="DE89370400440532013000"
        )
        session.add(landlord)
        session.flush()
        flat = M.Flat(
            landlord_id=landlord.id,
            street="Ludmillenhof",
            house_number="3",
            postcode="49751",
            ags="03454047",
            living_area_m2=62.5,
            rooms=3,
            bedrooms=2,
            net_rent_cents=39000,
            operating_costs_cents=9500,
            heating_costs_cents=7000,
            deposit_cents=78000,
        )
        household = M.Household(
            case_number="50.2-0001/26",
            residence_status="permit_25_2",
            obligation_scope="land",
            paying_authority="jobcenter",
            registered_on=date(2026, 1, 5),
        )
        session.add_all([flat, household])
        session.flush()
        session.add_all(
            [
                M.Member(
                    household_id=household.id,
                    given_name="Şükrü",
                    family_name="Özdemir",
                    birth_year=1985,
                    sex="male",
                    relationship="applicant",
                ),
                M.Member(
                    household_id=household.id,
                    given_name="Zeynep",
                    family_name="Özdemir",
                    birth_date=date(2019, 3, 1),
                    sex="female",
                    relationship="child",
                ),
                M.Placement(flat_id=flat.id, household_id=household.id, state="offered"),
            ]
        )
        audit.record(session, "migration.fixture", "create", "household", household.id, "Testdaten")


def main() -> None:
    DATA.mkdir(exist_ok=True)
    scratch = DATA / "scratch.sqlite"
    scratch.unlink(missing_ok=True)
    db = open_database(path=scratch, user="migration.fixture")
    fill(db)
    revision = current_revision(db.engine)
    db.checkpoint()
    db.dispose()
    with sqlite3.connect(scratch) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    conn.close()
    target = DATA / f"schema_{revision}.sqlite"
    scratch.replace(target)
    print(target, target.stat().st_size, "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
