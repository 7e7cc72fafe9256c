"""A small, hand-written set of flats and households in the Emsland for window tests and screenshots.

Written straight into the tables (the demo generator and the flat/household services are separate
work); landlords go through their service so they are validated. Names are invented.
"""

from __future__ import annotations

from datetime import date

from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import FlatStatus, HouseholdStatus, PayingAuthority, Relationship, ResidenceStatus, Urgency
from matcher.core.services.landlords import create_landlord

SOEGEL, MEPPEN, PAPENBURG, LINGEN, HAREN, WERLTE = (
    "03454047",
    "03454035",
    "03454041",
    "03454032",
    "03454018",
    "03454057",
)
POSTCODES = {SOEGEL: "49751", MEPPEN: "49716", PAPENBURG: "26871", LINGEN: "49808", HAREN: "49733", WERLTE: "49757"}

# street, number, flat number, ags, floor, m², rooms, bedrooms, net, operating, heating (cents), status, free from
FLATS = [
    ("Hauptstraße", "12", "2", SOEGEL, 1, 62.5, 3, 2, 41_000, 12_000, 9_000, FlatStatus.AVAILABLE, date(2026, 12, 1)),
    ("Am Markt", "3", "", MEPPEN, 0, 48.0, 2, 1, 35_000, 9_500, 7_000, FlatStatus.RESERVED, date(2027, 1, 1)),
    ("Kirchstraße", "7a", "4", PAPENBURG, 2, 85.3, 4, 3, 58_000, 16_000, 12_500, FlatStatus.LET, None),
    ("Lingener Straße", "101", "", LINGEN, 0, 71.0, 3, 2, 49_500, 14_000, 10_000, FlatStatus.AVAILABLE, None),
    ("Ölmühlenweg", "2", "", HAREN, -1, 55.0, 2.5, 1, 38_900, 10_500, 8_000, FlatStatus.BLOCKED, None),
    ("Zur Schleuse", "5", "1", WERLTE, 1, 98.4, 5, 4, 63_000, 19_000, 14_000, FlatStatus.AVAILABLE, date(2026, 12, 15)),
    ("Clemens-August-Straße", "44", "", SOEGEL, 0, 39.5, 1.5, 1, 29_900, 8_000, 6_000, FlatStatus.AVAILABLE, None),
    ("Bahnhofstraße", "18", "3", MEPPEN, 3, 76.2, 3, 2, 123_456, 15_000, 11_000, FlatStatus.AVAILABLE, None),
]

# case number, family name, given name, further members (children), status, urgency, registered, GU, GU place
HOUSEHOLDS = [
    ("50.2-2026-0001", "Haddad", "Amal", 3, HouseholdStatus.WAITING, Urgency.HIGH, date(2026, 3, 2), "GU Sögel", SOEGEL),
    ("50.2-2026-0002", "Öztürk", "Emine", 0, HouseholdStatus.WAITING, Urgency.NORMAL, date(2026, 5, 11), "GU Meppen", MEPPEN),
    ("50.2-2026-0003", "Tesfaye", "Dawit", 1, HouseholdStatus.OFFERED, Urgency.URGENT, date(2025, 11, 20), "GU Sögel", SOEGEL),
    ("50.2-2026-0004", "Kovalenko", "Olena", 2, HouseholdStatus.HOUSED, Urgency.NORMAL, date(2025, 9, 1), "", None),
    ("50.2-2026-0005", "Rahimi", "Farid", 4, HouseholdStatus.WAITING, Urgency.NORMAL, date(2026, 8, 30), "GU Lingen", LINGEN),
    ("50.2-2026-0006", "Nguyen", "Lan", 0, HouseholdStatus.PARKED, Urgency.NORMAL, date(2026, 1, 15), "GU Meppen", MEPPEN),
]  # fmt: skip


def add_landlords(db: Database) -> tuple[int, int]:
    cooperative = create_landlord(db, {"kind": "cooperative", "name": "Bürgergenossenschaft Sögel eG"})
    private = create_landlord(db, {"kind": "private", "name": "Müller, Hermann"})
    return cooperative.id, private.id  # type: ignore[return-value]


def add_flats(db: Database) -> None:
    landlords = add_landlords(db)
    with db.session() as session:
        for n, (street, number, flat_no, ags, floor, area, rooms, bedrooms, net, ops, heat, status, free) in enumerate(
            FLATS
        ):
            session.add(
                M.Flat(
                    landlord_id=landlords[n % 2],
                    street=street,
                    house_number=number,
                    flat_number=flat_no,
                    postcode=POSTCODES[ags],
                    ags=ags,
                    floor=floor,
                    living_area_m2=area,
                    rooms=rooms,
                    bedrooms=bedrooms,
                    net_rent_cents=net,
                    operating_costs_cents=ops,
                    heating_costs_cents=heat,
                    status=status,
                    available_from=free,
                    elevator=n % 3 == 0,
                    funded=n % 2 == 0,
                )
            )


def add_households(db: Database) -> None:
    with db.session() as session:
        for case, family, given, children, status, urgency, registered, place, ags in HOUSEHOLDS:
            household = M.Household(
                case_number=case,
                residence_status=ResidenceStatus.PERMIT_25_2,
                paying_authority=PayingAuthority.JOBCENTER,
                status=status,
                parked_until=date(2027, 3, 1) if status == HouseholdStatus.PARKED else None,
                urgency=urgency,
                registered_on=registered,
                current_accommodation=place,
                accommodation_ags=ags,
            )
            session.add(household)
            session.flush()
            session.add(_member(household.id, given, family, Relationship.APPLICANT))
            for child in range(children):
                session.add(_member(household.id, f"Kind {child + 1}", family, Relationship.CHILD))


def _member(household_id: int | None, given: str, family: str, relationship: Relationship) -> M.Member:
    assert household_id is not None
    return M.Member(household_id=household_id, given_name=given, family_name=family, relationship=relationship)


def add_sample_rows(db: Database) -> Database:
    add_flats(db)
    add_households(db)
    return db
