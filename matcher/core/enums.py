"""Closed value lists of the domain. Stored as their string values; labels are German.

Each enum carries its German label in `LABELS` so the core can name values in messages and documents
without Qt. The window translates the same labels through Qt for English.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum with a German label per member."""

    @property
    def label(self) -> str:
        return _LABELS.get((type(self), self.value), str(self.value))


class DistrictKind(LabelledEnum):
    LANDKREIS = "Landkreis"
    KREISFREIE_STADT = "Kreisfreie Stadt"
    REGION = "Region"


class CapMethod(LabelledEnum):
    """How a district sets its KdU cap (domain.md 2.4)."""

    OWN_TABLE = "own_table"
    WOHNGELD_V1 = "wohngeld_v1"
    WOHNGELD_V2 = "wohngeld_v2"
    WOHNGELD_V3 = "wohngeld_v3"


class Enforcement(LabelledEnum):
    """Whether a failed limit excludes a pair or only warns."""

    BLOCK = "block"
    WARN = "warn"


class LandlordKind(LabelledEnum):
    PRIVATE = "private"
    COMPANY = "company"
    COOPERATIVE = "cooperative"
    MUNICIPALITY = "municipality"


class FlatStatus(LabelledEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"
    LET = "let"
    BLOCKED = "blocked"


class HeatingType(LabelledEnum):
    CENTRAL = "central"
    FLOOR = "floor"
    DISTRICT = "district"
    STOVE = "stove"
    ELECTRIC = "electric"
    OTHER = "other"


class HeatingFuel(LabelledEnum):
    GAS = "gas"
    OIL = "oil"
    DISTRICT_HEATING = "district_heating"
    HEAT_PUMP = "heat_pump"
    ELECTRICITY = "electricity"
    WOOD = "wood"
    OTHER = "other"


class Facility(LabelledEnum):
    """Places whose distance from a flat matters to households."""

    BUS_STOP = "bus_stop"
    SCHOOL = "school"
    KITA = "kita"
    GP = "gp"
    INTEGRATION_COURSE = "integration_course"
    JOBCENTER = "jobcenter"


class DistanceSource(LabelledEnum):
    ENTERED = "entered"
    DERIVED = "derived"


class ResidenceStatus(LabelledEnum):
    GESTATTUNG = "gestattung"
    DULDUNG = "duldung"
    PERMIT_25_1 = "permit_25_1"
    PERMIT_25_2 = "permit_25_2"
    PERMIT_25_3 = "permit_25_3"
    PERMIT_25_5 = "permit_25_5"
    PERMIT_22 = "permit_22"
    PERMIT_23 = "permit_23"
    PERMIT_24 = "permit_24"
    SETTLEMENT_PERMIT = "settlement_permit"
    GERMAN_OR_EU = "german_or_eu"
    OTHER = "other"


class ObligationScope(LabelledEnum):
    """Where a residence obligation lets a household live (domain.md 3)."""

    NONE = "none"
    LAND = "land"
    DISTRICT = "district"
    MUNICIPALITY = "municipality"


class PayingAuthority(LabelledEnum):
    JOBCENTER = "jobcenter"
    SOZIALAMT = "sozialamt"
    NONE = "none"


class Urgency(LabelledEnum):
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class HouseholdStatus(LabelledEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    HOUSED = "housed"
    PARKED = "parked"
    WITHDRAWN = "withdrawn"


class Sex(LabelledEnum):
    FEMALE = "female"
    MALE = "male"
    DIVERSE = "diverse"
    UNKNOWN = "unknown"


class Relationship(LabelledEnum):
    """A member's relation to the household's main applicant."""

    APPLICANT = "applicant"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    OTHER_RELATIVE = "other_relative"
    UNRELATED = "unrelated"


class GermanLevel(LabelledEnum):
    NONE = "none"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"


class ContactRole(LabelledEnum):
    INTERPRETER = "interpreter"
    VOLUNTEER_SPONSOR = "volunteer_sponsor"
    SOCIAL_WORKER = "social_worker"
    OTHER = "other"


class WishKind(LabelledEnum):
    PREFERRED = "preferred"
    EXCLUDED = "excluded"
    RELATIVES = "relatives"
    WORK = "work"


class PlacementState(LabelledEnum):
    PROPOSED = "proposed"
    OFFERED = "offered"
    VIEWING = "viewing"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LEASE_DRAFTED = "lease_drafted"
    SIGNED = "signed"
    MOVED_IN = "moved_in"
    CANCELLED = "cancelled"


class DeclineReason(LabelledEnum):
    TOO_FAR = "too_far"
    TOO_SMALL = "too_small"
    TOO_EXPENSIVE = "too_expensive"
    CONDITION = "condition"
    NO_TRANSPORT = "no_transport"
    FAMILY_REASONS = "family_reasons"
    LANDLORD_DECLINED = "landlord_declined"
    HOUSEHOLD_FOUND_OTHER = "household_found_other"
    NO_COST_APPROVAL = "no_cost_approval"
    OTHER = "other"


class LeaseKind(LabelledEnum):
    LEASE = "lease"
    SUBLEASE = "sublease"
    USAGE_AGREEMENT = "usage_agreement"


class DocumentKind(LabelledEnum):
    LEASE = "lease"
    SUBLEASE = "sublease"
    HEAD_LEASE = "head_lease"
    USAGE_AGREEMENT = "usage_agreement"
    RENT_CERTIFICATE = "rent_certificate"
    REGISTRATION_CONFIRMATION = "registration_confirmation"
    HANDOVER_PROTOCOL = "handover_protocol"
    DUTIES_SUMMARY = "duties_summary"
    CAP_CHECK_SHEET = "cap_check_sheet"


_LABEL_LIST: list[tuple[LabelledEnum, str]] = [
    (CapMethod.OWN_TABLE, "Eigenes Konzept (Richtwerttabelle)"),
    (CapMethod.WOHNGELD_V1, "Wohngeldtabelle + 10 %"),
    (CapMethod.WOHNGELD_V2, "Wohngeldtabelle + 10 % + Klimakomponente"),
    (CapMethod.WOHNGELD_V3, "(Wohngeldtabelle + Klimakomponente) + 10 %"),
    (Enforcement.BLOCK, "ausschließen"),
    (Enforcement.WARN, "nur warnen"),
    (LandlordKind.PRIVATE, "Privatperson"),
    (LandlordKind.COMPANY, "Wohnungsunternehmen"),
    (LandlordKind.COOPERATIVE, "Genossenschaft"),
    (LandlordKind.MUNICIPALITY, "Kommune"),
    (FlatStatus.AVAILABLE, "frei"),
    (FlatStatus.RESERVED, "reserviert"),
    (FlatStatus.LET, "vermietet"),
    (FlatStatus.BLOCKED, "gesperrt"),
    (HeatingType.CENTRAL, "Zentralheizung"),
    (HeatingType.FLOOR, "Etagenheizung"),
    (HeatingType.DISTRICT, "Fernwärme"),
    (HeatingType.STOVE, "Einzelöfen"),
    (HeatingType.ELECTRIC, "Elektroheizung"),
    (HeatingType.OTHER, "sonstige"),
    (HeatingFuel.GAS, "Gas"),
    (HeatingFuel.OIL, "Öl"),
    (HeatingFuel.DISTRICT_HEATING, "Fernwärme"),
    (HeatingFuel.HEAT_PUMP, "Wärmepumpe"),
    (HeatingFuel.ELECTRICITY, "Strom"),
    (HeatingFuel.WOOD, "Holz/Pellets"),
    (HeatingFuel.OTHER, "sonstiger"),
    (Facility.BUS_STOP, "Bushaltestelle"),
    (Facility.SCHOOL, "Schule"),
    (Facility.KITA, "Kita"),
    (Facility.GP, "Hausarzt"),
    (Facility.INTEGRATION_COURSE, "Integrationskurs"),
    (Facility.JOBCENTER, "Jobcenter"),
    (DistanceSource.ENTERED, "erfasst"),
    (DistanceSource.DERIVED, "berechnet"),
    (ResidenceStatus.GESTATTUNG, "Aufenthaltsgestattung (§ 55 AsylG)"),
    (ResidenceStatus.DULDUNG, "Duldung (§ 60a AufenthG)"),
    (ResidenceStatus.PERMIT_25_1, "Aufenthaltserlaubnis § 25 Abs. 1"),
    (ResidenceStatus.PERMIT_25_2, "Aufenthaltserlaubnis § 25 Abs. 2"),
    (ResidenceStatus.PERMIT_25_3, "Aufenthaltserlaubnis § 25 Abs. 3"),
    (ResidenceStatus.PERMIT_25_5, "Aufenthaltserlaubnis § 25 Abs. 5"),
    (ResidenceStatus.PERMIT_22, "Aufenthaltserlaubnis § 22"),
    (ResidenceStatus.PERMIT_23, "Aufenthaltserlaubnis § 23"),
    (ResidenceStatus.PERMIT_24, "Aufenthaltserlaubnis § 24"),
    (ResidenceStatus.SETTLEMENT_PERMIT, "Niederlassungserlaubnis"),
    (ResidenceStatus.GERMAN_OR_EU, "deutsche oder EU-Staatsangehörigkeit"),
    (ResidenceStatus.OTHER, "sonstiger Status"),
    (ObligationScope.NONE, "keine"),
    (ObligationScope.LAND, "Land Niedersachsen"),
    (ObligationScope.DISTRICT, "Landkreis"),
    (ObligationScope.MUNICIPALITY, "Gemeinde"),
    (PayingAuthority.JOBCENTER, "Jobcenter"),
    (PayingAuthority.SOZIALAMT, "Sozialamt"),
    (PayingAuthority.NONE, "kein Kostenträger"),
    (Urgency.NORMAL, "normal"),
    (Urgency.HIGH, "hoch"),
    (Urgency.URGENT, "dringend"),
    (HouseholdStatus.WAITING, "wartend"),
    (HouseholdStatus.OFFERED, "Angebot"),
    (HouseholdStatus.HOUSED, "untergebracht"),
    (HouseholdStatus.PARKED, "zurückgestellt"),
    (HouseholdStatus.WITHDRAWN, "abgemeldet"),
    (Sex.FEMALE, "weiblich"),
    (Sex.MALE, "männlich"),
    (Sex.DIVERSE, "divers"),
    (Sex.UNKNOWN, "unbekannt"),
    (Relationship.APPLICANT, "Antragsteller/in"),
    (Relationship.PARTNER, "Ehe-/Lebenspartner/in"),
    (Relationship.CHILD, "Kind"),
    (Relationship.PARENT, "Elternteil"),
    (Relationship.SIBLING, "Geschwister"),
    (Relationship.OTHER_RELATIVE, "andere Verwandte"),
    (Relationship.UNRELATED, "nicht verwandt"),
    (GermanLevel.NONE, "keine Deutschkenntnisse"),
    (GermanLevel.NATIVE, "Muttersprache"),
    (ContactRole.INTERPRETER, "Dolmetscher/in"),
    (ContactRole.VOLUNTEER_SPONSOR, "Pate/Patin (Ehrenamt)"),
    (ContactRole.SOCIAL_WORKER, "Sozialarbeiter/in"),
    (ContactRole.OTHER, "sonstige Kontaktperson"),
    (WishKind.PREFERRED, "Wunschort"),
    (WishKind.EXCLUDED, "ausgeschlossener Ort"),
    (WishKind.RELATIVES, "Angehörige in"),
    (WishKind.WORK, "Arbeitsort"),
    (PlacementState.PROPOSED, "vorgeschlagen"),
    (PlacementState.OFFERED, "Angebot"),
    (PlacementState.VIEWING, "Besichtigung"),
    (PlacementState.ACCEPTED, "Zusage"),
    (PlacementState.DECLINED, "Absage"),
    (PlacementState.LEASE_DRAFTED, "Vertrag entworfen"),
    (PlacementState.SIGNED, "unterschrieben"),
    (PlacementState.MOVED_IN, "Einzug"),
    (PlacementState.CANCELLED, "abgebrochen"),
    (DeclineReason.TOO_FAR, "zu weit entfernt"),
    (DeclineReason.TOO_SMALL, "zu klein"),
    (DeclineReason.TOO_EXPENSIVE, "zu teuer"),
    (DeclineReason.CONDITION, "Zustand der Wohnung"),
    (DeclineReason.NO_TRANSPORT, "keine Verkehrsanbindung"),
    (DeclineReason.FAMILY_REASONS, "familiäre Gründe"),
    (DeclineReason.LANDLORD_DECLINED, "Vermieter hat abgelehnt"),
    (DeclineReason.HOUSEHOLD_FOUND_OTHER, "andere Wohnung gefunden"),
    (DeclineReason.NO_COST_APPROVAL, "keine Zusicherung"),
    (DeclineReason.OTHER, "sonstiger Grund"),
    (LeaseKind.LEASE, "Mietvertrag"),
    (LeaseKind.SUBLEASE, "Untermietvertrag"),
    (LeaseKind.USAGE_AGREEMENT, "Dauernutzungsvertrag"),
    (DocumentKind.LEASE, "Mietvertrag über Wohnraum"),
    (DocumentKind.SUBLEASE, "Untermietvertrag"),
    (DocumentKind.HEAD_LEASE, "Generalmietvertrag"),
    (DocumentKind.USAGE_AGREEMENT, "Dauernutzungsvertrag"),
    (DocumentKind.RENT_CERTIFICATE, "Mietbescheinigung"),
    (DocumentKind.REGISTRATION_CONFIRMATION, "Wohnungsgeberbestätigung"),
    (DocumentKind.HANDOVER_PROTOCOL, "Übergabeprotokoll"),
    (DocumentKind.DUTIES_SUMMARY, "Übersicht der Pflichten"),
    (DocumentKind.CAP_CHECK_SHEET, "Prüfblatt Angemessenheit"),
]

# Keyed by (class, value): members of different enums share values ("municipality") and, being
# strings, would collide as plain dict keys.
_LABELS: dict[tuple[type, str], str] = {(type(member), member.value): label for member, label in _LABEL_LIST}
