"""On a shared register, the due list's warnings of a case being prepared are read through
Core on the clerk's own login (tests/shared_register/test_due_reading.py): a clerk who does not
serve the case's unit reads them as the one who does — a unit limits who writes, not who
reads — and the case's rows are the same rows the case window shows either of them."""

from __future__ import annotations

import datetime as dt

from tests.conftest import TODAY
from tests.helpers import holder_data, id_number, unit_data, uscc_code
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import units as desk_units


def test_a_case_being_prepared_warns_every_clerk_alike(office_desks, tmp_path):
    admin, zhang, li = office_desks
    unit_id, _ = desk_units.save_unit(
        admin, None, agents=[], serving=["zhangsan"],
        unit=unit_data(name="西城单位", district="西城区", uscc=uscc_code("91110102MA01XCHB")),
    )  # fmt: skip
    holder_id, _ = desk_holders.create_holder(
        zhang, unit_id=unit_id, permit=None, family=[],
        holder=holder_data(name="林借住", id_number=id_number("110102", "19920415", "246"),
                           housing_kind="borrowed"),
    )  # fmt: skip
    zhang.save_preferences(zhang.preferences().with_changes(case_root=tmp_path / "cases"))
    submit = TODAY + dt.timedelta(days=20)
    case_id, _ = desk_cases.create(
        zhang, holder_id=holder_id, kind="new", clause=1, submit_on=submit
    )
    declared = submit - dt.timedelta(days=100)
    desk_cases.update_item(zhang, case_id, "loan_declaration", collected=True, dated=declared)

    lists = [desk_due.due_list(desk, TODAY).as_dict() for desk in (admin, zhang, li)]
    assert lists[0] == lists[1] == lists[2]
    [item] = [i for i in lists[2]["items"] if i["case_id"] == case_id]
    last = declared + dt.timedelta(days=90)  # 000: valid for 90 calendar days
    assert item["key"] == f"material:{case_id}:loan_declaration:{last.isoformat()}"
    assert item["date"] == last
