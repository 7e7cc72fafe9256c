"""House rules of the layers: the core knows no screen, the window writes no SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_core_sources_never_import_qt():
    offenders = {
        f: n for f, n in _imports(ROOT / "matcher" / "core").items() if any(m.startswith("PySide6") for m in n)
    }
    assert offenders == {}


def test_importing_the_whole_core_loads_no_qt():
    code = (
        "import pkgutil, importlib, sys, matcher.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'matcher.core.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.startswith('PySide6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ui_writes_no_sql_and_opens_no_sessions():
    forbidden = ("sqlmodel", "sqlalchemy")
    offenders = {
        f: n for f, n in _imports(ROOT / "matcher" / "ui").items() if any(m.split(".")[0] in forbidden for m in n)
    }
    assert offenders == {}
