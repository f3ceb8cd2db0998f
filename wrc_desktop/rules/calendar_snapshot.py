"""The bundled snapshot of the ``holidays`` package's CN data (``resources/calendar/``).

Importing the package costs about 0.1 s of every start, reading the snapshot a millisecond.
tests/rules/test_workdays.py fails when the snapshot and the installed package disagree
(regenerate it with :func:`official_schedule_json`). The snapshot holds the official years'
holidays and 调休 working weekends, the package's statutory-holiday guesses for other years, and
the festival dates (春节, 清明, 端午, 中秋) the estimate of a year without a notice starts from.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from .calendar_estimate import FestivalDates

FIRST_YEAR = 1990
LAST_YEAR = 2080
#: The first year the package has all four festivals as statutory holidays (清明, 端午, 中秋 since 2008).
FESTIVALS_FROM = 2008
OFFICIAL_SCHEDULE_FILE = "cn_official_schedule.json"

#: The package's English names of the festivals' own day (its "(observed)" days carry a suffix).
FESTIVAL_NAMES = {
    "Chinese New Year (Spring Festival)": "spring_festival",
    "Tomb-Sweeping Day": "qingming",
    "Dragon Boat Festival": "dragon_boat",
    "Mid-Autumn Festival": "mid_autumn",
}


def bundled_official_years() -> frozenset[int]:
    text = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", "official_years.toml")
        .read_text("utf-8")
    )
    return frozenset(int(year) for year in tomllib.loads(text)["years"])


@lru_cache(maxsize=1)
def _snapshot() -> dict[str, Any]:
    text = (
        resources.files("wrc_desktop.resources")
        .joinpath("calendar", OFFICIAL_SCHEDULE_FILE)
        .read_text("utf-8")
    )
    document: dict[str, Any] = json.loads(text)
    return document


def official_schedule() -> tuple[set[dt.date], set[dt.date]]:
    """(holidays, 调休 working weekends) of the official years, as the ``holidays`` package gives them."""
    closed: set[dt.date] = set()
    working: set[dt.date] = set()
    for entry in _snapshot()["years"].values():
        closed.update(dt.date.fromisoformat(day) for day in entry["holidays"])
        working.update(dt.date.fromisoformat(day) for day in entry["working_weekends"])
    return closed, working


def estimated_holidays() -> set[dt.date]:
    """The statutory holidays the ``holidays`` package guesses for every year without an official schedule."""
    estimated = _snapshot().get("estimated", {})
    return {dt.date.fromisoformat(day) for days in estimated.values() for day in days}


def festival_dates() -> dict[int, FestivalDates]:
    """Each year's festival dates from 2008 on (the years the estimate can be built for)."""
    return {
        int(year): FestivalDates(
            int(year), **{key: dt.date.fromisoformat(value) for key, value in entry.items()}
        )
        for year, entry in _snapshot().get("festivals", {}).items()
    }


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
        "festivals": {
            str(year): {key: day.isoformat() for key, day in sorted(entry.items())}
            for year, entry in sorted(
                package_festivals(range(FESTIVALS_FROM, LAST_YEAR + 1)).items()
            )
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


def package_festivals(years: Iterable[int]) -> dict[int, dict[str, dt.date]]:
    """Each year's 春节 (正月初一), 清明, 端午 and 中秋 as the package names them (its lunar calendar)."""
    import holidays

    wanted = sorted(set(years))
    cn = holidays.country_holidays("CN", years=wanted, language="en_US")
    found: dict[int, dict[str, dt.date]] = {year: {} for year in wanted}
    for day, names in cn.items():
        for name in names.split("; "):
            key = FESTIVAL_NAMES.get(name)
            if key and day.year in found:
                known = found[day.year].get(key)
                found[day.year][key] = day if known is None else min(known, day)
    return found
