"""办理事项: the list of cases with their status and next deadline; opens a case, creates one.

The cases are listed at once from the register (:class:`~wrc_desktop.desk.records.CaseHead`);
their checks — next deadline, what is missing — fill in behind, a few hundred cases per
background query, so a thousand open cases never keep the page empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
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

from ...desk import Changes
from ...desk import cases as desk_cases
from ...desk.records import CaseHead, CaseSummary
from ...rules.due import DueItem
from ...rules.permit_state import days_to
from ...rules.vocab import DISTRICTS
from ..dialogs.new_case_dialog import NewCaseDialog
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED

HEADERS = ["编号", "持证人", "事项", "所在区", "状态", "计划提交", "下一期限", "材料"]
_LATE = QColor(ERROR_RED)
_SOON = QColor("#a15c00")
_PENDING = QColor("#777777")
CHECKING = "检查中…"
# Cases checked per background query: the first few at once, then larger steps.
FIRST_CHECKS, MORE_CHECKS = 60, 250


class CasesModel(QAbstractTableModel):
    def __init__(self, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[CaseHead] = []  # a CaseSummary once its checks are in
        self._position: dict[int, int] = {}

    def set_rows(self, rows: list[CaseHead]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._position = {row.id: n for n, row in enumerate(self.rows)}
        self.endResetModel()

    def add_checks(self, summaries: list[CaseSummary]) -> None:
        """Put each case's checks into its row (cases no longer listed are passed over)."""
        changed = []
        for summary in summaries:
            position = self._position.get(summary.id)
            if position is not None:
                self.rows[position] = summary
                changed.append(position)
        if changed:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def unchecked(self) -> list[int]:
        """The ids of the cases whose checks are not in yet, in the order shown."""
        return [row.id for row in self.rows if not isinstance(row, CaseSummary)]

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
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if not isinstance(row, CaseSummary):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._head_text(row, column)
            if role == Qt.ItemDataRole.ForegroundRole and column >= 6:
                return _PENDING
            return None
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
            return self._head_text(row, column) if column < 6 else [deadline, ready][column - 6]
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.next_deadline:
            if row.next_deadline < self.today:
                return _LATE
            if (row.next_deadline - self.today).days <= 14:
                return _SOON
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.expiring:
            return "即将过期的材料：\n" + "\n".join(
                f"{title}：最晚 {day} 提交" for title, day in row.expiring
            )
        return None

    @staticmethod
    def _head_text(row: CaseHead, column: int) -> str:
        if column >= 6:
            return CHECKING
        return [
            row.number,
            row.holder_name,
            row.kind_label,
            DISTRICTS.get(row.district, row.district),
            row.status_label,
            row.submit_on.isoformat() if row.submit_on else "未定",
        ][column]


class CasesView(QWidget):
    """Self-contained: give it the register; it emits :attr:`open_case` with a case id."""

    open_case = Signal(int)

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._listing = 0  # the newest list asked for; its checks alone are shown
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
        self.scope.currentIndexChanged.connect(lambda _index: self.refresh())
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
        """After a write: list the cases again, checking again only those it may have changed
        (its cases, its holders' cases); anything wider checks every case again."""
        if changes.cases is None or changes.holders is None or changes.units or changes.settings:
            self.refresh()
            return
        stale = set(changes.cases) | {
            row.id for row in self.model.rows if row.holder_id in changes.holders
        }
        if stale:
            self.refresh(keep_checks=True, stale=stale)

    @property
    def checking(self) -> bool:
        """Some listed cases still wait for their checks."""
        return bool(self.model.unchecked())

    def refresh(self, *, keep_checks: bool = False, stale: Iterable[int] = ()) -> None:
        """List the cases afresh in the background, then check them; only the newest list is shown.

        ``keep_checks``: a case listed as before keeps its checks, unless it is in ``stale``."""
        self._listing += 1
        kept: dict[int, CaseSummary] = {}
        if keep_checks and self.model.today == self.today:
            gone = set(stale)
            kept = {
                row.id: row
                for row in self.model.rows
                if isinstance(row, CaseSummary) and row.id not in gone
            }
        open_only = bool(self.scope.currentData())
        self.ops.query(
            lambda desk: desk_cases.heads(desk, open_only=open_only),
            key="cases",
            owner=self,
            success=partial(self._listed, self._listing, kept=kept),
        )

    def _listed(self, listing: int, heads: list[CaseHead], kept: dict[int, CaseSummary]) -> None:
        if listing != self._listing:
            return  # a newer list is on its way
        self.model.today = self.today
        self.model.set_rows([_checked_as_before(head, kept.get(head.id)) for head in heads])
        self._show_summary()
        self._check_next(listing, FIRST_CHECKS)

    def _check_next(self, listing: int, size: int) -> None:
        """Ask for the checks of the next cases still without them (one query at a time)."""
        ids = self.model.unchecked()[:size]
        if not ids:
            return
        self.ops.query(
            lambda desk: desk_cases.summaries(desk, case_ids=ids),
            key="cases-checks",
            owner=self,
            success=partial(self._checked, listing),
            bulk=True,  # behind the small reads: a case window opened meanwhile comes first
        )

    def _checked(self, listing: int, rows: list[CaseSummary]) -> None:
        if listing != self._listing:
            return  # checks of a list since replaced; the new list asks for its own
        self.model.add_checks(rows)
        self._show_summary()
        self._check_next(listing, MORE_CHECKS)

    def _show_summary(self) -> None:
        rows = self.model.rows
        if not rows:
            empty = "没有进行中的办理事项。" if self.scope.currentData() else "还没有办理事项。"
            self.summary.setText(f"{empty}点“新建办理事项…”开始。")
            return
        waiting = len(self.model.unchecked())
        if waiting:
            self.summary.setText(f"共 {len(rows)} 件，正在检查材料和期限（还有 {waiting} 件）……")
            return
        ready = sum(isinstance(r, CaseSummary) and r.can_submit for r in rows)
        self.summary.setText(f"共 {len(rows)} 件，其中可提交 {ready} 件")

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


def _checked_as_before(head: CaseHead, checked: CaseSummary | None) -> CaseHead:
    """The case's checks of before, when the register still lists it the same way; else its head."""
    if checked is not None and all(
        getattr(checked, name) == value for name, value in head.__dict__.items()
    ):
        return checked
    return head
