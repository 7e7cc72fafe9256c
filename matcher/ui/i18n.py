"""Interface language: Qt translators for German (default), English and a pseudo-translation.

Source strings in `matcher/ui` are English (`self.tr()`, `QCoreApplication.translate`); the German
catalogue `resources/translations/wohnraum_matcher_de.qm` gives the German interface, and Qt's own
`qtbase_de.qm` makes standard buttons and dialogs speak German too. Enum labels arrive German from the
core; the English catalogue translates them in the context "Labels" (see `labels.py`).

"pseudo" shows the German interface with every translated string accented, bracketed and about 40 %
longer: clipped or overlapping text shows up at once, and any string that stays plain was never
translated. Choose it with `--lang pseudo` or the environment variable WOHNRAUM_MATCHER_LANG=pseudo.

Number, money and date formats stay German in every language: the data is German administrative data
(`matcher.core.formatting`). Rebuild the catalogues with `python -m matcher.ui.catalogs`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from matcher.core.paths import RESOURCES_DIR
from matcher.ui import labels

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
CATALOG = "wohnraum_matcher"
LANGUAGES = ("de", "en", "pseudo")
DEFAULT_LANGUAGE = "de"
LANG_ENV = "WOHNRAUM_MATCHER_LANG"

_installed: list[QTranslator] = []  # Qt does not own translators: keep them alive while installed


def catalog_path(language: str, suffix: str = ".qm") -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{language}{suffix}"


def _load(path: Path) -> QTranslator | None:
    translator = QTranslator()
    if translator.load(str(path)):
        return translator
    log.warning("translation catalogue not loaded: %s", path.name)
    return None


def qt_catalog(language: str) -> QTranslator | None:
    """Qt's own strings (standard buttons, file dialogs, "Strg" in shortcuts)."""
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return _load(qt_dir / f"qtbase_{language}.qm")


def translators_for(language: str) -> list[QTranslator]:
    """The translators for a language, most general first (Qt asks the last installed first)."""
    if language == "de":
        return [t for t in (qt_catalog("de"), _load(catalog_path("de"))) if t]
    if language == "en":
        return [t for t in (_load(catalog_path("en")),) if t]
    if language == "pseudo":
        return [PseudoTranslator(translators_for("de"))]
    raise ValueError(f"unknown language {language!r}")


def install_translations(app: QCoreApplication, language: str) -> None:
    """Replace any installed translators by those for `language`. Call before building widgets."""
    remove_translations(app)
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    for translator in translators_for(language):
        app.installTranslator(translator)
        _installed.append(translator)


def remove_translations(app: QCoreApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())


_KEEP = re.compile(r"(%L?\d+|%n|<[^>]*>|&[a-z]+;|&)")
_ACCENTED = str.maketrans("aeiouyAEIOUYcnsCNS", "àéîõüýÀÉÎÕÜÝçñšÇÑŠ")


def pseudo(text: str) -> str:
    """'Wohnungen' → '[Wõhñüñgéñ ~~~~]': accented, bracketed, about 40 % longer; placeholders kept."""
    if not text:
        return text
    parts = _KEEP.split(text)
    # split() with one capture group alternates plain text (even indexes) and kept tokens (odd).
    body = "".join(part if i % 2 else part.translate(_ACCENTED) for i, part in enumerate(parts))
    padding = " ".join(["~~~~"] * max(1, len(text) // 10))  # in words, so that wrapped labels can break
    return f"[{body} {padding}]"


class PseudoTranslator(QTranslator):
    """Wraps the German translators and lengthens what they translate.

    A string without a translation comes back as None, a null QString, which tells Qt "not found" (an
    empty string would be shown as empty): PySide's `tr()` tries the context of each base class in turn
    and must fall through to the class that holds the translation, and a string never translated stays
    plain English, easy to spot. Enum labels are German in the source, so they are lengthened as they are.
    """

    def __init__(self, bases: list[QTranslator]) -> None:
        super().__init__()
        self._bases = list(reversed(bases))  # ask the most specific catalogue first, as Qt does

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        for base in self._bases:
            found = base.translate(context, source, disambiguation, n)
            if found:
                return pseudo(found)
        return pseudo(source) if context == labels.CONTEXT else None
