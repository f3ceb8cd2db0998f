"""One thing to do on the due list (待办): what the rows hold and how one is made.

A row is a task, not an event: ``date`` is the day by which it must be done, ``step`` says
what to do next in words ("今天提交续签申请"), ``title`` says what happened, and
``apply_kind`` / ``apply_on`` are the application the 办理 link opens, with its planned date
(from :mod:`..next_application`, as the new-case dialog's defaults are).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple, Protocol

from ..countdown import CONFIRM, LAPSE, LATEST, Countdown, unit_of
from ..explain import UNVERIFIED_NOTE, Explanation
from ..glossary import URGENCY_WORDS, URGENT_DAYS, WORKING_DAY
from ..vocab import CASE_KINDS
from ..workdays import WorkCalendar

KINDS = {
    "renewal": "续签",
    "auto_extension": "自动延续确认",
    "lapsed": "证件已失效",
    "cancellation": "离职注销",
    "employer_change": "聘用单位变更",
    "contract_end": "劳动合同到期",
    "child_16": "子女满 16 岁",
    "child_18": "子女满 18 岁",
    "age_limit": "年龄上限",
    "material": "办理材料到期",
    "case": "办理事项期限",
    "record": "登记信息有误",
}
# Kinds whose warning starts some time before the date; the clerk may change how long.
LEAD_KINDS = ("renewal", "contract_end", "child_16", "child_18", "age_limit", "material", "case")
# The groups of the list, in order: late, near, later, and what is over and only needs closing
# (the words and their rules: ..glossary; URGENT_DAYS: any dated warning this close is urgent).
URGENCIES = URGENCY_WORDS
# What each kind's date is, as its day figure names it (a renewal row may count to the
# appointment or, once the latest submission has passed, to the day the permit is lost).
COUNTS_TO = {
    "renewal": LATEST,
    "auto_extension": CONFIRM,
    "lapsed": LAPSE,
    "cancellation": "注销期限",
    "employer_change": "聘用单位变更期限",
    "contract_end": "劳动合同到期日",
    "child_16": "满 16 周岁",
    "child_18": "满 18 周岁",
    "age_limit": "年龄上限日",
    "material": "材料到期日",
    "case": "办理期限",
    "record": "更正期限",
}


class HolderFacts(NamedTuple):
    """What the due list needs to know about one holder (read from the register by the caller).

    A named tuple rather than a frozen dataclass: the due list makes one per holder, 50,000 at
    a time, and a tuple is made several times faster."""

    holder_id: int
    name: str
    unit_name: str
    department: str
    district: str
    status: str  # active / left
    left_on: dt.date | None = None
    birth_date: dt.date | None = None
    gender: str | None = None
    contract_end: dt.date | None = None
    expiry: dt.date | None = None
    first_issued: dt.date | None = None
    permit_status: str | None = None
    children: tuple[tuple[str, dt.date], ...] = ()
    # Which statutory retirement age a woman has (female_55 / female_50); None: not recorded.
    retirement_track: str | None = None
    # Applications the unit brings to the counter with this holder's (东城); None: not known.
    applications: int | None = None


@dataclass(frozen=True)
class DueItem:
    key: str
    kind: str
    stage: str
    level: int
    urgency: str
    holder_id: int
    holder_name: str
    unit_name: str
    department: str
    title: str  # what happened / where the deadline stands
    date: dt.date  # the day by which the step must be done
    days_left: int  # calendar days from today (negative once passed)
    working_days_left: int  # working days d with today < d ≤ date (negative once passed)
    rule: str
    source: str
    unverified: bool
    detail: str = ""
    notes: tuple[str, ...] = field(default=())
    case_id: int | None = None  # the open case (办理事项) this warning belongs to
    case_number: str = ""
    step: str = ""  # the next step in words
    quote: str = ""  # the guide's own words behind the date (verified rules only)
    apply_kind: str | None = None  # the application the 办理 link starts (CASE_KINDS code)
    apply_on: dt.date | None = None  # its planned submission date (≤ the latest safe one)
    apply_reason: str = ""
    resolvable: bool = False  # over: closed by recording the permit lost or by a new application
    counts_to: str = ""  # what ``date`` is, as the day figure names it (COUNTS_TO)

    @property
    def countdown(self) -> Countdown:
        """The row's day figure: the same one the register shows for the permit's deadline."""
        counts_to = self.counts_to or COUNTS_TO.get(self.kind, "期限")
        unit = unit_of(counts_to)
        left = self.working_days_left if unit == WORKING_DAY else self.days_left
        return Countdown(counts_to, self.date, left, unit)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def urgency_label(self) -> str:
        return URGENCIES[self.urgency]

    @property
    def apply_label(self) -> str:
        return CASE_KINDS.get(self.apply_kind, "") if self.apply_kind else ""

    def as_dict(self) -> dict[str, Any]:
        # Every field is a plain value, so a shallow copy serves: dataclasses.asdict deep-copies
        # each one, a quarter of ``wrc due --json``'s time at 10,000 holders. The values are
        # read from the instance's dict in C, in the fields' order, as ``wrc due --json`` prints.
        data = dict(zip(_DUE_ITEM_FIELDS, _field_values(self.__dict__), strict=True))
        data["notes"] = list(self.notes)
        data["kind_label"] = self.kind_label
        data["urgency_label"] = self.urgency_label
        data["apply_label"] = self.apply_label
        data["countdown"] = self.countdown.as_dict()
        if self.unverified:
            data["unverified_note"] = UNVERIFIED_NOTE
        return data


_DUE_ITEM_FIELDS = tuple(f.name for f in fields(DueItem))
_field_values = operator.itemgetter(*_DUE_ITEM_FIELDS)


@dataclass(frozen=True)
class CaseRef:
    """An open case (办理事项) as the due list names it."""

    id: int
    number: str
    holder_id: int
    kind: str  # rules.checklist_data.CASE_KINDS
    status: str  # store.case_models.CASE_STATUSES
    label: str  # e.g. 续签·准备中


class MarkLike(Protocol):
    """A clerk's mark on an item, as the register keeps it (read only: a frozen record fits)."""

    @property
    def level(self) -> int: ...
    @property
    def action(self) -> str: ...
    @property
    def until(self) -> dt.date | None: ...


def working_days_left(calendar: WorkCalendar, today: dt.date, day: dt.date) -> int:
    if day >= today:
        return calendar.working_days_after_until(today.toordinal(), day.toordinal())
    return -calendar.working_days_after_until(day.toordinal(), today.toordinal())


def make_item(
    facts: HolderFacts,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    key: str,
    kind: str,
    stage: str,
    level: int,
    urgency: str,
    title: str,
    day: dt.date,
    why: Explanation,
    step: str,
    notes: Iterable[str] = (),
    apply: tuple[str | None, dt.date | None, str] = (None, None, ""),
    resolvable: bool = False,
    counts_to: str | None = None,
) -> DueItem:
    return DueItem(
        key=key,
        kind=kind,
        stage=stage,
        level=level,
        urgency=urgency,
        holder_id=facts.holder_id,
        holder_name=facts.name,
        unit_name=facts.unit_name,
        department=facts.department,
        title=title,
        date=day,
        days_left=(day - today).days,
        working_days_left=working_days_left(calendar, today, day),
        rule=f"{why.district} {why.label}".strip(),
        source=why.source,
        unverified=why.unverified,
        detail=why.text,
        notes=tuple(notes),
        step=step,
        quote="" if why.unverified else why.quote,
        apply_kind=apply[0],
        apply_on=apply[1],
        apply_reason=apply[2],
        resolvable=resolvable,
        counts_to=counts_to or COUNTS_TO.get(kind, ""),
    )


def dated_urgency(today: dt.date, day: dt.date) -> tuple[str, int]:
    """The group and level of a task due on ``day``: the day itself is still in time."""
    if today > day:
        return "overdue", 3
    if (day - today).days <= URGENT_DAYS:
        return "urgent", 2
    return "soon", 1


def by_when(today: dt.date, day: dt.date, what: str) -> str:
    """ "今天提交续签申请" / "最晚 2026-12-08 提交续签申请" / "尽快…（期限 2026-12-01 已过）".

    How many days are left or past is the row's day figure (:attr:`DueItem.countdown`), not
    repeated here in other words."""
    if day == today:
        return f"今天{what}"
    if day > today:
        return f"最晚 {day.isoformat()} {what}"
    return f"尽快{what}（期限 {day.isoformat()} 已过）"
