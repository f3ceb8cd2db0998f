"""Thresholds (002's table), the income test in each district's mode, and the clerk's wage years."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.income import (
    WageYear,
    annual_thresholds,
    clause_income_test,
    income_requirement,
    income_test,
    load_wages,
    monthly_thresholds,
    truncate,
    wages_toml,
)
from wrc_desktop.rules.policy import get_policy


@pytest.fixture
def wages():
    return load_wages()


def test_2025_monthly_thresholds_from_002(wages):
    result = monthly_thresholds(2025, wages)
    assert result.monthly_base == 11761
    assert result.monthly == {"1.2": 14113, "1.5": 17641, "4": 47044, "8": 94088}
    assert result.notes == ()


@pytest.mark.parametrize(
    ("year", "four", "eight"),
    [(2022, 510144, 1020288), (2023, 542256, 1084512), (2024, 564528, 1129056)],
)
def test_annual_thresholds_from_002(wages, year, four, eight):
    assert annual_thresholds(year, wages).annual == {"4": four, "8": eight}


def test_truncation_never_rounds_up():
    assert truncate(11761, "1.2") == 14113  # 14113.2
    assert truncate(10000, "1.2") == 12000  # exact, not 11999 from a binary float
    assert truncate(11799, "1.5") == 17698  # 17698.5


def test_unpublished_year_falls_back_with_a_note(wages):
    result = monthly_thresholds(2026, wages)
    assert result.base_year == 2024 and result.notes


def test_year_without_any_wage_data_is_an_error(wages):
    with pytest.raises(WrcError, match="2030"):
        monthly_thresholds(2030, wages)
    assert annual_thresholds(2030, wages) is None


def test_haidian_sums_six_months(wages):
    # 002: enterprise 6 months ≥ 105 846, public ≥ 84 678, AI key units 3 months ≥ 52 923.
    exact = income_test(get_policy("haidian"), [17641] * 6, application_year=2025, wages=wages)
    assert exact.passes and exact.required == 105846 and exact.margin == 0
    short = income_test(
        get_policy("haidian"), [17641] * 5 + [17640], application_year=2025, wages=wages
    )
    assert not short.passes and short.margin == -1 and "差 1 元" in short.message
    public = income_test(
        get_policy("haidian"),
        [14113] * 6,
        application_year=2025,
        wages=wages,
        unit_kind="public_institution",
    )
    assert public.passes and public.required == 84678
    ai = income_test(
        get_policy("haidian"),
        [1, 17641, 17641, 17641],
        application_year=2025,
        wages=wages,
        ai_key=True,
    )
    assert ai.passes and ai.required == 52923 and ai.months == 3


def test_haidian_sum_lets_a_high_month_cover_a_low_one(wages):
    incomes = [10000, 25282, 17642, 17642, 17642, 17642]
    assert income_test(get_policy("haidian"), incomes, application_year=2025, wages=wages).passes
    each = income_test(get_policy("shijingshan"), incomes, application_year=2025, wages=wages)
    assert not each.passes and each.failing_months == (0,)  # 17 642 ≥ 17 641.5
    assert each.margin == 10000 - Decimal("17641.5")


def test_xicheng_tests_a_year_against_the_annual_average_times_one_and_a_half(wages):
    """000: "近一年应税收入不低于上一年度本市全口径城镇单位就业人员平均工资 1.5 倍":
    1.5 × 141 132 = 211 698 for a 2025 application (not 12 × 002's rounded 17 641 = 211 692)."""
    exact = income_test(
        get_policy("xicheng"), [17641] * 11 + [17647], application_year=2025, wages=wages
    )
    assert exact.required == 211698 and exact.actual == 211698 and exact.passes
    assert exact.margin == 0
    short = income_test(get_policy("xicheng"), [17641] * 12, application_year=2025, wages=wages)
    assert short.actual == 211692 and not short.passes and "差 6 元" in short.message


def test_shijingshan_asks_each_month_for_the_exact_one_and_a_half_times(wages):
    """001: "近6个月每月应税收入达到…月平均工资1.5倍（含）以上": 11 761 × 1.5 = 17 641.5, not
    rounded, so 17 641 a month falls short by half a yuan and 17 642 passes."""
    short = income_test(get_policy("shijingshan"), [17641] * 6, application_year=2025, wages=wages)
    assert short.required == Decimal("17641.5") and not short.passes
    assert short.failing_months == (0, 1, 2, 3, 4, 5) and "差 0.5 元" in short.message
    assert income_test(
        get_policy("shijingshan"), [17642] * 6, application_year=2025, wages=wages
    ).passes


def test_only_haidian_uses_its_published_rounded_monthly_figure(wages):
    """002 publishes "连续近6个月合计≥105846（即月平均≥17641）": 17 641 a month passes there
    and nowhere else."""
    assert income_test(
        get_policy("haidian"), [17641] * 6, application_year=2025, wages=wages
    ).passes
    for district, months in (("shijingshan", 6), ("xicheng", 12), ("dongcheng", 6)):
        assert not income_test(
            get_policy(district), [17641] * months, application_year=2025, wages=wages
        ).passes, district


def test_dongcheng_estimates_the_annual_test_from_six_months(wages):
    """003: "在本市年应税收入还应达到…平均工资的一定倍数", with "申请人近 6 个月的应税收入证明材料" collected:
    the 6 months are tested against half the annual figure (141 132 × 1.5 ÷ 2 = 105 849, not
    002's 6 × 17 641 = 105 846) and the result says it is an estimate."""
    result = income_test(
        get_policy("dongcheng"), [17641] * 5 + [17644], application_year=2025, wages=wages
    )
    assert result.passes and result.required == 105849 and result.months == 6
    assert result.margin == 0 and "估算" in result.message
    assert not income_test(
        get_policy("dongcheng"), [17641] * 6, application_year=2025, wages=wages
    ).passes
    public = income_test(
        get_policy("dongcheng"),
        [14114] * 6,
        application_year=2025,
        wages=wages,
        unit_kind="public_institution",
    )
    assert public.required == Decimal("84679.2") and public.passes  # 141 132 × 1.2 ÷ 2


@pytest.mark.parametrize(
    ("district", "required", "formula"),
    [
        ("xicheng", "211698", "12 个月合计 ≥ 211698 元"),
        ("shijingshan", "17641.5", "每月 ≥ 17641.5 元"),
        ("haidian", "105846", "6 个月合计 ≥ 105846 元"),
        ("dongcheng", "105849", "6 个月合计 ≥ 105849 元"),
    ],
)
def test_one_function_states_each_districts_requirement(wages, district, required, formula):
    need = income_requirement(get_policy(district), application_year=2025, wages=wages)
    assert need.as_dict()["required"] == required and need.formula.startswith(formula)
    test = income_test(
        get_policy(district), [30000] * need.months, application_year=2025, wages=wages
    )
    assert test.required == need.required


def test_too_few_months_is_an_error(wages):
    with pytest.raises(WrcError, match="近 6 个月"):
        income_test(get_policy("haidian"), [20000] * 5, application_year=2025, wages=wages)


def test_clause_income_by_tax_year(wages):
    rows = clause_income_test(
        get_policy("haidian"), 4, {2022: 510144, 2023: 542255, 2025: 999999}, wages=wages
    )
    assert rows == [
        (2022, 510144, 510144, True),
        (2023, 542255, 542256, False),
        (2025, 999999, None, None),
    ]
    outer = clause_income_test(get_policy("tongzhou"), 4, {2024: 500000}, wages=wages)
    assert outer[0][2] == 3 * 141132


def test_clerk_wage_year_is_merged_over_the_bundled_table(tmp_path):
    (tmp_path / "wages.toml").write_text(
        wages_toml([WageYear(2025, 150000, 12500, "测试")]), encoding="utf-8"
    )
    table = load_wages(tmp_path)
    assert monthly_thresholds(2026, table).monthly["1.5"] == 18750
    assert table[2024].annual == 141132


def test_bad_wage_file_names_the_file(tmp_path):
    (tmp_path / "wages.toml").write_text("[[year]]\nyear = 2025\n", encoding="utf-8")
    with pytest.raises(WrcError, match=r"wages\.toml.*缺少 annual"):
        load_wages(tmp_path)
