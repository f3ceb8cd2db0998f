"""The working-day calendar (工作日): Monday–Friday minus statutory holidays, plus 调休 weekends.

Official schedules come from the ``holidays`` package (CN public holidays and its
``weekend_workdays``) for the years listed in ``resources/calendar/official_years.toml``
(read from a snapshot of the package's data, checked against it by the tests),
and from years the clerk entered (``<overrides>/calendar/<year>.toml``). For any other year
the package only estimates the statutory holidays (the State Council has not published the
year's notice): those estimated holidays count as days off and no 调休 working weekend is
added, so every date computed from such a year is early rather than late, and every answer
that touches it says "按预估假期计算" (:meth:`WorkCalendar.warnings_for`). An entered year or a
newer package's official year replaces the estimate.

Working days are precomputed as a sorted list of ordinals, so counts and "the Nth working
day before/after" are two bisections — statuses for tens of thousands of permits stay fast.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .dates import parse_date
from .errors import FieldError, WrcError

FIRST_YEAR = 1990
LAST_YEAR = 2080
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
    """Answers about working days; build it with :func:`get_calendar`."""

    official_years: frozenset[int]
    first_year: int = FIRST_YEAR
    last_year: int = LAST_YEAR
    _ordinals: list[int] = field(default_factory=list, repr=False)
    _working: bytearray = field(default_factory=bytearray, repr=False)
    _base: int = 0

    @classmethod
    def build(
        cls,
        closed_days: Iterable[dt.date],
        working_weekends: Iterable[dt.date],
        official_years: Iterable[int],
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
    ) -> WorkCalendar:
        start = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year, 12, 31).toordinal()
        working = bytearray(end - start + 1)
        for ordinal in range(start, end + 1):
            # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday.
            working[ordinal - start] = 1 if (ordinal - 1) % 7 < 5 else 0
        for day in closed_days:
            if first_year <= day.year <= last_year:
                working[day.toordinal() - start] = 0
        for day in working_weekends:
            if first_year <= day.year <= last_year:
                working[day.toordinal() - start] = 1
        ordinals = [start + i for i, flag in enumerate(working) if flag]
        return cls(frozenset(official_years), first_year, last_year, ordinals, working, start)

    # --- single answers -------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._working[self._index(day)])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``, both included (0 if end < start)."""
        self._index(start), self._index(end)
        if end < start:
            return 0
        return bisect_right(self._ordinals, end.toordinal()) - bisect_left(
            self._ordinals, start.toordinal()
        )

    def working_days_strictly_between(self, after: dt.date, before: dt.date) -> int:
        """Working days d with ``after`` < d < ``before``."""
        self._index(after), self._index(before)
        if before <= after:
            return 0
        return bisect_left(self._ordinals, before.toordinal()) - bisect_right(
            self._ordinals, after.toordinal()
        )

    def nth_working_day_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (the event day itself is not counted)."""
        self._index(day)
        position = bisect_right(self._ordinals, day.toordinal()) + n - 1
        return self._day_at(position, day)

    def nth_working_day_before(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day before ``day`` (``day`` itself is not counted)."""
        self._index(day)
        position = bisect_left(self._ordinals, day.toordinal()) - n
        return self._day_at(position, day)

    def latest_with_reserve(self, target: dt.date, reserve: int) -> dt.date:
        """The latest working day D with at least ``reserve`` working days strictly between D and ``target``."""
        return self.nth_working_day_before(target, reserve + 1)

    def latest_with_reserve_ordinal(self, target_ordinal: int, reserve: int) -> int:
        """:meth:`latest_with_reserve` on ordinals, for bulk status computation."""
        return self._ordinals[bisect_left(self._ordinals, target_ordinal) - reserve - 1]

    def working_days_after_until(self, today_ordinal: int, last_ordinal: int) -> int:
        """Working days d with today < d ≤ last (ordinals)."""
        return bisect_right(self._ordinals, last_ordinal) - bisect_right(
            self._ordinals, today_ordinal
        )

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

    def _day_at(self, position: int, near: dt.date) -> dt.date:
        if not 0 <= position < len(self._ordinals):
            raise WrcError(
                f"自 {near.isoformat()} 起推算的工作日超出工作日历范围（{self.first_year}–{self.last_year} 年）"
            )
        return dt.date.fromordinal(self._ordinals[position])


ESTIMATED_NOTE = "按预估假期计算"


def unofficial_year_warning(year: int) -> str:
    return (
        f"{year} 年{ESTIMATED_NOTE}：该年官方节假日安排尚未收录，已按 holidays 软件包预估的法定节假日休息、"
        f"不计调休上班日（日期只会偏早）；请以国务院办公厅通知为准，并可在设置中录入该年安排"
    )


# --- loading ----------------------------------------------------------------------------


def bundled_official_years() -> frozenset[int]:
    text = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", "official_years.toml")
        .read_text("utf-8")
    )
    return frozenset(int(year) for year in tomllib.loads(text)["years"])


OFFICIAL_SCHEDULE_FILE = "cn_official_schedule.json"


def official_schedule() -> tuple[set[dt.date], set[dt.date]]:
    """(holidays, 调休 working weekends) of the official years, as the ``holidays`` package gives them.

    Read from ``resources/calendar/cn_official_schedule.json``, a snapshot of the
    package's data for those years: importing the package costs about 0.1 s of
    every start, the snapshot a millisecond. tests/rules/test_workdays.py fails
    when the snapshot and the installed package disagree (regenerate it with
    :func:`official_schedule_json`).
    """
    text = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", OFFICIAL_SCHEDULE_FILE)
        .read_text("utf-8")
    )
    data = json.loads(text)["years"]
    closed: set[dt.date] = set()
    working: set[dt.date] = set()
    for entry in data.values():
        closed.update(dt.date.fromisoformat(day) for day in entry["holidays"])
        working.update(dt.date.fromisoformat(day) for day in entry["working_weekends"])
    return closed, working


def estimated_holidays() -> set[dt.date]:
    """The statutory holidays the ``holidays`` package estimates for every year without an official schedule.

    From the same snapshot (its ``estimated`` part); no 调休 working weekends are estimated.
    """
    text = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", OFFICIAL_SCHEDULE_FILE)
        .read_text("utf-8")
    )
    estimated = json.loads(text).get("estimated", {})
    return {dt.date.fromisoformat(day) for days in estimated.values() for day in days}


def official_schedule_json() -> str:
    """The snapshot's text, computed from the installed ``holidays`` package."""
    from importlib.metadata import version

    years = sorted(bundled_official_years())
    closed, working = package_schedule(years)
    other_years = [year for year in range(FIRST_YEAR, LAST_YEAR + 1) if year not in years]
    guessed, _ = package_schedule(other_years)
    document = {
        "source": f"holidays {version('holidays')} (CN)",
        "years": {
            str(year): {
                "holidays": sorted(d.isoformat() for d in closed if d.year == year),
                "working_weekends": sorted(d.isoformat() for d in working if d.year == year),
            }
            for year in years
        },
        "estimated": {
            str(year): sorted(d.isoformat() for d in guessed if d.year == year)
            for year in other_years
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def package_schedule(years: Iterable[int]) -> tuple[set[dt.date], set[dt.date]]:
    """(holidays, 调休 working weekends) of the given years from the ``holidays`` package."""
    import holidays

    wanted = set(years)
    if not wanted:
        return set(), set()
    # One instance for all years: building one per year costs about twice as long at start-up.
    cn = holidays.country_holidays("CN", years=sorted(wanted))
    closed = {day for day in cn if day.year in wanted}
    working = {day for day in getattr(cn, "weekend_workdays", ()) if day.year in wanted}
    return closed, working


def build_calendar(clerk_years: Mapping[int, CalendarYear] | None = None) -> WorkCalendar:
    """The calendar from the package's official years, with the clerk's years laid over them."""
    clerk_years = dict(clerk_years or {})
    official = set(bundled_official_years())
    snapshot_closed, snapshot_working = official_schedule()
    # A year the clerk entered replaces the package's version of it, official or estimated.
    closed = {day for day in snapshot_closed | estimated_holidays() if day.year not in clerk_years}
    working = {day for day in snapshot_working if day.year not in clerk_years}
    for entry in clerk_years.values():
        closed |= entry.holidays
        working |= entry.working_weekends
    return WorkCalendar.build(closed, working, official | clerk_years.keys())


def load_clerk_years(overrides: Path | None) -> dict[int, CalendarYear]:
    """Years the clerk entered, from ``<overrides>/calendar/<year>.toml``."""
    if overrides is None:
        return {}
    folder = Path(overrides) / CALENDAR_SUBDIR
    if not folder.is_dir():
        return {}
    years: dict[int, CalendarYear] = {}
    for path in sorted(folder.glob("*.toml")):
        entry = parse_calendar_year(path.read_text("utf-8"), path.name)
        years[entry.year] = entry
    return years


def parse_calendar_year(text: str, filename: str = "工作日历") -> CalendarYear:
    """One clerk-entered year; a bad file fails with a message naming the file and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WrcError(f"工作日历文件 {filename} 格式错误：{error}") from None
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
