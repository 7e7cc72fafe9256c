"""The Wohnungsgeberbestätigung (§ 19 BMG) as A4 PDF bytes: the landlord confirms the move-in.

Contents by § 19 Abs. 3 BMG and domain.md 5: the Wohnungsgeber's name and address (the municipality when
it sub-lets), the owner's name only when the owner is someone else, the kind of event (Einzug) with its
date, the flat's address, and the names of everyone moving in. Pure: validated terms in, bytes out;
the wording lives in `resources/templates/registration.json`.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from matcher.core.documents import layout
from matcher.core.documents.fonts import markup
from matcher.core.documents.layout import label_value_table, para, signature_block
from matcher.core.documents.lease_pdf import letterhead
from matcher.core.documents.terms import LeaseTerms, Party, validate_terms
from matcher.core.formatting import day

TEMPLATE = "registration"


def template_version() -> str:
    return str(layout.load_template(TEMPLATE)["version"])


def _address(party: Party) -> str:
    return f"{party.name}\n{party.street}, {party.postcode} {party.city}"


def _flat_address(terms: LeaseTerms) -> str:
    flat = terms.flat
    lines = [f"{flat.street} {flat.house_number}", f"{flat.postcode} {flat.city}"]
    position = ", ".join(
        part for part in (_floor(flat.floor), f"Wohnung Nr. {flat.flat_number}" if flat.flat_number else "") if part
    )
    return "\n".join([*lines, position])


def _floor(value: int) -> str:
    if value == 0:
        return "Erdgeschoss"
    return f"{-value}. Untergeschoss" if value < 0 else f"{value}. Obergeschoss"


def render_registration(terms: LeaseTerms) -> bytes:
    """Validate (refusing with German reasons) and render the Wohnungsgeberbestätigung."""
    validate_terms(terms)
    template = layout.load_template(TEMPLATE)
    s = layout.styles()
    people = "\n".join(person.name for person in (*terms.tenants, *terms.occupants))
    rows = [("Wohnungsgeber", _address(terms.landlord))]
    if terms.owner is not None:
        rows.append(("Eigentümer der Wohnung", terms.owner.name))
    rows += [
        ("Meldepflichtiger Vorgang", "Einzug"),
        ("Datum des Einzugs", day(terms.move_in) if terms.move_in else ""),
        ("Anschrift der Wohnung", _flat_address(terms)),
        ("Eingezogene Personen", people),
    ]
    story: list[Flowable] = [
        layout.paragraph(markup(str(template["title"])), s.title),
        para(str(template["subtitle"])),
        Spacer(1, 3 * mm),
        para(str(template["intro"])),
        Spacer(1, 2 * mm),
        label_value_table(rows, widths=(50 * mm, 120 * mm)),
        Spacer(1, 4 * mm),
        para(str(template["obligation"])),
        *[para(str(text), s.small) for text in template["warnings"]],
        Spacer(1, 6 * mm),
        *signature_block([("Wohnungsgeber", terms.landlord.name)]),
    ]
    return layout.render(story, letterhead(terms.office), str(template["title"]), f"Aktenzeichen {terms.case_number}")
