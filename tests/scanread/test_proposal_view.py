"""The window's proposal view: read off the UI thread, shown beside the fields, stored on 采用."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from tests.scanread.conftest import needs_ocr
from tests.scanread.renewal_case import CONTRACT_END, item_row, make_scans
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.gui.case.scan_proposals_view import ProposalDialog
from wrc_desktop.gui.doors.operations import RegisterOps

pytestmark = [needs_ocr, pytest.mark.slow]


def test_the_proposals_are_shown_and_only_the_ticked_are_stored(renewal, qtbot, tmp_path):
    desk, case_id = renewal
    scans = make_scans(tmp_path / "other", unit="北京华信律师事务所")
    desk_cases.attach(desk, case_id, "labor_contract", [scans["labor_contract"]])
    ops = RegisterOps(desk)
    dialog = ProposalDialog(ops, case_id, "labor_contract", "有效聘用（劳动）合同", parent=None)
    qtbot.addWidget(dialog)
    dialog.resize(1366 * 2 // 3, 420)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=120_000)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "有效期至"
    assert dialog.table.item(0, 2).text() == CONTRACT_END.isoformat()
    assert dialog.table.item(0, 3).text() == "（空）"
    assert "北京华信律师事务所" in dialog.mismatches.text() and dialog.mismatches.isVisible()
    assert item_row(desk, case_id, "labor_contract").state.valid_until is None  # shown, not stored
    folder = os.environ.get("WRC_SCREENSHOTS")
    if folder:
        dialog.grab().save(os.path.join(folder, "scan-proposals.png"))
    assert dialog.table.item(0, 0).checkState() == Qt.CheckState.Checked
    dialog.store()
    assert ops.wait()
    assert item_row(desk, case_id, "labor_contract").state.valid_until == CONTRACT_END


def test_without_a_ticked_proposal_nothing_is_stored(renewal, qtbot, tmp_path):
    desk, case_id = renewal
    scans = make_scans(tmp_path / "scans")
    desk_cases.attach(desk, case_id, "labor_contract", [scans["labor_contract"]])
    ops = RegisterOps(desk)
    dialog = ProposalDialog(ops, case_id, "labor_contract", "合同", parent=None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=120_000)
    assert dialog.mismatches.isHidden()
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    dialog.store()
    assert ops.wait()
    assert item_row(desk, case_id, "labor_contract").state.valid_until is None


def test_reading_three_files_counts_them_and_a_closed_dialog_leaves_the_mismatch_on_the_checklist(
    renewal, qtbot, tmp_path
):
    desk, case_id = renewal
    scans = make_scans(tmp_path / "other", unit="北京华信律师事务所")
    files = [scans["labor_contract"], tmp_path / "other" / "blank.png", scans["income_proof"]]
    desk_cases.attach(desk, case_id, "labor_contract", files)
    ops = RegisterOps(desk)
    dialog = ProposalDialog(ops, case_id, "labor_contract", "合同", parent=None)
    qtbot.addWidget(dialog)
    shown: list[str] = []
    folder = os.environ.get("WRC_SCREENSHOTS")

    def seen(done: int, _total: int) -> None:
        shown.append(dialog.status.text())
        if folder and done == 1:
            dialog.grab().save(os.path.join(folder, "scan-proposals-reading.png"))

    dialog.reported.progress.connect(seen)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=120_000)
    assert [text.split("…")[0] for text in shown[:3]] == [
        "正在读取 1/3 ",
        "正在读取 2/3 ",
        "正在读取 3/3 ",
    ]
    assert dialog.busy.isHidden() and dialog.dismiss_box.isVisible()
    assert _mismatch_problems(desk, case_id) == []  # shown, not yet reviewed
    dialog.reject()  # 不采用: no value stored, the difference seen stays a problem
    assert ops.wait()
    problems = _mismatch_problems(desk, case_id)  # the contract's party, the record's agent
    assert [p.message.split("”读出")[0] for p in problems] == [
        "扫描件“contract.png",
        "扫描件“income.png",
    ]
    assert all("北京华信律师事务所" in p.message and p.blocking for p in problems)
    assert item_row(desk, case_id, "labor_contract").state.valid_until is None

    again = ProposalDialog(ops, case_id, "labor_contract", "合同", parent=None)
    qtbot.addWidget(again)
    again.show()
    again.start()
    qtbot.waitUntil(lambda: again.reading is not None, timeout=120_000)
    again.dismiss_box.setChecked(True)  # the clerk checked the original
    again.reject()
    assert ops.wait()
    assert _mismatch_problems(desk, case_id) == []


def _mismatch_problems(desk, case_id):
    check = desk_cases.view(desk, case_id).check
    return [p for p in check.problems if p.rule == "scan.mismatch"]
