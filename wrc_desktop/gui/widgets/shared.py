"""Small helpers the dialogs share: code-backed combo boxes, date text, editable tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def fill_combo(combo: QComboBox, table: Mapping[str, str], *, blank: str | None = None) -> None:
    """Chinese labels shown, codes kept as item data (``blank`` adds a first "none" entry)."""
    combo.clear()
    if blank is not None:
        combo.addItem(blank, None)
    for code, label in table.items():
        if label:
            combo.addItem(label, code)


def combo_code(combo: QComboBox) -> str | None:
    return combo.currentData()


def set_combo_code(combo: QComboBox, code: object) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))


def qdate(day: dt.date) -> QDate:
    """A Python date as Qt's (PySide converts one at run time, but its type stubs do not say so)."""
    return QDate(day.year, day.month, day.day)


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def prepare_table(table: QTableWidget, widths: list[int]) -> None:
    """An editable list inside a dialog: row selection, sensible widths, the last column stretched."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


def set_cell(
    table: QTableWidget, row: int, column: int, text: str, *, editable: bool = True
) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    table.setItem(row, column, item)
    return item


def mark_cell(table: QTableWidget, row: int, column: int, message: str | None) -> None:
    """Tint a cell red with the error as its tooltip (None clears it)."""
    item = table.item(row, column)
    if item is None:
        item = set_cell(table, row, column, "")
    item.setData(Qt.ItemDataRole.BackgroundRole, None if message is None else _ERROR_TINT)
    item.setToolTip(message or "")


_ERROR_TINT = QColor("#fde7e7")


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask before something that cannot be taken back; the safe answer (否) is the default,
    so an Enter pressed out of habit changes nothing."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
