"""The district counter's reception days (东城 003 五) and what they mean for a submission.

003: "每周一、二集中办理小于五份申请的单位；每周三至周五接待办理总量大于五份（含）申请的单位，
申请单位请提前三个工作日在受理窗口预约". A unit's volume decides its days; a large unit also
books an appointment a number of working days ahead. Where a district's counter has no such
rule (``counter.enabled = false``) every working day is a counter day.

The unit's volume is worked out by :func:`unit_applications` — the one computation the register,
the due list and the case window share: the clerk's setting on the unit when there is one,
otherwise how many of the unit's open cases are planned for the same week (the week of the case,
or for a holder without a planned case the unit's busiest planned week). With neither the unit is
taken as a small one, and the answer says that this is a default.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .explain import Explanation, explain
from .policy import DistrictPolicy
from .workdays import WorkCalendar

WEEKDAY_NAMES = "一二三四五六日"
APPOINTMENT_TITLE = "预约{office}窗口（{days}）"


def weekdays_text(weekdays: tuple[int, ...]) -> str:
    """``(1, 2)`` → 周一、周二; a run of three or more → 周三至周五."""
    days = sorted(weekdays)
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"周{WEEKDAY_NAMES[days[0] - 1]}至周{WEEKDAY_NAMES[days[-1] - 1]}"
    return "、".join(f"周{WEEKDAY_NAMES[day - 1]}" for day in days)


@dataclass(frozen=True)
class CounterRule:
    """The counter days of one unit in one district."""

    enabled: bool
    weekdays: tuple[int, ...]
    large_unit: bool
    applications_default: bool  # the unit's volume was not given: a small unit is assumed
    appointment_working_days: int  # 0 = no appointment needed
    explanation: Explanation

    @property
    def days_text(self) -> str:
        return weekdays_text(self.weekdays)

    def is_counter_day(self, day: dt.date, calendar: WorkCalendar) -> bool:
        return calendar.is_working_day(day) and (
            not self.enabled or day.isoweekday() in self.weekdays
        )

    def last_on_or_before(self, day: dt.date, calendar: WorkCalendar) -> dt.date:
        """The last counter day on or before ``day``."""
        found = day if calendar.is_working_day(day) else calendar.nth_working_day_before(day, 1)
        while not self.is_counter_day(found, calendar):
            found = calendar.nth_working_day_before(found, 1)
        return found

    def appointment_by(self, day: dt.date, calendar: WorkCalendar) -> dt.date | None:
        """The last day to book the counter for ``day`` (the Nth working day before it), or None."""
        if not self.appointment_working_days:
            return None
        return calendar.nth_working_day_before(day, self.appointment_working_days)

    def appointment_note(
        self, day: dt.date, calendar: WorkCalendar, district_name: str = ""
    ) -> str:
        """E.g. "预约东城窗口（周三至周五）：提前 3 个工作日，最晚 2026-03-02 预约 2026-03-05"; "" if none."""
        by = self.appointment_by(day, calendar)
        if by is None:
            return ""
        office = district_name.removesuffix("区")
        return (
            APPOINTMENT_TITLE.format(office=office, days=self.days_text)
            + f"：须提前 {self.appointment_working_days} 个工作日，最晚 {by.isoformat()} 预约 {day.isoformat()}"
        )


Week = tuple[int, int]  # ISO year and week


def week_of(day: dt.date) -> Week:
    year, week, _weekday = day.isocalendar()
    return year, week


def unit_applications(
    setting: int | None, planned: Mapping[Week, int], week: Week | None = None
) -> int | None:
    """How many applications the unit brings to the counter at once (None: not known).

    ``setting``: the clerk's number on the unit, which wins; ``planned``: the unit's open cases
    planned for each week; ``week``: the week in question (None: the busiest planned week)."""
    if setting is not None:
        return setting
    if week is not None:
        return planned.get(week) or None
    return max(planned.values(), default=0) or None


_NOTHING_PLANNED: Counter[Week] = Counter()  # read only


@dataclass(frozen=True)
class UnitVolumes:
    settings: dict[int, int | None] = field(default_factory=dict)
    weeks: dict[int, Counter[Week]] = field(default_factory=dict)  # unit → planned cases a week
    holder_weeks: dict[int, Week] = field(default_factory=dict)  # holder → own planned week
    # What :func:`unit_applications` answers for a holder without a planned week of their own
    # (the clerk's number, else the unit's busiest planned week), by unit: found once, not per
    # holder — most of a register's holders ask just this.
    _unit_answers: dict[int, int | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        answers = {
            unit_id: unit_applications(setting, self.weeks.get(unit_id, _NOTHING_PLANNED))
            for unit_id, setting in self.settings.items()
        }
        object.__setattr__(self, "_unit_answers", answers)  # frozen: as its __init__ sets fields

    def for_holder(self, unit_id: int, holder_id: int) -> int | None:
        """The applications the unit brings when this holder's papers go in.

        Asked for every holder of the register: the clerk's number, where there is one, is the
        answer without looking at the planned weeks (:func:`unit_applications`: it wins)."""
        answer = self._unit_answers.get(unit_id)
        if answer is None and unit_id not in self._unit_answers:
            return None  # not a unit whose district's counter depends on it
        week = self.holder_weeks.get(holder_id)
        if week is None or self.settings[unit_id] is not None:
            return answer
        return unit_applications(None, self.weeks.get(unit_id, _NOTHING_PLANNED), week)

    @property
    def always_unknown(self) -> bool:
        """True when :meth:`for_holder` answers None for every holder (no unit's volume is
        known): the register's rows need not be asked one by one."""
        return not self.holder_weeks and all(a is None for a in self._unit_answers.values())

    def for_case(self, unit_id: int, submit_on: dt.date | None) -> int | None:
        """The applications the unit brings in the week a case is planned for."""
        if unit_id not in self.settings:
            return None
        planned = self.weeks.get(unit_id, Counter())
        week = week_of(submit_on) if submit_on is not None else None
        return unit_applications(self.settings[unit_id], planned, week)

    def signature(self) -> tuple:
        return (
            tuple(sorted(self.settings.items())),
            tuple(sorted((unit, tuple(sorted(c.items()))) for unit, c in self.weeks.items())),
            tuple(sorted(self.holder_weeks.items())),
        )


def counter_rule(policy: DistrictPolicy, applications: int | None = None) -> CounterRule:
    """The counter days of a unit bringing ``applications`` applications (None: not known, small assumed).

    The same policy object always gives the same rule, so it is kept (a register asks once per permit).
    """
    key = (id(policy), applications)
    found = _RULES.get(key)
    if found is not None and found[0] is policy:
        return found[1]
    rule = _counter_rule(policy, applications)
    if len(_RULES) > 256:
        _RULES.clear()
    _RULES[key] = (policy, rule)
    return rule


_RULES: dict[tuple[int, int | None], tuple[DistrictPolicy, CounterRule]] = {}


def _counter_rule(policy: DistrictPolicy, applications: int | None) -> CounterRule:
    rules = policy.counter
    if not rules.enabled:
        note = explain(
            policy, "counter.enabled", None, f"{policy.name}未规定窗口受理日：任一工作日均可提交"
        )
        return CounterRule(False, (1, 2, 3, 4, 5), False, applications is None, 0, note)
    large = applications is not None and applications >= rules.large_unit_from
    weekdays = rules.large_unit_weekdays if large else rules.small_unit_weekdays
    rule = "counter.large_unit_weekdays" if large else "counter.small_unit_weekdays"
    if applications is None:
        volume = (
            f"按申请少于 {rules.large_unit_from} 份的单位计"
            "（默认值：单位未设申请份数，同一周也没有计划提交的办理事项）"
        )
    else:
        volume = f"本单位申请 {applications} 份（{'不少于' if large else '少于'} {rules.large_unit_from} 份）"
    text = f"{policy.name}窗口受理日：{volume}，{weekdays_text(weekdays)}受理"
    appointment = rules.appointment_working_days if large else 0
    if appointment:
        text += f"，须提前 {appointment} 个工作日在受理窗口预约"
    note = explain(policy, rule, weekdays, text)
    return CounterRule(True, tuple(weekdays), large, applications is None, appointment, note)
