"""The status of a report row as an Excel formula over ``TODAY()``, so the sheet stays right as days pass.

The rules (:meth:`RenewalDeadlines.status_on`) decide the status from a handful
of dates; this module lists those dates for one permit and writes the formula
that picks the status from them. The formula only compares today with dates
the rules computed (the working-day count behind 即将到最晚提交日 becomes the first day it
applies, as days before the latest submission), and :func:`status_from_thresholds`
is the same choice in Python, which the tests check against the rules day by day.

The formula is one ``LOOKUP`` of today's distance from the row's latest
submission among the first days of each status, into the status words
(:data:`STATUS_WORDS`, one name for the whole workbook)::

    =LOOKUP(TODAY()-H7,{-99999,-75,-45,-7,1,10,31},状态名称)

Short on purpose: xlsxwriter scans every formula for newer functions, at a cost
that grows with its length, and 50,000 rows have one each (a chain of six ``IF``
with the words in it was three times longer).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..rules.deadlines import STATUSES, UPCOMING_DAYS, URGENT_WORKING_DAYS, RenewalDeadlines

STATUS_WORDS = "状态名称"  # the workbook's name for the status words, in the order of STATUSES
FAR_PAST = -99999  # today − latest submission for 正常: any day the register can hold
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
    # The count only falls as the day moves on; 60 days hold 6 working days.
    low, high = latest - 60, latest
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


def first_days(limits: Thresholds) -> tuple[float, ...]:
    """For each status of STATUSES, the first value of (today − latest submission) that shows it.

    Strictly ascending, as ``LOOKUP`` needs. The rules decide in order of urgency
    (a passed latest submission is never hidden behind the expiry), so a status
    shows from its own first day only until a more urgent one begins: each first
    day is at most the next one's. A status that never shows (a more urgent one
    begins on the same day) gets a value between two days, which no day reaches.
    """
    latest = limits.latest_submission

    def after(day: dt.date) -> int:
        return (day - latest).days

    days: list[float] = [
        FAR_PAST,
        after(limits.upcoming_from),
        after(limits.window_opens),
        after(limits.urgent_from),
        1,  # 已过最晚提交日 from the day after it
        max(1, after(limits.expiry)),
        after(limits.lapses_on),
    ]
    for index in range(len(days) - 2, -1, -1):
        if days[index] >= days[index + 1]:
            # never shown: just below the next (at most six such steps of a tenth stay above the
            # whole day before)
            days[index] = round(days[index + 1] - 0.1, 1)
    return tuple(days)


def status_from_thresholds(limits: Thresholds, today: dt.date) -> str:
    """What the formula of :func:`status_formula` shows on ``today`` (``LOOKUP``'s choice)."""
    distance = (today - limits.latest_submission).days
    shown = [
        status
        for status, first in zip(STATUSES, first_days(limits), strict=True)
        if first <= distance
    ]
    return shown[-1]


def words_definition() -> str:
    """The array of the status words that :data:`STATUS_WORDS` names in the workbook."""
    return "={" + ",".join(f'"{status}"' for status in STATUSES) + "}"


def status_formula(row: int | str, limits: Thresholds, *, latest: str) -> str:
    """The formula for Excel row ``row`` (1-based, or what stands for it), given the column letter
    holding the latest submission; the workbook defines :data:`STATUS_WORDS`."""
    steps = ",".join(f"{day:g}" for day in first_days(limits))
    return f"=LOOKUP(TODAY()-{latest}{row},{{{steps}}},{STATUS_WORDS})"
