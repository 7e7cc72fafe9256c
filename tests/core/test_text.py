"""Text hygiene: NFC, control characters and bidi overrides."""

from __future__ import annotations

import pytest

from matcher.core.text import TextRejected, clean_text, fold_for_search


def test_nfc_and_strip():
    assert clean_text("  Mu\u0308ller ") == "Müller"


@pytest.mark.parametrize("bad", ["A\u202eB", "A\u2066B", "A\x00B", "A\x1bB", "A\nB", "A\ud800B"])
def test_single_line_rejects_control_and_bidi(bad):
    with pytest.raises(TextRejected):
        clean_text(bad)


def test_multiline_keeps_newlines_and_tabs_but_not_other_controls():
    assert clean_text("Zeile 1\r\nZeile\t2", multiline=True) == "Zeile 1\nZeile\t2"
    with pytest.raises(TextRejected):
        clean_text("Zeile\x07", multiline=True)


def test_arabic_and_cyrillic_pass_unchanged():
    assert clean_text("محمد Олена") == "محمد Олена"


def test_fold_for_search_ignores_case_accents_and_sharp_s():
    assert fold_for_search("Sögel") == fold_for_search("SOGEL") == "sogel"
    assert fold_for_search("Großenkneten") == "grossenkneten"
