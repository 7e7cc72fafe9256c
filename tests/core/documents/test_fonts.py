"""Fonts: per-script runs, escaping of markup, and the refusal of characters no bundled font has."""

from __future__ import annotations

import pytest

from matcher.core.documents import fonts
from matcher.core.errors import ValidationFailed


def test_markup_characters_are_escaped_not_interpreted():
    assert fonts.markup('Ali <b> & <img src="/etc/passwd"/>') == 'Ali &lt;b&gt; &amp; &lt;img src="/etc/passwd"/&gt;'


def test_arabic_and_ethiopic_get_their_own_fonts_and_spaces_stay_in_the_run():
    runs = fonts.script_runs("Ahmad سمير حداد ተስፋይ")
    assert [(family.name, text) for family, text in runs] == [
        ("NotoSans", "Ahmad "),
        ("NotoSansArabic", "سمير حداد"),
        ("NotoSans", " "),
        ("NotoSansEthiopic", "ተስፋይ"),
    ]


@pytest.mark.parametrize(
    "name",
    ["Şükrü Ğüneş İlhan", "Łukasz Żółć", "Nguyễn Thị Hương", "Ольга Петренко", "Αθηνά", "سمير حداد", "ተስፋይ ገብረሚካኤል"],
)
def test_international_names_are_covered(name):
    assert fonts.uncovered_characters(name) == []


def test_a_character_no_font_has_is_refused_with_the_field_named():
    with pytest.raises(ValidationFailed) as caught:
        fonts.check_coverage({"member.1": ("Name der 1. Person", "Li 李")})
    assert caught.value.errors[0].field == "member.1"
    assert "Name der 1. Person" in str(caught.value)
    assert "U+674E" in str(caught.value)


def test_markup_refuses_what_it_cannot_print_instead_of_dropping_it():
    with pytest.raises(ValueError):
        fonts.markup("😀")


def test_arabic_words_are_laid_out_right_to_left_and_kept_apart_from_punctuation():
    # reportlab shapes each word but orders words left to right: the run's words come reversed, and a
    # comma touching the Arabic run gets a space so reportlab does not garble the word.
    assert fonts.markup("سمير حداد, geboren") == '<font name="NotoSansArabic">حداد سمير</font> , geboren'
