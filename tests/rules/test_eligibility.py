"""Basic conditions per district (DOMAIN §3), each with pass / fail / unknown and its guide's words."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.rules.eligibility import ApplicantFacts, basic_conditions
from wrc_desktop.rules.income import load_wages
from wrc_desktop.rules.policy import get_policy

ON = dt.date(2025, 10, 20)


@pytest.fixture
def wages():
    return load_wages()


def outcomes(district, facts, wages=None):
    return {c.key: c.outcome for c in basic_conditions(get_policy(district), facts, wages=wages)}


def test_shijingshan_001_every_condition_for_every_clause(wages):
    """001: "具有2年以上工作经历……在申请单位连续聘用满一年（含）以上，近6个月每月应税收入……1.5倍（含）以上，
    劳动合同签订单位、社会保险缴纳单位、个人所得税缴纳单位为同一单位，男性不超过60周岁" — for every clause."""
    facts = ApplicantFacts(
        clause=4,
        on=ON,
        hire_date=dt.date(2024, 10, 20),
        work_start=dt.date(2020, 7, 1),
        birth_date=dt.date(1990, 1, 1),
        gender="M",
        same_unit=True,
        incomes=[17642] * 6,  # each month ≥ 11 761 × 1.5 = 17 641.5
    )
    assert outcomes("石景山", facts, wages) == {
        "months_at_unit": "pass",
        "work_experience": "pass",
        "same_unit": "pass",
        "income": "pass",
        "age": "pass",
    }
    short = ApplicantFacts(
        clause=4, on=ON, hire_date=dt.date(2024, 10, 21), same_unit=False, incomes=[17640] * 6
    )
    result = {c.key: c for c in basic_conditions(get_policy("石景山"), short, wages=wages)}
    assert result["months_at_unit"].outcome == "fail" and result["same_unit"].outcome == "fail"
    assert result["income"].outcome == "fail"
    assert result["work_experience"].outcome == "unknown" and result["age"].outcome == "unknown"
    assert (
        "001" in result["months_at_unit"].source
        and "连续聘用满一年" in result["months_at_unit"].quote
    )


def test_haidian_002_six_months_or_three_for_young_ai_key_talent():
    """002: "一般应在申请单位工作满6个月（人工智能等重点领域35岁（含）以下青年人才在申请单位工作时间可放宽至3个月）"."""
    base = {
        "clause": 1,
        "on": ON,
        "hire_date": dt.date(2025, 6, 1),
        "birth_date": dt.date(1995, 1, 1),
        "gender": "F",
    }
    assert outcomes("海淀", ApplicantFacts(**base))["months_at_unit"] == "fail"
    assert outcomes("海淀", ApplicantFacts(**base, ai_key=True))["months_at_unit"] == "pass"
    older = {**base, "birth_date": dt.date(1985, 1, 1)}
    assert outcomes("海淀", ApplicantFacts(**older, ai_key=True))["months_at_unit"] == "fail"
    unknown_age = {**base, "birth_date": None}
    assert (
        outcomes("海淀", ApplicantFacts(**unknown_age, ai_key=True))["months_at_unit"] == "unknown"
    )


def test_haidian_income_test_reaches_every_clause_but_4_and_5():
    """002: "其他除第4、5条件以外的为1.5倍"."""
    for clause in (1, 2, 3, 6, 7, 8):
        assert "income" in outcomes("海淀", ApplicantFacts(clause=clause, on=ON)), clause
    for clause in (4, 5):
        assert "income" not in outcomes("海淀", ApplicantFacts(clause=clause, on=ON)), clause


def test_haidian_age_is_the_statutory_retirement_age():
    """002 四（三）: "申请人应未达退休年龄" — a man born 1966-03 retires at 60 years 4 months."""
    facts = ApplicantFacts(
        clause=2, on=dt.date(2026, 7, 4), birth_date=dt.date(1966, 3, 5), gender="M"
    )
    assert outcomes("海淀", facts)["age"] == "pass"
    later = ApplicantFacts(
        clause=2, on=dt.date(2026, 7, 5), birth_date=dt.date(1966, 3, 5), gender="M"
    )
    result = {c.key: c for c in basic_conditions(get_policy("海淀"), later)}["age"]
    assert (
        result.outcome == "fail"
        and "002" in result.source
        and result.quote == "申请人应未达退休年龄"
    )


def test_xicheng_000_covers_clauses_1_and_2_only():
    """000: "按下述第（1）、（2）项办理，请参照本办理规范，按第（3）至第（8）项办理，请咨询西城区委组织部人才工作科"."""
    facts = ApplicantFacts(
        clause=1, on=ON, hire_date=dt.date(2024, 10, 20), work_start=dt.date(2023, 11, 1)
    )
    assert outcomes("西城", facts) == {
        "months_at_unit": "pass",
        "work_experience": "fail",
        "income": "unknown",
    }
    assert "work_experience" not in outcomes("西城", ApplicantFacts(clause=2, on=ON))
    other = basic_conditions(get_policy("西城"), ApplicantFacts(clause=3, on=ON))
    assert [(c.key, c.outcome) for c in other] == [("guide", "unknown")]
    assert "咨询" in other[0].message


def test_dongcheng_003_time_from_social_insurance_and_income_for_clauses_1_2(wages):
    """003: "可为其聘用 6 个月及以上" and "条款中所提工作经历及聘用时间，以社会保险缴纳实际记录为依据";
    "按照上述 1、2 条申报的人员，在本市年应税收入还应达到…一定倍数" (estimated from 6 months)."""
    facts = ApplicantFacts(
        clause=1,
        on=ON,
        hire_date=dt.date(2025, 5, 1),
        social_insurance_start=dt.date(2023, 5, 1),
        incomes=[17641] * 5 + [17644],  # 105 849 = 141 132 × 1.5 ÷ 2
    )
    result = {c.key: c for c in basic_conditions(get_policy("东城"), facts, wages=wages)}
    assert (
        result["months_at_unit"].outcome == "fail"
        and "社会保险缴纳实际记录" in result["months_at_unit"].message
    )
    # Two years of social insurance in Beijing show the 2 years' work of clause 1.
    assert result["work_experience"].outcome == "pass"
    fresh = ApplicantFacts(clause=1, on=ON, social_insurance_start=dt.date(2024, 5, 1))
    work = {c.key: c for c in basic_conditions(get_policy("东城"), fresh)}["work_experience"]
    assert work.outcome == "unknown" and "外地社保" in work.message
    assert result["income"].outcome == "pass" and "估算" in result["income"].message
    assert "age" not in result and "same_unit" not in result
    assert "income" not in outcomes("东城", ApplicantFacts(clause=3, on=ON))


def test_every_condition_names_its_source():
    facts = ApplicantFacts(clause=1, on=ON)
    for district in ("石景山", "海淀", "西城", "东城"):
        for condition in basic_conditions(get_policy(district), facts):
            assert condition.source and condition.outcome in ("pass", "fail", "unknown"), (
                district,
                condition,
            )
            assert not condition.unverified, (district, condition.key)
