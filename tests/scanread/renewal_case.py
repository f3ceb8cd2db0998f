"""A Haidian renewal case over a fresh register, and the scans of its holder's documents."""

from __future__ import annotations

import datetime as dt
import random

from PIL import Image

from tests.helpers import desk_over, holder_data, id_number, permit_data, unit_data, uscc_code
from tests.scanread.docgen import contract, income_record
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.store import holder_records, unit_records

TODAY = dt.date(2026, 11, 22)
UNIT = "北京智源星图科技有限公司"
NAME = "王五"
CONTRACT_END = dt.date(2028, 2, 29)
PRINTED = dt.date(2026, 11, 16)
MONTHS = [dt.date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(11, 23)]  # 2025-11…2026-10
AMOUNTS = [31250.5, 30980.0, 32000.37, 31500.0, 30870.0, 33010.0] * 2


def make_renewal(register, tmp_path):
    """A Haidian holder whose permit ends in 48 days, and the renewal case the desk suggests."""
    with register.session() as session:
        unit = unit_records.create_unit(
            session,
            data=unit_data(name=UNIT, district="海淀区", uscc=uscc_code("91110108MA01HAXD")),
        )
        holder = holder_records.create_holder(
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


def make_scans(folder, *, unit=UNIT):
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


def item_row(desk, case_id, key):
    return next(r for r in desk_cases.view(desk, case_id).rows if r.key == key)
