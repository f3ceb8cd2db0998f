"""设置 → 每日提醒: the reminder that reaches the clerk when the app is closed.

The same job as ``wrc reminders install | status | uninstall`` (:mod:`wrc_desktop.reminders`):
a per-user Task Scheduler task on Windows, a systemd user timer elsewhere. The system's
scheduler commands may take a few seconds, so they run off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...reminders.jobs import ReminderJob, job_for_this_system
from ..doors.background import run_in_background
from ..widgets.shared import confirm
from .common import StatusLine, note

DEFAULT_TIME = dt.time(9, 0)
_INSTALLED_AT = re.compile(r"每天 (\d{1,2}):(\d{2})")


class RemindersTab(QWidget):
    """Install, check and remove the daily reminder at a time the clerk picks."""

    def __init__(
        self,
        job: Callable[[], ReminderJob] = job_for_this_system,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.busy = False
        box = QGroupBox("每日提醒（程序关闭时也会通知）")
        explain = note(
            "每天在选定的时间检查待办：有已逾期或本周到期的事项时，弹出一条系统通知，"
            "写明件数和最紧急的一项，点击通知打开本程序的待办。没有到期事项时不打扰。"
            "电脑在该时间关机的，下次登录时补上。只读登记册，不作任何修改。"
        )
        self.time = QTimeEdit(QTime(DEFAULT_TIME.hour, DEFAULT_TIME.minute))
        self.time.setDisplayFormat("HH:mm")
        self.install_button = QPushButton("开启每日提醒")
        self.install_button.clicked.connect(self.install)
        self.status_button = QPushButton("查看状态")
        self.status_button.clicked.connect(self.refresh)
        self.uninstall_button = QPushButton("关闭每日提醒…")
        self.uninstall_button.clicked.connect(self.uninstall)
        row = QHBoxLayout()
        row.addWidget(QLabel("提醒时间"))
        row.addWidget(self.time)
        row.addSpacing(12)
        for button in (self.install_button, self.status_button, self.uninstall_button):
            row.addWidget(button)
        row.addStretch(1)
        self.state = QLabel("正在查看是否已开启……")
        self.state.setWordWrap(True)
        self.message = StatusLine()
        inner = QVBoxLayout(box)
        inner.addWidget(explain)
        inner.addLayout(row)
        inner.addWidget(self.state)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self._checked = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._checked:  # the scheduler is asked when the clerk first looks
            self._checked = True
            self.refresh()

    def picked_time(self) -> dt.time:
        value = self.time.time()
        return dt.time(value.hour(), value.minute())

    def refresh(self) -> None:
        self._run(lambda job: job.status(), self._show_state, quiet=True)

    def install(self) -> None:
        at = self.picked_time()
        self._run(lambda job: (job.install(at), job.status()), self._done)

    def uninstall(self) -> None:
        if not confirm(self, "关闭每日提醒", "关闭后，程序未打开时将不再提醒到期事项。确定关闭？"):
            return
        self._run(lambda job: (job.uninstall(), job.status()), self._done)

    # ------------------------------------------------------------ off the UI thread

    def _run(self, work: Callable[[ReminderJob], Any], done, *, quiet: bool = False) -> None:
        if self.busy:
            return
        self._set_busy(True)
        if not quiet:
            self.message.clear_message()
        job = self.job

        def finished(result: Any) -> None:
            self._set_busy(False)
            done(result)

        def failed(error: Exception) -> None:
            self._set_busy(False)
            self.message.error(str(error))

        run_in_background(lambda: work(job()), finished, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.install_button, self.status_button, self.uninstall_button):
            button.setEnabled(not busy)

    def _done(self, result: tuple[str, str]) -> None:
        said, state = result
        self.message.ok(said)
        self._show_state(state)

    def _show_state(self, state: str) -> None:
        self.state.setText(f"当前状态：{state}")
        installed = _INSTALLED_AT.search(state)
        if installed:
            self.time.setTime(QTime(int(installed[1]), int(installed[2])))
