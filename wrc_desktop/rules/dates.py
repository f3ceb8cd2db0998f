"""Reading dates and months as clerks write them, and date arithmetic the rules share."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from .errors import FieldError

# 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日, 20260105 (and a time part, which is ignored).
_SEPARATED = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FIRST_YEAR = 1900
_LAST_YEAR = 2999  # past it, a date is a typing slip (and date arithmetic overflows near 9999)
# Excel serials of 1920-01-01 and 2199-12-31: a whole number outside them is a number, not a date
# (3 would be 1900-01-02, 2027 would be 1905-07-19).
_SERIALS = range(7306, 109574)
_NOT_A_DATE = "请写成日期，如 2026-01-05（或把单元格设为日期格式）"


def _serial_date(value: float, field: str, label: str) -> dt.date:
    """An Excel serial date that reached us as a number; anything else a number can be is refused."""
    if not math.isfinite(value):
        raise FieldError(field, f"“{value}”不是日期", label=label)
    if value != int(value):
        raise FieldError(field, f"“{value}”是带小数的数字，不是日期；{_NOT_A_DATE}", label=label)
    if int(value) not in _SERIALS:
        raise FieldError(field, f"“{int(value)}”是数字，不是日期；{_NOT_A_DATE}", label=label)
    return _EXCEL_EPOCH + dt.timedelta(days=int(value))


# field → (years before today, years after today) a value of that field can plausibly be.
# The permit dates also start no earlier than the permit itself (introduced in 1999).
PLAUSIBLE_YEARS: dict[str, tuple[int, int]] = {
    "birth_date": (100, 0),
    "expiry": (30, 6),
    "start": (30, 6),
    "first_issued": (30, 1),
    "hire_date": (60, 1),
    "contract_start": (60, 1),
    "contract_end": (60, 50),
    "social_insurance_start": (60, 1),
    "left_on": (60, 1),
    "degree_date": (80, 1),
}
PERMIT_DATES = ("expiry", "start", "first_issued")
FIRST_PERMIT_YEAR = 1999


def plausible_range(field: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest date ``field`` can plausibly hold on ``today`` (None: no limit known)."""
    years = PLAUSIBLE_YEARS.get(field)
    if years is None:
        return None
    earliest, latest = add_years(today, -years[0]), add_years(today, years[1])
    if field in PERMIT_DATES:
        earliest = max(earliest, dt.date(FIRST_PERMIT_YEAR, 1, 1))
    return earliest, latest


def check_plausible(day: dt.date, field: str, today: dt.date, *, label: str = "日期") -> dt.date:
    """``day`` itself, or :class:`FieldError` when it lies outside the field's plausible range."""
    bounds = plausible_range(field, today)
    if bounds is not None and not bounds[0] <= day <= bounds[1]:
        raise FieldError(
            field,
            f"{day.isoformat()} 不在合理范围内（应在 {bounds[0].isoformat()} 至 "
            f"{bounds[1].isoformat()} 之间），请核对是否输错",
            label=label,
        )
    return day


def parse_date(value: object, *, field: str = "date", label: str = "日期") -> dt.date:
    """A date from a cell or a text box, or :class:`FieldError` saying what is wrong."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial_date(value, field, label)
    text = str(value or "").strip()
    if not text:
        raise FieldError(field, "不能为空", label=label)
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if not match:
        raise FieldError(
            field,
            f"“{text}”无法识别为日期（可写作 2026-01-05、2026/1/5、2026.1.5、2026年1月5日 或 20260105）",
            label=label,
        )
    year, month, day = (int(part) for part in match.groups())
    _check_year(year, text, field, label)
    if not 1 <= month <= 12:
        raise FieldError(field, f"“{text}”的月份 {month} 不存在", label=label)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise FieldError(
            field, f"日期“{text}”不存在（{year} 年 {month} 月只有 {last} 天）", label=label
        )
    return dt.date(year, month, day)


def _check_year(year: int, text: str, field: str, label: str) -> None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise FieldError(
            field,
            f"“{text}”的年份 {year} 不合理（应在 {_FIRST_YEAR}–{_LAST_YEAR} 年之间）",
            label=label,
        )


def parse_optional_date(
    value: object, *, field: str = "date", label: str = "日期"
) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, field=field, label=label)


def parse_month(value: str, *, field: str = "month", label: str = "月份") -> tuple[int, int]:
    """``2026-03`` (or 2026/3, 2026年3月) as ``(2026, 3)``."""
    text = (value or "").strip()
    match = _MONTH.match(text)
    if not match:
        raise FieldError(field, f"“{text}”无法识别为月份（应写作 2026-03）", label=label)
    year, month = int(match.group(1)), int(match.group(2))
    _check_year(year, text, field, label)
    if not 1 <= month <= 12:
        raise FieldError(field, f"“{text}”的月份 {month} 不存在", label=label)
    return year, month


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if day.day <= 28:  # every month has the day: no month length to look up (the common case)
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def shift_month(month: tuple[int, int], months: int) -> tuple[int, int]:
    """``(year, month)`` moved by ``months`` (negative goes back)."""
    year, index = divmod(month[0] * 12 + month[1] - 1 + months, 12)
    return year, index + 1


def format_month(month: tuple[int, int]) -> str:
    """``(2026, 3)`` as ``2026-03``."""
    return f"{month[0]:04d}-{month[1]:02d}"


def months_between(first: tuple[int, int], last: tuple[int, int]) -> int:
    """Months from ``first`` to ``last``, both included (0 if last is before first)."""
    return max(0, (last[0] * 12 + last[1]) - (first[0] * 12 + first[1]) + 1)
