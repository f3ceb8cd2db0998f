"""Guard against PySide6 releases whose Python-side ``emit()`` drops references to True/False.

PySide6 6.12.0 on Python 3.11 does (the interpreter aborts with "bool_dealloc"
after a few thousand emits), so pyproject.toml excludes it. A fresh install
that picks up another release with the same bug fails here, not on a clerk's desk.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Source(QObject):
    fired = Signal(int)
    pinged = Signal()


def test_python_side_emits_keep_the_booleans_alive(qapp):
    source, received = _Source(), []
    source.fired.connect(received.append)
    source.pinged.connect(lambda: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(200):
        source.fired.emit(number)
        source.pinged.emit()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    assert received == list(range(200))
