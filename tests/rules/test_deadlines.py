"""Renewal deadlines: the guide's worked example, the counting convention as properties, statuses."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from wrc_desktop.rules.dates import add_years
from wrc_desktop.rules.deadlines import STATUSES, renewal_deadlines, statuses_for
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.vocab import DISTRICTS
from wrc_desktop.rules.workdays import default_calendar

DAY = dt.timedelta(days=1)
districts = st.sampled_from(sorted(DISTRICTS))
expiries = st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31))


def test_haidian_worked_example_002():
    # 002 续签业务办理规范: "证件有效期2022.8.6则应在2022.6.6至2022.8.5往前数20个工作日申请".
    result = renewal_deadlines("海淀", dt.date(2022, 8, 6))
    assert result.window_opens == dt.date(2022, 6, 6)
    assert result.latest_submission == dt.date(2022, 7, 8)
    assert result.lapses_on == dt.date(2022, 8, 6)
    assert result.review_working_days == 20
    assert result.calendar_warnings == ()
    assert not result.explanations["latest_submission"].unverified
    assert "002" in result.explanations["latest_submission"].source


@settings(max_examples=150, deadline=None)
@given(districts, expiries)
def test_latest_submission_reserves_exactly_the_review_days(district, expiry):
    calendar = default_calendar()
    result = renewal_deadlines(district, expiry)
    latest, lapses, n = result.latest_submission, result.lapses_on, result.review_working_days
    assert calendar.is_working_day(latest)
    assert calendar.working_days_strictly_between(latest, lapses) >= n
    next_working = calendar.nth_working_day_after(latest, 1)
    assert calendar.working_days_strictly_between(next_working, lapses) < n
    assert result.window_opens <= result.expiry <= result.lapses_on
    assert result.lapses_on - result.expiry == dt.timedelta(days=get_policy(district).renewal.grace_days)


@settings(max_examples=150, deadline=None)
@given(districts, expiries, st.integers(1, 400))
def test_dates_move_forward_with_the_expiry(district, expiry, shift):
    early = renewal_deadlines(district, expiry)
    late = renewal_deadlines(district, expiry + dt.timedelta(days=shift))
    for name in ("window_opens", "latest_submission", "expiry", "lapses_on"):
        assert getattr(early, name) <= getattr(late, name), name


@settings(max_examples=60, deadline=None)
@given(districts, expiries, st.dates(dt.date(2018, 6, 1), dt.date(2027, 3, 1)), st.integers(1, 90))
def test_status_only_grows_more_urgent(district, expiry, today, step):
    result = renewal_deadlines(district, expiry)
    earlier, later = result.status_on(today), result.status_on(today + dt.timedelta(days=step))
    assert STATUSES.index(earlier) <= STATUSES.index(later)


def test_status_labels_around_the_haidian_example():
    result = renewal_deadlines("haidian", dt.date(2022, 8, 6))
    assert result.status_on(dt.date(2022, 4, 1)) == "正常"
    assert result.status_on(dt.date(2022, 5, 20)) == "即将进入续签期"
    assert result.status_on(dt.date(2022, 6, 6)) == "续签期内"
    # Five working days before 07-08 (07-04 … 07-08 remain) is urgent; six is not.
    assert result.status_on(dt.date(2022, 6, 30)) == "续签期内"
    assert result.status_on(dt.date(2022, 7, 1)) == "紧急"
    assert result.status_on(dt.date(2022, 7, 8)) == "紧急"
    assert result.status_on(dt.date(2022, 7, 9)) == "已过最晚提交日"
    assert result.status_on(dt.date(2022, 8, 5)) == "已过最晚提交日"
    assert result.status_on(dt.date(2022, 8, 6)) == "已失效"


def test_dongcheng_grace_period():
    result = renewal_deadlines("东城区", dt.date(2024, 6, 10))
    assert result.lapses_on == dt.date(2024, 7, 10)
    assert result.window_opens == dt.date(2024, 5, 11)
    assert result.status_on(dt.date(2024, 6, 20)) == "已过期（宽限期内）"
    assert result.status_on(dt.date(2024, 7, 10)) == "已失效"


def test_dongcheng_automatic_extension_is_its_own_path():
    expiry = dt.date(2025, 5, 20)
    renewed = renewal_deadlines("dongcheng", expiry, first_issued=dt.date(2019, 4, 30))
    extended = renewal_deadlines("dongcheng", expiry, first_issued=dt.date(2019, 5, 1),
                                 contract_end=dt.date(2030, 12, 31))
    assert not renewed.auto_extension and extended.auto_extension
    assert extended.extended_until == add_years(expiry, 3)
    short = renewal_deadlines("dongcheng", expiry, first_issued=dt.date(2022, 1, 1), contract_end=dt.date(2026, 3, 1))
    assert short.extended_until == dt.date(2026, 3, 1)
    # The unit confirms before the expiry: the last working day before it.
    calendar = default_calendar()
    assert extended.latest_submission < expiry
    assert calendar.working_days_strictly_between(extended.latest_submission, expiry) == 0
    assert "003" in extended.explanations["extended_until"].source
    # Other districts have no automatic extension.
    assert not renewal_deadlines("haidian", expiry, first_issued=dt.date(2020, 1, 1)).auto_extension


def test_unverified_names_the_default_rules():
    shijingshan = renewal_deadlines("石景山", dt.date(2025, 3, 3))
    assert "renewal.window_days_before_expiry" in shijingshan.unverified
    assert "renewal.review_working_days" not in shijingshan.unverified
    tongzhou = renewal_deadlines("通州", dt.date(2025, 3, 3))
    assert {"renewal.window_days_before_expiry", "renewal.review_working_days"} <= set(tongzhou.unverified)
    assert tongzhou.explanations["latest_submission"].unverified


def test_year_without_schedule_is_reported():
    result = renewal_deadlines("haidian", dt.date(2027, 3, 1))
    assert any("2027" in warning for warning in result.calendar_warnings)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(districts, expiries, st.none() | st.dates(dt.date(2016, 1, 1), dt.date(2024, 1, 1))),
                min_size=1, max_size=40),
       st.dates(dt.date(2019, 1, 1), dt.date(2026, 6, 30)))
def test_fast_path_agrees_with_status_on(rows, today):
    expected = [renewal_deadlines(d, e, first_issued=f).status_on(today) for d, e, f in rows]
    assert statuses_for(rows, today) == expected


def test_fast_path_accepts_chinese_names():
    rows = [("海淀区", dt.date(2022, 8, 6), None), ("东城", dt.date(2022, 8, 6), None)]
    assert statuses_for(rows, dt.date(2022, 8, 10)) == ["已失效", "已过期（宽限期内）"]
