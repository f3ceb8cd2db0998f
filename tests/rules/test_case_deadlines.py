"""The deadline of a case's kind and the problems of its planned date (rules.case_deadlines)."""

from __future__ import annotations

import datetime as dt

from wrc_desktop.rules.case_deadlines import kind_deadlines
from wrc_desktop.rules.case_findings import HolderDates
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.leavers import joiner_deadlines, leaver_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

CALENDAR = default_calendar()
D = dt.date
DAY = dt.timedelta(days=1)


def test_a_leavers_cancellation_is_late_only_after_its_limit():
    policy = get_policy("东城")
    left = D(2026, 9, 28)
    limit = leaver_deadlines(policy, left, calendar=CALENDAR).cancel_by
    holder = HolderDates(left_on=left)

    on_time, deadlines = kind_deadlines(policy, "leave", limit, holder, CALENDAR)
    late, _ = kind_deadlines(policy, "cancel", limit + DAY, holder, CALENDAR)

    assert on_time == []
    assert [(d.day, d.what) for d in deadlines] == [(limit, "注销/解除关联期限")]
    assert len(late) == 1 and not late[0].blocking
    assert late[0].message.startswith(f"计划提交日 {(limit + DAY).isoformat()} 晚于期限：")


def test_an_employer_change_in_haidian_is_filed_at_once():
    """002: "新单位…应立即与持证人进行关联，并办理…聘用单位变更业务"."""
    policy = get_policy("海淀")
    hired, expiry = D(2026, 3, 2), D(2028, 6, 30)
    holder = HolderDates(hire_date=hired, expiry=expiry)
    found = joiner_deadlines(policy, hired, expiry, calendar=CALENDAR)

    problems, deadlines = kind_deadlines(policy, "employer-change", hired + DAY, holder, CALENDAR)

    assert [d.day for d in deadlines] == [found.change_by_review]
    assert [p.rule for p in problems] == [found.explanations["change_by_days"].rule]
    assert "新单位应立即关联并办理变更" in problems[0].message
    assert not problems[0].blocking


def test_an_employer_change_in_dongcheng_counts_days_after_joining():
    policy = get_policy("东城")
    hired, expiry = D(2026, 3, 2), D(2028, 6, 30)
    found = joiner_deadlines(policy, hired, expiry, calendar=CALENDAR)
    holder = HolderDates(hire_date=hired, expiry=expiry)

    in_time, _ = kind_deadlines(policy, "employer-change", found.change_by_days, holder, CALENDAR)
    late, _ = kind_deadlines(
        policy, "employer-change", found.change_by_days + DAY, holder, CALENDAR
    )

    assert in_time == []
    assert len(late) == 1 and "请核对离开原单位的日期" in late[0].message


def test_an_employer_change_without_expiry_or_a_case_of_another_kind_has_no_deadline():
    policy = get_policy("海淀")
    assert kind_deadlines(policy, "employer-change", D(2026, 5, 1), HolderDates(), CALENDAR) == (
        [],
        [],
    )
    assert kind_deadlines(policy, "new", D(2026, 5, 1), HolderDates(), CALENDAR) == ([], [])


def test_a_renewal_without_an_expiry_says_so_and_blocks():
    problems, deadlines = kind_deadlines(
        get_policy("海淀"), "renewal", D(2026, 5, 1), HolderDates(), CALENDAR
    )
    assert deadlines == []
    assert [(p.subject, p.blocking) for p in problems] == [("有效期", True)]


def test_a_renewal_before_its_window_and_after_the_lapse_blocks():
    policy = get_policy("海淀")
    expiry = D(2027, 8, 6)
    found = renewal_deadlines(policy, expiry, calendar=CALENDAR)
    holder = HolderDates(expiry=expiry)

    early, deadlines = kind_deadlines(policy, "renewal", found.window_opens - DAY, holder, CALENDAR)
    lapsed, _ = kind_deadlines(policy, "renewal", found.lapses_on, holder, CALENDAR)
    inside, _ = kind_deadlines(policy, "renewal", found.latest_submission, holder, CALENDAR)

    assert deadlines[0].day == found.latest_submission
    assert [p.rule for p in early] == [found.explanations["window_opens"].rule]
    assert [p.rule for p in lapsed] == [found.explanations["lapses_on"].rule]
    assert all(p.blocking for p in early + lapsed)
    assert inside == []


def test_an_auto_extension_of_a_permit_that_does_not_qualify_asks_for_a_renewal():
    policy = get_policy("东城")
    holder = HolderDates(expiry=D(2027, 8, 6), first_issued=D(2015, 1, 5))
    problems, _ = kind_deadlines(policy, "auto-extension", None, holder, CALENDAR)
    assert [(p.subject, p.blocking) for p in problems] == [("自动延续确认", True)]
    assert "2015-01-05，不适用有效期自动延续：应办理续签" in problems[0].message
