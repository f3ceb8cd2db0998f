"""The register's rows with their renewal deadlines: what the report, the calendar and the due list read.

Deadlines come from :mod:`wrc_desktop.rules.deadlines`, never from here. They depend
only on (district, expiry, whether automatic extension applies), so one computation
serves every holder sharing those three: 50 000 holders need a few thousand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from ..rules.deadlines import RenewalDeadlines, renewal_deadlines, uses_auto_extension
from ..rules.policy import DistrictPolicy, get_policy
from ..rules.workdays import WorkCalendar, get_calendar
from ..store.queries import RegisterRow, register_rows

NO_PERMIT = "无证件信息"


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    row: RegisterRow
    deadlines: RenewalDeadlines | None
    status: str  # one of rules.deadlines.STATUSES, or NO_PERMIT

    def days_left(self, today: dt.date) -> int | None:
        """Calendar days from today to the latest safe submission (negative once passed)."""
        return None if self.deadlines is None else (self.deadlines.latest_submission - today).days


class DeadlineSource:
    """Policies (with the clerk's overrides), the working-day calendar and a memo of deadlines."""

    def __init__(self, overrides: Path | None = None, calendar: WorkCalendar | None = None) -> None:
        self.overrides = overrides
        self.calendar = calendar or get_calendar(overrides)
        self._policies: dict[str, DistrictPolicy] = {}
        self._memo: dict[tuple[str, dt.date, bool], RenewalDeadlines] = {}

    def policy(self, district: str) -> DistrictPolicy:
        found = self._policies.get(district)
        if found is None:
            found = self._policies[district] = get_policy(district, overrides=self.overrides)
        return found

    def renewal(self, district: str, expiry: dt.date, first_issued: dt.date | None,
                contract_end: dt.date | None = None) -> RenewalDeadlines:
        policy = self.policy(district)
        auto = uses_auto_extension(policy, first_issued)
        if auto:  # the extension's end depends on the contract: not shared between holders
            return renewal_deadlines(policy, expiry, first_issued=first_issued, contract_end=contract_end,
                                     calendar=self.calendar)
        key = (district, expiry, auto)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = renewal_deadlines(policy, expiry, first_issued=first_issued,
                                                        calendar=self.calendar)
        return found

    def working_days_between(self, today: dt.date, day: dt.date) -> int:
        """Working days d with today < d ≤ day; negative (counted back) when ``day`` has passed."""
        if day >= today:
            return self.calendar.working_days_after_until(today.toordinal(), day.toordinal())
        return -self.calendar.working_days_after_until(day.toordinal(), today.toordinal())


def deadline_rows(
    session: Session,
    today: dt.date,
    source: DeadlineSource,
    *,
    unit_id: int | None = None,
    include_left: bool = False,
    within_days: int | None = None,
) -> list[DeadlineRow]:
    """Holders with their current permit's deadlines, most urgent (earliest expiry) first.

    ``within_days`` keeps permits expiring on or before ``today + within_days``,
    including those already expired (they need attention most).
    """
    limit = today + dt.timedelta(days=within_days) if within_days is not None else None
    result: list[DeadlineRow] = []
    for row in register_rows(session, include_left=include_left, unit_id=unit_id):
        if row.expiry is None or row.permit_status == "cancelled":
            if limit is None:
                result.append(DeadlineRow(row, None, NO_PERMIT if row.expiry is None else "已注销"))
            continue
        if limit is not None and row.expiry > limit:
            continue
        deadlines = source.renewal(row.district, row.expiry, row.first_issued, row.contract_end)
        result.append(DeadlineRow(row, deadlines, deadlines.status_on(today)))
    result.sort(key=lambda r: (r.row.expiry is None, r.row.expiry or dt.date.max, r.row.unit_name, r.row.name))
    return result


def open_cases(session: Session, holder_ids: list[int]) -> dict[int, str]:
    """The open case (办理事项) of each holder, as a short label such as "续签·准备中".

    Extension point: cases do not exist in the register yet. When they arrive,
    this returns the open case of every holder that has one; the expiry report's
    "办理事项" column and the due list read it from here. Until then: none.
    """
    return {}
