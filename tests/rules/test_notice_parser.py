"""The notice parser on the real notices of 2015–2026, against the holidays package (two sources).

``notices/<year>.txt`` are the 节假日 sections of the 国务院办公厅关于<year>年部分节假日安排的通知 as
published. Two later notices changed a year, and the fixtures follow the final arrangement:
2019's 劳动节 line is the one of 国办发明电〔2019〕2号 (5月1日至4日, was 5月1日 only), and
2020's Spring Festival was extended to 2月2日 by 国办发明电〔2020〕1号, which is not a 部分节假日
安排 notice (its days are left out of the comparison below). 2015's 9月3日至5日 (the 70th
anniversary of the victory, 9月6日 worked) came in a separate notice and is left out too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest

from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.notice_parser import parse_notice

NOTICES = Path(__file__).parent / "notices"
YEARS = range(2015, 2027)
#: Days set by notices other than the yearly one (see the module docstring).
OTHER_NOTICES = {
    dt.date(2015, 9, 3),
    dt.date(2015, 9, 4),
    dt.date(2015, 9, 6),
    dt.date(2020, 1, 31),
    dt.date(2020, 2, 1),
    dt.date(2020, 2, 2),
}


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text("utf-8")


def package_days(first: dt.date, last: dt.date) -> tuple[set[dt.date], set[dt.date]]:
    """(weekday holidays, 调休 working days) the holidays package has from ``first`` to ``last``."""
    cn = holidays.country_holidays("CN", years=range(first.year, last.year + 1))
    off = {d for d in cn if first <= d <= last and d.weekday() < 5}
    worked = {d for d in cn.weekend_workdays if first <= d <= last}
    return off - OTHER_NOTICES, worked - OTHER_NOTICES


@pytest.mark.parametrize("year", YEARS)
def test_each_real_notice_parses_to_the_packages_days(year):
    parsed = parse_notice(notice(year), year)
    # A notice covers its year's festivals, its 元旦 beginning at the earliest in late December.
    first, last = dt.date(year - 1, 12, 20), dt.date(year, 12, 20)
    off, worked = package_days(first, last)
    parsed_off = {d for d in parsed.holidays if d.weekday() < 5} - OTHER_NOTICES
    assert parsed_off == off
    assert set(parsed.working_days) - OTHER_NOTICES == worked
    assert len(parsed.items) in (6, 7)  # 国庆 and 中秋 are one item when merged


def test_the_2025_spring_festival_as_the_issue_quotes_it():
    parsed = parse_notice(notice(2025), 2025)
    spring = next(item for item in parsed.items if item.name == "春节")
    assert min(spring.holidays) == dt.date(2025, 1, 28) and max(spring.holidays) == dt.date(
        2025, 2, 4
    )
    assert len(spring.holidays) == 8
    assert spring.working_days == {dt.date(2025, 1, 26), dt.date(2025, 2, 8)}


def test_a_cross_year_new_year_and_a_merged_national_day():
    parsed_2019 = parse_notice(notice(2019), 2019)
    assert dt.date(2018, 12, 31) in parsed_2019.holidays
    assert dt.date(2018, 12, 29) in parsed_2019.working_days
    assert parsed_2019.other_years() == {2018}
    assert dt.date(2018, 12, 31) not in parsed_2019.weekday_holidays(2019)
    parsed_2023 = parse_notice(notice(2023), 2023)
    merged = next(item for item in parsed_2023.items if "国庆" in item.name)
    assert merged.name == "中秋节、国庆节" and len(merged.holidays) == 8
    assert min(merged.holidays) == dt.date(2023, 9, 29)


def test_single_days_and_make_up_days_of_the_older_wording():
    parsed = parse_notice(notice(2015), 2015)
    assert {
        dt.date(2015, 4, 5),
        dt.date(2015, 4, 6),
    } <= parsed.holidays  # "4月5日放假，4月6日…补休"
    assert dt.date(2015, 9, 27) in parsed.holidays  # "9月27日放假。"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # The weekday in brackets does not fit the date (a notice of another year pasted).
        ("二、春节：1月28日（农历除夕、周三）至2月4日放假调休，共8天。", "通知写的是周三"),
        # "共N天" does not fit the range.
        ("二、春节：1月28日至2月4日放假调休，共7天。", "与通知所写“共7天”不符"),
        # A weekday named as a working day.
        ("二、春节：1月28日至2月4日放假调休，共8天。1月27日（周一）上班。", "不能是调休上班日"),
        # A sentence that is neither.
        ("三、清明节：4月4日至6日，共3天。", "读不懂这一句"),
        ("二、春节：2月30日放假。", "不存在"),
        ("春节 1月28日至2月4日", "未找到节假日条目"),
    ],
)
def test_a_notice_it_cannot_read_fails_naming_the_sentence(text, problem):
    with pytest.raises(WrcError, match=problem) as caught:
        parse_notice(text, 2025)
    message = str(caught.value)
    assert "Traceback" not in message and ("“" in message)


def test_a_day_both_off_and_worked_is_refused():
    text = "一、元旦：1月1日至4日放假调休，共4天。二、春节：1月28日至2月4日放假调休，共8天。1月4日（周六）上班。"
    with pytest.raises(WrcError, match="既是"):
        parse_notice(text, 2025)
