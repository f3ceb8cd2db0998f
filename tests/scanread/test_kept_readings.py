"""A scan's reading is kept on its attachment once seen, so the window and ``--accept-read``
do not read the same file by OCR again; what is kept comes back exactly."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PIL import Image

from tests.scanread.conftest import needs_ocr
from tests.scanread.renewal_case import CONTRACT_END, item_row, make_scans
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import scan_proposals
from wrc_desktop.scanread import stored
from wrc_desktop.scanread.values import OPEN_END, Reading, ReadValue
from wrc_desktop.store import scan_readings

INCOMES = [{"month": "2026-09", "amount": 31250.5, "agent": "北京智源星图科技有限公司"}]


def test_a_kept_reading_comes_back_as_it_was_read():
    reading = Reading(
        "contract",
        [
            ReadValue(
                "term_to", dt.date(2028, 2, 29), "期限2024年3月1日-2028年2月29日", 0.97, "至"
            ),
            ReadValue("term_from", OPEN_END, "长期", 0.9),
            ReadValue("incomes", INCOMES, "2026-09 31,250.50", 0.88, "收入"),
            ReadValue("employer", {"date": "not a date"}, "甲方", 0.9),
        ],
        ["第 2 页没有读到文字"],
        turned=180,
        seconds=2.5,
    )
    assert stored.loads(stored.dumps(reading)) == reading


@pytest.mark.parametrize(
    "text", ["", "[]", "{", json.dumps({"format": 0, "kind": "contract", "values": []})]
)
def test_a_missing_broken_or_older_reading_is_none(text):
    assert stored.loads(text) is None


def test_a_kept_reading_is_used_instead_of_the_file(renewal, tmp_path):
    desk, case_id = renewal
    blank = tmp_path / "blank.png"
    Image.new("RGB", (600, 800), "white").save(blank)
    desk_cases.attach(desk, case_id, "labor_contract", [blank])
    (attachment,) = item_row(desk, case_id, "labor_contract").attachments
    kept = Reading("contract", [ReadValue("term_to", CONTRACT_END, "期限至2028年2月29日", 0.95)])
    with desk._register.session() as session:
        scan_readings.keep_reading(session, attachment.id, stored.dumps(kept))
    # The file is blank: a valid_until can only come from the reading kept in the register.
    read = scan_proposals.read_item(desk, case_id, "labor_contract")
    assert [(p.target, p.value) for p in read.proposals] == [("valid_until", CONTRACT_END)]


@needs_ocr
@pytest.mark.slow
def test_accept_read_after_attach_uses_the_reading_the_attach_kept(renewal, tmp_path, capsys):
    desk, case_id = renewal
    scans = make_scans(tmp_path / "scans")
    number = desk_cases.view(desk, case_id).case.number
    args = ["case", "attach", number, "labor_contract", str(scans["labor_contract"]), "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["proposals"][0]["value"] == "2028-02-29"
    (attachment,) = item_row(desk, case_id, "labor_contract").attachments
    assert stored.loads(attachment.reading).get("term_to").value == CONTRACT_END
    # As in a new process: nothing read in memory, and the copied scan now unreadable.
    scan_proposals._cache.clear()
    Image.new("RGB", (600, 800), "white").save(desk_cases.folder(desk, case_id) / attachment.path)
    assert main(["case", "item", number, "labor_contract", "--accept-read"]) == 0
    assert "已采用 有效期至：2028-02-29" in capsys.readouterr().out
    assert item_row(desk, case_id, "labor_contract").state.valid_until == CONTRACT_END
