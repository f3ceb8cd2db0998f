"""A renewal made ready with every date taken from the scans and accepted by the clerk, none typed;
and nothing read is stored before the clerk accepts it."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from PIL import Image

from tests.helpers import desk_over, holder_data, id_number, permit_data, unit_data, uscc_code
from tests.scanread.conftest import needs_ocr
from tests.scanread.docgen import contract, income_record
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import scan_proposals
from wrc_desktop.store import repo

pytestmark = [needs_ocr, pytest.mark.slow]

TODAY = dt.date(2026, 11, 22)
UNIT = "北京智源星图科技有限公司"
NAME = "王五"
CONTRACT_END = dt.date(2028, 2, 29)
PRINTED = dt.date(2026, 11, 16)
MONTHS = [dt.date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(11, 23)]  # 2025-11…2026-10
AMOUNTS = [31250.5, 30980.0, 32000.37, 31500.0, 30870.0, 33010.0] * 2


@pytest.fixture
def renewal(register, tmp_path):
    """A Haidian holder whose permit ends in 48 days, and the renewal case the desk suggests."""
    with register.session() as session:
        unit = repo.create_unit(
            session,
            data=unit_data(name=UNIT, district="海淀区", uscc=uscc_code("91110108MA01HAXD")),
        )
        holder = repo.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(
                name=NAME,
                id_number=id_number("110108", "19850611", "135"),
                housing_kind="residence-permit",
                contract_start=None,  # not typed: read from the contract's scan
                contract_end=None,
            ),
            permit=permit_data(
                certificate_no="京工居2024000200",
                start=dt.date(2024, 1, 10),
                expiry=dt.date(2027, 1, 9),
                first_issued=dt.date(2018, 1, 10),
            ),
        )
        holder_id = holder.id
    desk = desk_over(register, TODAY)
    desk.save_preferences(desk.preferences().with_changes(case_root=tmp_path / "cases"))
    planned = desk_cases.suggest(desk, holder_id).planned
    case_id, _ = desk_cases.create(desk, holder_id=holder_id, kind="renewal", submit_on=planned)
    return desk, case_id


def _scans(folder, *, unit=UNIT):
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    page, _ = contract(rng, unit=unit, name=NAME, start=dt.date(2024, 3, 1), end=CONTRACT_END)
    page.save(folder / "contract.png")
    page, _ = income_record(
        rng, name=NAME, unit=unit, months=MONTHS, values=AMOUNTS, printed=PRINTED
    )
    page.rotate(180).save(folder / "income.png")  # scanned upside down
    Image.new("RGB", (600, 800), "white").save(folder / "blank.png")
    return {"labor_contract": folder / "contract.png", "income_proof": folder / "income.png"}


def _item(desk, case_id, key):
    return next(r for r in desk_cases.view(desk, case_id).rows if r.key == key)


def test_a_renewal_is_made_ready_with_every_date_accepted_from_scans(renewal, tmp_path):
    desk, case_id = renewal
    scans = _scans(tmp_path / "scans")
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
        assert _item(desk, case_id, key).state.valid_until is None
        assert _item(desk, case_id, key).state.dated is None
    read = scan_proposals.read_item(desk, case_id, "income_proof")
    assert read.mismatches == []
    proposed = {p.target: p.value for p in read.proposals}
    assert proposed == {"dated": PRINTED, "incomes": [int(a) for a in AMOUNTS]}
    assert desk_cases.view(desk, case_id).case.incomes in ("", "[]", None)

    for key in scans:
        scan_proposals.accept(desk, case_id, key)
    assert _item(desk, case_id, "labor_contract").state.valid_until == CONTRACT_END
    assert _item(desk, case_id, "income_proof").state.dated == PRINTED
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
    scans = _scans(tmp_path / "other", unit="北京华信律师事务所")
    number = desk_cases.view(desk, case_id).case.number
    code = main(
        ["case", "attach", number, "labor_contract", str(scans["labor_contract"]), "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [p["target"] for p in out["proposals"]] == ["valid_until"]
    assert out["proposals"][0]["value"] == CONTRACT_END.isoformat()
    assert "北京华信律师事务所" in out["mismatches"][0]["message"]
    assert _item(desk, case_id, "labor_contract").state.valid_until is None  # not stored
    assert main(["case", "item", number, "labor_contract", "--accept-read"]) == 0
    printed = capsys.readouterr().out
    assert "已采用 有效期至：2028-02-29" in printed and "北京华信律师事务所" in printed
    assert _item(desk, case_id, "labor_contract").state.valid_until == CONTRACT_END
