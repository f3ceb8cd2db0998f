"""Reminders with their dates: contract end, children 16 and 18, the age limit."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.rules.dates import add_months, add_years
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.reminders import (
    age_limit_date,
    age_limit_dates,
    holder_reminders,
    retirement_age_months,
)


def test_contract_end_shows_six_months_before():
    end = dt.date(2026, 9, 30)
    before = holder_reminders(
        get_policy("东城"), today=add_months(end, -6) - dt.timedelta(days=1), contract_end=end
    )
    on = holder_reminders(get_policy("东城"), today=add_months(end, -6), contract_end=end)
    assert before == [] and [r.kind for r in on] == ["contract_end"] and on[0].due == end


def test_children_turn_16_and_18():
    birth = dt.date(2010, 2, 28)
    found = holder_reminders(
        get_policy("东城"), today=dt.date(2000, 1, 1), children=[("小明", birth)], active_only=False
    )
    assert [(r.kind, r.due) for r in found] == [
        ("child_16", add_years(birth, 16)),
        ("child_18", add_years(birth, 18)),
    ]
    assert "在校证明" in found[0].message and "003" in found[0].explanation.source


def test_fixed_age_limit_001():
    policy = get_policy("石景山")
    # "男性不超过60周岁，女性不超过55周岁" read as the whole year of age 60 / 55: the limit is
    # passed on the 61st / 56th birthday (a reading, marked unverified).
    male, how = age_limit_date(policy, dt.date(1970, 5, 5), "M")
    assert male == dt.date(2031, 5, 5) and "解读" in how and "61 周岁生日前一天" in how
    assert age_limit_date(policy, dt.date(1975, 5, 5), "F")[0] == dt.date(2031, 5, 5)
    assert policy.is_unverified("age_limit.whole_year_of_age")
    assert "男性不超过60周岁" in policy.sources["age_limit.whole_year_of_age"].quote


@pytest.mark.parametrize(
    ("birth", "original", "months"),
    [
        (dt.date(1964, 12, 1), 60, 720),  # before the reform
        (dt.date(1965, 1, 1), 60, 721),  # first cohort: + 1 month
        (dt.date(1965, 5, 1), 60, 722),  # every 4 months of birth: + 1 more
        (dt.date(1980, 1, 1), 60, 756),  # capped at 63
        (dt.date(1970, 1, 1), 55, 661),
        (dt.date(1975, 3, 1), 50, 602),  # every 2 months for the 50-year group
    ],
)
def test_statutory_retirement_age_2025_reform(birth, original, months):
    assert retirement_age_months(birth, original) == months


def test_haidian_uses_retirement_age_002():
    due, how = age_limit_date(get_policy("海淀"), dt.date(1966, 3, 5), "M")
    assert due == dt.date(2026, 7, 5) and "延迟 4 个月" in how


def test_retirement_schedule_is_data_citing_the_npc_decision():
    """The schedule lives in resources/retirement_age.toml and cites the NPC Standing Committee
    decision of 2024-09-13 as itself — not a district guide."""
    from wrc_desktop.rules.retirement import retirement_date, retirement_schedule

    schedule = retirement_schedule()
    assert "2024-09-13" in schedule.source and "全国人民代表大会常务委员会" in schedule.source
    assert not schedule.source[:3].isdigit()
    # Men 60 → 63, women on the 55 track 55 → 58 (every 4 birth months), women on the 50 track 50 → 55 (every 2).
    assert retirement_date(dt.date(1976, 9, 1), "male") == dt.date(2039, 9, 1)  # 63
    assert retirement_date(dt.date(1981, 9, 1), "female_55") == dt.date(2039, 9, 1)  # 58
    assert retirement_date(dt.date(1984, 11, 1), "female_50") == dt.date(2039, 11, 1)  # 55


def test_haidian_woman_track_is_a_holder_fact_and_unknown_says_so():
    """002 四（三）: "申请人应未达退休年龄" — which statutory age depends on the woman's track; while
    it is not recorded the reminder says it is unknown and gives both dates (the earlier first),
    never the 55 track silently."""
    policy = get_policy("海淀")
    birth = dt.date(1976, 3, 5)
    unknown_due, unknown_how = age_limit_date(policy, birth, "F")
    assert "档位未登记" in unknown_how and "2024-09-13" in unknown_how
    assert "2026-11-05" in unknown_how and "2032-10-05" in unknown_how
    assert age_limit_dates(policy, birth, "F") == (
        dt.date(2026, 11, 5),
        dt.date(2032, 10, 5),
        unknown_how,
    )
    fifty_five, how = age_limit_date(policy, birth, "F", "female_55")
    assert "未登记" not in how
    fifty, _ = age_limit_date(policy, birth, "F", "female_50")
    assert fifty == unknown_due < fifty_five
    [unknown] = holder_reminders(
        get_policy("海淀"), today=dt.date(2026, 6, 1), birth=birth, gender="F", active_only=True
    )
    assert unknown.due == dt.date(2026, 11, 5) and "档位未登记" in unknown.message
    # 1976-03: 50-track index 14 → +8 months; 55-track index 74 → +19 months.
    assert fifty == dt.date(2026, 11, 5) and fifty_five == dt.date(2032, 10, 5)
    reminder = holder_reminders(
        get_policy("海淀"),
        today=dt.date(2026, 6, 1),
        birth=birth,
        gender="F",
        retirement_track="female_50",
    )
    assert [r.due for r in reminder] == [dt.date(2026, 11, 5)]
    assert (
        reminder[0].explanation.rule == "age_limit.mode" and "002" in reminder[0].explanation.source
    )


def test_shijingshan_keeps_its_fixed_ages_and_guides_without_an_age_limit_have_none():
    """001: "男性不超过60周岁，女性不超过55周岁" stays; 000 and 003 state no age limit."""
    assert age_limit_date(get_policy("石景山"), dt.date(1976, 3, 5), "F")[0] == dt.date(2032, 3, 5)
    assert age_limit_date(get_policy("东城"), dt.date(1960, 1, 1), "M") is None
    assert age_limit_date(get_policy("西城"), dt.date(1960, 1, 1), "F") is None
    assert (
        holder_reminders(
            get_policy("东城"), today=dt.date(2026, 1, 1), birth=dt.date(1966, 1, 1), gender="M"
        )
        == []
    )


def test_months_are_added_to_the_same_day_clamped_to_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 30), 1) == dt.date(2028, 2, 29)  # a leap year
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 5, 31), -6) == dt.date(2025, 11, 30)
    assert add_months(dt.date(2026, 11, 28), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 12, 15), -36) == dt.date(2023, 12, 15)


def test_an_age_limit_asked_again_follows_the_districts_own_rules_each_time():
    """The last answers are kept by the age-limit rules and the holder's facts: a district with
    other rules (or the clerk's override of them) gets its own answer for the same birth, and
    an unknown track is an error on every ask."""
    from dataclasses import replace

    birth = dt.date(1966, 3, 5)
    haidian, shijingshan = get_policy("海淀"), get_policy("石景山")
    retirement = age_limit_dates(haidian, birth, "M")
    fixed = age_limit_dates(shijingshan, birth, "M")
    assert retirement is not None and fixed is not None
    assert fixed[0] == dt.date(2027, 3, 5) != retirement[0]  # 不超过60周岁: to the 61st birthday
    assert age_limit_dates(haidian, birth, "M") == retirement
    later = replace(shijingshan, age_limit=replace(shijingshan.age_limit, male=65))
    assert age_limit_dates(later, birth, "M") == (
        dt.date(2032, 3, 5),
        dt.date(2032, 3, 5),
        "不超过 65 周岁，按整个 65 周岁年度计（66 周岁生日前一天为止；解读，未核实）",
    )
    assert age_limit_dates(shijingshan, birth, "M") == fixed
    for _ in range(2):
        with pytest.raises(WrcError):
            age_limit_dates(haidian, birth, "F", "male")
