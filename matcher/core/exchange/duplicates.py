"""Recognising the same flat or the same person when they arrive twice.

- The same flat: the same address (street, house number, postcode) and the same flat number. Street
  names compare loosely: „Hauptstr. 5“, „Hauptstraße 5“ and „HAUPTSTRASSE 5“ are one address.
- The same person: the same given name, family name and birth date, whatever the case and however the
  umlauts are composed (a Mac or a spreadsheet may send „Mu\u0308ller“ with a combining diaeresis,
  a Windows form „Müller“ precomposed). Without a birth date nobody is declared the same person.

The importer uses the indexes to offer a duplicate for merging instead of creating it twice;
`duplicate_flat_groups` and `duplicate_person_groups` find duplicates already stored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from matcher.core import models as M

FlatKey = tuple[str, str, str, str]
PersonKey = tuple[str, str, date]

_STREET_SUFFIX = re.compile(r"str(?:\.|asse\b|\b)")


def fold(text: str | None) -> str:
    """Case- and composition-insensitive form: NFKC, casefolded (ß → ss), inner whitespace collapsed."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def street_key(street: str | None) -> str:
    return _compact(_STREET_SUFFIX.sub("strasse", fold(street)))


def flat_key(street: str | None, house_number: str | None, postcode: str | None, flat_number: str | None) -> FlatKey:
    return (street_key(street), _compact(fold(house_number)), (postcode or "").strip(), _compact(fold(flat_number)))


def person_key(given_name: str | None, family_name: str | None, birth_date: date | None) -> PersonKey | None:
    if birth_date is None or not given_name or not family_name:
        return None
    return (fold(given_name), fold(family_name), birth_date)


@dataclass
class FlatIndex:
    """Stored flats by the landlord's own number and by address, for one import."""

    by_reference: dict[tuple[int, str], int] = field(default_factory=dict)
    by_address: dict[FlatKey, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> FlatIndex:
        index = cls()
        query = select_columns(
            col(M.Flat.id),
            col(M.Flat.landlord_id),
            col(M.Flat.landlord_reference),
            col(M.Flat.street),
            col(M.Flat.house_number),
            col(M.Flat.postcode),
            col(M.Flat.flat_number),
        ).order_by(col(M.Flat.id))
        for flat_id, landlord_id, reference, street, house_number, postcode, flat_number in session.execute(query):
            index.add(flat_id, landlord_id, reference, flat_key(street, house_number, postcode, flat_number))
        return index

    def add(self, flat_id: int, landlord_id: int, reference: str | None, key: FlatKey) -> None:
        if reference and reference.strip():
            self.by_reference.setdefault((landlord_id, fold(reference)), flat_id)
        self.by_address.setdefault(key, flat_id)

    def by_landlord_reference(self, landlord_id: int, reference: str | None) -> int | None:
        if not reference or not reference.strip():
            return None
        return self.by_reference.get((landlord_id, fold(reference)))


@dataclass
class PersonIndex:
    """Stored people (name and birth date) → their household, for one import."""

    households: dict[PersonKey, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> PersonIndex:
        index = cls()
        query = (
            select(
                col(M.Member.given_name),
                col(M.Member.family_name),
                col(M.Member.birth_date),
                col(M.Member.household_id),
            )
            .where(col(M.Member.birth_date).is_not(None))
            .order_by(col(M.Member.id))
        )
        for given, family, born, household_id in session.exec(query):
            key = person_key(given, family, born)
            if key is not None:
                index.households.setdefault(key, household_id)
        return index

    def household_of(self, keys: Iterable[PersonKey | None]) -> int | None:
        return next((self.households[k] for k in keys if k is not None and k in self.households), None)


def duplicate_flat_groups(session: Session) -> list[list[int]]:
    """Ids of stored flats sharing address and flat number, each group sorted, groups by first id."""
    groups: dict[FlatKey, list[int]] = defaultdict(list)
    query = select_columns(
        col(M.Flat.id), col(M.Flat.street), col(M.Flat.house_number), col(M.Flat.postcode), col(M.Flat.flat_number)
    )
    for flat_id, street, house_number, postcode, flat_number in session.execute(query.order_by(col(M.Flat.id))):
        assert flat_id is not None
        groups[flat_key(street, house_number, postcode, flat_number)].append(flat_id)
    return sorted(ids for ids in groups.values() if len(ids) > 1)


def duplicate_person_groups(session: Session) -> list[list[int]]:
    """Ids of stored households that share a person (same name and birth date)."""
    groups: dict[PersonKey, set[int]] = defaultdict(set)
    query = select(
        col(M.Member.given_name), col(M.Member.family_name), col(M.Member.birth_date), col(M.Member.household_id)
    )
    for given, family, born, household_id in session.exec(query):
        key = person_key(given, family, born)
        if key is not None:
            groups[key].add(household_id)
    unique = {tuple(sorted(ids)) for ids in groups.values() if len(ids) > 1}
    return sorted(list(ids) for ids in unique)
