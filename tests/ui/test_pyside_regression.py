"""PySide6 6.12.0 on Python 3.11 aborts the interpreter ("Fatal Python error: none_dealloc") after a few
thousand calls of void-returning Qt methods; 6.11.3 on 3.11 and 6.12.0 on 3.12 run the same loop fine
(shared/verified.md, pyproject.toml pins). Run in a subprocess: the failure kills the process, not a test.
"""

from __future__ import annotations

import os
import subprocess
import sys

REPRODUCER = """
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem

item = QStandardItem()
for i in range(200_000):
    item.setData(i, Qt.ItemDataRole.UserRole)  # returns None: each call once lost a reference to None
assert item.data(Qt.ItemDataRole.UserRole) == 199_999
print("ok")
"""


def test_many_void_returning_qt_calls_do_not_abort_the_interpreter():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", REPRODUCER], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert result.stdout.strip() == "ok"
