"""The reminder entry point (``wrc reminders run``): compute, and notify only when something is due."""

from __future__ import annotations

import datetime as dt

from ..desk.reminders import Reminder, digest
from .notifiers import Notifier, default_notifier
from .register import read_only_desk


def run_reminder(today: dt.date | None = None, notifier: Notifier | None = None) -> Reminder | None:
    """Show today's reminder through ``notifier``; returns what was shown (None when nothing is due).

    The digest is the desk's (:func:`wrc_desktop.desk.reminders.digest`): the 待办 of the
    register opened read only, under the clerk's policy and calendar additions.
    Raises :class:`RuntimeError` when something is due but no notification could be shown.
    """
    with read_only_desk(today or dt.date.today()) as desk:
        reminder = digest(desk) if desk is not None else None
    if reminder is None:
        return None
    if not (notifier or default_notifier()).show(reminder):
        raise RuntimeError(
            "此系统无法显示桌面通知（Windows 需要 windows-toasts 组件，Linux 需要 notify-send）"
        )
    return reminder
