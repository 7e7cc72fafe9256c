"""House rules that tools check: ruff (lint and format) everywhere, mypy on the Qt-free core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout


def test_code_is_formatted():
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_core_type_checks(tmp_path):
    result = _run("mypy", "--cache-dir", str(tmp_path), "matcher/core")
    assert result.returncode == 0, result.stdout
