"""Übersicht der Pflichten: the main duties in German next to the household's language, with review status."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date

import pytest

from matcher.core import models as M
from matcher.core.documents import archive, duties_pdf, layout
from matcher.core.documents.duties_pdf import load_duties, render_duties
from matcher.core.documents.fonts import check_coverage, rtl_line_markup
from matcher.core.enums import DocumentKind
from matcher.core.errors import ValidationFailed

from .conftest import flat_text, members, update

KIND = DocumentKind.DUTIES_SUMMARY
LANGUAGES = ("en", "tr", "uk", "ru", "ar", "fa", "ti")
GERMAN_HEADINGS = ("Miete", "Kaution", "Hausordnung", "Heizen und Lüften", "Mülltrennung")


def _summary(db, placement, language: str | None) -> bytes:
    update(db, M.Placement, placement.id, lease_start=date(2027, 2, 1))
    with db.read_session() as session:
        return render_duties(load_duties(session, KIND, placement.id, language))


def _fonts_of_file(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_prints_the_german_duties_the_binding_note_and_the_review_status(
    demo_db, placement, language, tmp_path
):
    pdf = _summary(demo_db, placement, language)
    text = flat_text(pdf)
    for heading in GERMAN_HEADINGS:
        assert heading in text
    assert "Verbindlich ist allein der deutsche Mietvertrag." in text
    assert "Übersetzung nicht geprüft." in text
    assert "spätestens bis zum dritten Werktag des Monats" in text
    fonts = _fonts_of_file(pdf, tmp_path)
    assert "Helvetica" not in fonts
    if language in ("ar", "fa"):
        assert "NotoSansArabic-Regular" in fonts and "NotoSansArabic-Bold" in fonts
    if language == "ti":
        assert "NotoSansEthiopic-Regular" in fonts and "NotoSansEthiopic-Bold" in fonts


@pytest.mark.parametrize("language", ["uk", "tr", "ru", "en", "ti"])
def test_left_to_right_translations_round_trip_through_pdftotext(demo_db, placement, language):
    data = duties_pdf.translation(language)
    text = flat_text(_summary(demo_db, placement, language))
    for item in [
        data["title"],
        data["binding_note"],
        data["unreviewed_note"],
        data["sections"]["rent"]["text"],
        data["sections"]["waste"]["heading"],
        data["labels"]["rent"],
    ]:
        assert " ".join(item.split()) in text


def test_facts_show_tenants_rent_and_deposit_instalments(demo_db, placement):
    update(
        demo_db,
        M.Flat,
        placement.flat_id,
        net_rent_cents=40_000,
        operating_costs_cents=10_000,
        heating_costs_cents=6_000,
        surcharges_cents=0,
        deposit_cents=120_000,
    )
    text = flat_text(_summary(demo_db, placement, "tr"))
    adults = members(demo_db, placement.household_id)
    assert f"{adults[0].given_name} {adults[0].family_name}" in text
    assert "Mietbeginn Kiranın başlangıcı 01.02.2027" in text
    assert "560,00 €" in text
    assert "1.200,00 € (400,00 € + 400,00 € + 400,00 €)" in text


def test_the_household_language_is_the_default(demo_db, placement):
    people = members(demo_db, placement.household_id)
    for person in people:
        update(demo_db, M.Member, person.id, languages="")
    update(demo_db, M.Member, people[0].id, languages="Deutsch, Tigrinya, Englisch")
    with demo_db.read_session() as session:
        assert load_duties(session, KIND, placement.id, None).language == "ti"
    update(demo_db, M.Member, people[0].id, languages="Dari")
    with demo_db.read_session() as session:
        assert load_duties(session, KIND, placement.id, None).language == "fa"


def test_without_a_known_household_language_the_caseworker_is_asked_to_choose(demo_db, placement):
    for person in members(demo_db, placement.household_id):
        update(demo_db, M.Member, person.id, languages="Deutsch, Kurdisch (Kurmandschi)")
    with pytest.raises(ValidationFailed, match="Bitte wählen Sie die Sprache aus: Arabisch \\(ar\\)"):
        archive.produce(demo_db, KIND, placement.id)
    assert archive.documents_for_placement(demo_db, placement.id) == []


def test_an_unknown_language_is_refused_in_german(demo_db, placement):
    with pytest.raises(ValidationFailed, match="Für die Sprache „xx“ gibt es keine Übersetzung der Pflichten"):
        archive.produce(demo_db, KIND, placement.id, language="xx")


def test_dari_is_served_by_the_farsi_text():
    assert duties_pdf.translation("prs")["language"] == "fa"
    assert duties_pdf.translation("AR")["language"] == "ar"


def test_summary_is_archived_with_its_language_and_both_template_versions(demo_db, placement):
    update(demo_db, M.Placement, placement.id, lease_start=date(2027, 2, 1))
    document = archive.produce(demo_db, KIND, placement.id, language="ar")
    stored = archive.get_document(demo_db, document.id)
    assert stored.kind == KIND and stored.language == "ar"
    assert stored.template_version == "pflichten-2026.1+pflichten-ar-2026.1"
    assert stored.file_name.endswith("-ar.pdf")
    assert json.loads(stored.terms_json)["language"] == "ar"


def test_every_shipped_translation_is_complete_and_printable():
    base = duties_pdf.german()
    for data in duties_pdf.translations().values():
        assert duties_pdf._template_errors(data, base) == []
        check_coverage(duties_pdf._texts(data))
        assert data["reviewed"] is False  # nobody has checked them yet: they must say so


def test_an_incomplete_translation_is_refused_naming_the_gap():
    data = json.loads(json.dumps(duties_pdf.translation("en")))
    del data["sections"]["waste"]
    data["labels"]["rent"] = ""
    errors = duties_pdf._template_errors(data, duties_pdf.german())
    assert len(errors) == 1
    assert "„labels.rent“" in errors[0].message and "„sections.waste.heading“" in errors[0].message


def test_a_template_text_no_font_can_print_is_refused():
    data = json.loads(json.dumps(duties_pdf.translation("en")))
    data["sections"]["rent"]["text"] += " \U0001f600"
    with pytest.raises(ValidationFailed, match="U\\+1F600"):
        check_coverage(duties_pdf._texts(data))


def test_review_note_follows_the_template_status():
    base = duties_pdf.german()
    data = dict(duties_pdf.translation("uk"))
    assert duties_pdf._review_note(data, base) == ("Übersetzung nicht geprüft.", "Переклад не перевірено")
    data |= {"reviewed": True, "reviewed_by": "O. Koval", "reviewed_on": "01.03.2027"}
    assert duties_pdf._review_note(data, base) == (
        "Übersetzung geprüft von O. Koval am 01.03.2027.",
        "Переклад перевірено",
    )


def test_rent_due_day_matches_the_lease_template():
    lease_rent = next(c for c in layout.load_template("lease")["clauses"] if c["id"] == "rent")
    summary_rent = next(s for s in duties_pdf.german()["sections"] if s["id"] == "rent")
    assert "dritten Werktag des Monats" in " ".join(lease_rent["after_table"])
    assert "dritten Werktag des Monats" in summary_rent["text"]


def test_a_right_to_left_line_is_laid_out_from_the_right_with_its_full_stop():
    line = rtl_line_markup("كلمة أخرى.")
    assert line == '<font name="NotoSansArabic">أخرى. كلمة</font>'
    bold = rtl_line_markup("نص (Kaution)", bold=True)
    assert re.fullmatch(
        r'<font name="NotoSans-Bold">.*Kaution.*</font><font name="NotoSansArabic-Bold">.*نص</font>', bold
    )


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_paragraphs_keep_the_lines_they_were_broken_into(language):
    style = layout.styles().body
    for section in duties_pdf.translation(language)["sections"].values():
        for width in (150, 230, 300):
            paragraph = layout.rtl_paragraph(section["text"], style, width)
            paragraph.wrap(width, 10_000)
            assert len(paragraph.blPara.lines) == paragraph.text.count("<br/>") + 1 > 1
