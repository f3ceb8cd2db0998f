"""Calendar export (.ics): one all-day event per renewal deadline, with a reminder.

Each event's UID names the holder, the kind of date and the unit's USCC, not the
date itself: when a permit is renewed and its dates move, importing the new file
updates the events instead of adding duplicates (SEQUENCE rises with the expiry,
so calendars accept the newer version).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from icalendar import Alarm, Calendar, Event
from sqlalchemy import select
from sqlmodel import Session

from ..rules.errors import WrcError
from ..store.models import Unit
from ..store.queries import RegisterRow, register_rows
from .files import write_atomically
from .per_holder import HolderFailure, each_holder
from .rows import DeadlineSource

PRODID = "-//WRC Desk//工作居住证办理助手//ZH"
# kind → (title, reminder: days before the date, hour of day)
EVENT_KINDS = {
    "window_opens": ("续签期开始", 0, 9),
    "latest_submission": ("续签最晚提交日", 7, 9),
    "expiry": ("工作居住证有效期满", 7, 9),
}
DEFAULT_WITHIN_DAYS = 400


@dataclass
class CalendarExport:
    path: Path
    events: int
    holders: int
    skipped: list[HolderFailure] = field(default_factory=list)  # holders whose deadlines failed


def build_calendar(
    session: Session,
    today: dt.date,
    *,
    source: DeadlineSource,
    within_days: int = DEFAULT_WITHIN_DAYS,
    skipped: list[HolderFailure] | None = None,
) -> tuple[Calendar, int]:
    """The calendar of deadlines from ``today`` to ``today + within_days``; returns it and the holder count.

    A holder whose deadlines cannot be computed (a date beyond the working-day
    calendar, say) is left out and appended to ``skipped`` with the reason.
    """
    if not 0 <= within_days <= 3660:
        raise WrcError(f"天数“{within_days}”无效（应为 0 到 3660）")
    until = today + dt.timedelta(days=within_days)
    uscc = dict(
        session.connection().execute(select(Unit.__table__.c.id, Unit.__table__.c.uscc)).all()
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "工作居住证期限")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    holders: set[int] = set()
    rows = [
        r
        for r in register_rows(session, include_left=False)
        if r.expiry is not None and r.permit_status != "cancelled"
    ]

    def deadlines_of(r: RegisterRow):
        return r, source.renewal(r.district, r.expiry, r.first_issued, r.contract_end)

    computed, failures = each_holder(rows, deadlines_of, holder_of=lambda r: (r.holder_id, r.name))
    if skipped is not None:
        skipped.extend(failures)
    computed.sort(key=lambda pair: (pair[0].expiry, pair[0].unit_name, pair[0].name))
    for r, d in computed:
        for kind, day in (
            ("window_opens", d.window_opens),
            ("latest_submission", d.latest_submission),
            ("expiry", d.expiry),
        ):
            if not today <= day <= until:
                continue
            title, before, hour = EVENT_KINDS[kind]
            event = Event()
            event.add("uid", f"wrc-{r.holder_id}-{kind}@{uscc.get(r.unit_id, 'wrc-desk')}")
            event.add("dtstamp", stamp)
            event.add("sequence", d.expiry.toordinal() - dt.date(2000, 1, 1).toordinal())
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", f"{title}：{r.name}（{r.unit_name}）")
            event.add("description", _description(kind, d, r.certificate_no))
            event.add("transp", "TRANSPARENT")
            event.add("categories", ["工作居住证"])
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{title}：{r.name}")
            alarm.add("trigger", dt.timedelta(days=-before, hours=hour))
            event.add_component(alarm)
            calendar.add_component(event)
            holders.add(r.holder_id)
    return calendar, len(holders)


def _description(kind: str, deadlines, certificate_no: str) -> str:
    lines = [
        f"证书编号：{certificate_no or '未录入'}",
        f"有效期至：{deadlines.expiry.isoformat()}",
        f"续签期开始：{deadlines.window_opens.isoformat()}",
        f"最晚提交日：{deadlines.latest_submission.isoformat()}",
    ]
    why = deadlines.explanations.get(kind)
    if why is not None:
        lines.append(str(why))
    lines.extend(deadlines.calendar_warnings)
    return "\n".join(lines)


def write_ics(
    session: Session,
    out: str | Path,
    today: dt.date,
    *,
    source: DeadlineSource,
    within_days: int = DEFAULT_WITHIN_DAYS,
) -> CalendarExport:
    skipped: list[HolderFailure] = []
    calendar, holders = build_calendar(
        session, today, source=source, within_days=within_days, skipped=skipped
    )
    data = calendar.to_ical()
    path = write_atomically(out, lambda temp: temp.write_bytes(data))
    return CalendarExport(path, len(calendar.walk("VEVENT")), holders, skipped)
