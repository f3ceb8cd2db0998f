"""A unit limited to the clerks who serve it: the others read its rows and cannot change them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.helpers import holder_data, id_number, permit_data, unit_data, uscc_code
from tests.reports.builders import save_roster
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import imports as desk_imports
from wrc_desktop.desk import units as desk_units
from wrc_desktop.reports.roster_read import read_roster
from wrc_desktop.store import audit, holder_records
from wrc_desktop.store.unit_access import NotServing


def _units(admin, desk) -> tuple[int, int, int]:
    """单位甲 (the administrator names 张三 only), 单位乙 (every clerk) and 张三's holder of 单位甲."""
    first, _ = desk_units.save_unit(
        admin, None, unit=unit_data(name="单位甲"), agents=[], serving=["zhangsan"]
    )
    second, _ = desk_units.save_unit(
        admin, None, unit=unit_data(name="单位乙", uscc=uscc_code("91110108MA01ABCE")), agents=[]
    )
    holder, _ = desk_holders.create_holder(
        desk, unit_id=first, holder=holder_data(name="张伟"),
        permit=permit_data(expiry=TODAY + dt.timedelta(days=40)), family=[],
    )  # fmt: skip
    return first, second, holder


def _edit(desk, holder_id: int, **changes) -> None:
    detail, copy = desk_holders.read_for_edit(desk, holder_id)
    values = {**detail.holder.model_dump(), **changes}
    permit = detail.current_permit.permit
    desk_holders.save_holder(
        desk, copy, unit_id=detail.holder.unit_id, holder=values, family=[],
        permit={"certificate_no": permit.certificate_no, "first_issued": permit.first_issued,
                "status": permit.status},
    )  # fmt: skip


def test_a_clerk_who_does_not_serve_a_unit_reads_it_and_is_told_who_serves_it(office_desks):
    admin, zhang, li = office_desks
    first, second, holder_id = _units(admin, zhang)

    assert desk_units.read_only_units(zhang) == {}
    assert desk_units.read_only_units(li) == {
        first: "单位“单位甲”由经办人 zhangsan 负责，您只能查看"
    }
    assert desk_holders.holder_detail(li, holder_id).holder.name == "张伟"  # reading is allowed

    with pytest.raises(NotServing) as refused:
        _edit(li, holder_id, phone="13900000009")
    assert str(refused.value).startswith(
        "单位“单位甲”只由经办人 zhangsan 负责，您（lisi）不能修改该单位、其持证人"
    )
    assert "本次修改未保存" in str(refused.value)
    assert desk_holders.holder_detail(zhang, holder_id).holder.phone == "13800138000"

    with pytest.raises(NotServing):  # a new holder in the unit
        desk_holders.create_holder(
            li, unit_id=first, holder=holder_data(id_number=id_number(sequence="555")),
            permit=None, family=[],
        )  # fmt: skip
    with pytest.raises(NotServing), li._session() as session:  # moving them out changes it too
        values = holder_records.get_holder(session, holder_id).model_dump()
        holder_records.update_holder(session, holder_id, holder=values, unit_id=second)
    with pytest.raises(NotServing):
        desk_holders.archive_holder(li, holder_id, left_on=TODAY)
    with pytest.raises(NotServing):  # a case for the unit's holder
        desk_cases.create(li, holder_id=holder_id, kind="new")
    item = next(i for i in desk_due.all_items(li) if i.holder_id == holder_id)
    with pytest.raises(NotServing):  # a due-list mark on the unit's holder
        desk_due.mark(li, item, action="handled")

    _edit(zhang, holder_id, phone="13900000009")  # the clerk who serves it changes it
    desk_due.mark(zhang, item, action="handled")
    assert desk_holders.holder_detail(li, holder_id).holder.phone == "13900000009"

    # 李四 keeps writing to the units they serve (every clerk serves 单位乙).
    other, _ = desk_holders.create_holder(
        li, unit_id=second, holder=holder_data(name="李娜", id_number=id_number(sequence="556")),
        permit=permit_data(), family=[],
    )  # fmt: skip
    assert other


def test_an_import_touching_an_unserved_unit_writes_nothing(office_desks, tmp_path):
    admin, zhang, li = office_desks
    _first, _second, _holder_id = _units(admin, zhang)
    rows = [["王五", id_number(birth="19910101", sequence="321"), "单位甲"]]
    roster = read_roster(save_roster(tmp_path / "名单.xlsx", rows, ["姓名", "身份证号码", "单位"]))
    planned = desk_imports.plan(li, roster, unit=None)
    assert not planned.errors, planned.errors

    def commit(desk):
        return desk_imports.commit(
            desk, roster, unit=None, confirmed_rows=(), seen=desk_imports.plan_shape(planned),
            valid_only=False, accept_renames=False,
        )  # fmt: skip

    with pytest.raises(NotServing, match="单位“单位甲”只由经办人 zhangsan 负责"):
        commit(li)
    with li._session() as session:
        assert holder_records.holder_count(session) == 1
        assert desk_imports.last_batch(li) is None

    commit(zhang)  # 张三 imports it; 李四 may not undo it
    with pytest.raises(NotServing):
        desk_imports.undo_last(li, force=True)
    assert desk_imports.undo_last(zhang)[0].deleted == 1


def test_who_serves_a_unit_is_audited_and_an_empty_list_frees_it(office_desks):
    admin, zhang, li = office_desks
    first, _second, holder_id = _units(admin, zhang)
    assert desk_units.serving_clerks(li, first) == ["zhangsan"]
    assert set(desk_units.known_clerks(li)) >= {"zhangsan", "lisi", "office_admin"}

    unit, _agents, seen = desk_units.unit_for_edit(admin, first)
    desk_units.save_unit(
        admin, first, unit=unit.model_dump(), agents=[], expected_version=unit.version,
        seen=seen, serving=[],
    )  # fmt: skip
    assert desk_units.read_only_units(li) == {}
    _edit(li, holder_id, phone="13900000010")
    with zhang._session() as session:
        entries = [e for e in audit.trail(session, "unit", first) if e.field == "serving_clerks"]
    assert [(e.old_value, e.new_value, e.clerk) for e in entries] == [
        ("", "zhangsan", "office_admin"),
        ("zhangsan", "", "office_admin"),
    ]
