"""The working-day calendar (工作日): Monday–Friday minus statutory holidays, plus 调休 weekends.

Official schedules come from the ``holidays`` package (CN public holidays and its
``weekend_workdays``) for the years listed in ``resources/calendar/official_years.toml``
(read from a snapshot of the package's data, checked against it by the tests),
and from years the clerk entered (``<overrides>/calendar/<year>.toml``). For any other year the
State Council has not published the notice, and the statutory holidays alone are not a safe guess
(notices add days off and 调休 working weekends). Such a year is estimated twice
(:mod:`.calendar_estimate`): counted back from an event, every day a notice could close is off and
no weekend is worked; counted forward, only the days every notice closes are off and every weekend
near a festival may be worked. Either way a date comes out early, never late: replaying every
official year 2010–2026 as unknown (tests/rules/test_calendar_replay.py) finds no later date but
around 2015's one-off 9月3日 holiday, and at most 5 working days early since 2013 (东城's counter
days: one counter week). Every answer that touches such a
year says "按预估假期计算，已留出余量" (:func:`unofficial_year_warning`, via
:meth:`WorkCalendar.warnings_for`). An entered year or a newer package's official year replaces
the estimate.

Working days are precomputed as sorted lists of ordinals (one per direction), so counts and "the Nth working
day before/after" are two bisections — statuses for tens of thousands of permits stay fast.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .calendar_estimate import estimate_year
from .calendar_snapshot import (
    FIRST_YEAR,
    LAST_YEAR,
    bundled_official_years,
    estimated_holidays,
    festival_dates,
    official_schedule,
)
from .clerk_files import load_toml, read_clerk_file
from .dates import parse_date
from .errors import FieldError, WrcError

CALENDAR_SUBDIR = "calendar"


@dataclass(frozen=True)
class CalendarYear:
    """One year's official schedule as the clerk entered it from the State Council's notice."""

    year: int
    holidays: frozenset[dt.date]
    working_weekends: frozenset[dt.date]
    source: str = "经办人录入"

    def __post_init__(self) -> None:
        for day in self.holidays | self.working_weekends:
            if day.year != self.year:
                raise WrcError(f"{self.year} 年的工作日历中出现了其他年份的日期 {day.isoformat()}")
        for day in self.working_weekends:
            if day.weekday() < 5:
                raise WrcError(f"调休上班日 {day.isoformat()} 不是周六或周日")
        both = self.holidays & self.working_weekends
        if both:
            raise WrcError(f"{min(both).isoformat()} 不能既是节假日又是调休上班日")


@dataclass
class WorkCalendar:
    """Answers about working days; build it with :func:`get_calendar`.

    Two lists of working days, identical in every year with an official schedule. In a year
    without one, ``_back`` has every day a notice could close as a day off and no 调休 working
    weekend (used by counts **back** from an event and by "working days left": never later, never
    more), ``_forward`` only the days every notice closes and every weekend day a notice could make
    a working day as working (used by counts **forward** from an event: never later).
    See :mod:`.calendar_estimate`.
    """

    official_years: frozenset[int]
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR
    _back: list[int] = field(default_factory=list, repr=False)
    _forward: list[int] = field(default_factory=list, repr=False)
    _certain: bytearray = field(default_factory=bytearray, repr=False)
    _possible: bytearray = field(default_factory=bytearray, repr=False)
    _base: int = 0

    @classmethod
    def build(
        cls,
        closed_days: Iterable[dt.date],
        working_weekends: Iterable[dt.date],
        official_years: Iterable[int],
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
        *,
        forward: tuple[Iterable[dt.date], Iterable[dt.date]] | None = None,
    ) -> WorkCalendar:
        """``closed_days``/``working_weekends`` give the back-safe list; ``forward`` (closed, working) the other.

        Without ``forward`` both lists are the same (every year official, or a test's calendar).
        """
        start = dt.date(first_year, 1, 1).toordinal()
        certain = _working_flags(first_year, last_year, closed_days, working_weekends)
        possible = certain if forward is None else _working_flags(first_year, last_year, *forward)
        back = [start + i for i, flag in enumerate(certain) if flag]
        ahead = back if forward is None else [start + i for i, flag in enumerate(possible) if flag]
        return cls(
            frozenset(official_years), first_year, last_year, back, ahead, certain, possible, start
        )

    # --- single answers -------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day under every notice its year could get (the official answer where known).

        The safe reading for the last working or counter day on or before a date and for a day
        the clerk plans to go to the counter.
        """
        return bool(self._certain[self._index(day)])

    def may_be_working_day(self, day: dt.date) -> bool:
        """Whether some notice could make ``day`` a working day (the official answer where known)."""
        return bool(self._possible[self._index(day)])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``, both included (0 if end < start); the fewest any notice gives."""
        return self.working_days_range(start, end)[0]

    def working_days_range(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(fewest, most) working days from ``start`` to ``end``, both included; equal in official years."""
        self._index(start), self._index(end)
        if end < start:
            return 0, 0
        low, high = start.toordinal(), end.toordinal()
        return (
            bisect_right(self._back, high) - bisect_left(self._back, low),
            bisect_right(self._forward, high) - bisect_left(self._forward, low),
        )

    def working_days_strictly_between(self, after: dt.date, before: dt.date) -> int:
        """Working days d with ``after`` < d < ``before``; the fewest any notice gives."""
        self._index(after), self._index(before)
        if before <= after:
            return 0
        return bisect_left(self._back, before.toordinal()) - bisect_right(
            self._back, after.toordinal()
        )

    def nth_working_day_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (the event day itself is not counted).

        Counted forward: in a year without a notice, never later than the official answer.
        """
        self._index(day)
        position = bisect_right(self._forward, day.toordinal()) + n - 1
        return self._day_at(self._forward, position, day)

    def nth_working_day_before(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day before ``day`` (``day`` itself is not counted).

        Counted back: in a year without a notice, never later than the official answer.
        """
        self._index(day)
        position = bisect_left(self._back, day.toordinal()) - n
        return self._day_at(self._back, position, day)

    def latest_with_reserve(self, target: dt.date, reserve: int) -> dt.date:
        """The latest working day D with at least ``reserve`` working days strictly between D and ``target``."""
        return self.nth_working_day_before(target, reserve + 1)

    def latest_with_reserve_ordinal(self, target_ordinal: int, reserve: int) -> int:
        """:meth:`latest_with_reserve` on ordinals, for bulk status computation."""
        return self._back[bisect_left(self._back, target_ordinal) - reserve - 1]

    def working_days_after_until(self, today_ordinal: int, last_ordinal: int) -> int:
        """Working days d with today < d ≤ last (ordinals); the fewest any notice gives ("days left")."""
        return bisect_right(self._back, last_ordinal) - bisect_right(self._back, today_ordinal)

    # --- years without an official schedule -----------------------------------------

    def warnings_for(self, *days: dt.date | None) -> list[str]:
        """Chinese notes for every year between the earliest and latest of ``days`` with no official schedule."""
        present = [d for d in days if d is not None]
        if not present:
            return []
        years = range(min(present).year, max(present).year + 1)
        return [unofficial_year_warning(year) for year in years if year not in self.official_years]

    def _index(self, day: dt.date) -> int:
        if not self.first_year <= day.year <= self.last_year:
            raise WrcError(
                f"日期 {day.isoformat()} 超出工作日历范围（{self.first_year}–{self.last_year} 年）"
            )
        return day.toordinal() - self._base

    def _day_at(self, ordinals: list[int], position: int, near: dt.date) -> dt.date:
        if not 0 <= position < len(ordinals):
            raise WrcError(
                f"自 {near.isoformat()} 起推算的工作日超出工作日历范围（{self.first_year}–{self.last_year} 年）"
            )
        return dt.date.fromordinal(ordinals[position])


def _working_flags(
    first_year: int,
    last_year: int,
    closed_days: Iterable[dt.date],
    working_weekends: Iterable[dt.date],
) -> bytearray:
    start = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday.
    working = bytearray(1 if (ordinal - 1) % 7 < 5 else 0 for ordinal in range(start, end + 1))
    for day in closed_days:
        if first_year <= day.year <= last_year:
            working[day.toordinal() - start] = 0
    for day in working_weekends:
        if first_year <= day.year <= last_year:
            working[day.toordinal() - start] = 1
    return working


ESTIMATED_NOTE = "按预估假期计算，已留出余量"
#: How such a date is counted, in the clerk's words (the expiry report's legend quotes it too).
ESTIMATE_METHOD = (
    "往前倒推的日期（最晚提交日、有效期满前最后一个受理日、剩余工作日）按各节日可能最长的假期、"
    "不计调休上班日计算，往后顺推的日期（离职后 N 个工作日内）只按必然放假的日子休息、"
    "节日前后可能调休上班的周末都算工作日，因此日期只会偏早（一般早不超过 5 个工作日）"
)


def unofficial_year_warning(year: int) -> str:
    """The one note every screen, report, CLI answer and ICS entry shows for a year without a notice."""
    return (
        f"{year} 年{ESTIMATED_NOTE}：该年国务院办公厅节假日安排尚未收录，{ESTIMATE_METHOD}；"
        "请以国务院办公厅通知为准，并可在“设置 → 工作日历”中录入该年安排"
    )


def build_calendar(
    clerk_years: Mapping[int, CalendarYear] | None = None, *, unknown: Iterable[int] = ()
) -> WorkCalendar:
    """The calendar from the package's official years, with the clerk's years laid over them.

    ``unknown`` are years to treat as if their notice were not published (the replay tests).
    """
    unknown_years = set(unknown)
    clerk_years = {y: e for y, e in (clerk_years or {}).items() if y not in unknown_years}
    official = (bundled_official_years() | clerk_years.keys()) - unknown_years
    snapshot_closed, snapshot_working = official_schedule()
    # A year the clerk entered replaces the package's version of it, official or estimated.
    closed = {d for d in snapshot_closed if d.year in official and d.year not in clerk_years}
    working = {d for d in snapshot_working if d.year in official and d.year not in clerk_years}
    for entry in clerk_years.values():
        closed |= entry.holidays
        working |= entry.working_weekends
    back_closed, forward_closed, forward_working = set(closed), set(closed), set(working)
    festivals = festival_dates()
    package_guess = estimated_holidays()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if year in official:
            continue
        if year in festivals:
            estimate = estimate_year(year, festivals[year])
            back_closed |= estimate.back_closed
            forward_closed |= estimate.forward_closed
            forward_working |= estimate.forward_working
        else:  # before the festivals were statutory (2008): the package's guess, both ways
            guess = {d for d in package_guess if d.year == year}
            back_closed |= guess
            forward_closed |= guess
    return WorkCalendar.build(
        back_closed, working, official, forward=(forward_closed, forward_working)
    )


def load_clerk_years(overrides: Path | None) -> dict[int, CalendarYear]:
    """Years the clerk entered, from ``<overrides>/calendar/<year>.toml``."""
    if overrides is None:
        return {}
    folder = Path(overrides) / CALENDAR_SUBDIR
    if not folder.is_dir():
        return {}
    years: dict[int, CalendarYear] = {}
    for path in sorted(folder.glob("*.toml")):
        entry = parse_calendar_year(read_clerk_file(path), path.name)
        if path.stem != str(entry.year):
            # 2027.toml holding year = 2026 would silently replace the official 2026.
            raise WrcError(
                f"工作日历文件 {path} 写的是 {entry.year} 年（year = {entry.year}），与文件名不符；"
                f"请把文件改名为 {entry.year}.toml，或改正其中的 year，或在“设置 → 工作日历”中重新录入"
            )
        years[entry.year] = entry
    return years


def parse_calendar_year(text: str, filename: str = "工作日历") -> CalendarYear:
    """One clerk-entered year; a bad file fails with a message naming the file and the key."""
    data = load_toml(text, f"工作日历文件 {filename}")
    try:
        year = int(data["year"])
        closed = frozenset(
            parse_date(v, field="holidays", label="holidays") for v in data.get("holidays", [])
        )
        working = frozenset(
            parse_date(v, field="working_weekends", label="working_weekends")
            for v in data.get("working_weekends", [])
        )
        return CalendarYear(year, closed, working, str(data.get("source", "经办人录入")))
    except KeyError as error:
        raise WrcError(f"工作日历文件 {filename} 缺少 {error.args[0]}") from None
    except (FieldError, WrcError, TypeError, ValueError) as error:
        raise WrcError(f"工作日历文件 {filename}：{error}") from None


def calendar_year_toml(entry: CalendarYear) -> str:
    """The text of ``<overrides>/calendar/<year>.toml`` for an entered year (the caller writes it)."""

    def dates(values: Iterable[dt.date]) -> str:
        return "[" + ", ".join(f'"{d.isoformat()}"' for d in sorted(values)) + "]"

    source = entry.source.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'year = {entry.year}\nsource = "{source}"\n'
        f"holidays = {dates(entry.holidays)}\nworking_weekends = {dates(entry.working_weekends)}\n"
    )


def get_calendar(overrides: Path | None = None) -> WorkCalendar:
    """The calendar, cached; a file the clerk added or changed is picked up on the next call."""
    return _cached_calendar(_signature(overrides))


def _signature(overrides: Path | None) -> tuple:
    if overrides is None:
        return (None,)
    folder = Path(overrides) / CALENDAR_SUBDIR
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return (str(overrides), *((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))


@lru_cache(maxsize=8)
def _cached_calendar(signature: tuple) -> WorkCalendar:
    folder = signature[0]
    return build_calendar(load_clerk_years(Path(folder)) if folder else None)


def default_calendar() -> WorkCalendar:
    """The bundled calendar without the clerk's years."""
    return get_calendar(None)
