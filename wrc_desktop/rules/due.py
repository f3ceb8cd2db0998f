"""The due list (待办): every warning the rules raise for a holder, as states with an urgency.

A warning is computed from dates on every look, never fired on a day: whatever
became due while the app was closed is simply there when it opens. Each
warning names its deadline with a stable ``key`` (holder + kind + the date the
deadline hangs on) and its stage with a ``level`` that rises as the deadline
nears and passes. The clerk's marks (handled / snoozed until a date) hide a
warning only up to the level they were made at, so a later, more urgent stage
of the same deadline shows again (:func:`apply_marks`).

The dates themselves come from :mod:`.deadlines`, :mod:`.leavers` and
:mod:`.reminders`, and for open cases (办理事项) from :mod:`.materials` and
:mod:`.case_checks`; this module only combines them. A warning that belongs to an
open case carries its id and number, so the GUI can open the case instead of
starting a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from .deadlines import STATUSES, UPCOMING_DAYS, RenewalDeadlines
from .explain import UNVERIFIED_NOTE, Explanation
from .leavers import LeaverDeadlines
from .materials import Material, check_materials
from .policy import DistrictPolicy
from .reminders import Reminder, age_limit_reminder, child_reminders, contract_reminder
from .workdays import WorkCalendar

KINDS = {
    "renewal": "续签",
    "cancellation": "离职注销",
    "employer_change": "聘用单位变更",
    "contract_end": "劳动合同到期",
    "child_16": "随往子女满 16 周岁",
    "child_18": "随往子女满 18 周岁",
    "age_limit": "年龄上限",
    "material": "办理材料到期",
    "case": "办理事项期限",
    "record": "登记信息有误",
}
# Kinds whose warning starts some time before the date; the clerk may change how long.
LEAD_KINDS = ("renewal", "contract_end", "child_16", "child_18", "age_limit", "material", "case")
URGENCIES = {"overdue": "已逾期", "urgent": "紧急", "soon": "近期"}
URGENT_DAYS = 14  # any dated warning this close is urgent
RENEWAL_NOTICE_DAYS = UPCOMING_DAYS  # default: from when the rules call it 即将进入续签期
# Cases (办理事项) without a planned submission date: how long before a material stops being
# valid, or the case's own deadline comes, the warning starts. Same horizon as the cases view.
MATERIAL_NOTICE_DAYS = 30
CASE_NOTICE_DAYS = 30
# A holder's warning that an open case of one of these kinds already deals with (see link_case).
CASE_KINDS_FOR = {
    "renewal": ("renewal", "auto-extension"),
    "cancellation": ("leave", "cancel"),
    "employer_change": ("employer-change", "leave"),
    "child_16": ("family-change",),
    "child_18": ("family-change",),
}


@dataclass(frozen=True)
class HolderFacts:
    """What the due list needs to know about one holder (read from the register by the caller)."""

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
    # Which statutory retirement age a woman has (female_55 / female_50); None: the 55 track, a default.
    female_retirement_track: str | None = None


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
    title: str
    date: dt.date
    days_left: int  # calendar days from today (negative once passed)
    working_days_left: int  # working days d with today < d ≤ date (negative once passed)
    rule: str
    source: str
    unverified: bool
    detail: str = ""
    notes: tuple[str, ...] = field(default=())
    case_id: int | None = None  # the open case (办理事项) this warning belongs to
    case_number: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def urgency_label(self) -> str:
        return URGENCIES[self.urgency]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            kind_label=self.kind_label, urgency_label=self.urgency_label, notes=list(self.notes)
        )
        if self.unverified:
            data["unverified_note"] = UNVERIFIED_NOTE
        return data


class MarkLike(Protocol):
    level: int
    action: str
    until: dt.date | None


def working_days_left(calendar: WorkCalendar, today: dt.date, day: dt.date) -> int:
    if day >= today:
        return calendar.working_days_after_until(today.toordinal(), day.toordinal())
    return -calendar.working_days_after_until(day.toordinal(), today.toordinal())


def _item(
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
    notes: Iterable[str] = (),
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
        rule=f"{why.district} {why.label}",
        source=why.source,
        unverified=why.unverified,
        detail=why.text,
        notes=tuple(notes),
    )


def _dated_urgency(today: dt.date, day: dt.date) -> tuple[str, int]:
    if today >= day:
        return "overdue", 3
    if (day - today).days <= URGENT_DAYS:
        return "urgent", 2
    return "soon", 1


# ---------------------------------------------------------------- the warnings of one holder


def record_error_item(
    facts: HolderFacts, today: dt.date, calendar: WorkCalendar, reason: str
) -> DueItem:
    """A holder whose deadlines cannot be computed (an impossible date in the record): the clerk
    is told why and corrects the record; the rest of the due list is computed as usual."""
    why = Explanation("record", "登记信息", "", today, reason, "", "", False)
    return _item(
        facts,
        today,
        calendar,
        key=f"record:{facts.holder_id}",
        kind="record",
        stage="无法计算",
        level=3,
        urgency="overdue",
        title=f"无法计算期限，请核对登记信息：{reason}",
        day=today,
        why=why,
    )


def renewal_item(
    facts: HolderFacts,
    deadlines: RenewalDeadlines,
    today: dt.date,
    calendar: WorkCalendar,
    lead_days: int | None = None,
) -> DueItem | None:
    """The renewal warning at its current stage, or None while nothing is due yet."""
    status = deadlines.status_on(today)
    level = STATUSES.index(status)
    notice = lead_days if lead_days is not None else RENEWAL_NOTICE_DAYS
    if level <= 1:
        if today < deadlines.window_opens - dt.timedelta(days=notice):
            return None
        status, level = STATUSES[1], 1
    d, notes = deadlines, deadlines.explanations
    stages = {
        1: (
            "soon",
            f"续签期将于 {d.window_opens.isoformat()} 开始",
            d.window_opens,
            notes["window_opens"],
        ),
        2: (
            "soon",
            f"续签期内，最晚 {d.latest_submission.isoformat()} 提交",
            d.latest_submission,
            notes["latest_submission"],
        ),
        3: (
            "urgent",
            f"最晚提交日 {d.latest_submission.isoformat()} 临近",
            d.latest_submission,
            notes["latest_submission"],
        ),
        4: (
            "overdue",
            f"已过最晚提交日 {d.latest_submission.isoformat()}，尽快提交",
            d.latest_submission,
            notes["latest_submission"],
        ),
        5: (
            "overdue",
            f"已过期，须立即提交：{d.lapses_on.isoformat()} 失效",
            d.lapses_on,
            notes["lapses_on"],
        ),
        6: ("overdue", f"已于 {d.lapses_on.isoformat()} 失效", d.lapses_on, notes["lapses_on"]),
    }
    urgency, title, day, why = stages[level]
    if d.auto_extension:
        title = title.replace("提交", "确认延续") if level in (2, 3, 4) else title
    # What must happen first (先续签劳动合同), the counter appointment (预约东城窗口…) while it can
    # still be made, and "按预估假期计算" where a year has no official schedule.
    extra = list(d.warnings)
    if d.appointment_note and level <= 3:
        extra.append(d.appointment_note)
    return _item(
        facts,
        today,
        calendar,
        key=f"renewal:{facts.holder_id}:{d.expiry.isoformat()}",
        kind="renewal",
        stage=status,
        level=level,
        urgency=urgency,
        title=title,
        day=day,
        why=why,
        notes=(*extra, *d.calendar_warnings),
    )


def leaver_items(
    facts: HolderFacts, deadlines: LeaverDeadlines, today: dt.date, calendar: WorkCalendar
) -> list[DueItem]:
    """The old unit's cancellation and the employer-change deadline of a holder who left."""
    items = []
    base = f"{facts.holder_id}:{deadlines.left.isoformat()}"
    passed = today > deadlines.cancel_by
    items.append(
        _item(
            facts,
            today,
            calendar,
            key=f"cancellation:{base}",
            kind="cancellation",
            stage="已逾期" if passed else "待注销",
            level=3 if passed else 2,
            urgency="overdue" if passed else "urgent",
            title=(
                f"离职注销/解除关联已逾期（应于 {deadlines.cancel_by.isoformat()} 前）"
                if passed
                else f"离职当日 {deadlines.cancel_by.isoformat()} 须立即解除关联"
                if deadlines.cancel_by == deadlines.left
                else f"离职后须于 {deadlines.cancel_by.isoformat()} 前注销/解除关联"
            ),
            day=deadlines.cancel_by,
            why=deadlines.explanations["cancel_by"],
            notes=deadlines.calendar_warnings,
        )
    )
    urgency, level = _dated_urgency(today, deadlines.employer_change_by + dt.timedelta(days=1))
    items.append(
        _item(
            facts,
            today,
            calendar,
            key=f"employer_change:{base}",
            kind="employer_change",
            stage=URGENCIES[urgency],
            level=level,
            urgency=urgency,
            title=(
                f"聘用单位变更期限 {deadlines.employer_change_by.isoformat()} 已过"
                if urgency == "overdue"
                else f"新单位须于 {deadlines.employer_change_by.isoformat()} 前办理聘用单位变更"
            ),
            day=deadlines.employer_change_by,
            why=deadlines.explanations["employer_change_by"],
        )
    )
    return items


def reminder_items(
    facts: HolderFacts,
    policy: DistrictPolicy,
    today: dt.date,
    calendar: WorkCalendar,
    lead_days: Mapping[str, int],
) -> list[DueItem]:
    """Contract end, children turning 16 / 18 and the age limit, from the day each notice starts."""
    reminders: list[Reminder] = []
    if facts.status == "active":
        if facts.contract_end is not None:
            reminders.append(contract_reminder(policy, facts.contract_end, facts.name))
        if facts.birth_date is not None and facts.gender in ("M", "F"):
            age = age_limit_reminder(
                policy, facts.birth_date, facts.gender, facts.name, facts.female_retirement_track
            )
            if age is not None:
                reminders.append(age)
    for child_name, birth in facts.children:
        reminders.extend(child_reminders(policy, birth, child_name))
    items = []
    for reminder in reminders:
        lead = lead_days.get(reminder.kind)
        notice_from = (
            reminder.due - dt.timedelta(days=lead) if lead is not None else reminder.notice_from
        )
        if today < notice_from:
            continue
        urgency, level = _dated_urgency(today, reminder.due)
        subject = f":{reminder.subject}" if reminder.kind.startswith("child") else ""
        items.append(
            _item(
                facts,
                today,
                calendar,
                key=f"{reminder.kind}:{facts.holder_id}{subject}:{reminder.due.isoformat()}",
                kind=reminder.kind,
                stage=URGENCIES[urgency],
                level=level,
                urgency=urgency,
                title=reminder.message,
                day=reminder.due,
                why=reminder.explanation,
            )
        )
    return items


# ---------------------------------------------------------------- the warnings of open cases


@dataclass(frozen=True)
class CaseRef:
    """An open case (办理事项) as the due list names it."""

    id: int
    number: str
    holder_id: int
    kind: str  # rules.checklist_data.CASE_KINDS
    status: str  # store.case_models.CASE_STATUSES
    label: str  # e.g. 续签·准备中


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
    urgency, level = _dated_urgency(today, ends)
    tail = f"（办理事项 {case.number}）"
    if urgency == "overdue":
        text = f"{title}已于 {ends.isoformat()} 失效（有效至 {valid_through.isoformat()}），须重新准备{tail}"
    elif planned:
        text = f"{title}有效至 {valid_through.isoformat()}，早于计划提交日 {submit_on}{tail}"
    elif submit_on is None:
        text = f"{title}有效至 {valid_through.isoformat()}，尚未填写计划提交日期{tail}"
    else:
        text = f"{title}有效至 {valid_through.isoformat()}，计划提交日 {submit_on.isoformat()} 已过而尚未提交{tail}"
    item = _item(
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
    urgency, level = _dated_urgency(
        today, day + dt.timedelta(days=1)
    )  # the day itself is still in time
    tail = f"（办理事项 {case.number}，{case.label}）"
    text = (
        f"{what} {day.isoformat()} 已过{tail}"
        if urgency == "overdue"
        else f"{what}：{day.isoformat()}{tail}"
    )
    item = _item(
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
    )
    return replace(item, case_id=case.id, case_number=case.number)


# ---------------------------------------------------------------- the clerk's marks


def is_covered(item: DueItem, mark: MarkLike | None, today: dt.date) -> bool:
    """True while a mark hides the item: handled, or snoozed and not yet at its date — at that level or above."""
    if mark is None or mark.level < item.level:
        return False
    if mark.action == "handled":
        return True
    return mark.action == "snoozed" and mark.until is not None and today < mark.until


def apply_marks(
    items: Iterable[DueItem], marks: Mapping[str, MarkLike], today: dt.date
) -> tuple[list[DueItem], list[DueItem]]:
    """(shown, hidden) after the clerk's marks."""
    shown: list[DueItem] = []
    hidden: list[DueItem] = []
    for item in items:
        (hidden if is_covered(item, marks.get(item.key), today) else shown).append(item)
    return shown, hidden


_FIRST_KINDS = ("renewal", "cancellation", "employer_change")  # a missed one cannot be undone


_URGENCY_ORDER = {name: index for index, name in enumerate(URGENCIES)}


def sort_key(item: DueItem) -> tuple:
    """Most urgent first; within a group the permit deadlines first, then by date —
    the most recently passed first among overdue ones (the likeliest still to be saved).

    The holder and the warning's key settle every tie, so the order is total: a list
    updated holder by holder is in the same order as one computed whole."""
    day = item.date.toordinal()
    return (
        _URGENCY_ORDER[item.urgency],
        item.kind not in _FIRST_KINDS,
        -day if item.urgency == "overdue" else day,
        item.unit_name,
        item.holder_name,
        item.kind,
        item.holder_id,
        item.key,
    )


def sort_items(items: Iterable[DueItem]) -> list[DueItem]:
    """The items in :func:`sort_key` order."""
    return sorted(items, key=sort_key)


def group_by_urgency(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    groups: dict[str, list[DueItem]] = {name: [] for name in URGENCIES}
    for item in sort_items(items):
        groups[item.urgency].append(item)
    return groups


# ---------------------------------------------------------------- the tray's summary


@dataclass(frozen=True)
class DueSummary:
    """A short text for the tray notification and the scheduled task."""

    title: str
    body: str
    counts: dict[str, int]

    @property
    def needs_attention(self) -> bool:
        return bool(self.counts.get("overdue") or self.counts.get("urgent"))


def summarise(items: Iterable[DueItem], *, limit: int = 5) -> DueSummary:
    groups = group_by_urgency(items)
    counts = {name: len(group) for name, group in groups.items()}
    parts = [f"{counts[name]} 项{label}" for name, label in URGENCIES.items() if counts[name]]
    if not parts:
        return DueSummary("工作居住证：暂无待办", "所有期限都还早，无需处理。", counts)
    pressing = groups["overdue"] + groups["urgent"]
    lines = [
        f"【{i.urgency_label}】{i.holder_name}（{i.kind_label}）：{i.title}"
        for i in pressing[:limit]
    ]
    if not pressing:
        lines.append("没有逾期或紧急的事项。")
    rest = len(pressing) - limit
    if rest > 0:
        lines.append(f"……另有 {rest} 项逾期或紧急事项，请打开“待办”查看")
    return DueSummary("工作居住证待办：" + "、".join(parts), "\n".join(lines), counts)
