"""A renewal made ready with every date taken from the scans and accepted by the clerk, none typed;
and nothing read is stored before the clerk accepts it."""

from __future__ import annotations

import json

import pytest

from tests.scanread.conftest import needs_ocr
from tests.scanread.renewal_case import (
    AMOUNTS,
    CONTRACT_END,
    PRINTED,
    TODAY,
    item_row,
    make_scans,
)
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import scan_proposals

pytestmark = [needs_ocr, pytest.mark.slow]


def test_a_renewal_is_made_ready_with_every_date_accepted_from_scans(renewal, tmp_path):
    desk, case_id = renewal
    scans = make_scans(tmp_path / "scans")
    view = desk_cases.view(desk, case_id)
    forms = {r.key for r in view.rows if r.item and r.item.form}
    for row in view.rows:
        if row.key in forms or row.item is None or not row.item.required:
            continue
        desk_cases.attach(
            desk, case_id, row.key, [scans.get(row.key, tmp_path / "scans" / "blank.png")]
        )
    # Read, shown, not stored: the contract's end and the record's date are still empty.
    for key in scans:
        assert item_row(desk, case_id, key).state.valid_until is None
        assert item_row(desk, case_id, key).state.dated is None
    read = scan_proposals.read_item(desk, case_id, "income_proof")
    assert read.mismatches == []
    proposed = {p.target: p.value for p in read.proposals}
    assert proposed == {"dated": PRINTED, "incomes": [int(a) for a in AMOUNTS]}
    assert desk_cases.view(desk, case_id).case.incomes in ("", "[]", None)

    for key in scans:
        scan_proposals.accept(desk, case_id, key)
    assert item_row(desk, case_id, "labor_contract").state.valid_until == CONTRACT_END
    assert item_row(desk, case_id, "income_proof").state.dated == PRINTED
    assert json.loads(desk_cases.view(desk, case_id).case.incomes) == [int(a) for a in AMOUNTS]
    if forms:
        desk_cases.generate_forms(desk, case_id, on=TODAY)
        for key in forms:
            desk_cases.attach(desk, case_id, key, [tmp_path / "scans" / "blank.png"])
    check = desk_cases.view(desk, case_id).check
    assert check.can_submit, [f"{p.subject}：{p.message}" for p in check.blocking]


def test_a_contract_of_another_unit_is_shown_as_a_mismatch_and_the_cli_stores_on_accept(
    renewal, tmp_path, capsys
):
    desk, case_id = renewal
    scans = make_scans(tmp_path / "other", unit="北京华信律师事务所")
    number = desk_cases.view(desk, case_id).case.number
    code = main(
        ["case", "attach", number, "labor_contract", str(scans["labor_contract"]), "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [p["target"] for p in out["proposals"]] == ["valid_until"]
    assert out["proposals"][0]["value"] == CONTRACT_END.isoformat()
    assert "北京华信律师事务所" in out["mismatches"][0]["message"]
    assert item_row(desk, case_id, "labor_contract").state.valid_until is None  # not stored
    problems = [
        p for p in desk_cases.view(desk, case_id).check.blocking if p.rule == "scan.mismatch"
    ]
    assert [p.item for p in problems] == ["labor_contract"]  # shown, so on the checklist
    assert "contract.png" in problems[0].message and "北京华信律师事务所" in problems[0].message
    assert main(["case", "item", number, "labor_contract", "--accept-read"]) == 0
    printed = capsys.readouterr().out
    assert "已采用 有效期至：2028-02-29" in printed and "北京华信律师事务所" in printed
    assert item_row(desk, case_id, "labor_contract").state.valid_until == CONTRACT_END
