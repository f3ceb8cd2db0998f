"""The daily job's definitions: the Windows task XML for a frozen and a source install, systemd units,
the crontab line, and the install / status / uninstall commands they run (with a fake runner)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from wrc_desktop.cli import main
from wrc_desktop.reminders import schedule
from wrc_desktop.reminders.jobs import CrontabLine, SystemdTimer, WindowsTask
from wrc_desktop.reminders.schedule import crontab_line, reminder_command, task_xml

NS = {"t": schedule.TASK_NAMESPACE}
NINE = dt.time(9, 0)
DATA = Path("C:/Users/张三/AppData/Roaming/WRCDesk")


def _task(command, **kwargs) -> ET.Element:
    xml = task_xml(command, NINE, start_day=dt.date(2026, 12, 1), **kwargs)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    return ET.fromstring(xml.split("?>", 1)[1])


def test_frozen_install_runs_its_own_executable_daily_and_catches_up():
    exe = r"C:\Users\张三\AppData\Local\Programs\WRC Desk\wrc-desktop.exe"
    command = reminder_command(frozen=True, executable=exe, data_dir=DATA, windows=True)
    task = _task(command, user="PC\\张三")
    trigger = task.find("t:Triggers/t:CalendarTrigger", NS)
    assert trigger.findtext("t:StartBoundary", namespaces=NS) == "2026-12-01T09:00:00"
    assert trigger.findtext("t:ScheduleByDay/t:DaysInterval", namespaces=NS) == "1"
    assert task.findtext("t:Settings/t:StartWhenAvailable", namespaces=NS) == "true"
    principal = task.find("t:Principals/t:Principal", NS)
    assert (
        principal.findtext("t:LogonType", namespaces=NS) == "InteractiveToken"
    )  # no stored password
    assert principal.findtext("t:RunLevel", namespaces=NS) == "LeastPrivilege"  # no administrator
    assert principal.findtext("t:UserId", namespaces=NS) == "PC\\张三"
    execute = task.find("t:Actions/t:Exec", NS)
    assert execute.findtext("t:Command", namespaces=NS) == exe
    assert execute.findtext("t:Arguments", namespaces=NS) == f"--data-dir {DATA} reminders run"
    assert (
        execute.findtext("t:WorkingDirectory", namespaces=NS)
        == r"C:\Users\张三\AppData\Local\Programs\WRC Desk"
    )


def test_source_install_runs_the_package_windowless_from_the_project_folder():
    python = r"C:\Program Files\Python311\python.exe"
    command = reminder_command(
        frozen=False, executable=python, data_dir=Path("D:/数据 文件夹"), windows=True
    )
    execute = _task(command).find("t:Actions/t:Exec", NS)
    assert execute.findtext("t:Command", namespaces=NS) == r"C:\Program Files\Python311\pythonw.exe"
    assert execute.findtext("t:Arguments", namespaces=NS) == (
        f'-m wrc_desktop --data-dir "{Path("D:/数据 文件夹")}" reminders run'
    )
    project = Path(execute.findtext("t:WorkingDirectory", namespaces=NS))
    assert (project / "wrc_desktop" / "__main__.py").exists()


def test_task_summary_reads_back_what_was_registered():
    command = reminder_command(
        frozen=True, executable="C:/a/wrc-desktop.exe", data_dir=DATA, windows=True
    )
    summary = schedule.task_summary(task_xml(command, dt.time(8, 30)))
    assert summary["time"] == "08:30" and summary["start_when_available"] == "true"
    assert summary["command"].endswith("reminders run")


def test_systemd_units_and_crontab_line():
    command = reminder_command(
        frozen=False,
        executable="/opt/py/bin/python3",
        data_dir=Path("/home/a/数据 x"),
        windows=False,
    )
    service = schedule.systemd_service(command)
    assert "Type=oneshot" in service
    assert (
        'ExecStart=/opt/py/bin/python3 -m wrc_desktop --data-dir "/home/a/数据 x" reminders run'
        in service
    )
    assert f"WorkingDirectory={command.working_dir}" in service
    timer = schedule.systemd_timer(dt.time(7, 5))
    assert "OnCalendar=*-*-* 07:05:00" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer and f"Unit={schedule.UNIT_NAME}.service" in timer
    line = schedule.crontab_line(command, dt.time(7, 5))
    assert line.startswith("5 7 * * * cd ") and line.endswith(
        "--data-dir '/home/a/数据 x' reminders run"
    )


class FakeRunner:
    def __init__(self, returncode: int = 0, stdout: str = "", stderr: str = "拒绝访问。") -> None:
        self.calls: list[list[str]] = []
        self.files: dict[str, str] = {}
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr

    def __call__(self, arguments: list[str]) -> subprocess.CompletedProcess:
        self.calls.append(arguments)
        if "/XML" in arguments and arguments[1] == "/Create":
            path = Path(arguments[arguments.index("/XML") + 1])
            self.files[path.name] = path.read_text("utf-16")
        return subprocess.CompletedProcess(arguments, self.returncode, self.stdout, self.stderr)


def test_windows_task_install_status_uninstall(isolated_data_dir):
    command = reminder_command(
        frozen=True, executable="C:/a/wrc-desktop.exe", data_dir=DATA, windows=True
    )
    runner = FakeRunner()
    job = WindowsTask(command, run=runner, user="PC\\clerk")
    assert "09:00" in job.install(NINE)
    assert runner.calls[0][:5] == ["schtasks", "/Create", "/TN", schedule.TASK_NAME, "/XML"]
    assert "<StartWhenAvailable>true</StartWhenAvailable>" in runner.files["reminder-task.xml"]
    assert not (
        isolated_data_dir / "temp" / "reminder-task.xml"
    ).exists()  # the definition is removed
    runner.stdout = task_xml(command, NINE)
    assert "每天 09:00" in job.status()
    job.uninstall()
    assert runner.calls[-1] == ["schtasks", "/Delete", "/TN", schedule.TASK_NAME, "/F"]
    refused = WindowsTask(command, run=FakeRunner(returncode=1), user=None)
    with pytest.raises(Exception, match="创建计划任务失败：拒绝访问"):
        refused.install(NINE)
    assert "未安装" in refused.status()


def test_systemd_timer_writes_units_and_enables_them(tmp_path):
    command = reminder_command(
        frozen=False, executable="/usr/bin/python3", data_dir=tmp_path, windows=False
    )
    runner = FakeRunner(stdout="enabled\n")
    job = SystemdTimer(command, tmp_path / "units", run=runner)
    job.install(dt.time(18, 0))
    assert "OnCalendar=*-*-* 18:00:00" in job.timer_file.read_text("utf-8")
    assert "reminders run" in job.service_file.read_text("utf-8")
    assert runner.calls[-1] == ["systemctl", "--user", "enable", "--now", job.timer_file.name]
    assert job.status() == f"systemd 用户定时器 {job.timer_file.name}：每天 18:00（enabled）"
    job.uninstall()
    assert not job.timer_file.exists() and not job.service_file.exists()
    assert "crontab -e" in CrontabLine(command).install(NINE)


def test_a_timer_systemd_cannot_enable_leaves_nothing_and_prints_the_crontab_line(tmp_path):
    """No user session bus (a server login, a container): systemctl --user fails."""
    command = reminder_command(
        frozen=False, executable="/usr/bin/python3", data_dir=tmp_path, windows=False
    )
    runner = FakeRunner(returncode=1, stderr="Failed to connect to bus: No medium found")
    job = SystemdTimer(command, tmp_path / "units", run=runner)
    said = job.install(NINE)
    assert not job.timer_file.exists() and not job.service_file.exists()
    assert "启用 systemd 用户定时器失败：Failed to connect to bus: No medium found" in said
    assert "请运行 crontab -e 并加入下面一行：" in said
    assert said.splitlines()[-1] == crontab_line(command, NINE)
    assert "未安装每日提醒" in job.status()


def test_cli_rejects_a_bad_time(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["reminders", "install", "--at", "9点"])
    assert exit_.value.code == 2
    assert "时间“9点”无效" in capsys.readouterr().err
