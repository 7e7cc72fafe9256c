"""The Mietvertrag über Wohnraum (the owner lets directly to the household) as A4 PDF bytes.

Pure: validated `LeaseTerms` in, bytes out. The clause wording lives in `resources/templates/lease.json`
(an office may adapt it; its `version` is archived with every document); this module only supplies the
figures, formatted the German way, and the parts that are tables (parties, rent, signatures).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from matcher.core.documents import layout
from matcher.core.documents.fonts import markup
from matcher.core.documents.layout import Letterhead, amount_table, label_value_table, para, signature_block
from matcher.core.documents.terms import LeaseTerms, Party, Person, validate_terms
from matcher.core.formatting import area, day, euros, number

TEMPLATE = "lease"
HOUSE_RULES_TEMPLATE = "house_rules"
SUBLEASE_TEMPLATE = "sublease"
USAGE_TEMPLATE = "usage_agreement"


def _with_annex(name: str) -> str:
    """The contract's template version and that of the house rules annex printed with it (both archived)."""
    contract = layout.load_template(name)["version"]
    return f"{contract}+{layout.load_template(HOUSE_RULES_TEMPLATE)['version']}"


def template_version() -> str:
    return _with_annex(TEMPLATE)


def sublease_template_version() -> str:
    return _with_annex(SUBLEASE_TEMPLATE)


def usage_template_version() -> str:
    return _with_annex(USAGE_TEMPLATE)


def render_usage_agreement(terms: LeaseTerms) -> bytes:
    """The cooperative's Dauernutzungsvertrag: the lease clauses plus membership and shares."""
    return _render_contract(terms, USAGE_TEMPLATE)


def render_lease(terms: LeaseTerms) -> bytes:
    """Validate (refusing with German reasons) and render the Mietvertrag (owner lets directly)."""
    return _render_contract(terms, TEMPLATE)


def render_sublease(terms: LeaseTerms) -> bytes:
    """The Untermietvertrag: the municipality lets on; the same clauses plus the § 549 Abs. 2 Nr. 3 notice
    and the notice periods without tenant protection, from `resources/templates/sublease.json`."""
    return _render_contract(terms, SUBLEASE_TEMPLATE)


def _render_contract(terms: LeaseTerms, template_name: str) -> bytes:
    validate_terms(terms)
    template = layout.load_template(template_name)
    title = str(template["title"])
    story: list[Flowable] = [layout.paragraph(markup(title), layout.styles().title)]
    story += _parties(terms, str(template["intro"]))
    values = clause_values(terms)
    term_texts, table = "fixed" if terms.fixed_term_end is not None else "unlimited", _rent_table(terms)
    clauses = list(template["clauses"])
    for number_, clause in enumerate(clauses[:-1], start=1):
        story += layout.clause(number_, clause, values, term_texts=term_texts, table=table)
    last = layout.clause(len(clauses), clauses[-1], values, term_texts=term_texts, table=table)
    story += _signatures(terms, last)
    story += house_rules_annex(str(template["contract"]))
    return layout.render(story, letterhead(terms.office), title, f"Aktenzeichen {terms.case_number}")


def house_rules_annex(contract: str) -> list[Flowable]:
    """The Hausordnung from `resources/templates/house_rules.json`, on a page of its own after the signatures
    of `contract` ("Mietvertrag", "Dauernutzungsvertrag" …), which the annex names as the one it belongs to."""
    template = layout.load_template(HOUSE_RULES_TEMPLATE)

    def named(text: object) -> str:
        return str(text).replace("{Vertrags}", f"{contract}s").replace("{Vertrag}", contract)

    s = layout.styles()
    story: list[Flowable] = [
        PageBreak(),
        layout.paragraph(markup(named(template["title"])), s.title),
        para(named(template["intro"])),
    ]
    for number_, rule in enumerate(template["rules"], start=1):
        heading = layout.paragraph(f"{number_}. {markup(named(rule['heading']))}", s.heading)
        story.append(KeepTogether([heading, para(named(rule["text"]))]))
    return story


def letterhead(office: Party) -> Letterhead:
    address = ", ".join(part for part in (office.street, f"{office.postcode} {office.city}".strip()) if part)
    return Letterhead(office.name, office.representative, address)


def _address(party: Party) -> str:
    lines = [party.name]
    if party.representative:
        lines.append(layout.represented_by(party.representative))
    lines.append(f"{party.street}, {party.postcode} {party.city}")
    return "\n".join(lines)


def _people(people: tuple[Person, ...]) -> str:
    return "\n".join(f"{p.name}, geboren {p.born}" if p.born else p.name for p in people)


def _parties(terms: LeaseTerms, intro_text: str) -> list[Flowable]:
    rows = [("Vermieter", _address(terms.landlord))]
    if terms.owner is not None:
        rows.append(("Eigentümer", _address(terms.owner)))
    rows.append(("Mieter", _people(terms.tenants)))
    rows.append(("Weitere Bewohner", _people(terms.occupants) if terms.occupants else "keine"))
    intro = para(intro_text)
    return [intro, Spacer(1, 2 * mm), label_value_table(rows), Spacer(1, 2 * mm)]


def _floor(value: int) -> str:
    if value == 0:
        return "Erdgeschoss"
    if value < 0:
        return f"{-value}. Untergeschoss"
    return f"{value}. Obergeschoss"


def _equipment(terms: LeaseTerms) -> str:
    flat = terms.flat
    items = [
        ("Küche mit Einbauküche" if flat.fitted_kitchen else "Küche") if flat.has_kitchen else "",
        "Bad" if flat.has_bath else "",
        "Kellerraum" if flat.has_cellar else "",
        "Stellplatz" if flat.has_parking else "",
    ]
    return ", ".join(item for item in items if item) or "keine weiteren Räume"


def _deposit_text(terms: LeaseTerms) -> str:
    if terms.deposit_cents == 0:
        return "Eine Mietsicherheit wird nicht vereinbart."
    first, second, third = (euros(cents) for cents in terms.deposit_instalments)
    return (
        f"Die Mieter leisten eine Mietsicherheit von {euros(terms.deposit_cents)}; sie beträgt höchstens das Dreifache "
        "der monatlichen Nettokaltmiete (§ 551 Abs. 1 BGB). Die Mieter dürfen sie in drei gleichen monatlichen "
        f"Teilzahlungen leisten ({first}, {second} und {third}); die erste ist zu Beginn des Mietverhältnisses "
        "fällig, die weiteren mit den unmittelbar folgenden Mieten (§ 551 Abs. 2 BGB). Der Vermieter legt die "
        "Sicherheit getrennt von seinem Vermögen bei einem Kreditinstitut zu dem für Spareinlagen mit "
        "dreimonatiger Kündigungsfrist üblichen Zinssatz an; die Zinsen stehen den Mietern zu (§ 551 Abs. 3 BGB)."
    )


def _energy_text(terms: LeaseTerms) -> str:
    flat = terms.flat
    parts = [flat.energy_certificate_kind]
    if flat.energy_kwh_per_m2 is not None:
        parts.append(f"Energiekennwert {number(flat.energy_kwh_per_m2, 1)} kWh/(m²·a)")
    if flat.energy_class:
        parts.append(f"Effizienzklasse {flat.energy_class}")
    return ", ".join(parts)


def clause_values(terms: LeaseTerms) -> dict[str, str]:
    """Every {field} the lease template may use, formatted for print (German dates and money)."""
    flat = terms.flat
    address = f"{flat.street} {flat.house_number}, {flat.postcode} {flat.city}"
    if flat.locality:
        address += f" (Ortsteil {flat.locality})"
    return {
        "flat_address": address,
        "owner_name": terms.owner.name if terms.owner is not None else "",
        **_cooperative_values(terms),
        "floor": _floor(flat.floor),
        "flat_number": f", Wohnung Nr. {flat.flat_number}" if flat.flat_number else "",
        "rooms": number(flat.rooms, 1),
        "living_area": area(flat.living_area_m2),
        "equipment": _equipment(terms),
        "start": day(terms.start) if terms.start else "",
        "fixed_term_end": day(terms.fixed_term_end) if terms.fixed_term_end else "",
        "fixed_term_reason": terms.fixed_term_reason,
        "account_holder": terms.account_holder,
        "iban": spaced_iban(terms.iban),
        "bic": f", BIC {terms.bic}" if terms.bic else "",
        "direct_payment": (
            "Die Mieter sind damit einverstanden, dass die zuständige Stelle (Jobcenter oder Sozialamt) die Miete "
            "unmittelbar an den Vermieter zahlt (§ 22 Abs. 7 SGB II)."
            if terms.direct_payment
            else "Die Mieter zahlen die Miete selbst."
        ),
        "heating": flat.heating_type,
        "hot_water": "zentral" if flat.hot_water_central else "dezentral (in der Wohnung)",
        "deposit_text": _deposit_text(terms),
        "pets_text": (
            "Kleintiere dürfen gehalten werden; die Haltung anderer Tiere, insbesondere von Hunden und Katzen, bedarf "
            "der Erlaubnis des Vermieters, die er nur aus sachlichem Grund verweigern darf."
            if flat.pets_allowed
            else "Die Haltung von Tieren außer Kleintieren bedarf der vorherigen Erlaubnis des Vermieters; sie darf "
            "nur aus sachlichem Grund verweigert werden."
        ),
        "smoke_text": (
            "Die Wohnung ist mit Rauchwarnmeldern nach § 44 Abs. 5 NBauO ausgestattet. Der Vermieter sorgt für den "
            "Einbau; die Sicherstellung der Betriebsbereitschaft obliegt den Mietern, soweit nicht der Vermieter "
            "sie übernimmt."
            if flat.smoke_detectors
            else "Der Vermieter stattet die Wohnung vor der Übergabe mit Rauchwarnmeldern nach § 44 Abs. 5 NBauO aus."
        ),
        "energy_text": _energy_text(terms),
    }


def _cooperative_values(terms: LeaseTerms) -> dict[str, str]:
    shares, each = terms.cooperative_shares or 0, terms.cooperative_share_cents or 0
    return {
        "membership_number": terms.membership_number,
        "shares_count": str(shares),
        "share_amount": euros(each),
        "shares_total": euros(shares * each),
        "shares_paid_by": terms.shares_paid_by,
    }


def spaced_iban(iban: str) -> str:
    compact = iban.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _rent_table(terms: LeaseTerms) -> Flowable:
    rent = terms.rent
    rows = [
        ("Nettokaltmiete", euros(rent.net)),
        ("Vorauszahlung auf die Betriebskosten", euros(rent.operating_costs)),
        ("Vorauszahlung auf Heizung und Warmwasser", euros(rent.heating_costs)),
    ]
    if rent.surcharges:
        rows.append(("Zuschläge (Garage, Möblierung)", euros(rent.surcharges)))
    return KeepTogether(
        [Spacer(1, 1 * mm), amount_table(rows, ("Gesamtmiete monatlich", euros(rent.total))), Spacer(1, 2 * mm)]
    )


def _signatures(terms: LeaseTerms, last_clause: list[Flowable]) -> list[Flowable]:
    """The signatures, the first kept on the page of the last clause: a page that holds nothing but
    signatures could be put under other contract pages."""
    landlord = terms.landlord
    signer = (
        f"{landlord.name}, {layout.represented_by(landlord.representative)}"
        if landlord.representative
        else landlord.name
    )
    parties = [("Vermieter", signer)]
    parties += [("Mieter", person.name) for person in terms.tenants]
    heading = layout.paragraph("Unterschriften", layout.styles().heading)
    first, *rest = signature_block(parties)
    return [KeepTogether([*last_clause, Spacer(1, 4 * mm), heading, first]), *rest]
