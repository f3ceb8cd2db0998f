"""Files the clerk takes away: the Excel expiry report, the calendar of deadlines and the
roster import template (empty, or filled with the whole register).

The report and the calendar read the register's states under the desk's rules context, so a report says what
the register page and the due list say on the same day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..reports import due_list as due_report
from ..reports.detail_rows import Progress, ReportCancelled
from ..reports.expiry_report import ExpiryReport, write_expiry_report
from ..reports.per_holder import failures_line
from ..rules.due import DueItem, MarkLike
from ..store import warnings_state
from .core import Desk

if TYPE_CHECKING:
    from ..reports.ics_export import CalendarExport

__all__ = [
    "ReportCancelled",
    "calendar_file",
    "expiry_report",
    "failures_line",
    "import_template",
    "register_as_import_file",
]


def expiry_report(
    desk: Desk,
    out: Path,
    *,
    within_days: int | None = None,
    unit: str | None = None,
    unmask: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExpiryReport:
    """The Excel expiry report into ``out``; ``progress(rows written, rows in all)`` as it goes.

    ``cancelled()`` true stops it with :class:`~wrc_desktop.reports.detail_rows.ReportCancelled`
    and nothing saved.
    """
    source = desk.deadlines()
    with desk._session() as session:
        return write_expiry_report(
            session,
            out,
            today=source.today,
            within_days=within_days,
            unit=unit,
            unmask=unmask,
            source=source,
            progress=progress,
            cancelled=cancelled,
        )


def calendar_file(desk: Desk, out: Path, *, within_days: int) -> CalendarExport:
    """The due list on a calendar: every dated task the clerk sees today and those put off
    (暂缓), then the permits' tasks still ahead up to ``within_days`` — the same items, words
    and dates as 待办 (:mod:`~wrc_desktop.reports.ics_export` says which day each stands on)."""
    # Imported here: icalendar is for the calendar only, not for every report process's start.
    from ..reports.ics_export import check_within_days, write_ics

    check_within_days(within_days)
    source = desk.deadlines()
    until = source.today + dt.timedelta(days=within_days)
    with desk._session() as session:
        due = due_report.due_list(session, source)
        put_off = _put_off(due.hidden, warnings_state.latest_marks(session))
        known = {
            item.holder_id for item in [*due.shown, *due.hidden] if item.key.startswith("renewal:")
        }
        upcoming = due_report.upcoming_renewals(session, source, until, known)
    tasks = [*due.shown, *put_off, *upcoming]
    return write_ics(tasks, out, source.today, within_days=within_days)


def _put_off(hidden: list[DueItem], marks: Mapping[str, MarkLike]) -> list[DueItem]:
    """The hidden tasks the clerk put off (暂缓) rather than handled, each saying until when."""
    found = []
    for item in hidden:
        mark = marks.get(item.key)
        if mark is not None and mark.action == "snoozed" and mark.until is not None:
            note = f"已暂缓至 {mark.until.isoformat()}（待办届时再列出）"
            found.append(replace(item, notes=(note, *item.notes)))
    return found


def import_template(out: Path) -> Path:
    """The empty roster template (with its guide sheet) saved as ``out``."""
    return write_template(out)


def register_as_import_file(desk: Desk, out: Path) -> Path:
    """The whole register in the import template's shape (full ID numbers: the clerk keeps it
    safe): imported into an empty register with the same units, it gives the same holders."""
    from ..reports.roster_template import export_register  # openpyxl: see write_template

    with desk._session() as session:
        return export_register(session, out)


def write_template(out: Path) -> Path:
    """The roster template module's writer, imported when a template is written: it brings
    openpyxl, which the expiry report and the calendar (the other files here) never need."""
    from ..reports.roster_template import write_template as write

    return write(out)
