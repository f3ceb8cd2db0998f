"""The applicant's basic conditions (基本条件), district by district (DOMAIN §3).

Each condition comes back as pass / fail / unknown with the rule, the guide and its words,
so the clerk sees which one failed and why. The conditions and the clauses each covers are
policy data (``[eligibility]`` and ``[age_limit]`` of ``resources/policies/<district>.toml``):

- 石景山 001: every clause — 2 years' work, 连续聘用满一年, each of the last 6 months ≥ 1.5 ×,
  the same unit for contract, tax and social insurance, men ≤ 60 and women ≤ 55;
- 海淀 002: every clause — 满 6 个月 at the unit (AI key units, applicant ≤ 35: 3 months), the
  income test for every clause but 4 and 5, the same unit, 未达退休年龄;
- 西城 000: clauses 1–2 (3–8: ask the office) — 原则上满一年, 2 years' work (clause 1), income;
- 东城 003: 聘用 6 个月及以上 counted from social-insurance records, 2 years' work (clause 1),
  the income test for clauses 1–2 (an estimate from 6 months, see :mod:`.income`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from .dates import add_months, add_years, age_on
from .errors import WrcError
from .explain import UNVERIFIED_NOTE, explain
from .income import WageYear, income_test
from .policy import DistrictPolicy
from .reminders import age_limit_dates

Outcome = Literal["pass", "fail", "unknown"]
OUTCOMES = {"pass": "符合", "fail": "不符合", "unknown": "待核实"}


@dataclass(frozen=True)
class ApplicantFacts:
    """What the basic conditions are tested on; ``on`` is the planned submission date."""

    clause: int
    on: dt.date
    hire_date: dt.date | None = None  # joined the applying unit
    social_insurance_start: dt.date | None = None  # first month of social insurance in Beijing
    work_start: dt.date | None = None  # start of the applicant's working life (None: not known)
    birth_date: dt.date | None = None
    gender: str | None = None  # M / F
    retirement_track: str | None = None  # female_55 / female_50; None: not recorded (unknown)
    ai_key: bool = False
    same_unit: bool | None = None  # contract, tax and social insurance with the applying unit
    unit_kind: str = "enterprise"
    incomes: Sequence[int] = ()  # monthly taxable incomes, oldest first


@dataclass(frozen=True)
class ConditionResult:
    key: str
    title: str
    outcome: Outcome
    message: str
    rule: str
    source: str
    quote: str
    unverified: bool

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["outcome_label"] = self.outcome_label
        if self.unverified:
            data["note"] = UNVERIFIED_NOTE
        return data


def basic_conditions(
    policy: DistrictPolicy,
    facts: ApplicantFacts,
    *,
    wages: Mapping[int, WageYear] | None = None,
) -> list[ConditionResult]:
    """Every basic condition of ``policy``'s district that applies to ``facts.clause``, each with its outcome."""
    rules = policy.eligibility
    if not 1 <= facts.clause <= 8:
        raise WrcError(f"申报条款应为 1 到 8，不是 {facts.clause}")
    results: list[ConditionResult] = []

    def add(key: str, title: str, outcome: Outcome, message: str, rule: str) -> None:
        note = explain(policy, rule, outcome, message)
        results.append(
            ConditionResult(
                key, title, outcome, message, rule, note.source, note.quote, note.unverified
            )
        )

    if facts.clause not in rules.guide_clauses:
        add(
            "guide",
            "指南覆盖的申报条款",
            "unknown",
            f"{policy.name}的办理规范只写明第 {'、'.join(map(str, rules.guide_clauses))} 条的条件，"
            f"按第 {facts.clause} 条申报请向主管部门咨询",
            "eligibility.guide_clauses",
        )
        return results
    if rules.min_months_at_unit and facts.clause in rules.min_months_clauses:
        _months_at_unit(policy, facts, add)
    if rules.work_experience_years and facts.clause in rules.work_experience_clauses:
        _work_experience(policy, facts, add)
    if rules.same_unit_contract_tax_insurance:
        outcome: Outcome = (
            "unknown" if facts.same_unit is None else "pass" if facts.same_unit else "fail"
        )
        add(
            "same_unit",
            "劳动合同、个税、社保为同一单位",
            outcome,
            {
                "unknown": "请核对劳动合同签订单位、个税扣缴单位、社保缴纳单位是否都是申请单位",
                "pass": "劳动合同、个税、社保均为申请单位",
                "fail": "劳动合同、个税、社保不是同一单位",
            }[outcome],
            "eligibility.same_unit_contract_tax_insurance",
        )
    if facts.clause in rules.income_test_clauses:
        _income(policy, facts, wages, add)
    _age(policy, facts, add)
    return results


def _months_at_unit(policy: DistrictPolicy, facts: ApplicantFacts, add) -> None:
    rules = policy.eligibility
    needed, rule = rules.min_months_at_unit, "eligibility.min_months_at_unit"
    young = (
        facts.birth_date is not None and age_on(facts.birth_date, facts.on) <= rules.ai_key_max_age
    )
    if facts.ai_key and rules.ai_key_min_months_at_unit and young:
        needed, rule = rules.ai_key_min_months_at_unit, "eligibility.ai_key_min_months_at_unit"
    elif facts.ai_key and rules.ai_key_min_months_at_unit and facts.birth_date is None:
        add(
            "months_at_unit",
            "在申请单位工作时间",
            "unknown",
            f"未录入出生日期：{rules.ai_key_max_age} 岁（含）以下须满 {rules.ai_key_min_months_at_unit} 个月，"
            f"其他须满 {needed} 个月",
            "eligibility.ai_key_min_months_at_unit",
        )
        return
    start, what = facts.hire_date, "入职日期"
    if rules.months_from_social_insurance:
        # 003 counts the time at the unit from the social-insurance records; the register holds the
        # hire date, so the answer is worked out from it and says which record decides.
        what = "入职日期（以社会保险缴纳实际记录为准）"
    if start is None:
        add(
            "months_at_unit",
            "在申请单位工作时间",
            "unknown",
            f"未录入{what}，无法核对在申请单位须满 {needed} 个月",
            rule,
        )
        return
    enough = add_months(start, needed)
    outcome: Outcome = "pass" if enough <= facts.on else "fail"
    add(
        "months_at_unit",
        "在申请单位工作时间",
        outcome,
        f"按{what} {start.isoformat()} 计，{enough.isoformat()} 满 {needed} 个月；计划提交日 {facts.on.isoformat()}"
        + ("" if outcome == "pass" else "，尚未满"),
        rule,
    )


def _work_experience(policy: DistrictPolicy, facts: ApplicantFacts, add) -> None:
    years = policy.eligibility.work_experience_years
    rule = "eligibility.work_experience_years"
    if facts.work_start is None:
        insured = facts.social_insurance_start
        if insured is not None and add_years(insured, years) <= facts.on:
            add(
                "work_experience",
                "工作经历",
                "pass",
                f"在京社会保险自 {insured.isoformat()} 起缴纳，已满 {years} 年",
                rule,
            )
        else:
            add(
                "work_experience",
                "工作经历",
                "unknown",
                f"请核对 {years} 年以上工作经历（在京社保缴纳不足 {years} 年的，另附外地社保缴纳证明）",
                rule,
            )
        return
    enough = add_years(facts.work_start, years)
    outcome: Outcome = "pass" if enough <= facts.on else "fail"
    add(
        "work_experience",
        "工作经历",
        outcome,
        f"自 {facts.work_start.isoformat()} 起，{enough.isoformat()} 满 {years} 年"
        + ("" if outcome == "pass" else f"，计划提交日 {facts.on.isoformat()} 尚未满"),
        rule,
    )


def _income(
    policy: DistrictPolicy, facts: ApplicantFacts, wages: Mapping[int, WageYear] | None, add
) -> None:
    rule = (
        "income_test.multiplier_public"
        if facts.unit_kind
        in ("public_institution", "private_non_enterprise", "social_organization")
        else "income_test.multiplier_enterprise"
    )
    if wages is None or not facts.incomes:
        add(
            "income",
            "应税收入",
            "unknown",
            f"未录入近 {policy.income_test.months} 个月应税收入",
            rule,
        )
        return
    try:
        test = income_test(
            policy,
            list(facts.incomes),
            application_year=facts.on.year,
            wages=wages,
            unit_kind=facts.unit_kind,
            ai_key=facts.ai_key,
        )
    except WrcError as error:
        add("income", "应税收入", "unknown", str(error), rule)
        return
    add(
        "income", "应税收入", "pass" if test.passes else "fail", test.message, test.explanation.rule
    )


def _age(policy: DistrictPolicy, facts: ApplicantFacts, add) -> None:
    if policy.age_limit.mode == "none":
        return
    rule = (
        "age_limit.mode"
        if policy.age_limit.mode == "retirement"
        else f"age_limit.{'male' if facts.gender == 'M' else 'female'}"
    )
    if facts.birth_date is None or facts.gender not in ("M", "F"):
        add("age", "年龄", "unknown", "未录入出生日期或性别，无法核对年龄上限", rule)
        return
    found = age_limit_dates(policy, facts.birth_date, facts.gender, facts.retirement_track)
    assert found is not None  # mode is not "none"
    earliest, latest, how = found
    outcome: Outcome = (
        "pass" if facts.on < earliest else "fail" if facts.on >= latest else "unknown"
    )
    when = (
        earliest.isoformat()
        if earliest == latest
        else f"{earliest.isoformat()} 或 {latest.isoformat()}（取决于退休年龄档位）"
    )
    add(
        "age",
        "年龄",
        outcome,
        f"{when} 达到年龄上限（{how}）；计划提交日 {facts.on.isoformat()}",
        rule,
    )
