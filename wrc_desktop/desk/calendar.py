"""The working-day calendar the clerk keeps: a year's schedule as the editor shows it, and saving it.

The State Council publishes next year's notice each winter; until the clerk enters it (or a newer
``holidays`` package knows it) the year is estimated ("按预估假期计算，已留出余量"). The clerk pastes
the notice (:func:`read_notice`), checks the days on the month grid, and saves the year
(:func:`save_year`): an atomic write of ``<overrides>/calendar/<year>.toml``, read back at once so
a bad file never waits for later. Every answer picks the file up through ``get_calendar``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..rules.calendar_estimate import estimate_year
from ..rules.calendar_snapshot import bundled_official_years, festival_dates, official_schedule
from ..rules.errors import WrcError
from ..rules.notice_parser import ParsedNotice, parse_notice
from ..rules.workdays import CalendarYear, get_calendar
from ..store import overrides as store

OFFICIAL = "官方安排（内置）"
ENTERED = "自行录入"
ENTERED_OVER_OFFICIAL = "自行录入（覆盖内置）"
UNKNOWN = "未收录：按预估假期计算"


@dataclass(frozen=True)
class YearView:
    """One year's schedule as the editor starts from it."""

    year: int
    state: str  # OFFICIAL, ENTERED, ENTERED_OVER_OFFICIAL or UNKNOWN
    holidays: frozenset[dt.date]  # Monday–Friday days off
    working_weekends: frozenset[dt.date]
    source: str
    # A year without a notice: the weekdays the estimate may close (counted back, they are off)
    # and the weekend days it may count as worked (counted forward).
    estimated_off: frozenset[dt.date] = frozenset()
    estimated_worked: frozenset[dt.date] = frozenset()

    @property
    def known(self) -> bool:
        return self.state != UNKNOWN

    @property
    def entered(self) -> bool:
        return self.state in (ENTERED, ENTERED_OVER_OFFICIAL)


@dataclass(frozen=True)
class SavedYear:
    path: Path
    entry: CalendarYear
    working_days: int  # the year's working days with the saved schedule
    also_saved: tuple[int, ...] = ()  # known years the notice's other-year days were added to
    left_out: tuple[int, ...] = ()  # years not entered yet: their days wait for that year's notice


def year_choices(overrides: Path, today: dt.date) -> list[tuple[int, str]]:
    """(year, state) for the year selector: every official year, the clerk's, and up to two years ahead."""
    clerk = store.clerk_calendar_years(overrides)
    official = bundled_official_years()
    years = set(official) | clerk.keys() | set(range(today.year - 1, today.year + 3))
    return [(year, _state(year, official, clerk.keys())) for year in sorted(years, reverse=True)]


def year_view(overrides: Path, year: int) -> YearView:
    """The clerk's entry of ``year``, else the bundled official one, else nothing (未收录)."""
    clerk = store.clerk_calendar_years(overrides)
    official = bundled_official_years()
    state = _state(year, official, clerk.keys())
    if year in clerk:
        entry = clerk[year]
        return YearView(year, state, entry.holidays, entry.working_weekends, entry.source)
    if year in official:
        closed, working = official_schedule()
        weekdays = frozenset(d for d in closed if d.year == year and d.weekday() < 5)
        worked = frozenset(d for d in working if d.year == year)
        return YearView(year, state, weekdays, worked, "国务院办公厅通知（holidays 软件包）")
    festivals = festival_dates().get(year)
    if festivals is None:
        return YearView(year, state, frozenset(), frozenset(), "")
    estimate = estimate_year(year, festivals)
    off = frozenset(d for d in estimate.back_closed if d.weekday() < 5)
    return YearView(year, state, frozenset(), frozenset(), "", off, estimate.forward_working)


def read_notice(year: int, text: str) -> ParsedNotice:
    """The pasted notice's days; :class:`WrcError` quotes the sentence it could not read."""
    if not text.strip():
        raise WrcError("请先粘贴国务院办公厅关于该年部分节假日安排的通知全文")
    return parse_notice(text, year)


def save_year(
    overrides: Path,
    year: int,
    holidays: Iterable[dt.date],
    working_weekends: Iterable[dt.date],
    source: str,
    notice: ParsedNotice | None = None,
) -> SavedYear:
    """Write the clerk's schedule of ``year`` and read the calendar back; :class:`WrcError` if it is not one.

    ``notice``, the parsed notice the days came from, may reach into the year before (元旦 from
    12月30日): those days are added to that year when it is known (bundled or entered); a year
    still estimated is left alone — its estimate already counts the next 元旦 — and named.
    """
    off = frozenset(d for d in holidays if d.weekday() < 5)
    worked = frozenset(working_weekends)
    if not off and not worked:
        raise WrcError(f"{year} 年没有任何放假日或调休上班日：请先在日历上标出，或粘贴通知后解析")
    source_text = " ".join(source.split())
    if not source_text:
        raise WrcError("请填写来源（如 国办发明电〔2026〕×号），以便日后核对")
    entry = CalendarYear(year, off, worked, source_text)
    also, left_out = _other_years(overrides, notice, source_text) if notice else ((), ())
    path = store.save_calendar_year(overrides, entry)
    calendar = get_calendar(overrides)  # read back at once: a bad file must not wait for later
    working_days = calendar.working_days_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return SavedYear(path, entry, working_days, also, left_out)


def _other_years(
    overrides: Path, notice: ParsedNotice, source: str
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    also: list[int] = []
    left_out: list[int] = []
    for other in sorted(notice.other_years()):
        view = year_view(overrides, other)
        if not view.known:
            left_out.append(other)
            continue
        worked = (view.working_weekends - notice.holidays) | notice.working_weekends(other)
        off = (view.holidays - notice.working_days) | notice.weekday_holidays(other)
        if (off, worked) == (view.holidays, view.working_weekends):
            continue  # the bundled or entered year has these days already
        store.save_calendar_year(
            overrides, CalendarYear(other, off, worked, f"{source}（跨年部分）")
        )
        also.append(other)
    return tuple(also), tuple(left_out)


def remove_year(overrides: Path, year: int) -> bool:
    """Delete the clerk's entry of ``year`` (the bundled schedule or the estimate applies again)."""
    return store.remove_calendar_year(overrides, year)


def _state(year: int, official: frozenset[int], clerk: Iterable[int]) -> str:
    if year in set(clerk):
        return ENTERED_OVER_OFFICIAL if year in official else ENTERED
    return OFFICIAL if year in official else UNKNOWN
