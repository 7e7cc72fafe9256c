"""Building the translation catalogues (a developer tool; the program only reads the .qm files).

    .venv/bin/python -m matcher.ui.catalogs            # lupdate, then lrelease
    .venv/bin/python -m matcher.ui.catalogs --release  # lrelease only, after editing a .ts
    .venv/bin/python -m matcher.ui.catalogs --fill F.json …  # lupdate, fill German from F, lrelease

`lupdate` collects the marked strings into `resources/translations/*.ts` — German from every module
of `matcher/ui` except `labels.py` (whose source text is already German), English from `labels.py`
only (enum labels; the English interface's other strings are the source texts themselves). New
strings arrive as unfinished; translate them in Qt Linguist (`pyside6-linguist`) or the XML, then
release. Line numbers are left out of the .ts files so a moved line does not churn the diff.
`tests/ui/test_translations.py` fails when a string is untranslated or a .qm is stale.

`--fill` takes JSON files of `[{"context": …, "source": …, "de": …}]` (for a "%n" message `de` is the
list of its singular and plural) and writes those German texts
into the unfinished messages of the German catalogue: a way to translate many new strings at once
without Qt Linguist. A lock file keeps two runs at the same time from overwriting each other.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matcher.ui.i18n import catalog_path

UI_DIR = Path(__file__).resolve().parent
LABELS_MODULE = UI_DIR / "labels.py"
SOURCE_LANGUAGE = {"de": "en", "en": "de"}


def tool(name: str) -> str:
    """A Qt tool from the running interpreter's environment (the venv), else from PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found; install PySide6 in this environment")
    return found


def sources(language: str) -> list[Path]:
    if language == "en":
        return [LABELS_MODULE]
    return sorted(p for p in UI_DIR.glob("*.py") if p != LABELS_MODULE)


def lupdate(language: str, ts_file: Path | None = None) -> Path:
    target = ts_file or catalog_path(language, ".ts")
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [tool("pyside6-lupdate"), *map(str, sources(language)), "-ts", str(target)]
    command += ["-locations", "none", "-no-obsolete", "-silent"]
    command += ["-source-language", SOURCE_LANGUAGE[language], "-target-language", language]
    subprocess.run(command, check=True)
    return target


def lrelease(ts_file: Path, qm_file: Path) -> Path:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True)
    return qm_file


def fill(ts_file: Path, entries: list[dict[str, Any]]) -> int:
    """Write the German texts of `entries` into unfinished messages; returns how many were filled."""
    wanted = {(e["context"], e["source"]): e["de"] for e in entries}
    tree = ET.parse(ts_file)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            key = (name, message.findtext("source", ""))
            if translation is None or translation.get("type") != "unfinished" or key not in wanted:
                continue
            text = wanted[key]
            if isinstance(text, list):  # plural forms of a "%n" message: singular, plural
                for form, value in zip(translation.findall("numerusform"), text, strict=True):
                    form.text = value
            else:
                translation.text = text
            del translation.attrib["type"]
            filled += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")
    return filled


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    while True:
        try:
            fd = os.open(lock_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            time.sleep(0.2)
    try:
        yield
    finally:
        os.close(fd)
        lock_file.unlink()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    release_only = "--release" in args
    fill_files = [Path(a) for a in args[args.index("--fill") + 1 :]] if "--fill" in args else []
    with _locked(catalog_path("de", ".lock")):
        for language in SOURCE_LANGUAGE:
            ts_file = catalog_path(language, ".ts") if release_only else lupdate(language)
            if language == "de" and fill_files:
                entries = [e for f in fill_files for e in json.loads(f.read_text(encoding="utf-8"))]
                print(f"{fill(ts_file, entries)} German texts filled in")
                lupdate(language)  # back to lupdate's own layout, so the diff shows only the texts
            lrelease(ts_file, catalog_path(language))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
