"""The holder's other tasks: a leaver's cancellation, the contract's end, children's ages, the age limit.

A deadline passed long ago that nothing can undo (an age limit reached, an employer change
never filed) is an item to settle (待了结), not an overdue one: the clerk acknowledges it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..age_block import AGE_PASSED, age_block
from ..leavers import LeaverDeadlines
from ..next_application import first_counter_day
from ..policy import DistrictPolicy
from ..reminders import Reminder, age_limit_reminder, child_reminders, contract_reminder
from ..workdays import WorkCalendar
from .items import URGENCIES, DueItem, HolderFacts, by_when, dated_urgency, make_item


def leaver_key(kind: str, holder_id: int, left: dt.date) -> str:
    """A leaver's task's stable key: its kind, the holder and the day they left."""
    return f"{kind}:{holder_id}:{left.isoformat()}"


def leaver_items(
    facts: HolderFacts,
    deadlines: LeaverDeadlines,
    today: dt.date,
    calendar: WorkCalendar,
    apply: tuple[str | None, dt.date | None, str] = (None, None, ""),
) -> list[DueItem]:
    """The old unit's cancellation (its own task) and the new unit's employer-change deadline.

    ``apply``: the application the old unit files (from :mod:`..next_application`)."""
    urgency, level = dated_urgency(today, deadlines.cancel_by)
    immediately = deadlines.cancel_by == deadlines.left
    cancel = make_item(
        facts,
        today,
        calendar,
        key=leaver_key("cancellation", facts.holder_id, deadlines.left),
        kind="cancellation",
        stage="已逾期" if urgency == "overdue" else "待注销",
        level=3 if urgency == "overdue" else 2,
        urgency="overdue" if urgency == "overdue" else "urgent",
        title=(
            f"{deadlines.left.isoformat()} 离职，须当日立即解除关联"
            if immediately
            else f"{deadlines.left.isoformat()} 离职，须于 {deadlines.cancel_by.isoformat()} 前注销/解除关联"
        ),
        day=deadlines.cancel_by,
        why=deadlines.explanations["cancel_by"],
        step=by_when(today, deadlines.cancel_by, "在系统中办理离职注销/解除关联"),
        notes=deadlines.calendar_warnings,
        apply=apply,
    )
    change_by = deadlines.employer_change_by
    urgency, level = dated_urgency(today, change_by)
    passed = urgency == "overdue"
    change = make_item(
        facts,
        today,
        calendar,
        key=leaver_key("employer_change", facts.holder_id, deadlines.left),
        kind="employer_change",
        stage="待了结" if passed else URGENCIES[urgency],
        level=level,
        urgency="settle" if passed else urgency,
        title=_change_title(deadlines, passed),
        day=change_by,
        why=deadlines.explanations["employer_change_by"],
        step=(
            "确认持证人是否已转入新单位或办理个人延期注销，然后标记已处理"
            if passed
            else by_when(today, change_by, "提醒持证人由新单位办理聘用单位变更")
        ),
        resolvable=passed,
    )
    return [cancel, change]


def _change_title(deadlines: LeaverDeadlines, passed: bool) -> str:
    change_by = deadlines.employer_change_by
    if change_by == deadlines.left:  # 立即 (002): no number of days to count
        if passed:
            return f"{change_by.isoformat()} 离职：新单位应立即办理聘用单位变更，请确认是否已办理"
        return f"{change_by.isoformat()} 离职：新单位须当日立即关联并办理聘用单位变更"
    if passed:
        return f"聘用单位变更期限 {change_by.isoformat()} 已过：未办个人延期注销的，证件已失效"
    return f"新单位须于 {change_by.isoformat()} 前办理聘用单位变更"


def _age_step(facts: HolderFacts, policy: DistrictPolicy, today: dt.date) -> str:
    """The passed age limit's step: the one answer the renewal's row gives too."""
    block = age_block(policy, facts.birth_date, facts.gender, facts.retirement_track, today)
    if block is not None and not block.certain:
        return block.step
    return f"{AGE_PASSED}；知悉后标记已处理"


def _step(reminder: Reminder, today: dt.date) -> str:
    due = reminder.due
    if reminder.kind == "contract_end":
        if today > due:
            return "劳动合同已到期：在登记册中更新续签后的合同期限，或办理离职"
        return by_when(today, due, "续签劳动合同并更新登记册")
    if reminder.kind == "child_16":
        if today >= due:
            return f"{reminder.subject}已满 16 周岁：办理随往时附学校《在校证明》，然后标记已处理"
        return f"{due.isoformat()} 起办理随往须附《在校证明》：提前请学校开具"
    if reminder.kind == "child_18":
        if today >= due:
            return f"{reminder.subject}已满 18 周岁，不能再随往：办理随往人员变更"
        return by_when(today, due, "办理随往人员变更（满 18 周岁后不能随往）")
    if today >= due:
        return f"{AGE_PASSED}；知悉后标记已处理"
    return f"{due.isoformat()} 达到年龄上限：此后不能再新办或续签，提前安排"


# Reminders whose date, once passed, only needs acknowledging: nothing filed can change it.
_SETTLE_WHEN_PASSED = ("age_limit", "child_16")


def reminder_key(kind: str, holder_id: int, due: dt.date, child: str | None = None) -> str:
    """A life reminder's stable key: its kind, the holder (and the child's name), and its date."""
    of_child = "" if child is None else f":{child}"
    return f"{kind}:{holder_id}{of_child}:{due.isoformat()}"


def shows_on(reminder: Reminder, today: dt.date, lead_days: Mapping[str, int]) -> bool:
    """Whether the reminder shows on ``today``: from its notice day, or as many days before its
    date as the clerk's lead time for its kind says."""
    lead = lead_days.get(reminder.kind)
    notice_from = (
        reminder.due - dt.timedelta(days=lead) if lead is not None else reminder.notice_from
    )
    return today >= notice_from


def reminder_items(
    facts: HolderFacts,
    policy: DistrictPolicy,
    today: dt.date,
    calendar: WorkCalendar,
    lead_days: Mapping[str, int],
    *,
    contract: bool = True,
    age: bool = True,
) -> list[DueItem]:
    """Contract end, children turning 16 / 18 and the age limit, from the day each notice starts
    (``contract`` / ``age`` False: without the contract's / the age limit's reminder)."""
    reminders: list[Reminder] = []
    if facts.status == "active":
        if contract and facts.contract_end is not None:
            reminders.append(contract_reminder(policy, facts.contract_end, facts.name))
        if age and facts.birth_date is not None and facts.gender in ("M", "F"):
            limit = age_limit_reminder(
                policy, facts.birth_date, facts.gender, facts.name, facts.retirement_track
            )
            if limit is not None:
                reminders.append(limit)
    for child_name, birth in facts.children:
        reminders.extend(child_reminders(policy, birth, child_name))
    items = []
    for reminder in reminders:
        if not shows_on(reminder, today, lead_days):
            continue
        urgency, level = dated_urgency(today, reminder.due)
        settle = reminder.kind in _SETTLE_WHEN_PASSED and today >= reminder.due
        if settle:
            urgency, level = "settle", 3
        child = reminder.subject if reminder.kind.startswith("child") else None
        apply: tuple[str | None, dt.date | None, str] = (None, None, "")
        if reminder.kind == "child_18" and facts.status == "active":
            # The child leaves the permit: the unit files 随往人员变更, at the first counter day.
            apply = (
                "family-change",
                first_counter_day(policy, calendar, today),
                f"{reminder.subject}{reminder.due.isoformat()} 满 18 周岁，不能再随往：办理随往人员变更",
            )
        items.append(
            make_item(
                facts,
                today,
                calendar,
                key=reminder_key(reminder.kind, facts.holder_id, reminder.due, child),
                kind=reminder.kind,
                stage=URGENCIES[urgency],
                level=level,
                urgency=urgency,
                title=reminder.message,
                day=reminder.due,
                why=reminder.explanation,
                step=_age_step(facts, policy, today)
                if reminder.kind == "age_limit" and today >= reminder.due
                else _step(reminder, today),
                apply=apply,
                resolvable=settle,
            )
        )
    return items
