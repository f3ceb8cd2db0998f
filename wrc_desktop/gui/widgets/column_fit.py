"""A table's columns fitted to the width it has, at any display scale (100 %, 125 %, 150 %).

At 150 % a 1366-pixel screen leaves a page about 780 logical pixels wide: fixed widths
chosen for 100 % pushed 待办's 办理/打开 links off-screen and cut 下一步 to ten characters.
Here the columns whose content has one size (dates, day counts, the links) get that size,
measured with the table's font; the text columns get at least a few characters each, then
what they would like in the order of :class:`Flexible`, and one column takes the rest.
Text that does not fit is cut with "…" and shown whole in its tooltip
(:class:`ElidingDelegate`). Only when even the minimums do not fit (a page narrower than
1366 pixels at 150 % leaves) does the table scroll sideways.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

PADDING = 16  # the cell's margins and a little air, in logical pixels


@dataclass(frozen=True)
class Flexible:
    """A text column: never narrower than ``minimum`` characters, ``preferred`` when there is room."""

    column: int
    minimum: float  # in the font's em (one CJK character)
    preferred: float


def text_width(metrics: QFontMetrics, texts: Iterable[str]) -> int:
    """The widest of ``texts`` in a cell, margins included."""
    return max(metrics.horizontalAdvance(text) for text in texts) + PADDING


def ems(metrics: QFontMetrics, texts: Iterable[str]) -> float:
    """How many ems (CJK characters) the widest of ``texts`` takes, margins not included."""
    return max(metrics.horizontalAdvance(text) for text in texts) / metrics.horizontalAdvance("中")


class ColumnFitter(QObject):
    """Keeps ``table``'s columns fitted to its viewport whenever the viewport changes width.

    ``fixed``: column → width (content-sized, e.g. from :func:`text_width`); ``flexible``:
    the text columns, the most wanted first; ``fill``: the columns that take what is left,
    the first one shown.
    """

    def __init__(
        self,
        table: QTableView,
        *,
        fixed: dict[int, int],
        flexible: Sequence[Flexible],
        fill: Sequence[int],
    ) -> None:
        super().__init__(table)
        self.table = table
        self.fixed = dict(fixed)
        self.flexible = list(flexible)
        self.fill = list(fill)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in self.fixed:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def widths(self, available: int) -> dict[int, int]:
        """Each shown column's width for a viewport ``available`` pixels wide."""
        em = QFontMetrics(self.table.font()).horizontalAdvance("中")
        shown = [f for f in self.flexible if not self.table.isColumnHidden(f.column)]
        widths = {c: w for c, w in self.fixed.items() if not self.table.isColumnHidden(c)}
        widths.update({f.column: round(f.minimum * em) + PADDING for f in shown})
        spare = available - sum(widths.values())
        for flexible in shown:  # the most wanted first, up to what each would like
            if spare <= 0:
                break
            grow = min(spare, round((flexible.preferred - flexible.minimum) * em))
            widths[flexible.column] += grow
            spare -= grow
        filler = next((column for column in self.fill if column in widths), None)
        if spare > 0 and filler is not None:
            widths[filler] += spare
        return widths

    def fit(self) -> None:
        # A pixel to spare: a sum exactly the viewport's width can bring the scroll bar back.
        available = self.table.viewport().width() - 1
        bar = self.table.verticalScrollBar()
        if not bar.isVisibleTo(self.table):  # (Qt hides the bar's container, not the bar)
            # The room beside the vertical scroll bar, shown or not: when the rows arrive and
            # it appears the columns stay as they are. Refitted then, they were painted twice
            # (the table repaints whatever lies right of a column that changed width).
            available -= bar.sizeHint().width()
        header = self.table.horizontalHeader()
        for column, width in self.widths(available).items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


class ElidingDelegate(QStyledItemDelegate):
    """Cells cut with "…" at the end (the view's elide mode); a cell without a tooltip of its
    own shows its whole text as one when it was cut."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = full_text(view, index)
            if text is not None:
                cell = index.sibling(index.row(), index.column())
                QToolTip.showText(event.globalPos(), text, view.viewport(), view.visualRect(cell))
                return True
        return super().helpEvent(event, view, option, index)


def full_text(view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> str | None:
    """The whole text of a cell that was cut and has no tooltip of its own; else None."""
    if index.data(Qt.ItemDataRole.ToolTipRole):
        return None
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if not isinstance(text, str) or not text:
        return None
    cell = index.sibling(index.row(), index.column())  # a QModelIndex, persistent or not
    room = view.visualRect(cell).width() - PADDING // 2
    return text if QFontMetrics(view.font()).horizontalAdvance(text) > room else None
