"""Reference data shipped in `resources/data/`: districts, municipalities, Mietenstufen, Wohngeld tables.

Loaded into every database when it is opened (idempotent, keyed by REFERENCE_VERSION). Offices never
edit these tables; what an office may change (district rules) is seeded once with defaults and then
belongs to the office. Also: finding a municipality by any form people write.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.paths import DATA_DIR
from matcher.core.text import fold_for_search

REFERENCE_VERSION = "2026-11-25.1"
REFERENCE_KEY = "reference_data.version"

RENT_LEVELS_VALID_FROM = date(2023, 1, 1)  # WoGV Anlage "ab 1. Januar 2023"
WOHNGELD_VALID_FROM = date(2025, 1, 1)  # Anlage 1 WoGG as of the 2. WoGFV
CLIMATE_VALID_FROM = date(2023, 1, 1)  # § 12 Abs. 7 WoGG
AREA_RULES_VALID_FROM = date(2024, 5, 1)  # WFB Nr. 15.1
RULES_SOURCE = "Voreinstellung: Wohngeldtabelle (Anlage 1 WoGG) + Klimakomponente, zuzüglich 10 % (V3)"
RULES_NOTE = "Bitte durch das Konzept des Landkreises ersetzen."
BARRED_DEFAULTS = {
    "03102000": "Zuzugssperre Salzgitter (Erlass vom 09.10.2017) – Fortgeltung ungeprüft",
    "03401000": "Zuzugssperre Delmenhorst (Erlass vom 14.11.2017) – Fortgeltung ungeprüft",
    "03405000": "Zuzugssperre Wilhelmshaven (Erlass vom 14.11.2017) – Fortgeltung ungeprüft",
}


def _rows(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _size_key(value: str) -> int:
    return M.EACH_ADDITIONAL if value == "each_additional" else int(value)


def _cents(euros: str) -> int:
    return int((Decimal(euros) * 100).to_integral_value())


def display_name(official_name: str) -> str:
    """'Haren (Ems), Stadt' → 'Haren (Ems)' — cut at the first comma, as people write it."""
    return official_name.split(",", 1)[0].strip()


def _reference_rows() -> dict[type[SQLModel], list[dict[str, Any]]]:
    districts = [
        {"kreis_key": r["kreis_key"], "name": r["name"], "kind": r["kind"], "seat": r["seat"]}
        for r in _rows("ni_kreise.csv")
    ]
    municipalities, levels = [], []
    for r in _rows("ni_gemeinden.csv"):
        name = display_name(r["name"])
        municipalities.append(
            {
                "ags": r["ags"],
                "official_name": r["name"],
                "name": name,
                "search_key": fold_for_search(name),
                "kreis_key": r["kreis_key"],
                "lat": float(r["lat"]) if r["lat"] else None,
                "lon": float(r["lon"]) if r["lon"] else None,
            }
        )
        levels.append({"ags": r["ags"], "valid_from": RENT_LEVELS_VALID_FROM, "rent_level": int(r["mietenstufe"])})
    wohngeld = [
        {
            "valid_from": WOHNGELD_VALID_FROM,
            "rent_level": int(r["mietenstufe"]),
            "household_size": _size_key(r["household_size"]),
            "amount_cents": _cents(r["max_rent_eur"]),
        }
        for r in _rows("wohngeld_hoechstbetraege_2025.csv")
    ]
    climate = [
        {
            "valid_from": CLIMATE_VALID_FROM,
            "household_size": _size_key(r["household_size"]),
            "amount_cents": _cents(r["eur"]),
        }
        for r in _rows("wohngeld_klimakomponente.csv")
    ]
    postcodes = [{"postcode": r["postcode"], "ags": r["ags"]} for r in _rows("postcodes_demo.csv")]
    return {
        M.District: districts,
        M.Municipality: municipalities,
        M.RentLevel: levels,
        M.WohngeldMaxRent: wohngeld,
        M.ClimateComponent: climate,
        M.Postcode: postcodes,
    }


def default_area_table() -> dict[int, float]:
    return {_size_key(r["household_size"]): float(r["max_m2"]) for r in _rows("wohnflaechen_ni.csv")}


def _stored_version(session: Session) -> str | None:
    value = session.exec(select(M.Setting.value_json).where(M.Setting.key == REFERENCE_KEY)).first()
    return json.loads(value) if value else None


def ensure_reference_data(db: Database) -> bool:
    """Load or refresh the shipped reference tables; seed default district rules. True if it wrote."""
    with db.read_session() as session:
        if _stored_version(session) == REFERENCE_VERSION:
            return False
    with db.session() as session:
        _replace_reference_tables(session)
        _seed_default_rules(session)
        _seed_defaults(session)
        session.merge(
            M.Setting(key=REFERENCE_KEY, valid_from=date(2000, 1, 1), value_json=json.dumps(REFERENCE_VERSION))
        )
    return True


def _replace_reference_tables(session: Session) -> None:
    """Upsert reference rows. Rows are only added or updated, never deleted: flats point at them."""
    for table, rows in _reference_rows().items():
        keys = [col.name for col in table.__table__.primary_key.columns]  # type: ignore[attr-defined]
        existing = {tuple(row) for row in session.execute(sa_select(*[getattr(table, k) for k in keys])).all()}
        new = [row for row in rows if tuple(row[k] for k in keys) not in existing]
        if new:
            session.execute(table.__table__.insert(), new)  # type: ignore[attr-defined]
        for row in rows:
            if tuple(row[k] for k in keys) in existing:
                session.merge(table(**row))
        session.flush()


def _seed_default_rules(session: Session) -> None:
    """Every district without rules starts on V3, marked as a default to replace (domain.md 2.4)."""
    with_rules = set(session.exec(select(M.DistrictRules.kreis_key)).all())
    area_table = default_area_table()
    for kreis_key in session.exec(select(M.District.kreis_key)).all():
        if kreis_key in with_rules:
            continue
        rules = M.DistrictRules(
            kreis_key=kreis_key,
            valid_from=AREA_RULES_VALID_FROM,
            cap_method=E.CapMethod.WOHNGELD_V3,
            cap_is_default=True,
            source=RULES_SOURCE,
            notes=RULES_NOTE,
        )
        session.add(rules)
        session.flush()
        assert rules.id is not None
        session.add_all(
            M.DistrictAreaRule(rules_id=rules.id, household_size=s, max_m2=m) for s, m in area_table.items()
        )
        session.add_all(
            M.DistrictBarredMunicipality(rules_id=rules.id, ags=ags, note=note) for ags, note in BARRED_DEFAULTS.items()
        )


DEFAULT_WEIGHTS = {
    "size_fit": 3.0,
    "bedrooms": 2.0,
    "rent_headroom": 1.5,
    "proximity": 2.0,
    "wishes": 2.0,
    "vacancy_cost": 1.0,
}

WEIGHT_LABELS = {
    "size_fit": "Passende Wohnungsgröße",
    "bedrooms": "Schlafzimmer",
    "rent_headroom": "Abstand zur Angemessenheitsgrenze",
    "proximity": "Nähe zu wichtigen Orten",
    "wishes": "Wünsche des Haushalts",
    "vacancy_cost": "Kosten des Leerstands",
}
"""German names of the soft criteria (keys as in `DEFAULT_WEIGHTS`)."""


def _seed_defaults(session: Session) -> None:
    if session.get(M.Office, 1) is None:
        session.add(M.Office(id=1))
    present = set(session.exec(select(M.MatchingWeight.criterion)).all())
    session.add_all(M.MatchingWeight(criterion=c, weight=w) for c, w in DEFAULT_WEIGHTS.items() if c not in present)


# --------------------------------------------------------------------------------------------------
# Finding municipalities
# --------------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^\d{5}$")
_AGS = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class MunicipalityRef:
    ags: str
    name: str
    kreis_key: str
    district_name: str


def _refs(session: Session, condition: object) -> list[MunicipalityRef]:
    query = (
        select(M.Municipality.ags, M.Municipality.name, M.Municipality.kreis_key, M.District.name)
        .join(M.District, col(M.District.kreis_key) == col(M.Municipality.kreis_key))
        .where(condition)  # type: ignore[arg-type]
        .order_by(M.Municipality.name)
    )
    return [MunicipalityRef(*row) for row in session.exec(query).all()]


def find_municipalities(session: Session, text: str) -> list[MunicipalityRef]:
    """All municipalities matching what a person wrote: AGS, postcode, 'Papenburg', 'Papenburg, Stadt',
    'haren ems', 'Haren (Ems)'. Exact matches first; a prefix search if nothing matches exactly."""
    query = text.strip()
    if _AGS.match(query):
        return _refs(session, M.Municipality.ags == query)
    if _POSTCODE.match(query):
        ags_list = select(M.Postcode.ags).where(M.Postcode.postcode == query)
        return _refs(session, M.Municipality.ags.in_(ags_list))  # type: ignore[attr-defined]
    key = fold_for_search(display_name(query))
    loose = _loose(key)
    exact = _refs(session, M.Municipality.search_key == key)
    if exact:
        return exact
    candidates = _refs(session, M.Municipality.search_key.startswith(loose[:3]))  # type: ignore[attr-defined]
    same_loose = [c for c in candidates if _loose(fold_for_search(c.name)) == loose]
    if same_loose:
        return same_loose
    return [c for c in candidates if _loose(fold_for_search(c.name)).startswith(loose)]


def _loose(key: str) -> str:
    """Drop brackets and punctuation: 'haren (ems)' and 'haren ems' compare equal."""
    return " ".join(re.sub(r"[^\w ]", " ", key).split())


def resolve_municipality(session: Session, text: str) -> MunicipalityRef | None:
    """The one municipality meant by `text`, or None when unknown or ambiguous."""
    found = find_municipalities(session, text)
    return found[0] if len(found) == 1 else None


def rent_level_on(session: Session, ags: str, on: date) -> int | None:
    query = (
        select(M.RentLevel.rent_level)
        .where(M.RentLevel.ags == ags, M.RentLevel.valid_from <= on)
        .order_by(M.RentLevel.valid_from.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    return session.exec(query).first()


def count_rows(session: Session, tables: Iterable[type]) -> dict[str, int]:
    return {t.__tablename__: session.exec(select(func.count()).select_from(t)).one() for t in tables}  # type: ignore[attr-defined]


__all__ = [
    "MunicipalityRef",
    "count_rows",
    "ensure_reference_data",
    "find_municipalities",
    "rent_level_on",
    "resolve_municipality",
]
