"""The reminder entry point (``wrc reminders run``): compute, and notify only when something is due."""

from __future__ import annotations

import datetime as dt

from .. import paths
from ..store.engines import configured_url, is_shared
from .digest import Reminder, read_only_due_list, read_only_shared_due_list, reminder_from
from .notifiers import Notifier, default_notifier


def run_reminder(today: dt.date | None = None, notifier: Notifier | None = None) -> Reminder | None:
    """Show today's reminder through ``notifier``; returns what was shown (None when nothing is due).

    Raises :class:`RuntimeError` when something is due but no notification could be shown.
    """
    # The clerk's policy and calendar additions, as the app and `wrc due` read them.
    day, overrides = today or dt.date.today(), paths.overrides_dir()
    url = configured_url()  # a shared register on a server, when the clerk's copy uses one
    if is_shared(url):
        due = read_only_shared_due_list(str(url), day, overrides)
    else:
        due = read_only_due_list(paths.database_path(), day, overrides)
    reminder = reminder_from(due) if due is not None else None
    if reminder is None:
        return None
    if not (notifier or default_notifier()).show(reminder):
        raise RuntimeError(
            "此系统无法显示桌面通知（Windows 需要 windows-toasts 组件，Linux 需要 notify-send）"
        )
    return reminder
