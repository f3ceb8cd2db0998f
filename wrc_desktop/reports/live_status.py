"""The status of a report row as an Excel formula over ``TODAY()``, so the sheet stays right as days pass.

The rules (:meth:`RenewalDeadlines.status_on`) decide the status from a handful
of dates; this module lists those dates for one permit and writes the formula
that picks the status from them. The formula only compares today with dates
the rules computed (the working-day count behind 紧急 becomes the first day it
applies, as days before the latest submission), and :func:`status_from_thresholds`
is the same choice in Python, which the tests check against the rules day by day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..rules.deadlines import STATUSES, UPCOMING_DAYS, URGENT_WORKING_DAYS, RenewalDeadlines

(NORMAL, UPCOMING, IN_WINDOW, URGENT, OVERDUE, GRACE, LAPSED) = STATUSES


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The first day of each status after 正常 (the order of the rules' decision)."""

    upcoming_from: dt.date
    window_opens: dt.date
    urgent_from: dt.date
    latest_submission: dt.date  # 已过最晚提交日 from the next day
    expiry: dt.date
    lapses_on: dt.date


def urgent_from(deadlines: RenewalDeadlines) -> dt.date:
    """The first day with at most URGENT_WORKING_DAYS working days left until the latest submission."""
    latest = deadlines.latest_submission.toordinal()
    count = deadlines.calendar.working_days_after_until
    low, high = (
        latest - 60,
        latest,
    )  # the count only falls as the day moves on; 60 days hold 6 working days
    while low < high:
        middle = (low + high) // 2
        if count(middle, latest) <= URGENT_WORKING_DAYS:
            high = middle
        else:
            low = middle + 1
    return dt.date.fromordinal(low)


def thresholds(deadlines: RenewalDeadlines) -> Thresholds:
    return Thresholds(
        upcoming_from=deadlines.window_opens - dt.timedelta(days=UPCOMING_DAYS),
        window_opens=deadlines.window_opens,
        urgent_from=urgent_from(deadlines),
        latest_submission=deadlines.latest_submission,
        expiry=deadlines.expiry,
        lapses_on=deadlines.lapses_on,
    )


def status_from_thresholds(limits: Thresholds, today: dt.date) -> str:
    """What the formula of :func:`status_formula` shows on ``today``."""
    # The rules' own order: a passed latest submission is never hidden behind the expiry.
    if today >= limits.lapses_on:
        return LAPSED
    if today > limits.latest_submission:
        return GRACE if today >= limits.expiry else OVERDUE
    if today >= limits.urgent_from:
        return URGENT
    if today >= limits.window_opens:
        return IN_WINDOW
    if today >= limits.upcoming_from:
        return UPCOMING
    return NORMAL


def status_formula(
    row: int | str, limits: Thresholds, *, expiry: str, window: str, latest: str
) -> str:
    """The formula for Excel row ``row`` (1-based, or what stands for it), given the column letters
    holding the three dates.

    The other thresholds are written as day offsets from those dates (the grace
    days after the expiry, the calendar days before the latest submission that
    hold the last working days), so the formula needs no hidden columns.
    """
    r = row
    grace = (limits.lapses_on - limits.expiry).days
    urgent = (limits.latest_submission - limits.urgent_from).days
    upcoming = (limits.window_opens - limits.upcoming_from).days
    return (
        f'=IF(TODAY()>={expiry}{r}+{grace},"{LAPSED}",'
        f'IF(TODAY()>{latest}{r},IF(TODAY()>={expiry}{r},"{GRACE}","{OVERDUE}"),'
        f'IF(TODAY()>={latest}{r}-{urgent},"{URGENT}",'
        f'IF(TODAY()>={window}{r},"{IN_WINDOW}",IF(TODAY()>={window}{r}-{upcoming},'
        f'"{UPCOMING}","{NORMAL}")))))'
    )
