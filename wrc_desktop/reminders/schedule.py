"""The daily job that runs ``wrc reminders run``: its command line, a Windows task, a systemd timer.

Windows: a Task Scheduler task defined by task XML and registered with
``schtasks /Create /XML``. It belongs to the clerk (no administrator), logs on
with the clerk's interactive token (no stored password; it runs in the clerk's
session, so the toast shows on their desktop) and has ``StartWhenAvailable`` so
a day missed while the PC was off runs at the next logon.

Elsewhere: a systemd user service and timer (``Persistent=true`` does what
StartWhenAvailable does), or, without systemd, the line to add to crontab.
"""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from xml.etree import ElementTree as ET

from .. import APP_TITLE, paths

TASK_NAME = "WRC Desk 待办提醒"
UNIT_NAME = "wrc-desk-reminders"
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
RUN_ARGUMENTS = ["reminders", "run"]


@dataclass(frozen=True)
class ReminderCommand:
    """What the scheduled job starts, and where."""

    program: str
    arguments: list[str]
    working_dir: str

    def windows_arguments(self) -> str:
        return subprocess.list2cmdline(self.arguments)

    def shell_line(self) -> str:
        return shlex.join([self.program, *self.arguments])


def reminder_command(
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    data_dir: Path | None = None,
    windows: bool | None = None,
) -> ReminderCommand:
    """The command line of the reminder for this install.

    A frozen build runs its own executable (windowed, so no console flashes up);
    a source install runs the package with the same Python, ``pythonw.exe`` on
    Windows for the same reason. The data folder is passed explicitly so the job
    reads the register the clerk uses even when it was chosen by an option.
    """
    frozen = paths.is_frozen() if frozen is None else frozen
    windows = sys.platform == "win32" if windows is None else windows
    path_type: type[PurePath] = PureWindowsPath if windows else Path
    program = path_type(executable or sys.executable)
    folder = data_dir or paths.data_dir()
    arguments = ["--data-dir", str(folder), *RUN_ARGUMENTS]
    if frozen:
        return ReminderCommand(str(program), arguments, str(program.parent))
    if windows and program.name.lower() == "python.exe":
        program = program.with_name("pythonw.exe")
    package_parent = Path(__file__).resolve().parents[2]
    return ReminderCommand(str(program), ["-m", "wrc_desktop", *arguments], str(package_parent))


def parse_time(text: str) -> dt.time:
    """``HH:MM`` (24-hour) → time; a clear message otherwise."""
    try:
        hours, minutes = (int(part) for part in text.strip().replace("：", ":").split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise ValueError(f"时间“{text}”无效（应为 时:分，如 09:00）") from None


# --- Windows ----------------------------------------------------------------------------


def task_xml(
    command: ReminderCommand,
    at: dt.time,
    *,
    user: str | None = None,
    start_day: dt.date | None = None,
) -> str:
    """The Task Scheduler definition (schema 1.2) of the daily reminder."""
    ET.register_namespace("", TASK_NAMESPACE)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{TASK_NAMESPACE}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    task = ET.Element(f"{{{TASK_NAMESPACE}}}Task", {"version": "1.2"})
    info = add(task, "RegistrationInfo")
    add(
        info,
        "Description",
        f"每天 {at:%H:%M} 检查{APP_TITLE}的待办（续签、离职、合同等期限），"
        "有逾期或本周到期的事项时显示通知。",
    )
    add(info, "URI", f"\\{TASK_NAME}")
    trigger = add(add(task, "Triggers"), "CalendarTrigger")
    start = dt.datetime.combine(start_day or dt.date.today(), at)
    add(trigger, "StartBoundary", start.isoformat(timespec="seconds"))
    add(trigger, "Enabled", "true")
    add(add(trigger, "ScheduleByDay"), "DaysInterval", "1")
    principal = add(add(task, "Principals"), "Principal", id="Author")
    if user:
        add(principal, "UserId", user)
    add(principal, "LogonType", "InteractiveToken")  # the clerk's session; no password is stored
    add(principal, "RunLevel", "LeastPrivilege")
    settings = add(task, "Settings")
    for tag, value in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("StartWhenAvailable", "true"),
        ("RunOnlyIfNetworkAvailable", "false"),
        ("AllowStartOnDemand", "true"),
        ("Enabled", "true"),
        ("Hidden", "false"),
        ("ExecutionTimeLimit", "PT10M"),
        ("Priority", "7"),
    ):
        add(settings, tag, value)
    execute = add(add(task, "Actions", Context="Author"), "Exec")
    add(execute, "Command", command.program)
    add(execute, "Arguments", command.windows_arguments())
    add(execute, "WorkingDirectory", command.working_dir)
    ET.indent(task)
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + ET.tostring(task, encoding="unicode")


def schtasks_create(xml_file: Path) -> list[str]:
    return ["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(xml_file), "/F"]


def schtasks_query() -> list[str]:
    return ["schtasks", "/Query", "/TN", TASK_NAME, "/XML", "ONE"]


def schtasks_delete() -> list[str]:
    return ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]


def task_summary(xml: str) -> dict[str, str]:
    """The time and command of a registered task, read back from ``schtasks /Query /XML``."""
    root = ET.fromstring(xml.split("?>", 1)[-1] if xml.startswith("<?xml") else xml)
    ns = {"t": TASK_NAMESPACE}
    start = root.findtext("t:Triggers/t:CalendarTrigger/t:StartBoundary", "", ns)
    return {
        "time": start[11:16],
        "command": (
            root.findtext("t:Actions/t:Exec/t:Command", "", ns)
            + " "
            + root.findtext("t:Actions/t:Exec/t:Arguments", "", ns)
        ).strip(),
        "start_when_available": root.findtext("t:Settings/t:StartWhenAvailable", "", ns),
    }


# --- systemd and cron -------------------------------------------------------------------


def _systemd_quote(argument: str) -> str:
    if argument and not any(ch in argument for ch in " \t\"'\\%$;"):
        return argument
    escaped = (
        argument.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    )
    return f'"{escaped}"'


def systemd_service(command: ReminderCommand) -> str:
    exec_start = " ".join(_systemd_quote(part) for part in [command.program, *command.arguments])
    return (
        f"[Unit]\nDescription={APP_TITLE}：每日待办提醒\n\n"
        f"[Service]\nType=oneshot\nWorkingDirectory={_systemd_quote(command.working_dir)}\n"
        f"ExecStart={exec_start}\n"
    )


def systemd_timer(at: dt.time) -> str:
    return (
        f"[Unit]\nDescription={APP_TITLE}：每天 {at:%H:%M} 的待办提醒\n\n"
        f"[Timer]\nOnCalendar=*-*-* {at:%H:%M}:00\nPersistent=true\nUnit={UNIT_NAME}.service\n\n"
        f"[Install]\nWantedBy=timers.target\n"
    )


def crontab_line(command: ReminderCommand, at: dt.time) -> str:
    return f"{at.minute} {at.hour} * * * cd {shlex.quote(command.working_dir)} && {command.shell_line()}"
