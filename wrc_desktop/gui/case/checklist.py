"""The case window's checklist: its tree (files dropped on an item attach to it), and the
rows and problems it shows for a case's view."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ...desk.records import CaseView
from ...rules.case_checks import ITEM_STATES
from ...rules.checklists import ChecklistItem
from ..models.status_colours import ERROR_RED

COLUMNS = ["序号", "材料", "提供方", "状态", "日期", "有效期至", "最晚可提交", "文件"]
# The reds are the app's one error red (to come from status_colours.ERROR_RED).
STATE_COLOURS = {
    "missing": ERROR_RED,
    "generated": "#a15c00",
    "collected": "#1f6fc5",
    "attached": "#2e7d32",
}
LATE = ERROR_RED  # a last valid day already passed; a problem that blocks the submission
HINT = "#555555"  # a problem that only advises
KEY_ROLE = Qt.ItemDataRole.UserRole  # an item's key (the checklist's row, the problem's item)


class ChecklistTree(QTreeWidget):
    """The checklist; files dropped on a row are attached to that item."""

    files_dropped = Signal(str, list)  # item key, paths

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(COLUMNS)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((44, 330, 56, 150, 90, 90, 90, 60)):
            self.setColumnWidth(column, width)
        # The material's name takes whatever room the window has: not cut off where there is room.
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _paths(self, event: QDropEvent) -> list[str]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [url.toLocalFile() for url in urls if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        if item is not None and self._paths(event):
            self.setCurrentItem(item)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        paths = self._paths(event)
        if item is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(item.data(0, KEY_ROLE), paths)

    def current_key(self) -> str | None:
        item = self.currentItem()
        return item.data(0, KEY_ROLE) if item else None

    def select_key(self, key: str) -> None:
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item is not None and item.data(0, KEY_ROLE) == key:
                self.setCurrentItem(item)

    def show_rows(self, view: CaseView, today: dt.date) -> None:
        """The case's items afresh; the item selected before stays selected."""
        current = self.current_key()
        self.clear()
        for row in view.rows:
            state = row.state.state
            files = sum(a.kind == "file" for a in row.attachments)
            forms = sum(a.kind == "form" for a in row.attachments)
            title = row.title if not row.item or row.item.required else f"{row.title}（如适用）"
            item = QTreeWidgetItem(
                [
                    f"{row.number:02d}",
                    title,
                    row.item.provider if row.item else "",
                    ITEM_STATES[state],
                    day(row.state.dated),
                    day(row.state.valid_until),
                    day(row.valid_through),
                    f"{files}" + (f"+表{forms}" if forms else ""),
                ]
            )
            item.setData(0, KEY_ROLE, row.key)
            item.setForeground(3, QBrush(QColor(STATE_COLOURS[state])))
            if row.valid_through is not None and row.valid_through < today:
                item.setForeground(6, QBrush(QColor(LATE)))
            if row.item:
                item.setToolTip(1, item_help(row.item))
            self.addTopLevelItem(item)
            if row.key == current:
                self.setCurrentItem(item)


def show_problems(problems: QListWidget, view: CaseView) -> None:
    """The case's problems, those that block the submission (●) in red, the hints (○) in grey."""
    problems.clear()
    for problem in view.check.problems:
        text = f"{'●' if problem.blocking else '○'} {problem.subject}：{problem.message}"
        entry = QListWidgetItem(text)
        entry.setData(KEY_ROLE, problem.item)
        entry.setForeground(QBrush(QColor(LATE if problem.blocking else HINT)))
        entry.setToolTip(
            f"规则：{problem.rule}\n依据：{problem.source or '—'}"
            + ("\n未核实 — 请向区人力社保局确认" if problem.unverified else "")
        )
        problems.addItem(entry)


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def item_help(item: ChecklistItem) -> str:
    lines = [f"{item.title}（{item.provider}提供）", f"准备：{item.preparation or '—'}"]
    if item.validity_text:
        lines.append(f"有效期要求：{item.validity_text}")
    lines.append(f"依据：{item.source}" + (f" “{item.quote}”" if item.quote else ""))
    if item.unverified:
        lines.append("未核实 — 请向区人力社保局确认")
    if item.form:
        lines.append("可由“生成表格”生成，签字盖章后扫描附上。")
    return "\n".join(lines)
