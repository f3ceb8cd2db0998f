"""Installing, checking and removing the daily reminder job on this system.

Each job takes the function that runs a system command, so the tests check the
exact commands and files without touching the machine's scheduler.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .. import paths
from ..rules.errors import WrcError
from . import schedule
from .schedule import ReminderCommand

Run = Callable[[list[str]], subprocess.CompletedProcess]


def run_command(arguments: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        arguments, capture_output=True, text=True, errors="replace", check=False, timeout=60
    )


def _failed(what: str, result: subprocess.CompletedProcess) -> WrcError:
    detail = (
        " ".join((result.stderr or result.stdout or "").split()) or f"退出码 {result.returncode}"
    )
    return WrcError(f"{what}失败：{detail}")


class ReminderJob(Protocol):
    def install(self, at: dt.time) -> str: ...
    def status(self) -> str: ...
    def uninstall(self) -> str: ...


class WindowsTask:
    """The per-user Task Scheduler task (``schtasks``; no administrator needed)."""

    def __init__(
        self, command: ReminderCommand, run: Run = run_command, user: str | None = None
    ) -> None:
        self.command = command
        self.run = run
        self.user = user if user is not None else _windows_user()

    def install(self, at: dt.time) -> str:
        definition = paths.temp_dir() / "reminder-task.xml"
        # schtasks reads the XML in the encoding its declaration names.
        definition.write_text(
            schedule.task_xml(self.command, at, user=self.user), encoding="utf-16"
        )
        try:
            result = self.run(schedule.schtasks_create(definition))
        finally:
            definition.unlink(missing_ok=True)
        if result.returncode != 0:
            raise _failed("创建计划任务", result)
        return (
            f"已创建计划任务“{schedule.TASK_NAME}”：每天 {at:%H:%M} 检查待办，"
            "错过的时间（如电脑关机）会在下次登录时补上。"
        )

    def status(self) -> str:
        result = self.run(schedule.schtasks_query())
        if result.returncode != 0:
            return "未安装每日提醒（可运行 wrc reminders install --at 09:00）"
        task = schedule.task_summary(result.stdout.strip())
        return f"已安装计划任务“{schedule.TASK_NAME}”：每天 {task['time']} 运行 {task['command']}"

    def uninstall(self) -> str:
        result = self.run(schedule.schtasks_delete())
        if result.returncode != 0:
            raise _failed("删除计划任务", result)
        return f"已删除计划任务“{schedule.TASK_NAME}”。"


def _windows_user() -> str | None:
    user, domain = os.environ.get("USERNAME"), os.environ.get("USERDOMAIN")
    return f"{domain}\\{user}" if user and domain else user


class SystemdTimer:
    """A systemd user service and timer in the clerk's own unit folder."""

    def __init__(self, command: ReminderCommand, unit_dir: Path, run: Run = run_command) -> None:
        self.command = command
        self.unit_dir = unit_dir
        self.run = run

    @property
    def service_file(self) -> Path:
        return self.unit_dir / f"{schedule.UNIT_NAME}.service"

    @property
    def timer_file(self) -> Path:
        return self.unit_dir / f"{schedule.UNIT_NAME}.timer"

    def install(self, at: dt.time) -> str:
        """The timer enabled; where systemd's user manager cannot be reached (no user session
        bus: a server login, a container), nothing is left behind and the crontab line is
        printed instead, as the README says."""
        self.unit_dir.mkdir(parents=True, exist_ok=True)
        self.service_file.write_text(schedule.systemd_service(self.command), encoding="utf-8")
        self.timer_file.write_text(schedule.systemd_timer(at), encoding="utf-8")
        for arguments in (
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", self.timer_file.name],
        ):
            result = self.run(arguments)
            if result.returncode != 0:
                self._remove_files()
                reason = str(_failed("启用 systemd 用户定时器", result))
                return f"{reason}；已撤回写入的定时器文件。\n" + CrontabLine(self.command).install(
                    at
                ).replace("此系统没有 systemd 用户服务。", "")
        return f"已启用 systemd 用户定时器 {self.timer_file.name}：每天 {at:%H:%M} 检查待办（错过的时间开机后补上）。"

    def _remove_files(self) -> None:
        self.service_file.unlink(missing_ok=True)
        self.timer_file.unlink(missing_ok=True)

    def status(self) -> str:
        if not self.timer_file.exists():
            return "未安装每日提醒（可运行 wrc reminders install --at 09:00）"
        when = next(
            (
                line.split()[-1][:5]
                for line in self.timer_file.read_text("utf-8").splitlines()
                if line.startswith("OnCalendar=")
            ),
            "?",
        )
        state = (
            self.run(["systemctl", "--user", "is-enabled", self.timer_file.name]).stdout.strip()
            or "未知"
        )
        return f"systemd 用户定时器 {self.timer_file.name}：每天 {when}（{state}）"

    def uninstall(self) -> str:
        if self.timer_file.exists():
            self.run(["systemctl", "--user", "disable", "--now", self.timer_file.name])
        self._remove_files()
        self.run(["systemctl", "--user", "daemon-reload"])
        return "已删除每日提醒的 systemd 定时器。"


class CrontabLine:
    """No systemd: the line for the clerk to add with ``crontab -e`` (printed, not installed)."""

    def __init__(self, command: ReminderCommand) -> None:
        self.command = command

    def install(self, at: dt.time) -> str:
        return (
            "此系统没有 systemd 用户服务。请运行 crontab -e 并加入下面一行：\n"
            + schedule.crontab_line(self.command, at)
        )

    def status(self) -> str:
        return "此系统使用 crontab：请用 crontab -l 查看是否有含“reminders run”的一行。"

    def uninstall(self) -> str:
        return "请运行 crontab -e 并删除含“reminders run”的一行。"


def job_for_this_system(command: ReminderCommand | None = None) -> ReminderJob:
    command = command or schedule.reminder_command()
    if sys.platform == "win32":
        return WindowsTask(command)
    if shutil.which("systemctl"):
        config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return SystemdTimer(command, config / "systemd" / "user")
    return CrontabLine(command)
