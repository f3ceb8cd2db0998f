"""The clerk's path through the window: unit, add a holder, find by pinyin, edit, renew, archive."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.conftest import TODAY
from tests.gui.test_unsaved_edits import Prompt
from tests.helpers import id_number, uscc_code
from wrc_desktop.gui.dialogs.archive_dialog import ArchiveDialog
from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.models.register_model import LEFT, Column
from wrc_desktop.gui.widgets.unsaved import DISCARD, QUESTION
from wrc_desktop.store import holder_records, unit_records

ZHANG_SAN = id_number(birth="19900307", sequence="123")


def _save(dialog) -> None:
    """Click 保存 and let the event loop run until the write has come back from the writer."""
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.ops.wait()


def _fill_unit(dialog: UnitDialog) -> None:
    ui = dialog.ui
    ui.nameEdit.setText("北京测试科技有限公司")
    ui.usccEdit.setText(uscc_code())
    ui.districtCombo.setCurrentIndex(ui.districtCombo.findData("haidian"))
    ui.legalRepEdit.setText("李四")
    ui.agentsTable.item(0, 0).setText("王五")
    ui.agentsTable.item(0, 2).setText(id_number(birth="19880808", sequence="135"))
    ui.agentsTable.item(0, 5).setText("13800138000")
    _save(dialog)


def _fill_holder(dialog: HolderDialog) -> None:
    ui = dialog.ui
    ui.nameEdit.setText("张三")
    ui.idNumberEdit.setText(ZHANG_SAN)
    ui.idNumberEdit.editingFinished.emit()
    ui.departmentEdit.setText("研发中心")
    ui.contractEndEdit.setText("2027-02-28")
    ui.certificateNoEdit.setText("京工居2024000001")
    ui.permitStartEdit.setText("2024-03-01")
    ui.expiryEdit.setText("2027-02-28")
    dialog.family.add_row({})
    table = ui.familyTable
    table.item(0, 1).setText("张小明")
    table.cellWidget(0, 0).setCurrentIndex(table.cellWidget(0, 0).findData("child"))
    table.item(0, 3).setText("2015-06-01")
    _save(dialog)


def _visible_names(window) -> list[str]:
    proxy = window.page.proxy
    return [proxy.index(row, Column.NAME).data() for row in range(proxy.rowCount())]


def test_first_unit_then_holder_then_search_edit_and_archive(window, register, qtbot, on_modal):
    # A first-time clerk: the welcome offers the unit first.
    assert window.page.stack.currentWidget() is window.page.welcome
    assert not window.page.welcome.holder_button.isEnabled()
    on_modal(_fill_unit)
    window.page.welcome.unit_button.click()
    assert window.units and window.units[0][1] == "北京测试科技有限公司"
    assert window.page.welcome.holder_button.isEnabled()

    # Adding a holder through the dialog, with a child and a permit.
    opened = on_modal(_fill_holder)
    window.page.welcome.holder_button.click()
    assert isinstance(opened[0], HolderDialog)
    assert window.page.stack.currentWidget() is not window.page.welcome
    assert _visible_names(window) == ["张三"]
    row = window.page.proxy.index(0, Column.ID_NUMBER)
    assert row.data() == ZHANG_SAN[:6] + "********" + ZHANG_SAN[14:]
    assert window.page.proxy.index(0, Column.EXPIRY).data() == "2027-02-28"
    # The figure counts to the permit's next deadline, the latest submission, and says so.
    latest = window.page.model.state_of(window.page.model.holder_id_at(0)).latest_submission
    assert latest < dt.date(2027, 2, 28)
    assert window.page.proxy.index(0, Column.DAYS_LEFT).data() == (
        f"还剩 {(latest - TODAY).days} 日（最晚提交日）"
    )

    # Found by pinyin initials, and not by something else.
    qtbot.keyClicks(window.page.search, "zs")
    qtbot.waitUntil(lambda: window.page.proxy.rowCount() == 1)
    window.page.search.setText("lisi")
    qtbot.waitUntil(lambda: window.page.proxy.rowCount() == 0)
    window.page.search.setText("zs")
    qtbot.waitUntil(lambda: window.page.proxy.rowCount() == 1)
    holder_id = window.page.model.holder_id_at(0)
    assert window.page.select_holder(holder_id)
    assert window.act_edit_holder.isEnabled() and window.act_archive.isEnabled()
    assert not window.act_restore.isEnabled()

    # Editing: the dialog opens with the stored values; a renewal adds a period.
    def edit(dialog: HolderDialog) -> None:
        assert dialog.ui.nameEdit.text() == "张三"
        assert dialog.ui.familyTable.rowCount() == 1
        assert dialog.ui.historyTable.rowCount() == 1
        dialog.ui.departmentEdit.setText("产品部")
        dialog.ui.renewStartEdit.setText("2027-03-01")
        dialog.ui.renewExpiryEdit.setText("2030-02-28")
        _save(dialog)

    on_modal(edit)
    window.act_edit_holder.trigger()
    assert window.page.proxy.index(0, Column.DEPARTMENT).data() == "产品部"
    assert window.page.proxy.index(0, Column.EXPIRY).data() == "2030-02-28"

    # Archiving keeps the record and its history; the default view hides leavers.
    def archive(dialog: ArchiveDialog) -> None:
        dialog.left_on.setText("2026-11-20")
        dialog.save()
        assert dialog.ops.wait()

    on_modal(archive)
    window.act_archive.trigger()
    assert window.page.proxy.rowCount() == 0
    window.page.show_left.setChecked(True)
    assert window.page.proxy.index(0, Column.STATUS).data() == LEFT
    with register.session() as session:
        detail = holder_records.holder_detail(session, holder_id)
    assert detail.holder.status == "left" and detail.holder.left_on == dt.date(2026, 11, 20)
    assert [p.expiry for p in detail.current_permit.periods] == [
        dt.date(2027, 2, 28),
        dt.date(2030, 2, 28),
    ]
    assert [m.name for m in detail.family] == ["张小明"]

    # ... and restoring brings the holder back.
    window.page.select_holder(holder_id)
    assert window.act_restore.isEnabled()
    window.act_restore.trigger()
    assert window.ops.wait()
    window.page.show_left.setChecked(False)
    assert _visible_names(window) == ["张三"]


def test_errors_show_next_to_fields_and_nothing_is_saved(demo_window, qtbot):
    dialog = HolderDialog(demo_window.ops, parent=demo_window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("")
    dialog.ui.idNumberEdit.setText(ZHANG_SAN[:17] + ("0" if ZHANG_SAN[17] != "0" else "1"))
    dialog.ui.expiryEdit.setText("2027-02-30")
    dialog.family.add_row({})
    dialog.ui.familyTable.item(0, 1).setText("李小")
    dialog.ui.familyTable.cellWidget(0, 0).setCurrentIndex(1)  # 子女, without a birth date
    before = demo_window.page.model.total_count
    dialog.save()
    assert dialog.ops.wait()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors.message_of("name") == "不能为空"
    assert "校验位错误" in dialog.errors.message_of("id_number")
    assert "不存在" in dialog.errors.message_of("permit.expiry")
    assert "出生日期" in dialog.ui.familyErrorLabel.text()
    assert dialog.ui.familyTable.item(0, 3).toolTip()
    assert dialog.ui.tabs.currentWidget().isAncestorOf(dialog.ui.basicTab)
    demo_window.reload()
    assert demo_window.ops.wait()
    assert demo_window.page.model.total_count == before
    # Fixing the fields clears the messages.
    dialog.ui.nameEdit.setText("李雷")
    dialog.errors.show([])
    assert dialog.errors.message_of("name") == ""


def test_holder_dialog_fills_gender_and_birth_date_from_the_id_as_it_is_typed(
    window, register, qtbot
):
    with register.session() as session:
        unit_records.create_unit(
            session, data={"name": "甲公司", "uscc": uscc_code(), "district": "haidian"}
        )
    dialog = HolderDialog(window.ops, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    number = id_number(birth="19851224", sequence="246")
    qtbot.keyClicks(dialog.ui.idNumberEdit, number[:17])
    assert dialog.ui.birthDateEdit.text() == ""  # not before the number is complete
    qtbot.keyClicks(dialog.ui.idNumberEdit, number[17:])  # the 18th character: no Enter, no Tab
    assert dialog.ui.birthDateEdit.text() == "1985-12-24"
    assert dialog.ui.genderCombo.currentData() == "F"
    assert dialog.errors.message_of("id_number") == ""
    dialog.deleteLater()


def test_a_mistyped_id_number_is_named_as_soon_as_it_is_complete(window, register, qtbot):
    with register.session() as session:
        unit_records.create_unit(
            session, data={"name": "甲公司", "uscc": uscc_code(), "district": "haidian"}
        )
    dialog = HolderDialog(window.ops, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    dialog.show()
    number = id_number(birth="19851224", sequence="246")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    qtbot.keyClicks(dialog.ui.idNumberEdit, wrong)
    assert "校验" in dialog.errors.message_of("id_number")
    assert dialog.ui.birthDateEdit.text() == ""
    qtbot.keyClick(dialog.ui.idNumberEdit, Qt.Key.Key_Backspace)
    assert dialog.errors.message_of("id_number") == ""  # the clerk is correcting it
    qtbot.keyClicks(dialog.ui.idNumberEdit, number[17])
    assert dialog.ui.birthDateEdit.text() == "1985-12-24"
    discard = Prompt(DISCARD)  # the typed holder is asked about before it is thrown away
    dialog.reject()
    assert discard.asked == [QUESTION] and not dialog.isVisible()


def test_leavers_are_grey_and_listed_under_their_own_status(demo_window):
    page = demo_window.page
    page.status_filter.setCurrentIndex(page.status_filter.findData(LEFT))
    assert page.proxy.rowCount() > 0
    index = page.proxy.index(0, Column.NAME)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#8a8a8a"
    assert {page.proxy.index(r, Column.STATUS).data() for r in range(page.proxy.rowCount())} == {
        LEFT
    }


def test_the_holder_dialog_records_a_womans_retirement_track(window, register, qtbot):
    """The track 海淀's "未达退休年龄" depends on is a field of the dialog, saved with the holder."""
    with register.session() as session:
        unit = unit_records.create_unit(
            session, data={"name": "甲公司", "uscc": uscc_code(), "district": "haidian"}
        )
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder={"name": "金英雅", "id_number": id_number(birth="19760305", sequence="022")},
        )
    dialog = HolderDialog(window.ops, holder_id=holder.id, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    combo = dialog.retirement_track_combo
    assert combo.currentData() is None and "未登记" in combo.currentText()
    combo.setCurrentIndex(combo.findData("female_50"))
    _save(dialog)
    with register.session() as session:
        assert holder_records.get_holder(session, holder.id).retirement_track == "female_50"
    again = HolderDialog(window.ops, holder_id=holder.id, parent=window)
    assert again.ops.wait()  # the dialog fills when the register's answer arrives
    assert again.retirement_track_combo.currentData() == "female_50"
    again.deleteLater()
