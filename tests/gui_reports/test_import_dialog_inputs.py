"""The import window: a sheet picker when several sheets qualify, every change old → new, a tick for
renames and for IDs Excel may have cut short, progress and cancel."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.helpers import desk_over, id_number
from tests.reports.builders import add_holder, add_unit, save_roster
from wrc_desktop.gui.dialogs.import_dialog import ImportDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.reports.roster_import import Cancelled
from wrc_desktop.store import holder_records

HEADER = ["姓名", "身份证号码", "部门"]


@pytest.fixture
def unit_register(register):
    with register.session() as session:
        add_unit(session)
    return register


def _dialog(qtbot, register, path) -> ImportDialog:
    dialog = ImportDialog(RegisterOps(desk_over(register, TODAY)), path)
    qtbot.addWidget(dialog)
    return dialog


def _preview(qtbot, dialog):
    dialog.plan = None
    dialog.make_preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)


def test_several_qualifying_sheets_wait_for_the_clerks_choice(qtbot, unit_register, tmp_path):
    workbook = Workbook()
    first = workbook.active
    first.title = "一月"
    first.append(HEADER)
    first.append(["赵一", id_number(birth="19900101", sequence="011"), "研发中心"])
    second = workbook.create_sheet("二月")
    second.append(HEADER)
    second.append(["钱二", id_number(birth="19900102", sequence="021"), "产品部"])
    hidden = workbook.create_sheet("旧数据")
    hidden.append(HEADER)
    hidden.sheet_state = "hidden"
    workbook.save(tmp_path / "名单.xlsx")
    dialog = _dialog(qtbot, unit_register, tmp_path / "名单.xlsx")
    qtbot.waitUntil(lambda: dialog.sheet.count() == 2, timeout=10_000)
    assert [dialog.sheet.itemText(i) for i in range(2)] == [
        "一月",
        "二月",
    ]  # the hidden sheet is not offered
    assert dialog.roster is None and "多个工作表" in dialog.status.text()
    assert dialog.sheet.currentIndex() == -1 and not dialog.preview_button.isEnabled()
    dialog.sheet.setCurrentIndex(1)
    dialog._sheet_chosen()
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=10_000)
    assert dialog.roster.sheet == "二月" and "工作表“二月”" in dialog.status.text()
    _preview(qtbot, dialog)
    assert "工作表“二月”" in dialog.counts.text() and dialog.table.item(0, 2).text() == "钱二"


def test_a_rename_is_shown_old_to_new_and_needs_its_own_tick(
    qtbot, unit_register, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    number = id_number(birth="19900101", sequence="011")
    with unit_register.session() as session:
        holder = add_holder(
            session, 1, name="卢轩洋", birth="19900101", sequence="011", department="法务部"
        )
    path = save_roster(tmp_path / "名单.xlsx", [["王五", number, "财务部"]], HEADER)
    dialog = _dialog(qtbot, unit_register, path)
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=10_000)
    _preview(qtbot, dialog)
    assert dialog.table.item(0, 1).text() == "更新（需确认）"
    note = dialog.table.item(0, 5).text()
    assert "姓名：卢轩洋 → 王五" in note and "部门：法务部 → 财务部" in note
    assert not dialog.confirm_button.isEnabled() and not dialog.accept_renames.isHidden()
    dialog.accept_renames.setChecked(True)
    assert dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.confirm()
    with unit_register.session() as session:
        assert holder_records.get_holder(session, holder.id).name == "王五"


def test_an_id_ending_in_000_is_ticked_row_by_row(qtbot, unit_register, tmp_path):
    from tests.reports.test_roster_inputs import _ids_ending_in_000

    passing, _failing = _ids_ending_in_000()
    path = save_roster(tmp_path / "名单.xlsx", [["赵一", passing, "研发中心"]], HEADER)
    dialog = _dialog(qtbot, unit_register, path)
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=10_000)
    _preview(qtbot, dialog)
    tick = dialog.table.item(0, 0)
    assert dialog.table.item(0, 1).text() == "有误" and "Excel" in dialog.table.item(0, 5).text()
    assert tick.flags() & Qt.ItemFlag.ItemIsUserCheckable
    first = dialog.plan
    tick.setCheckState(Qt.CheckState.Checked)  # previews again with the row confirmed
    qtbot.waitUntil(lambda: dialog.plan is not first, timeout=10_000)
    assert dialog.table.item(0, 1).text() == "新增" and dialog.confirm_button.isEnabled()
    assert dialog.table.item(0, 0).checkState() == Qt.CheckState.Checked


def test_a_long_preview_reports_progress_and_can_be_cancelled(qtbot, unit_register, tmp_path):
    rows = [
        [
            f"员工{n}",
            id_number(
                birth=f"{1980 + n % 20}{n % 12 + 1:02d}{n % 28 + 1:02d}",
                sequence=f"{n % 90 + 10:02d}{n % 9 + 1}",
            ),
            "",
        ]
        for n in range(1200)
    ]  # all different, none ending in 000
    path = save_roster(tmp_path / "名单.xlsx", rows, HEADER)
    dialog = _dialog(qtbot, unit_register, path)
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=20_000)
    assert dialog.ops.wait()  # the units arrive: 预览 is on
    dialog.make_preview()
    progress = dialog.progress  # the doors' progress: the worker reports, the clerk cancels
    assert progress is not None
    dialog._report("核对", 500, 1200)
    assert progress.state() == (500, 1200) and progress.label == "正在核对……（已核对 500 行）"
    progress.cancel()
    with pytest.raises(Cancelled):
        dialog._report("核对", 1000, 1200)
    assert dialog.ops.wait()  # that preview stopped (cancelled); nothing was planned
    dialog.make_preview()  # a new preview starts uncancelled and finishes
    assert dialog.ops.wait(20_000)
    assert len(dialog.plan.creates) == 1200 and dialog.progress is None
