"""Reading the State Council's yearly holiday notice (国务院办公厅关于××年部分节假日安排的通知).

The clerk pastes the notice's text; :func:`parse_notice` returns each festival's days off and
调休 working days, so the calendar editor can show them on the month grid before anything is
saved. The notices write, for example::

    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    1月26日（周日）、2月8日（周六）上班。
    一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
    三、清明节：4月5日放假，4月6日（星期一）补休。
    四、劳动节：5月1日放假，与周末连休。

A date without a year is in the notice's year, except a December date of 元旦 (the break may begin
in the year before). Every weekday the notice states in brackets is checked against the date, and
"共N天" against the range: a mistyped or half-pasted notice fails with the sentence it could not
read, in Chinese, never with a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import WrcError

WEEKDAYS = "一二三四五六日"
_ITEM = re.compile(r"(?:^|[\s。；;])[一二三四五六七八九十]+、\s*([^：:\s]{1,12})[：:]")
_DATE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日(?:（(?P<note>[^）]*)）)?"
)
_RANGE_END = re.compile(
    r"\s*至\s*(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日(?:（(?P<note>[^）]*)）)?"
)
_SIGNED = re.compile(r"^(?:国务院办公厅\s*)?\d{4}年\d{1,2}月\d{1,2}日$")  # the notice's own date
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_WEEKDAY_NOTE = re.compile(r"(?:周|星期)([一二三四五六日天])")
#: Sentences that arrange nothing (2024's "鼓励各单位…安排职工在除夕（2月9日）休息").
_ADVICE = ("鼓励", "各地区", "各部门", "节假日期间", "请各")


@dataclass(frozen=True)
class NoticeItem:
    """One festival's arrangement as the notice states it."""

    name: str
    holidays: frozenset[dt.date]  # every day off the notice names, weekends included
    working_days: frozenset[dt.date]  # the 调休 days worked (weekends)


@dataclass(frozen=True)
class ParsedNotice:
    year: int
    items: tuple[NoticeItem, ...]

    @property
    def holidays(self) -> frozenset[dt.date]:
        return frozenset(d for item in self.items for d in item.holidays)

    @property
    def working_days(self) -> frozenset[dt.date]:
        return frozenset(d for item in self.items for d in item.working_days)

    def weekday_holidays(self, year: int) -> frozenset[dt.date]:
        """The Monday–Friday days off in ``year`` (what a calendar year stores)."""
        return frozenset(d for d in self.holidays if d.year == year and d.weekday() < 5)

    def working_weekends(self, year: int) -> frozenset[dt.date]:
        return frozenset(d for d in self.working_days if d.year == year)

    def other_years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.holidays | self.working_days) - {self.year}


def parse_notice(text: str, year: int) -> ParsedNotice:
    """The festivals' days of the notice for ``year``; :class:`WrcError` names what could not be read."""
    starts = list(_ITEM.finditer(text))
    if not starts:
        raise WrcError(
            "未找到节假日条目：请粘贴通知中“一、元旦：……”至最后一个节日的全文（含序号和冒号）"
        )
    items: list[NoticeItem] = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : end]
        items.append(_parse_item(match.group(1), body, year))
    _check_overlaps(items)
    return ParsedNotice(year, tuple(items))


def _parse_item(name: str, body: str, year: int) -> NoticeItem:
    holidays: set[dt.date] = set()
    working: set[dt.date] = set()
    for sentence in _sentences(body):
        if not _DATE.search(sentence) or sentence.startswith(_ADVICE) or _SIGNED.match(sentence):
            continue
        if "上班" in sentence:
            for day in _single_dates(sentence, year, name):
                if day.weekday() < 5:
                    raise WrcError(
                        f"“{name}”：{_shown(day)} 不是周六或周日，不能是调休上班日：“{sentence}”"
                    )
                working.add(day)
        elif any(word in sentence for word in ("放假", "补休", "休息", "连休")):
            holidays |= _holiday_dates(sentence, year, name)
        else:
            raise WrcError(f"“{name}”：读不懂这一句（既不是放假也不是上班）：“{sentence}”")
    if not holidays:
        raise WrcError(f"“{name}”：没有读到放假日期，请检查这一条是否完整：“{body.strip()}”")
    return NoticeItem(name, frozenset(holidays), frozenset(working))


def _sentences(body: str) -> list[str]:
    return [part.strip() for part in re.split(r"[。；;\n]", body) if part.strip()]


def _holiday_dates(sentence: str, year: int, name: str) -> set[dt.date]:
    """Days off of one sentence: ranges ("1月28日至2月4日") and single days ("4月6日补休")."""
    found: set[dt.date] = set()
    position = 0
    while (match := _DATE.search(sentence, position)) is not None:
        first = _date_of(match, year, name, sentence, holiday=True)
        _check_weekday(first, match.group("note"), name, sentence)
        last = first
        ending = _RANGE_END.match(sentence, match.end())
        if ending is not None:
            last = _range_end(first, ending, name, sentence)
            _check_weekday(last, ending.group("note"), name, sentence)
            position = ending.end()
        else:
            position = match.end()
        if last < first or (last - first).days > 15:
            raise WrcError(
                f"“{name}”：{_shown(first)} 至 {_shown(last)} 不是有效的放假区间：“{sentence}”"
            )
        span = {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
        total = _TOTAL.search(sentence, position)
        if ending is not None and total and int(total.group(1)) != len(span):
            raise WrcError(
                f"“{name}”：{_shown(first)} 至 {_shown(last)} 共 {len(span)} 天，"
                f"与通知所写“共{total.group(1)}天”不符：“{sentence}”"
            )
        found |= span
    return found


def _single_dates(sentence: str, year: int, name: str) -> list[dt.date]:
    days = []
    for match in _DATE.finditer(sentence):
        day = _date_of(match, year, name, sentence, holiday=False)
        _check_weekday(day, match.group("note"), name, sentence)
        days.append(day)
    return days


def _date_of(
    match: re.Match[str], year: int, name: str, sentence: str, *, holiday: bool
) -> dt.date:
    month, day = int(match.group("month")), int(match.group("day"))
    if match.group("year"):
        in_year = int(match.group("year"))
    elif month == 12 and "元旦" in name:
        in_year = year - 1  # 元旦's break can begin in the December before (2019: 2018年12月30日)
    else:
        in_year = year
    try:
        return dt.date(in_year, month, day)
    except ValueError:
        raise WrcError(f"“{name}”：{in_year}年{month}月{day}日 不存在：“{sentence}”") from None


def _range_end(first: dt.date, ending: re.Match[str], name: str, sentence: str) -> dt.date:
    month = int(ending.group("month") or first.month)
    in_year = int(ending.group("year") or first.year + (1 if month < first.month else 0))
    try:
        return dt.date(in_year, month, int(ending.group("day")))
    except ValueError:
        raise WrcError(f"“{name}”：区间的结束日期不存在：“{sentence}”") from None


def _check_weekday(day: dt.date, note: str | None, name: str, sentence: str) -> None:
    stated = _WEEKDAY_NOTE.search(note or "")
    if stated is None:
        return
    expected = WEEKDAYS.index(stated.group(1).replace("天", "日"))
    if expected != day.weekday():
        raise WrcError(
            f"“{name}”：{day.isoformat()} 是周{WEEKDAYS[day.weekday()]}，"
            f"通知写的是周{stated.group(1)}，请核对年份或日期：“{sentence}”"
        )


def _check_overlaps(items: list[NoticeItem]) -> None:
    for item in items:
        for other in items:
            both = item.working_days & other.holidays
            if both:
                day = min(both)
                raise WrcError(
                    f"{_shown(day)} 既是“{other.name}”的放假日，又是“{item.name}”的上班日"
                )


def _shown(day: dt.date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"
