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

The layouts follow the notices' pattern. Since 2025 it is 国办发明电〔2024〕12号: "除个别特殊情形外，
春节自农历除夕起放假调休8天，国庆节自10月1日起放假调休7天，劳动节放假调休5天，元旦、清明节、端午节、
中秋节分别放假调休或连休3天（如逢周三则只在当日放假），国庆节放假如逢中秋节则合并放假8天". The
notices before it (replayed by the tests: every official year 2010–2026 as if its notice were
unknown) had a 7-day Spring Festival from 除夕 or 初一, a 1-day 劳动节 with 3- to 5-day breaks, and,
until 2013, a 3-day break around a Wednesday festival. The windows below are each festival's
longest break in those notices (plus one day where 2026 showed a special case can run longer) and
the days every one of them closed; the festival dates themselves (除夕, 清明, 端午, 中秋) come from
the ``holidays`` package's lunar calendar via the bundled snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: The first year whose notice follows 国办发明电〔2024〕12号.
NEW_PATTERN_FROM = 2025
#: Until this year a Wednesday festival could still get a 3-day break (Mon–Wed or Wed–Fri).
WEDNESDAY_BREAKS_UNTIL = 2013
#: From this year 劳动节 has been a 5-day break (statutory 1 day until 2024, 2 days since 2025).
LABOUR_DAY_FIVE_DAYS_FROM = 2020

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


def short_break(day: dt.date, year: int) -> Break:
    """元旦, 清明, 端午 or 中秋 on ``day``: "放假调休或连休3天（如逢周三则只在当日放假）"."""
    first, last = SHORT_BREAKS[day.weekday()]
    if year <= WEDNESDAY_BREAKS_UNTIL:
        first, last = EARLY_SHORT_BREAKS.get(day.weekday(), (first, last))
    longest = days(day + first * DAY, day + last * DAY)
    certain = frozenset({day}) if not is_weekend(day) else frozenset()
    return Break(longest, certain, day - 7 * DAY, day + 7 * DAY)


#: By the festival's weekday (Monday = 0): the first and last day of its longest break, as offsets.
#: Tuesday: Sun–Tue (Monday made up on a weekend); Wednesday: that day only; Thursday: Thu–Sat;
#: Saturday: Sat–Mon or Fri–Sun (2012's 端午); Sunday: Sat–Mon.
SHORT_BREAKS = {0: (-2, 0), 1: (-2, 0), 2: (0, 0), 3: (0, 2), 4: (0, 2), 5: (-1, 2), 6: (-1, 1)}
#: Until 2013 a notice could also lay a Tuesday or Wednesday festival's 3 days after it (2013's 元旦:
#: 1月1日至3日) or before it (2010's 端午: 6月14日至16日), and a Sunday's up to Tuesday (2012's 元旦).
EARLY_SHORT_BREAKS = {1: (-2, 2), 2: (-2, 2), 6: (-1, 2)}


def spring_festival_break(festivals: FestivalDates) -> Break:
    """春节: 7 days from 除夕 or 初一 until 2024, "自农历除夕起放假调休8天" since (2026: 9 days from 腊月廿八)."""
    eve = festivals.eve
    longest = days(eve - DAY, eve + 8 * DAY)
    if festivals.year >= NEW_PATTERN_FROM:
        certain = days(eve, eve + 6 * DAY)
    else:
        certain = days(eve + DAY, eve + 6 * DAY)  # 2014 and 2024 began on 初一
    return Break(longest, certain, eve - 7 * DAY, eve + 13 * DAY)


def labour_day_break(year: int) -> Break:
    """劳动节: 3 to 5 days around 5月1日 (2019: 5月1日至4日; 2023: 4月29日至5月3日)."""
    may_day = dt.date(year, 5, 1)
    if year >= LABOUR_DAY_FIVE_DAYS_FROM:
        certain = days(may_day, may_day + 2 * DAY)
    else:
        certain = frozenset({may_day})
    return Break(
        days(dt.date(year, 4, 29), dt.date(year, 5, 5)),
        certain,
        dt.date(year, 4, 23),
        dt.date(year, 5, 12),
    )


def national_day_break(festivals: FestivalDates) -> Break:
    """国庆节 "自10月1日起放假调休7天", 8 days merged with a nearby 中秋 (2023: 9月29日至10月6日)."""
    year = festivals.year
    first, last = dt.date(year, 10, 1), dt.date(year, 10, 7)
    if merges_with_national_day(festivals):
        first, last = min(first, festivals.mid_autumn), dt.date(year, 10, 8)
    longest = days(first, last)
    certain = days(dt.date(year, 10, 1), dt.date(year, 10, 6))
    return Break(longest, certain, dt.date(year, 9, 19), dt.date(year, 10, 14))


def merges_with_national_day(festivals: FestivalDates) -> bool:
    """ "国庆节放假如逢中秋节则合并放假8天" (2012: 9月30日至10月7日; 2023: 9月29日至10月6日)."""
    year = festivals.year
    return dt.date(year, 9, 28) <= festivals.mid_autumn <= dt.date(year, 10, 8)


def breaks_touching(year: int, festivals: FestivalDates) -> list[Break]:
    """Every break that can close or open a day of ``year`` (元旦 of the next year may begin in December)."""
    found = [
        short_break(dt.date(year, 1, 1), year),
        spring_festival_break(festivals),
        short_break(festivals.qingming, year),
        labour_day_break(year),
        short_break(festivals.dragon_boat, year),
        national_day_break(festivals),
        short_break(dt.date(year + 1, 1, 1), year + 1),
    ]
    if not merges_with_national_day(festivals):
        found.append(short_break(festivals.mid_autumn, year))
    return found


def estimate_year(year: int, festivals: FestivalDates) -> EstimatedYear:
    """Both estimates of ``year`` from its festival dates."""
    breaks = breaks_touching(year, festivals)
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
