"""Reminders about a holder's life, each with its date (DOMAIN §5 "derived warnings").

- the labor contract ends within N months (a case needs the contract renewed first — 000, 003);
- an accompanying child turns 16 (school certificate — 003) or 18 (may no longer accompany);
- the holder reaches the district's age limit (001: men 60, women 55; 002: "未达退休年龄", the
  statutory retirement age of :mod:`.retirement`; 000 and 003 state none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .dates import add_months, add_years
from .explain import Explanation, explain
from .policy import AgeLimit, DistrictPolicy
from .retirement import UNKNOWN_TRACK_NOTE, retirement_schedule, tracks_for
from .retirement import retirement_age_months as _track_months


@dataclass(frozen=True)
class Reminder:
    kind: str  # contract_end, child_16, child_18, age_limit
    subject: str  # whose date it is (the holder's or a child's name)
    due: dt.date  # the day the event happens
    notice_from: dt.date  # the day the reminder starts to show
    # The words and the explanation, built only when asked: the due list asks for every
    # holder's reminders and shows few of them, and the explanation is most of the cost.
    details: Callable[[], tuple[str, Explanation]] = field(repr=False, compare=False)

    @cached_property
    def _worded(self) -> tuple[str, Explanation]:
        return self.details()

    @property
    def message(self) -> str:
        return self._worded[0]

    @property
    def explanation(self) -> Explanation:
        return self._worded[1]

    def is_active(self, today: dt.date) -> bool:
        return today >= self.notice_from

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "due": self.due,
            "notice_from": self.notice_from,
            "message": self.message,
            "explanation": self.explanation.as_dict(),
        }


def retirement_age_months(birth: dt.date, original_years: int) -> int:
    """Statutory retirement age in months for someone born on ``birth`` whose original age was ``original_years``."""
    track = {60: "male", 55: "female_55", 50: "female_50"}.get(original_years)
    return _track_months(birth, track) if track else original_years * 12


def age_limit_dates(
    policy: DistrictPolicy, birth: dt.date, gender: str, retirement_track: str | None = None
) -> tuple[dt.date, dt.date, str] | None:
    """(earliest, latest, how) the holder reaches the district's age limit; None if there is none.

    The two dates differ only for a woman whose retirement track (``female_55`` / ``female_50``)
    is not recorded where the limit is the statutory retirement age (002): the track is then
    unknown and both dates are given, never the 55 track silently.
    """
    return _age_limit_dates(policy.age_limit, birth, gender, retirement_track)


# The answer depends on the district's age-limit rules and the holder's facts alone; the due
# list asks it for a holder's reminder, its step and the renewal row in turn, so the last few
# thousand answers are kept (an error, such as an unknown track, is raised on every ask).
@lru_cache(maxsize=4096)
def _age_limit_dates(
    rules: AgeLimit, birth: dt.date, gender: str, retirement_track: str | None
) -> tuple[dt.date, dt.date, str] | None:
    if rules.mode == "none":
        return None
    if rules.mode == "retirement":
        schedule = retirement_schedule()
        tracks = tracks_for(gender, retirement_track)
        dates = []
        words = []
        for track in tracks:
            original = schedule.tracks[track].original_years
            months = _track_months(birth, track)
            extra = months - original * 12
            dates.append(add_months(birth, months))
            words.append(
                f"{schedule.tracks[track].label}原 {original} 周岁"
                + (f"，按 2025 年起的渐进式延迟延迟 {extra} 个月" if extra else "")
                + (f"：{dates[-1].isoformat()}" if len(tracks) > 1 else "")
            )
        how = "法定退休年龄：" + "；".join(words) + f"（{schedule.source}）"
        if len(tracks) > 1:
            how = f"{UNKNOWN_TRACK_NOTE}；按较早的日期提醒。" + how
        return min(dates), max(dates), how
    years = rules.male if gender == "M" else rules.female
    if rules.whole_year_of_age:
        # "不超过60周岁" read as up to the day before the 61st birthday (a reading, not verified).
        limit = add_years(birth, years + 1)
        return (
            limit,
            limit,
            f"不超过 {years} 周岁，按整个 {years} 周岁年度计（{years + 1} 周岁生日前一天为止；解读，未核实）",
        )
    limit = add_years(birth, years)
    return limit, limit, f"年满 {years} 周岁"


def age_limit_date(
    policy: DistrictPolicy, birth: dt.date, gender: str, retirement_track: str | None = None
) -> tuple[dt.date, str] | None:
    """The (earliest) day the holder reaches the district's age limit and how it was worked out."""
    found = age_limit_dates(policy, birth, gender, retirement_track)
    return None if found is None else (found[0], found[2])


def track_unknown(policy: DistrictPolicy, gender: str | None, retirement_track: str | None) -> bool:
    """True when the age limit depends on a woman's retirement track that is not recorded."""
    return policy.age_limit.mode == "retirement" and gender == "F" and retirement_track is None


def contract_reminder(policy: DistrictPolicy, contract_end: dt.date, subject: str = "") -> Reminder:
    months = policy.warnings.contract_end_months
    notice = add_months(contract_end, -months)

    def details() -> tuple[str, Explanation]:
        message = f"劳动合同 {contract_end.isoformat()} 到期，有效期不足 {months} 个月时须先续签合同再办理业务"
        return message, explain(policy, "warnings.contract_end_months", contract_end, message)

    return Reminder("contract_end", subject, contract_end, notice, details)


def child_reminders(policy: DistrictPolicy, birth: dt.date, subject: str = "") -> list[Reminder]:
    school_age = policy.warnings.child_school_certificate_age
    max_age = policy.warnings.child_max_age
    turns_school = add_years(birth, school_age)
    turns_max = add_years(birth, max_age)
    child = subject or "随往子女"

    def school() -> tuple[str, Explanation]:
        text = f"{child}于 {turns_school.isoformat()} 年满 {school_age} 周岁：此后办理随往须提供学校《在校证明》"
        return text, explain(policy, "warnings.child_school_certificate_age", turns_school, text)

    def adult() -> tuple[str, Explanation]:
        text = f"{child}于 {turns_max.isoformat()} 年满 {max_age} 周岁：不再符合随往条件"
        return text, explain(policy, "warnings.child_max_age", turns_max, text)

    return [
        Reminder("child_16", subject, turns_school, add_months(turns_school, -1), school),
        Reminder("child_18", subject, turns_max, add_months(turns_max, -3), adult),
    ]


def age_limit_reminder(
    policy: DistrictPolicy,
    birth: dt.date,
    gender: str,
    subject: str = "",
    retirement_track: str | None = None,
) -> Reminder | None:
    """The age-limit reminder, or None where the district's guide sets no age limit."""
    found = age_limit_date(policy, birth, gender, retirement_track)
    if found is None:
        return None
    due, how = found
    months = policy.warnings.age_limit_notice_months
    rule = (
        "age_limit.mode"
        if policy.age_limit.mode == "retirement"
        else f"age_limit.{'male' if gender == 'M' else 'female'}"
    )

    def details() -> tuple[str, Explanation]:
        message = f"{subject or '持证人'}于 {due.isoformat()} 达到{policy.name}的年龄上限（{how}），此后不能再申请新办或续签"
        return message, explain(policy, rule, due, message)

    return Reminder("age_limit", subject, due, add_months(due, -months), details)


def holder_reminders(
    policy: DistrictPolicy,
    *,
    today: dt.date,
    birth: dt.date | None = None,
    gender: str | None = None,
    contract_end: dt.date | None = None,
    children: Iterable[tuple[str, dt.date]] = (),
    name: str = "",
    active_only: bool = True,
    retirement_track: str | None = None,
) -> list[Reminder]:
    """The holder's reminders (only those showing on ``today`` unless ``active_only`` is False), by due date."""
    found: list[Reminder] = []
    if contract_end is not None:
        found.append(contract_reminder(policy, contract_end, name))
    if birth is not None and gender in ("M", "F"):
        reminder = age_limit_reminder(policy, birth, gender, name, retirement_track)
        if reminder is not None:
            found.append(reminder)
    for child_name, child_birth in children:
        found.extend(child_reminders(policy, child_birth, child_name))
    if active_only:
        found = [reminder for reminder in found if reminder.is_active(today)]
    return sorted(found, key=lambda reminder: reminder.due)
