"""The permit's own task on the due list: renew it, confirm its automatic extension, or close it.

One row per permit, whatever its stage: from the notice before the window opens to the
day it is lost. The date is the day by which the step must be done (the latest safe
submission, or the counter appointment before it); past the latest date a permit still
in its grace period (东城's 30 days) says so and how many days are left — it is late, not
lost. A lost permit is one item to settle (待了结): record it as lost, or start a new
application; it is never a red row for ever.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..age_block import AGE_PASSED, age_block
from ..countdown import APPOINTMENT, LAPSE, permit_deadline
from ..deadlines import STATUSES, UPCOMING_DAYS, RenewalDeadlines
from ..explain import Explanation
from ..next_application import first_counter_day, next_application
from ..permit_state import LAPSED, PermitState
from ..policy import DistrictPolicy
from ..workdays import WorkCalendar
from .items import URGENT_DAYS, DueItem, HolderFacts, by_when, make_item

RENEWAL_NOTICE_DAYS = UPCOMING_DAYS  # default: from when the rules call it 即将进入续签期
NEW_AFTER_LOSS = "已失效：只能按新办重新申请"
# The permit's rows an age limit reached changes (:func:`age_limited`): an automatic extension
# is the unit's confirmation, not a renewal the bureau could refuse.
AGE_LIMITED_KINDS = ("renewal", "lapsed")


def record_error_item(
    facts: HolderFacts, today: dt.date, calendar: WorkCalendar, reason: str
) -> DueItem:
    """A holder whose deadlines cannot be computed (an impossible date in the record): the clerk
    is told why and corrects the record; the rest of the due list is computed as usual."""
    why = Explanation("record", "登记信息", "", today, reason, "", "", False)
    return make_item(
        facts,
        today,
        calendar,
        key=f"record:{facts.holder_id}",
        kind="record",
        stage="无法计算",
        level=3,
        urgency="overdue",
        title=f"无法计算期限：{reason}",
        day=today,
        why=why,
        step="今天核对并更正登记信息",
    )


def renewal_key(holder_id: int, expiry: dt.date) -> str:
    """The permit task's stable key: the holder and the expiry its deadlines hang on."""
    return f"renewal:{holder_id}:{expiry.isoformat()}"


def renewal_item(
    facts: HolderFacts,
    deadlines: RenewalDeadlines,
    today: dt.date,
    calendar: WorkCalendar,
    lead_days: int | None = None,
    *,
    policy: DistrictPolicy,
) -> DueItem | None:
    """The permit's task at its current stage, or None while nothing is due yet (``policy``:
    the rules context's policy of the permit's district)."""
    status = deadlines.status_on(today)
    level = STATUSES.index(status)
    notice = lead_days if lead_days is not None else RENEWAL_NOTICE_DAYS
    if level <= 1:
        if today < deadlines.window_opens - dt.timedelta(days=notice):
            return None
        status, level = STATUSES[1], 1
    d = deadlines
    key = renewal_key(facts.holder_id, d.expiry)
    fits = next_application(PermitState(status, d), policy, today, calendar)
    apply = (fits.kind, fits.planned, fits.reason)
    if status == LAPSED:
        lost = make_item(
            facts,
            today,
            calendar,
            key=key,
            kind="lapsed",
            stage=status,
            level=level,
            urgency="settle",
            title=f"证件已于 {d.lapses_on.isoformat()} 失效（{d.expiry.isoformat()} 到期，未续签）",
            day=d.lapses_on,
            why=d.explanation("lapses_on"),
            step=NEW_AFTER_LOSS,
            notes=("了结：在登记册中登记证件已失效，或新建新办申请",),
            apply=apply,
            resolvable=True,
        )
        return age_limited(lost, facts, policy, today)
    kind = "auto_extension" if d.auto_extension else "renewal"
    act = "完成自动延续确认" if d.auto_extension else "提交续签申请"
    # The row counts to the permit's next deadline, as the register does (..countdown).
    counts_to, day = permit_deadline(d, today)
    if level == 1:
        title, step, urgency = _upcoming(d, today, act)
    elif level in (2, 3):
        title, step, urgency, day, counts_to = _in_window(d, today, act, level)
    else:
        title, step = _late(
            d, today, act, level, soonest_counter_day(fits.planned, policy, d, today)
        )
        urgency = "overdue"
    if d.warnings and level >= 1:
        step = f"先续签劳动合同；{step}"
    extra = list(d.warnings)  # what must happen first (先续签劳动合同)
    if d.appointment_note and level <= 3:
        extra.append(d.appointment_note)
    item = make_item(
        facts,
        today,
        calendar,
        key=key,
        kind=kind,
        stage=status,
        level=level,
        urgency=urgency,
        title=title,
        day=day,
        why=d.explanation("lapses_on" if counts_to == LAPSE else "latest_submission"),
        step=step,
        notes=(*extra, *d.calendar_warnings),
        apply=apply,
        counts_to=counts_to,
    )
    return age_limited(item, facts, policy, today)


def soonest_counter_day(
    planned: dt.date | None, policy: DistrictPolicy, d: RenewalDeadlines, today: dt.date
) -> str:
    """Late: the first day the counter receives this unit, in words — "今天" only when today
    it does (on a Saturday the advice names Monday, or the first working day after a holiday).
    When none is left before the loss (``planned`` None) the advice says so."""
    day = planned or first_counter_day(policy, d.calendar, today, d.applications)
    if planned is None:
        return f"失效前已无受理日（最近的受理日 {day.isoformat()}），请立即联系区人力社保局："
    return "今天" if day == today else f"{day.isoformat()}（最近的受理日）"


def _upcoming(d: RenewalDeadlines, today: dt.date, act: str) -> tuple[str, str, str]:
    title = (
        f"{d.expiry.isoformat()} 到期，须在到期前由单位确认自动延续"
        if d.auto_extension
        else f"续签期 {d.window_opens.isoformat()} 开始，{d.expiry.isoformat()} 到期"
    )
    return title, f"准备材料：{by_when(today, d.latest_submission, act)}", "soon"


def _in_window(
    d: RenewalDeadlines, today: dt.date, act: str, level: int
) -> tuple[str, str, str, dt.date, str]:
    """In the window: by the latest submission, or first by the counter appointment (东城)."""
    latest = d.latest_submission
    title = (
        f"须于到期日 {d.expiry.isoformat()} 前确认延续，最晚 {latest.isoformat()}"
        if d.auto_extension
        else f"续签期内，最晚 {latest.isoformat()} 提交（{d.expiry.isoformat()} 到期）"
    )
    step = by_when(today, latest, act)
    urgency = "urgent" if level == 3 or (latest - today).days <= URGENT_DAYS else "soon"
    counts_to, day = permit_deadline(d, today)
    if d.appointment_by is not None and today <= d.appointment_by:
        book = d.appointment_note.split("：", 1)[0]  # "预约东城窗口（周三至周五）"
        step = f"{by_when(today, d.appointment_by, book)}，{latest.isoformat()} {act}"
        day, counts_to = d.appointment_by, APPOINTMENT
        urgency = "urgent" if (day - today).days <= URGENT_DAYS else urgency
    return title, step, urgency, day, counts_to


def _late(
    d: RenewalDeadlines, today: dt.date, act: str, level: int, soonest: str
) -> tuple[str, str]:
    """Past the latest submission: file at the first counter day, before the permit is lost."""
    latest, lapses = d.latest_submission, d.lapses_on
    if level == 4:
        title = f"已过最晚提交日 {latest.isoformat()}，{lapses.isoformat()} 起失效"
        return title, f"{soonest}{act}：已过最晚提交日，审核可能来不及"
    # after expiry, before the loss: the grace period
    title = (
        f"已于 {d.expiry.isoformat()} 到期，宽限期至 "
        f"{(lapses - dt.timedelta(days=1)).isoformat()}，{lapses.isoformat()} 起失效"
    )
    return title, f"宽限期内：{soonest}{act}，{lapses.isoformat()} 起失效"


def age_limited(
    item: DueItem, facts: HolderFacts, policy: DistrictPolicy, today: dt.date
) -> DueItem:
    """A renewal row for a holder past the age limit: no renewal is proposed (the case would be
    refused, :mod:`..age_block`), the step says what the age reminder (待了结) says."""
    if item.kind not in AGE_LIMITED_KINDS:
        return item
    block = age_block(policy, facts.birth_date, facts.gender, facts.retirement_track, today)
    if block is None:
        return item
    if not block.certain:
        return replace(item, notes=(f"{block.reason}；{block.step}", *item.notes))
    if item.kind == "lapsed":  # no new application either: record the loss
        return replace(
            item,
            step=f"{AGE_PASSED}；在登记册中登记证件已失效以了结",
            notes=(block.reason, "了结：在登记册中登记证件已失效"),
            apply_kind=None,
            apply_on=None,
            apply_reason=block.reason,
        )
    # The stage stays the permit's own (the register shows the same); the row moves to 待了结.
    return replace(
        item,
        urgency="settle",
        title=f"{AGE_PASSED}：不办理续签，证件到期后失效",
        step=block.step,
        notes=(block.reason, *item.notes),
        apply_kind=None,
        apply_on=None,
        apply_reason=block.reason,
        resolvable=True,
    )
