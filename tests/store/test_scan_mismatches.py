"""What a scan was read to say that differs from the register stays a problem of the case's
checklist until the scan is replaced or the clerk dismisses it (on both engines)."""

from __future__ import annotations

import pytest

from tests.scanread.renewal_case import UNIT, make_renewal
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import scan_proposals
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import audit, case_items, scan_readings

OTHER_UNIT = "扫描件上的劳动合同的用人单位“北京华信律师事务所”与聘用单位“" + UNIT + "”不一致"
OTHER_NAME = "扫描件上的劳动合同的劳动者“王六”与持证人“王五”不一致"


def _attached(register, desk, case_id, name="劳动合同.png") -> int:
    with register.session() as session:
        attachment = case_items.add_attachment(
            session,
            case_id,
            "labor_contract",
            path=f"labor_contract/{name}",
            rules=desk.rules(),
            original_name=name,
            sha256="0" * 64,
        )
        return attachment.id


def _scan_problems(desk, case_id):
    check = desk_cases.view(desk, case_id).check
    return [p for p in check.problems if p.rule == "scan.mismatch"]


def test_a_reviewed_mismatch_blocks_the_case_until_the_clerk_dismisses_it(register, tmp_path):
    desk, case_id = make_renewal(register, tmp_path)
    attachment_id = _attached(register, desk, case_id)
    assert _scan_problems(desk, case_id) == []
    reading = scan_proposals.ItemReading(
        case_id,
        "labor_contract",
        attachment_ids=[attachment_id],
        mismatches=[scan_proposals.Mismatch("employer", OTHER_UNIT, "劳动合同.png", attachment_id)],
    )
    scan_proposals.record_review(desk, reading)
    (problem,) = _scan_problems(desk, case_id)
    assert problem.item == "labor_contract" and problem.blocking
    assert problem.message.startswith("扫描件“劳动合同.png”读出：" + OTHER_UNIT)
    assert problem in desk_cases.view(desk, case_id).check.blocking

    scan_proposals.record_review(desk, reading)  # read again, the same: one problem, one entry
    assert len(_scan_problems(desk, case_id)) == 1
    assert scan_proposals.dismiss(desk, case_id, "labor_contract") == ["劳动合同.png"]
    assert _scan_problems(desk, case_id) == []
    scan_proposals.record_review(desk, reading)  # the same differences: the dismissal stands
    assert _scan_problems(desk, case_id) == []
    with pytest.raises(WrcError, match="没有待核对的不一致"):
        scan_proposals.dismiss(desk, case_id, "labor_contract")
    with register.session() as session:
        actions = [e.action for e in audit.trail(session, "case", case_id)]
    assert actions.count("scan_mismatch") == 1 and actions.count("scan_mismatch_dismissed") == 1


def test_other_differences_reopen_and_a_clean_reading_clears(register, tmp_path):
    desk, case_id = make_renewal(register, tmp_path)
    attachment_id = _attached(register, desk, case_id)
    with register.session() as session:
        scan_readings.record_mismatches(session, attachment_id, [("employer", OTHER_UNIT)])
        scan_readings.dismiss_mismatches(session, attachment_id)
        scan_readings.record_mismatches(
            session, attachment_id, [("employer", OTHER_UNIT), ("employee", OTHER_NAME)]
        )
    assert [p.message.split("读出：")[1].split("；")[0] for p in _scan_problems(desk, case_id)] == [
        OTHER_UNIT,
        OTHER_NAME,
    ]
    with register.session() as session:
        scan_readings.record_mismatches(session, attachment_id, [])
    assert _scan_problems(desk, case_id) == []


def test_replacing_the_scan_takes_its_problem_away(register, tmp_path):
    desk, case_id = make_renewal(register, tmp_path)
    wrong = _attached(register, desk, case_id, "旧合同.png")
    right = _attached(register, desk, case_id, "新合同.png")
    with register.session() as session:
        scan_readings.record_mismatches(session, wrong, [("employer", OTHER_UNIT)])
        scan_readings.record_mismatches(session, right, [])
    assert ["旧合同.png" in p.message for p in _scan_problems(desk, case_id)] == [True]
    with register.session() as session:
        case_items.remove_attachment(session, wrong)
    assert _scan_problems(desk, case_id) == []


def test_a_stored_value_that_is_not_a_list_is_no_difference(register, tmp_path):
    desk, case_id = make_renewal(register, tmp_path)
    attachment_id = _attached(register, desk, case_id)
    with register.session() as session:
        from wrc_desktop.store.case_models import CaseAttachment

        row = session.get(CaseAttachment, attachment_id)
        row.read_mismatches = '{"message": "x"}'
        session.add(row)
    assert _scan_problems(desk, case_id) == []


def test_cli_dismiss_read_checks_the_item_and_says_so_in_one_line(register, tmp_path, capsys):
    desk, case_id = make_renewal(register, tmp_path)
    attachment_id = _attached(register, desk, case_id)
    number = desk_cases.view(desk, case_id).case.number
    assert main(["case", "item", number, "labor_contract", "--dismiss-read"]) == 2
    assert capsys.readouterr().err.strip() == "“labor_contract”的扫描件没有待核对的不一致"
    with register.session() as session:
        scan_readings.record_mismatches(session, attachment_id, [("employer", OTHER_UNIT)])
    assert main(["case", "item", number, "labor_contract", "--dismiss-read"]) == 0
    assert "已核对“labor_contract”的扫描件 劳动合同.png" in capsys.readouterr().out
    assert _scan_problems(desk, case_id) == []
    args = ["case", "item", number, "labor_contract", "--dismiss-read", "--accept-read"]
    assert main(args) == 2
    assert "不能同时使用" in capsys.readouterr().err
