"""办理事项: the list of cases with their status and next deadline; opens a case, creates one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..desk import Changes
from ..desk import cases as desk_cases
from ..rules.due import DueItem
from ..rules.permit_state import days_to
from ..rules.vocab import DISTRICTS
from ..store.cases import CaseSummary
from .new_case_dialog import NewCaseDialog
from .operations import RegisterOps

HEADERS = ["编号", "持证人", "事项", "所在区", "状态", "计划提交", "下一期限", "材料"]
_LATE = QColor("#b00020")
_SOON = QColor("#a15c00")


class CasesModel(QAbstractTableModel):
    def __init__(self, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[CaseSummary] = []

    def set_rows(self, rows: list[CaseSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            deadline = (
                f"{row.next_deadline.isoformat()} {row.next_deadline_what}"
                f"（{days_to(row.next_deadline, self.today)}）"
                if row.next_deadline
                else "—"
            )
            ready = (
                "可提交"
                if row.can_submit
                else (f"缺 {row.missing} 项" if row.missing else f"{row.blocking} 个问题")
            )
            return [
                row.number,
                row.holder_name,
                row.kind_label,
                DISTRICTS.get(row.district, row.district),
                row.status_label,
                row.submit_on.isoformat() if row.submit_on else "未定",
                deadline,
                ready,
            ][column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.next_deadline:
            if row.next_deadline < self.today:
                return _LATE
            if (row.next_deadline - self.today).days <= 14:
                return _SOON
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.expiring:
            return "即将过期的材料：\n" + "\n".join(
                f"{title}：最晚 {day} 提交" for title, day in row.expiring
            )
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class CasesView(QWidget):
    """Self-contained: give it the register; it emits :attr:`open_case` with a case id."""

    open_case = Signal(int)

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = CasesModel(self.today, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 90, 150, 80, 80, 90, 300)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(
            lambda index: self.open_case.emit(self.model.rows[index.row()].id)
        )

        title = QLabel("办理事项")
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.scope = QComboBox()
        self.scope.addItem("进行中", True)
        self.scope.addItem("全部", False)
        self.scope.currentIndexChanged.connect(self.refresh)
        self.new_button = QPushButton("新建办理事项…")
        self.new_button.clicked.connect(lambda: self.new_case())
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self._open_selected)
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #555;")
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(self.scope)
        bar.addStretch(1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.ops.changed.connect(self.apply_changes)
        self.refresh()

    @property
    def today(self) -> dt.date:
        return self.ops.desk.today()

    def apply_changes(self, changes: Changes) -> None:
        if changes.cases is None or changes.cases or changes.holders is None or changes.settings:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the list in the background; only the newest computation is shown."""
        open_only = bool(self.scope.currentData())
        self.ops.query(
            lambda desk: desk_cases.summaries(desk, open_only=open_only),
            key="cases",
            owner=self,
            success=self._show,
            bulk=True,
        )

    def _show(self, rows: list[CaseSummary]) -> None:
        self.model.today = self.today
        self.model.set_rows(rows)
        ready = sum(r.can_submit for r in rows)
        empty = "没有进行中的办理事项。" if self.scope.currentData() else "还没有办理事项。"
        self.summary.setText(
            f"共 {len(rows)} 件，其中可提交 {ready} 件"
            if rows
            else f"{empty}点“新建办理事项…”开始。"
        )

    def new_case(self, holder_id: int | None = None, task: DueItem | None = None) -> int | None:
        dialog = NewCaseDialog(self.ops, holder_id=holder_id, task=task, parent=self)
        if dialog.exec() == NewCaseDialog.DialogCode.Accepted and dialog.case_id is not None:
            self.open_case.emit(dialog.case_id)
            return dialog.case_id
        return None

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_case.emit(self.model.rows[rows[0].row()].id)
