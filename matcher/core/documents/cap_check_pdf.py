"""The internal Prüfblatt Angemessenheit: the placement's costs against the household's cap, for the file only.

Why a sheet of its own: the Mietbescheinigung goes to the Jobcenter and must not carry the office's own
assessment; the check against the cap belongs in the file (issue 5, item 4). The cap comes from
`rent_cap.rent_cap` by the district rules in force on the reference day (never re-computed here), the
heating limit is the district's value per m² times the living area, kept a separate check and line
(domain.md 2.6). The sheet prints the rule version (valid-from date, method, source) and the day of the
check, so the file shows which rules the figures were judged by.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from sqlmodel import Session

from matcher.core import lease_rules
from matcher.core import models as M
from matcher.core.documents import layout
from matcher.core.documents.fonts import BODY_FONT, markup
from matcher.core.documents.layout import label_value_table, para, signature_block
from matcher.core.documents.lease_pdf import letterhead
from matcher.core.documents.terms import LeaseTerms, terms_in_session, validate_terms
from matcher.core.enums import CapMethod, DocumentKind, Enforcement, PayingAuthority
from matcher.core.errors import FieldError, ValidationFailed
from matcher.core.formatting import area, day, euros
from matcher.core.rent_cap import appropriate_area_m2, rent_cap, rules_on
from matcher.core.services.common import get_or_fail

TEMPLATE = "cap_check"


def template_version() -> str:
    return str(layout.load_template(TEMPLATE)["version"])


@dataclass(frozen=True)
class CapCheck:
    """Everything the Prüfblatt prints. Plain values only: it is archived as JSON."""

    terms: LeaseTerms
    checked_on: date
    reference_day: date
    household_size: int
    paying_authority: str
    municipality: str
    district: str
    cap_cents: int
    cap_method: str
    cap_basis: str
    cap_is_default: bool
    cap_enforcement: str
    rules_valid_from: date
    rules_source: str
    heating_limit_cents_per_m2: int | None
    heating_enforcement: str
    appropriate_area_m2: float | None

    @property
    def flat_id(self) -> int:
        return self.terms.flat_id

    @property
    def gross_cold_cents(self) -> int:
        return lease_rules.gross_cold_rent_cents(self.terms.rent.net, self.terms.rent.operating_costs)

    @property
    def heating_limit_cents(self) -> int | None:
        """The heating limit of this flat (limit per m² × living area, rounded to the cent), None if none set."""
        if self.heating_limit_cents_per_m2 is None:
            return None
        return round(self.heating_limit_cents_per_m2 * self.terms.flat.living_area_m2)

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        return json.dumps(data, sort_keys=True, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def load_cap_check(session: Session, kind: DocumentKind, placement_id: int, *, today: date | None = None) -> CapCheck:
    """The terms of the placement and the cap by the district rules in force on the lease start (or, before a
    start is entered, on the day of the check). Refuses (German) when the district has no cap for the flat."""
    checked_on = today or date.today()
    terms = terms_in_session(session, kind, placement_id)
    placement = get_or_fail(session, M.Placement, placement_id, "Vermittlung")
    flat = get_or_fail(session, M.Flat, placement.flat_id, "Wohnung")
    household = get_or_fail(session, M.Household, placement.household_id, "Haushalt")
    municipality = get_or_fail(session, M.Municipality, flat.ags, "Gemeinde")
    district = session.get(M.District, municipality.kreis_key)
    reference_day = terms.start or checked_on
    size = len(terms.tenants) + len(terms.occupants)
    rules = rules_on(session, municipality.kreis_key, reference_day)
    cap = rent_cap(session, flat.ags, size, reference_day) if size else None
    if rules is None or cap is None:
        where = f"{municipality.name} am {day(reference_day)}"
        message = (
            f"Für {where} ist keine Angemessenheitsgrenze für {size} Person(en) hinterlegt. "
            "Bitte ergänzen Sie die Regeln des Landkreises."
        )
        raise ValidationFailed([FieldError("rent_cap", message, "Angemessenheitsgrenze")])
    area_m2 = appropriate_area_m2(
        session,
        municipality.kreis_key,
        size,
        reference_day,
        single_parent=household.single_parent,
        disability=household.has_disability,
        wheelchair=household.needs_wheelchair,
    )
    return CapCheck(
        terms=terms,
        checked_on=checked_on,
        reference_day=reference_day,
        household_size=size,
        paying_authority=PayingAuthority(household.paying_authority).label,
        municipality=municipality.name,
        district=district.name if district else municipality.kreis_key,
        cap_cents=cap.amount_cents,
        cap_method=CapMethod(cap.method).label,
        cap_basis=cap.basis,
        cap_is_default=cap.is_default,
        cap_enforcement=Enforcement(rules.cap_enforcement).label,
        rules_valid_from=rules.valid_from,
        rules_source=rules.source,
        heating_limit_cents_per_m2=rules.heating_limit_cents_per_m2,
        heating_enforcement=Enforcement(rules.heating_enforcement).label,
        appropriate_area_m2=area_m2,
    )


def verdict(cost_cents: int, limit_cents: int) -> tuple[bool, str]:
    """(appropriate?, German result line) for a cost against its limit, naming by how much."""
    difference = cost_cents - limit_cents
    if difference <= 0:
        spare = "genau auf der Grenze" if difference == 0 else f"{euros(-difference)} unter der Grenze"
        return True, f"angemessen ({spare})"
    return False, f"nicht angemessen ({euros(difference)} über der Grenze)"


def _result_table(check: CapCheck) -> Table:
    """The monthly costs with the two checks in line: the Bruttokaltmiete against the cap and, on a line of
    its own, heating against the heating limit (domain.md 2.6); surcharges are not part of either."""
    s = layout.styles()
    rent = check.terms.rent
    _ok, cold_text = verdict(check.gross_cold_cents, check.cap_cents)

    def bold(text: str) -> Flowable:
        return layout.paragraph(f"<b>{markup(text)}</b>", s.body)

    def row(label: str, cents: int, limit: str = "", result: str = "", *, strong: bool = False) -> list[Flowable]:
        cells = [bold(label) if strong else para(label), para(euros(cents), s.right)]
        return [*cells, para(limit, s.right), bold(result) if result else para("")]

    heading = [bold(text) for text in ("Monatliche Kosten", "Betrag", "Grenze", "Ergebnis")]
    heading[1] = layout.paragraph(f"<b>{markup('Betrag')}</b>", s.right)
    heading[2] = layout.paragraph(f"<b>{markup('Grenze')}</b>", s.right)
    heating_limit = check.heating_limit_cents
    if heating_limit is None:
        heating = row("Heizkosten und Warmwasser", rent.heating_costs, "keine hinterlegt", "nicht geprüft")
    else:
        heating_text = verdict(rent.heating_costs, heating_limit)[1]
        heating = row("Heizkosten und Warmwasser", rent.heating_costs, euros(heating_limit), heating_text, strong=True)
    rows = [
        heading,
        row("Nettokaltmiete", rent.net),
        row("Kalte Betriebskosten", rent.operating_costs),
        row("= Bruttokaltmiete", check.gross_cold_cents, euros(check.cap_cents), cold_text, strong=True),
        heating,
        row("Zuschläge (nicht Teil der Prüfung)", rent.surcharges),
        row("Gesamtmiete", rent.total),
    ]
    table = Table(rows, colWidths=[62 * mm, 25 * mm, 30 * mm, 53 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, 3), (-1, 3), 0.3, layout.GREY),
                ("LINEABOVE", (0, 4), (-1, 4), 0.3, layout.GREY),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def overall(check: CapCheck) -> str:
    """The one-line conclusion at the top of the sheet."""
    cold_ok, _ = verdict(check.gross_cold_cents, check.cap_cents)
    heating_limit = check.heating_limit_cents
    if heating_limit is None:
        cold = "angemessen" if cold_ok else "nicht angemessen"
        return f"Ergebnis: Bruttokaltmiete {cold}; Heizkosten nicht geprüft (keine Grenze hinterlegt)."
    heating_ok, _ = verdict(check.terms.rent.heating_costs, heating_limit)
    if cold_ok and heating_ok:
        return "Ergebnis: angemessen."
    failed = [name for name, ok in (("Bruttokaltmiete", cold_ok), ("Heizkosten", heating_ok)) if not ok]
    return f"Ergebnis: nicht angemessen ({' und '.join(failed)} über der Grenze)."


def _internal_banner(text: str) -> Table:
    s = layout.styles()
    table = Table([[layout.paragraph(f"<b>{markup(text)}</b>", s.body)]], colWidths=[170 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _facts(check: CapCheck) -> list[tuple[str, str]]:
    terms = check.terms
    flat = terms.flat
    people = (*terms.tenants, *terms.occupants)
    living_area = area(flat.living_area_m2)
    if check.appropriate_area_m2 is not None:
        living_area += f" (angemessen für den Haushalt: {area(check.appropriate_area_m2)}; zur Information)"
    return [
        ("Aktenzeichen", terms.case_number),
        (f"Haushalt ({check.household_size} Pers.)", ", ".join(person.name for person in people)),
        ("Kostenträger", check.paying_authority),
        ("Wohnung", f"{flat.street} {flat.house_number}, {flat.postcode} {flat.city}"),
        ("Wohnfläche", living_area),
        ("Mietbeginn", day(terms.start) if terms.start else "noch nicht eingetragen"),
    ]


def _rules(check: CapCheck) -> list[tuple[str, str]]:
    heating = (
        f"{euros(check.heating_limit_cents_per_m2)} je m² Wohnfläche; bei Überschreitung: {check.heating_enforcement}"
        if check.heating_limit_cents_per_m2 is not None
        else "keine Grenze hinterlegt"
    )
    method = check.cap_method + (" – Voreinstellung, nicht das Konzept des Landkreises" if check.cap_is_default else "")
    rows = [
        ("Regeln", f"Landkreis {check.district}, Fassung gültig ab {day(check.rules_valid_from)}"),
        ("Stichtag", f"{day(check.reference_day)} (Gemeinde {check.municipality})"),
        ("Berechnung", method),
        ("Grundlage", check.cap_basis),
        ("Miete über der Grenze", check.cap_enforcement),
        ("Heizkostengrenze", heating),
    ]
    if check.rules_source:
        rows.append(("Quelle", check.rules_source))
    return rows


def render_cap_check(check: CapCheck) -> bytes:
    """Validate the terms (refusing with German reasons) and render the internal Prüfblatt."""
    validate_terms(check.terms)
    template = layout.load_template(TEMPLATE)
    s = layout.styles()
    title = str(template["title"])
    widths = (50 * mm, 120 * mm)
    story: list[Flowable] = [
        layout.paragraph(markup(title), s.title),
        _internal_banner(str(template["internal_note"])),
        Spacer(1, 3 * mm),
        para(str(template["intro"])),
        Spacer(1, 1 * mm),
        label_value_table(_facts(check), widths=widths),
        layout.paragraph("Prüfung", s.heading),
        _result_table(check),
        Spacer(1, 2 * mm),
        layout.paragraph(f"<b>{markup(overall(check))}</b>", s.body),
        layout.paragraph("Angewandte Regeln", s.heading),
        label_value_table(_rules(check), widths=widths),
        Spacer(1, 2 * mm),
        para(str(template["closing"]), s.small),
        para(f"Geprüft am {day(check.checked_on)}", s.body),
        Spacer(1, 2 * mm),
        *signature_block([("Sachbearbeitung", "")]),
    ]
    subject = f"Aktenzeichen {check.terms.case_number} – {template['internal_note']}"
    return layout.render(story, letterhead(check.terms.office), title, subject)
