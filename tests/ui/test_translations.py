"""Translation catalogues: complete, in step with the code, compiled, and loadable by Qt."""

from __future__ import annotations

import inspect
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from matcher.core import enums
from matcher.ui import catalogs, i18n, labels
from matcher.ui.i18n import catalog_path, pseudo

LANGUAGES = ("de", "en")


def messages(ts_file: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts_file).getroot()
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def core_labels() -> set[str]:
    classes = [c for _, c in inspect.getmembers(enums, inspect.isclass) if issubclass(c, enums.LabelledEnum)]
    return {member.label for cls in classes if cls is not enums.LabelledEnum for member in cls}


def assert_finished(ts_file: Path) -> None:
    entries = messages(ts_file)
    assert entries, ts_file
    open_ones = [(ctx, src) for ctx, src, tr in entries if tr.get("type") or not (tr.text or "").strip()]
    assert not open_ones, f"unfinished, vanished or empty in {ts_file.name}: {open_ones}"


def test_every_german_translation_is_finished():
    assert_finished(catalog_path("de", ".ts"))


def test_every_english_label_is_finished_and_every_core_label_is_marked():
    assert_finished(catalog_path("en", ".ts"))
    assert core_labels() <= set(labels.MARKED), core_labels() - set(labels.MARKED)
    english = {src for ctx, src, _ in messages(catalog_path("en", ".ts")) if ctx == labels.CONTEXT}
    assert core_labels() <= english


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_are_in_step_with_the_code(tmp_path, language):
    """lupdate over today's code adds nothing untranslated: every tr() string has its translation."""
    copy = tmp_path / catalog_path(language, ".ts").name
    shutil.copyfile(catalog_path(language, ".ts"), copy)
    catalogs.lupdate(language, copy)
    assert_finished(copy)
    assert len(messages(copy)) == len(messages(catalog_path(language, ".ts")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogues_match_their_sources(tmp_path, language):
    compiled = catalogs.lrelease(catalog_path(language, ".ts"), tmp_path / "fresh.qm")
    assert compiled.read_bytes() == catalog_path(language).read_bytes(), "run: python -m matcher.ui.catalogs"


def test_qm_files_load_and_translate():
    german, english = QTranslator(), QTranslator()
    assert german.load(str(catalog_path("de")))
    assert english.load(str(catalog_path("en")))
    assert german.translate("MainWindow", "Flats") == "Wohnungen"
    assert german.translate("FlatTableModel", "Living area") == "Wohnfläche"
    assert english.translate("Labels", "frei") == "available"


def test_qts_own_german_catalogue_is_found():
    translator = i18n.qt_catalog("de")
    assert translator is not None
    assert translator.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_pseudo_translation_lengthens_and_keeps_placeholders():
    text = pseudo("&Datei: %1 von %2")
    assert text.startswith("[&Dàtéî: %1 ") and "%2" in text and text.endswith("]")
    assert len(pseudo("Wohnungen")) >= len("Wohnungen") * 1.4
    assert pseudo("<b>Haus</b>").startswith("[<b>")
    assert pseudo("") == ""
