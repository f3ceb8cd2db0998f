"""Tax periods to print: the worked examples of 000 and 003 exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.income_periods import income_periods
from wrc_desktop.rules.policy import get_policy


def periods(district, *args, **kwargs) -> list[dict[str, str]]:
    found = income_periods(get_policy(district), *args, **kwargs)
    return [period.as_dict() for period in found.periods]


def test_xicheng_new_000():
    # 000: "2022 年 6 月提交……所属期为 2021 年 5月至 2022 年 4月或 2021 年 6月至 2022 年 5月".
    assert periods("西城", "new", (2022, 6)) == [
        {"start": "2021-05", "end": "2022-04"},
        {"start": "2021-06", "end": "2022-05"},
    ]


@pytest.mark.parametrize("district", ["东城", "石景山"])
def test_dongcheng_and_shijingshan_new_003(district):
    # 003: "2019 年 10 月提交……所属期为 2019 年 3 月至 8月的或 2019 年 4 月至 9 月".
    assert periods(district, "new", (2019, 10)) == [
        {"start": "2019-03", "end": "2019-08"},
        {"start": "2019-04", "end": "2019-09"},
    ]


def test_dongcheng_renewal_003():
    # 003: "证件 2019 年 10 月到期，10 月提交申请，应提交 2016 年 9月至 2019 年 8 月".
    result = periods("dongcheng", "renewal", (2019, 10))
    assert result[0] == {"start": "2016-09", "end": "2019-08"}
    assert all(_months(p) == 36 for p in result)


def test_haidian_new_is_twelve_months_or_since_hire():
    full = periods("haidian", "new", (2025, 10))
    assert all(_months(p) == 12 for p in full)
    recent = periods("haidian", "new", (2025, 10), hired=dt.date(2025, 3, 15))
    assert [p["start"] for p in recent] == ["2025-03", "2025-03"]
    # 002 新办 申请人上传 3: "打印近一年或入职本单位至今" for every unit, AI key units included
    # (was 3 months for them: their "近3个月" is the income test, not the printing period).
    assert [_months(p) for p in periods("haidian", "new", (2025, 10), ai_key=True)] == [12, 12]


def test_haidian_renewal_covers_the_last_three_years_002():
    # 002 (guide of 2025-10): "持证期间近三年……（2022年1月至今）".
    assert {p["start"] for p in periods("haidian", "renewal", (2025, 10))} == {"2022-01"}


def test_haidian_renewal_prints_from_the_guides_literal_start_002():
    """002 "（2022年1月至今）": a 2026 submission prints from 2022-01 (the rolling "近三年" would
    start 2023-01); printing from the earlier start satisfies both readings."""
    result = income_periods(get_policy("haidian"), "renewal", (2026, 3))
    assert [p.as_dict() for p in result.periods] == [
        {"start": "2022-01", "end": "2026-01"},
        {"start": "2022-01", "end": "2026-02"},
    ]
    assert result.explanation.rule == "income_periods.renewal_print_from"
    assert "2022年1月至今" in result.explanation.quote and not result.explanation.unverified


def test_hired_after_the_last_printable_month_is_an_error():
    with pytest.raises(WrcError, match="入职日期"):
        income_periods(get_policy("haidian"), "new", (2025, 10), hired=dt.date(2025, 10, 2))


def _months(period: dict[str, str]) -> int:
    (y1, m1), (y2, m2) = (map(int, period[key].split("-")) for key in ("start", "end"))
    return (y2 - y1) * 12 + m2 - m1 + 1
