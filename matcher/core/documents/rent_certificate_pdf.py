"""The Mietbescheinigung / Wohnungsangebot for the Jobcenter or Sozialamt, before the lease is signed.

Contents by domain.md 2.7: landlord, tenants, address, start, area, rooms, heating type and fuel, hot
water, every cost item as a monthly figure, the occupants, deposit or cooperative shares, direct payment
yes/no, date and signature. The check against the household's cap is an internal sheet for the file and
is not part of this paper. Pure: validated terms in, bytes out; wording in
`resources/templates/rent_certificate.json`.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from matcher.core import lease_rules
from matcher.core.documents import layout
from matcher.core.documents.fonts import markup
from matcher.core.documents.layout import amount_table, label_value_table, para, signature_block
from matcher.core.documents.lease_pdf import letterhead, spaced_iban
from matcher.core.documents.terms import LeaseTerms, validate_terms
from matcher.core.formatting import area, day, euros, number

TEMPLATE = "rent_certificate"


def template_version() -> str:
    return str(layout.load_template(TEMPLATE)["version"])


def _yes_no(value: bool) -> str:
    return "ja" if value else "nein"


def _security(terms: LeaseTerms) -> tuple[str, str]:
    if terms.cooperative_shares and terms.cooperative_share_cents is not None:
        total = terms.cooperative_shares * terms.cooperative_share_cents
        shares = f"{terms.cooperative_shares} × {euros(terms.cooperative_share_cents)} = {euros(total)}"
        return "Genossenschaftsanteile", shares
    return "Kaution", euros(terms.deposit_cents) if terms.deposit_cents else "keine"


def _facts(terms: LeaseTerms) -> list[tuple[str, str]]:
    flat = terms.flat
    landlord = terms.landlord
    people = (*terms.tenants, *terms.occupants)
    return [
        ("Vermieter", f"{landlord.name}\n{landlord.street}, {landlord.postcode} {landlord.city}"),
        ("Mieter", "\n".join(person.name for person in terms.tenants)),
        ("Anschrift der Wohnung", f"{flat.street} {flat.house_number}, {flat.postcode} {flat.city}"),
        ("Mietbeginn", day(terms.start) if terms.start else ""),
        ("Wohnfläche", area(flat.living_area_m2)),
        ("Zimmer", number(flat.rooms, 1)),
        ("Heizung", f"{flat.heating_type}, Energieträger {flat.heating_fuel}"),
        ("Warmwasser zentral", _yes_no(flat.hot_water_central)),
        ("Zahl der Bewohner", str(len(people))),
        _security(terms),
        ("Miete direkt an den Vermieter", _yes_no(terms.direct_payment)),
    ]


def _costs(terms: LeaseTerms) -> Flowable:
    rent = terms.rent
    gross_cold = lease_rules.gross_cold_rent_cents(rent.net, rent.operating_costs)
    rows = [
        ("Nettokaltmiete", euros(rent.net)),
        ("Kalte Betriebskosten (Vorauszahlung)", euros(rent.operating_costs)),
        ("= Bruttokaltmiete", euros(gross_cold)),
        ("Heizkosten und Warmwasser (Vorauszahlung)", euros(rent.heating_costs)),
        ("Zuschläge (Garage, Möblierung)", euros(rent.surcharges)),
    ]
    return amount_table(rows, ("Gesamtmiete monatlich", euros(rent.total)))


def render_rent_certificate(terms: LeaseTerms) -> bytes:
    """Validate (refusing with German reasons) and render the Mietbescheinigung."""
    validate_terms(terms)
    template = layout.load_template(TEMPLATE)
    s = layout.styles()
    facts = _facts(terms)
    if terms.direct_payment:
        facts.append(("Konto des Vermieters", f"{terms.account_holder}, IBAN {spaced_iban(terms.iban)}"))
    story: list[Flowable] = [
        layout.paragraph(markup(str(template["title"])), s.title),
        para(str(template["subtitle"]), s.small),
        Spacer(1, 3 * mm),
        para(str(template["intro"])),
        Spacer(1, 2 * mm),
        label_value_table(facts, widths=(55 * mm, 115 * mm)),
        layout.paragraph("Monatliche Kosten", s.heading),
        _costs(terms),
        Spacer(1, 3 * mm),
        para(str(template["loan_note"])),
        para(str(template["closing"])),
        Spacer(1, 6 * mm),
        *signature_block([("Vermieter", terms.landlord.name)]),
    ]
    return layout.render(story, letterhead(terms.office), str(template["title"]), f"Aktenzeichen {terms.case_number}")
