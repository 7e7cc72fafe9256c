"""The Generalmietvertrag (the owner lets a flat to the municipality) as A4 PDF bytes.

Contents by domain.md 5 and 6: owner as Vermieter, the municipality as Mieterin, the purpose
"Überlassung an Personen mit dringendem Wohnungsbedarf" (§ 578 Abs. 3 BGB), the right to sub-let, the
flat, the term (with the funding binding where the flat is funded), the municipality's notice rights, the
monthly cost (split into its parts where they add up to it), signatures. Pure: validated terms in,
bytes out; the wording lives in `resources/templates/head_lease.json`.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from matcher.core.documents import layout
from matcher.core.documents.fonts import markup
from matcher.core.documents.layout import amount_table, label_value_table, para, signature_block
from matcher.core.documents.lease_pdf import letterhead
from matcher.core.documents.terms import HeadLeaseTerms, Party, validate_head_lease_terms
from matcher.core.formatting import area, day, euros, number

TEMPLATE = "head_lease"


def template_version() -> str:
    return str(layout.load_template(TEMPLATE)["version"])


def _address(party: Party) -> str:
    lines = [party.name]
    if party.representative:
        lines.append(layout.represented_by(party.representative))
    lines.append(f"{party.street}, {party.postcode} {party.city}")
    return "\n".join(lines)


def _floor(value: int) -> str:
    if value == 0:
        return "Erdgeschoss"
    return f"{-value}. Untergeschoss" if value < 0 else f"{value}. Obergeschoss"


def _values(terms: HeadLeaseTerms) -> dict[str, str]:
    flat = terms.flat
    address = f"{flat.street} {flat.house_number}, {flat.postcode} {flat.city}"
    if flat.locality:
        address += f" (Ortsteil {flat.locality})"
    items = [
        ("Küche mit Einbauküche" if flat.fitted_kitchen else "Küche") if flat.has_kitchen else "",
        "Bad" if flat.has_bath else "",
        "Kellerraum" if flat.has_cellar else "",
        "Stellplatz" if flat.has_parking else "",
    ]
    binding = ""
    if terms.funded and terms.binding_end is not None:
        programme = f" ({terms.funding_programme})" if terms.funding_programme else ""
        binding = f" Die Wohnung ist gefördert{programme}; die Bindung endet am {day(terms.binding_end)}."
    if terms.notice_date is not None:
        notice = (
            f"Die Mieterin kann das Mietverhältnis erstmals zum {day(terms.notice_date)} ordentlich kündigen; "
            "danach mit den gesetzlichen Fristen (§ 580a BGB in Verbindung mit § 578 Abs. 3 BGB)."
        )
    else:
        notice = "Die Mieterin kann das Mietverhältnis mit den gesetzlichen Fristen ordentlich kündigen."
    if terms.end is not None:
        notice += f" Vor dem {day(terms.end)} ist die ordentliche Kündigung durch den Vermieter ausgeschlossen."
    return {
        "flat_address": address,
        "floor": _floor(flat.floor),
        "flat_number": f", Wohnung Nr. {flat.flat_number}" if flat.flat_number else "",
        "rooms": number(flat.rooms, 1),
        "living_area": area(flat.living_area_m2),
        "equipment": ", ".join(item for item in items if item) or "keine weiteren Räume",
        "start": day(terms.start) if terms.start else "",
        "end": day(terms.end) if terms.end else "",
        "binding": binding,
        "notice_text": notice,
    }


def _cost_table(terms: HeadLeaseTerms) -> Flowable:
    rent = terms.rent
    total = terms.monthly_cost_cents or 0
    parts = [
        ("Nettokaltmiete", rent.net),
        ("Vorauszahlung auf die Betriebskosten", rent.operating_costs),
        ("Vorauszahlung auf Heizung und Warmwasser", rent.heating_costs),
        ("Zuschläge (Garage, Möblierung)", rent.surcharges),
    ]
    # The split is printed only where the flat's figures add up to the agreed cost; otherwise only the sum.
    rows = [(label, euros(cents)) for label, cents in parts if cents] if sum(c for _, c in parts) == total else []
    return KeepTogether(
        [Spacer(1, 1 * mm), amount_table(rows, ("Miete monatlich insgesamt", euros(total))), Spacer(1, 2 * mm)]
    )


def _signer(party: Party) -> str:
    return f"{party.name}, {layout.represented_by(party.representative)}" if party.representative else party.name


def render_head_lease(terms: HeadLeaseTerms) -> bytes:
    """Validate (refusing with German reasons) and render the Generalmietvertrag."""
    validate_head_lease_terms(terms)
    assert terms.owner is not None and terms.municipality is not None  # validated above
    template = layout.load_template(TEMPLATE)
    s = layout.styles()
    title = str(template["title"])
    rows = [("Vermieter", _address(terms.owner)), ("Mieterin", _address(terms.municipality))]
    story: list[Flowable] = [
        layout.paragraph(markup(title), s.title),
        para(str(template["subtitle"]), s.small),
        Spacer(1, 2 * mm),
        para(str(template["intro"])),
        Spacer(1, 2 * mm),
        label_value_table(rows),
        Spacer(1, 2 * mm),
    ]
    values = _values(terms)
    term_texts, table = "limited" if terms.end is not None else "unlimited", _cost_table(terms)
    for number_, clause in enumerate(template["clauses"], start=1):
        story += layout.clause(number_, clause, values, term_texts=term_texts, table=table)
    first, *rest = signature_block([("Vermieter", _signer(terms.owner)), ("Mieterin", _signer(terms.municipality))])
    # CondPageBreak, not a KeepTogether around the (itself kept-together) first field: nesting them
    # left a page holding only the last clause.
    story += [CondPageBreak(50 * mm), Spacer(1, 4 * mm), layout.paragraph("Unterschriften", s.heading), first, *rest]
    return layout.render(story, letterhead(terms.office), title, f"Wohnung {terms.flat_id}")
