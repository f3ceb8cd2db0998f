"""Calendar export (.ics): the due list on a calendar.

One all-day event per dated task of the due list (待办) as the clerk sees it — every kind it
knows: renewals and automatic extensions, a leaver's cancellation and the new unit's change,
a lapse at the end of 东城's grace period, contract ends, children's birthdays, the age limit,
materials and case deadlines — titled by the task's kind and carrying its next step. The
renewals of permits not yet on the list follow, as the list will first show them
(:func:`.due_list.upcoming_renewals`), so the file plans the months ahead too. Nothing here
works out a date: each comes from the due list's one computation under the desk's context.

Which tasks: those 待办 shows, and those the clerk put off (暂缓) — put off is not done, and
the calendar is where a deadline is remembered; a task marked handled (办好) is left out, as
待办 leaves it out, until a later stage of it shows there again.

Which day: a task's own date while it is ahead. A task already late — or a renewal whose latest submission has passed, which counts to the
day the permit is lost — stands on the day its
step names — the next counter day the list planned for it (``apply_on``), else the export's
day ("尽快") — so it is where the clerk looks, not in the past; the passed deadline is the
description's first line. A 待了结 task (over, only to be closed) keeps its date.

Each event's UID is the task's key without its dates (``renewal:<holder>`` for a permit's task
at every stage): when a permit is renewed or a leaving date corrected, importing the new file
moves the event instead of adding a second one. SEQUENCE is the export's time, so the newer
file wins.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ..rules.countdown import LAPSE
from ..rules.due import DueItem
from ..rules.errors import WrcError
from ..rules.explain import UNVERIFIED_NOTE
from ..rules.permit_state import days_to
from .files import write_atomically
from .per_holder import HolderFailure

PRODID = "-//WRC Desk//工作居住证办理助手//ZH"
DEFAULT_WITHIN_DAYS = 400
# How many days before its date a task's reminder rings (at 09:00); leavers' deadlines are
# counted in a few working days, so theirs ring two days ahead.
REMINDER_DAYS = {"cancellation": 2, "employer_change": 2, "record": 0, "lapsed": 0}
DEFAULT_REMINDER_DAYS = 7
REMINDER_HOUR = 9
_DATE_IN_KEY = re.compile(r":\d{4}-\d{2}-\d{2}")
_SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass
class CalendarExport:
    path: Path
    events: int
    holders: int
    skipped: list[HolderFailure] = field(default_factory=list)  # holders whose deadlines failed


def event_uid(item: DueItem) -> str:
    """The event's UID: the task's key without the dates it hangs on."""
    return f"wrc-{_DATE_IN_KEY.sub('', item.key).replace(':', '-')}@wrc-desk"


def build_calendar(
    tasks: list[DueItem],
    today: dt.date,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    now: dt.datetime | None = None,
) -> tuple[Calendar, list[DueItem]]:
    """The calendar of ``tasks`` (the due list's, then the upcoming renewals) dated up to
    ``today + within_days``, and the tasks it holds; tasks already late keep their own
    (past) date, and a task already there (by UID) is not added twice."""
    check_within_days(within_days)
    until = today + dt.timedelta(days=within_days)
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    sequence = int((stamp - _SEQUENCE_EPOCH).total_seconds())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "工作居住证期限")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    seen: set[str] = set()
    included: list[DueItem] = []
    for item in tasks:
        uid = event_uid(item)
        if event_day(item, today) > until or uid in seen:
            continue
        seen.add(uid)
        included.append(item)
        calendar.add_component(_event(item, uid, stamp, sequence, today))
    return calendar, included


def event_day(item: DueItem, today: dt.date) -> dt.date:
    """The day ``item``'s event stands on (see the module's docstring)."""
    if item.urgency == "settle":
        return item.date
    # Once the latest submission has passed, a renewal counts to the day the permit is lost:
    # submitting on that day is too late, so it stands on the counter day its step names.
    past_latest = item.counts_to == LAPSE
    if item.date >= today and not past_latest:
        return item.date
    counter_day = item.apply_on
    if (
        counter_day is not None
        and today <= counter_day
        and not (past_latest and counter_day >= item.date)
    ):
        return counter_day
    return today


def check_within_days(within_days: int) -> None:
    if not 0 <= within_days <= 3660:
        raise WrcError(f"天数“{within_days}”无效（应为 0 到 3660）")


def _event(item: DueItem, uid: str, stamp: dt.datetime, sequence: int, today: dt.date) -> Event:
    day = event_day(item, today)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"{item.kind_label}：{item.holder_name}（{item.unit_name}）")
    event.add("description", description(item, today))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["工作居住证", item.kind_label])
    before = REMINDER_DAYS.get(item.kind, DEFAULT_REMINDER_DAYS)
    before = max(0, min(before, (day - today).days))  # never a reminder before today
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{item.kind_label}：{item.holder_name}：{item.step}")
    alarm.add("trigger", dt.timedelta(days=-before, hours=REMINDER_HOUR))
    event.add_component(alarm)
    return event


def description(item: DueItem, today: dt.date) -> str:
    """The event's text: the deadline and the next step first, then where the deadline stands
    and its rule."""
    lines = [
        f"期限：{item.date.isoformat()}（{days_to(item.date, today)}）",
        f"下一步：{item.step}" if item.step else "",
        item.title,
    ]
    if item.case_number:
        lines.append(f"办理事项：{item.case_number}")
    if item.detail:
        lines.append(item.detail)
    if item.rule or item.source:
        lines.append(f"依据：{item.rule}（{item.source}）" if item.source else f"依据：{item.rule}")
    if item.unverified:
        lines.append(UNVERIFIED_NOTE)
    lines.extend(item.notes)
    return "\n".join(line for line in lines if line)


def write_ics(
    tasks: list[DueItem],
    out: str | Path,
    today: dt.date,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
    now: dt.datetime | None = None,
) -> CalendarExport:
    """Write the calendar of ``tasks``; a holder whose record the rules cannot compute
    (an impossible date) is on it as a task to correct the record, and named in ``skipped``."""
    calendar, included = build_calendar(tasks, today, within_days=within_days, now=now)
    data = calendar.to_ical()
    path = write_atomically(out, lambda temp: temp.write_bytes(data))
    skipped = [
        HolderFailure(item.holder_id, item.holder_name, item.detail or item.title)
        for item in included
        if item.kind == "record"
    ]
    holders = {item.holder_id for item in included}
    return CalendarExport(path, len(included), len(holders), skipped)
