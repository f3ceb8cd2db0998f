"""What a clerk sees of a unit another clerk serves: its holder and cases open read-only, saying why;
the unit form chooses who serves it (on a shared register only)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data, unit_data
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import units as desk_units
from wrc_desktop.gui.case.case_window import CaseWindow
from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.doors.operations import RegisterOps

REASON = "单位“北京测试科技有限公司”由经办人 zhangsan 负责，您只能查看"


def _served_by_zhang(admin, desk) -> tuple[int, int, int]:
    unit_id, _ = desk_units.save_unit(
        admin, None, unit=unit_data(), agents=[], serving=["zhangsan"]
    )
    holder_id, _ = desk_holders.create_holder(
        desk, unit_id=unit_id, holder=holder_data(name="张伟"), permit=permit_data(), family=[]
    )
    case_id, _ = desk_cases.create(desk, holder_id=holder_id, kind="general-change")
    return unit_id, holder_id, case_id


def test_the_other_clerk_sees_the_holder_and_the_case_read_only(qtbot, office_desks):
    admin, zhang, li = office_desks
    _unit_id, holder_id, case_id = _served_by_zhang(admin, zhang)

    li_dialog = HolderDialog(RegisterOps(li), holder_id=holder_id)
    assert li_dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(li_dialog)
    save = li_dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert save.toolTip() == REASON
    assert li_dialog.windowTitle() == "查看持证人（只读）"
    assert li_dialog.ui.nameEdit.text() == "张伟"  # the holder is shown in full

    zhang_dialog = HolderDialog(RegisterOps(zhang), holder_id=holder_id)
    assert zhang_dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(zhang_dialog)
    assert zhang_dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).isEnabled()

    li_case = CaseWindow(RegisterOps(li), case_id)
    qtbot.addWidget(li_case)
    qtbot.waitUntil(lambda: li_case.view is not None)  # the case is read in the background
    for button in (li_case.forms_button, li_case.save_item, li_case.status_button):
        assert not button.isEnabled()
        assert button.toolTip() == REASON
    zhang_case = CaseWindow(RegisterOps(zhang), case_id)
    qtbot.addWidget(zhang_case)
    qtbot.waitUntil(lambda: zhang_case.view is not None)
    assert zhang_case.status_button.isEnabled() and zhang_case.save_item.isEnabled()


def test_the_administrators_unit_form_chooses_who_serves_it_from_the_logins(qtbot, office_desks):
    admin, zhang, _li = office_desks
    unit_id, _holder_id, _case_id = _served_by_zhang(admin, zhang)
    ops = RegisterOps(admin)
    dialog = UnitDialog(ops, unit_id=unit_id)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    assert dialog.serving is not None and dialog.serving.isEnabled()
    assert dialog.serving.names() == ["zhangsan"]
    known = [action.text() for action in dialog.serving.pick.menu().actions()]
    assert {"zhangsan", "lisi", "office_admin"} <= set(known)
    dialog.serving.add("lisi")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert ops.wait()
    assert desk_units.serving_clerks(zhang, unit_id) == ["zhangsan", "lisi"]


def test_a_clerk_may_not_name_a_units_clerks_nor_save_a_unit_they_do_not_serve(qtbot, office_desks):
    admin, zhang, li = office_desks
    unit_id, _holder_id, _case_id = _served_by_zhang(admin, zhang)
    mine = UnitDialog(RegisterOps(zhang), unit_id=unit_id)  # 张三 serves it: saves, names no one
    assert mine.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(mine)
    assert mine.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert mine.serving is not None and not mine.serving.isEnabled()
    assert mine.serving.toolTip() == "只有管理员可以设置负责经办人"

    theirs = UnitDialog(RegisterOps(li), unit_id=unit_id)
    assert theirs.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(theirs)
    save = theirs.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert save.toolTip() == REASON
    assert theirs.windowTitle().endswith("（只读）")


def test_on_a_clerks_own_file_the_unit_form_has_no_such_field(qtbot, register):
    desk = desk_over(register, TODAY)
    unit_id, _ = desk_units.save_unit(desk, None, unit=unit_data(), agents=[])
    dialog = UnitDialog(RegisterOps(desk), unit_id=unit_id)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    assert dialog.serving is None


def test_the_register_page_disables_changing_actions_for_the_other_clerk(qtbot, office_desks):
    from tests.gui.conftest import shown_window

    admin, zhang, li = office_desks
    _unit_id, holder_id, _case_id = _served_by_zhang(admin, zhang)
    window = shown_window(li._register, qtbot)
    assert window.page.select_holder(holder_id)
    for action in (window.act_archive, window.act_new_case):
        assert not action.isEnabled()
        assert action.toolTip() == REASON
    assert window.act_edit_holder.isEnabled()  # it opens read-only: the holder can be read
    assert window.act_edit_holder.toolTip() == f"{REASON}（打开后只能查看）"

    mine = shown_window(zhang._register, qtbot)
    assert mine.page.select_holder(holder_id)
    assert mine.act_archive.isEnabled() and mine.act_new_case.isEnabled()
    assert mine.act_archive.toolTip() == "标记为已离职，记录与历史保留"
