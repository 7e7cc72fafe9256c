"""The Übergabeprotokoll (handover record) as A4 PDF bytes: rooms, meter readings, keys, signatures.

A form: every printed datum comes from the terms (parties, flat address, handover date = planned
move-in, the rooms derived from the flat); the condition, defects, meter numbers, readings and key
counts are blank cells meant to be filled in by hand at the handover. Pure: validated terms in, bytes
out; the wording lives in `resources/templates/handover.json`.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from matcher.core.documents import layout
from matcher.core.documents.fonts import BODY_FONT, markup
from matcher.core.documents.layout import label_value_table, para, signature_block
from matcher.core.documents.lease_pdf import letterhead
from matcher.core.documents.terms import FlatData, LeaseTerms, Party, validate_terms
from matcher.core.enums import HeatingFuel
from matcher.core.formatting import day

TEMPLATE = "handover"
ROW_HEIGHT = 7.5 * mm


def template_version() -> str:
    return str(layout.load_template(TEMPLATE)["version"])


def rooms(flat: FlatData) -> list[str]:
    """The rooms of the flat as listed in the protocol (one row each)."""
    names = ["Wohnzimmer"]
    bedrooms = flat.bedrooms
    names += ["Schlafzimmer"] if bedrooms == 1 else [f"Schlafzimmer {n}" for n in range(1, bedrooms + 1)]
    if flat.has_kitchen:
        names.append("Küche")
    if flat.has_bath:
        names.append("Bad")
    names.append("Flur")
    if flat.has_cellar:
        names.append("Keller")
    return names


def meters(flat: FlatData) -> list[str]:
    names = ["Strom"]
    if flat.heating_fuel == HeatingFuel.GAS.label:
        names.append("Gas")
    return [*names, "Wasser kalt", "Wasser warm", "Wärmemenge (Heizung)"]


def _keys(keys: list[str], cellar_key: str) -> list[str]:
    """The keys listed in the template, plus the cellar key only where the flat has a cellar."""
    return [str(key) for key in keys] + ([cellar_key] if cellar_key else [])


def _address(party: Party) -> str:
    return f"{party.name}\n{party.street}, {party.postcode} {party.city}"


def _flat_address(flat: FlatData) -> str:
    floor = (
        "Erdgeschoss"
        if flat.floor == 0
        else (f"{-flat.floor}. Untergeschoss" if flat.floor < 0 else f"{flat.floor}. Obergeschoss")
    )
    position = ", ".join(
        part for part in (floor, f"Wohnung Nr. {flat.flat_number}" if flat.flat_number else "") if part
    )
    return f"{flat.street} {flat.house_number}, {flat.postcode} {flat.city}\n{position}"


def _form_table(header: list[str], labels: list[str], widths: list[float]) -> Table:
    """A ruled table: bold header, one printed label per row, the other cells empty for handwriting."""
    s = layout.styles()
    data: list[list[object]] = [[layout.paragraph(f"<b>{markup(h)}</b>", s.small) for h in header]]
    data += [[layout.paragraph(markup(label), s.body), *([""] * (len(header) - 1))] for label in labels]
    table = Table(data, colWidths=widths, rowHeights=[None, *([ROW_HEIGHT] * len(labels))], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def render_handover(terms: LeaseTerms) -> bytes:
    """Validate (refusing with German reasons) and render the Übergabeprotokoll."""
    validate_terms(terms)
    template = layout.load_template(TEMPLATE)
    s = layout.styles()
    flat = terms.flat
    facts = [("Vermieter", _address(terms.landlord))]
    if terms.owner is not None:
        facts.append(("Eigentümer", terms.owner.name))
    facts += [
        ("Mieter", "\n".join(person.name for person in terms.tenants)),
        ("Wohnung", _flat_address(flat)),
        ("Tag der Übergabe", day(terms.move_in) if terms.move_in else ""),
    ]
    signer = terms.landlord.name
    if terms.landlord.representative:
        signer = f"{signer}, {layout.represented_by(terms.landlord.representative)}"
    first, *rest = signature_block([("Vermieter", signer), *[("Mieter", p.name) for p in terms.tenants]])
    story: list[Flowable] = [
        layout.paragraph(markup(str(template["title"])), s.title),
        para(str(template["subtitle"]), s.small),
        Spacer(1, 2 * mm),
        label_value_table(facts),
        Spacer(1, 2 * mm),
        para(str(template["intro"])),
        layout.paragraph(markup(str(template["rooms_heading"])), s.heading),
        para(str(template["rooms_hint"]), s.small),
        _form_table(["Raum", "Zustand", "Mängel / Bemerkungen"], rooms(flat), [35 * mm, 40 * mm, 95 * mm]),
        KeepTogether(
            [
                layout.paragraph(markup(str(template["meters_heading"])), s.heading),
                _form_table(["Zähler", "Zählernummer", "Zählerstand"], meters(flat), [50 * mm, 60 * mm, 60 * mm]),
            ]
        ),
        KeepTogether(
            [
                layout.paragraph(markup(str(template["keys_heading"])), s.heading),
                _form_table(
                    ["Schlüssel", "Anzahl", "Bemerkungen"],
                    _keys(template["keys"], str(template["cellar_key"]) if flat.has_cellar else ""),
                    [50 * mm, 25 * mm, 95 * mm],
                ),
            ]
        ),
        Spacer(1, 3 * mm),
        KeepTogether(
            [
                para(str(template["closing"])),
                Spacer(1, 4 * mm),
                layout.paragraph("Unterschriften", s.heading),
                first,
            ]
        ),
        *rest,
    ]
    return layout.render(story, letterhead(terms.office), str(template["title"]), f"Aktenzeichen {terms.case_number}")
