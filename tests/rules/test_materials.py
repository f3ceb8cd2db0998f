"""Material validity at the planned submission date (DOMAIN §6)."""

from __future__ import annotations

import datetime as dt

from wrc_desktop.rules.materials import Material, check_materials
from wrc_desktop.rules.policy import get_policy

S = dt.date(2025, 6, 10)


def rules_broken(district, *materials):
    return [(p.kind, p.rule, p.date) for p in check_materials(get_policy(district), S, materials)]


def test_residence_permit_months_differ_by_district():
    permit = Material("residence_permit", valid_until=dt.date(2025, 8, 1))
    assert rules_broken("西城", permit) == []  # 000: ≥ 1 month
    problems = check_materials(get_policy("东城"), S, [permit])  # 003: ≥ 3 months
    assert [(p.rule, p.date) for p in problems] == [
        ("materials.residence_permit_min_months", dt.date(2025, 8, 1))
    ]
    assert "003" in problems[0].source and not problems[0].unverified
    assert (
        rules_broken("东城", Material("residence_permit", valid_until=dt.date(2025, 9, 10))) == []
    )


def test_rental_and_labor_contract_need_six_months():
    rental = Material("rental_contract", valid_until=dt.date(2025, 12, 9))
    contract = Material("labor_contract", valid_until=dt.date(2025, 12, 10))
    assert rules_broken("西城", rental, contract) == [
        ("rental_contract", "materials.rental_min_months", dt.date(2025, 12, 9))
    ]


def test_borrow_declaration_valid_90_days_000():
    assert (
        rules_broken("西城", Material("borrow_declaration", dated=S - dt.timedelta(days=90))) == []
    )
    old = S - dt.timedelta(days=91)
    assert rules_broken("西城", Material("borrow_declaration", dated=old)) == [
        ("borrow_declaration", "materials.borrow_declaration_valid_days", old)
    ]


def test_integrity_declaration_within_90_days_and_latest_000():
    other = Material("unit_residence_certificate", dated=dt.date(2025, 6, 1))
    good = Material("integrity_declaration", dated=dt.date(2025, 6, 2))
    assert rules_broken("西城", other, good) == []
    same_day = Material("integrity_declaration", dated=dt.date(2025, 6, 1))
    assert rules_broken("西城", other, same_day) == [
        ("integrity_declaration", "materials.integrity_declaration_latest", dt.date(2025, 6, 1))
    ]
    stale = Material("integrity_declaration", dated=S - dt.timedelta(days=91))
    assert (
        "integrity_declaration",
        "materials.integrity_declaration_max_age_days",
        stale.dated,
    ) in rules_broken("西城", stale)
    future = Material("integrity_declaration", dated=S + dt.timedelta(days=1))
    assert rules_broken("西城", future)[0][2] == future.dated


def test_haidian_dated_within_a_month_and_expiring_three_months_after_002():
    print_out = Material("income_proof", dated=dt.date(2025, 5, 9))
    id_card = Material("id_card", valid_until=dt.date(2025, 9, 9))
    broken = rules_broken("海淀", print_out, id_card)
    assert (
        "income_proof",
        "materials.dated_material_max_age_months",
        dt.date(2025, 5, 9),
    ) in broken
    assert ("id_card", "materials.expiring_material_min_months", dt.date(2025, 9, 9)) in broken
    assert (
        rules_broken(
            "海淀",
            Material("income_proof", dated=dt.date(2025, 5, 10)),
            Material("id_card", valid_until=dt.date(2025, 9, 10)),
        )
        == []
    )
    # Outside Haidian neither rule exists.
    assert rules_broken("东城", print_out, id_card) == []


def test_degrees_000():
    old = Material("degree", dated=dt.date(2008, 7, 1))
    assert rules_broken("西城", old) == [
        ("degree", "materials.degree_verification_before", dt.date(2008, 7, 1))
    ]
    assert rules_broken("西城", Material("degree", dated=dt.date(2008, 7, 1), verified=True)) == []
    assert rules_broken("西城", Material("degree", dated=dt.date(2008, 9, 1))) == []
    foreign = Material("degree", dated=dt.date(2015, 7, 1), foreign=True)
    assert rules_broken("东城", foreign)[0][1] == "materials.foreign_degree_certificate"


def test_missing_validity_date_is_reported():
    problems = check_materials(get_policy("东城"), S, [Material("residence_permit")])
    assert problems and problems[0].date is None and "未录入有效期" in problems[0].message


def test_haidian_three_months_replaces_the_six_month_defaults_002():
    """002 四（二）: "带有有效期限的材料（如劳动合同、租房合同、身份证等），提供时一般应在有效期截止前3个月以上".

    Was: a 海淀 renewal blocked by a labour contract with 4 months left (the 6-month default).
    """
    four_months = dt.date(2025, 10, 10)
    for kind in ("labor_contract", "rental_contract", "id_card", "residence_permit"):
        assert rules_broken("海淀", Material(kind, valid_until=four_months)) == [], kind
    too_short = dt.date(2025, 9, 9)  # S + 3 months is 2025-09-10
    for kind in ("labor_contract", "rental_contract", "id_card", "residence_permit"):
        problems = check_materials(get_policy("海淀"), S, [Material(kind, valid_until=too_short)])
        assert problems and all("002" in p.source and not p.unverified for p in problems), kind
    assert rules_broken("海淀", Material("labor_contract", valid_until=dt.date(2025, 9, 10))) == []
    # 东城 keeps its own 6 months ("合同有效期不足 6个月的，须先办理续签手续").
    assert rules_broken("东城", Material("labor_contract", valid_until=four_months))


def test_haidian_dated_materials_within_one_month_002():
    """002 四（二）: "申请材料的日期应在1个月以内申报"."""
    fresh = Material("integrity_declaration", dated=dt.date(2025, 5, 10))
    stale = Material("integrity_declaration", dated=dt.date(2025, 5, 9))
    assert rules_broken("海淀", fresh) == []
    assert [rule for _, rule, _ in rules_broken("海淀", stale)] == [
        "materials.dated_material_max_age_months"
    ]
