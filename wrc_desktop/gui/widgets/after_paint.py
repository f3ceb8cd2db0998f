"""Run something once a widget has painted: work that would otherwise hold up its first paint.

A worker started as a page is shown takes Python's interpreter lock just when the page's view
paints, and the paint calls into Python for each visible cell: at 50,000 holders the register's
first paint took 160–230 ms while its search keys began loading their pinyin dictionary on the
bulk reader (the lock held ~0.1 s in one piece), 40–60 ms without. Started once the view has
painted, the same work costs the clerk nothing they can see.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    """Watches ``widget`` for its next paint, then runs ``then`` from the event loop, once."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has finished, not within it.
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


def after_next_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Run ``then`` on the UI thread once ``widget`` has next painted (never, if it does not)."""
    _AfterPaint(widget, then)
