"""The working-day calendar against a day-by-day reference built straight from ``holidays``."""

from __future__ import annotations

import datetime as dt
import json

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # A year without an official schedule: the package's estimated holidays are days off,
    # and no 调休 working weekend is assumed.
    if day.year not in bundled_official_years():
        return day.weekday() < 5 and day not in _CN
    return day in _WEEKEND_WORK or (day.weekday() < 5 and day not in _CN)


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


@settings(max_examples=100, deadline=None)
@given(days_2019_2027, st.integers(1, 40))
def test_nth_working_day_after_and_before(day, n):
    calendar = default_calendar()
    after = calendar.nth_working_day_after(day, n)
    assert calendar.is_working_day(after)
    assert calendar.working_days_between(day + dt.timedelta(days=1), after) == n
    before = calendar.nth_working_day_before(day, n)
    assert calendar.is_working_day(before)
    assert calendar.working_days_between(before, day - dt.timedelta(days=1)) == n


def test_unofficial_year_counts_estimated_holidays_and_says_so():
    """A year without an official schedule: "按预估假期计算" — estimated statutory holidays are days off.

    Replaces the old rule (weekends only), which made dates late: 2027's Spring Festival was a working week.
    """
    calendar = default_calendar()
    assert dt.date(2027, 10, 1) in _CN
    assert not calendar.is_working_day(dt.date(2027, 10, 1))
    # Spring Festival 2027 as the package estimates it (02-05 … 02-10).
    assert not any(calendar.is_working_day(dt.date(2027, 2, d)) for d in (5, 8, 9, 10))
    # No make-up working weekend is guessed.
    assert not calendar.is_working_day(dt.date(2027, 2, 20))
    warnings = calendar.warnings_for(dt.date(2026, 12, 1), dt.date(2027, 1, 5))
    assert len(warnings) == 1 and "2027" in warnings[0] and "按预估假期计算" in warnings[0]
    assert calendar.warnings_for(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


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

    from wrc_desktop.rules.workdays import OFFICIAL_SCHEDULE_FILE, official_schedule_json

    bundled = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", OFFICIAL_SCHEDULE_FILE)
        .read_text("utf-8")
    )
    current = official_schedule_json()
    # Both the official years and the estimated holidays of every other year.
    assert json.loads(bundled)["estimated"] == json.loads(current)["estimated"], (
        "holidays data changed: regenerate resources/calendar/cn_official_schedule.json with "
        "wrc_desktop.rules.workdays.official_schedule_json()"
    )
    assert json.loads(bundled)["years"] == json.loads(current)["years"], (
        "holidays data changed: regenerate resources/calendar/cn_official_schedule.json with "
        "wrc_desktop.rules.workdays.official_schedule_json()"
    )
