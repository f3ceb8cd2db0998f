"""The dates, periods, months and amounts as documents print them (no OCR involved)."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.scanread.values import (
    OPEN_END,
    amounts,
    find_dates,
    find_months,
    first_date,
    period,
)

D = dt.date


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月1日",
        "2024年03月01日",
        "2024 年 3 月 1 日",
        "2024.03.01",
        "2024-3-1",
        "2024/03/01",
        "20240301",
        "２０２４年３月１日",
        "2O24.03.0l",  # OCR's O and l for 0 and 1
        "签订日期：2024-03-01。",
    ],
)
def test_one_date_in_every_way_documents_print_it(text):
    assert first_date(text) == D(2024, 3, 1)


def test_impossible_dates_and_id_numbers_are_not_dates():
    assert find_dates("2024年2月30日") == []
    assert find_dates("110105199003071230") == []  # digits inside an ID number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合同期限：自2024年3月1日起至2027年2月28日止", (D(2024, 3, 1), D(2027, 2, 28))),
        ("期限 2024.03.01-2027.02.28", (D(2024, 3, 1), D(2027, 2, 28))),
        ("2015.03.01—2035.03.01", (D(2015, 3, 1), D(2035, 3, 1))),
        ("2020.05.01-长期", (D(2020, 5, 1), OPEN_END)),
        ("自 2022-7-1 起至今", (D(2022, 7, 1), OPEN_END)),
        ("无固定期限：自2022年7月1日起", (D(2022, 7, 1), OPEN_END)),
        ("自2024年3月1日起", (D(2024, 3, 1), None)),
    ],
)
def test_periods_with_an_end_an_open_end_or_none(text, expected):
    assert period(text) == expected


@pytest.mark.parametrize(
    "text", ["2024年03月 工资薪金", "2024-03", "2024.03", "202403 工资", "税款所属期 2024年3月"]
)
def test_months(text):
    assert [m for m, _s, _e in find_months(text)] == [D(2024, 3, 1)]


def test_a_full_date_is_not_a_month():
    assert find_months("2024年3月1日") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,345.67", [12345.67]),
        ("12345.67元", [12345.67]),
        ("¥12 345.67", [12345.67]),
        ("收入 18,000.00 税额 390.00", [18000.0, 390.0]),
        ("１２，３４５．６７", [12345.67]),
        ("9000", [9000.0]),
    ],
)
def test_amounts(text, expected):
    assert amounts(text) == expected
