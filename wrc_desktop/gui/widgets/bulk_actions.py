"""The bulk actions of 待办 and 登记册 (知悉, 暂缓 to a date, 登记失效) and their one undo.

One :class:`BulkActions` per window, shared by both pages and the window's 编辑 → 撤销:
it asks the clerk to confirm how many of what (:class:`BulkDialog`), queues the action on
the register's writer as one use case (:mod:`wrc_desktop.desk.bulk`), and keeps what the
last action wrote, so that one undo takes back exactly that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...desk import bulk as desk_bulk
from ..doors.operations import Busy, RegisterOps

TITLES = {
    desk_bulk.HANDLED: "批量知悉",
    desk_bulk.SNOOZED: "批量暂缓提醒",
    desk_bulk.LOST: "批量登记失效",
}
OK_TEXT = {desk_bulk.HANDLED: "标记已处理", desk_bulk.SNOOZED: "暂缓", desk_bulk.LOST: "登记失效"}


class BulkDialog(QDialog):
    """How many of what the action will change (and skip); for 暂缓 the day, for marks a note."""

    def __init__(self, plan: desk_bulk.BulkPlan, today: dt.date, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(TITLES[plan.action])
        self.setMinimumWidth(420)
        self.question = QLabel()
        self.question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        self.until: QDateEdit | None = None
        self.note: QPlainTextEdit | None = None
        if plan.action == desk_bulk.SNOOZED:
            self.until = QDateEdit(_qdate(today + dt.timedelta(days=7)))
            self.until.setCalendarPopup(True)
            self.until.setDisplayFormat("yyyy-MM-dd")
            self.until.setMinimumDate(_qdate(today + dt.timedelta(days=1)))
            self.until.dateChanged.connect(self._say)
            row = QHBoxLayout()
            row.addWidget(QLabel("到此日期再提醒："))
            row.addWidget(self.until)
            row.addStretch(1)
            layout.addLayout(row)
        if plan.action != desk_bulk.LOST and plan.items:
            self.note = QPlainTextEdit()
            self.note.setPlaceholderText("备注（每一项都记入审计记录）")
            self.note.setFixedHeight(60)
            layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(OK_TEXT[plan.action] if plan.items else "确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ok.setEnabled(bool(plan.items))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._say()

    def chosen_until(self) -> dt.date | None:
        if self.until is None:
            return None
        date = self.until.date()
        return dt.date(date.year(), date.month(), date.day())

    def chosen_note(self) -> str:
        return self.note.toPlainText().strip() if self.note is not None else ""

    def _say(self, *_args: object) -> None:
        self.question.setText(self.plan.question(self.chosen_until()))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class BulkActions(QObject):
    """Confirms and queues bulk actions; keeps the last one's undo record for 编辑 → 撤销."""

    done = Signal(str)  # what was done (or undone), for the status bar
    undo_changed = Signal(str)  # what 撤销 would take back; "" when nothing

    def __init__(self, ops: RegisterOps, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.last: desk_bulk.BulkUndo | None = None
        self.busy: list[Busy] = []  # the window's 撤销 action and link: off while an undo runs

    @property
    def undo_text(self) -> str:
        return self.last.what if self.last is not None else ""

    def confirm(self, plan: desk_bulk.BulkPlan, parent: QWidget) -> bool:
        """Ask the clerk (how many of what), then queue the action; True when queued."""
        dialog = BulkDialog(plan, self.ops.desk.today(), parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not plan.items:
                return False
            until, note = dialog.chosen_until(), dialog.chosen_note()
        finally:
            dialog.deleteLater()  # not kept as the page's child until the window goes
        return self.run(plan, parent, until=until, note=note)

    def run(
        self,
        plan: desk_bulk.BulkPlan,
        parent: QWidget,
        *,
        until: dt.date | None = None,
        note: str = "",
        title: str = "无法完成",
        busy: Busy | None = None,
        then: Callable[[], object] | None = None,
    ) -> bool:
        """Queue ``plan`` on the writer (all of it or nothing); its undo replaces the last one.

        A refusal (e.g. a day not after today) is shown under ``title``; ``then`` runs once written.
        """

        def applied(outcome: desk_bulk.BulkDone) -> None:
            if outcome.undo is not None:
                self._keep(outcome.undo)
            self.done.emit(outcome.message)
            if then is not None:
                then()

        return self.ops.write(
            lambda desk: desk_bulk.apply(desk, plan, until=until, note=note),
            initiator=parent,
            parent=parent,
            success=applied,
            failure=lambda error: QMessageBox.warning(parent, title, str(error)),
            busy=busy,
        )

    def undo(self, parent: QWidget | None = None) -> bool:
        """Take back the last bulk action; True when queued (False: nothing to undo).

        The window's 撤销 action and link (:attr:`busy`) are off until the outcome is known;
        a refusal (changed since) drops the record, anything else leaves it to try again.
        """
        record = self.last
        if record is None:
            return False

        def undone(message: str) -> None:
            if self.last is record:
                self._keep(None)
            self.done.emit(message)

        def refused(error: Exception) -> None:
            if isinstance(error, desk_bulk.UndoRefused) and self.last is record:
                self._keep(None)
            QMessageBox.warning(parent, "无法撤销", str(error))

        return self.ops.write(
            lambda desk: desk_bulk.undo(desk, record),
            initiator=self,
            parent=parent,
            success=undone,
            failure=refused,
            busy=list(self.busy),
        )

    def _keep(self, record: desk_bulk.BulkUndo | None) -> None:
        self.last = record
        self.undo_changed.emit(self.undo_text)
