"""One number per deadline: how far a deadline is, with its unit and what it counts to.

"距最晚提交日还剩 4 日", "今天是最晚提交日", "已过失效日 29 日", "距预约截止日还剩 3 个工作日":
the holder dialog, the daily reminder, the tray, the Excel report and the JSON of ``wrc holders``
/ ``wrc due`` show this figure, worked out here; the register's and 待办's narrow 剩余 cells show
it number first (:attr:`Countdown.short`), with these words in the tooltip. The unit of
each kind of deadline is :data:`.glossary.DEADLINE_UNITS` (why is said there).

A permit's figure counts to its next deadline (:func:`permit_deadline`): the latest submission
(the confirmation, for an automatic extension) until it has passed, then the day the permit is
lost. The 待办 row of the permit counts to the same day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from .deadlines import RenewalDeadlines
from .glossary import DAY, DEADLINE_UNITS, WORKING_DAY
from .workdays import WorkCalendar

LATEST, CONFIRM, LAPSE, APPOINTMENT = "最晚提交日", "最晚确认日", "失效日", "预约截止日"


class Countdown(NamedTuple):
    """``left`` units from today to ``day`` (negative once it has passed; 0 on the day).

    A named tuple: a register of 50,000 permits makes one per permit on every load."""

    counts_to: str  # the deadline's name: 最晚提交日, 失效日…
    day: dt.date
    left: int
    unit: str  # 日 or 工作日

    @property
    def amount(self) -> str:
        return f"{abs(self.left)} {'个工作日' if self.unit == WORKING_DAY else '日'}"

    @property
    def text(self) -> str:
        if self.left == 0:
            return f"今天是{self.counts_to}"
        if self.left > 0:
            return f"距{self.counts_to}还剩 {self.amount}"
        return f"已过{self.counts_to} {self.amount}"

    @property
    def short(self) -> str:
        """The same figure for a narrow table cell, the number first (an elided cell keeps it):
        "还剩 4 日（最晚提交日）", "已过 29 日（失效日）", "今天（最晚提交日）"."""
        if self.left == 0:
            return f"今天（{self.counts_to}）"
        return f"{'还剩' if self.left > 0 else '已过'} {self.amount}（{self.counts_to}）"

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts_to": self.counts_to,
            "date": self.day.isoformat(),
            "days_left": self.left,
            "unit": self.unit,
            "text": self.text,
        }


def widest_permit_figures() -> tuple[str, ...]:
    """The longest short figures a permit's deadline can show, for sizing a 剩余 column."""
    day = dt.date(2000, 1, 1)
    return tuple(Countdown(name, day, -999, DAY).short for name in (LATEST, CONFIRM, LAPSE))


def unit_of(counts_to: str) -> str:
    return DEADLINE_UNITS.get(counts_to, DAY)


def countdown(
    counts_to: str, day: dt.date, today: dt.date, calendar: WorkCalendar | None = None
) -> Countdown:
    """The figure for a deadline named ``counts_to`` on ``day``, seen on ``today``.

    A working-day deadline needs the rules context's ``calendar``: the working days d with
    today < d ≤ day (negative, counted the other way, once passed)."""
    unit = unit_of(counts_to)
    if unit == WORKING_DAY and calendar is not None:
        return Countdown(counts_to, day, signed_working_days(calendar, today, day), unit)
    return Countdown(counts_to, day, (day - today).days, DAY)


def signed_working_days(calendar: WorkCalendar, today: dt.date, day: dt.date) -> int:
    if day >= today:
        return calendar.working_days_after_until(today.toordinal(), day.toordinal())
    return -calendar.working_days_after_until(day.toordinal(), today.toordinal())


def permit_deadline(deadlines: RenewalDeadlines, today: dt.date) -> tuple[str, dt.date]:
    """The permit's next deadline on ``today``: its name and day.

    The latest submission (or confirmation) while it is still ahead or today; after it, the
    day the permit is lost (passed or not: once lost, how long ago)."""
    if today <= deadlines.latest_submission:
        return (CONFIRM if deadlines.auto_extension else LATEST), deadlines.latest_submission
    return LAPSE, deadlines.lapses_on


def permit_countdown(deadlines: RenewalDeadlines, today: dt.date) -> Countdown:
    counts_to, day = permit_deadline(deadlines, today)
    return countdown(counts_to, day, today, deadlines.calendar)
