"""待办's table (a pointing hand over links and group titles; Space or Enter folds a group)
and a one-shot watch for its next paint."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QTableView, QWidget

from ..models.due_cells import ITEM_ROLE, LINK_COLUMN, LinkDelegate
from ..models.due_model import GROUP_ROLE, DueModel


class DueTable(QTableView):
    """The list's table: a pointing hand over a row's link, as over a link on a web page,
    and over a group's title, which folds and unfolds the group."""

    def __init__(self, links: LinkDelegate) -> None:
        super().__init__()
        self._links = links
        self.setMouseTracking(True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        position = event.position().toPoint()
        index = self.indexAt(position)
        item = index.data(ITEM_ROLE) if index.column() == LINK_COLUMN else None
        over = (
            item is not None
            and self._links.target_at(
                self.visualRect(index), item, position, QFontMetrics(self.font())
            )
            is not None
        ) or (index.isValid() and index.data(GROUP_ROLE) is not None)
        if over:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space or Enter on a group's title folds or unfolds it, as a click does."""
        toggles = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        current = self.currentIndex()
        model = self.model()
        if (
            toggles
            and current.isValid()
            and isinstance(model, DueModel)
            and model.toggle(current.row())
        ):
            return
        super().keyPressEvent(event)


class AfterPaint(QObject):
    """Calls ``then`` once, on the event loop's turn after ``viewport``'s next paint."""

    def __init__(self, viewport: QWidget, then: Callable[[], object]) -> None:
        super().__init__(viewport)
        self._then = then
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._done)  # after this paint, not before it
        return False

    def _done(self) -> None:
        self._then()
        self.deleteLater()
