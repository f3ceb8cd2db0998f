"""Small pieces the settings tabs share: explanatory notes, status lines, read-only tables."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

from ..models.status_colours import ERROR_RED

MUTED_STYLE = "color: #555;"
OK_STYLE = "color: #2e7d32;"
WARN_COLOUR = "#b35c00"
WARN_STYLE = f"color: {WARN_COLOUR};"
ERROR_STYLE = f"color: {ERROR_RED};"


DETAILS_LINK = "详情"


def note(text: str, parent: QWidget | None = None, *, details: str = "") -> QLabel:
    """A wrapped grey explanation under a heading.

    ``details``, the longer story, stays out of the page (which must fit a laptop at 150 %):
    a 详情 link at the end of the note shows it when the mouse rests on the note or clicks it.
    """
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(MUTED_STYLE)
    if not details:
        label.setText(text)
        return label
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(f'{html.escape(text)} <a href="#details">{DETAILS_LINK}</a>')
    # Rich text in a tooltip wraps at a readable width; plain text would be one long line.
    label.setToolTip(f"<p>{html.escape(details)}</p>")
    label.linkActivated.connect(
        lambda _link: QToolTip.showText(QCursor.pos(), label.toolTip(), label)
    )
    return label


class StatusLine(QLabel):
    """One line that says what the last action did (green) or why it failed (red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def ok(self, text: str) -> None:
        self._show(text, OK_STYLE)

    def warn(self, text: str) -> None:
        self._show(text, WARN_STYLE)

    def error(self, text: str) -> None:
        self._show(text, ERROR_STYLE)

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, text: str, style: str) -> None:
        self.setStyleSheet(style)
        self.setText(text)
        self.setVisible(bool(text))


def read_only_item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def fill_row(
    table: QTableWidget, row: int, texts: list[str], tooltips: list[str] | None = None
) -> None:
    for column, text in enumerate(texts):
        tip = tooltips[column] if tooltips and column < len(tooltips) else ""
        table.setItem(row, column, read_only_item(text, tip))


def list_table(headers: list[str], *, stretch: int) -> QTableWidget:
    """A read-only table of rows to pick one from; column ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
