"""Enum value labels, translated through Qt.

The core names every enum value in German (`matcher.core.enums`, the one truth for documents and
messages). The window shows those same labels; for the English interface they are translated in the Qt
context "Labels", with the German label as the source text. The German catalogue leaves this context out
(German is the source), the English catalogue (`wohnraum_matcher_en.ts`) holds only this context.

Why a literal list below: lupdate only sees string literals. `tests/ui/test_translations.py` fails when a
label in the core has no entry here, so the list cannot silently drift from `enums.py`.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from matcher.core.enums import LabelledEnum

CONTEXT = "Labels"

MARKED: tuple[str, ...] = (
    # CapMethod
    QT_TRANSLATE_NOOP("Labels", "Eigenes Konzept (Richtwerttabelle)"),
    QT_TRANSLATE_NOOP("Labels", "Wohngeldtabelle + 10 %"),
    QT_TRANSLATE_NOOP("Labels", "Wohngeldtabelle + 10 % + Klimakomponente"),
    QT_TRANSLATE_NOOP("Labels", "(Wohngeldtabelle + Klimakomponente) + 10 %"),
    # ContactRole
    QT_TRANSLATE_NOOP("Labels", "Dolmetscher/in"),
    QT_TRANSLATE_NOOP("Labels", "Pate/Patin (Ehrenamt)"),
    QT_TRANSLATE_NOOP("Labels", "Sozialarbeiter/in"),
    QT_TRANSLATE_NOOP("Labels", "sonstige Kontaktperson"),
    # DeclineReason
    QT_TRANSLATE_NOOP("Labels", "zu weit entfernt"),
    QT_TRANSLATE_NOOP("Labels", "zu klein"),
    QT_TRANSLATE_NOOP("Labels", "zu teuer"),
    QT_TRANSLATE_NOOP("Labels", "Zustand der Wohnung"),
    QT_TRANSLATE_NOOP("Labels", "keine Verkehrsanbindung"),
    QT_TRANSLATE_NOOP("Labels", "familiäre Gründe"),
    QT_TRANSLATE_NOOP("Labels", "Vermieter hat abgelehnt"),
    QT_TRANSLATE_NOOP("Labels", "andere Wohnung gefunden"),
    QT_TRANSLATE_NOOP("Labels", "keine Zusicherung"),
    QT_TRANSLATE_NOOP("Labels", "sonstiger Grund"),
    # DistanceSource
    QT_TRANSLATE_NOOP("Labels", "erfasst"),
    QT_TRANSLATE_NOOP("Labels", "berechnet"),
    # DistrictKind
    QT_TRANSLATE_NOOP("Labels", "Landkreis"),
    QT_TRANSLATE_NOOP("Labels", "Kreisfreie Stadt"),
    QT_TRANSLATE_NOOP("Labels", "Region"),
    # DocumentKind
    QT_TRANSLATE_NOOP("Labels", "Mietvertrag über Wohnraum"),
    QT_TRANSLATE_NOOP("Labels", "Untermietvertrag"),
    QT_TRANSLATE_NOOP("Labels", "Generalmietvertrag"),
    QT_TRANSLATE_NOOP("Labels", "Dauernutzungsvertrag"),
    QT_TRANSLATE_NOOP("Labels", "Mietbescheinigung"),
    QT_TRANSLATE_NOOP("Labels", "Wohnungsgeberbestätigung"),
    QT_TRANSLATE_NOOP("Labels", "Übergabeprotokoll"),
    QT_TRANSLATE_NOOP("Labels", "Übersicht der Pflichten"),
    QT_TRANSLATE_NOOP("Labels", "Prüfblatt Angemessenheit"),
    # Enforcement
    QT_TRANSLATE_NOOP("Labels", "ausschließen"),
    QT_TRANSLATE_NOOP("Labels", "nur warnen"),
    # Facility
    QT_TRANSLATE_NOOP("Labels", "Bushaltestelle"),
    QT_TRANSLATE_NOOP("Labels", "Schule"),
    QT_TRANSLATE_NOOP("Labels", "Kita"),
    QT_TRANSLATE_NOOP("Labels", "Hausarzt"),
    QT_TRANSLATE_NOOP("Labels", "Integrationskurs"),
    QT_TRANSLATE_NOOP("Labels", "Jobcenter"),
    # FlatStatus
    QT_TRANSLATE_NOOP("Labels", "frei"),
    QT_TRANSLATE_NOOP("Labels", "reserviert"),
    QT_TRANSLATE_NOOP("Labels", "vermietet"),
    QT_TRANSLATE_NOOP("Labels", "gesperrt"),
    # GermanLevel
    QT_TRANSLATE_NOOP("Labels", "keine Deutschkenntnisse"),
    QT_TRANSLATE_NOOP("Labels", "A1"),
    QT_TRANSLATE_NOOP("Labels", "A2"),
    QT_TRANSLATE_NOOP("Labels", "B1"),
    QT_TRANSLATE_NOOP("Labels", "B2"),
    QT_TRANSLATE_NOOP("Labels", "C1"),
    QT_TRANSLATE_NOOP("Labels", "C2"),
    QT_TRANSLATE_NOOP("Labels", "Muttersprache"),
    # HeatingFuel
    QT_TRANSLATE_NOOP("Labels", "Gas"),
    QT_TRANSLATE_NOOP("Labels", "Öl"),
    QT_TRANSLATE_NOOP("Labels", "Fernwärme"),
    QT_TRANSLATE_NOOP("Labels", "Wärmepumpe"),
    QT_TRANSLATE_NOOP("Labels", "Strom"),
    QT_TRANSLATE_NOOP("Labels", "Holz/Pellets"),
    QT_TRANSLATE_NOOP("Labels", "sonstiger"),
    # HeatingType
    QT_TRANSLATE_NOOP("Labels", "Zentralheizung"),
    QT_TRANSLATE_NOOP("Labels", "Etagenheizung"),
    QT_TRANSLATE_NOOP("Labels", "Fernwärme"),
    QT_TRANSLATE_NOOP("Labels", "Einzelöfen"),
    QT_TRANSLATE_NOOP("Labels", "Elektroheizung"),
    QT_TRANSLATE_NOOP("Labels", "sonstige"),
    # HouseholdStatus
    QT_TRANSLATE_NOOP("Labels", "wartend"),
    QT_TRANSLATE_NOOP("Labels", "Angebot"),
    QT_TRANSLATE_NOOP("Labels", "untergebracht"),
    QT_TRANSLATE_NOOP("Labels", "zurückgestellt"),
    QT_TRANSLATE_NOOP("Labels", "abgemeldet"),
    # LandlordKind
    QT_TRANSLATE_NOOP("Labels", "Privatperson"),
    QT_TRANSLATE_NOOP("Labels", "Wohnungsunternehmen"),
    QT_TRANSLATE_NOOP("Labels", "Genossenschaft"),
    QT_TRANSLATE_NOOP("Labels", "Kommune"),
    # LeaseKind
    QT_TRANSLATE_NOOP("Labels", "Mietvertrag"),
    QT_TRANSLATE_NOOP("Labels", "Untermietvertrag"),
    QT_TRANSLATE_NOOP("Labels", "Dauernutzungsvertrag"),
    # ObligationScope
    QT_TRANSLATE_NOOP("Labels", "keine"),
    QT_TRANSLATE_NOOP("Labels", "Land Niedersachsen"),
    QT_TRANSLATE_NOOP("Labels", "Landkreis"),
    QT_TRANSLATE_NOOP("Labels", "Gemeinde"),
    # PayingAuthority
    QT_TRANSLATE_NOOP("Labels", "Jobcenter"),
    QT_TRANSLATE_NOOP("Labels", "Sozialamt"),
    QT_TRANSLATE_NOOP("Labels", "kein Kostenträger"),
    # PlacementState
    QT_TRANSLATE_NOOP("Labels", "vorgeschlagen"),
    QT_TRANSLATE_NOOP("Labels", "Angebot"),
    QT_TRANSLATE_NOOP("Labels", "Besichtigung"),
    QT_TRANSLATE_NOOP("Labels", "Zusage"),
    QT_TRANSLATE_NOOP("Labels", "Absage"),
    QT_TRANSLATE_NOOP("Labels", "Vertrag entworfen"),
    QT_TRANSLATE_NOOP("Labels", "unterschrieben"),
    QT_TRANSLATE_NOOP("Labels", "Einzug"),
    QT_TRANSLATE_NOOP("Labels", "abgebrochen"),
    # Relationship
    QT_TRANSLATE_NOOP("Labels", "Antragsteller/in"),
    QT_TRANSLATE_NOOP("Labels", "Ehe-/Lebenspartner/in"),
    QT_TRANSLATE_NOOP("Labels", "Kind"),
    QT_TRANSLATE_NOOP("Labels", "Elternteil"),
    QT_TRANSLATE_NOOP("Labels", "Geschwister"),
    QT_TRANSLATE_NOOP("Labels", "andere Verwandte"),
    QT_TRANSLATE_NOOP("Labels", "nicht verwandt"),
    # ResidenceStatus
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltsgestattung (§ 55 AsylG)"),
    QT_TRANSLATE_NOOP("Labels", "Duldung (§ 60a AufenthG)"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 25 Abs. 1"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 25 Abs. 2"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 25 Abs. 3"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 25 Abs. 5"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 22"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 23"),
    QT_TRANSLATE_NOOP("Labels", "Aufenthaltserlaubnis § 24"),
    QT_TRANSLATE_NOOP("Labels", "Niederlassungserlaubnis"),
    QT_TRANSLATE_NOOP("Labels", "deutsche oder EU-Staatsangehörigkeit"),
    QT_TRANSLATE_NOOP("Labels", "sonstiger Status"),
    # Sex
    QT_TRANSLATE_NOOP("Labels", "weiblich"),
    QT_TRANSLATE_NOOP("Labels", "männlich"),
    QT_TRANSLATE_NOOP("Labels", "divers"),
    QT_TRANSLATE_NOOP("Labels", "unbekannt"),
    # Urgency
    QT_TRANSLATE_NOOP("Labels", "normal"),
    QT_TRANSLATE_NOOP("Labels", "hoch"),
    QT_TRANSLATE_NOOP("Labels", "dringend"),
    # WishKind
    QT_TRANSLATE_NOOP("Labels", "Wunschort"),
    QT_TRANSLATE_NOOP("Labels", "ausgeschlossener Ort"),
    QT_TRANSLATE_NOOP("Labels", "Angehörige in"),
    QT_TRANSLATE_NOOP("Labels", "Arbeitsort"),
)


def label(member: LabelledEnum) -> str:
    """The member's label in the interface language."""
    return QCoreApplication.translate(CONTEXT, member.label)


def label_of(enum_cls: type[LabelledEnum], value: str | None) -> str:
    """Label for a stored value; an unknown value is shown as it is rather than hidden."""
    if value is None:
        return ""
    try:
        return label(enum_cls(value))
    except ValueError:
        return str(value)


def ordinal(enum_cls: type[Enum], value: str) -> int:
    """Position of a value in its enum: statuses sort in workflow order, not alphabetically.
    Unknown values go after all known ones."""
    positions = _positions(enum_cls)
    return positions.get(value, len(positions))


@cache
def _positions(enum_cls: type[Enum]) -> dict[str, int]:
    return {member.value: position for position, member in enumerate(enum_cls)}
