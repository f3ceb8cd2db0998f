"""Which application fits a holder now and by when, and which ones are refused (DOMAIN §5, 003 六（三）)."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.rules.counter import counter_rule
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.leavers import leaver_deadlines
from wrc_desktop.rules.next_application import PREPARE_DAYS, next_application, refusal
from wrc_desktop.rules.permit_state import (
    CANCELLED,
    LEFT,
    NO_PERMIT,
    SUSPENDED,
    PermitState,
    permit_state,
)
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

TODAY = dt.date(2026, 11, 30)  # a Monday
CALENDAR = default_calendar()


def _state(district: str, expiry: dt.date, first_issued: dt.date | None = None, **kw):
    deadlines = renewal_deadlines(
        get_policy(district), expiry, first_issued=first_issued, calendar=CALENDAR
    )
    return permit_state(
        holder_status=kw.get("holder_status", "active"),
        permit_status=kw.get("permit_status", "valid"),
        deadlines=deadlines,
        today=TODAY,
    )


def _fits(district: str, state: PermitState, **kw):
    return next_application(state, get_policy(district), TODAY, CALENDAR, **kw)


def test_a_permit_in_its_window_is_renewed_by_a_counter_day_no_later_than_the_latest():
    state = _state("haidian", TODAY + dt.timedelta(days=45))
    found = _fits("haidian", state)
    latest = state.deadlines.latest_submission
    assert (found.kind, found.kind_label, found.latest) == ("renewal", "续签", latest)
    assert state.deadlines.window_opens <= found.planned <= latest
    assert CALENDAR.is_working_day(found.planned)
    assert "续签" in found.reason and latest.isoformat() in found.reason


def test_a_renewal_far_off_is_planned_when_the_window_opens_and_the_materials_are_ready():
    state = _state("haidian", TODAY + dt.timedelta(days=80))
    found = _fits("haidian", state)
    assert found.planned >= state.deadlines.window_opens
    assert found.planned >= TODAY + dt.timedelta(days=PREPARE_DAYS)
    assert found.planned <= found.latest


def test_dongcheng_plans_on_the_small_units_counter_days():
    """003 五: units with fewer than 5 applications are received on Monday and Tuesday."""
    state = _state("dongcheng", TODAY + dt.timedelta(days=25), first_issued=dt.date(2018, 3, 1))
    found = _fits("dongcheng", state)
    assert found.kind == "renewal"
    assert counter_rule(get_policy("dongcheng")).is_counter_day(found.planned, CALENDAR)
    assert found.planned.isoweekday() in (1, 2) and found.planned <= found.latest


def test_dongcheng_from_2019_05_is_confirmed_not_renewed():
    """003 六（三）: "自 2019 年 5 月起，首次办理…不再进行续签，其证件有效期自动延续"."""
    auto = _state("dongcheng", TODAY + dt.timedelta(days=20), first_issued=dt.date(2019, 5, 1))
    found = _fits("dongcheng", auto)
    assert (found.kind, found.kind_label) == ("auto-extension", "自动延续确认")
    assert found.planned <= found.latest == auto.deadlines.latest_submission
    assert "不再续签" in found.reason
    before = _state("dongcheng", TODAY + dt.timedelta(days=20), first_issued=dt.date(2019, 4, 30))
    assert _fits("dongcheng", before).kind == "renewal"


def test_a_lost_permit_is_applied_for_anew_with_the_reason_said():
    state = _state("haidian", TODAY - dt.timedelta(days=117))
    assert state.label == "已失效"
    found = _fits("haidian", state)
    assert found.kind == "new" and found.latest is None
    assert found.reason == (
        f"证件已于 {state.deadlines.lapses_on.isoformat()} 失效，不能续签：只能按新办重新申请"
    )
    recorded = _state("haidian", TODAY + dt.timedelta(days=200), permit_status="lapsed")
    assert _fits("haidian", recorded).kind == "new"


def test_in_the_grace_period_the_renewal_is_filed_at_once_before_the_loss():
    """东城: lost 30 days after expiry; late after the expiry, but a renewal still."""
    state = _state("dongcheng", TODAY - dt.timedelta(days=4), first_issued=dt.date(2018, 1, 1))
    assert state.label == "已过有效期（宽限期内）"
    found = _fits("dongcheng", state)
    assert found.kind == "renewal"
    assert TODAY <= found.planned < state.deadlines.lapses_on
    assert "已过最晚提交日" in found.reason


@pytest.mark.parametrize(
    ("state", "kind", "words"),
    [
        (PermitState(NO_PERMIT, None), "new", "按新办申请"),
        (PermitState(CANCELLED, None), "new", "证件已注销：再次申请只能按新办"),
        (PermitState(SUSPENDED, None), "employer-change", "聘用单位变更（转入）"),
    ],
)
def test_no_permit_cancelled_and_suspended(state, kind, words):
    found = _fits("haidian", state)
    assert found.kind == kind and words in found.reason and found.planned is not None


def test_a_leaver_is_the_old_units_employer_change_by_its_deadline():
    left = dt.date(2026, 11, 26)
    found = _fits("dongcheng", PermitState(LEFT, None), permit_status="valid", left_on=left)
    cancel_by = leaver_deadlines(get_policy("dongcheng"), left, calendar=CALENDAR).cancel_by
    assert (found.kind, found.kind_label) == ("leave", "聘用单位变更（离职）")
    assert found.latest == cancel_by and found.planned <= cancel_by
    settled = _fits("dongcheng", PermitState(LEFT, None), permit_status="cancelled", left_on=left)
    assert settled.kind is None and "无需办理" in settled.reason


# ---------------------------------------------------------------- refusals at creation


def test_a_renewal_of_a_lost_permit_is_refused():
    state = _state("haidian", TODAY - dt.timedelta(days=117))
    lost = state.deadlines.lapses_on.isoformat()
    assert (
        refusal("renewal", state, None) == f"证件已于 {lost} 失效，不能办理续签：只能按新办重新申请"
    )
    assert refusal("new", state, None) is None


def test_a_renewal_of_a_permit_dongcheng_no_longer_renews_is_refused_and_the_reverse():
    first = dt.date(2023, 11, 6)
    auto = _state("dongcheng", TODAY + dt.timedelta(days=20), first_issued=first)
    assert refusal("renewal", auto, None, first_issued=first) == (
        "该证 2023-11-06 首次办理，东城区不再续签，有效期自动延续：请新建“自动延续确认”"
    )
    assert refusal("auto-extension", auto, None) is None
    plain = _state("haidian", TODAY + dt.timedelta(days=20))
    assert "不适用有效期自动延续" in refusal("auto-extension", plain, None)


def test_a_planned_date_on_or_after_the_loss_is_refused_the_day_before_is_not():
    state = _state("dongcheng", TODAY - dt.timedelta(days=4), first_issued=dt.date(2018, 1, 1))
    lapses = state.deadlines.lapses_on
    message = refusal("renewal", state, lapses)
    assert message.startswith(f"计划提交日期 {lapses.isoformat()} 不早于证件失效日")
    assert state.deadlines.latest_submission.isoformat() in message
    assert refusal("renewal", state, lapses - dt.timedelta(days=1)) is None


def test_a_renewal_for_a_holder_who_left_or_has_no_permit_is_refused():
    assert "已离职" in refusal("renewal", PermitState(LEFT, None), None)
    assert "按新办申请" in refusal("renewal", PermitState(NO_PERMIT, None), None)
    assert "已注销" in refusal("auto-extension", PermitState(CANCELLED, None), None)


def test_with_no_counter_day_left_before_the_loss_the_reason_says_so():
    """东城 small units are received on Monday and Tuesday; a permit lost on Friday, seen on
    Wednesday, has no counter day left."""
    wednesday = dt.date(2026, 12, 2)
    expiry = dt.date(2026, 12, 4) - dt.timedelta(days=30)  # lost on Friday 2026-12-04
    deadlines = renewal_deadlines(
        get_policy("dongcheng"),
        expiry,
        first_issued=dt.date(2018, 1, 1),
        calendar=default_calendar(),
    )
    state = permit_state(
        holder_status="active", permit_status="valid", deadlines=deadlines, today=wednesday
    )
    found = next_application(state, get_policy("dongcheng"), wednesday, CALENDAR)
    assert found.kind == "renewal" and found.planned is None
    assert found.reason.endswith("失效前已没有窗口受理日，请立即联系区人力社保局")
