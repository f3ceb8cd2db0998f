"""The checks at the planned submission date: each validity rule with a passing and a failing date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.rules.bundled import build_checklist, check_case
from wrc_desktop.rules.case_checks import HolderDates, ItemState
from wrc_desktop.rules.checklists import CaseFacts
from wrc_desktop.rules.income import load_wages

S = dt.date(2026, 12, 1)
D = dt.date


NO_DATES = HolderDates()


def run(district, kind="new", *, submit=S, states=(), holder=NO_DATES, incomes=(), **facts):
    facts.setdefault("clause", 1 if kind == "new" else None)
    facts.setdefault("housing", "owned" if kind == "new" else None)
    checklist = build_checklist(CaseFacts(district, kind, submit, **facts))
    given = {state.key: state for state in states}
    return check_case(
        checklist,
        given,
        submit=submit,
        holder=holder,
        incomes=incomes,
        wages=load_wages(),
        today=submit,
    )


def rule_problems(check, rule, item=None):
    return [p for p in check.problems if p.rule == rule and (item is None or p.item == item)]


def have(key, **dates):
    return ItemState(key, files=1, **dates)


@pytest.mark.parametrize(("dated", "fails"), [(D(2026, 9, 2), False), (D(2026, 9, 1), True)])
def test_integrity_declaration_within_90_days(dated, fails):
    check = run("xicheng", states=[have("integrity_declaration", dated=dated)])
    found = rule_problems(
        check, "materials.integrity_declaration_max_age_days", "integrity_declaration"
    )
    assert bool(found) is fails
    if fails:
        assert found[0].date == dated and found[0].blocking
        assert "000 三、申报材料 2" in found[0].source and not found[0].unverified


@pytest.mark.parametrize(("declared", "fails"), [(D(2026, 11, 21), False), (D(2026, 11, 20), True)])
def test_integrity_declaration_later_than_every_other_material(declared, fails):
    check = run(
        "xicheng",
        states=[
            have("integrity_declaration", dated=declared),
            have("income_proof", dated=D(2026, 11, 20)),
        ],
    )
    found = rule_problems(check, "materials.integrity_declaration_latest")
    assert bool(found) is fails
    if fails:
        assert found[0].item == "integrity_declaration" and found[0].date == D(2026, 11, 20)
        assert "须晚于其他所有材料" in found[0].message


@pytest.mark.parametrize(("dated", "fails"), [(D(2026, 9, 2), False), (D(2026, 9, 1), True)])
def test_loan_declaration_valid_90_days(dated, fails):
    check = run("xicheng", housing="borrowed", states=[have("loan_declaration", dated=dated)])
    found = rule_problems(check, "materials.borrow_declaration_valid_days", "loan_declaration")
    assert bool(found) is fails
    if fails:
        assert "000 三、申报材料 4（3）" in found[0].source


@pytest.mark.parametrize(
    ("district", "until", "fails"),
    [
        ("xicheng", D(2027, 1, 1), False),
        ("xicheng", D(2026, 12, 31), True),  # 000: ≥ 1 month
        ("dongcheng", D(2027, 3, 1), False),
        ("dongcheng", D(2027, 2, 28), True),  # 003: ≥ 3 months
    ],
)
def test_residence_permit_months_left(district, until, fails):
    check = run(
        district, housing="residence-permit", states=[have("residence_permit", valid_until=until)]
    )
    found = rule_problems(check, "materials.residence_permit_min_months", "residence_permit")
    assert bool(found) is fails
    if fails:
        assert found[0].date == until


@pytest.mark.parametrize(("until", "fails"), [(D(2027, 6, 1), False), (D(2027, 5, 31), True)])
def test_lease_six_months_left(until, fails):
    check = run("dongcheng", housing="rented", states=[have("rental_contract", valid_until=until)])
    assert bool(rule_problems(check, "materials.rental_min_months", "rental_contract")) is fails


@pytest.mark.parametrize(("until", "fails"), [(D(2027, 6, 1), False), (D(2027, 5, 31), True)])
def test_labor_contract_six_months_left(until, fails):
    check = run("xicheng", states=[have("labor_contract", dated=D(2024, 6, 1), valid_until=until)])
    found = rule_problems(check, "materials.labor_contract_min_months", "labor_contract")
    assert bool(found) is fails
    if fails:
        assert "000 三、申报材料 7" in found[0].source


@pytest.mark.parametrize(("dated", "fails"), [(D(2026, 11, 1), False), (D(2026, 10, 31), True)])
def test_haidian_dated_materials_within_one_month(dated, fails):
    check = run("haidian", states=[have("income_proof", dated=dated)])
    found = rule_problems(check, "materials.dated_material_max_age_months", "income_proof")
    assert bool(found) is fails
    if fails:
        assert "002 四、特别说明（二）" in found[0].source


@pytest.mark.parametrize(("until", "fails"), [(D(2027, 3, 1), False), (D(2027, 2, 28), True)])
def test_haidian_expiring_materials_three_months_left(until, fails):
    check = run("haidian", housing="borrowed", states=[have("owner_id", valid_until=until)])
    assert bool(rule_problems(check, "materials.expiring_material_min_months", "owner_id")) is fails


def test_degree_before_2008_09_needs_its_verification_attached():
    holder = HolderDates(degree_date=D(2006, 7, 1))
    without = run(
        "xicheng", holder=holder, degree_date=D(2006, 7, 1), states=[have("degree_certificate")]
    )
    assert rule_problems(without, "materials.degree_verification_before", "degree_certificate")
    assert any(
        p.item == "degree_verification" and p.message == "缺少此项材料" for p in without.blocking
    )
    done = run(
        "xicheng",
        holder=holder,
        degree_date=D(2006, 7, 1),
        states=[have("degree_certificate"), have("degree_verification")],
    )
    assert not rule_problems(done, "materials.degree_verification_before")


def test_missing_items_block_and_optional_ones_do_not():
    check = run("dongcheng", housing="owned")
    missing = {p.item for p in check.blocking if p.rule == "checklist"}
    assert {"authorization", "property_deed", "labor_contract"} <= missing
    assert "mortgage_contract" not in missing and "social_insurance_other" not in missing
    assert not check.can_submit


def test_an_unsigned_generated_form_blocks_until_collected():
    generated = run("xicheng", states=[ItemState("integrity_declaration", forms=1, dated=S)])
    [problem] = [p for p in generated.blocking if p.item == "integrity_declaration"]
    assert "签字盖章" in problem.message
    signed = run(
        "xicheng", states=[ItemState("integrity_declaration", forms=1, collected=True, dated=S)]
    )
    assert not [p for p in signed.blocking if p.item == "integrity_declaration"]


def test_a_complete_case_can_be_submitted():
    states = [
        have("hukou"),
        have("integrity_declaration", dated=D(2026, 11, 25)),
        have("income_proof", dated=D(2026, 11, 10)),
        have("residence_permit", valid_until=D(2027, 6, 30)),
        have("degree_certificate", dated=D(2012, 7, 1)),
        have("labor_contract", dated=D(2024, 1, 1), valid_until=D(2027, 12, 31)),
    ]
    check = run(
        "xicheng",
        housing="residence-permit",
        states=states,
        degree_date=D(2012, 7, 1),
        holder=HolderDates(degree_date=D(2012, 7, 1)),
    )
    assert check.blocking == [] and check.can_submit
    # The material that runs out first sets the next deadline: the declaration, 90 days after 2026-11-25.
    assert check.valid_through["integrity_declaration"] == D(2027, 2, 23)
    # 000: valid ≥ 1 month after S; 2027-05-31 + 1 month is 2027-06-30 (clamped to the month end).
    assert check.valid_through["residence_permit"] == D(2027, 5, 31)
    assert check.next_deadline.day == D(2027, 2, 23)


def test_the_tax_periods_to_print_are_listed():
    check = run("dongcheng", kind="new", housing="owned", submit=D(2019, 10, 15))
    [hint] = [p for p in check.problems if p.rule.startswith("income_periods")]
    assert not hint.blocking and "2019-03 至 2019-08，或 2019-04 至 2019-09" in hint.message


@pytest.mark.parametrize(("last", "passes"), [(17641, True), (17640, False)])
def test_income_test_against_the_threshold(last, passes):
    # Haidian, 2025 application: 6 months summed ≥ 6 × 17 641 = 105 846 (002's table).
    check = run("haidian", submit=D(2025, 12, 1), incomes=[17641] * 5 + [last])
    [found] = [p for p in check.problems if p.rule == "income_test.threshold_basis"]
    assert found.blocking is not passes
    assert "105846" in found.message


def test_shijingshan_income_check_asks_each_month_for_17641_5():
    """001 "月平均工资1.5倍（含）以上": 11 761 × 1.5 = 17 641.5 a month, not rounded (2025)."""
    check = run("shijingshan", submit=D(2025, 12, 1), incomes=[17641] * 6)
    [found] = [p for p in check.problems if p.rule == "income_test.threshold_basis"]
    assert found.blocking and "17641.5" in found.message and "差 0.5 元" in found.message


@pytest.mark.parametrize(
    ("submit", "blocking", "warning"),
    [
        (D(2022, 6, 5), True, False),  # the window opens 2022-06-06
        (D(2022, 6, 6), False, False),
        (D(2022, 7, 8), False, False),  # the latest safe submission (002's example)
        (D(2022, 7, 11), False, True),  # later: review may not finish
        (D(2022, 8, 6), True, False),  # lapsed on expiry, no grace in Haidian
    ],
)
def test_renewal_deadlines(submit, blocking, warning):
    holder = HolderDates(expiry=D(2022, 8, 6), first_issued=D(2016, 8, 7))
    check = run("haidian", "renewal", submit=submit, holder=holder)
    dated = [p for p in check.problems if p.subject == "计划提交日期"]
    assert any(p.blocking for p in dated) is blocking
    assert any(not p.blocking for p in dated) is warning
    assert D(2022, 7, 8) in [d.day for d in check.deadlines]


def test_dongcheng_auto_extension_hint_on_a_renewal():
    holder = HolderDates(
        expiry=D(2027, 1, 10), first_issued=D(2020, 1, 11), contract_end=D(2029, 6, 30)
    )
    check = run("dongcheng", "renewal", submit=D(2026, 12, 20), holder=holder)
    assert any(p.rule == "auto_extension.enabled" and not p.blocking for p in check.problems)


def test_dongcheng_planned_date_is_checked_against_the_counter_day_003():
    """003 五: "每周一、二集中办理小于五份申请的单位；每周三至周五接待办理总量大于五份（含）申请的单位，
    申请单位请提前三个工作日在受理窗口预约"."""
    holder = HolderDates(expiry=D(2026, 12, 31), first_issued=D(2016, 1, 1))
    tuesday = run("dongcheng", "renewal", submit=D(2026, 12, 15), holder=holder)
    assert not [p for p in tuesday.problems if p.rule.startswith("counter.")]
    wednesday = run("dongcheng", "renewal", submit=D(2026, 12, 16), holder=holder)
    [wrong_day] = [p for p in wednesday.problems if p.rule == "counter.small_unit_weekdays"]
    assert (
        not wrong_day.blocking
        and "不是窗口受理日" in wrong_day.message
        and "默认值" in wrong_day.message
    )
    large = run(
        "dongcheng",
        "renewal",
        submit=D(2026, 12, 16),
        holder=HolderDates(expiry=D(2026, 12, 31), first_issued=D(2016, 1, 1), applications=6),
    )
    [booking] = [p for p in large.problems if p.rule == "counter.appointment_working_days"]
    assert (
        booking.message.startswith("预约东城窗口（周三至周五）") and "2026-12-11" in booking.message
    )
    # The latest submission is Thursday 12-31 (the expiry); its appointment is due by Monday 12-28.
    assert {D(2026, 12, 31), D(2026, 12, 28)} <= {d.day for d in large.deadlines}
    # 海淀 has no counter days.
    assert not [
        p for p in run("haidian", submit=D(2026, 12, 2)).problems if p.rule.startswith("counter.")
    ]


def test_dongcheng_auto_extension_with_a_contract_ending_before_expiry_warns():
    """003: "延续时间以劳动合同约定的工作时间为准" — a contract ending first means 先续签劳动合同."""
    holder = HolderDates(
        expiry=D(2027, 1, 10), first_issued=D(2020, 1, 11), contract_end=D(2026, 12, 31)
    )
    check = run("dongcheng", "auto-extension", submit=D(2026, 12, 21), holder=holder)
    [warning] = [p for p in check.problems if "先续签劳动合同" in p.message]
    assert not warning.blocking and warning.rule == "auto_extension.max_years"


def test_income_test_reaches_the_clauses_the_guide_says():
    """002: "其他除第4、5条件以外的为1.5倍" — clause 3 is tested in 海淀 (it was only 1–2 before);
    001 tests every clause; 003 only clauses 1–2."""

    def tested(district, clause):
        check = run(
            district,
            submit=D(2025, 12, 1),
            clause=clause,
            incomes=[20000] * 6,
            unit_flags=frozenset({"tech_innovation", "tech_service"}),
        )
        return any(p.rule.startswith("income_test.") for p in check.problems)

    assert tested("haidian", 3) and not tested("haidian", 4) and not tested("haidian", 5)
    assert tested("shijingshan", 4) and tested("shijingshan", 8)
    assert tested("dongcheng", 2) and not tested("dongcheng", 3)


def test_basic_conditions_show_in_the_case_check():
    """001: "在申请单位连续聘用满一年（含）以上" and "男性不超过60周岁" — a failing condition blocks."""
    holder = HolderDates(hire_date=D(2026, 3, 1), birth_date=D(1990, 1, 1), gender="M")
    check = run("shijingshan", holder=holder)
    [months] = [p for p in check.problems if p.subject == "基本条件：在申请单位工作时间"]
    assert months.blocking and months.message.startswith("不符合") and "001" in months.source
    [same_unit] = [p for p in check.problems if p.subject.startswith("基本条件：劳动合同")]
    assert not same_unit.blocking and same_unit.message.startswith("待核实")
    assert not [p for p in check.problems if p.subject == "基本条件：年龄"]
