"""Leavers and joiners: cancellation in working days, change and deferral in calendar days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from wrc_desktop.rules.leavers import joiner_deadlines, leaver_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.vocab import DISTRICTS
from wrc_desktop.rules.workdays import default_calendar


def test_dongcheng_leaver_003_around_national_day():
    # Left Friday 2025-09-26. 2025 notice: Sunday 09-28 is worked, 10-01 … 10-08 are off.
    # Working days after leaving: 09-28, 09-29, 09-30, 10-09, 10-10 → the 5th is 10-10.
    result = leaver_deadlines(get_policy("东城"), dt.date(2025, 9, 26), calendar=default_calendar())
    calendar = default_calendar()
    assert result.cancel_by == dt.date(2025, 10, 10)
    assert calendar.working_days_between(dt.date(2025, 9, 27), result.cancel_by) == 5
    assert result.employer_change_by == dt.date(2025, 11, 25)  # 60 days after
    assert result.deferral_until == dt.date(2026, 3, 25)  # 180 days after
    assert result.unverified == ()


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(DISTRICTS)), st.dates(dt.date(2019, 1, 1), dt.date(2026, 10, 31)))
def test_cancellation_is_the_nth_working_day_after_leaving(district, left):
    calendar = default_calendar()
    result = leaver_deadlines(get_policy(district), left, calendar=default_calendar())
    if district == "haidian":
        assert result.cancel_by == result.employer_change_by == left  # 立即 (tests below)
        return
    assert result.employer_change_by - left == dt.timedelta(days=60)
    assert calendar.is_working_day(result.cancel_by)
    assert calendar.working_days_between(left + dt.timedelta(days=1), result.cancel_by) == 5


def test_a_leaver_deadline_in_an_estimated_year_says_so():
    """ "按预估假期计算" beside every date that depends on a year without an official schedule."""
    result = leaver_deadlines(get_policy("东城"), dt.date(2027, 9, 28), calendar=default_calendar())
    assert "按预估假期计算" in result.explanations["cancel_by"].text and result.calendar_warnings
    assert (
        "按预估假期计算"
        not in leaver_deadlines(
            get_policy("东城"), dt.date(2026, 9, 28), calendar=default_calendar()
        )
        .explanations["cancel_by"]
        .text
    )


def test_haidian_old_unit_dissociates_immediately_002():
    """002 单位变更业务办理规范: "持证人离职的，原单位应立即在系统中办理解除员工与单位其关联".

    Was the default of 5 working days; now due on the leaving day itself, even a Saturday.
    """
    result = leaver_deadlines(get_policy("海淀"), dt.date(2025, 9, 27), calendar=default_calendar())
    assert result.cancel_by == dt.date(2025, 9, 27)
    note = result.explanations["cancel_by"]
    assert "立即" in note.text and not note.unverified and "002" in note.source
    assert "employer_change.cancellation_working_days" not in result.unverified


def test_haidian_new_unit_acts_immediately_002():
    """002 单位变更业务办理规范: "新单位（指申请人首次劳动关系变更单位）应立即与持证人进行关联，并办理
    《北京市工作居住证》聘用单位变更业务" — on the leaving day, not 东城's 60 days."""
    result = leaver_deadlines(get_policy("海淀"), dt.date(2025, 9, 26), calendar=default_calendar())
    assert result.employer_change_by == dt.date(2025, 9, 26)
    note = result.explanations["employer_change_by"]
    assert "立即" in note.text and not note.unverified and "002" in note.source
    assert "应立即与持证人进行关联" in note.quote
    far = joiner_deadlines(
        get_policy("海淀"), dt.date(2025, 6, 1), dt.date(2027, 8, 6), calendar=default_calendar()
    )
    assert far.binding == "days" and far.change_by == dt.date(2025, 6, 1) and not far.too_late
    assert "立即" in far.explanations["change_by"].text
    dongcheng = leaver_deadlines(
        get_policy("东城"), dt.date(2025, 9, 26), calendar=default_calendar()
    )
    assert dongcheng.employer_change_by == dt.date(2025, 11, 25)


def test_joiner_must_leave_review_days_before_expiry():
    calendar = default_calendar()
    near = joiner_deadlines(
        get_policy("石景山"), dt.date(2025, 6, 1), dt.date(2025, 8, 6), calendar=default_calendar()
    )
    assert near.binding == "review" and near.review_working_days == 15
    assert near.change_by == near.change_by_review < near.change_by_days
    assert calendar.working_days_strictly_between(near.change_by, dt.date(2025, 8, 6)) == 15
    far = joiner_deadlines(
        get_policy("东城"), dt.date(2025, 6, 1), dt.date(2027, 8, 6), calendar=default_calendar()
    )
    assert far.binding == "days" and far.change_by == dt.date(2025, 7, 31)
    haidian = joiner_deadlines(
        get_policy("haidian"), dt.date(2025, 6, 1), dt.date(2025, 8, 6), calendar=default_calendar()
    )
    assert haidian.change_by == dt.date(2025, 6, 1)  # 立即, well before the 20 days' reserve
    assert (
        calendar.working_days_strictly_between(haidian.change_by_review, dt.date(2025, 8, 6)) == 20
    )
    late = joiner_deadlines(
        get_policy("haidian"),
        dt.date(2025, 7, 30),
        dt.date(2025, 8, 6),
        calendar=default_calendar(),
    )
    assert late.binding == "review"
    assert late.too_late
