"""The due list (待办) under the desk's rules context: the page, the tray and ``wrc due`` ask here."""

from __future__ import annotations

import datetime as dt

from ..reports import due as due_report
from ..reports.due import DueList
from ..rules.due import DueItem
from .changes import Changes
from .core import Desk


def due_list(desk: Desk, today: dt.date | None = None) -> DueList:
    """The due list as the clerk sees it on ``today`` (warnings minus those a mark still covers)."""
    source = desk.deadlines(today)
    with desk.session() as session:
        return due_report.due_list(session, source)


def all_items(desk: Desk, today: dt.date | None = None) -> list[DueItem]:
    """Every warning before the clerk's marks are applied (to find one by its key)."""
    source = desk.deadlines(today)
    with desk.session() as session:
        return due_report.collect_items(session, source)


def mark(
    desk: Desk, item: DueItem, *, action: str, until: dt.date | None = None, note: str = ""
) -> Changes:
    """Record the clerk's mark (handled / snoozed / reopened) on ``item`` at its current stage."""
    with desk.session() as session:
        due_report.mark(session, item, action=action, until=until, note=note, today=desk.today())
    return Changes(marks=True)


def lead_times(desk: Desk) -> dict[str, int]:
    with desk.session() as session:
        return due_report.lead_times(session)


def set_lead_times(desk: Desk, values: dict[str, int | None]) -> Changes:
    with desk.session() as session:
        due_report.set_lead_times(session, values)
    desk.rules_changed()
    return Changes(settings=True)
