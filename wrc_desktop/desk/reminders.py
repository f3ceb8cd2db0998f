"""The daily reminder's digest: today's 待办 in one notification, from the desk's own due list.

The reminder job (:mod:`wrc_desktop.reminders.run`) opens a desk over the register (read
only) and asks here; the list it summarises is :func:`.due.due_list` — the same rules
context, the same marks, the same words and order as the 待办 page and ``wrc due``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..reports.due_list import DueList
from ..rules.due import DueItem, item_line, most_urgent
from . import due
from .core import Desk

WEEK_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    """One notification: a title with the counts, and the most urgent item."""

    title: str
    body: str
    overdue: int
    this_week: int
    # What the counts count: the overdue items, then those due this week, in the 待办's order.
    items: tuple[DueItem, ...] = ()


def pressing(due_items: DueList) -> tuple[list[DueItem], list[DueItem]]:
    """The overdue items and those due within a week, each in the due list's order."""
    overdue = due_items.groups().get("overdue", [])
    # By each item's group, not by looking it up among the overdue ones: that compared every
    # shown item with every overdue one, field by field (10,000 holders: 9 s for the job).
    this_week = [
        item
        for item in due_items.shown
        if item.urgency != "overdue"
        # an item to settle (a permit lost today) is over, not due this week
        and item.urgency != "settle"
        and 0 <= item.days_left <= WEEK_DAYS
    ]
    return overdue, this_week


def reminder_from(due_items: DueList) -> Reminder | None:
    """The notification for ``due_items``; None when nothing is overdue or due within a week."""
    overdue, this_week = pressing(due_items)
    items = overdue + this_week
    if not items:
        return None
    parts = []
    if overdue:
        parts.append(f"{len(overdue)} 项已逾期")
    if this_week:
        parts.append(f"{len(this_week)} 项本周到期")
    first = most_urgent(items)  # the one order of 待办 and the tray
    assert first is not None  # items is not empty
    body = f"最紧急：{item_line(first)}\n点击打开待办查看全部事项"
    return Reminder(
        "工作居住证待办：" + "，".join(parts), body, len(overdue), len(this_week), tuple(items)
    )


def digest(desk: Desk, today: dt.date | None = None) -> Reminder | None:
    """Today's reminder (``today``: the desk's clock by default); None when nothing presses."""
    return reminder_from(due.due_list(desk, today))
