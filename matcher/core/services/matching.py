"""The matcher as services: load a district's data once, then evaluate, rank and propose.

Why a service: the window and the command line both need "the office's district, today, with the
office's weights"; this module opens the short read session and hands pure arrays to rules, scoring
and assignment. It also answers the daily rent-cap look-up. No writes: proposals are only proposals
until a caseworker opens a placement (`placements.propose`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.core import assignment
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import CapMethod
from matcher.core.errors import FieldError, NotFound, ValidationFailed
from matcher.core.matching_data import MatchingData, load_matching_data
from matcher.core.rent_cap import RentCap, rent_cap, wohngeld_cap
from matcher.core.services.settings import get_office, get_weights

FORMULAS = {"V1": CapMethod.WOHNGELD_V1, "V2": CapMethod.WOHNGELD_V2, "V3": CapMethod.WOHNGELD_V3}


@dataclass
class Matcher:
    """A district's matching inputs and the office's weights, loaded once for many questions."""

    data: MatchingData
    weights: dict[str, float]

    def evaluate(self, household_id: int, flat_id: int) -> assignment.Evaluation:
        self._require(household_id=household_id, flat_id=flat_id)
        return assignment.evaluate(self.data, self.weights, household_id, flat_id)

    def rank_households(self, flat_id: int, *, why_not: bool = False) -> list[assignment.Ranked]:
        self._require(flat_id=flat_id)
        return assignment.rank_households(self.data, self.weights, flat_id, why_not=why_not)

    def rank_flats(self, household_id: int, *, why_not: bool = False) -> list[assignment.Ranked]:
        self._require(household_id=household_id)
        return assignment.rank_flats(self.data, self.weights, household_id, why_not=why_not)

    def propose(
        self, mode: assignment.Mode = "optimal", pins: list[tuple[int, int]] | None = None
    ) -> assignment.Proposal:
        for household_id, flat_id in pins or []:
            self._require(household_id=household_id, flat_id=flat_id)
        return assignment.propose(self.data, self.weights, mode, pins or [], pin_losses=bool(pins))

    def _require(self, household_id: int | None = None, flat_id: int | None = None) -> None:
        if household_id is not None and household_id not in set(self.data.households.ids.tolist()):
            raise NotFound(
                f"Haushalt {household_id} sucht keine Wohnung in diesem Landkreis (nicht vorhanden, "
                "untergebracht oder abgemeldet)."
            )
        if flat_id is not None and flat_id not in set(self.data.flats.ids.tolist()):
            raise NotFound(f"Wohnung {flat_id} gibt es in diesem Landkreis nicht.")


def office_district(db: Database) -> str:
    kreis_key = get_office(db).kreis_key
    if kreis_key is None:
        raise NotFound("Für die Behörde ist kein Landkreis eingestellt. Bitte wählen Sie ihn in den Einstellungen.")
    return kreis_key


def load_matcher(db: Database, kreis_key: str | None = None, on: date | None = None) -> Matcher:
    """The matcher for a district (default: the office's) on a day (default: today)."""
    kreis_key = kreis_key or office_district(db)
    with db.read_session() as session:
        if session.get(M.District, kreis_key) is None:
            raise NotFound(f"Landkreis {kreis_key} gibt es nicht. Bitte wählen Sie den Landkreis aus der Liste.")
    return Matcher(load_matching_data(db, kreis_key, on), get_weights(db))


def cap_for_municipality(db: Database, ags: str, persons: int, on: date | None = None) -> tuple[str, RentCap]:
    """The cap by the district's rules for a municipality: (municipality name, cap)."""
    _check_persons(persons)
    with db.read_session() as session:
        municipality = session.get(M.Municipality, ags)
        if municipality is None:
            raise NotFound(f"Die Gemeinde mit dem Schlüssel {ags} gibt es nicht.")
        cap = rent_cap(session, ags, persons, on or date.today())
        if cap is None:
            raise NotFound(
                f"Für {municipality.name} ist keine Angemessenheitsgrenze für {persons} Person(en) hinterlegt."
            )
        return municipality.name, cap


def cap_by_formula(db: Database, rent_level: int, persons: int, formula: str, on: date | None = None) -> RentCap:
    """The cap by a Wohngeld formula (V1, V2 or V3) for a Mietenstufe, without a district."""
    _check_persons(persons)
    errors = []
    if not 1 <= rent_level <= 7:
        errors.append(FieldError("stufe", "Bitte eine Mietenstufe von 1 bis 7 angeben.", "Mietenstufe"))
    if formula.upper() not in FORMULAS:
        errors.append(FieldError("formula", "Bitte V1, V2 oder V3 angeben.", "Formel"))
    if errors:
        raise ValidationFailed(errors)
    with db.read_session() as session:
        return wohngeld_cap(session, rent_level, persons, FORMULAS[formula.upper()], on or date.today())


def _check_persons(persons: int) -> None:
    if not 1 <= persons <= 30:
        raise ValidationFailed([FieldError("persons", "Bitte 1 bis 30 Personen angeben.", "Personen")])
