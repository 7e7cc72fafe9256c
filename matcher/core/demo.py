"""Demo district: a realistic, deterministic data set to try the program, train caseworkers and benchmark.

Built on the shipped reference data of one district (default Landkreis Emsland): flats in its real
municipalities, weighted by population, with rents around the KdU cap that `rent_cap` computes for them;
households waiting in the district's collective accommodation, named as their passports write them;
placements in every workflow state together with the flat and household statuses that state implies,
so every document can be printed at once.

Same seed and same `today` → the same rows. Every landlord, flat, household, member and contact passes the
validation of the forms (the `…Base` models, the flat form's domain rules, the IBAN check) before it is
written; the rows then go in by bulk insert (50,000 households: about half a minute on SQLite, most of it
spent in SQLite's own checks and in the validation; see benchmarks/bench_demo.py).

Invented throughout: people, companies, streets, house numbers, bank accounts. Telephone numbers come from
the Bundesnetzagentur's ranges for media productions ("Drama Numbers", never assigned to anyone); e-mail
addresses use example.org (RFC 2606). The audit entry names counts only.

May use: reference data, rent cap, validation and audit services. Never Qt, never a form.
"""

from __future__ import annotations

import math
import random
import time
import unicodedata
from bisect import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from schwifty import IBAN
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core import paths
from matcher.core.db import Database, open_database
from matcher.core.errors import FieldError, MatcherError
from matcher.core.reference import display_name, rent_level_on
from matcher.core.rent_cap import appropriate_area_m2, rent_cap, rules_on
from matcher.core.services import audit
from matcher.core.services.common import apply, merged
from matcher.core.services.flats import CREATED_NOTE
from matcher.core.services.flats import RULES as FLAT_RULES
from matcher.core.services.landlords import normalise_iban
from matcher.core.services.validation import require, validate

EMSLAND = "03454"
MIN_HOUSEHOLDS = 1
MAX_HOUSEHOLDS = 200_000
FLATS_PER_HOUSEHOLD = 0.6
CASEWORKERS = ("a.schulte", "m.hermes", "k.lammers", "j.wilken", "s.brinkmann")
"""Logins of the (invented) caseworkers who worked the demo placements."""

T = TypeVar("T")


class Weighted(Generic[T]):
    """Draw from fixed weights quickly: the cumulative weights are computed once, not per draw."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, weights: Mapping[T, float]) -> None:
        self._items = list(weights)
        self._cumulative = list(accumulate(weights.values()))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self._items[bisect(self._cumulative, rng.random() * self._total)]


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(","))


# --------------------------------------------------------------------------------------------------
# Names as written in passports (Latin transliteration of the issuing state)
# --------------------------------------------------------------------------------------------------

GERMAN_MALE = _names(
    "Andreas, Bernd, Christian, Dirk, Frank, Georg, Hermann, Heinz, Johannes, Jürgen, Klaus, Markus, Martin, "
    "Matthias, Michael, Norbert, Peter, Ralf, Stefan, Thomas, Werner, Josef, Heinrich, Bernhard, Hubert, Gerd, "
    "Ludger, Reinhard, Jan, Lukas"
)
GERMAN_FEMALE = _names(
    "Andrea, Anna, Birgit, Claudia, Doris, Elisabeth, Gabriele, Gisela, Heike, Ingrid, Karin, Maria, Monika, "
    "Petra, Renate, Sabine, Silke, Susanne, Ursula, Anja, Christa, Agnes, Hildegard, Mechthild, Annette, "
    "Marlies, Kerstin, Julia, Lena, Katrin"
)
GERMAN_FAMILY = _names(
    "Schulte, Albers, Hermes, Thole, Robben, Book, Wilken, Brinkmann, Lammers, Koop, Wessels, Kuhl, Hilling, "
    "Evers, Többen, Gerdes, Schröder, Meyer, Müller, Schmidt, Janssen, Hanekamp, Deters, Berentzen, Lüken, "
    "Pohlmann, Kamphus, Tieben, Sievers, Brüning, Schwering, Kuhlmann, Wübbels, Düthmann, Abeln, Gebben, "
    "Ahlers, Bruns, Rosemann, Löning"
)


CHILDREN = Weighted({1: 25, 2: 30, 3: 22, 4: 14, 5: 9})
FEW_CHILDREN = Weighted({1: 50, 2: 35, 3: 12, 4: 3})
SIBLING_GAP = Weighted({1: 2, 2: 5, 3: 3, 4: 2})  # years between siblings


@dataclass(frozen=True)
class Culture:
    """How one nationality's passports write names, and the statuses and households typical for it here."""

    code: str
    """ISO 3166-1 alpha-3, as in the passport's machine-readable zone."""
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    languages: Weighted[str]
    statuses: Weighted[E.ResidenceStatus]
    compositions: Weighted[str]
    children: Weighted[int] = CHILDREN
    """Children of a couple with children."""
    single_male_share: float = 0.8
    wife_keeps_name: bool = True
    patronymic: bool = False
    """Eritrea: a person's second name is the father's given name, so children 'inherit' it."""
    feminine: Mapping[str, str] = field(default_factory=dict)
    """Ukrainian adjectival family names take a feminine form."""
    turkish_letters: bool = False
    """Turkish passports keep İ and I apart when writing in capitals."""
    january_first_share: float = 0.0
    """Share of birth dates recorded as 1 January because the real day is unknown (common for Afghanistan)."""


S = E.ResidenceStatus
DEFAULT_COMPOSITIONS = {"single": 30, "couple": 8, "family": 33, "single_parent": 14, "extended": 8, "siblings": 7}

CULTURES: dict[str, Culture] = {
    "SYR": Culture(
        "SYR",
        _names(
            "Mohammad, Mohamad, Mohammed, Ahmad, Mahmoud, Khaled, Omar, Ali, Hussein, Yousef, Ibrahim, Abdullah, "
            "Mustafa, Hasan, Samer, Bassam, Wael, Rami, Fadi, Jamal, Ammar, Abdul Rahman, Anas, Mazen, Firas"
        ),
        _names(
            "Fatima, Aisha, Mariam, Hala, Rania, Layla, Nour, Zainab, Sara, Rahaf, Hiba, Doaa, Amal, Rima, Sawsan, "
            "Hanan, Bayan, Lama, Jana, Sidra, Rasha, Ghalia, Nisreen, Maya"
        ),
        _names(
            "Alhamad, Alahmad, Ali, Hassan, Khalil, Ibrahim, Almohammad, Alkhalil, Hamoud, Darwish, Alsayed, "
            "Khalaf, Alabdullah, Issa, Nasser, Saleh, Al Hussein, Mousa, Sheikho, Hasso, Osman, Bakr, Al Ali, "
            "Haj Ali, Kurdi"
        ),
        Weighted({"Arabisch": 62, "Arabisch, Kurdisch": 20, "Arabisch, Englisch": 15, "Kurdisch (Kurmandschi)": 3}),
        Weighted(
            {
                S.PERMIT_25_2: 50,
                S.GESTATTUNG: 28,
                S.PERMIT_25_1: 6,
                S.PERMIT_25_3: 4,
                S.DULDUNG: 5,
                S.SETTLEMENT_PERMIT: 3,
                S.PERMIT_23: 4,
            }
        ),
        Weighted(DEFAULT_COMPOSITIONS),
    ),
    "UKR": Culture(
        "UKR",
        _names(
            "Oleksandr, Mykola, Ihor, Serhii, Yurii, Andrii, Dmytro, Volodymyr, Maksym, Bohdan, Viktor, Roman, "
            "Taras, Yaroslav, Artem, Vasyl, Oleh, Denys, Mykhailo, Pavlo"
        ),
        _names(
            "Olena, Iryna, Nataliia, Tetiana, Svitlana, Oksana, Yuliia, Kateryna, Anastasiia, Mariia, Viktoriia, "
            "Halyna, Liudmyla, Daryna, Sofiia, Alina, Khrystyna, Valentyna, Nadiia, Polina"
        ),
        _names(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Oliinyk, Shevchuk, Polishchuk, Melnyk, "
            "Kovalchuk, Boiko, Marchenko, Lysenko, Rudenko, Savchenko, Petrenko, Honcharenko, Zhuravel, "
            "Hrytsenko, Pavlenko, Moroz, Kushnir, Savytskyi, Biletskyi, Kovalskyi, Zahorodnii, Chornyi"
        ),
        Weighted({"Ukrainisch, Russisch": 60, "Ukrainisch": 20, "Ukrainisch, Englisch": 12, "Russisch": 8}),
        Weighted({S.PERMIT_24: 96, S.SETTLEMENT_PERMIT: 1, S.OTHER: 3}),
        Weighted({"single": 24, "couple": 12, "family": 16, "single_parent": 32, "extended": 12, "siblings": 4}),
        children=FEW_CHILDREN,
        single_male_share=0.35,
        wife_keeps_name=False,
        feminine={
            "Savytskyi": "Savytska",
            "Biletskyi": "Biletska",
            "Kovalskyi": "Kovalska",
            "Zahorodnii": "Zahorodnia",
            "Chornyi": "Chorna",
        },
    ),
    "AFG": Culture(
        "AFG",
        _names(
            "Mohammad, Ahmad, Ali, Reza, Hamid, Jawad, Nasir, Sayed, Habib, Mustafa, Farid, Jawid, Zabihullah, "
            "Rahmatullah, Samiullah, Mohammad Nabi, Abdul Wahid, Naweed, Elyas, Hamidullah"
        ),
        _names(
            "Fatima, Maryam, Zahra, Shabnam, Nazanin, Roya, Masooma, Fariba, Sakina, Malalai, Parwana, Shakila, "
            "Nilofar, Somaya, Freshta, Mursal, Marzia"
        ),
        _names(
            "Ahmadi, Mohammadi, Hussaini, Rahimi, Haidari, Sahebi, Karimi, Noori, Azizi, Jafari, Rasuli, Sultani, "
            "Amiri, Hakimi, Sadat, Stanikzai, Wardak, Popal, Safi, Nazari"
        ),
        Weighted({"Dari": 50, "Paschtu": 25, "Dari, Paschtu": 15, "Dari, Englisch": 10}),
        Weighted(
            {S.PERMIT_25_2: 38, S.PERMIT_25_3: 15, S.GESTATTUNG: 28, S.DULDUNG: 10, S.PERMIT_22: 3, S.PERMIT_23: 6}
        ),
        Weighted(DEFAULT_COMPOSITIONS),
        january_first_share=0.3,
    ),
    "IRQ": Culture(
        "IRQ",
        _names(
            "Mohammed, Ahmed, Ali, Haider, Hussein, Mustafa, Abbas, Sajjad, Karrar, Khider, Hassan, Sherwan, "
            "Dilshad, Azad, Kawa, Murad, Saad, Omar"
        ),
        _names(
            "Zahraa, Noor, Maryam, Zainab, Shaimaa, Hawraa, Nareen, Vian, Shireen, Asmaa, Dunya, Rusul, Bushra, Khawla"
        ),
        _names(
            "Aljuboori, Alsaadi, Khudhur, Hassan, Abbas, Mahmood, Khalaf, Qasim, Salih, Murad, Ilyas, Haji, Rasho, "
            "Khalo, Alobaidi, Kareem"
        ),
        Weighted({"Arabisch": 45, "Kurdisch (Kurmandschi)": 25, "Kurdisch (Sorani)": 15, "Arabisch, Kurdisch": 15}),
        Weighted({S.GESTATTUNG: 35, S.DULDUNG: 22, S.PERMIT_25_2: 28, S.PERMIT_25_3: 5, S.PERMIT_25_5: 10}),
        Weighted(DEFAULT_COMPOSITIONS),
    ),
    "TUR": Culture(
        "TUR",
        _names(
            "Mehmet, Ahmet, Mustafa, Hüseyin, İbrahim, Şervan, Barış, Emre, Murat, Zeki, Ramazan, Ömer, Serhat, "
            "Welat, Cihan, Ercan"
        ),
        _names("Ayşe, Fatma, Zeynep, Emine, Hatice, Elif, Gülistan, Berivan, Rojda, Dilan, Sevda, Merve, Zozan, Hevin"),
        _names(
            "Yılmaz, Kaya, Demir, Çelik, Şahin, Yıldız, Aslan, Doğan, Arslan, Tekin, Kılıç, Özdemir, Akbulut, "
            "Erdem, Güneş, Aydın"
        ),
        Weighted({"Türkisch": 40, "Kurdisch (Kurmandschi), Türkisch": 55, "Türkisch, Englisch": 5}),
        Weighted({S.GESTATTUNG: 65, S.PERMIT_25_2: 15, S.DULDUNG: 15, S.PERMIT_25_5: 5}),
        Weighted({"single": 45, "couple": 10, "family": 30, "single_parent": 5, "extended": 5, "siblings": 5}),
        single_male_share=0.85,
        wife_keeps_name=False,
        turkish_letters=True,
    ),
    "ERI": Culture(
        "ERI",
        _names(
            "Yonas, Semere, Dawit, Merhawi, Filmon, Tesfaldet, Kibrom, Amanuel, Habtom, Mussie, Biniam, Robel, "
            "Yohannes, Tekle, Berhane, Kidane, Mebrahtu, Tsegay, Goitom, Abraham"
        ),
        _names(
            "Senait, Helen, Luwam, Selam, Meron, Rahel, Freweini, Saba, Yordanos, Elsa, Miriam, Winta, Hiwet, Feven, "
            "Ruta, Lidya"
        ),
        _names(
            "Tesfamariam, Gebremedhin, Habte, Weldu, Ghebreyesus, Andemariam, Gebrehiwet, Woldemichael, Tekle, "
            "Berhane, Kidane, Mebrahtu, Tsegay, Yohannes"
        ),
        Weighted({"Tigrinya": 70, "Tigrinya, Englisch": 20, "Tigrinya, Arabisch": 10}),
        Weighted({S.PERMIT_25_2: 65, S.PERMIT_25_1: 10, S.GESTATTUNG: 20, S.PERMIT_25_3: 5}),
        Weighted({"single": 50, "couple": 10, "family": 15, "single_parent": 20, "extended": 2, "siblings": 3}),
        patronymic=True,
    ),
    "IRN": Culture(
        "IRN",
        _names(
            "Mohammad, Ali, Reza, Hossein, Mehdi, Amir, Saeed, Mohsen, Hamid, Majid, Behzad, Arash, Dariush, Babak, "
            "Kourosh, Navid"
        ),
        _names(
            "Fatemeh, Zahra, Maryam, Sara, Negar, Mahsa, Parisa, Shirin, Leila, Nasrin, Azadeh, Elnaz, Samira, Mina"
        ),
        _names(
            "Hosseini, Mohammadi, Ahmadi, Rezaei, Mousavi, Karimi, Jafari, Rahimi, Sadeghi, Abbasi, Ghorbani, "
            "Salehi, Heydari, Nouri, Kazemi, Rostami"
        ),
        Weighted({"Farsi": 55, "Farsi, Englisch": 35, "Farsi, Kurdisch": 10}),
        Weighted({S.GESTATTUNG: 40, S.PERMIT_25_2: 42, S.DULDUNG: 13, S.PERMIT_25_1: 5}),
        Weighted(DEFAULT_COMPOSITIONS),
    ),
}
NATIONALITIES = Weighted({"SYR": 30, "UKR": 22, "AFG": 18, "IRQ": 10, "TUR": 8, "ERI": 7, "IRN": 5})

SOZIALAMT_STATUSES = frozenset({S.GESTATTUNG, S.DULDUNG, S.PERMIT_25_5})
"""Benefits under the AsylbLG, paid by the Sozialamt (domain.md 3.5); every other status: Jobcenter."""
SECTION_12A_STATUSES = frozenset({S.PERMIT_25_1, S.PERMIT_25_2, S.PERMIT_25_3, S.PERMIT_22, S.PERMIT_23})
"""First permits that bind to the Land for three years (§ 12a Abs. 1 AufenthG)."""
SECTION_12A_YEARS = 3


# --------------------------------------------------------------------------------------------------
# Places, streets, banks
# --------------------------------------------------------------------------------------------------

EMSLAND_INHABITANTS = {
    "03454032": 58_000, "03454041": 38_500, "03454035": 36_000, "03454018": 24_000, "03454019": 13_000,
    "03454014": 12_000, "03454057": 10_500, "03454010": 10_000, "03454054": 10_000, "03454049": 9_000,
    "03454047": 8_200, "03454045": 7_800, "03454029": 6_500, "03454011": 5_600, "03454012": 5_200,
    "03454008": 5_000, "03454044": 4_500, "03454021": 4_500, "03454051": 4_500, "03454033": 3_300,
    "03454026": 3_100, "03454005": 3_000, "03454031": 2_800, "03454046": 2_500, "03454002": 2_400,
    "03454020": 2_200, "03454034": 1_900, "03454055": 1_800,
}  # fmt: skip
"""Rounded inhabitants of the larger Emsland municipalities, only to weight where flats and people are."""
DEFAULT_INHABITANTS = 1_200
TOWN_INHABITANTS = 10_000  # an unlisted municipality with town rights ("…, Stadt")
SEAT_INHABITANTS = 30_000  # an unlisted district seat

STREETS = _names(
    "Hauptstraße, Kirchstraße, Bahnhofstraße, Schulstraße, Lindenstraße, Birkenweg, Mühlenstraße, Gartenstraße, "
    "Ringstraße, Feldstraße, Heideweg, Moorstraße, Am Markt, Eschweg, Eichenweg, Buchenweg, Ahornweg, "
    "Rosenstraße, Dorfstraße, Poststraße, Nordstraße, Südstraße, Wiesenweg, Tannenweg, Am Sportplatz, "
    "Kanalstraße, Raiffeisenstraße, Breslauer Straße, Danziger Straße, Kolpingstraße, Sandstraße, Lange Straße, "
    "Wilhelmstraße, Fasanenweg, Drosselweg, Meisenweg, Amselweg, Mozartstraße, Goethestraße, Schillerstraße"
)
ACCOMMODATION_STREETS = _names("Am Bahnhof, Industriestraße, Gewerbestraße, Kasernenstraße, Am Hafen, Lagerstraße")
ACCOMMODATION_KINDS = _names("Gemeinschaftsunterkunft, Sammelunterkunft, Übergangswohnheim, Notunterkunft")
FAR_AWAY = (("Osnabrück", "49074"), ("Münster", "48143"), ("Oldenburg (Oldb)", "26122"), ("Bremen", "28195"),
            ("Düsseldorf", "40213"), ("Hannover", "30159"), ("Nordhorn", "48529"))  # fmt: skip
"""Where landlords who do not live in the district live."""

NATIONAL_BANKS = ("10010010", "50010517", "12030000", "20041155")  # Postbank, ING, DKB, comdirect
REGIONAL_BANKS = {EMSLAND: ("26650001", "26660060", "26661380", "28069994", "28050100")}
"""Bank codes known to schwifty's registry, so the BIC can be filled in as a form would."""

DRAMA_NUMBERS = (("030", "23125"), ("069", "90009"), ("040", "66969"), ("0221", "4710"), ("089", "99998"))
"""Bundesnetzagentur, Mitteilung 148/2021: numbers that stay unassigned, for films, books and demos."""

PERMITTED_RENT_PER_M2 = {1: 560, 2: 580, 3: 580, 4: 610, 5: 610, 6: 610, 7: 610}
"""NBank Belegungsbindung: initial net rent cap in cents per m² by Mietenstufe (domain.md 6, uncertain)."""


@dataclass(frozen=True)
class Town:
    ags: str
    name: str
    official_name: str
    lat: float
    lon: float
    inhabitants: int
    postcode: str

    @property
    def authority_name(self) -> str:
        """'Stadt Meppen' or 'Gemeinde Sögel': the municipality as a landlord."""
        return f"{'Stadt' if ', Stadt' in self.official_name else 'Gemeinde'} {self.name}"


def _km(a: Town, b: Town) -> float:
    """Great-circle distance between two municipalities' reference points."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --------------------------------------------------------------------------------------------------
# Context: the district, its figures and the random source
# --------------------------------------------------------------------------------------------------


@dataclass
class Context:
    """Everything the builders share. Rent caps and areas are looked up once per municipality and size."""

    session: Session
    rng: random.Random
    today: date
    district: M.District
    towns: list[Town]
    barred: list[str]
    min_area_per_person: float
    _town_picker: Weighted[Town] = field(init=False)
    _caps: dict[tuple[str, int], int] = field(default_factory=dict)
    _areas: dict[int, float] = field(default_factory=dict)
    _levels: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._town_picker = Weighted({town: town.inhabitants for town in self.towns})

    @property
    def kreis_key(self) -> str:
        return self.district.kreis_key

    def town(self) -> Town:
        return self._town_picker.pick(self.rng)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def at(self, day: date) -> datetime:
        """A moment in office hours (UTC) on `day`."""
        return datetime(day.year, day.month, day.day, self.rng.randint(7, 14), self.rng.randrange(0, 60, 5), tzinfo=UTC)

    def cap(self, ags: str, size: int) -> int:
        """The KdU cap in cents for a household of `size` persons in municipality `ags` today."""
        key = (ags, size)
        if key not in self._caps:
            found = rent_cap(self.session, ags, size, self.today)
            # A district's own table may lack a municipality: fall back to a plain 8 €/m² of the appropriate area.
            self._caps[key] = found.amount_cents if found else round(self.appropriate_area(size) * 800)
        return self._caps[key]

    def appropriate_area(self, size: int) -> float:
        if size not in self._areas:
            found = appropriate_area_m2(self.session, self.kreis_key, size, self.today)
            self._areas[size] = found if found is not None else 50.0 + 10.0 * (size - 1)
        return self._areas[size]

    def suits(self, living_area_m2: float) -> int:
        """The largest household whose appropriate area the flat reaches (give or take 5 m²)."""
        size = 1
        while size < 8 and self.appropriate_area(size + 1) <= living_area_m2 + 5:
            size += 1
        return size

    def rent_level(self, ags: str) -> int:
        if ags not in self._levels:
            self._levels[ags] = rent_level_on(self.session, ags, self.today) or 1
        return self._levels[ags]

    def phone(self) -> str:
        area, block = self.rng.choice(DRAMA_NUMBERS)
        return f"{area} {block} {self.rng.randint(0, 999):03d}"


def _load_context(session: Session, kreis_key: str, rng: random.Random, today: date) -> Context:
    district = session.get(M.District, kreis_key)
    if district is None:
        raise MatcherError(
            f"Den Kreisschlüssel „{kreis_key}“ gibt es in Niedersachsen nicht. Bitte geben Sie einen "
            "fünfstelligen Kreisschlüssel an, z. B. 03454 für den Landkreis Emsland."
        )
    rules = rules_on(session, kreis_key, today)
    barred: list[str] = []
    if rules is not None:
        query = select(M.DistrictBarredMunicipality.ags).where(M.DistrictBarredMunicipality.rules_id == rules.id)
        barred = sorted(session.exec(query).all())
    min_area = rules.min_area_per_occupant_m2 if rules is not None else 10.0
    return Context(session, rng, today, district, _load_towns(session, district), barred, min_area)


def _load_towns(session: Session, district: M.District) -> list[Town]:
    query = select(M.Municipality).where(M.Municipality.kreis_key == district.kreis_key).order_by(M.Municipality.ags)  # type: ignore[arg-type]
    municipalities = list(session.exec(query).all())
    postcodes: dict[str, str] = {}
    for postcode, ags in session.exec(select(M.Postcode.postcode, M.Postcode.ags).order_by(M.Postcode.postcode)):  # type: ignore[arg-type]
        postcodes.setdefault(ags, postcode)
    located = [m for m in municipalities if m.lat is not None and m.lon is not None]
    mean_lat = sum(m.lat or 0 for m in located) / max(1, len(located))
    mean_lon = sum(m.lon or 0 for m in located) / max(1, len(located))
    towns = [
        Town(
            m.ags,
            m.name,
            m.official_name,
            m.lat if m.lat is not None else mean_lat,
            m.lon if m.lon is not None else mean_lon,
            _inhabitants(m, district),
            postcodes.get(m.ags, ""),
        )
        for m in municipalities
    ]
    return [_with_postcode(town, towns) for town in towns]


def _inhabitants(municipality: M.Municipality, district: M.District) -> int:
    if municipality.ags in EMSLAND_INHABITANTS:
        return EMSLAND_INHABITANTS[municipality.ags]
    if municipality.name == display_name(district.seat):
        return SEAT_INHABITANTS
    return TOWN_INHABITANTS if ", Stadt" in municipality.official_name else DEFAULT_INHABITANTS


def _with_postcode(town: Town, towns: Sequence[Town]) -> Town:
    """Villages share the postcode of a neighbour; the shipped postcode list covers only some places."""
    if town.postcode:
        return town
    known = [t for t in towns if t.postcode]
    if not known:
        return replace(town, postcode="00000")  # no postcode known anywhere in this district
    nearest = min(known, key=lambda t: (_km(town, t), t.ags))
    return replace(town, postcode=nearest.postcode)


# --------------------------------------------------------------------------------------------------
# Landlords
# --------------------------------------------------------------------------------------------------


@dataclass
class LandlordBook:
    """Landlords are made as flats need them: a private owner often lets two or three flats in one place,
    a few housing companies and a citizens' cooperative own many, each municipality is one landlord."""

    ctx: Context
    flat_count: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    _private: dict[str, list[int]] = field(default_factory=dict)
    _companies: list[int] = field(default_factory=list)
    _cooperatives: list[int] = field(default_factory=list)
    _municipal: dict[str, int] = field(default_factory=dict)

    def private(self, town: Town) -> int:
        known = self._private.setdefault(town.ags, [])
        if known and self.ctx.chance(0.35):
            return self.ctx.rng.choice(known)
        known.append(self._add(_private_landlord(self.ctx, town)))
        return known[-1]

    def company(self) -> int:
        wanted = min(12, max(3, round(self.flat_count / 400)))
        if len(self._companies) < wanted and (not self._companies or self.ctx.chance(0.3)):
            self._companies.append(self._add(_company(self.ctx, len(self._companies))))
        # Larger companies first: the first one founded owns the most flats.
        weights = {index: 1.0 / (rank + 1) for rank, index in enumerate(self._companies)}
        return Weighted(weights).pick(self.ctx.rng)

    def cooperative(self) -> int:
        wanted = max(1, round(self.flat_count / 5000))
        if len(self._cooperatives) < wanted and (not self._cooperatives or self.ctx.chance(0.2)):
            self._cooperatives.append(self._add(_cooperative(self.ctx, len(self._cooperatives))))
        return self.ctx.rng.choice(self._cooperatives)

    def municipality(self, town: Town) -> int:
        if town.ags not in self._municipal:
            self._municipal[town.ags] = self._add(_municipal_landlord(self.ctx, town))
        return self._municipal[town.ags]

    def _add(self, row: dict[str, Any]) -> int:
        self.rows.append(row)
        return len(self.rows) - 1


def german_iban(bank_code: str, account: int) -> str:
    """A German IBAN with its ISO 13616 check digits (98 − BBAN·"DE00" mod 97).

    Computed here rather than with schwifty's `IBAN.generate`, which costs a registry lookup per account;
    every IBAN still passes schwifty's check in `_checked_landlord`, as the landlord form's would.
    """
    bban = f"{bank_code}{account:010d}"
    return f"DE{98 - int(bban + '131400') % 97:02d}{bban}"


@cache
def _bic(bank_code: str) -> str:
    """The bank's BIC from schwifty's registry, looked up once per bank."""
    bic = IBAN(german_iban(bank_code, 1)).bic
    return str(bic) if bic else ""


def _iban(ctx: Context, banks: Sequence[str]) -> tuple[str, str]:
    bank_code = ctx.rng.choice(banks)
    return german_iban(bank_code, ctx.rng.randrange(10**7, 10**10)), _bic(bank_code)


def _banks(ctx: Context) -> tuple[str, ...]:
    return REGIONAL_BANKS.get(ctx.kreis_key, ()) + NATIONAL_BANKS


def _german_name(ctx: Context, sex: E.Sex | None = None) -> str:
    female = sex == E.Sex.FEMALE if sex is not None else ctx.chance(0.5)
    given = ctx.rng.choice(GERMAN_FEMALE if female else GERMAN_MALE)
    return f"{given} {ctx.rng.choice(GERMAN_FAMILY)}"


def _address(ctx: Context, town: Town) -> dict[str, str]:
    return {
        "street": f"{ctx.rng.choice(STREETS)} {_house_number(ctx)}",
        "postcode": town.postcode,
        "city": town.name,
    }


def _house_number(ctx: Context) -> str:
    number = str(ctx.rng.randint(1, 120))
    return number + ctx.rng.choice("ab") if ctx.chance(0.08) else number


UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _slug(text: str) -> str:
    """'Jürgen Brüning' → 'juergen-bruening', 'Şahin' → 'sahin': for invented e-mail addresses."""
    folded = unicodedata.normalize("NFKD", text.translate(UMLAUTS)).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in folded.lower()).split())


def _landlord(
    ctx: Context, kind: E.LandlordKind, name: str, banks: Sequence[str] = (), **fields: str
) -> dict[str, Any]:
    iban, bic = _iban(ctx, banks or _banks(ctx))
    return {
        "kind": kind,
        "name": name,
        "iban": iban,
        "bic": bic,
        "account_holder": name,
        "phone": ctx.phone(),
        "email": f"{_slug(name).replace('-', '.')}@example.org",
        **fields,
    }


def _private_landlord(ctx: Context, town: Town) -> dict[str, Any]:
    name = _german_name(ctx)
    if ctx.chance(0.06):
        name = f"Erbengemeinschaft {name.split()[-1]}"
    roll = ctx.rng.random()
    if roll < 0.6:
        address = _address(ctx, town)
    elif roll < 0.85:
        address = _address(ctx, ctx.town())
    else:
        city, postcode = ctx.rng.choice(FAR_AWAY)
        address = {"street": f"{ctx.rng.choice(STREETS)} {_house_number(ctx)}", "postcode": postcode, "city": city}
    return _landlord(ctx, E.LandlordKind.PRIVATE, name, **address)


def _company(ctx: Context, number: int) -> dict[str, Any]:
    district, town = ctx.district.name, ctx.town()
    templates = (
        f"Wohnungsbaugesellschaft {district} mbH",
        f"{town.name} Wohnen GmbH",
        "Nordwest Immobilienverwaltung GmbH & Co. KG",
        f"Hausverwaltung {ctx.rng.choice(GERMAN_FAMILY)} GmbH",
        f"Kreissiedlung {district} GmbH",
        f"{ctx.rng.choice(GERMAN_FAMILY)} & {ctx.rng.choice(GERMAN_FAMILY)} Grundbesitz GbR",
    )
    # Beyond the fixed names, only templates with a random town or family name: names stay distinct.
    name = templates[number] if number < len(templates) else templates[1 + 2 * (number % 3)]
    representative = f"{_german_name(ctx)} (Geschäftsführung)"
    return _landlord(ctx, E.LandlordKind.COMPANY, name, representative=representative, **_address(ctx, town))


def _cooperative(ctx: Context, number: int) -> dict[str, Any]:
    town = ctx.town()
    name = f"{'Bürgergenossenschaft' if number == 0 else 'Wohnungsgenossenschaft'} {town.name} eG"
    notes = "Vermietet an Geflüchtete und Einheimische mit geringem Einkommen; Dauernutzungsverträge."
    representative = f"Vorstand: {_german_name(ctx)}, {_german_name(ctx)}"
    return _landlord(
        ctx, E.LandlordKind.COOPERATIVE, name, representative=representative, notes=notes, **_address(ctx, town)
    )


def _municipal_landlord(ctx: Context, town: Town) -> dict[str, Any]:
    banks = REGIONAL_BANKS.get(ctx.kreis_key, NATIONAL_BANKS)[:1]
    address = {"street": "Rathausplatz 1", "postcode": town.postcode, "city": town.name}
    representative = "Der Bürgermeister" if ctx.chance(0.6) else "Die Bürgermeisterin"
    return _landlord(
        ctx, E.LandlordKind.MUNICIPALITY, town.authority_name, representative=representative, banks=banks, **address
    )


# --------------------------------------------------------------------------------------------------
# Flats
# --------------------------------------------------------------------------------------------------

FLAT_KINDS = {"company": 0.30, "cooperative": 0.06, "municipal": 0.05, "head_lease": 0.08}
"""Shares of flats by who lets them; the rest are let by private owners. `head_lease`: the municipality
rents the flat from a private owner (Generalmietvertrag) and sub-lets it."""
FUNDED_SHARE = 0.12
BLOCKED_SHARE = 0.04
ROOMS = Weighted({1.0: 12, 2.0: 27, 2.5: 4, 3.0: 28, 3.5: 3, 4.0: 17, 5.0: 9})
PRIVATE_FLOORS = Weighted({0: 50, 1: 33, 2: 12, -1: 3, 3: 2})  # mostly small houses; -1: Souterrain
AREA_BY_ROOMS = {1: (35, 45), 2: (45, 66), 3: (60, 85), 4: (75, 100), 5: (88, 110)}
HEATING = Weighted(
    {
        (E.HeatingType.CENTRAL, E.HeatingFuel.GAS): 38,
        (E.HeatingType.CENTRAL, E.HeatingFuel.OIL): 12,
        (E.HeatingType.CENTRAL, E.HeatingFuel.HEAT_PUMP): 8,
        (E.HeatingType.CENTRAL, E.HeatingFuel.WOOD): 4,
        (E.HeatingType.FLOOR, E.HeatingFuel.GAS): 16,
        (E.HeatingType.DISTRICT, E.HeatingFuel.DISTRICT_HEATING): 9,
        (E.HeatingType.ELECTRIC, E.HeatingFuel.ELECTRICITY): 5,
        (E.HeatingType.STOVE, E.HeatingFuel.WOOD): 3,
        (E.HeatingType.OTHER, E.HeatingFuel.OTHER): 1,
    }
)
DEPOSIT_MONTHS = {
    "private": Weighted({3: 5, 2: 3, 0: 2}),
    "company": Weighted({3: 4, 2: 5, 1: 1}),
    "municipal": Weighted({0: 3, 1: 1}),
    "head_lease": Weighted({0: 3, 1: 1}),
    "cooperative": Weighted({0: 1}),  # shares instead of a deposit
}
FLAT_NOTES = (
    "Besichtigung nach Absprache mit dem Hausmeister.",
    "Garten zur Mitbenutzung.",
    "Waschmaschinenanschluss im Keller.",
    "Nähe Bushaltestelle, Einkauf fußläufig.",
    "Frisch renoviert, Laminat in allen Zimmern.",
    "Vermieter wünscht Kontakt über die Gemeinde.",
)


class StatusChange(NamedTuple):
    status: E.FlatStatus
    at: datetime
    note: str
    user: str = CASEWORKERS[0]


@dataclass
class FlatPlan:
    """A flat before it is written: its row (FlatBase fields), and what the planners need to know."""

    row: dict[str, Any]
    town: Town
    kind: str
    landlord: int
    owner: int | None
    suits: int
    listed_on: date
    status_changes: list[StatusChange] = field(default_factory=list)

    @property
    def gross_cold_cents(self) -> int:
        return int(self.row["net_rent_cents"] + self.row["operating_costs_cents"])


def _deck(rng: random.Random, count: int, shares: Mapping[str, float], rest: str) -> list[str]:
    """Exactly `share × count` of each kind (at least one), the rest of kind `rest`, shuffled.

    Exact quotas instead of independent draws: even 30 flats get a head lease and a cooperative flat.
    """
    deck = [kind for kind, share in shares.items() for _ in range(max(1, round(share * count)))]
    deck += [rest] * max(0, count - len(deck))
    rng.shuffle(deck)
    return deck[:count]


def _make_flats(ctx: Context, count: int, book: LandlordBook) -> list[FlatPlan]:
    kinds = _deck(ctx.rng, count, FLAT_KINDS, "private")
    funded = _deck(ctx.rng, count, {"yes": FUNDED_SHARE}, "no")
    blocked = _deck(ctx.rng, count, {"yes": BLOCKED_SHARE}, "no")
    return [_make_flat(ctx, book, kinds[i], funded[i] == "yes", blocked[i] == "yes") for i in range(count)]


def _make_flat(ctx: Context, book: LandlordBook, kind: str, funded: bool, blocked: bool) -> FlatPlan:
    town = ctx.town()
    landlord, owner = _flat_landlord(book, kind, town)
    row: dict[str, Any] = {"ags": town.ags, "postcode": town.postcode}
    row.update(_layout(ctx, kind))
    suits = ctx.suits(row["living_area_m2"])
    row.update(_costs(ctx, kind, town, row["living_area_m2"], suits))
    if funded:
        row.update(_funding(ctx, town, row))
    # After the funding cut: the deposit is a multiple of the final net rent (§ 551 BGB: at most three).
    row["deposit_cents"] = DEPOSIT_MONTHS[kind].pick(ctx.rng) * row["net_rent_cents"]
    row.update(_equipment(ctx, kind, row["floor"]))
    row.update(_energy(ctx, kind))
    if kind == "head_lease":
        row.update(_head_lease(ctx, row))
    listed_on = ctx.days_ago(10, 420)
    row["available_from"] = listed_on + timedelta(days=ctx.rng.randint(0, 120))
    if blocked:  # under renovation: ready some weeks from now
        row["available_from"] = ctx.today + timedelta(days=ctx.rng.randint(14, 150))
    row["status"] = E.FlatStatus.BLOCKED if blocked else E.FlatStatus.AVAILABLE
    row["notes"] = _flat_notes(ctx, blocked, row["available_from"])
    row["landlord_reference"] = f"WE-{ctx.rng.randint(1, 9999):04d}" if kind in ("company", "cooperative") else ""
    plan = FlatPlan(row, town, kind, landlord, owner, suits, listed_on)
    plan.status_changes.append(StatusChange(E.FlatStatus.AVAILABLE, ctx.at(listed_on), CREATED_NOTE))
    if blocked:
        plan.status_changes.append(
            StatusChange(E.FlatStatus.BLOCKED, ctx.at(listed_on + timedelta(days=1)), "Renovierung")
        )
    return plan


def _flat_landlord(book: LandlordBook, kind: str, town: Town) -> tuple[int, int | None]:
    if kind == "company":
        return book.company(), None
    if kind == "cooperative":
        return book.cooperative(), None
    if kind == "municipal":
        return book.municipality(town), None
    if kind == "head_lease":
        return book.municipality(town), book.private(town)
    return book.private(town), None


def _layout(ctx: Context, kind: str) -> dict[str, Any]:
    rooms = ROOMS.pick(ctx.rng)
    low, high = AREA_BY_ROOMS[int(rooms)]
    area = ctx.rng.uniform(low, high)
    # Areas by the Wohnflächenverordnung come to two decimals; many adverts round to half metres.
    living_area = round(area, 2) if ctx.chance(0.3) else round(area * 2) / 2
    if kind == "company":
        floor = ctx.rng.randint(0, 4)
    elif kind == "cooperative":
        floor = ctx.rng.randint(0, 2)
    else:
        floor = PRIVATE_FLOORS.pick(ctx.rng)
    flat_number = f"{max(floor, 0)}.{ctx.rng.randint(1, 4)}" if kind in ("company", "cooperative") else ""
    return {
        "street": ctx.rng.choice(STREETS),
        "house_number": _house_number(ctx),
        "floor": floor,
        "flat_number": flat_number,
        "living_area_m2": living_area,
        "rooms": rooms,
        "bedrooms": max(0, int(rooms) - 1),
        "max_occupants": int(min(living_area // 10, rooms * 2)) if ctx.chance(0.15) else None,
    }


def _costs(ctx: Context, kind: str, town: Town, living_area: float, suits: int) -> dict[str, Any]:
    """Gross cold rent around the cap for the household size the flat suits: most below, some above.

    The municipality and the cooperative take only flats whose rent the benefit office will pay.
    """
    within_only = kind in ("municipal", "head_lease", "cooperative")
    above = not within_only and ctx.chance(0.28)
    factor = ctx.rng.uniform(1.01, 1.25) if above else ctx.rng.uniform(0.80, 0.995)
    gross = ctx.cap(town.ags, suits) * factor
    operating = round(living_area * ctx.rng.uniform(1.4, 2.4)) * 100
    net = max(round(living_area * 4.5) * 100, int(gross - operating) // 100 * 100)
    heating_type, fuel = HEATING.pick(ctx.rng)
    per_m2 = ctx.rng.uniform(1.8, 2.4) if heating_type == E.HeatingType.ELECTRIC else ctx.rng.uniform(0.9, 1.7)
    row: dict[str, Any] = {
        "net_rent_cents": net,
        "operating_costs_cents": operating,
        "heating_costs_cents": round(living_area * per_m2 / 5) * 500,
        "heating_type": heating_type,
        "heating_fuel": fuel,
        "hot_water_central": heating_type in (E.HeatingType.CENTRAL, E.HeatingType.DISTRICT) and ctx.chance(0.85),
    }
    if kind == "cooperative":
        row["cooperative_shares"] = ctx.rng.randint(2, 6)
        row["cooperative_share_cents"] = ctx.rng.choice((25_000, 50_000))
    if ctx.chance(0.12):
        row["surcharges_cents"] = ctx.rng.choice((2_500, 3_000, 4_000, 5_000))
        row["has_parking"] = True
    return row


def _funding(ctx: Context, town: Town, row: Mapping[str, Any]) -> dict[str, Any]:
    """An NBank binding: occupancy and rent binding (net rent capped per m²) or a modernisation loan."""
    if ctx.chance(0.7):
        years = ctx.rng.choice((5, 10))
        per_m2 = PERMITTED_RENT_PER_M2[ctx.rent_level(town.ags)]
        limit = int(per_m2 * row["living_area_m2"]) // 100 * 100
        return {
            "funded": True,
            "funding_programme": f"NBank: Erwerb von Belegungs- und Mietbindungen ({years} Jahre)",
            "binding_end": ctx.today + timedelta(days=ctx.rng.randint(60, years * 365)),
            "permitted_rent_cents_per_m2": per_m2,
            "wbs_required": True,
            "net_rent_cents": min(row["net_rent_cents"], limit),
        }
    return {
        "funded": True,
        "funding_programme": "NBank: Modernisierungsdarlehen Mietwohnungen",
        "binding_end": ctx.today + timedelta(days=ctx.rng.randint(365, 15 * 365)),
        "wbs_required": ctx.chance(0.5),
    }


def _equipment(ctx: Context, kind: str, floor: int) -> dict[str, Any]:
    elevator = floor >= 2 and ctx.chance(0.5 if kind in ("company", "cooperative") else 0.1)
    step_free = elevator or (floor == 0 and ctx.chance(0.45 if kind == "cooperative" else 0.25))
    return {
        "elevator": elevator,
        "step_free": step_free,
        "wheelchair_accessible": step_free and ctx.chance(0.15),
        "fitted_kitchen": ctx.chance(0.5),
        "has_cellar": ctx.chance(0.5),
        "pets_allowed": ctx.chance(0.3),
        "smoke_detectors": ctx.chance(0.97),
    }


def _energy(ctx: Context, kind: str) -> dict[str, Any]:
    """Every flat on offer has an energy certificate (§ 80 GEG), and the lease must name it."""
    kwh = round(ctx.rng.uniform(30, 120) if kind == "cooperative" else ctx.rng.uniform(45, 260), 1)
    bounds = ((30, "A+"), (50, "A"), (75, "B"), (100, "C"), (130, "D"), (160, "E"), (200, "F"), (250, "G"))
    energy_class = next((label for bound, label in bounds if kwh < bound), "H")
    kind_label = ctx.rng.choice(("Verbrauchsausweis", "Bedarfsausweis"))
    return {"energy_certificate_kind": kind_label, "energy_kwh_per_m2": kwh, "energy_class": energy_class}


def _head_lease(ctx: Context, row: Mapping[str, Any]) -> dict[str, Any]:
    """The municipality pays the owner rent and advances every month, whether the flat is occupied or not."""
    start = ctx.days_ago(30, 1100)
    end = start + timedelta(days=365 * ctx.rng.choice((5, 10))) if ctx.chance(0.5) else None
    notice = None
    if end is None and ctx.chance(0.3):
        notice = ctx.today + timedelta(days=ctx.rng.randint(60, 700))
    cost = row["net_rent_cents"] + row["operating_costs_cents"] + row["heating_costs_cents"]
    return {
        "head_lease_start": start,
        "head_lease_end": end,
        "head_lease_notice_date": notice,
        "head_lease_monthly_cost_cents": cost,
    }


def _flat_notes(ctx: Context, blocked: bool, available_from: date) -> str:
    if blocked:
        return f"Renovierung, voraussichtlich bezugsfertig ab {available_from:%d.%m.%Y}."
    return ctx.rng.choice(FLAT_NOTES) if ctx.chance(0.2) else ""


# --------------------------------------------------------------------------------------------------
# Households and their members
# --------------------------------------------------------------------------------------------------

GERMAN_LEVELS_ADULT = Weighted(
    {None: 8, E.GermanLevel.NONE: 18, E.GermanLevel.A1: 30, E.GermanLevel.A2: 24, E.GermanLevel.B1: 14,
     E.GermanLevel.B2: 5, E.GermanLevel.C1: 1}
)  # fmt: skip
GERMAN_LEVELS_CHILD = Weighted({E.GermanLevel.A2: 2, E.GermanLevel.B1: 4, E.GermanLevel.B2: 3, E.GermanLevel.C1: 1})
GERMAN_LEVELS_ELDERLY = Weighted({E.GermanLevel.NONE: 6, E.GermanLevel.A1: 3, E.GermanLevel.A2: 1})
URGENCY = Weighted({E.Urgency.NORMAL: 78, E.Urgency.HIGH: 17, E.Urgency.URGENT: 5})
HOUSEHOLD_NOTES = (
    "Kinder besuchen die Schule am Ort; Umzug möglichst in der Nähe.",
    "Arbeitsaufnahme in Aussicht.",
    "Ausbildungsplatz ab dem Sommer zugesagt.",
    "Termine bitte über die Patin abstimmen.",
    "Dolmetscher für Besichtigungen erforderlich.",
)
ORGANISATIONS = {
    E.ContactRole.INTERPRETER: "Sprachmittlerpool {district}",
    E.ContactRole.VOLUNTEER_SPONSOR: "Ehrenamtskreis Asyl {town}",
    E.ContactRole.SOCIAL_WORKER: "Migrationsberatung {district}",
}


@dataclass
class Person:
    relationship: E.Relationship
    sex: E.Sex
    age: int


@dataclass
class HouseholdPlan:
    row: dict[str, Any]
    members: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    wishes: list[tuple[str, E.WishKind]]
    barred: list[str]
    created: datetime

    @property
    def size(self) -> int:
        return len(self.members)


def _composition(ctx: Context, culture: Culture) -> tuple[str, list[Person]]:
    kind = culture.compositions.pick(ctx.rng)
    rng = ctx.rng
    rel = E.Relationship
    if kind == "single":
        sex = E.Sex.MALE if ctx.chance(culture.single_male_share) else E.Sex.FEMALE
        return kind, [Person(rel.APPLICANT, sex, int(rng.triangular(18, 70, 26)))]
    if kind == "siblings":
        age = rng.randint(18, 30)
        siblings = [Person(rel.SIBLING, _sex(ctx), rng.randint(16, 30)) for _ in range(rng.randint(1, 2))]
        return kind, [Person(rel.APPLICANT, _sex(ctx), age), *siblings]
    if kind == "single_parent":
        sex = E.Sex.FEMALE if ctx.chance(0.85) else E.Sex.MALE
        parent = Person(rel.APPLICANT, sex, rng.randint(21, 48))
        return kind, [parent, *_children(ctx, parent.age, rng.randint(1, 4))]
    applicant_male = ctx.chance(0.88)
    applicant = Person(rel.APPLICANT, E.Sex.MALE if applicant_male else E.Sex.FEMALE, rng.randint(22, 55))
    if kind == "couple":
        applicant.age = rng.randint(20, 72)
    partner_age = max(18, applicant.age + rng.randint(-7, 3 if applicant_male else 8))
    partner = Person(rel.PARTNER, E.Sex.FEMALE if applicant_male else E.Sex.MALE, partner_age)
    people = [applicant, partner]
    if kind == "couple":
        return kind, people
    count = culture.children.pick(rng) if kind == "family" else rng.randint(1, 4)
    people += _children(ctx, min(applicant.age, partner.age), count)
    if kind == "extended":
        grandparent_age = min(88, applicant.age + rng.randint(20, 32))
        people.append(Person(rel.PARENT, E.Sex.FEMALE if ctx.chance(0.65) else E.Sex.MALE, grandparent_age))
        if ctx.chance(0.4):
            people.append(Person(rel.SIBLING, _sex(ctx), rng.randint(16, 30)))
    return kind, people


def _sex(ctx: Context) -> E.Sex:
    return E.Sex.MALE if ctx.chance(0.55) else E.Sex.FEMALE


def _children(ctx: Context, parent_age: int, count: int) -> list[Person]:
    """Children oldest first, born one to four years apart, the oldest when the parent was 18 or older."""
    oldest = max(0, min(17, parent_age - 18))
    age = ctx.rng.randint(min(oldest, 2 * (count - 1)), oldest)
    children: list[Person] = []
    while len(children) < count and age >= 0:
        children.append(Person(E.Relationship.CHILD, _sex(ctx), age))
        age -= SIBLING_GAP.pick(ctx.rng)
    return children


def _as_written(name: str, culture: Culture, capitals: bool) -> str:
    """Names as the passport prints them (capitals) or as a caseworker typed them (mixed case)."""
    if not capitals:
        return name
    if culture.turkish_letters:
        name = name.replace("i", "İ").replace("ı", "I")
    return name.upper()


def _family_names(ctx: Context, culture: Culture, people: Sequence[Person]) -> list[tuple[str, str]]:
    """(given name, family name) for each person, following the naming customs of the nationality."""
    rng = ctx.rng
    given = [rng.choice(culture.female if p.sex == E.Sex.FEMALE else culture.male) for p in people]
    family = rng.choice(culture.family)
    partner_family = rng.choice(culture.family) if culture.wife_keeps_name else family
    father = next((g for g, p in zip(given, people, strict=True) if p.sex == E.Sex.MALE and p.age >= 18), None)
    father = father or rng.choice(culture.male)
    names = []
    for person, first in zip(people, given, strict=True):
        last = family
        if person.relationship == E.Relationship.PARTNER:
            last = partner_family
        elif culture.patronymic and person.relationship == E.Relationship.CHILD:
            last = father
        elif culture.patronymic and person.relationship == E.Relationship.PARENT:
            last = rng.choice(culture.family)
        if person.sex == E.Sex.FEMALE:
            last = culture.feminine.get(last, last)
        names.append((first, last))
    return names


def _birth(ctx: Context, culture: Culture, age: int) -> tuple[date | None, int | None]:
    """Birth date, or only the year, or nothing: registers record what the papers say, never a guess."""
    today = ctx.today
    born = date(today.year - age, today.month, min(today.day, 28)) - timedelta(days=ctx.rng.randint(0, 364))
    roll = ctx.rng.random()
    if roll < 0.01:
        return None, None
    if roll < 0.04:
        return None, born.year
    if roll < 0.04 + culture.january_first_share:
        return date(born.year, 1, 1), None
    return born, None


def _german_level(ctx: Context, age: int) -> E.GermanLevel | None:
    if age < 6:
        return None
    if age < 18:
        return GERMAN_LEVELS_CHILD.pick(ctx.rng)
    return (GERMAN_LEVELS_ELDERLY if age >= 60 else GERMAN_LEVELS_ADULT).pick(ctx.rng)


def _members(ctx: Context, culture: Culture, people: Sequence[Person], languages: str) -> list[dict[str, Any]]:
    capitals = ctx.chance(0.45)
    members = []
    for position, (person, (given, family)) in enumerate(zip(people, _family_names(ctx, culture, people), strict=True)):
        birth_date, birth_year = _birth(ctx, culture, person.age)
        level = _german_level(ctx, person.age)
        spoken = (
            languages + ", Deutsch" if level in (E.GermanLevel.B1, E.GermanLevel.B2, E.GermanLevel.C1) else languages
        )
        members.append(
            {
                "given_name": _as_written(given, culture, capitals),
                "family_name": _as_written(family, culture, capitals),
                "birth_date": birth_date,
                "birth_year": birth_year,
                "sex": person.sex,
                "relationship": person.relationship,
                "nationality": culture.code,
                "languages": spoken,
                "german_level": level,
                "position": position,
            }
        )
    return members


def _accommodations(ctx: Context, households: int) -> Weighted[tuple[str, Town]]:
    """The district's collective accommodation: a few sites in the larger towns."""
    count = min(len(ctx.towns), max(2, min(8, households // 60)))
    largest = sorted(ctx.towns, key=lambda t: (-t.inhabitants, t.ags))[:count]
    sites = {}
    for number, town in enumerate(largest):
        kind = ACCOMMODATION_KINDS[number % len(ACCOMMODATION_KINDS)]
        street = ACCOMMODATION_STREETS[number % len(ACCOMMODATION_STREETS)]
        sites[(f"{kind} {town.name}, {street} {ctx.rng.randint(1, 40)}", town)] = float(town.inhabitants)
    return Weighted(sites)


def _make_households(ctx: Context, count: int, first_number: int) -> list[HouseholdPlan]:
    sites = _accommodations(ctx, count)
    return [_make_household(ctx, sites, first_number + index) for index in range(count)]


def _make_household(ctx: Context, sites: Weighted[tuple[str, Town]], number: int) -> HouseholdPlan:
    culture = CULTURES[NATIONALITIES.pick(ctx.rng)]
    kind, people = _composition(ctx, culture)
    members = _members(ctx, culture, people, culture.languages.pick(ctx.rng))
    site, site_town = sites.pick(ctx.rng)
    accommodated_since = ctx.days_ago(14, 900)
    registered_on = min(ctx.today, accommodated_since + timedelta(days=ctx.rng.randint(0, 60)))
    status = culture.statuses.pick(ctx.rng)
    row: dict[str, Any] = {
        "case_number": f"50.3-{number:05d}/{registered_on.year}",
        "current_accommodation": site,
        "accommodation_ags": site_town.ags,
        "accommodated_since": accommodated_since,
        "registered_on": registered_on,
        "needed_from": ctx.today + timedelta(days=ctx.rng.randint(0, 120)) if ctx.chance(0.25) else None,
        "residence_status": status,
        "single_parent": kind == "single_parent",
        "phone": ctx.phone() if ctx.chance(0.4) else "",
    }
    row.update(_residence(ctx, status))
    row.update(_needs(ctx, people))
    row.update(_standing(ctx))
    barred = list(ctx.barred) if row["obligation_scope"] == E.ObligationScope.LAND else []
    contacts = _contacts(ctx, culture, site_town)
    return HouseholdPlan(row, members, contacts, _wishes(ctx, site_town), barred, ctx.at(registered_on))


def _residence(ctx: Context, status: E.ResidenceStatus) -> dict[str, Any]:
    """Permit date, residence obligation and paying authority consistent with the status (domain.md 3)."""
    scope, kreis_key, until, issued = E.ObligationScope.NONE, None, None, None
    if status in (S.GESTATTUNG, S.DULDUNG):
        scope, kreis_key = E.ObligationScope.DISTRICT, ctx.kreis_key  # § 60 AsylG, § 61 Abs. 1d AufenthG
    elif status == S.PERMIT_24:
        issued = date(2022, 3, 4) + timedelta(days=ctx.rng.randint(0, (ctx.today - date(2022, 3, 4)).days))
        scope, kreis_key = E.ObligationScope.DISTRICT, ctx.kreis_key  # § 24 Abs. 5 AufenthG
    elif status in SECTION_12A_STATUSES:
        issued = ctx.days_ago(20, 1800)
        ends = date(issued.year + SECTION_12A_YEARS, issued.month, min(issued.day, 28))
        if ends > ctx.today:
            scope, until = E.ObligationScope.LAND, ends
    elif status == S.PERMIT_25_5:
        issued = ctx.days_ago(20, 1500)
        if ctx.chance(0.5):  # § 12 Abs. 2 AufenthG, while benefits are drawn
            scope, kreis_key = E.ObligationScope.DISTRICT, ctx.kreis_key
    elif status == S.SETTLEMENT_PERMIT:
        issued = ctx.days_ago(100, 1500)
    authority = E.PayingAuthority.SOZIALAMT if status in SOZIALAMT_STATUSES else E.PayingAuthority.JOBCENTER
    return {
        "permit_issued_on": issued,
        "obligation_scope": scope,
        "obligation_kreis_key": kreis_key,
        "obligation_until": until,
        "paying_authority": authority,
        "has_wbs": status not in SOZIALAMT_STATUSES and ctx.chance(0.25),
    }


def _needs(ctx: Context, people: Sequence[Person]) -> dict[str, Any]:
    oldest = max(p.age for p in people)
    wheelchair = ctx.chance(0.01)
    vulnerable = ctx.chance(0.1) or oldest >= 75
    return {
        "needs_wheelchair": wheelchair,
        "needs_no_stairs": wheelchair or ctx.chance(0.02 if oldest < 65 else 0.3),
        "needs_ground_floor": ctx.chance(0.03),
        "needs_extra_room": ctx.chance(0.02),
        "has_disability": wheelchair or ctx.chance(0.04),
        "has_pets": ctx.chance(0.03),
        "has_car": ctx.chance(0.08),
        "vulnerable": vulnerable,
        "urgency": E.Urgency.HIGH if vulnerable and ctx.chance(0.5) else URGENCY.pick(ctx.rng),
    }


def _standing(ctx: Context) -> dict[str, Any]:
    roll = ctx.rng.random()
    if roll < 0.03:
        until = ctx.today + timedelta(days=ctx.rng.randint(14, 120))
        return {"status": E.HouseholdStatus.PARKED, "parked_until": until, "notes": "Zurückgestellt auf Wunsch."}
    if roll < 0.05:
        return {"status": E.HouseholdStatus.WITHDRAWN, "notes": "Selbst eine Wohnung gefunden."}
    notes = ctx.rng.choice(HOUSEHOLD_NOTES) if ctx.chance(0.15) else ""
    return {"status": E.HouseholdStatus.WAITING, "notes": notes}


def _wishes(ctx: Context, home: Town) -> list[tuple[str, E.WishKind]]:
    wishes: dict[tuple[str, E.WishKind], None] = {}
    if ctx.chance(0.35):
        wishes[(home.ags, E.WishKind.PREFERRED)] = None
        if ctx.chance(0.4):
            wishes[(ctx.town().ags, E.WishKind.PREFERRED)] = None
    for kind, share in ((E.WishKind.RELATIVES, 0.12), (E.WishKind.WORK, 0.08), (E.WishKind.EXCLUDED, 0.06)):
        if ctx.chance(share):
            wishes[(ctx.town().ags, kind)] = None
    preferred = {ags for ags, kind in wishes if kind == E.WishKind.PREFERRED}
    return [(ags, kind) for ags, kind in wishes if not (kind == E.WishKind.EXCLUDED and ags in preferred)]


def _contacts(ctx: Context, culture: Culture, town: Town) -> list[dict[str, Any]]:
    contacts = []
    for role, share in ((E.ContactRole.INTERPRETER, 0.25), (E.ContactRole.VOLUNTEER_SPONSOR, 0.25),
                        (E.ContactRole.SOCIAL_WORKER, 0.1)):  # fmt: skip
        if not ctx.chance(share):
            continue
        if role == E.ContactRole.INTERPRETER:
            sex = _sex(ctx)
            given = ctx.rng.choice(culture.female if sex == E.Sex.FEMALE else culture.male)
            name = f"{given} {ctx.rng.choice(culture.family)}"
        else:
            name = _german_name(ctx)
        consent = ctx.chance(0.7)
        contacts.append(
            {
                "role": role,
                "name": name,
                "organisation": ORGANISATIONS[role].format(district=ctx.district.name, town=town.name),
                "phone": ctx.phone(),
                "email": f"{_slug(name).replace('-', '.')}@example.org",
                "consent_to_share": consent,
                "consent_date": ctx.days_ago(0, 300) if consent else None,
            }
        )
    return contacts


# --------------------------------------------------------------------------------------------------
# Placements: every workflow state, with the statuses each state implies
# --------------------------------------------------------------------------------------------------

P = E.PlacementState
FORWARD = (P.PROPOSED, P.OFFERED, P.VIEWING, P.ACCEPTED, P.LEASE_DRAFTED, P.SIGNED, P.MOVED_IN)
STATE_SHARES = {
    P.MOVED_IN: 0.10, P.DECLINED: 0.05, P.PROPOSED: 0.04, P.OFFERED: 0.03, P.VIEWING: 0.025,
    P.ACCEPTED: 0.02, P.LEASE_DRAFTED: 0.015, P.SIGNED: 0.015, P.CANCELLED: 0.015,
}  # fmt: skip
"""Placements per household in each final state. The first placement of each state is planned before any
second one, so even a small demo shows every state."""
LAST_STEP_AGE = {P.MOVED_IN: (3, 400), P.DECLINED: (2, 250), P.CANCELLED: (2, 250)}
"""How many days ago the last step happened; open placements moved within the last two weeks."""
RESERVING = frozenset({P.ACCEPTED, P.LEASE_DRAFTED, P.SIGNED})
OFFERING = frozenset({P.OFFERED, P.VIEWING, P.ACCEPTED, P.LEASE_DRAFTED, P.SIGNED})
PREFERRED_KIND = {P.MOVED_IN: "head_lease", P.SIGNED: "cooperative", P.ACCEPTED: "head_lease"}
"""The first placement in these states goes to a flat of this kind, so the sub-lease (with the
Generalmietvertrag) and the Dauernutzungsvertrag can be printed from the demo too."""
EVENT_NOTES = {
    P.PROPOSED: "Vorschlag aus der Zuordnung",
    P.OFFERED: "Wohnungsangebot an den Haushalt übermittelt",
    P.VIEWING: "Besichtigungstermin vereinbart",
    P.ACCEPTED: "Haushalt hat zugesagt",
    P.LEASE_DRAFTED: "Vertrag entworfen",
    P.SIGNED: "Vertrag unterschrieben",
    P.MOVED_IN: "Einzug erfolgt",
}
CANCEL_NOTES = ("Vorgang abgebrochen: Vermieter hat die Wohnung anderweitig vergeben",
                "Vorgang abgebrochen: Wohnung vorübergehend nicht vermietbar")  # fmt: skip
DECLINE_REASONS = Weighted(
    {E.DeclineReason.TOO_FAR: 5, E.DeclineReason.TOO_SMALL: 3, E.DeclineReason.CONDITION: 3,
     E.DeclineReason.NO_TRANSPORT: 3, E.DeclineReason.FAMILY_REASONS: 2, E.DeclineReason.LANDLORD_DECLINED: 3,
     E.DeclineReason.HOUSEHOLD_FOUND_OTHER: 1, E.DeclineReason.OTHER: 1}
)  # fmt: skip
LEASE_KINDS = {"head_lease": E.LeaseKind.SUBLEASE, "cooperative": E.LeaseKind.USAGE_AGREEMENT}
PROBES = 12


@dataclass
class Event:
    from_state: E.PlacementState | None
    to_state: E.PlacementState
    at: datetime
    note: str
    user: str


@dataclass
class PlacementPlan:
    flat: int
    household: int
    row: dict[str, Any]
    events: list[Event]


class Placer:
    """Pairs waiting households with available flats that fit them, as the matcher would: enough space,
    gross cold rent within the cap for the household's size, access needs, WBS, no barred municipality."""

    def __init__(self, ctx: Context, flats: list[FlatPlan], homes: list[HouseholdPlan]) -> None:
        self.ctx, self.flats, self.homes = ctx, flats, homes
        self.taken = [False] * len(flats)
        self.by_size: dict[int, list[int]] = {}
        self.by_kind: dict[str, list[int]] = {}
        for index, flat in enumerate(flats):
            if flat.row["status"] == E.FlatStatus.AVAILABLE:
                self.by_size.setdefault(flat.suits, []).append(index)
                self.by_kind.setdefault(flat.kind, []).append(index)

    def fits(self, flat: FlatPlan, home: HouseholdPlan) -> bool:
        row, needs, size = flat.row, home.row, home.size
        if row["living_area_m2"] < self.ctx.min_area_per_person * size:
            return False
        if flat.gross_cold_cents > self.ctx.cap(row["ags"], size) or row["ags"] in home.barred:
            return False
        if needs["needs_wheelchair"] and not row["wheelchair_accessible"]:
            return False
        if needs["needs_no_stairs"] and not row["step_free"]:
            return False
        if needs["needs_ground_floor"] and row["floor"] != 0:
            return False
        return (needs["has_wbs"] or not row.get("wbs_required", False)) and (
            row["pets_allowed"] or not needs["has_pets"]
        )

    def flat_for(self, home: HouseholdPlan) -> int | None:
        """A fitting free flat, probing the flats that suit this size first, then one size larger."""
        for size in (home.size, home.size + 1, home.size + 2):
            bucket = self.by_size.get(size, [])
            for _ in range(min(PROBES, len(bucket))):
                position = self.ctx.rng.randrange(len(bucket))
                index = bucket[position]
                if not self.taken[index] and self.fits(self.flats[index], home):
                    bucket[position] = bucket[-1]
                    bucket.pop()
                    return index
        return None

    def flat_of_kind(self, home: HouseholdPlan, kind: str) -> int | None:
        for index in self.by_kind.get(kind, []):
            if not self.taken[index] and self.fits(self.flats[index], home):
                return index
        return None

    def plan(self) -> list[PlacementPlan]:
        waiting = [i for i, home in enumerate(self.homes) if home.row["status"] == E.HouseholdStatus.WAITING]
        self.ctx.rng.shuffle(waiting)
        plans: list[PlacementPlan] = []
        for state, first in _state_queue(len(self.homes)):
            pair = self._pair(waiting, PREFERRED_KIND.get(state) if first else None)
            if pair is None:
                continue
            self.taken[pair[0]] = True
            plans.append(_placement(self.ctx, self.flats[pair[0]], self.homes[pair[1]], state, pair))
        return plans

    def _pair(self, waiting: list[int], kind: str | None) -> tuple[int, int] | None:
        """Try the next waiting households until one fits a free flat; households that fit none drop out."""
        if kind is not None:
            for position in range(len(waiting) - 1, max(-1, len(waiting) - 200), -1):
                flat = self.flat_of_kind(self.homes[waiting[position]], kind)
                if flat is not None:
                    return flat, waiting.pop(position)
        for _ in range(30):
            if not waiting:
                return None
            home = waiting.pop()
            flat = self.flat_for(self.homes[home])
            if flat is not None:
                return flat, home
        return None


def _state_queue(households: int) -> list[tuple[E.PlacementState, bool]]:
    counts = {state: max(1, round(share * households)) for state, share in STATE_SHARES.items()}
    queue = [(state, True) for state in counts]
    queue += [(state, False) for state, count in counts.items() for _ in range(count - 1)]
    return queue


def _path(ctx: Context, state: E.PlacementState) -> list[E.PlacementState]:
    if state in FORWARD:
        return list(FORWARD[: FORWARD.index(state) + 1])
    if state == P.DECLINED:
        stop = ctx.rng.choice((P.OFFERED, P.VIEWING))
        return [*FORWARD[: FORWARD.index(stop) + 1], P.DECLINED]
    stop = ctx.rng.choice((P.PROPOSED, P.OFFERED, P.ACCEPTED))
    return [*FORWARD[: FORWARD.index(stop) + 1], P.CANCELLED]


def _step_gap(ctx: Context, state: E.PlacementState) -> int:
    """Days before a step: moving in takes weeks after signing, a viewing needs a day or two."""
    if state == P.MOVED_IN:
        return ctx.rng.randint(7, 30)
    if state == P.SIGNED:
        return ctx.rng.randint(3, 14)
    if state in (P.ACCEPTED, P.DECLINED):
        return ctx.rng.randint(2, 10)
    return ctx.rng.randint(1, 10)


def _days(ctx: Context, path: Sequence[E.PlacementState]) -> list[date]:
    low, high = LAST_STEP_AGE.get(path[-1], (0, 14))
    days = [ctx.days_ago(low, high)]
    for state in reversed(path[1:]):
        days.insert(0, days[0] - timedelta(days=_step_gap(ctx, state)))
    return days


def _events(ctx: Context, path: Sequence[E.PlacementState], days: Sequence[date]) -> list[Event]:
    user = ctx.rng.choice(CASEWORKERS)
    events, previous = [], None
    for state, day in zip(path, days, strict=True):
        note = EVENT_NOTES.get(state, "")
        if state == P.CANCELLED:
            note = ctx.rng.choice(CANCEL_NOTES)
        events.append(Event(previous, state, ctx.at(day), note, user))
        previous = state
    return events


def _placement(
    ctx: Context, flat: FlatPlan, home: HouseholdPlan, state: E.PlacementState, pair: tuple[int, int]
) -> PlacementPlan:
    path = _path(ctx, state)
    days = _days(ctx, path)
    events = _events(ctx, path, days)
    row: dict[str, Any] = {
        "state": state,
        "decline_reason": None,
        "lease_kind": LEASE_KINDS.get(flat.kind, E.LeaseKind.LEASE),
        "viewing_at": _viewing_at(ctx, path, days),
        "planned_move_in": None,
        "cost_approval_on": None,
        "direct_payment": ctx.chance(0.85),
        # Every row carries every key: a bulk insert takes its columns from the first row.
        "membership_number": "",
        "shares_paid_by": "",
        "score_snapshot_json": None,
        "version": len(events),  # one increment per step after the first
        "created_at": events[0].at,
        "updated_at": events[-1].at,
    }
    if row["lease_kind"] == E.LeaseKind.USAGE_AGREEMENT:
        row.update(_membership(ctx, home))
    if state == P.DECLINED:
        reason = DECLINE_REASONS.pick(ctx.rng)
        row["decline_reason"] = reason
        events[-1].note = f"Absage: {reason.label}"
    row.update(_move_in_dates(ctx, path, days))
    _settle(ctx, flat, home, path, events)
    return PlacementPlan(pair[0], pair[1], row, events)


def _membership(ctx: Context, home: HouseholdPlan) -> dict[str, Any]:
    """A cooperative lets only to members: membership number, and who funds the shares (§ 22 Abs. 6 SGB II:
    the Jobcenter as a loan, when it pays the housing costs)."""
    funded_by = {
        E.PayingAuthority.JOBCENTER: "Jobcenter (Darlehen nach § 22 Abs. 6 SGB II)",
        E.PayingAuthority.SOZIALAMT: "Sozialamt (Darlehen)",
    }.get(home.row["paying_authority"], "Haushalt aus eigenen Mitteln")
    return {"membership_number": f"M-{ctx.rng.randint(1000, 9999)}", "shares_paid_by": funded_by}


def _viewing_at(ctx: Context, path: Sequence[E.PlacementState], days: Sequence[date]) -> datetime | None:
    """The viewing appointment: between arranging it and the next step, or in the coming days."""
    if P.VIEWING not in path:
        return None
    index = path.index(P.VIEWING)
    if index == len(path) - 1:
        day = days[index] + timedelta(days=ctx.rng.randint(2, 9))
    else:
        day = days[index] + timedelta(days=max(1, (days[index + 1] - days[index]).days // 2))
    return datetime(day.year, day.month, day.day, ctx.rng.choice((8, 9, 13, 14)), 0, tzinfo=UTC)


def _move_in_dates(ctx: Context, path: Sequence[E.PlacementState], days: Sequence[date]) -> dict[str, Any]:
    """Planned move-in (the first of a month) and the date of the Zusicherung (cost approval)."""
    state = path[-1]
    result: dict[str, Any] = {}
    if state == P.MOVED_IN:
        result["planned_move_in"] = days[-1]
    elif state in RESERVING:
        soon = days[-1] + timedelta(days=14)
        result["planned_move_in"] = date(soon.year + soon.month // 12, soon.month % 12 + 1, 1)
    if P.LEASE_DRAFTED in path:
        accepted, drafted = days[path.index(P.ACCEPTED)], days[path.index(P.LEASE_DRAFTED)]
        result["cost_approval_on"] = accepted + timedelta(days=ctx.rng.randint(0, (drafted - accepted).days))
    elif state == P.ACCEPTED and ctx.chance(0.4):
        result["cost_approval_on"] = min(ctx.today, days[-1] + timedelta(days=ctx.rng.randint(1, 4)))
    return result


def _settle(
    ctx: Context, flat: FlatPlan, home: HouseholdPlan, path: Sequence[E.PlacementState], events: list[Event]
) -> None:
    """Flat and household statuses and dates as the placement's steps leave them.

    accepted, lease drafted, signed → flat reserved; moved in → flat let, household housed; offered up to
    signed → household has an offer. A placement cancelled after acceptance frees the flat again.
    """
    start = events[0].at.date()
    state = path[-1]
    home.row["registered_on"] = min(home.row["registered_on"], start - timedelta(days=ctx.rng.randint(7, 60)))
    home.row["accommodated_since"] = min(home.row["accommodated_since"], home.row["registered_on"])
    home.row["case_number"] = home.row["case_number"][:-4] + str(home.row["registered_on"].year)
    home.created = ctx.at(home.row["registered_on"])
    flat.listed_on = min(flat.listed_on, start - timedelta(days=ctx.rng.randint(3, 30)))
    flat.status_changes[0] = StatusChange(E.FlatStatus.AVAILABLE, ctx.at(flat.listed_on), CREATED_NOTE)
    flat.row["available_from"] = min(flat.row["available_from"], start)
    if state in OFFERING:
        home.row["status"] = E.HouseholdStatus.OFFERED
    elif state == P.MOVED_IN:
        home.row["status"] = E.HouseholdStatus.HOUSED
    for event in events:
        if event.to_state == P.ACCEPTED:
            change = StatusChange(E.FlatStatus.RESERVED, event.at, "Zusage im Vermittlungsvorgang", event.user)
        elif event.to_state == P.MOVED_IN:
            change = StatusChange(E.FlatStatus.LET, event.at, "Einzug", event.user)
        elif event.to_state == P.CANCELLED and P.ACCEPTED in path:
            change = StatusChange(E.FlatStatus.AVAILABLE, event.at, "Vermittlungsvorgang abgebrochen", event.user)
        else:
            continue
        flat.status_changes.append(change)
    flat.row["status"] = flat.status_changes[-1].status


# --------------------------------------------------------------------------------------------------
# Facilities: distances from each flat
# --------------------------------------------------------------------------------------------------

ENTERED_FACILITIES = (E.Facility.BUS_STOP, E.Facility.SCHOOL, E.Facility.KITA)
"""Entered by the caseworker from the advert; the others are derived from the municipalities' positions."""


def _facility_towns(ctx: Context) -> dict[E.Facility, list[Town]]:
    by_size = sorted(ctx.towns, key=lambda t: (-t.inhabitants, t.ags))
    return {
        E.Facility.JOBCENTER: by_size[:3],
        E.Facility.INTEGRATION_COURSE: by_size[:6],
        E.Facility.GP: [t for t in by_size if t.inhabitants >= 2_500] or by_size[:1],
    }


def _distance_table(ctx: Context) -> dict[tuple[str, E.Facility], float]:
    """Road kilometres from each municipality to the nearest one with the facility (0 if it has one)."""
    table = {}
    for facility, towns in _facility_towns(ctx).items():
        for town in ctx.towns:
            table[(town.ags, facility)] = min(_km(town, there) * 1.3 for there in towns)
    return table


def _distances(ctx: Context, flat: FlatPlan, table: Mapping[tuple[str, E.Facility], float]) -> list[dict[str, Any]]:
    village = flat.town.inhabitants < 5_000
    rows = []
    for facility in E.Facility:
        local = (
            ctx.rng.uniform(0.1, 2.5 if village else 1.2)
            if facility == E.Facility.BUS_STOP
            else ctx.rng.uniform(0.3, 3.0)
        )
        km = round(table.get((flat.town.ags, facility), 0.0) + local, 1)
        walking = facility == E.Facility.BUS_STOP
        minutes = round(km * 12) if walking else round(5 + km * 2.2)
        source = E.DistanceSource.ENTERED if facility in ENTERED_FACILITIES else E.DistanceSource.DERIVED
        rows.append({"facility": facility, "km": km, "minutes": min(minutes, 600), "source": source})
    return rows


# --------------------------------------------------------------------------------------------------
# Validation and writing
# --------------------------------------------------------------------------------------------------


def _checked(base: type[SQLModel], data: Mapping[str, Any]) -> dict[str, Any]:
    """The values as a form would store them: through the Base model, unknown fields refused."""
    return validate(base, data).model_dump()


def _checked_landlord(data: Mapping[str, Any]) -> dict[str, Any]:
    values = _checked(M.LandlordBase, data)
    iban, error = normalise_iban(values["iban"])
    require([error] if error else [])
    values["iban"] = iban
    return values


def _checked_flat(data: Mapping[str, Any]) -> dict[str, Any]:
    """FlatBase plus the flat form's domain rules (deposit limit, rooms, head lease, funding, shares)."""
    values = _checked(M.FlatBase, data)
    errors: list[FieldError] = []
    for rule in FLAT_RULES:
        errors += rule(values)
    require(errors)
    return values


def _insert_ids(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert that returns the new ids in row order (one multi-row statement per batch)."""
    if not rows:
        return []
    target = table.__table__  # type: ignore[attr-defined]
    statement = target.insert().returning(target.c.id, sort_by_parameter_order=True)
    return [row[0] for row in session.execute(statement, rows)]


def _insert(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(table.__table__.insert(), rows)  # type: ignore[attr-defined]


def _stamped(values: dict[str, Any], at: datetime, **extra: Any) -> dict[str, Any]:
    return {**values, "version": 1, "created_at": at, "updated_at": at, **extra}


def _write_landlords(ctx: Context, book: LandlordBook) -> list[int]:
    created = ctx.at(ctx.today - timedelta(days=900))
    return _insert_ids(ctx.session, M.Landlord, [_stamped(_checked_landlord(row), created) for row in book.rows])


def _write_flats(ctx: Context, flats: list[FlatPlan], landlord_ids: Sequence[int]) -> list[int]:
    rows = []
    for flat in flats:
        owner = landlord_ids[flat.owner] if flat.owner is not None else None
        values = _checked_flat({**flat.row, "landlord_id": landlord_ids[flat.landlord], "owner_id": owner})
        rows.append(_stamped(values, flat.status_changes[0].at, updated_at=flat.status_changes[-1].at))
    ids = _insert_ids(ctx.session, M.Flat, rows)
    table = _distance_table(ctx)
    distances = [
        {**d, "flat_id": flat_id}
        for flat, flat_id in zip(flats, ids, strict=True)
        for d in _distances(ctx, flat, table)
    ]
    _insert(ctx.session, M.FlatDistance, distances)
    changes = [
        {"flat_id": flat_id, "status": c.status, "changed_at": c.at, "user": c.user, "note": c.note}
        for flat, flat_id in zip(flats, ids, strict=True)
        for c in flat.status_changes
    ]
    _insert(ctx.session, M.FlatStatusChange, changes)
    return ids


def _write_households(ctx: Context, homes: list[HouseholdPlan]) -> tuple[list[int], int, int]:
    rows = [_stamped(_checked(M.HouseholdBase, home.row), home.created) for home in homes]
    ids = _insert_ids(ctx.session, M.Household, rows)
    pairs = list(zip(homes, ids, strict=True))
    members = [{**_checked(M.MemberBase, m), "household_id": i} for home, i in pairs for m in home.members]
    contacts = [{**_checked(M.ContactPersonBase, c), "household_id": i} for home, i in pairs for c in home.contacts]
    wishes = [{"household_id": i, "ags": ags, "kind": kind} for home, i in pairs for ags, kind in home.wishes]
    barred = [{"household_id": i, "ags": ags} for home, i in pairs for ags in home.barred]
    _insert(ctx.session, M.Member, members)
    _insert(ctx.session, M.ContactPerson, contacts)
    _insert(ctx.session, M.HouseholdWish, wishes)
    _insert(ctx.session, M.HouseholdBarredMunicipality, barred)
    return ids, len(members), len(contacts)


def _write_placements(
    ctx: Context, plans: list[PlacementPlan], flat_ids: Sequence[int], household_ids: Sequence[int]
) -> int:
    rows = [{**p.row, "flat_id": flat_ids[p.flat], "household_id": household_ids[p.household]} for p in plans]
    ids = _insert_ids(ctx.session, M.Placement, rows)
    events = [
        {"placement_id": placement_id, "at": e.at, "user": e.user, "from_state": e.from_state,
         "to_state": e.to_state, "note": e.note}
        for plan, placement_id in zip(plans, ids, strict=True)
        for e in plan.events
    ]  # fmt: skip
    _insert(ctx.session, M.PlacementEvent, events)
    return len(events)


OFFICE_DEFAULTS = {
    EMSLAND: {
        "name": "Landkreis Emsland – Fachbereich Soziales",
        "street": "Ordeniederung 1",
        "postcode": "49716",
        "city": "Meppen",
        "website": "www.emsland.de",
    }
}


def _set_office(ctx: Context) -> None:
    """Letterhead for the demo district — only on a database whose office has no name yet."""
    office = ctx.session.get(M.Office, 1)
    if office is None or office.name:
        return
    district = ctx.district
    prefix = {E.DistrictKind.LANDKREIS: "Landkreis", E.DistrictKind.REGION: "Region"}.get(district.kind, "Stadt")
    defaults = OFFICE_DEFAULTS.get(
        district.kreis_key, {"name": f"{prefix} {district.name} – Fachbereich Soziales", "city": district.seat}
    )
    apply(office, validate(M.OfficeBase, merged(office, {**defaults, "kreis_key": district.kreis_key}, M.OfficeBase)))


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run created, for the window's message, the CLI's output and the benchmark."""

    kreis_key: str
    district: str
    seed: int
    landlords: int
    flats: int
    households: int
    members: int
    contact_persons: int
    placements: int
    placement_events: int
    placements_by_state: dict[str, int]
    seconds: float


def _check_size(households: int) -> None:
    if not MIN_HOUSEHOLDS <= households <= MAX_HOUSEHOLDS:
        raise MatcherError(
            f"Die Zahl der Haushalte muss zwischen {MIN_HOUSEHOLDS} und {MAX_HOUSEHOLDS:,} liegen "
            f"(angegeben: {households}).".replace(",", ".")
        )


def create_demo(
    db: Database, *, households: int = 300, seed: int = 1, kreis_key: str = EMSLAND, today: date | None = None
) -> DemoSummary:
    """Fill `db` with a demo district in one transaction: all of it or, on any error, nothing.

    `today` anchors every date (registrations, move-ins, bindings); tests pass it so that runs on
    different days compare equal. Adds to whatever the database holds: callers decide whether to.
    """
    _check_size(households)
    started = time.perf_counter()
    with db.session() as session:
        ctx = _load_context(session, kreis_key, random.Random(seed), today or date.today())
        first_number = (session.exec(select(func.max(M.Household.id))).one() or 0) + 1
        flat_count = max(1, round(FLATS_PER_HOUSEHOLD * households))
        book = LandlordBook(ctx, flat_count)
        flats = _make_flats(ctx, flat_count, book)
        homes = _make_households(ctx, households, first_number)
        plans = Placer(ctx, flats, homes).plan()
        landlord_ids = _write_landlords(ctx, book)
        flat_ids = _write_flats(ctx, flats, landlord_ids)
        household_ids, members, contacts = _write_households(ctx, homes)
        events = _write_placements(ctx, plans, flat_ids, household_ids)
        _set_office(ctx)
        description = (
            f"Demodaten angelegt: {len(homes)} Haushalte, {len(flats)} Wohnungen, {len(book.rows)} Vermieter, "
            f"{len(plans)} Vermittlungen (Startwert {seed})"
        )
        audit.record(session, db.user, "create", "demo", kreis_key, description)
    by_state = {state.value: sum(1 for p in plans if p.row["state"] == state) for state in P}
    return DemoSummary(
        kreis_key=kreis_key,
        district=ctx.district.name,
        seed=seed,
        landlords=len(book.rows),
        flats=len(flats),
        households=len(homes),
        members=members,
        contact_persons=contacts,
        placements=len(plans),
        placement_events=events,
        placements_by_state=by_state,
        seconds=round(time.perf_counter() - started, 3),
    )


def has_households(db: Database) -> bool:
    """True when the database already holds households (the demo then refuses to add more unasked)."""
    with db.read_session() as session:
        return session.exec(select(M.Household.id).limit(1)).first() is not None


def open_demo_database(path: Path | None = None, *, households: int = 300, seed: int = 1) -> Database:
    """Open the demo database (default: the demo file in the user's data folder), filling it on first use."""
    db = open_database(path=path if path is not None else paths.demo_db_path())
    if not has_households(db):
        create_demo(db, households=households, seed=seed)
    return db


__all__ = ["DemoSummary", "create_demo", "has_households", "open_demo_database"]
