"""Where each material goes in the online system, and "online means scanned" (DOMAIN §8)."""

from __future__ import annotations

import datetime as dt

from tests.rules.bundled import build_checklist, check_case
from wrc_desktop.rules.case_checks import HolderDates, ItemState
from wrc_desktop.rules.checklists import OTHER_MATERIALS, CaseFacts
from wrc_desktop.rules.income import load_wages

S = dt.date(2026, 12, 1)


def _check(district, states, kind="renewal"):
    checklist = build_checklist(CaseFacts(district, kind, S))
    return checklist, check_case(
        checklist,
        {state.key: state for state in states},
        submit=S,
        holder=HolderDates(),
        wages=load_wages(),
        today=S,
    )


def test_haidian_renewal_slots_follow_the_guide():
    checklist = build_checklist(CaseFacts("haidian", "renewal", S))
    contract = checklist.item("labor_contract").upload
    assert (contract.login, contract.module, contract.slot) == ("单位", "员工列表", "劳动合同")
    assert "在职员工列表模块更新上传" in contract.quote and not contract.unverified
    income = checklist.item("income_proof").upload
    assert (income.login, income.module, income.unverified) == ("申请人", "附件管理", False)
    photo = checklist.item("system_photo").upload
    assert (photo.module, photo.format) == ("证件照片", "jpg")
    # The guide names no module for the unit's other uploads: 其他材料, unverified.
    tax = checklist.item("unit_tax").upload
    assert (tax.login, tax.module, tax.unverified) == ("单位", OTHER_MATERIALS, True)
    assert checklist.online_only and "全程线上申请办理" in checklist.online.quote


def test_a_district_whose_guide_names_no_slot_falls_back_to_other_materials():
    checklist = build_checklist(CaseFacts("dongcheng", "renewal", S))
    assert not checklist.online_only
    for item in checklist.items:
        assert item.upload.module == OTHER_MATERIALS and item.upload.unverified, item.key
        assert item.upload.login == item.provider
        assert "如无对应附件名称" in item.upload.quote


def test_online_only_a_paper_original_does_not_satisfy_its_item():
    _list, check = _check("haidian", [ItemState("unit_tax", collected=True, dated=S)])
    [problem] = [p for p in check.problems if p.item == "unit_tax"]
    assert problem.rule == "upload.scan_required" and problem.blocking
    assert "彩色 PDF" in problem.message and problem.source == "002 四、特别说明（一）"
    _list, scanned = _check("haidian", [ItemState("unit_tax", collected=True, files=1, dated=S)])
    assert not [p for p in scanned.problems if p.item == "unit_tax"]


def test_online_only_a_generated_form_asks_for_its_signed_scan():
    _list, check = _check("haidian", [ItemState("integrity_declaration", forms=1, dated=S)])
    [problem] = [p for p in check.problems if p.item == "integrity_declaration"]
    assert "扫描附上" in problem.message and "已收集原件" not in problem.message


def test_a_paper_district_still_takes_the_collected_original():
    _list, check = _check("dongcheng", [ItemState("labor_contract", collected=True, dated=S)])
    assert not [p for p in check.problems if p.rule == "upload.scan_required"]
    _list, generated = _check("dongcheng", [ItemState("renewal_form", forms=1, dated=S)])
    [problem] = [p for p in generated.problems if p.item == "renewal_form"]
    assert "或标记为已收集原件" in problem.message
