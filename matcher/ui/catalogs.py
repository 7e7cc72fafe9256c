"""Building the translation catalogues (a developer tool; the program only reads the .qm files).

    .venv/bin/python -m matcher.ui.catalogs            # lupdate, then lrelease
    .venv/bin/python -m matcher.ui.catalogs --release  # lrelease only, after editing a .ts

`lupdate` collects the marked strings into `resources/translations/*.ts` — German from every module
of `matcher/ui` except `labels.py` (whose source text is already German), English from `labels.py`
only (enum labels; the English interface's other strings are the source texts themselves). New
strings arrive as unfinished; translate them in Qt Linguist (`pyside6-linguist`) or the XML, then
release. Line numbers are left out of the .ts files so a moved line does not churn the diff.
`tests/ui/test_translations.py` fails when a string is untranslated or a .qm is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    release_only = "--release" in (sys.argv[1:] if argv is None else argv)
    for language in SOURCE_LANGUAGE:
        ts_file = catalog_path(language, ".ts") if release_only else lupdate(language)
        lrelease(ts_file, catalog_path(language))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
