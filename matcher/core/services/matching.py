"""The matcher as services: load a district's data once, then evaluate, rank and propose.

Why a service: the window and the command line both need "the office's district, today, with the
office's weights"; this module opens the short read session and hands pure arrays to rules, scoring
and assignment. It also answers the daily rent-cap look-up. No writes: proposals are only proposals
until a caseworker opens a placement (`placements.propose`, or `accept_pair` here, which keeps the
matcher's view of the pair with it). The window's matching area loads a `MatchingView` (the matcher plus
display rows of the flats and households it knows) once and asks it many questions.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlmodel import col, select

from matcher.core import assignment, rules
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.enums import CapMethod, Relationship, Urgency
from matcher.core.errors import FieldError, NotFound, ValidationFailed
from matcher.core.matching_data import URGENCY_RANK, MatchingData, load_matching_data
from matcher.core.rent_cap import RentCap, rent_cap, wohngeld_cap
from matcher.core.services import audit, placements
from matcher.core.services.settings import get_office, get_weights

FORMULAS = {"V1": CapMethod.WOHNGELD_V1, "V2": CapMethod.WOHNGELD_V2, "V3": CapMethod.WOHNGELD_V3}
MODE_KEY = "matching.mode"
"""Setting key of the office's proposal mode ("optimal" or "priority")."""
MODE_SINCE = date(2000, 1, 1)
"""The mode is not dated: one row, stored under this placeholder valid-from date."""


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
        self,
        mode: assignment.Mode = "optimal",
        pins: list[tuple[int, int]] | None = None,
        rejected: Iterable[tuple[int, int]] = (),
        fixed: Iterable[tuple[int, int]] = (),
        check: Callable[[], None] | None = None,
    ) -> assignment.Proposal:
        """The district's proposal. `pins` are pairs a caseworker fixed (each with the total fit it
        costs); `fixed` are pairs already decided, e.g. with a placement opened: kept like pins but not
        costed (each costing needs a whole further solve); `rejected` are pairs the caseworker turned
        down in this session: left out of this proposal only (nothing is stored, unlike
        `placements.exclude_pair`). `check` may raise between steps to stop the work."""
        pin_list, fixed_list = list(pins or []), [pair for pair in fixed if pair not in (pins or [])]
        for household_id, flat_id in pin_list + fixed_list:
            self._require(household_id=household_id, flat_id=flat_id)
        data = self._without(rejected)
        stop = check or (lambda: None)
        if not fixed_list:
            return assignment.propose(data, self.weights, mode, pin_list, pin_losses=bool(pin_list), check=stop)
        proposal = assignment.propose(data, self.weights, mode, fixed_list + pin_list, check=stop)
        losses = {
            pin: assignment.propose(
                data, self.weights, mode, fixed_list + [p for p in pin_list if p != pin], check=stop
            ).total
            - proposal.total
            for pin in pin_list
        }
        return dataclasses.replace(proposal, pin_losses=losses)

    def failures(self, household_id: int, flat_id: int) -> tuple[list[rules.Failure], list[rules.Failure]]:
        """Failed rules and warnings of one pair, each with its German reason (cheaper than `evaluate`)."""
        self._require(household_id=household_id, flat_id=flat_id)
        return rules.explain(self.data, self.data.household_position(household_id), self.data.flat_position(flat_id))

    def snapshot(self, household_id: int, flat_id: int) -> dict[str, Any]:
        """The pair as the matcher sees it today, to be kept with a placement (`score_snapshot`)."""
        e = self.evaluate(household_id, flat_id)
        return {
            "on": self.data.on.isoformat(),
            "score": round(e.score, 6),
            "feasible": e.feasible,
            "failed": [f.code for f in e.failed],
            "warnings": [f.code for f in e.warnings],
            "criteria": {c.criterion: {"value": round(c.value, 6), "weight": c.weight} for c in e.breakdown},
        }

    def _without(self, pairs: Iterable[tuple[int, int]]) -> MatchingData:
        """The data with `pairs` (household id, flat id) excluded as if a caseworker had excluded them."""
        positions = [
            (self.data.household_position(h), self.data.flat_position(f))
            for h, f in pairs
            if h in self._household_ids() and f in self._flat_ids()
        ]
        if not positions:
            return self.data
        extra = np.array(positions, dtype=np.int64).reshape(-1, 2)
        excluded = np.unique(np.concatenate([self.data.pair_excluded.reshape(-1, 2), extra]), axis=0)
        return dataclasses.replace(self.data, pair_excluded=excluded)

    def _household_ids(self) -> set[int]:
        return set(self.data.households.ids.tolist())

    def _flat_ids(self) -> set[int]:
        return set(self.data.flats.ids.tolist())

    def _require(self, household_id: int | None = None, flat_id: int | None = None) -> None:
        if household_id is not None and household_id not in self._household_ids():
            raise NotFound(
                f"Haushalt {household_id} sucht keine Wohnung in diesem Landkreis (nicht vorhanden, "
                "untergebracht oder abgemeldet)."
            )
        if flat_id is not None and flat_id not in self._flat_ids():
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


# --------------------------------------------------------------------------------------------------
# The window's matching area
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlatChoice:
    """A flat of the district as the matching area lists it (plain values, safe across threads)."""

    id: int
    address: str
    """Street, house number and flat number."""
    municipality: str
    living_area_m2: float
    bedrooms: int
    gross_cold_rent_cents: int
    available: bool


@dataclass(frozen=True, slots=True)
class HouseholdChoice:
    """A household that looks for a flat, as the matching area lists it (no sensitive fields)."""

    id: int
    case_number: str
    applicant: str
    """"Family name, given name" of the applicant; empty when no applicant is recorded."""
    size: int
    urgency: str
    """An `Urgency` value."""
    waiting_since: date
    parked: bool


@dataclass
class MatchingView:
    """What the matching area loads once: the matcher, its flats and households, the office's mode."""

    matcher: Matcher
    flats: list[FlatChoice]
    households: list[HouseholdChoice]
    mode: assignment.Mode
    open_placements: dict[tuple[int, int], tuple[int, str]] = dataclasses.field(default_factory=dict)
    """(household id, flat id) → (placement id, state) of every running placement: such a pair is
    already being worked on and needs no second placement."""
    _flat_index: dict[int, FlatChoice] = dataclasses.field(init=False, repr=False)
    _household_index: dict[int, HouseholdChoice] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._flat_index = {f.id: f for f in self.flats}
        self._household_index = {h.id: h for h in self.households}

    def flat(self, flat_id: int) -> FlatChoice | None:
        return self._flat_index.get(flat_id)

    def household(self, household_id: int) -> HouseholdChoice | None:
        return self._household_index.get(household_id)


def load_matching_view(db: Database, kreis_key: str | None = None, on: date | None = None) -> MatchingView:
    """The matcher for the office's district today, with display rows of its flats and households."""
    matcher = load_matcher(db, kreis_key, on)
    d = matcher.data
    flat_numbers, applicants = _flat_numbers_and_applicants(db)
    fl = d.flats
    flats = [
        FlatChoice(
            id=flat_id,
            address=_address(fl.labels[i], flat_numbers.get(flat_id, "")),
            municipality=d.municipality_names[int(fl.muni[i])],
            living_area_m2=float(fl.area_m2[i]),
            bedrooms=int(fl.bedrooms[i]),
            gross_cold_rent_cents=int(fl.gross_cold_cents[i]),
            available=bool(fl.available[i]),
        )
        for i, flat_id in enumerate(fl.ids.tolist())
    ]
    hh = d.households
    urgency_of = {rank: value for value, rank in URGENCY_RANK.items()}
    households = [
        HouseholdChoice(
            id=household_id,
            case_number=hh.case_numbers[i],
            applicant=applicants.get(household_id, ""),
            size=int(hh.size[i]),
            urgency=urgency_of.get(int(hh.urgency[i]), Urgency.NORMAL.value),
            waiting_since=hh.waiting_since[i].astype("datetime64[D]").item(),
            parked=bool(hh.parked[i]),
        )
        for i, household_id in enumerate(hh.ids.tolist())
    ]
    return MatchingView(matcher, flats, households, get_proposal_mode(db), open_placements(db))


def open_placements(db: Database) -> dict[tuple[int, int], tuple[int, str]]:
    """(household id, flat id) → (placement id, state) of the placements not yet ended."""
    open_states = [str(state) for state in placements.OPEN_STATES]
    with db.read_session() as session:
        rows = session.exec(
            select(M.Placement.household_id, M.Placement.flat_id, M.Placement.id, M.Placement.state).where(
                col(M.Placement.state).in_(open_states)
            )
        ).all()
    return {(h, f): (int(i), str(state)) for h, f, i, state in rows if i is not None}


def _address(label: str, flat_number: str) -> str:
    """The matcher's label is "street number, postcode": keep the street, add the flat number."""
    street = label.rsplit(", ", 1)[0]
    return f"{street}, Whg. {flat_number}" if flat_number else street


def _flat_numbers_and_applicants(db: Database) -> tuple[dict[int, str], dict[int, str]]:
    with db.read_session() as session:
        numbers = session.exec(select(M.Flat.id, M.Flat.flat_number).where(M.Flat.flat_number != "")).all()
        names = session.exec(
            select(M.Member.household_id, M.Member.family_name, M.Member.given_name)
            .where(M.Member.relationship == Relationship.APPLICANT)
            .order_by(col(M.Member.position))
        ).all()
    applicants: dict[int, str] = {}
    for household_id, family, given in names:
        applicants.setdefault(household_id, ", ".join(part for part in (family, given) if part))
    return {int(i): n for i, n in numbers if i is not None}, applicants


def get_proposal_mode(db: Database) -> assignment.Mode:
    """The office's mode for the district-wide proposal; "optimal" until the office chooses."""
    with db.read_session() as session:
        stored = session.exec(select(M.Setting.value_json).where(M.Setting.key == MODE_KEY)).first()
    mode = json.loads(stored) if stored else "optimal"
    return mode if mode in assignment.MODES else "optimal"


def set_proposal_mode(db: Database, mode: str) -> assignment.Mode:
    """Choose the office's proposal mode: "optimal" (largest total fit) or "priority" (urgent first)."""
    if mode not in assignment.MODES:
        message = "Bitte wählen Sie „größte Gesamtpassung“ (optimal) oder „Vorrang nach Dringlichkeit“ (priority)."
        raise ValidationFailed([FieldError("mode", message, "Vorschlagsart")])
    with db.session() as session:
        session.merge(M.Setting(key=MODE_KEY, valid_from=MODE_SINCE, value_json=json.dumps(mode)))
        audit.record(session, db.user, "update", "setting", MODE_KEY, f"Vorschlagsart: {mode}")
    return mode  # type: ignore[return-value]


def accept_pair(db: Database, matcher: Matcher, household_id: int, flat_id: int) -> M.Placement:
    """Open a placement ("vorgeschlagen") for a pair the caseworker accepted from a ranking or the
    district proposal, keeping the matcher's view of the pair with it. The placements service checks
    that the flat and the household can still take it (German messages)."""
    try:
        snapshot: dict[str, Any] | None = matcher.snapshot(household_id, flat_id)
    except NotFound:  # the matcher's data is older than the database: the service decides alone
        snapshot = None
    return placements.propose(db, household_id, flat_id, score_snapshot=snapshot)


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
