"""The import window says which values of an existing holder it will not apply, and why."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data
from tests.reports.builders import add_unit, save_roster
from wrc_desktop.gui.dialogs.import_dialog import ImportDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store import holder_records

NUMBER = "110105199403150091"


def test_a_status_the_import_will_not_apply_is_shown_on_its_row(qtbot, register, tmp_path):
    with register.session() as session:
        unit = add_unit(session)
        holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(name="王五", id_number=NUMBER),
            permit=permit_data(),
        )
    header = ["姓名", "身份证号码", "证书编号", "有效期至", "证件状态"]
    path = save_roster(
        tmp_path / "状态.xlsx",
        [["王五", "110105940315009", "京工居2024000123", "2027-05-31", "注销"]],
        header,
    )
    dialog = ImportDialog(RegisterOps(desk_over(register, TODAY)), path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=10_000)
    dialog.make_preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "无变化（有未采用的值）"
    assert dialog.table.item(0, 5).text() == (
        "证件状态：有效 → 注销（未采用：导入不修改已有证件的状态，请在该人的证件页中修改）"
    )
    assert dialog.table.item(0, 3).text() == "110105********0091"
