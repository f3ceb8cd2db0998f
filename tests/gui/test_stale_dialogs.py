"""A dialog opened before an import (or another window's save) never undoes that newer data."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, id_number, permit_data, unit_data
from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store import holder_records, permit_records, unit_records
from wrc_desktop.store.models import Permit

AGENT = {
    "name": "王经办",
    "id_number": id_number("110101", "19900517", "002"),
    "phone": "13800000000",
}


@pytest.fixture
def ids(register):
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        unit_records.replace_agents(session, unit.id, agents=[AGENT])
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(name="张伟", department="研发", phone="13800000001"),
            permit=permit_data(certificate_no="京工居2024000123"),
            family=[{"relation": "spouse", "name": "李梅", "birth_date": "1989-05-01"}],
        )
        return {
            "unit": unit.id,
            "holder": holder.id,
            "permit": holder_records.holder_detail(session, holder.id).current_permit.permit.id,
        }


def _save(dialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.ops.wait()


def _import_elsewhere(register, ids) -> None:
    """What a roster import does to the holder, in its own unit of work (another process may do it)."""
    with register.session() as session:
        holder = holder_records.get_holder(session, ids["holder"])
        holder_records.update_holder(
            session,
            ids["holder"],
            holder={**holder.model_dump(), "phone": "13900000002", "department": "市场"},
        )
        permit = session.get(Permit, ids["permit"])
        permit_records.update_permit(
            session,
            ids["permit"],
            data={
                "certificate_no": "京工居2026000999",
                "first_issued": permit.first_issued,
                "status": permit.status,
            },
        )


def _stored(register, ids):
    with register.session() as session:
        detail = holder_records.holder_detail(session, ids["holder"])
        return (
            detail.holder.phone,
            detail.holder.department,
            detail.holder.notes,
            detail.current_permit.permit.certificate_no,
        )


def test_a_stale_holder_dialog_is_refused_and_saves_after_reloading(register, ids, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    dialog = HolderDialog(ops, holder_id=ids["holder"])
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.show()
    _import_elsewhere(register, ids)

    dialog.ui.notesEdit.setPlainText("已核对原件")
    _save(dialog)

    assert dialog.isVisible()  # refused: the dialog stays open with the message
    expected = (
        "持证人 张伟 的信息已在您打开后被修改：联系电话 13800000001 → 13900000002；部门 研发 → 市场。"
        "张伟的工作居住证 的信息已在您打开后被修改：证书编号 京工居2024000123 → 京工居2026000999。"
        "您的修改未保存，请重新载入后再修改。"
    )
    assert dialog.stale_box is not None and dialog.stale_box.text() == expected
    assert dialog.ui.summaryLabel.text() == expected
    assert _stored(register, ids) == (
        "13900000002",
        "市场",
        "",
        "京工居2026000999",
    )  # nothing overwritten

    reload_button = next(b for b in dialog.stale_box.buttons() if b.text() == "重新载入")
    reload_button.click()
    assert dialog.ops.wait()  # the holder as stored now arrives from a query
    assert dialog.ui.phoneEdit.text() == "13900000002"
    assert dialog.ui.departmentEdit.text() == "市场"
    assert dialog.ui.certificateNoEdit.text() == "京工居2026000999"
    assert (
        dialog.ui.notesEdit.toPlainText() == ""
    )  # the clerk's unsaved note went with the stale copy
    assert dialog.ui.familyTable.rowCount() == 1

    dialog.ui.notesEdit.setPlainText("已核对原件")
    _save(dialog)
    assert not dialog.isVisible()
    assert _stored(register, ids) == ("13900000002", "市场", "已核对原件", "京工居2026000999")


def test_cancelling_the_reload_keeps_what_the_clerk_typed(register, ids, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    dialog = HolderDialog(ops, holder_id=ids["holder"])
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.show()
    _import_elsewhere(register, ids)
    dialog.ui.notesEdit.setPlainText("已核对原件")
    _save(dialog)
    cancel = next(
        b
        for b in dialog.stale_box.buttons()
        if dialog.stale_box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole
    )
    cancel.click()
    assert dialog.ui.notesEdit.toPlainText() == "已核对原件"
    assert dialog.ui.phoneEdit.text() == "13800000001"
    _save(dialog)  # still the old copy: refused again, never saved over the import
    assert dialog.isVisible()
    assert _stored(register, ids)[0] == "13900000002"
    dialog.stale_box.done(0)


def test_a_fresh_holder_dialog_keeps_family_ids(register, ids, qtbot):
    with register.session() as session:
        member_id = holder_records.holder_detail(session, ids["holder"]).family[0].id
    dialog = HolderDialog(RegisterOps(desk_over(register, TODAY)), holder_id=ids["holder"])
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.ui.familyTable.item(0, 4).setText("乙公司")
    _save(dialog)
    with register.session() as session:
        member = holder_records.holder_detail(session, ids["holder"]).family[0]
    assert (member.id, member.employer, member.version) == (member_id, "乙公司", 2)


def test_a_stale_unit_dialog_is_refused_and_saves_after_reloading(register, ids, qtbot):
    dialog = UnitDialog(RegisterOps(desk_over(register, TODAY)), unit_id=ids["unit"])
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.show()
    with register.session() as session:  # another window changes the unit's phone
        unit = unit_records.get_unit(session, ids["unit"])
        unit_records.update_unit(
            session, unit.id, data={**unit.model_dump(), "phone": "010-99999999"}
        )
    dialog.ui.addressEdit.setText("北京市海淀区新地址 2 号")
    _save(dialog)
    assert dialog.isVisible()
    assert (
        "单位 北京测试科技有限公司 的信息已在您打开后被修改：联系电话 010-12345678 → 010-99999999"
        in dialog.stale_box.text()
    )
    with register.session() as session:
        assert unit_records.get_unit(session, ids["unit"]).address == "北京市海淀区中关村大街 1 号"
    next(b for b in dialog.stale_box.buttons() if b.text() == "重新载入").click()
    assert dialog.ops.wait()  # the unit as stored now arrives from a query
    assert dialog.ui.phoneEdit.text() == "010-99999999"
    assert dialog.ui.agentsTable.rowCount() == 1
    dialog.ui.addressEdit.setText("北京市海淀区新地址 2 号")
    _save(dialog)
    assert not dialog.isVisible()
    with register.session() as session:
        unit = unit_records.get_unit(session, ids["unit"])
        assert (unit.phone, unit.address) == ("010-99999999", "北京市海淀区新地址 2 号")
        assert [a.name for a in unit_records.list_agents(session, unit.id)] == ["王经办"]


def test_a_permit_added_elsewhere_makes_the_dialog_stale(register, qtbot):
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        holder_id = holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(name="张伟")
        ).id
    dialog = HolderDialog(RegisterOps(desk_over(register, TODAY)), holder_id=holder_id)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.show()
    with register.session() as session:  # an import brings the permit the dialog has not seen
        permit_records.add_permit(
            session,
            holder_id,
            permit=permit_data(certificate_no="京工居2026000999"),
            source="import",
        )
    dialog.ui.certificateNoEdit.setText("京工居2024000001")
    dialog.ui.permitStartEdit.setText("2024-03-01")
    dialog.ui.expiryEdit.setText("2027-02-28")
    _save(dialog)
    assert "工作居住证 未登记 → 已登记" in dialog.stale_box.text()
    with register.session() as session:
        permits = holder_records.holder_detail(session, holder_id).permits
    assert [p.permit.certificate_no for p in permits] == ["京工居2026000999"]  # no second permit
    dialog.stale_box.done(0)
