"""The working-day calendar against a day-by-day reference built straight from ``holidays``."""

from __future__ import annotations

import datetime as dt
import json

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wrc_desktop.rules.calendar_estimate import estimate_year
from wrc_desktop.rules.calendar_snapshot import festival_dates
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.workdays import (
    CalendarYear,
    bundled_official_years,
    calendar_year_toml,
    default_calendar,
    get_calendar,
    parse_calendar_year,
)

_CN = holidays.country_holidays("CN", years=range(2018, 2028))
_WEEKEND_WORK = {d for d in _CN.weekend_workdays}


def reference_is_working(day: dt.date) -> bool:
    """Working under every notice: official years from the package, other years the back-safe estimate."""
    if day.year not in bundled_official_years():
        return day.weekday() < 5 and day not in _estimate(day.year).back_closed
    return day in _WEEKEND_WORK or (day.weekday() < 5 and day not in _CN)


def reference_may_work(day: dt.date) -> bool:
    """Working under some notice: official years from the package, other years the forward-safe estimate."""
    if day.year not in bundled_official_years():
        estimate = _estimate(day.year)
        weekday = day.weekday() < 5 and day not in estimate.forward_closed
        return weekday or day in estimate.forward_working
    return reference_is_working(day)


def _estimate(year: int):
    return estimate_year(year, festival_dates()[year])


days_2019_2027 = st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31))


def test_known_years_include_2019_to_2026():
    assert set(range(2019, 2027)) <= bundled_official_years()


def test_official_2026_schedule():
    calendar = default_calendar()
    # 2026 Spring Festival: 02-15 … 02-23 off, Saturdays 02-14 and 02-28 worked (State Council notice).
    assert calendar.is_working_day(dt.date(2026, 2, 14))
    assert calendar.is_working_day(dt.date(2026, 2, 28))
    assert not calendar.is_working_day(dt.date(2026, 2, 16))
    assert not calendar.is_working_day(dt.date(2026, 10, 1))


@settings(max_examples=200, deadline=None)
@given(days_2019_2027)
def test_is_working_day_matches_reference(day):
    assert default_calendar().is_working_day(day) == reference_is_working(day)


@settings(max_examples=100, deadline=None)
@given(days_2019_2027, st.integers(0, 120))
def test_counts_match_a_day_by_day_walk(start, length):
    end = start + dt.timedelta(days=length)
    expected = sum(reference_is_working(start + dt.timedelta(days=i)) for i in range(length + 1))
    calendar = default_calendar()
    assert calendar.working_days_between(start, end) == expected
    strictly = expected - reference_is_working(start) - (reference_is_working(end) if length else 0)
    assert calendar.working_days_strictly_between(start, end) == max(0, strictly)
    most = sum(reference_may_work(start + dt.timedelta(days=i)) for i in range(length + 1))
    assert calendar.working_days_range(start, end) == (expected, most)


@settings(max_examples=100, deadline=None)
@given(days_2019_2027, st.integers(1, 40))
def test_nth_working_day_after_and_before(day, n):
    calendar = default_calendar()
    after = calendar.nth_working_day_after(day, n)
    assert calendar.may_be_working_day(after) == reference_may_work(after) is True
    # Counted forward on the list that has the most working days (the official one where known).
    assert calendar.working_days_range(day + dt.timedelta(days=1), after)[1] == n
    before = calendar.nth_working_day_before(day, n)
    assert calendar.is_working_day(before)
    assert calendar.working_days_between(before, day - dt.timedelta(days=1)) == n


def test_unofficial_year_is_estimated_both_ways_and_says_so():
    """A year without an official schedule: "按预估假期计算，已留出余量", in both directions.

    Counted back (``is_working_day``): 2027's Spring Festival (除夕 02-05) closes 02-04 … 02-13, as
    long as any notice could make it, and no weekend is a 调休 working day. Counted forward
    (``may_be_working_day``): only 除夕 … 初六 (02-05 … 02-11) are surely off, and the weekends
    around it (02-13 and 02-14, say) may be 调休 working days.
    """
    calendar = default_calendar()
    assert dt.date(2027, 10, 1) in _CN
    assert not calendar.is_working_day(dt.date(2027, 10, 1))
    assert not calendar.may_be_working_day(dt.date(2027, 10, 1))
    assert not any(calendar.is_working_day(dt.date(2027, 2, d)) for d in (4, 5, 8, 9, 10, 11, 12))
    assert calendar.is_working_day(dt.date(2027, 2, 3)) and calendar.is_working_day(
        dt.date(2027, 2, 15)
    )
    assert not calendar.is_working_day(dt.date(2027, 2, 13))
    assert calendar.may_be_working_day(dt.date(2027, 2, 13)) and calendar.may_be_working_day(
        dt.date(2027, 2, 14)
    )
    assert calendar.may_be_working_day(dt.date(2027, 2, 4)) and calendar.may_be_working_day(
        dt.date(2027, 2, 12)
    )
    assert not any(calendar.may_be_working_day(dt.date(2027, 2, d)) for d in range(5, 12))
    # A weekend far from any festival is a weekend both ways.
    assert not calendar.may_be_working_day(dt.date(2027, 3, 13))
    warnings = calendar.warnings_for(dt.date(2026, 12, 1), dt.date(2027, 1, 5))
    assert (
        len(warnings) == 1 and "2027" in warnings[0] and "按预估假期计算，已留出余量" in warnings[0]
    )
    assert "日期只会偏早（一般早不超过 5 个工作日）" in warnings[0]
    assert calendar.warnings_for(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


def test_official_years_are_the_same_both_ways():
    calendar = default_calendar()
    day = dt.date(2019, 1, 1)
    while day.year < 2027:
        assert calendar.is_working_day(day) == calendar.may_be_working_day(day), day
        day += dt.timedelta(days=1)


def test_clerk_entered_year_is_official(tmp_path):
    entry = CalendarYear(
        2027,
        frozenset({dt.date(2027, 10, 1), dt.date(2027, 10, 4)}),
        frozenset({dt.date(2027, 9, 26)}),
        "国务院办公厅通知（测试）",
    )
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2027.toml").write_text(calendar_year_toml(entry), encoding="utf-8")
    calendar = get_calendar(tmp_path)
    assert not calendar.is_working_day(dt.date(2027, 10, 4))
    assert calendar.is_working_day(dt.date(2027, 9, 26))
    assert calendar.warnings_for(dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == []
    # The entered year replaces the estimate: 02-08 is an estimated holiday the clerk did not enter.
    assert calendar.is_working_day(dt.date(2027, 2, 8))
    assert not default_calendar().is_working_day(dt.date(2027, 10, 4))
    assert not default_calendar().is_working_day(dt.date(2027, 2, 8))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('year = 2027\nholidays = ["2027-02-30"]\n', "不存在"),
        ('year = 2027\nworking_weekends = ["2027-09-27"]\n', "不是周六或周日"),
        ('year = 2027\nholidays = ["2028-01-01"]\n', "其他年份"),
        ("holidays = []\n", "缺少 year"),
    ],
)
def test_bad_calendar_file_is_a_chinese_error(text, problem):
    with pytest.raises(WrcError, match=problem) as caught:
        parse_calendar_year(text, "2027.toml")
    assert "2027.toml" in str(caught.value)


def test_dates_outside_the_calendar_are_refused():
    with pytest.raises(WrcError, match="超出工作日历范围"):
        default_calendar().is_working_day(dt.date(2150, 1, 1))


def test_the_bundled_snapshot_is_the_holidays_package_data():
    """The start-up snapshot must say exactly what the installed holidays package says."""
    from importlib import resources

    from wrc_desktop.rules.calendar_snapshot import OFFICIAL_SCHEDULE_FILE, official_schedule_json

    bundled = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", OFFICIAL_SCHEDULE_FILE)
        .read_text("utf-8")
    )
    current = official_schedule_json()
    # Both the official years and the estimated holidays of every other year.
    assert json.loads(bundled)["estimated"] == json.loads(current)["estimated"], (
        "holidays data changed: regenerate resources/calendar/cn_official_schedule.json with "
        "wrc_desktop.rules.calendar_snapshot.official_schedule_json()"
    )
    assert json.loads(bundled)["festivals"] == json.loads(current)["festivals"], (
        "holidays data changed: regenerate resources/calendar/cn_official_schedule.json with "
        "wrc_desktop.rules.calendar_snapshot.official_schedule_json()"
    )
    assert json.loads(bundled)["years"] == json.loads(current)["years"], (
        "holidays data changed: regenerate resources/calendar/cn_official_schedule.json with "
        "wrc_desktop.rules.calendar_snapshot.official_schedule_json()"
    )


def test_a_make_up_saturday_is_a_working_day_but_not_a_dongcheng_counter_day():
    """003 五 names the counter days by weekday ("每周一、二…每周三至周五"): a 调休 Saturday is a
    working day for every count, but no counter day of either kind of unit (dongcheng.toml's note)."""
    from wrc_desktop.rules.counter import counter_rule
    from wrc_desktop.rules.deadlines import renewal_deadlines
    from wrc_desktop.rules.policy import get_policy

    calendar = default_calendar()
    saturday = dt.date(2026, 2, 14)  # "2月14日（周六）…上班"
    assert calendar.is_working_day(saturday)
    for applications in (None, 6):
        rule = counter_rule(get_policy("dongcheng"), applications)
        assert not rule.is_counter_day(saturday, calendar)
    # Expiring on that Saturday: the last counter day is the Tuesday (Mon/Tue) or Friday (Wed–Fri) before.
    assert renewal_deadlines(
        get_policy("dongcheng"), saturday, calendar=default_calendar()
    ).latest_submission == dt.date(2026, 2, 10)
    assert renewal_deadlines(
        get_policy("dongcheng"), saturday, applications=6, calendar=default_calendar()
    ).latest_submission == dt.date(2026, 2, 13)
    # The appointment "提前三个工作日" counts the worked Saturday: for Wednesday 03-04 it is 02-28.
    deadlines = renewal_deadlines(
        get_policy("dongcheng"), dt.date(2026, 3, 4), applications=6, calendar=default_calendar()
    )
    assert deadlines.latest_submission == dt.date(2026, 3, 4)
    assert deadlines.appointment_by == dt.date(2026, 2, 28)


def test_a_broken_estimate_pattern_fails_naming_the_key():
    from importlib import resources

    from wrc_desktop.rules.calendar_estimate import PATTERN_FILE, pattern_from_toml

    text = resources.files("wrc_desktop.resources").joinpath("calendar", PATTERN_FILE)
    good = text.read_text("utf-8")
    assert pattern_from_toml(good).spring_longest == (-1, 8)
    with pytest.raises(WrcError, match="缺少 certain"):
        pattern_from_toml(good.replace("certain = [0, 6]", "", 1))
    with pytest.raises(WrcError, match="起点晚于终点"):
        pattern_from_toml(good.replace("longest = [-1, 8]", "longest = [8, -1]", 1))
    with pytest.raises(WrcError, match="格式错误"):
        pattern_from_toml(good.replace('merged_last = "10-08"', 'merged_last = "10-32"', 1))
