"""Renewal deadlines of a permit and its status on a given day (DOMAIN §5).

Counting convention (the day an act happens is not counted):
- ``lapses_on`` = expiry + the district's grace days: the day the permit is lost if not renewed;
- the latest safe submission is the latest working day D with at least N working days
  strictly between D and ``lapses_on`` (N = working days the bureau reserves for review);
- the renewal window opens the district's number of days before expiry.

东城 permits first issued from 2019-05 are not renewed: the unit confirms the holder still
qualifies and validity extends to the labor contract's end, at most 3 years. That path has
its own deadline (the unit's confirmation) and its own explanations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .dates import add_years
from .explain import Explanation, explain
from .policy import DistrictPolicy, get_policy
from .workdays import WorkCalendar, default_calendar

# In order of urgency; status_on() returns one of these.
STATUSES = ("正常", "即将进入续签期", "续签期内", "紧急", "已过最晚提交日", "已过期（宽限期内）", "已失效")
URGENT_WORKING_DAYS = 5      # 紧急: at most this many working days left until the latest submission
UPCOMING_DAYS = 30           # 即将进入续签期: the window opens within this many days


@dataclass(frozen=True)
class RenewalDeadlines:
    district: str
    district_name: str
    expiry: dt.date
    window_opens: dt.date
    latest_submission: dt.date
    lapses_on: dt.date
    review_working_days: int
    grace_days: int
    auto_extension: bool
    extended_until: dt.date | None
    unverified: tuple[str, ...]
    calendar_warnings: tuple[str, ...]
    explanations: dict[str, Explanation]
    calendar: WorkCalendar = field(repr=False, compare=False)

    def status_on(self, today: dt.date) -> str:
        """One of :data:`STATUSES` for ``today``."""
        return STATUSES[_status_index(
            today.toordinal(), self.window_opens.toordinal(), self.latest_submission.toordinal(),
            self.expiry.toordinal(), self.lapses_on.toordinal(), self.calendar)]

    def working_days_left(self, today: dt.date) -> int:
        """Working days d with today < d ≤ latest submission (0 once it has passed)."""
        return max(0, self.calendar.working_days_after_until(today.toordinal(), self.latest_submission.toordinal()))

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "district": self.district,
            "district_name": self.district_name,
            "expiry": self.expiry,
            "window_opens": self.window_opens,
            "latest_submission": self.latest_submission,
            "lapses_on": self.lapses_on,
            "review_working_days": self.review_working_days,
            "grace_days": self.grace_days,
            "auto_extension": self.auto_extension,
            "extended_until": self.extended_until,
            "unverified": list(self.unverified),
            "calendar_warnings": list(self.calendar_warnings),
            "explanations": {key: value.as_dict() for key, value in self.explanations.items()},
        }
        if today is not None:
            data["today"] = today
            data["status"] = self.status_on(today)
            data["working_days_left"] = self.working_days_left(today)
        return data


def _status_index(today: int, window: int, latest: int, expiry: int, lapses: int, calendar: WorkCalendar) -> int:
    if today >= lapses:
        return 6
    if today >= expiry:
        return 5
    if today > latest:
        return 4
    if calendar.working_days_after_until(today, latest) <= URGENT_WORKING_DAYS:
        return 3
    if today >= window:
        return 2
    if today >= window - UPCOMING_DAYS:
        return 1
    return 0


def uses_auto_extension(policy: DistrictPolicy, first_issued: dt.date | None) -> bool:
    rule = policy.auto_extension
    return bool(rule.enabled and first_issued and rule.first_issued_from and first_issued >= rule.first_issued_from)


def renewal_deadlines(
    district: str | DistrictPolicy,
    expiry: dt.date,
    *,
    first_issued: dt.date | None = None,
    contract_end: dt.date | None = None,
    calendar: WorkCalendar | None = None,
) -> RenewalDeadlines:
    """The renewal dates of a permit expiring on ``expiry`` in ``district``."""
    policy = get_policy(district)
    calendar = calendar or default_calendar()
    rules = policy.renewal
    window_opens = expiry - dt.timedelta(days=rules.window_days_before_expiry)
    lapses_on = expiry + dt.timedelta(days=rules.grace_days)
    auto = uses_auto_extension(policy, first_issued)
    notes = {
        "expiry": explain(policy, "renewal.validity_years", expiry,
                          f"有效期满日 {expiry.isoformat()}（证件有效期 {rules.validity_years} 年）"),
        "window_opens": explain(policy, "renewal.window_days_before_expiry", window_opens,
                                f"续签期自 {window_opens.isoformat()} 起：有效期满日前 {rules.window_days_before_expiry} 天"),
        "lapses_on": explain(policy, "renewal.grace_days", lapses_on,
                             f"未续签则于 {lapses_on.isoformat()} 失效（有效期满日后 {rules.grace_days} 天）"
                             if rules.grace_days else f"未续签则于有效期满日 {lapses_on.isoformat()} 失效，无宽限期"),
    }
    used = ["renewal.validity_years", "renewal.window_days_before_expiry", "renewal.grace_days"]
    extended_until = None
    if auto:
        reserve = policy.auto_extension.confirm_reserve_working_days
        latest = calendar.latest_with_reserve(expiry, reserve)
        max_years = policy.auto_extension.max_years
        cap = add_years(expiry, max_years)
        extended_until = min(contract_end, cap) if contract_end else None
        notes["latest_submission"] = explain(
            policy, "auto_extension.confirm_reserve_working_days", latest,
            f"{first_issued.isoformat()} 首次办理，适用有效期自动延续：单位须在有效期满日 {expiry.isoformat()} 前"
            f"审核确认仍符合条件，最晚 {latest.isoformat()}"
            + (f"（其后至期满日须留 {reserve} 个工作日）" if reserve else "（期满前最后一个工作日）"))
        notes["extended_until"] = explain(
            policy, "auto_extension.max_years", extended_until,
            f"延续至劳动合同约定的工作时间，最长 {max_years} 年（不晚于 {cap.isoformat()}）"
            + (f"：延续至 {extended_until.isoformat()}" if extended_until else "；请录入劳动合同到期日"))
        used += ["auto_extension.enabled", "auto_extension.first_issued_from",
                 "auto_extension.confirm_reserve_working_days", "auto_extension.max_years"]
        review = reserve
    else:
        review = rules.review_working_days
        latest = calendar.latest_with_reserve(lapses_on, review)
        notes["latest_submission"] = explain(
            policy, "renewal.review_working_days", latest,
            f"最晚提交日 {latest.isoformat()}：其后到失效日 {lapses_on.isoformat()} 之间（两端不计）"
            f"须留出 {review} 个工作日供审核")
        used.append("renewal.review_working_days")
    return RenewalDeadlines(
        district=policy.slug,
        district_name=policy.name,
        expiry=expiry,
        window_opens=window_opens,
        latest_submission=latest,
        lapses_on=lapses_on,
        review_working_days=review,
        grace_days=rules.grace_days,
        auto_extension=auto,
        extended_until=extended_until,
        unverified=tuple(rule for rule in used if policy.is_unverified(rule)),
        calendar_warnings=tuple(calendar.warnings_for(min(latest, expiry), lapses_on)),
        explanations=notes,
        calendar=calendar,
    )


def statuses_for(
    items: Iterable[tuple[str, dt.date, dt.date | None]],
    today: dt.date,
    *,
    calendar: WorkCalendar | None = None,
) -> list[str]:
    """Status labels for many ``(district, expiry, first_issued)`` rows at once (the register's fast path)."""
    calendar = calendar or default_calendar()
    today_ordinal = today.toordinal()
    policies: dict[str, DistrictPolicy] = {}
    memo: dict[tuple[str, int, bool], str] = {}
    result: list[str] = []
    append = result.append
    for district, expiry, first_issued in items:
        policy = policies.get(district)
        if policy is None:
            policy = policies[district] = get_policy(district)
        auto = uses_auto_extension(policy, first_issued) if first_issued else False
        key = (policy.slug, expiry.toordinal(), auto)
        status = memo.get(key)
        if status is None:
            status = memo[key] = STATUSES[_fast_status(policy, key[1], auto, today_ordinal, calendar)]
        append(status)
    return result


def _fast_status(policy: DistrictPolicy, expiry: int, auto: bool, today: int, calendar: WorkCalendar) -> int:
    rules = policy.renewal
    lapses = expiry + rules.grace_days
    if auto:
        latest = calendar.latest_with_reserve_ordinal(expiry, policy.auto_extension.confirm_reserve_working_days)
    else:
        latest = calendar.latest_with_reserve_ordinal(lapses, rules.review_working_days)
    return _status_index(today, expiry - rules.window_days_before_expiry, latest, expiry, lapses, calendar)
