"""Native notifications behind one small interface, so the reminder can be tested with a fake.

Windows: a toast through ``windows-toasts`` (a Windows-only dependency). A click
opens the app through the per-user ``wrcdesk:`` link the installer registers.
Linux: ``notify-send`` where it is installed. Elsewhere nothing can be shown and
the reminder says so on stderr.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from .. import APP_TITLE
from ..desk.reminders import Reminder

APP_USER_MODEL_ID = "WRCDesk.WRCDesk"  # the installer gives the Start-menu shortcut this id
OPEN_DUE_LIST_LINK = "wrcdesk:due"  # registered per user by the installer; opens the app


class Notifier(Protocol):
    def show(self, reminder: Reminder) -> bool:
        """Show ``reminder``; False when it could not be shown."""
        ...


class WindowsToastNotifier:
    """A Windows toast; clicking it opens the app (on the due list where the app supports it)."""

    def show(self, reminder: Reminder) -> bool:
        try:
            from windows_toasts import InteractableWindowsToaster, Toast
        except ImportError:
            return False
        # Windows shows toasts of an AppUserModelID only when a Start-menu shortcut carries it
        # (the installer makes one); a source install borrows the default one of windows-toasts.
        toaster = InteractableWindowsToaster(
            APP_TITLE, notifierAUMID=APP_USER_MODEL_ID if start_menu_shortcut().exists() else None
        )
        toaster.show_toast(Toast([reminder.title, reminder.body], launch_action=OPEN_DUE_LIST_LINK))
        return True


def start_menu_shortcut() -> Path:
    """The shortcut the installer puts in the clerk's Start menu."""
    return (
        Path(os.environ.get("APPDATA", ""))
        / "Microsoft"
        / "Windows"
        / "Start Menu"
        / "Programs"
        / f"{APP_TITLE}.lnk"
    )


class NotifySendNotifier:
    """``notify-send`` (libnotify) on Linux desktops."""

    def __init__(self, program: str) -> None:
        self.program = program

    def show(self, reminder: Reminder) -> bool:
        urgency = "critical" if reminder.overdue else "normal"
        result = subprocess.run(
            [
                self.program,
                "--app-name",
                APP_TITLE,
                "--urgency",
                urgency,
                reminder.title,
                reminder.body,
            ],
            check=False,
            capture_output=True,
            timeout=30,
        )
        return result.returncode == 0


class UnavailableNotifier:
    """No way to show a notification on this system."""

    def show(self, reminder: Reminder) -> bool:
        return False


def default_notifier() -> Notifier:
    if sys.platform == "win32":
        return WindowsToastNotifier()
    program = shutil.which("notify-send")
    return NotifySendNotifier(program) if program else UnavailableNotifier()
