"""Files the clerk takes away: the Excel expiry report and the calendar of deadlines.

Both read the register's states under the desk's rules context, so a report says what
the register page and the due list say on the same day.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..reports.detail_rows import Progress, ReportCancelled
from ..reports.expiry_report import ExpiryReport, write_expiry_report
from ..reports.ics_export import CalendarExport, write_ics
from .core import Desk

__all__ = ["ReportCancelled", "calendar_file", "expiry_report"]


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
    with desk.session() as session:
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
    source = desk.deadlines()
    with desk.session() as session:
        return write_ics(session, out, source.today, source=source, within_days=within_days)
