"""设置 → 每日提醒: install, check and remove the daily reminder at the time the clerk picks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox

from wrc_desktop.gui.settings.common import ERROR_STYLE
from wrc_desktop.rules.errors import WrcError


class FakeJob:
    """The system's scheduler, as the reminders package sees it (install/status/uninstall)."""

    def __init__(self) -> None:
        self.at: dt.time | None = None
        self.calls: list[str] = []
        self.fail = False

    def install(self, at: dt.time) -> str:
        self.calls.append(f"install {at:%H:%M}")
        if self.fail:
            raise WrcError("创建计划任务失败：拒绝访问")
        self.at = at
        return f"已创建计划任务：每天 {at:%H:%M} 检查待办"

    def status(self) -> str:
        self.calls.append("status")
        return f"已安装：每天 {self.at:%H:%M} 运行" if self.at else "未安装每日提醒"

    def uninstall(self) -> str:
        self.calls.append("uninstall")
        self.at = None
        return "已删除每日提醒"


def _tab(page, qtbot):
    job = FakeJob()
    tab = page.reminders
    tab.job = lambda: job
    page.show_tab("每日提醒")
    qtbot.waitUntil(lambda: not tab.busy and job.calls == ["status"])  # asked when first shown
    return tab, job


def test_the_reminder_is_installed_at_the_picked_time_and_the_state_shown(page, qtbot):
    tab, job = _tab(page, qtbot)
    assert "未安装" in tab.state.text()
    tab.time.setTime(QTime(8, 30))
    tab.install_button.click()
    qtbot.waitUntil(lambda: not tab.busy)
    assert job.calls == ["status", "install 08:30", "status"]
    assert "每天 08:30" in tab.message.text() and "每天 08:30" in tab.state.text()


def test_the_installed_time_is_shown_when_the_tab_opens(page, qtbot):
    job = FakeJob()
    job.at = dt.time(17, 45)
    page.reminders.job = lambda: job
    page.show_tab("每日提醒")
    qtbot.waitUntil(lambda: "17:45" in page.reminders.state.text())
    assert page.reminders.picked_time() == dt.time(17, 45)


def test_a_refusal_of_the_scheduler_is_said_in_red(page, qtbot):
    tab, job = _tab(page, qtbot)
    job.fail = True
    tab.install_button.click()
    qtbot.waitUntil(lambda: not tab.busy)
    assert "拒绝访问" in tab.message.text()
    assert tab.message.styleSheet() == ERROR_STYLE
    assert tab.install_button.isEnabled()


def test_removing_asks_first_and_no_means_nothing_changes(page, qtbot, monkeypatch):
    tab, job = _tab(page, qtbot)
    job.at = dt.time(9, 0)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: next(answers))
    tab.uninstall_button.click()
    assert job.calls == ["status"] and job.at == dt.time(9, 0)
    tab.uninstall_button.click()
    qtbot.waitUntil(lambda: not tab.busy)
    assert job.calls == ["status", "uninstall", "status"] and "未安装" in tab.state.text()
