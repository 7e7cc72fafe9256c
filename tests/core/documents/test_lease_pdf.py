"""The printed Mietvertrag: every required item is in the extracted text, with German formats, and every
name prints exactly as entered."""

from __future__ import annotations

import re
import string
import subprocess
import unicodedata
from datetime import date

import pytest

from matcher.core import models as M
from matcher.core.documents import layout
from matcher.core.documents.lease_pdf import clause_values, render_lease
from matcher.core.documents.terms import load_terms
from matcher.core.enums import DocumentKind, Relationship

from .conftest import flat_text, members, pdf_text, update, word_positions


def _prepare(db, placement, given_names=("Amina",), family_name="Haddad"):
    """A household of adults with the given names plus one child, and round figures for the rent."""
    people = members(db, placement.household_id)
    with db.session() as session:  # at least the adults asked for and one child
        for extra in range(len(people), len(given_names) + 1):
            session.add(
                M.Member(
                    household_id=placement.household_id,
                    given_name="X",
                    family_name="X",
                    position=extra,
                    relationship=Relationship.CHILD,
                )
            )
    people = members(db, placement.household_id)
    update(db, M.Placement, placement.id, lease_start=date(2027, 2, 1), direct_payment=True)
    update(
        db,
        M.Flat,
        placement.flat_id,
        net_rent_cents=123_456,
        operating_costs_cents=20_000,
        heating_costs_cents=9_544,
        surcharges_cents=0,
        deposit_cents=370_368,
    )
    names = [*given_names, "Kind"]
    for index, person in enumerate(people):
        adult = index < len(given_names)
        update(
            db,
            M.Member,
            person.id,
            given_name=names[min(index, len(names) - 1)] + ("" if index < len(names) else str(index)),
            family_name=family_name,
            birth_date=date(1985, 3, 9 + index) if adult else date(2019, 6, 1 + index),
            birth_year=None,
            relationship=Relationship.APPLICANT
            if index == 0
            else Relationship.PARTNER
            if adult
            else Relationship.CHILD,
        )
    return members(db, placement.household_id)


def _lease(db, placement) -> bytes:
    return render_lease(load_terms(db, DocumentKind.LEASE, placement.id))


def test_lease_contains_every_required_item_in_german_formats(demo_db, placement):
    people = _prepare(demo_db, placement)
    with demo_db.read_session() as session:
        flat = session.get(M.Flat, placement.flat_id)
        landlord = session.get(M.Landlord, flat.landlord_id)
    pdf = _lease(demo_db, placement)
    text = flat_text(pdf)
    assert pdf.startswith(b"%PDF")
    required = [
        "Mietvertrag über Wohnraum",
        "Landkreis Emsland",  # letterhead
        landlord.name,
        f"{people[0].given_name} {people[0].family_name}, geboren 09.03.1985",
        f"{flat.street} {flat.house_number}, {flat.postcode}",
        "beginnt am 01.02.2027 und läuft auf unbestimmte Zeit",
        "Kündigungsfrist drei Monate",
        "Nettokaltmiete 1.234,56 €",
        "Vorauszahlung auf die Betriebskosten 200,00 €",
        "Vorauszahlung auf Heizung und Warmwasser 95,44 €",
        "Gesamtmiete monatlich 1.530,00 €",
        "dritten Werktag des Monats",
        "der Samstag zählt dabei nicht als Werktag",
        "Zahlungsauftrag bis dahin ihrer Bank erteilt",
        "Mietsicherheit von 3.703,68 €",
        "(1.234,56 €, 1.234,56 € und 1.234,56 €)",
        "getrennt von seinem Vermögen",
        "zwölf Monate nach Ende des Abrechnungszeitraums",
        "Schönheitsreparaturen und die Instandhaltung der Wohnung obliegen dem Vermieter",
        "Die Hausordnung ist als Anlage Bestandteil",
        "Erlaubnis des Vermieters (§ 540 BGB)",
        "Art. 13 DSGVO",
        "§ 80 GEG",
        "Rauchwarnmeldern nach § 44 Abs. 5 NBauO",
        f"Unterschrift Mieter: {people[0].given_name} {people[0].family_name}",
    ]
    missing = [item for item in required if item not in text]
    assert missing == []
    assert re.search(r"IBAN DE\d\d( \d{4}){4} \d\d", text)
    pages = int(re.findall(r"Seite 1 von (\d+)", text)[0])
    assert f"Seite {pages} von {pages}" in text
    assert text.count("Ort, Datum") == 1 + sum(1 for p in people if p.relationship != Relationship.CHILD)


def test_children_are_listed_as_occupants_and_do_not_sign(demo_db, placement):
    people = _prepare(demo_db, placement)
    children = [p for p in people if p.relationship == Relationship.CHILD]
    text = flat_text(_lease(demo_db, placement))
    child = f"{children[0].given_name} {children[0].family_name}"
    assert f"Weitere Bewohner {child}" in text
    assert f"Unterschrift Mieter: {child}" not in text


def test_fixed_term_prints_end_and_575_reason(demo_db, placement):
    _prepare(demo_db, placement)
    reason = "Der Vermieter will die Wohnung ab dem 01.02.2029 für seine Tochter nutzen."
    update(demo_db, M.Placement, placement.id, fixed_term_end=date(2029, 1, 31), fixed_term_reason=reason)
    text = flat_text(_lease(demo_db, placement))
    assert "beginnt am 01.02.2027 und endet am 31.01.2029" in text
    assert f"Grund der Befristung (§ 575 Abs. 1 BGB): {reason}" in text
    assert "unbestimmte Zeit" not in text


HOSTILE = ["Ali <b>", "A & B <font size=80>", '<img src="/etc/passwd"/>']
INTERNATIONAL = ["Şükrü Ğüneş İlhan", "Łukasz Żółć", "Nguyễn Thị Hương", "Ольга Петренко", "ተስፋይ ገብረሚካኤል"]


@pytest.mark.parametrize("name", HOSTILE + INTERNATIONAL)
def test_names_print_exactly_as_entered(demo_db, placement, name):
    _prepare(demo_db, placement, given_names=(name,), family_name="Test")
    pdf = _lease(demo_db, placement)
    text = flat_text(pdf)
    assert f"{unicodedata.normalize('NFKC', name)} Test, geboren 09.03.1985" in text
    assert "\ufffd" not in text and "\uffff" not in pdf_text(pdf)


def _left_of(words, letters: str) -> float:
    """Where the word made of `letters` stands (shaped glyphs come as presentation forms and ligatures in
    visual order; NFKC folds them back to letters, so the letters are compared as a multiset)."""
    lefts = [left for _top, left, word in words if sorted(word) == sorted(letters)]
    assert lefts, f"{letters} not found"
    return lefts[0]


def test_arabic_name_is_shaped_and_reads_right_to_left(demo_db, placement):
    _prepare(demo_db, placement, given_names=("سمير",), family_name="حداد")
    pdf = _lease(demo_db, placement)
    words = word_positions(pdf)
    # "سمير حداد": the given name comes first in reading order, so it stands to the right of the family name.
    assert _left_of(words, "سمير") > _left_of(words, "حداد")
    text = flat_text(pdf)
    assert "geboren 09.03.1985" in text
    assert "\uffff" not in pdf_text(pdf)


def test_only_the_bundled_fonts_are_used_and_all_are_embedded(demo_db, placement, tmp_path):
    _prepare(demo_db, placement, given_names=("سمير", "ተስፋይ"), family_name="Haddad")
    path = tmp_path / "lease.pdf"
    path.write_bytes(_lease(demo_db, placement))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert {row.split()[0].split("+")[-1] for row in rows} == {
        "NotoSans-Regular",
        "NotoSans-Bold",
        "NotoSansArabic-Regular",
        "NotoSansEthiopic-Regular",
    }
    assert all(" yes " in row for row in rows)
    assert "Helvetica" not in listing


def test_every_template_field_is_filled_and_an_unknown_one_stops_printing(demo_db, placement):
    values = clause_values(load_terms(demo_db, DocumentKind.LEASE, placement.id))
    template = layout.load_template("lease")
    texts = [
        t
        for clause in template["clauses"]
        for key in ("paragraphs", "unlimited", "fixed", "after_table")
        for t in clause.get(key, [])
    ]
    fields = {field for text in texts for _lit, field, _spec, _conv in string.Formatter().parse(text) if field}
    assert fields <= set(values)
    with pytest.raises(KeyError):
        layout.fill("Miete: {unbekannt}", values)
