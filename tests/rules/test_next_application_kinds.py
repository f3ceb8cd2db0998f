"""The new-case dialog's defaults when the clerk chooses another application than the suggested one."""

from __future__ import annotations

import datetime as dt

from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.next_application import PREPARE_DAYS, for_kind, next_application
from wrc_desktop.rules.permit_state import LEFT, PermitState, permit_state
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

TODAY = dt.date(2026, 11, 30)  # a Monday
CALENDAR = default_calendar()
POLICY = get_policy("haidian")


def _renewal_far_off():
    deadlines = renewal_deadlines(
        get_policy("haidian"), TODAY + dt.timedelta(days=200), calendar=CALENDAR
    )
    state = permit_state(
        holder_status="active", permit_status="valid", deadlines=deadlines, today=TODAY
    )
    return next_application(state, POLICY, TODAY, CALENDAR)


def test_a_change_chosen_instead_of_a_far_renewal_is_planned_when_its_materials_are_ready():
    suggested = _renewal_far_off()
    assert suggested.kind == "renewal" and suggested.planned > TODAY + dt.timedelta(days=100)
    found = for_kind("employer-change", suggested, POLICY, TODAY, CALENDAR)
    ready = TODAY + dt.timedelta(days=PREPARE_DAYS)
    assert found.kind == "employer-change" and found.latest is None
    assert ready <= found.planned < ready + dt.timedelta(days=7)
    assert CALENDAR.is_working_day(found.planned)
    assert found.reason.startswith("聘用单位变更（转入）：材料备齐即可提交")


def test_the_suggested_kind_and_a_renewal_keep_the_suggestions_date():
    suggested = _renewal_far_off()
    assert for_kind("renewal", suggested, POLICY, TODAY, CALENDAR) == suggested
    kept = for_kind("auto-extension", suggested, POLICY, TODAY, CALENDAR)
    assert (kept.planned, kept.reason) == (suggested.planned, suggested.reason)  # refused later


def test_a_leavers_cancellation_keeps_the_old_units_deadline():
    left = dt.date(2026, 11, 26)
    state = PermitState(LEFT, None)
    leave = next_application(
        state, get_policy("dongcheng"), TODAY, CALENDAR, permit_status="valid", left_on=left
    )
    cancel = for_kind("cancel", leave, get_policy("dongcheng"), TODAY, CALENDAR)
    assert (cancel.kind, cancel.latest, cancel.planned) == ("cancel", leave.latest, leave.planned)
