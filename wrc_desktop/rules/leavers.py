"""Deadlines when a holder leaves the unit or joins from another one (DOMAIN §5, employer change).

- The old unit cancels (注销 / 解除关联) within N working days of the leaving day (003: 5);
  N = 0 means 立即 (002: "原单位应立即在系统中办理解除员工与单位其关联"): due on the leaving day.
- The new unit files the employer change within N days of leaving (003, 004: 60); N = 0 means
  立即 (002: "新单位…应立即与持证人进行关联，并办理…聘用单位变更业务"): due on the leaving day.
- The holder may apply for personal deferral (个人延期注销), at most N days (003: 180).
- For a joiner, the change must also leave the bureau's review working days before the
  permit's expiry (002: 20, 001: 15): the earlier of the two dates binds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .deadlines import estimated
from .explain import Explanation, explain
from .policy import DistrictPolicy, EmployerChange
from .workdays import WorkCalendar


@dataclass(frozen=True)
class LeaverDeadlines:
    district: str
    district_name: str
    left: dt.date
    cancel_by: dt.date
    employer_change_by: dt.date
    deferral_until: dt.date
    unverified: tuple[str, ...]
    calendar_warnings: tuple[str, ...]
    explanations: dict[str, Explanation] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "district": self.district,
            "district_name": self.district_name,
            "left": self.left,
            "cancel_by": self.cancel_by,
            "employer_change_by": self.employer_change_by,
            "deferral_until": self.deferral_until,
            "unverified": list(self.unverified),
            "calendar_warnings": list(self.calendar_warnings),
            "explanations": {key: value.as_dict() for key, value in self.explanations.items()},
        }


@dataclass(frozen=True)
class JoinerDeadlines:
    district: str
    district_name: str
    left: dt.date
    expiry: dt.date
    change_by: dt.date  # the binding date: the earlier of the two below
    change_by_days: dt.date  # N days after leaving
    change_by_review: dt.date  # review working days reserved before expiry
    review_working_days: int
    binding: str  # "days" or "review"
    too_late: bool  # the binding date is before the leaving day
    unverified: tuple[str, ...]
    calendar_warnings: tuple[str, ...]
    explanations: dict[str, Explanation] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = {
            key: getattr(self, key)
            for key in (
                "district",
                "district_name",
                "left",
                "expiry",
                "change_by",
                "change_by_days",
                "change_by_review",
                "review_working_days",
                "binding",
                "too_late",
            )
        }
        data["unverified"] = list(self.unverified)
        data["calendar_warnings"] = list(self.calendar_warnings)
        data["explanations"] = {key: value.as_dict() for key, value in self.explanations.items()}
        return data


def leaver_deadlines(
    policy: DistrictPolicy, left: dt.date, *, calendar: WorkCalendar
) -> LeaverDeadlines:
    """Deadlines that run from the leaving day ``left`` (``policy``: the old unit's district's)."""
    rules = policy.employer_change
    immediately = rules.cancellation_working_days == 0
    cancel_by = (
        left
        if immediately
        else calendar.nth_working_day_after(left, rules.cancellation_working_days)
    )
    change_by = left + dt.timedelta(days=rules.days_after_leaving)
    deferral_until = left + dt.timedelta(days=rules.deferral_days)
    used = (
        "employer_change.cancellation_working_days",
        "employer_change.days_after_leaving",
        "employer_change.deferral_days",
    )
    notes = {
        "cancel_by": explain(
            policy,
            used[0],
            cancel_by,
            f"原单位应于离职当日 {left.isoformat()} 立即办理解除关联"
            if immediately
            else f"原单位最晚于离职日 {left.isoformat()} 后第 {rules.cancellation_working_days} 个工作日"
            f"（{cancel_by.isoformat()}）办理注销/解除关联（离职当日不计）",
        ),
        "employer_change_by": explain(policy, used[1], change_by, _change_text(rules, left)),
        "deferral_until": explain(
            policy,
            used[2],
            deferral_until,
            f"个人延期注销最长 {rules.deferral_days} 日，至 {deferral_until.isoformat()}",
        ),
    }
    calendar_warnings = tuple(calendar.warnings_for(left, cancel_by))
    if calendar_warnings:
        notes["cancel_by"] = estimated(notes["cancel_by"])
    return LeaverDeadlines(
        district=policy.slug,
        district_name=policy.name,
        left=left,
        cancel_by=cancel_by,
        employer_change_by=change_by,
        deferral_until=deferral_until,
        unverified=tuple(rule for rule in used if policy.is_unverified(rule)),
        calendar_warnings=calendar_warnings,
        explanations=notes,
    )


def _change_text(rules: EmployerChange, left: dt.date) -> str:
    if rules.days_after_leaving == 0:
        return (
            f"新单位应于离职日 {left.isoformat()} 立即与持证人关联并办理聘用单位变更"
            "（指南未给天数）"
        )
    change_by = left + dt.timedelta(days=rules.days_after_leaving)
    return (
        f"新单位须在离职日后 {rules.days_after_leaving} 日内（至 {change_by.isoformat()}）"
        "提出聘用单位变更，逾期未办个人延期注销的证件失效"
    )


def joiner_deadlines(
    policy: DistrictPolicy,
    left: dt.date,
    expiry: dt.date,
    *,
    calendar: WorkCalendar,
) -> JoinerDeadlines:
    """When the new unit (under ``policy``, its district's) must file the change for a holder whose permit expires on ``expiry``."""
    rules = policy.employer_change
    by_days = left + dt.timedelta(days=rules.days_after_leaving)
    review = rules.review_working_days_before_expiry
    by_review = calendar.latest_with_reserve(expiry, review)
    binding = "review" if by_review < by_days else "days"
    change_by = min(by_days, by_review)
    used = (
        "employer_change.days_after_leaving",
        "employer_change.review_working_days_before_expiry",
    )
    notes = {
        "change_by_days": explain(
            policy,
            used[0],
            by_days,
            f"离职日 {left.isoformat()} 立即办理（新单位应立即关联并办理变更）"
            if rules.days_after_leaving == 0
            else f"离职日 {left.isoformat()} 后 {rules.days_after_leaving} 日内：{by_days.isoformat()}",
        ),
        "change_by_review": explain(
            policy,
            used[1],
            by_review,
            f"有效期满日 {expiry.isoformat()} 前须留出 {review} 个工作日审核（两端不计），"
            f"最晚 {by_review.isoformat()} 提交",
        ),
    }
    calendar_warnings = tuple(calendar.warnings_for(min(left, by_review), expiry))
    if calendar_warnings:
        notes["change_by_review"] = estimated(notes["change_by_review"])
    notes["change_by"] = notes["change_by_" + binding]
    return JoinerDeadlines(
        district=policy.slug,
        district_name=policy.name,
        left=left,
        expiry=expiry,
        change_by=change_by,
        change_by_days=by_days,
        change_by_review=by_review,
        review_working_days=review,
        binding=binding,
        too_late=change_by < left,
        unverified=tuple(rule for rule in used if policy.is_unverified(rule)),
        calendar_warnings=calendar_warnings,
        explanations=notes,
    )
