"""store.overrides: what the clerk types is checked with Chinese messages, and files are written whole."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.rules.errors import ValidationErrors
from wrc_desktop.rules.income import load_wages
from wrc_desktop.rules.workdays import get_calendar
from wrc_desktop.store import overrides as store


def messages(error: ValidationErrors) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for e in error.errors:
        found.setdefault(e.field, []).append(e.message)
    return {field: "；".join(texts) for field, texts in found.items()}


def test_a_holiday_range_skips_its_weekend_and_lists_can_be_mixed():
    entry = store.clean_calendar_year(
        2027, "2027-01-01，2027-10-01 至 2027-10-07", "2027-09-26、2027-10-09"
    )
    assert sorted(entry.holidays) == [
        dt.date(2027, 1, 1),
        *(dt.date(2027, 10, d) for d in (1, 4, 5, 6, 7)),
    ]
    assert entry.working_weekends == {dt.date(2027, 9, 26), dt.date(2027, 10, 9)}
    assert entry.source == "经办人录入"


def test_every_calendar_mistake_is_named_at_once():
    with pytest.raises(ValidationErrors) as caught:
        store.clean_calendar_year(
            2027,
            "2026-12-31\n2027-05-03\n2027-05-03\n2027-05-01\n2027-13-01",
            "2027-03-03\n2027-05-03",
        )
    found = messages(caught.value)
    assert "2026-12-31（周四） 不在 2027 年内" in found["holidays"]
    assert "2027-05-03（周一） 重复录入" in found["holidays"]
    assert "2027-05-01（周六） 是周末，本来就休息" in found["holidays"]
    assert "月份 13 不存在" in found["holidays"]
    assert "2027-03-03（周三） 不是周六或周日" in found["working_weekends"]
    assert "2027-05-03 同时列为放假日期和调休上班日" in found["working_weekends"]


def test_an_empty_year_is_refused():
    with pytest.raises(ValidationErrors) as caught:
        store.clean_calendar_year(2027, "", " \n")
    assert "至少录入一个" in messages(caught.value)["holidays"]


def test_wage_entries_are_checked_field_by_field():
    with pytest.raises(ValidationErrors) as caught:
        store.clean_wage_year(1980, "十四万", "", "")
    found = messages(caught.value)
    assert "1990–2100" in found["year"]
    assert "不是整数" in found["annual"]
    assert "来源" in found["source"]
    with pytest.raises(ValidationErrors) as caught:
        store.clean_wage_year(2025, "150,000", "1500", "人社局公布")
    assert "约为年平均工资的 1/12（12500 元）" in messages(caught.value)["monthly"]
    entry = store.clean_wage_year(2025, "150,000 元", "", "  人社局   公布 ")
    assert (entry.year, entry.annual, entry.monthly, entry.source) == (
        2025,
        150000,
        12500,
        "人社局 公布",
    )


def test_files_are_renamed_into_place_and_read_back_by_the_rules(overrides):
    store.save_wage_year(overrides, store.clean_wage_year(2025, "150000", "", "人社局公布"))
    # 2027-01-04 (a Monday) is not among the holidays the package estimates for 2027.
    store.save_calendar_year(overrides, store.clean_calendar_year(2027, "2027-01-04", ""))
    assert load_wages(overrides)[2025].annual == 150000
    assert not get_calendar(overrides).is_working_day(dt.date(2027, 1, 4))
    assert sorted(p.name for p in overrides.rglob("*")) == [
        "2027.toml",
        "calendar",
        "wages.toml",
    ]  # no temp files
    store.remove_wage_year(overrides, 2025)
    assert 2025 not in load_wages(overrides) and 2024 in load_wages(overrides)
    assert store.remove_calendar_year(overrides, 2027) is True
    assert get_calendar(overrides).is_working_day(dt.date(2027, 1, 4))
