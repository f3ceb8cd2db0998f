"""Leavers and joiners: cancellation in working days, change and deferral in calendar days."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from wrc_desktop.rules.leavers import joiner_deadlines, leaver_deadlines
from wrc_desktop.rules.vocab import DISTRICTS
from wrc_desktop.rules.workdays import default_calendar


def test_dongcheng_leaver_003_around_national_day():
    # Left Friday 2025-09-26. 2025 notice: Sunday 09-28 is worked, 10-01 … 10-08 are off.
    # Working days after leaving: 09-28, 09-29, 09-30, 10-09, 10-10 → the 5th is 10-10.
    result = leaver_deadlines("东城", dt.date(2025, 9, 26))
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
    result = leaver_deadlines(district, left)
    assert result.employer_change_by - left == dt.timedelta(days=60)
    if district == "haidian":
        assert result.cancel_by == left  # 立即 (test below)
        return
    assert calendar.is_working_day(result.cancel_by)
    assert calendar.working_days_between(left + dt.timedelta(days=1), result.cancel_by) == 5


def test_a_leaver_deadline_in_an_estimated_year_says_so():
    """ "按预估假期计算" beside every date that depends on a year without an official schedule."""
    result = leaver_deadlines("东城", dt.date(2027, 9, 28))
    assert "按预估假期计算" in result.explanations["cancel_by"].text and result.calendar_warnings
    assert (
        "按预估假期计算"
        not in leaver_deadlines("东城", dt.date(2026, 9, 28)).explanations["cancel_by"].text
    )


def test_haidian_old_unit_dissociates_immediately_002():
    """002 单位变更业务办理规范: "持证人离职的，原单位应立即在系统中办理解除员工与单位其关联".

    Was the default of 5 working days; now due on the leaving day itself, even a Saturday.
    """
    result = leaver_deadlines("海淀", dt.date(2025, 9, 27))
    assert result.cancel_by == dt.date(2025, 9, 27)
    note = result.explanations["cancel_by"]
    assert "立即" in note.text and not note.unverified and "002" in note.source
    assert "employer_change.cancellation_working_days" not in result.unverified


def test_joiner_must_leave_review_days_before_expiry():
    calendar = default_calendar()
    near = joiner_deadlines("haidian", dt.date(2025, 6, 1), dt.date(2025, 8, 6))
    assert near.binding == "review"
    assert near.change_by == near.change_by_review < near.change_by_days
    assert calendar.working_days_strictly_between(near.change_by, dt.date(2025, 8, 6)) == 20
    far = joiner_deadlines("haidian", dt.date(2025, 6, 1), dt.date(2027, 8, 6))
    assert far.binding == "days" and far.change_by == dt.date(2025, 7, 31)
    shijingshan = joiner_deadlines("石景山", dt.date(2025, 6, 1), dt.date(2025, 8, 6))
    assert shijingshan.review_working_days == 15 and shijingshan.change_by > near.change_by
    late = joiner_deadlines("haidian", dt.date(2025, 7, 30), dt.date(2025, 8, 6))
    assert late.too_late
