"""Estimates for a year whose State Council holiday notice is not known, early in both directions.

A notice lays each festival's break out its own way (2026's Spring Festival ran nine days, 2月15日至
23日) and adds 调休 working weekends, so the statutory days alone are not a safe guess. Which guess
is safe depends on the direction of the count:

* counted **back** from an event (the latest submission with N working days reserved before a
  permit lapses, the last working day on or before expiry, "working days left"): the date is early
  when the estimate assumes **more** days off — every day any plausible layout of the break closes
  (:attr:`EstimatedYear.back_closed`), and no 调休 working weekend;
* counted **forward** (the Nth working day after leaving): the date is early when the estimate
  assumes **fewer** days off — only the days every layout closes
  (:attr:`EstimatedYear.forward_closed`), and every weekend day near a festival that a notice could
  make a working day counted as working (:attr:`EstimatedYear.forward_working`).

The layouts follow the notices' pattern, as data in ``resources/calendar/estimate_pattern.toml``
(each festival's longest break, the days every notice closed, and where its 调休 days fell). Since
2025 it is 国办发明电〔2024〕12号: "除个别特殊情形外，春节自农历除夕起放假调休8天，国庆节自10月1日起
放假调休7天，劳动节放假调休5天，元旦、清明节、端午节、中秋节分别放假调休或连休3天（如逢周三则只在当日
放假），国庆节放假如逢中秋节则合并放假8天". The notices before it (replayed by the tests: every
official year 2010–2026 as if its notice were unknown) had a 7-day Spring Festival from 除夕 or
初一, a 1-day 劳动节 with 3- to 5-day breaks, and, until 2013, 3-day breaks on either side of a
Tuesday, Wednesday or Sunday festival. The festival dates themselves (除夕, 清明, 端午, 中秋) come
from the ``holidays`` package's lunar calendar via the bundled snapshot.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import WrcError

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class FestivalDates:
    """One year's lunar and solar-term festival dates."""

    year: int
    spring_festival: dt.date  # 正月初一; 除夕 is the day before
    qingming: dt.date
    dragon_boat: dt.date
    mid_autumn: dt.date

    @property
    def eve(self) -> dt.date:
        return self.spring_festival - DAY


@dataclass(frozen=True)
class Break:
    """One festival's break as a notice could lay it out."""

    longest: frozenset[dt.date]  # every day some plausible layout closes
    certain: frozenset[dt.date]  # the days every plausible layout closes
    makeup_from: dt.date  # weekend days in this range may be made working days (调休上班)
    makeup_to: dt.date


@dataclass(frozen=True)
class EstimatedYear:
    """The two safe estimates of one year (only days of that year)."""

    year: int
    back_closed: frozenset[dt.date]
    forward_closed: frozenset[dt.date]
    forward_working: frozenset[dt.date]  # weekend days counted as working when counting forward


def days(first: dt.date, last: dt.date) -> frozenset[dt.date]:
    return frozenset(first + DAY * i for i in range((last - first).days + 1))


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


Offsets = tuple[int, int]  # first and last day relative to the festival's day
MonthDays = tuple[str, str]  # first and last "MM-DD"
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PATTERN_FILE = "estimate_pattern.toml"


@dataclass(frozen=True)
class EstimatePattern:
    """``resources/calendar/estimate_pattern.toml``: where each festival's break can fall."""

    new_pattern_from: int
    short_longest: Mapping[int, Offsets]  # by weekday, Monday = 0
    short_older_longest: Mapping[int, Offsets]
    short_older_until: int
    short_makeup: Offsets
    spring_longest: Offsets  # relative to 除夕
    spring_certain: Offsets
    spring_older_certain: Offsets
    spring_makeup: Offsets
    labour_longest: MonthDays
    labour_certain: MonthDays
    labour_older_certain: MonthDays
    labour_five_days_from: int
    labour_makeup: MonthDays
    national_longest: MonthDays
    national_merged_last: str
    national_merge_window: MonthDays
    national_certain: MonthDays
    national_makeup: MonthDays


@lru_cache(maxsize=1)
def estimate_pattern() -> EstimatePattern:
    text = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", PATTERN_FILE)
        .read_text("utf-8")
    )
    return pattern_from_toml(text)


def pattern_from_toml(text: str) -> EstimatePattern:
    """The pattern file's values; a missing or malformed key fails naming it."""
    data = tomllib.loads(text)
    try:
        short, spring = data["short_break"], data["spring_festival"]
        labour, national = data["labour_day"], data["national_day"]
        return EstimatePattern(
            new_pattern_from=int(data["new_pattern_from"]),
            short_longest=_by_weekday(short["longest"], complete=True),
            short_older_longest=_by_weekday(short["older_longest"], complete=False),
            short_older_until=int(short["older_until"]),
            short_makeup=_offsets(short["makeup"]),
            spring_longest=_offsets(spring["longest"]),
            spring_certain=_offsets(spring["certain"]),
            spring_older_certain=_offsets(spring["older_certain"]),
            spring_makeup=_offsets(spring["makeup"]),
            labour_longest=_month_days(labour["longest"]),
            labour_certain=_month_days(labour["certain"]),
            labour_older_certain=_month_days(labour["older_certain"]),
            labour_five_days_from=int(labour["five_days_from"]),
            labour_makeup=_month_days(labour["makeup"]),
            national_longest=_month_days(national["longest"]),
            national_merged_last=_month_days([national["merged_last"]] * 2)[0],
            national_merge_window=_month_days(national["merge_window"]),
            national_certain=_month_days(national["certain"]),
            national_makeup=_month_days(national["makeup"]),
        )
    except KeyError as error:
        raise WrcError(f"{PATTERN_FILE} 缺少 {error.args[0]}") from None
    except (TypeError, ValueError) as error:
        raise WrcError(f"{PATTERN_FILE} 格式错误：{error}") from None


def _offsets(value: Any) -> Offsets:
    first, last = (int(v) for v in value)
    if first > last:
        raise ValueError(f"{value} 的起点晚于终点")
    return first, last


def _month_days(value: Any) -> MonthDays:
    first, last = (str(v) for v in value)
    for text in (first, last):
        dt.date.fromisoformat(f"2000-{text}")  # a leap year: "02-29" is a date
    return first, last


def _by_weekday(table: Mapping[str, Any], *, complete: bool) -> dict[int, Offsets]:
    unknown = set(table) - set(WEEKDAY_KEYS)
    if unknown or (complete and len(table) != 7):
        raise ValueError(f"星期应为 {'、'.join(WEEKDAY_KEYS)}：{sorted(table)}")
    return {WEEKDAY_KEYS.index(key): _offsets(value) for key, value in table.items()}


def _on(year: int, month_day: str) -> dt.date:
    return dt.date.fromisoformat(f"{year}-{month_day}")


def _around(day: dt.date, offsets: Offsets) -> frozenset[dt.date]:
    return days(day + offsets[0] * DAY, day + offsets[1] * DAY)


def _between(year: int, month_days: MonthDays) -> frozenset[dt.date]:
    return days(_on(year, month_days[0]), _on(year, month_days[1]))


def short_break(day: dt.date, year: int, pattern: EstimatePattern) -> Break:
    """元旦, 清明, 端午 or 中秋 on ``day``: "放假调休或连休3天（如逢周三则只在当日放假）"."""
    offsets = pattern.short_longest[day.weekday()]
    if year <= pattern.short_older_until:
        offsets = pattern.short_older_longest.get(day.weekday(), offsets)
    certain = frozenset({day}) if not is_weekend(day) else frozenset()
    first, last = pattern.short_makeup
    return Break(_around(day, offsets), certain, day + first * DAY, day + last * DAY)


def spring_festival_break(festivals: FestivalDates, pattern: EstimatePattern) -> Break:
    """春节, relative to 除夕: "自农历除夕起放假调休8天" since 2025 (2026: 9 days from 腊月廿八)."""
    eve = festivals.eve
    new = festivals.year >= pattern.new_pattern_from
    certain = pattern.spring_certain if new else pattern.spring_older_certain
    first, last = pattern.spring_makeup
    return Break(
        _around(eve, pattern.spring_longest),
        _around(eve, certain),
        eve + first * DAY,
        eve + last * DAY,
    )


def labour_day_break(year: int, pattern: EstimatePattern) -> Break:
    """劳动节: 3 to 5 days around 5月1日 (2019: 5月1日至4日; 2023: 4月29日至5月3日)."""
    five_days = year >= pattern.labour_five_days_from
    certain = pattern.labour_certain if five_days else pattern.labour_older_certain
    return Break(
        _between(year, pattern.labour_longest),
        _between(year, certain),
        _on(year, pattern.labour_makeup[0]),
        _on(year, pattern.labour_makeup[1]),
    )


def national_day_break(festivals: FestivalDates, pattern: EstimatePattern) -> Break:
    """国庆节 "自10月1日起放假调休7天", 8 days merged with a nearby 中秋 (2023: 9月29日至10月6日)."""
    year = festivals.year
    first, last = (_on(year, text) for text in pattern.national_longest)
    if merges_with_national_day(festivals, pattern):
        first = min(first, festivals.mid_autumn)
        last = _on(year, pattern.national_merged_last)
    return Break(
        days(first, last),
        _between(year, pattern.national_certain),
        _on(year, pattern.national_makeup[0]),
        _on(year, pattern.national_makeup[1]),
    )


def merges_with_national_day(festivals: FestivalDates, pattern: EstimatePattern) -> bool:
    """ "国庆节放假如逢中秋节则合并放假8天" (2012: 9月30日至10月7日; 2023: 9月29日至10月6日)."""
    window = _between(festivals.year, pattern.national_merge_window)
    return festivals.mid_autumn in window


def breaks_touching(year: int, festivals: FestivalDates, pattern: EstimatePattern) -> list[Break]:
    """Every break that can close or open a day of ``year`` (元旦 of the next year may begin in December)."""
    found = [
        short_break(dt.date(year, 1, 1), year, pattern),
        spring_festival_break(festivals, pattern),
        short_break(festivals.qingming, year, pattern),
        labour_day_break(year, pattern),
        short_break(festivals.dragon_boat, year, pattern),
        national_day_break(festivals, pattern),
        short_break(dt.date(year + 1, 1, 1), year + 1, pattern),
    ]
    if not merges_with_national_day(festivals, pattern):
        found.append(short_break(festivals.mid_autumn, year, pattern))
    return found


def estimate_year(
    year: int, festivals: FestivalDates, pattern: EstimatePattern | None = None
) -> EstimatedYear:
    """Both estimates of ``year`` from its festival dates and the notices' pattern."""
    breaks = breaks_touching(year, festivals, pattern or estimate_pattern())
    back = _in_year(year, (d for b in breaks for d in b.longest))
    # Even the weekend right after a break can be a 调休 day (2010: 2月20日、21日 after 春节).
    certain = _in_year(year, (d for b in breaks for d in b.certain))
    makeup = _in_year(
        year,
        (
            d
            for b in breaks
            for d in days(b.makeup_from, b.makeup_to)
            if is_weekend(d) and d not in certain
        ),
    )
    return EstimatedYear(year, back, certain, makeup)


def _in_year(year: int, found: Iterable[dt.date]) -> frozenset[dt.date]:
    return frozenset(d for d in found if d.year == year)
