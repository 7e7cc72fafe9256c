"""SQLModel tables: the one truth for every field's type, bounds and German label.

Pattern: each aggregate has a `…Base` class (plain SQLModel, validates like pydantic) that declares the
fields users edit, with bounds and a German `title`. The table class inherits it and adds keys and
bookkeeping. Services validate input by constructing the Base class (table classes do not validate on
construction) and copy the result onto the table row. `_add_schema_checks` turns the same bounds and
enum value lists into CHECK constraints, so the database refuses what the forms refuse.

Money is integer cents. Times are UTC. Text is NFC without control characters (see `text.py`).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import annotated_types
from pydantic import field_validator
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from matcher.core import enums as E
from matcher.core.text import TextRejected, clean_text

# Stable constraint names: Alembic batch mode on SQLite needs them, PostgreSQL reports them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

EACH_ADDITIONAL = 0
"""`household_size` of a size-scaled table row that holds the amount for every further person."""

MAX_MONEY_CENTS = 10_000_000  # 100.000 € — far above any monthly figure, catches typos of cents as euros
MULTILINE_FIELDS = frozenset({"notes", "description", "note"})


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC — identical on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def enum_field(enum_cls: type[enum.Enum], default: Any = ..., **kwargs: Any) -> Any:
    """A field stored as its string value (no native enum types: migrations stay simple)."""
    return Field(default, sa_type=String(32), **kwargs)


def created_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, title="Angelegt")


def updated_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, title="Geändert")


class Versioned:
    """Mixin for tables edited by people: `version` increments on every update, and an update whose
    expected version is stale fails (optimistic locking between two caseworkers)."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (declared_attr gets the class)
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def partial_unique(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching `where` (SQLite and PostgreSQL both support these)."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))


HOLDING_STATES_SQL = "'accepted', 'lease_drafted', 'signed'"
OPEN_STATES_SQL = "'proposed', 'offered', 'viewing', 'accepted', 'lease_drafted', 'signed'"


class CleanText(SQLModel):
    """Mixin: every string input is NFC-normalised and checked for control and bidi characters."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean_strings(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            try:
                cleaned = clean_text(value, multiline=info.field_name in MULTILINE_FIELDS)
            except TextRejected as exc:
                raise ValueError(str(exc)) from exc
            return cleaned
        return value


# --------------------------------------------------------------------------------------------------
# Reference data: districts, municipalities, Wohngeld figures
# --------------------------------------------------------------------------------------------------


class District(SQLModel, table=True):
    """Landkreis, Region or kreisfreie Stadt (`kreis_key`: 5 digits)."""

    __tablename__ = "district"
    kreis_key: str = Field(primary_key=True, max_length=5, min_length=5, title="Kreisschlüssel")
    name: str = Field(max_length=80, title="Name")
    kind: E.DistrictKind = enum_field(E.DistrictKind, title="Art")
    seat: str = Field(max_length=80, title="Kreissitz")


class Municipality(SQLModel, table=True):
    """Gemeinde with its 8-digit Amtlicher Gemeindeschlüssel."""

    __tablename__ = "municipality"
    ags: str = Field(primary_key=True, max_length=8, min_length=8, title="Gemeindeschlüssel")
    official_name: str = Field(max_length=120, title="Amtlicher Name")
    name: str = Field(max_length=120, index=True, title="Gemeinde")
    search_key: str = Field(max_length=120, index=True)
    kreis_key: str = Field(foreign_key="district.kreis_key", max_length=5, index=True)
    lat: float | None = Field(default=None, ge=47.0, le=56.0, title="Breitengrad")
    lon: float | None = Field(default=None, ge=5.0, le=16.0, title="Längengrad")


class Postcode(SQLModel, table=True):
    """A postcode known to lie (at least partly) in a municipality."""

    __tablename__ = "postcode"
    postcode: str = Field(primary_key=True, max_length=5, min_length=5)
    ags: str = Field(primary_key=True, foreign_key="municipality.ags", max_length=8)


class RentLevel(SQLModel, table=True):
    """Wohngeld Mietenstufe of a municipality from a date on (WoGV Anlage)."""

    __tablename__ = "rent_level"
    ags: str = Field(primary_key=True, foreign_key="municipality.ags", max_length=8)
    valid_from: date = Field(primary_key=True, title="Gültig ab")
    rent_level: int = Field(ge=1, le=7, title="Mietenstufe")


class WohngeldMaxRent(SQLModel, table=True):
    """Höchstbetrag (Anlage 1 zu § 12 WoGG) per Mietenstufe and household size, in cents."""

    __tablename__ = "wohngeld_max_rent"
    valid_from: date = Field(primary_key=True)
    rent_level: int = Field(primary_key=True, ge=1, le=7)
    household_size: int = Field(primary_key=True, ge=0, le=5)  # 0 = EACH_ADDITIONAL
    amount_cents: int = Field(ge=0, le=MAX_MONEY_CENTS)


class ClimateComponent(SQLModel, table=True):
    """Klimakomponente (§ 12 Abs. 7 WoGG) per household size, in cents."""

    __tablename__ = "climate_component"
    valid_from: date = Field(primary_key=True)
    household_size: int = Field(primary_key=True, ge=0, le=5)  # 0 = EACH_ADDITIONAL
    amount_cents: int = Field(ge=0, le=MAX_MONEY_CENTS)


# --------------------------------------------------------------------------------------------------
# Rules per district (editable, versioned by valid_from)
# --------------------------------------------------------------------------------------------------


class DistrictRulesBase(CleanText):
    valid_from: date = Field(title="Gültig ab")
    cap_method: E.CapMethod = enum_field(
        E.CapMethod, E.CapMethod.WOHNGELD_V3, title="Berechnung der Angemessenheitsgrenze"
    )
    cap_is_default: bool = Field(default=True, title="Voreinstellung (durch das Konzept des Landkreises ersetzen)")
    cap_round_to_euro: bool = Field(default=False, title="Grenzen auf volle Euro runden")
    cap_enforcement: E.Enforcement = enum_field(E.Enforcement, E.Enforcement.BLOCK, title="Miete über der Grenze")
    heating_limit_cents_per_m2: int | None = Field(default=None, ge=0, le=10_000, title="Heizkostengrenze je m²")
    heating_enforcement: E.Enforcement = enum_field(
        E.Enforcement, E.Enforcement.WARN, title="Heizkosten über der Grenze"
    )
    min_area_per_occupant_m2: float = Field(default=10.0, ge=0, le=50, title="Mindestfläche je Person")
    single_parent_extra_m2: float = Field(default=10.0, ge=0, le=50, title="Zuschlag Alleinerziehende")
    disability_extra_m2: float = Field(default=10.0, ge=0, le=50, title="Zuschlag Behinderung")
    wheelchair_extra_m2: float = Field(default=10.0, ge=0, le=50, title="Zuschlag rollstuhlgerechte Wohnung")
    source: str = Field(default="", max_length=500, title="Quelle")
    notes: str = Field(default="", max_length=4000, title="Bemerkungen")


class DistrictRules(DistrictRulesBase, table=True):
    """One version of a district's rules; the newest with valid_from ≤ the day in question applies."""

    __tablename__ = "district_rules"
    __table_args__ = (UniqueConstraint("kreis_key", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    kreis_key: str = Field(foreign_key="district.kreis_key", max_length=5, index=True)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class DistrictAreaRule(SQLModel, table=True):
    """Appropriate living area (m²) by household size for one version of district rules."""

    __tablename__ = "district_area_rule"
    rules_id: int = Field(foreign_key="district_rules.id", primary_key=True, ondelete="CASCADE")
    household_size: int = Field(primary_key=True, ge=0, le=12)  # 0 = EACH_ADDITIONAL
    max_m2: float = Field(ge=0, le=500)


class DistrictBarredMunicipality(SQLModel, table=True):
    """Municipalities a district pre-fills as barred on new residence obligations (§ 12a Abs. 4)."""

    __tablename__ = "district_barred_municipality"
    rules_id: int = Field(foreign_key="district_rules.id", primary_key=True, ondelete="CASCADE")
    ags: str = Field(foreign_key="municipality.ags", primary_key=True, max_length=8)
    note: str = Field(default="", max_length=500)


class ComparisonArea(SQLModel, table=True):
    """Vergleichsraum / market area of a district's own KdU concept."""

    __tablename__ = "comparison_area"
    __table_args__ = (UniqueConstraint("kreis_key", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    kreis_key: str = Field(foreign_key="district.kreis_key", max_length=5, index=True)
    name: str = Field(max_length=120, min_length=1, title="Vergleichsraum")


class ComparisonAreaMember(SQLModel, table=True):
    __tablename__ = "comparison_area_member"
    area_id: int = Field(foreign_key="comparison_area.id", primary_key=True, ondelete="CASCADE")
    ags: str = Field(foreign_key="municipality.ags", primary_key=True, max_length=8)


class RentCapEntry(SQLModel, table=True):
    """A Richtwert of a district's own concept: gross cold rent cap for a household size.

    Keyed by municipality or by comparison area (exactly one of the two), from a date on.
    """

    __tablename__ = "rent_cap_entry"
    __table_args__ = (
        CheckConstraint("(ags IS NULL) <> (area_id IS NULL)", name="one_scope"),
        # One figure per scope and size: two partial indexes, because a unique constraint over a column
        # that is always NULL in one of the two scopes enforces nothing.
        partial_unique(
            "uq_rent_cap_entry_municipality",
            "kreis_key",
            "valid_from",
            "ags",
            "household_size",
            where="ags IS NOT NULL",
        ),
        partial_unique(
            "uq_rent_cap_entry_area",
            "kreis_key",
            "valid_from",
            "area_id",
            "household_size",
            where="area_id IS NOT NULL",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    kreis_key: str = Field(foreign_key="district.kreis_key", max_length=5, index=True)
    valid_from: date = Field(title="Gültig ab")
    ags: str | None = Field(default=None, foreign_key="municipality.ags", max_length=8)
    area_id: int | None = Field(default=None, foreign_key="comparison_area.id", ondelete="CASCADE")
    household_size: int = Field(ge=0, le=12, title="Haushaltsgröße")  # 0 = EACH_ADDITIONAL
    amount_cents: int = Field(ge=0, le=MAX_MONEY_CENTS, title="Bruttokaltmiete höchstens")


# --------------------------------------------------------------------------------------------------
# Office settings
# --------------------------------------------------------------------------------------------------


class OfficeBase(CleanText):
    name: str = Field(default="", max_length=200, title="Name der Behörde")
    department: str = Field(default="", max_length=200, title="Fachbereich")
    street: str = Field(default="", max_length=200, title="Straße und Hausnummer")
    postcode: str = Field(default="", max_length=10, title="PLZ")
    city: str = Field(default="", max_length=120, title="Ort")
    phone: str = Field(default="", max_length=60, title="Telefon")
    email: str = Field(default="", max_length=200, title="E-Mail")
    website: str = Field(default="", max_length=200, title="Internet")
    kreis_key: str | None = Field(default=None, foreign_key="district.kreis_key", max_length=5, title="Landkreis")
    idle_lock_minutes: int = Field(default=15, ge=0, le=480, title="Sperre nach Minuten ohne Eingabe")
    audit_retention_days: int = Field(default=3650, ge=30, le=36500, title="Aufbewahrung Protokoll (Tage)")
    household_retention_days: int = Field(
        default=1095, ge=30, le=36500, title="Aufbewahrung abgeschlossener Fälle (Tage)"
    )
    statistics_min_count: int = Field(default=5, ge=1, le=100, title="Kleinste ausgewiesene Fallzahl")


class Office(Versioned, OfficeBase, table=True):
    """The office using this database (a single row, id 1): letterhead and office-wide settings."""

    __tablename__ = "office"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: int = Field(default=1, primary_key=True)
    logo: bytes | None = Field(default=None, sa_type=LargeBinary)
    logo_mime: str | None = Field(default=None, max_length=40)
    version: int = Field(default=1, ge=1)
    updated_at: datetime = updated_field()


class Setting(SQLModel, table=True):
    """Typed office settings that are not columns of `office` (JSON value, from a date on)."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=80)
    valid_from: date = Field(primary_key=True)
    value_json: str = Field(sa_type=Text)
    updated_at: datetime = updated_field()


class MatchingWeight(SQLModel, table=True):
    """Weight of one soft criterion of the matcher (office setting)."""

    __tablename__ = "matching_weight"
    criterion: str = Field(primary_key=True, max_length=40)
    weight: float = Field(ge=0, le=100, title="Gewicht")
    updated_at: datetime = updated_field()


# --------------------------------------------------------------------------------------------------
# Landlords and owners
# --------------------------------------------------------------------------------------------------


class LandlordBase(CleanText):
    kind: E.LandlordKind = enum_field(E.LandlordKind, title="Art")
    name: str = Field(min_length=1, max_length=200, title="Name")
    representative: str = Field(default="", max_length=200, title="Vertreten durch")
    street: str = Field(default="", max_length=200, title="Straße und Hausnummer")
    postcode: str = Field(default="", max_length=10, title="PLZ")
    city: str = Field(default="", max_length=120, title="Ort")
    phone: str = Field(default="", max_length=60, title="Telefon")
    email: str = Field(default="", max_length=200, title="E-Mail")
    iban: str | None = Field(default=None, max_length=34, title="IBAN")
    bic: str | None = Field(default=None, max_length=11, title="BIC")
    account_holder: str = Field(default="", max_length=200, title="Kontoinhaber")
    notes: str = Field(default="", max_length=4000, title="Bemerkungen")


class Landlord(Versioned, LandlordBase, table=True):
    """Who lets or owns flats: private person, company, cooperative or municipality."""

    __tablename__ = "landlord"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, ge=1)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


# --------------------------------------------------------------------------------------------------
# Flats
# --------------------------------------------------------------------------------------------------


class FlatBase(CleanText):
    landlord_id: int = Field(foreign_key="landlord.id", index=True, title="Vermieter")
    owner_id: int | None = Field(default=None, foreign_key="landlord.id", title="Eigentümer (falls abweichend)")
    landlord_reference: str = Field(default="", max_length=60, title="Wohnungsnummer des Vermieters")
    street: str = Field(min_length=1, max_length=200, title="Straße")
    house_number: str = Field(min_length=1, max_length=20, title="Hausnummer")
    postcode: str = Field(min_length=5, max_length=5, title="PLZ")
    ags: str = Field(foreign_key="municipality.ags", max_length=8, index=True, title="Gemeinde")
    locality: str = Field(default="", max_length=120, title="Ortsteil")
    floor: int = Field(default=0, ge=-2, le=40, title="Geschoss")
    flat_number: str = Field(default="", max_length=20, title="Wohnungsnummer")
    living_area_m2: float = Field(gt=0, le=1000, title="Wohnfläche")
    rooms: float = Field(ge=1, le=20, title="Zimmer")
    bedrooms: int = Field(ge=0, le=15, title="Schlafzimmer")
    max_occupants: int | None = Field(default=None, ge=1, le=30, title="Höchstens Personen")
    has_kitchen: bool = Field(default=True, title="Küche")
    fitted_kitchen: bool = Field(default=False, title="Einbauküche")
    has_bath: bool = Field(default=True, title="Bad")
    has_cellar: bool = Field(default=False, title="Keller")
    has_parking: bool = Field(default=False, title="Stellplatz")
    elevator: bool = Field(default=False, title="Aufzug")
    step_free: bool = Field(default=False, title="Stufenloser Zugang")
    wheelchair_accessible: bool = Field(default=False, title="Rollstuhlgerecht")
    pets_allowed: bool = Field(default=False, title="Haustiere erlaubt")
    smoke_detectors: bool = Field(default=True, title="Rauchwarnmelder")
    net_rent_cents: int = Field(ge=0, le=MAX_MONEY_CENTS, title="Nettokaltmiete")
    operating_costs_cents: int = Field(default=0, ge=0, le=MAX_MONEY_CENTS, title="Nebenkosten")
    heating_costs_cents: int = Field(default=0, ge=0, le=MAX_MONEY_CENTS, title="Heizkosten")
    surcharges_cents: int = Field(default=0, ge=0, le=MAX_MONEY_CENTS, title="Zuschläge (Garage, Möblierung)")
    heating_type: E.HeatingType = enum_field(E.HeatingType, E.HeatingType.CENTRAL, title="Heizungsart")
    heating_fuel: E.HeatingFuel = enum_field(E.HeatingFuel, E.HeatingFuel.GAS, title="Energieträger")
    hot_water_central: bool = Field(default=True, title="Warmwasser zentral")
    deposit_cents: int = Field(default=0, ge=0, le=MAX_MONEY_CENTS, title="Kaution")
    cooperative_shares: int | None = Field(default=None, ge=0, le=1000, title="Genossenschaftsanteile (Anzahl)")
    cooperative_share_cents: int | None = Field(default=None, ge=0, le=MAX_MONEY_CENTS, title="Betrag je Anteil")
    energy_certificate_kind: str = Field(default="", max_length=40, title="Energieausweis (Art)")
    energy_kwh_per_m2: float | None = Field(default=None, ge=0, le=1000, title="Energiekennwert")
    energy_class: str = Field(default="", max_length=4, title="Energieeffizienzklasse")
    available_from: date | None = Field(default=None, title="Frei ab")
    status: E.FlatStatus = enum_field(E.FlatStatus, E.FlatStatus.AVAILABLE, title="Status")
    funded: bool = Field(default=False, title="Gefördert")
    funding_programme: str = Field(default="", max_length=200, title="Förderprogramm")
    binding_end: date | None = Field(default=None, title="Bindung bis")
    permitted_rent_cents_per_m2: int | None = Field(default=None, ge=0, le=10_000, title="Zulässige Miete je m²")
    wbs_required: bool = Field(default=False, title="Wohnberechtigungsschein nötig")
    head_lease_start: date | None = Field(default=None, title="Anmietung seit")
    head_lease_end: date | None = Field(default=None, title="Anmietung bis")
    head_lease_notice_date: date | None = Field(default=None, title="Kündbar zum")
    head_lease_monthly_cost_cents: int | None = Field(
        default=None, ge=0, le=MAX_MONEY_CENTS, title="Kosten der Anmietung monatlich"
    )
    notes: str = Field(default="", max_length=4000, title="Bemerkungen")


class Flat(Versioned, FlatBase, table=True):
    """A dwelling offered for placement."""

    __tablename__ = "flat"
    __table_args__ = (
        CheckConstraint("bedrooms <= rooms", name="bedrooms_within_rooms"),
        CheckConstraint(
            "head_lease_end IS NULL OR head_lease_start IS NULL OR head_lease_end >= head_lease_start",
            name="head_lease_order",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, ge=1)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class FlatDistance(SQLModel, table=True):
    """Distance or travel time from a flat to a facility, entered or derived."""

    __tablename__ = "flat_distance"
    flat_id: int = Field(foreign_key="flat.id", primary_key=True, ondelete="CASCADE")
    facility: E.Facility = enum_field(E.Facility, primary_key=True)
    km: float | None = Field(default=None, ge=0, le=500, title="Entfernung (km)")
    minutes: int | None = Field(default=None, ge=0, le=600, title="Fahrzeit (Minuten)")
    source: E.DistanceSource = enum_field(E.DistanceSource, E.DistanceSource.ENTERED)


class FlatStatusChange(SQLModel, table=True):
    """History of a flat's status."""

    __tablename__ = "flat_status_change"
    id: int | None = Field(default=None, primary_key=True)
    flat_id: int = Field(foreign_key="flat.id", index=True, ondelete="CASCADE")
    status: E.FlatStatus = enum_field(E.FlatStatus)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    user: str = Field(max_length=80)
    note: str = Field(default="", max_length=500)


# --------------------------------------------------------------------------------------------------
# Households and their members
# --------------------------------------------------------------------------------------------------


class HouseholdBase(CleanText):
    case_number: str = Field(min_length=1, max_length=40, title="Aktenzeichen")
    phone: str = Field(default="", max_length=60, title="Telefon")
    email: str = Field(default="", max_length=200, title="E-Mail")
    current_accommodation: str = Field(default="", max_length=200, title="Derzeitige Unterkunft")
    accommodation_ags: str | None = Field(
        default=None, foreign_key="municipality.ags", max_length=8, title="Ort der Unterkunft"
    )
    accommodated_since: date | None = Field(default=None, title="Dort seit")
    registered_on: date = Field(default_factory=date.today, title="Wohnungssuchend seit")
    needed_from: date | None = Field(default=None, title="Wohnung benötigt ab")
    residence_status: E.ResidenceStatus = enum_field(E.ResidenceStatus, title="Aufenthaltsstatus")
    permit_issued_on: date | None = Field(default=None, title="Titel erstmals erteilt am")
    obligation_scope: E.ObligationScope = enum_field(E.ObligationScope, E.ObligationScope.NONE, title="Wohnsitzauflage")
    obligation_kreis_key: str | None = Field(
        default=None, foreign_key="district.kreis_key", max_length=5, title="Auflage: Landkreis"
    )
    obligation_ags: str | None = Field(
        default=None, foreign_key="municipality.ags", max_length=8, title="Auflage: Gemeinde"
    )
    obligation_until: date | None = Field(default=None, title="Auflage gilt bis")
    paying_authority: E.PayingAuthority = enum_field(E.PayingAuthority, title="Kostenträger")
    has_wbs: bool = Field(default=False, title="Wohnberechtigungsschein")
    needs_wheelchair: bool = Field(default=False, title="Rollstuhl")
    needs_no_stairs: bool = Field(default=False, title="Keine Treppen")
    needs_ground_floor: bool = Field(default=False, title="Erdgeschoss")
    needs_extra_room: bool = Field(default=False, title="Zusätzlicher Raum (medizinisch)")
    needs_medical_care: bool = Field(default=False, title="Regelmäßige ärztliche Behandlung")
    has_disability: bool = Field(default=False, title="Schwerbehinderung")
    single_parent: bool = Field(default=False, title="Alleinerziehend")
    has_pets: bool = Field(default=False, title="Haustiere")
    has_car: bool = Field(default=False, title="Eigenes Auto")
    urgency: E.Urgency = enum_field(E.Urgency, E.Urgency.NORMAL, title="Dringlichkeit")
    vulnerable: bool = Field(default=False, title="Besonders schutzbedürftig")
    status: E.HouseholdStatus = enum_field(E.HouseholdStatus, E.HouseholdStatus.WAITING, title="Status")
    parked_until: date | None = Field(default=None, title="Zurückgestellt bis")
    notes: str = Field(default="", max_length=4000, title="Bemerkungen")


class Household(Versioned, HouseholdBase, table=True):
    """The people who move in together, identified by the office's Aktenzeichen."""

    __tablename__ = "household"
    __table_args__ = (
        CheckConstraint(
            "obligation_scope <> 'district' OR obligation_kreis_key IS NOT NULL",
            name="district_obligation_has_district",
        ),
        CheckConstraint(
            "obligation_scope <> 'municipality' OR obligation_ags IS NOT NULL",
            name="municipality_obligation_has_municipality",
        ),
        CheckConstraint("status <> 'parked' OR parked_until IS NOT NULL", name="parked_has_date"),
        UniqueConstraint("case_number"),
    )
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, ge=1)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class MemberBase(CleanText):
    given_name: str = Field(min_length=1, max_length=120, title="Vorname")
    family_name: str = Field(min_length=1, max_length=120, title="Familienname")
    birth_date: date | None = Field(default=None, title="Geburtsdatum")
    birth_year: int | None = Field(default=None, ge=1900, le=2100, title="Geburtsjahr (falls Datum unbekannt)")
    sex: E.Sex = enum_field(E.Sex, E.Sex.UNKNOWN, title="Geschlecht")
    relationship: E.Relationship = enum_field(E.Relationship, title="Verhältnis zum Antragsteller")
    nationality: str = Field(default="", max_length=3, title="Staatsangehörigkeit")
    languages: str = Field(default="", max_length=120, title="Sprachen")
    german_level: E.GermanLevel | None = enum_field(E.GermanLevel, None, title="Deutschkenntnisse")
    position: int = Field(default=0, ge=0, le=100)


class Member(MemberBase, table=True):
    """A person of a household. Birth date may be unknown (never a fake default)."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint("birth_date IS NULL OR birth_year IS NULL", name="one_birth_form"),
        # A household's members, and among them its applicant or its children, without reading the rows
        # (the households list counts children and sorts by the applicant's name).
        Index("ix_member_household_relationship", "household_id", "relationship"),
    )
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE")


class ContactPersonBase(CleanText):
    role: E.ContactRole = enum_field(E.ContactRole, title="Rolle")
    name: str = Field(min_length=1, max_length=200, title="Name")
    organisation: str = Field(default="", max_length=200, title="Organisation")
    phone: str = Field(default="", max_length=60, title="Telefon")
    email: str = Field(default="", max_length=200, title="E-Mail")
    consent_to_share: bool = Field(default=False, title="Einwilligung zur Weitergabe")
    consent_date: date | None = Field(default=None, title="Einwilligung vom")


class ContactPerson(ContactPersonBase, table=True):
    """Interpreter, volunteer sponsor (Pate) or social worker of a household."""

    __tablename__ = "contact_person"
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True, ondelete="CASCADE")


class HouseholdBarredMunicipality(SQLModel, table=True):
    """A municipality the household's permit bars (§ 12a Abs. 4 AufenthG)."""

    __tablename__ = "household_barred_municipality"
    household_id: int = Field(foreign_key="household.id", primary_key=True, ondelete="CASCADE")
    ags: str = Field(foreign_key="municipality.ags", primary_key=True, max_length=8)


class HouseholdWish(SQLModel, table=True):
    """Preferred or excluded municipality, or where relatives live or work is."""

    __tablename__ = "household_wish"
    household_id: int = Field(foreign_key="household.id", primary_key=True, ondelete="CASCADE")
    ags: str = Field(foreign_key="municipality.ags", primary_key=True, max_length=8)
    kind: E.WishKind = enum_field(E.WishKind, primary_key=True)


class PairExclusion(SQLModel, table=True):
    """A caseworker's explicit 'never this flat for this household'."""

    __tablename__ = "pair_exclusion"
    household_id: int = Field(foreign_key="household.id", primary_key=True, ondelete="CASCADE")
    flat_id: int = Field(foreign_key="flat.id", primary_key=True, ondelete="CASCADE")
    reason: str = Field(default="", max_length=500)
    user: str = Field(max_length=80)
    created_at: datetime = created_field()


# --------------------------------------------------------------------------------------------------
# Placements (the offer workflow) and documents
# --------------------------------------------------------------------------------------------------


class Placement(Versioned, SQLModel, table=True):
    """A household proposed, offered or moved into a flat."""

    __tablename__ = "placement"
    __table_args__ = (
        # A flat is held by at most one placement, and a pair has at most one open placement: the
        # services check this first with a German message; the indexes stop a race between two offices.
        partial_unique("uq_placement_flat_held", "flat_id", where=f"state IN ({HOLDING_STATES_SQL})"),
        partial_unique("uq_placement_open_pair", "household_id", "flat_id", where=f"state IN ({OPEN_STATES_SQL})"),
        CheckConstraint("fixed_term_end IS NULL OR fixed_term_reason <> ''", name="fixed_term_has_reason"),
        CheckConstraint(
            "fixed_term_end IS NULL OR lease_start IS NULL OR fixed_term_end > lease_start",
            name="fixed_term_after_start",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    flat_id: int = Field(foreign_key="flat.id", index=True)
    household_id: int = Field(foreign_key="household.id", index=True, ondelete="CASCADE")
    state: E.PlacementState = enum_field(E.PlacementState, E.PlacementState.PROPOSED, title="Stand")
    decline_reason: E.DeclineReason | None = enum_field(E.DeclineReason, None, title="Grund der Absage")
    lease_kind: E.LeaseKind = enum_field(E.LeaseKind, E.LeaseKind.LEASE, title="Vertragsart")
    viewing_at: datetime | None = Field(default=None, sa_type=UTCDateTime, title="Besichtigung am")
    planned_move_in: date | None = Field(default=None, title="Geplanter Einzug")
    cost_approval_on: date | None = Field(default=None, title="Zusicherung vom")
    direct_payment: bool = Field(default=True, title="Miete direkt an Vermieter")
    lease_start: date | None = Field(default=None, title="Mietbeginn")
    fixed_term_end: date | None = Field(default=None, title="Befristet bis")
    fixed_term_reason: str = Field(default="", max_length=1000, title="Grund der Befristung (§ 575 BGB)")
    membership_number: str = Field(default="", max_length=40, title="Mitgliedsnummer (Genossenschaft)")
    shares_paid_by: str = Field(default="", max_length=200, title="Genossenschaftsanteile finanziert durch")
    score_snapshot_json: str | None = Field(default=None, sa_type=Text)
    version: int = Field(default=1, ge=1)
    created_at: datetime = created_field()
    updated_at: datetime = updated_field()


class PlacementEvent(SQLModel, table=True):
    """One step of a placement's workflow: who moved it from which state to which, and why."""

    __tablename__ = "placement_event"
    id: int | None = Field(default=None, primary_key=True)
    placement_id: int = Field(foreign_key="placement.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    user: str = Field(max_length=80)
    from_state: E.PlacementState | None = enum_field(E.PlacementState, None)
    to_state: E.PlacementState = enum_field(E.PlacementState)
    note: str = Field(default="", max_length=2000)
    changes_json: str | None = Field(default=None, sa_type=Text)
    """What the step changed, as JSON `{"placement"|"household"|"flat": {field: [before, after]}}`, so undo
    restores the values before it and redo sets the step's values again (None: written before 0004)."""


class Document(SQLModel, table=True):
    """A produced document, archived exactly as printed."""

    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint("placement_id IS NOT NULL OR flat_id IS NOT NULL", name="has_subject"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: E.DocumentKind = enum_field(E.DocumentKind, title="Art")
    placement_id: int | None = Field(default=None, foreign_key="placement.id", index=True, ondelete="CASCADE")
    flat_id: int | None = Field(default=None, foreign_key="flat.id", index=True)
    template_version: str = Field(max_length=40)
    language: str = Field(default="de", max_length=10)
    terms_json: str = Field(sa_type=Text)
    pdf: bytes = Field(sa_type=LargeBinary)
    sha256: str = Field(max_length=64)
    file_name: str = Field(max_length=200)
    created_by: str = Field(max_length=80)
    created_at: datetime = created_field()


class AuditEntry(SQLModel, table=True):
    """Who did what to which record, and when — never personal data in the text. Hash-chained."""

    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user: str = Field(max_length=80)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=40)
    description: str = Field(default="", max_length=500)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(max_length=64)


# --------------------------------------------------------------------------------------------------
# Imports from spreadsheets: batches (for the whole-batch undo) and remembered column mappings
# --------------------------------------------------------------------------------------------------


class ImportBatch(SQLModel, table=True):
    """One committed import of a spreadsheet: what came in, from which file, and whether it was undone.

    Counts only, never row contents: the file name and its SHA-256 identify the source.
    """

    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, title="Art")
    source_name: str = Field(default="", max_length=255, title="Datei")
    file_sha256: str = Field(default="", max_length=64)
    created_at: datetime = created_field()
    created_by: str = Field(max_length=80)
    created_count: int = Field(default=0, ge=0, title="Angelegt")
    updated_count: int = Field(default=0, ge=0, title="Aktualisiert")
    skipped_count: int = Field(default=0, ge=0, title="Übersprungen")
    rejected_count: int = Field(default=0, ge=0, title="Abgelehnt")
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime, title="Rückgängig gemacht am")
    undone_by: str | None = Field(default=None, max_length=80)


class ImportBatchItem(SQLModel, table=True):
    """A record an import created or changed; `previous_json` holds the fields before an update so the
    whole import can be undone, `version_after` tells whether someone changed the record since."""

    __tablename__ = "import_batch_item"
    __table_args__ = (CheckConstraint("action IN ('created', 'updated')", name="action_known"),)
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True, ondelete="CASCADE")
    entity: str = Field(max_length=40)
    entity_id: int
    action: str = Field(max_length=16)
    version_after: int | None = Field(default=None)
    previous_json: str | None = Field(default=None, sa_type=Text)


class ImportMapping(SQLModel, table=True):
    """The column mapping last used for a kind of file (key: kind and the file's header fingerprint)."""

    __tablename__ = "import_mapping"
    key: str = Field(primary_key=True, max_length=80)
    kind: str = Field(max_length=32)
    source_name: str = Field(default="", max_length=255)
    mapping_json: str = Field(sa_type=Text)
    updated_at: datetime = updated_field()


# --------------------------------------------------------------------------------------------------
# CHECK constraints derived from the field declarations
# --------------------------------------------------------------------------------------------------


def _bound_checks(column: str, info: Any) -> list[str]:
    checks = []
    for meta in info.metadata:
        if isinstance(meta, annotated_types.Ge):
            checks.append(f"{column} >= {meta.ge}")
        elif isinstance(meta, annotated_types.Gt):
            checks.append(f"{column} > {meta.gt}")
        elif isinstance(meta, annotated_types.Le):
            checks.append(f"{column} <= {meta.le}")
        elif isinstance(meta, annotated_types.MinLen) and meta.min_length > 0:
            checks.append(f"length({column}) >= {meta.min_length}")
    return checks


def _enum_of(info: Any) -> type[enum.Enum] | None:
    annotation = info.annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate
    return None


def _add_schema_checks(table_cls: type[SQLModel]) -> None:
    table = table_cls.__table__  # type: ignore[attr-defined]
    for name, info in table_cls.model_fields.items():
        if name not in table.c:
            continue
        conditions = _bound_checks(name, info)
        enum_cls = _enum_of(info)
        if enum_cls is not None:
            values = ", ".join(f"'{member.value}'" for member in enum_cls)
            conditions.append(f"{name} IN ({values})")
        if conditions:
            nullable = table.c[name].nullable
            expr = " AND ".join(conditions)
            sql = f"{name} IS NULL OR ({expr})" if nullable else expr
            table.append_constraint(CheckConstraint(sql, name=f"{name}_valid"))


TABLES: tuple[type[SQLModel], ...] = tuple(
    obj
    for obj in list(globals().values())
    if isinstance(obj, type) and issubclass(obj, SQLModel) and hasattr(obj, "__table__")
)

for _table_cls in TABLES:
    _add_schema_checks(_table_cls)
