"""The tasks of open cases (办理事项): a material that stops being valid, the case's own deadline.

A warning of the holder that an open case already deals with points at that case
(:func:`link_case`), so the 办理 link opens the case instead of starting a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from ..explain import Explanation
from ..materials import Material, check_materials
from ..policy import DistrictPolicy
from ..workdays import WorkCalendar
from .items import URGENCIES, CaseRef, DueItem, HolderFacts, by_when, dated_urgency, make_item

MATERIAL_NOTICE_DAYS = 30
CASE_NOTICE_DAYS = 30
# A holder's warning that an open case of one of these kinds already deals with (see link_case).
CASE_KINDS_FOR = {
    "renewal": ("renewal", "auto-extension"),
    "auto_extension": ("auto-extension", "renewal"),
    "lapsed": ("new",),
    "cancellation": ("leave", "cancel"),
    "employer_change": ("employer-change", "leave"),
    "child_16": ("family-change",),
    "child_18": ("family-change",),
}


def link_case(item: DueItem, cases: Iterable[CaseRef]) -> DueItem:
    """A holder's warning that an open case already deals with points at that case.

    The key and stage stay as they were, so the clerk's marks on it still apply.
    """
    kinds = CASE_KINDS_FOR.get(item.kind, ())
    case = next((c for c in cases if c.kind in kinds), None)
    if case is None:
        return item
    note = f"已在办理：办理事项 {case.number}（{case.label}）"
    return replace(item, case_id=case.id, case_number=case.number, notes=(*item.notes, note))


def last_valid_day(policy: DistrictPolicy, material: Material, today: dt.date) -> dt.date | None:
    """The last submission day on which ``material`` alone passes its rules (None: no limit, or never valid).

    The answer does not move with ``today`` (it keys the warning, so a handled mark must
    keep matching after the day has passed). Found by bisection over check_materials
    itself, so it cannot disagree with the case checks; each rule holds on one run of days.
    """
    if material.kind == "degree" or (material.dated is None and material.valid_until is None):
        return None

    def ok(day: dt.date) -> bool:
        return not check_materials(policy, day, [material])

    probes = [material.dated] if material.dated else []
    probes += [today - dt.timedelta(days=days) for days in (0, 92, 366, 1100, 3660)]
    good = next((day for day in probes if ok(day)), None)
    if good is None:
        return (
            None  # a missing or impossible date: the case window reports it, not a date that passes
        )
    bad = good + dt.timedelta(days=3660)
    if ok(bad):
        return None
    while (bad - good).days > 1:
        middle = good + dt.timedelta(days=(bad - good).days // 2)
        good, bad = (middle, bad) if ok(middle) else (good, middle)
    return good


_MATERIAL_STAGES = {"overdue": "已失效", "urgent": "即将失效", "soon": "提交前将失效"}


def material_item(
    facts: HolderFacts,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    case: CaseRef,
    item_key: str,
    title: str,
    valid_through: dt.date,
    submit_on: dt.date | None,
    why: Explanation,
    lead_days: int | None = None,
) -> DueItem | None:
    """The warning for a material of an open case that stops being valid before it can be handed in.

    With a planned submission date still ahead, the material must be valid on that day;
    otherwise it warns ``lead_days`` (default :data:`MATERIAL_NOTICE_DAYS`) before it ends.
    The key hangs on the material's last valid day, so a replacement is a new warning.
    """
    ends = valid_through + dt.timedelta(days=1)
    planned = submit_on is not None and submit_on >= today
    notice = lead_days if lead_days is not None else MATERIAL_NOTICE_DAYS
    if ends > (
        submit_on if submit_on is not None and planned else today + dt.timedelta(days=notice)
    ):
        return None
    urgency, level = dated_urgency(today, valid_through)
    tail = f"（办理事项 {case.number}）"
    if urgency == "overdue":
        text = f"{title}已于 {ends.isoformat()} 失效（有效至 {valid_through.isoformat()}），须重新准备{tail}"
    elif planned:
        text = f"{title}有效至 {valid_through.isoformat()}，早于计划提交日 {submit_on}{tail}"
    elif submit_on is None:
        text = f"{title}有效至 {valid_through.isoformat()}，尚未填写计划提交日期{tail}"
    else:
        text = f"{title}有效至 {valid_through.isoformat()}，计划提交日 {submit_on.isoformat()} 已过而尚未提交{tail}"
    step = (
        f"今天重新准备{title}（办理事项 {case.number}）"
        if urgency == "overdue"
        else by_when(today, valid_through, f"提交办理事项 {case.number}，否则须重新准备{title}")
    )
    item = make_item(
        facts,
        today,
        calendar,
        key=f"material:{case.id}:{item_key}:{valid_through.isoformat()}",
        kind="material",
        stage=_MATERIAL_STAGES[urgency],
        level=level,
        urgency=urgency,
        title=text,
        day=valid_through,
        why=why,
        step=step,
        notes=(f"办理事项 {case.number}（{case.label}）",),
    )
    return replace(item, case_id=case.id, case_number=case.number)


def case_deadline_item(
    facts: HolderFacts,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    case: CaseRef,
    day: dt.date,
    what: str,
    why: Explanation,
    lead_days: int | None = None,
) -> DueItem | None:
    """The warning for an open case's own deadline (e.g. 最晚提交日), from ``lead_days`` before it."""
    notice = lead_days if lead_days is not None else CASE_NOTICE_DAYS
    if today < day - dt.timedelta(days=notice):
        return None
    urgency, level = dated_urgency(today, day)  # the day itself is still in time
    tail = f"（办理事项 {case.number}，{case.label}）"
    text = (
        f"{what} {day.isoformat()} 已过{tail}"
        if urgency == "overdue"
        else f"{what}：{day.isoformat()}{tail}"
    )
    act = (
        f"提交办理事项 {case.number}"
        if what == "最晚提交日"
        else f"{what.split('：', 1)[0]}（办理事项 {case.number}）"
    )
    item = make_item(
        facts,
        today,
        calendar,
        key=f"case:{case.id}:{day.isoformat()}",
        kind="case",
        stage=URGENCIES[urgency],
        level=level,
        urgency=urgency,
        title=text,
        day=day,
        why=why,
        step=by_when(today, day, act),
    )
    return replace(item, case_id=case.id, case_number=case.number)
