"""The clerk's additions to the bundled rules data: wage years and calendar years.

The rules only read these files (``rules.income.load_wages``, ``rules.workdays.get_calendar``);
this module checks what the clerk typed in the settings page and writes the files:
``<overrides>/wages.toml`` and ``<overrides>/calendar/<year>.toml``. Each file is written
to a temporary name in the same folder and renamed into place, so a crash never leaves a
half-written file that would stop every deadline from being computed.

Both readers pick a changed file up on their next call (wages are read on every call; the
calendar cache is keyed by the files' modification times), so nothing needs invalidating.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from ..atomic import write_text
from ..rules.clerk_files import read_clerk_file
from ..rules.dates import parse_date
from ..rules.errors import FieldError, ValidationErrors
from ..rules.income import WAGES_FILE, WageYear, load_wages, parse_wage_table, wages_toml
from ..rules.workdays import CALENDAR_SUBDIR, CalendarYear, calendar_year_toml, load_clerk_years

# parse_wage_table accepts these years; a value outside would make the file unreadable.
WAGE_YEARS = (1990, 2100)
CALENDAR_YEARS = (2000, 2080)
WEEKDAY_NAMES = "一二三四五六日"
# Separators between dates in a list: new lines, commas, 顿号, semicolons, spaces.
_SPLIT = re.compile(r"[\s,，、;；]+")
# A range "2027-10-01至2027-10-07" (also ~ ～ 到 —).
_RANGE = re.compile(r"^(.+?)\s*(?:至|到|~|～|—|--)\s*(.+)$")


# ---------------------------------------------------------------- writing


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it."""
    write_text(path, text)


# ---------------------------------------------------------------- wage years


def clerk_wage_years(overrides: Path) -> dict[int, WageYear]:
    """Only the years the clerk entered (``<overrides>/wages.toml``), by year."""
    path = Path(overrides) / WAGES_FILE
    if not path.is_file():
        return {}
    return parse_wage_table(read_clerk_file(path), f"{path.parent.name}/{WAGES_FILE}")


def clean_wage_year(
    year: object, annual: object, monthly: object = "", source: object = ""
) -> WageYear:
    """A wage year from the settings form, or :class:`ValidationErrors` naming each bad field."""
    errors: list[FieldError] = []
    year_value = _whole_number(year, "year", "年度", errors)
    if year_value is not None and not WAGE_YEARS[0] <= year_value <= WAGE_YEARS[1]:
        errors.append(
            FieldError("year", f"应在 {WAGE_YEARS[0]}–{WAGE_YEARS[1]} 之间", label="年度")
        )
    annual_value = _whole_number(annual, "annual", "年平均工资", errors, positive=True)
    monthly_value = None
    if str(monthly or "").strip():
        monthly_value = _whole_number(monthly, "monthly", "月平均工资", errors, positive=True)
    if annual_value and monthly_value and abs(monthly_value * 12 - annual_value) > 12:
        # The bureau publishes the monthly figure as the annual one ÷ 12; a larger gap is a typo.
        errors.append(
            FieldError(
                "monthly",
                f"应约为年平均工资的 1/12（{annual_value // 12} 元），请核对",
                label="月平均工资",
            )
        )
    source_text = " ".join(str(source or "").split())
    if not source_text:
        errors.append(
            FieldError(
                "source",
                "请填写来源（如 北京市人力资源和社会保障局公布的文件名称与日期）",
                label="来源",
            )
        )
    if errors:
        raise ValidationErrors(errors)
    assert year_value is not None and annual_value is not None
    return WageYear(year_value, annual_value, monthly_value or annual_value // 12, source_text)


def save_wage_year(overrides: Path, entry: WageYear) -> Path:
    """Add or replace one of the clerk's years; returns the file written."""
    years = clerk_wage_years(overrides)
    years[entry.year] = entry
    return _write_wages(overrides, years.values())


def remove_wage_year(overrides: Path, year: int) -> Path:
    """Drop one of the clerk's years (a bundled year of the same number shows again)."""
    years = clerk_wage_years(overrides)
    years.pop(year, None)
    return _write_wages(overrides, years.values())


def _write_wages(overrides: Path, entries: Iterable[WageYear]) -> Path:
    path = Path(overrides) / WAGES_FILE
    text = "# 经办人在“设置 → 平均工资”中录入的年度（覆盖内置表中同年度的值）。\n\n" + wages_toml(
        entries
    )
    write_text_atomic(path, text)
    # Read back: a file the rules cannot read must never stay behind unnoticed
    load_wages(overrides)
    return path


def _whole_number(
    value: object, field: str, label: str, errors: list[FieldError], *, positive: bool = False
) -> int | None:
    text = (
        str(value if value is not None else "")
        .strip()
        .replace(",", "")
        .replace("，", "")
        .replace(" ", "")
    )
    text = text.removesuffix("元")
    if not text:
        errors.append(FieldError(field, "不能为空", label=label))
        return None
    if not text.isdigit():
        errors.append(FieldError(field, f"“{value}”不是整数（以元为单位，如 141132）", label=label))
        return None
    number = int(text)
    if positive and number <= 0:
        errors.append(FieldError(field, "应大于 0", label=label))
        return None
    return number


# ---------------------------------------------------------------- calendar years


def clerk_calendar_years(overrides: Path) -> dict[int, CalendarYear]:
    return load_clerk_years(Path(overrides))


def calendar_path(overrides: Path, year: int) -> Path:
    return Path(overrides) / CALENDAR_SUBDIR / f"{year}.toml"


def parse_date_list(
    text: str,
    *,
    field: str,
    label: str,
    skip_weekends_in_ranges: bool = False,
    errors: list[FieldError],
) -> list[dt.date]:
    """Dates written one by one or as ranges (``2027-10-01至2027-10-07``), in the order given.

    In a holiday range the Saturdays and Sundays are left out: they are days off anyway, and
    the State Council's notice states holidays as ranges over them.
    """
    days: list[dt.date] = []
    for token in _tokens(text):
        try:
            match = _RANGE.match(token)
            if match is None:
                days.append(parse_date(token, field=field, label=label))
                continue
            first = parse_date(match.group(1), field=field, label=label)
            last = parse_date(match.group(2), field=field, label=label)
            if last < first or (last - first).days > 60:
                errors.append(
                    FieldError(
                        field,
                        f"“{token}”不是有效的日期区间（结束日应不早于开始日，且不超过 60 天）",
                        label=label,
                    )
                )
                continue
            for offset in range((last - first).days + 1):
                day = first + dt.timedelta(days=offset)
                if not (skip_weekends_in_ranges and day.weekday() >= 5):
                    days.append(day)
        except FieldError as error:
            errors.append(error)
    return days


def _tokens(text: str) -> list[str]:
    # Join "a 至 b" written with spaces around the range word before splitting on spaces.
    joined = re.sub(r"\s*(至|到|~|～|—|--)\s*", r"\1", text.strip())
    return [token for token in _SPLIT.split(joined) if token]


def clean_calendar_year(
    year: int, holidays_text: str, working_text: str, source: str = ""
) -> CalendarYear:
    """A year's schedule from the settings form; every mistake at once as :class:`ValidationErrors`.

    ``holidays`` are the weekdays off (法定节假日及调休放假的周一至周五); ``working_weekends``
    the Saturdays and Sundays worked (调休上班日).
    """
    errors: list[FieldError] = []
    if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
        errors.append(
            FieldError("year", f"应在 {CALENDAR_YEARS[0]}–{CALENDAR_YEARS[1]} 之间", label="年份")
        )
    holidays = parse_date_list(
        holidays_text,
        field="holidays",
        label="放假日期",
        skip_weekends_in_ranges=True,
        errors=errors,
    )
    working = parse_date_list(
        working_text, field="working_weekends", label="调休上班日", errors=errors
    )
    for field, label, days in (
        ("holidays", "放假日期", holidays),
        ("working_weekends", "调休上班日", working),
    ):
        seen: set[dt.date] = set()
        for day in days:
            shown = f"{day.isoformat()}（周{WEEKDAY_NAMES[day.weekday()]}）"
            if day.year != year:
                errors.append(FieldError(field, f"{shown} 不在 {year} 年内", label=label))
            elif day in seen:
                errors.append(FieldError(field, f"{shown} 重复录入", label=label))
            elif field == "holidays" and day.weekday() >= 5:
                errors.append(
                    FieldError(field, f"{shown} 是周末，本来就休息，无需列为放假日期", label=label)
                )
            elif field == "working_weekends" and day.weekday() < 5:
                errors.append(
                    FieldError(field, f"{shown} 不是周六或周日，不能作为调休上班日", label=label)
                )
            seen.add(day)
    for day in sorted(set(holidays) & set(working)):
        errors.append(
            FieldError(
                "working_weekends",
                f"{day.isoformat()} 同时列为放假日期和调休上班日",
                label="调休上班日",
            )
        )
    if not holidays and not working and not errors:
        errors.append(
            FieldError("holidays", "请至少录入一个放假日期或调休上班日", label="放假日期")
        )
    if errors:
        raise ValidationErrors(errors)
    source_text = " ".join(str(source or "").split()) or "经办人录入"
    return CalendarYear(year, frozenset(holidays), frozenset(working), source_text)


def save_calendar_year(overrides: Path, entry: CalendarYear) -> Path:
    path = calendar_path(overrides, entry.year)
    write_text_atomic(path, calendar_year_toml(entry))
    return path


def remove_calendar_year(overrides: Path, year: int) -> bool:
    """Delete the clerk's file for ``year``; True if there was one."""
    path = calendar_path(overrides, year)
    if not path.is_file():
        return False
    path.unlink()
    return True
