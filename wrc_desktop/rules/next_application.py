"""Which application fits a holder now, and by when — and which ones contradict the permit.

One answer for the due list's 办理 link, the new-case dialog's defaults (from a warning or
from the register's context menu) and the refusal at creation (desk and ``wrc case new``):
- a permit in its renewal stages → 续签, or 自动延续确认 for a 东城 permit first issued from
  2019-05 (003 六（三）: "不再进行续签，其证件有效期自动延续");
- a lost permit (失效, 注销) or none → 新办, with the reason said, never a renewal;
- a permit suspended after the old unit let go → 聘用单位变更（转入）;
- a holder who left → 聘用单位变更（离职）: the old unit's dissociation / cancellation.

The latest date comes from the permit's one deadlines computation (:mod:`.deadlines`,
:mod:`.leavers`); the planned date suggested is a day the district's counter receives
(:mod:`.counter`), on or before that latest date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .counter import counter_rule
from .deadlines import RenewalDeadlines
from .leavers import leaver_deadlines
from .permit_state import CANCELLED, LAPSED, LEFT, NO_PERMIT, SUSPENDED, UNCOMPUTABLE, PermitState
from .policy import DistrictPolicy
from .vocab import CASE_KINDS
from .workdays import WorkCalendar

# Days a clerk needs to collect the materials before a planned submission (a default the
# dialog shows and the clerk changes): a renewal is planned no earlier than this from today.
PREPARE_DAYS = 14
RENEWAL_KINDS = ("renewal", "auto-extension")


@dataclass(frozen=True)
class NextApplication:
    kind: str | None  # a CASE_KINDS code; None: nothing to file (the reason says why)
    latest: dt.date | None  # the latest safe submission; None: no deadline
    planned: dt.date | None  # a suggested planned submission date (≤ latest)
    reason: str  # why this kind (and this date), in words for the clerk

    @property
    def kind_label(self) -> str:
        return CASE_KINDS.get(self.kind, "") if self.kind else ""


def first_counter_day(
    policy: DistrictPolicy, calendar: WorkCalendar, day: dt.date, applications: int | None = None
) -> dt.date:
    """The first day on or after ``day`` the district's counter receives this unit."""
    counter = counter_rule(policy, applications)
    found = day
    while not counter.is_counter_day(found, calendar):
        found += dt.timedelta(days=1)
    return found


def renewal_kind(deadlines: RenewalDeadlines) -> str:
    return "auto-extension" if deadlines.auto_extension else "renewal"


def planned_renewal_day(
    deadlines: RenewalDeadlines, policy: DistrictPolicy, today: dt.date
) -> dt.date | None:
    """A counter day for the renewal (or the confirmation), never after the latest safe submission.

    In time: :data:`PREPARE_DAYS` from today and not before the window opens, capped at the
    latest date. Late (after the latest date, before the permit is lost): the first counter day
    from today; None when none is left before the loss.
    """
    calendar, latest = deadlines.calendar, deadlines.latest_submission
    if today <= latest:
        start = today + dt.timedelta(days=PREPARE_DAYS)
        if not deadlines.auto_extension:
            start = max(start, deadlines.window_opens)
        return min(first_counter_day(policy, calendar, start, deadlines.applications), latest)
    day = first_counter_day(policy, calendar, today, deadlines.applications)
    return day if day < deadlines.lapses_on else None


def next_application(
    state: PermitState,
    policy: DistrictPolicy,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    permit_status: str | None = None,
    left_on: dt.date | None = None,
) -> NextApplication:
    """The application that fits the holder whose permit is in ``state`` on ``today``."""
    label, deadlines = state.label, state.deadlines
    if label == UNCOMPUTABLE:
        return NextApplication(None, None, None, f"无法计算期限，请先核对登记信息：{state.reason}")
    if label == LEFT:
        if permit_status in ("cancelled", "lapsed") or left_on is None:
            return NextApplication(None, None, None, "持证人已离职，证件已了结，无需办理")
        leaver = leaver_deadlines(policy, left_on, calendar=calendar)
        first = first_counter_day(policy, calendar, today)
        return NextApplication(
            "leave",
            leaver.cancel_by,
            first if today > leaver.cancel_by else min(first, leaver.cancel_by),
            f"持证人已于 {left_on.isoformat()} 离职：原单位办理注销/解除关联，"
            f"最晚 {leaver.cancel_by.isoformat()}",
        )
    if label == NO_PERMIT:
        return NextApplication(
            "new", None, _new_day(policy, calendar, today), "登记册中没有证件：按新办申请"
        )
    if label == CANCELLED:
        return NextApplication(
            "new", None, _new_day(policy, calendar, today), "证件已注销：再次申请只能按新办"
        )
    if label == LAPSED:
        lost = f"于 {deadlines.lapses_on.isoformat()} " if deadlines is not None else ""
        return NextApplication(
            "new",
            None,
            _new_day(policy, calendar, today),
            f"证件已{lost}失效，不能续签：只能按新办重新申请",
        )
    if label == SUSPENDED:
        return NextApplication(
            "employer-change",
            None,
            first_counter_day(policy, calendar, today),
            "证件已挂起（原单位已解除关联）：由本单位办理聘用单位变更（转入）",
        )
    assert deadlines is not None  # every renewal stage has its dates
    kind = renewal_kind(deadlines)
    planned = planned_renewal_day(deadlines, policy, today)
    latest = deadlines.latest_submission
    if kind == "auto-extension":
        reason = (
            f"{policy.name} 2019 年 5 月起首次办理的证件不再续签：由单位审核确认仍符合条件，"
            f"有效期自动延续；"
            + (
                f"最晚 {latest.isoformat()} 确认"
                if today <= latest
                else f"已过最晚确认日 {latest.isoformat()}，须立即确认，"
                f"{deadlines.lapses_on.isoformat()} 起证件失效"
            )
        )
    elif today <= latest:
        reason = (
            f"证件 {deadlines.expiry.isoformat()} 到期：办理续签，最晚 {latest.isoformat()} 提交"
        )
    else:
        reason = (
            f"已过最晚提交日 {latest.isoformat()}：须立即提交续签，"
            f"{deadlines.lapses_on.isoformat()} 起证件失效"
        )
    if planned is None:
        reason += "；失效前已没有窗口受理日，请立即联系区人力社保局"
    return NextApplication(kind, latest, planned, reason)


# Kinds that answer the same task: a leaver's old unit files 离职 or, when no new unit
# follows, 注销 — by the same cancellation deadline; a permit is renewed or confirmed.
_SAME_TASK = ({"leave", "cancel"}, set(RENEWAL_KINDS))


def same_task(kind: str, other: str) -> bool:
    """Whether cases of ``kind`` and ``other`` answer the same task (one open case is enough)."""
    return kind == other or any({kind, other} <= pair for pair in _SAME_TASK)


def for_kind(
    kind: str,
    suggestion: NextApplication,
    policy: DistrictPolicy,
    today: dt.date,
    calendar: WorkCalendar,
) -> NextApplication:
    """The defaults when the clerk chooses ``kind`` instead of the suggested application.

    The suggestion's date belongs to its own deadline (a renewal's window, a leaver's
    cancellation); another change is filed once its materials are ready: the first counter
    day after :data:`PREPARE_DAYS`. A renewal chosen against the permit keeps the suggestion's
    date: creation refuses it with the reason (:func:`refusal`).
    """
    same = suggestion.kind is not None and same_task(kind, suggestion.kind)
    if same or kind in RENEWAL_KINDS:
        return NextApplication(kind, suggestion.latest, suggestion.planned, suggestion.reason)
    day = _new_day(policy, calendar, today)
    return NextApplication(
        kind,
        None,
        day,
        f"{CASE_KINDS.get(kind, kind)}：材料备齐即可提交，计划为 {PREPARE_DAYS} 天后的第一个受理日",
    )


def _new_day(policy: DistrictPolicy, calendar: WorkCalendar, today: dt.date) -> dt.date:
    return first_counter_day(policy, calendar, today + dt.timedelta(days=PREPARE_DAYS))


def refusal(
    kind: str, state: PermitState, submit_on: dt.date | None, *, first_issued: dt.date | None = None
) -> str | None:
    """Why a case of ``kind`` planned for ``submit_on`` contradicts the permit's ``state`` (None: it does not).

    Refused: a renewal (or confirmation) of a permit that is lost, cancelled, missing or whose
    holder left; a renewal of a permit the district no longer renews (自动延续确认 instead) and
    the reverse; a renewal planned for the day the permit is lost or later.
    """
    if kind not in RENEWAL_KINDS:
        return None
    what = CASE_KINDS[kind]
    deadlines = state.deadlines
    if state.label == UNCOMPUTABLE:
        return None  # the record is to be corrected first; the case window says why
    if state.label == LEFT:
        return f"持证人已离职，本单位不能为其办理{what}：请办理聘用单位变更（离职）"
    if state.label == CANCELLED:
        return f"证件已注销，不能办理{what}：请按新办重新申请"
    if state.label == NO_PERMIT or deadlines is None:
        return f"登记册中没有该持证人的证件，不能办理{what}：请按新办申请"
    if state.label == LAPSED:
        return (
            f"证件已于 {deadlines.lapses_on.isoformat()} 失效，不能办理{what}：只能按新办重新申请"
        )
    if kind == "renewal" and deadlines.auto_extension:
        return (
            f"该证 {first_issued.isoformat() if first_issued else ''} 首次办理，"
            f"{deadlines.district_name}不再续签，有效期自动延续：请新建“自动延续确认”"
        )
    if kind == "auto-extension" and not deadlines.auto_extension:
        return f"该证不适用有效期自动延续（{deadlines.district_name}），请办理续签"
    return date_refusal(kind, state, submit_on)


def date_refusal(kind: str, state: PermitState, submit_on: dt.date | None) -> str | None:
    """Why ``submit_on`` is too late for a renewal (or confirmation): the permit is lost by then."""
    deadlines = state.deadlines
    if kind not in RENEWAL_KINDS or deadlines is None or submit_on is None:
        return None
    if submit_on >= deadlines.lapses_on:
        return (
            f"计划提交日期 {submit_on.isoformat()} 不早于证件失效日 {deadlines.lapses_on.isoformat()}："
            f"届时证件已失效，不能{CASE_KINDS[kind]}；"
            f"最晚安全提交日为 {deadlines.latest_submission.isoformat()}"
        )
    return None
