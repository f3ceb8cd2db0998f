"""Each documented district's checklist per case kind, against its guide (seeds 000–003)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.rules.bundled import build_checklist
from wrc_desktop.documents.definition import FORM_SLUGS
from wrc_desktop.rules.checklist_data import (
    district_files,
    load_checklists,
    parse_checklist,
)
from wrc_desktop.rules.checklists import CaseFacts, Child
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.vocab import CASE_KINDS

ON = dt.date(2026, 12, 1)


def keys(district, kind, **facts):
    return build_checklist(CaseFacts(district, kind, ON, **facts)).item_keys()


# --- 东城 (003 六、材料要求) ---------------------------------------------------------------


def test_dongcheng_new_with_borrowed_housing_follows_the_guide():
    checklist = build_checklist(
        CaseFacts(
            "dongcheng", "new", ON, clause=1, housing="borrowed", degree_date=dt.date(2010, 7, 1)
        )
    )
    assert checklist.item_keys() == [
        "authorization",
        "unit_license",
        "agent_id",
        "unit_tax",
        "application_form",
        "integrity_declaration",
        "id_card",
        "hukou",
        "degree_certificate",
        "degree_verification",
        "owner_deed",
        "loan_declaration",
        "owner_id",  # 003 六、（二）8（5）
        "labor_contract",
        "income_proof",
        "social_insurance_other",
    ]
    loan = checklist.item("loan_declaration")
    assert (
        loan.title == "房屋借住声明"
        and loan.form == "loan"
        and loan.validity == "borrow_declaration"
    )
    assert "用人单位须在借住声明上加盖公章" in loan.quote and loan.source.startswith("003")
    assert checklist.item("owner_id").title == "房主（借住声明签署人）身份证"
    assert checklist.item("authorization").form == "authorization"
    assert not checklist.unverified and not any(item.unverified for item in checklist.items)


def test_dongcheng_spouse_and_children_with_school_certificate_from_16():
    children = (
        Child("小明", dt.date(2010, 11, 30)),
        Child("小红", dt.date(2015, 3, 1)),
    )  # 16 and 11 on ON
    checklist = build_checklist(
        CaseFacts("dongcheng", "family-change", ON, spouse=True, children=children)
    )
    assert checklist.item_keys() == [
        "authorization",
        "info_change_form",
        "unit_license",
        "marriage_certificate",
        "spouse_id_hukou",
        "spouse_contract",
        "spouse_divorce",
        "child_birth_certificate.1",
        "child_birth_certificate.2",
        "child_hukou.1",
        "child_hukou.2",
        "divorce_documents",
        "child_school_certificate.1",
    ]
    assert checklist.item("child_school_certificate.1").title == "小明：在校证明"
    assert checklist.item("spouse_contract").validity == "labor_contract"
    assert checklist.problems == ()


def test_dongcheng_removing_a_spouse_needs_the_divorce_certificate_003():
    """003 六（二）11（3）注: "减少随往配偶的需提供离婚证或法院判决书"."""
    removing = build_checklist(
        CaseFacts("dongcheng", "family-change", ON, spouse=True, spouse_removed=True)
    )
    divorce = removing.item("spouse_divorce")
    assert (
        divorce.required
        and divorce.source.startswith("003")
        and "离婚证或法院判决书" in divorce.quote
    )
    adding = build_checklist(
        CaseFacts("dongcheng", "family-change", ON, spouse=True, spouse_removed=False)
    )
    assert "spouse_divorce" not in adding.item_keys()
    # Not known whether the spouse is added or removed: listed, but optional.
    unknown = build_checklist(CaseFacts("dongcheng", "family-change", ON, spouse=True))
    assert not unknown.item("spouse_divorce").required
    assert "spouse_divorce" not in keys("dongcheng", "family-change")


def test_haidian_clause_2_needs_the_diploma_and_every_case_the_system_photo_002():
    """002 新办 申请人上传 1–2: "毕业证及学历认证" … "或职称证书及评审材料；…学历证书" — clause 2 too;
    002 四（一）: "系统照片应为申请人近期一寸免冠白底彩色证件照" — every 海淀 case."""
    clause_2 = keys("haidian", "new", clause=2, housing="owned")
    assert "diploma" in clause_2 and "degree_certificate" not in clause_2
    for kind in (
        "new",
        "renewal",
        "employer-change",
        "address-change",
        "family-change",
        "general-change",
    ):
        facts = {"clause": 1, "housing": "owned"} if kind == "new" else {"housing": "owned"}
        checklist = build_checklist(CaseFacts("haidian", kind, ON, **facts))
        photo = checklist.item("system_photo")
        assert (
            "一寸免冠白底彩色" in photo.title
            and photo.source.startswith("002")
            and not photo.unverified
        ), kind


def test_a_child_of_18_cannot_accompany():
    checklist = build_checklist(
        CaseFacts("dongcheng", "family-change", ON, children=(Child("大宝", dt.date(2008, 12, 1)),))
    )
    [problem] = checklist.problems
    assert problem.blocking and problem.rule == "warnings.child_max_age"
    assert "2008-12-01 出生" in problem.message and "已满 18 周岁" in problem.message
    assert "003" in problem.source


def test_dongcheng_other_kinds():
    assert keys("dongcheng", "renewal") == [
        "authorization",
        "renewal_form",
        "unit_license",
        "integrity_declaration",
        "labor_contract",
        "income_proof",
        "social_insurance_evidence",
    ]
    assert keys("dongcheng", "employer-change") == [
        "authorization",
        "info_change_form",
        "leaving_certificate",
        "labor_contract",
        "unit_license",
        "unit_tax",
    ]
    assert keys("dongcheng", "address-change", housing="rented") == [
        "authorization",
        "info_change_form",
        "unit_license",
        "rental_contract",
        "landlord_deed",
        "rural_owner_hukou",
    ]
    assert keys("dongcheng", "general-change") == [
        "authorization",
        "info_change_form",
        "unit_license",
        "change_evidence",
    ]
    assert keys("dongcheng", "auto-extension") == ["unit_review", "labor_contract"]
    # Clause 8 (freelancers) needs no labor contract (003 六、（二）9).
    assert "labor_contract" not in keys("dongcheng", "new", clause=8, housing="owned")


def test_dongcheng_clause_evidence():
    assert keys("dongcheng", "new", clause=6, housing="residence-permit")[-3:] == [
        "patent_certificate",
        "patent_report",
        "patent_evidence",
    ]
    report = build_checklist(CaseFacts("dongcheng", "new", ON, clause=6, housing="owned")).item(
        "patent_report"
    )
    assert report.preparation == "A4 纸打印，加盖公章"


# --- 西城 (000 三、申报材料) ---------------------------------------------------------------


def test_xicheng_new_with_a_degree_before_2008_09_needs_the_verification():
    checklist = build_checklist(
        CaseFacts(
            "xicheng",
            "new",
            ON,
            clause=1,
            housing="residence-permit",
            degree_date=dt.date(2008, 7, 1),
        )
    )
    assert checklist.item_keys() == [
        "hukou",
        "integrity_declaration",
        "income_proof",
        "residence_permit",
        "degree_certificate",
        "degree_verification",
        "labor_contract",
    ]
    verification = checklist.item("degree_verification")
    assert verification.source == "000 三、申报材料 5（1）"
    assert (
        "1 个月" in checklist.item("residence_permit").validity_text
    )  # 000: valid ≥ 1 month after S
    later = keys(
        "xicheng", "new", clause=1, housing="residence-permit", degree_date=dt.date(2008, 9, 1)
    )
    assert "degree_verification" not in later
    foreign = keys(
        "xicheng",
        "new",
        clause=1,
        housing="residence-permit",
        degree_date=dt.date(2005, 7, 1),
        degree_foreign=True,
    )
    assert "foreign_degree_certificate" in foreign and "degree_verification" not in foreign


def test_xicheng_children_and_other_kinds_are_the_unverified_default():
    checklist = build_checklist(
        CaseFacts(
            "xicheng",
            "new",
            ON,
            clause=2,
            housing="owned",
            children=(Child("小明", dt.date(2020, 1, 1)),),
        )
    )
    assert checklist.item("title_certificate").source == "000 三、申报材料 6"
    assert "title_review" not in checklist.item_keys()  # 000 names no separate review form
    assert checklist.item("child_birth_certificate.1").unverified  # 000 refers to another guide
    assert not checklist.item("property_deed").unverified
    renewal = build_checklist(CaseFacts("xicheng", "renewal", ON))
    assert renewal.unverified and all(item.unverified for item in renewal.items)


# --- 海淀 (002) -----------------------------------------------------------------------------


def test_haidian_renewal_asks_for_three_years_of_income_records():
    checklist = build_checklist(CaseFacts("haidian", "renewal", ON))
    assert checklist.item_keys() == [
        "labor_contract",
        "unit_tax",
        "unit_integrity_declaration",
        "income_proof",
        "integrity_declaration",
        "system_photo",
    ]
    income = checklist.item("income_proof")
    assert income.title.startswith("持证期间近三年的应税收入材料")
    assert "2022年1月至今" in income.quote and "经核真实有效" in income.preparation
    assert checklist.item("unit_tax").provider == "单位"


def test_haidian_new_residence_permit_is_the_police_stamped_confirmation():
    checklist = build_checklist(
        CaseFacts("haidian", "new", ON, clause=1, housing="residence-permit")
    )
    assert checklist.item_keys() == [
        "labor_contract",
        "unit_tax",
        "unit_integrity_declaration",
        "diploma",
        "degree_certificate",
        "income_proof",
        "hukou",
        "integrity_declaration",
        "residence_permit",
        "system_photo",
    ]
    assert "派出所专用章" in checklist.item("residence_permit").title
    assert "3 个月" in checklist.item("residence_permit").validity_text
    assert keys("haidian", "leave") == ["leaving_certificate"]
    assert keys("haidian", "employer-change") == [
        "labor_contract",
        "unit_tax",
        "unit_integrity_declaration",
        "integrity_declaration",
        "leaving_certificate",
        "system_photo",
    ]


# --- 石景山 (001 七、办理材料) ----------------------------------------------------------------


def test_shijingshan_kinds():
    assert keys("shijingshan", "new", clause=1, housing="rented") == [
        "application_form",
        "id_card",
        "hukou",
        "integrity_declaration",
        "rental_contract",
        "landlord_deed",
        "rural_owner_hukou",
        "labor_contract",
        "income_proof",
        "degree_certificate",
        "diploma",
    ]
    assert keys("shijingshan", "renewal") == [
        "application_form",
        "integrity_declaration",
        "labor_contract",
        "income_proof",
    ]
    assert keys("shijingshan", "employer-change") == [
        "leaving_certificate",
        "labor_contract",
        "integrity_declaration",
    ]
    clause4 = build_checklist(
        CaseFacts(
            "shijingshan",
            "new",
            ON,
            clause=4,
            housing="owned",
            unit_flags=frozenset({"tech_innovation"}),
        )
    )
    assert not clause4.item(
        "income_3y"
    ).unverified  # the default group quotes 001 and is inherited as verified
    assert clause4.problems == ()


def test_districts_without_a_guide_use_the_default_marked_unverified():
    checklist = build_checklist(CaseFacts("chaoyang", "new", ON, clause=1, housing="borrowed"))
    assert checklist.unverified and all(item.unverified for item in checklist.items)
    assert checklist.item_keys()[:3] == ["id_card", "hukou", "integrity_declaration"]
    assert (
        checklist.item("integrity_declaration").as_dict()["note"] == "未核实 — 请向区人力社保局确认"
    )


@pytest.mark.parametrize("district", ["dongcheng", "xicheng", "haidian", "shijingshan", "chaoyang"])
@pytest.mark.parametrize("kind", [k for k in CASE_KINDS if k != "auto-extension"])
def test_every_kind_has_a_checklist_with_sources(district, kind):
    checklist = build_checklist(
        CaseFacts(
            district,
            kind,
            ON,
            clause=1,
            housing="owned",
            spouse=True,
            children=(Child("小明", dt.date(2012, 1, 1)),),
        )
    )
    assert checklist.items
    for item in checklist.items:
        assert item.source[:3] in {"000", "001", "002", "003"}, item
        assert item.provider in ("单位", "申请人")
        assert item.form is None or item.form in FORM_SLUGS


def test_auto_extension_only_where_the_policy_has_it():
    with pytest.raises(WrcError, match="海淀区没有“有效期自动延续”"):
        build_checklist(CaseFacts("haidian", "auto-extension", ON))


def test_district_files_quote_their_own_guide():
    for slug in district_files():
        _, own = load_checklists(slug)
        groups = [item for group in own.groups.values() for item in group.items]
        kinds = [item for spec in own.kinds.values() for item in spec.items if hasattr(item, "key")]
        for item in groups + kinds:
            assert item.source.startswith(own.guide), (slug, item.key, item.source)


def test_bad_data_is_reported_in_chinese_with_file_and_key():
    text = """district = "haidian"
[kinds.new]
source = "002"
[[kinds.new.items]]
key = "x"
title = "某材料"
provider = "公司"
source = "002"
"""
    with pytest.raises(WrcError) as error:
        parse_checklist(text, "haidian.toml")
    assert "haidian.toml" in str(error.value) and "kinds.new.items.0.provider" in str(error.value)
    assert "应为以下之一" in str(error.value)
    with pytest.raises(
        WrcError, match="bad.toml 中 kinds.new.items.0.when：申报条款应为 1–8，而不是 9"
    ):
        parse_checklist(text.replace('"公司"', '"单位"') + "when = { clause = [9] }\n", "bad.toml")
    with pytest.raises(WrcError, match="格式错误"):
        parse_checklist("district = ", "broken.toml")
