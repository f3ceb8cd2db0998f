"""The window a clerk first sees, the demo register, the sections still to come, and the unit profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import id_number, uscc_code
from wrc_desktop.desk import Changes
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.models.register_model import Column
from wrc_desktop.gui.shell.main_window import SECTIONS
from wrc_desktop.rules.deadlines import STATUSES
from wrc_desktop.store import holder_records, unit_records


def test_empty_register_shows_the_three_ways_to_start(window):
    welcome = window.page.welcome
    assert window.page.stack.currentWidget() is welcome
    assert welcome.unit_button.isEnabled() and welcome.demo_button.isEnabled()
    assert not welcome.holder_button.isEnabled()  # a holder needs a unit first
    assert not window.act_add_holder.isEnabled()
    assert not window.act_generate_forms.isEnabled()  # needs a selected holder


def test_navigation_has_the_five_sections(window):
    assert SECTIONS == ["登记册", "待办", "办理事项", "报表", "设置"]
    assert window.sections.currentWidget() is window.page  # an empty register opens on the welcome
    pages = [
        window.page,
        window.due_view,
        window.cases_view,
        window.reports_view,
        window.settings_page,
    ]
    for title, page in zip(SECTIONS, pages, strict=True):
        window.show_section(title)
        assert window.sections.currentWidget() is page
        assert window.nav.currentItem().text() == title


def test_a_register_with_holders_opens_on_the_due_list(demo_window):
    assert demo_window.sections.currentWidget() is demo_window.due_view


def test_opening_a_holder_from_the_due_list_selects_them_in_the_register(demo_window, on_modal):
    holder_id = demo_window.page.model.row_at(5).holder_id
    seen = on_modal(lambda dialog: dialog.reject())
    demo_window.due_view.open_holder.emit(holder_id)
    assert seen and demo_window.sections.currentWidget() is demo_window.page
    assert demo_window.page.selected_holder_id() == holder_id


def test_generate_forms_opens_the_forms_dialog_for_the_selected_holder(demo_window, on_modal):
    from wrc_desktop.gui.dialogs.forms_dialog import FormsDialog

    holder_id = demo_window.page.model.row_at(0).holder_id
    demo_window.show_section("登记册")
    demo_window.show_holder(holder_id)
    assert demo_window.act_generate_forms.isEnabled()
    seen = on_modal(lambda dialog: dialog.reject())
    demo_window.act_generate_forms.trigger()
    assert len(seen) == 1 and isinstance(seen[0], FormsDialog)


def test_demo_register_loads_from_the_welcome(window):
    window.page.welcome.demo_button.click()
    assert window.ops.wait()
    model = window.page.model
    assert model.total_count == 200
    assert window.page.stack.currentWidget() is not window.page.welcome
    assert not window.act_load_demo.isEnabled()  # only into an empty register
    statuses = {model.status_at(row) for row in range(model.rowCount())}  # the rows shown
    assert statuses & set(STATUSES)
    assert not window.page.view.isColumnHidden(Column.UNIT)  # four demo units
    assert window.page.unit_filter.count() == 5


def test_id_numbers_are_masked_until_the_clerk_asks(demo_window):
    page = demo_window.page
    index = page.proxy.index(0, Column.ID_NUMBER)
    full = page.model.row_at(page.proxy.mapToSource(index).row()).id_number
    assert index.data() == full[:6] + "*" * 8 + full[14:]
    page.show_full_id.setChecked(True)
    assert index.data() == full


def test_unit_dialog_creates_a_unit_with_agents_and_shows_every_mistake(window, register, qtbot):
    dialog = UnitDialog(window.ops, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    ui = dialog.ui
    ui.nameEdit.setText("北京测试科技有限公司")
    ui.usccEdit.setText(uscc_code()[:-1] + ("0" if uscc_code()[-1] != "0" else "1"))
    ui.agentsTable.item(0, 0).setText("王五")
    ui.agentsTable.item(0, 5).setText("电话")
    ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert window.ops.wait()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "校验位错误" in dialog.errors.message_of("uscc")
    assert dialog.errors.message_of("district") == "不能为空"
    assert "第 1 位经办人的身份证号码" in ui.agentsErrorLabel.text()
    assert "电话" in ui.agentsTable.item(0, 5).toolTip()
    with register.session() as session:
        assert unit_records.list_units(session) == []

    ui.usccEdit.setText(uscc_code())
    ui.districtCombo.setCurrentIndex(ui.districtCombo.findData("dongcheng"))
    ui.techServiceCheck.setChecked(True)
    ui.agentsTable.item(0, 2).setText(id_number(birth="19880808", sequence="135"))
    ui.agentsTable.item(0, 5).setText("13800138000")
    ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert window.ops.wait()
    assert dialog.result() == dialog.DialogCode.Accepted
    with register.session() as session:
        (unit,) = unit_records.list_units(session)
        agents = unit_records.list_agents(session, unit.id)
    assert (unit.district, unit.tech_service) == ("dongcheng", True)
    assert [(a.name, a.gender) for a in agents] == [("王五", "M")]
    assert window.units == [(unit.id, "北京测试科技有限公司")]


def test_a_second_unit_shows_the_unit_column_and_filter(demo_window, register, qtbot):
    page = demo_window.page
    first_unit = demo_window.units[0][0]
    page.unit_filter.setCurrentIndex(page.unit_filter.findData(first_unit))
    shown = {
        page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).unit_id
        for r in range(page.proxy.rowCount())
    }
    assert shown == {first_unit}
    dialog = UnitDialog(demo_window.ops, unit_id=first_unit, parent=demo_window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    assert dialog.ui.nameEdit.text() == demo_window.units[0][1]
    assert dialog.ui.agentsTable.rowCount() == 1


def test_selection_survives_sorting_filtering_and_reloading(demo_window):
    page = demo_window.page
    page.view.selectRow(5)
    chosen = page.selected_holder_id()
    name = page.model.holder(chosen).name
    page.view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert page.selected_holder_id() == chosen
    page.search.setText(name)
    page.apply_filter()
    assert page.selected_holder_id() == chosen
    demo_window.reload()
    assert demo_window.ops.wait()
    assert page.selected_holder_id() == chosen
    assert demo_window.act_edit_holder.isEnabled()


def test_welcome_step_one_edits_the_unit_once_it_exists(window, register, on_modal):
    with register.session() as session:
        unit = unit_records.create_unit(
            session, data={"name": "甲公司", "uscc": uscc_code(), "district": "haidian"}
        )
    window.reload()
    assert window.ops.wait()
    assert window.page.stack.currentWidget() is window.page.welcome  # still no holder
    assert (
        window.page.welcome.holder_button.isEnabled()
        and not window.page.welcome.demo_button.isEnabled()
    )

    def check(dialog: UnitDialog) -> None:
        assert dialog.unit_id == unit.id and dialog.ui.nameEdit.text() == "甲公司"
        dialog.reject()

    on_modal(check)
    window.page.welcome.unit_button.click()


def test_a_case_started_from_the_register_opens_in_its_own_window(demo_window, on_modal, tmp_path):
    from wrc_desktop.gui.case.case_window import CaseWindow

    demo_window.desk.save_preferences(
        demo_window.desk.preferences().with_changes(case_root=tmp_path / "cases")
    )
    holder_id = demo_window.page.model.row_at(0).holder_id
    demo_window.show_section("登记册")
    demo_window.show_holder(holder_id)
    assert demo_window.act_new_case.isEnabled()

    def fill(dialog) -> None:  # the kind that fits the holder's permit is already chosen
        assert dialog.ops.wait()  # the holder's data arrives from a query
        assert dialog.kind.currentData() == desk_cases.suggest(demo_window.desk, holder_id).kind
        dialog.create_case()
        assert demo_window.ops.wait()

    seen = on_modal(fill)
    demo_window.act_new_case.trigger()
    assert seen
    ((case_id, window),) = demo_window.case_windows.items()
    assert demo_window.ops.wait()  # the window shows once its case has been read
    assert isinstance(window, CaseWindow) and window.isVisible() and window.case_id == case_id
    assert demo_window.cases_view.model.rowCount() == 1  # the cases page heard about the write
    demo_window.open_case(case_id)
    assert len(demo_window.case_windows) == 1  # opening again brings the same window forward
    window.close()


def test_a_write_from_any_page_reaches_every_page(demo_window):
    """One committed write, from whichever RegisterOps made it, refreshes the register page too."""
    from wrc_desktop.gui.doors.operations import RegisterOps

    other = RegisterOps(demo_window.desk)
    holder_id = demo_window.page.model.row_at(0).holder_id
    other.write(
        lambda d: (
            d._run(lambda s: holder_records.archive_holder(s, holder_id, left_on="2026-11-20")),
            Changes.of_holders([holder_id]),
        )[1]
    )
    assert other.wait()
    row = demo_window.page.model.holder(holder_id)
    assert row is not None and row.status == "left"


def test_backups_are_reachable_from_the_file_menu(demo_window):
    from wrc_desktop.gui.dialogs.backup_dialog import BackupDialog

    assert demo_window.act_backups in demo_window.menuBar().actions()[0].menu().actions()
    demo_window.act_backups.trigger()
    dialogs = [w for w in demo_window.findChildren(BackupDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


def test_the_due_list_starts_and_opens_cases(demo_window, on_modal, tmp_path, qtbot):
    demo_window.desk.save_preferences(
        demo_window.desk.preferences().with_changes(case_root=tmp_path / "cases")
    )
    holder_id = demo_window.page.model.row_at(0).holder_id

    def fill(dialog) -> None:
        assert dialog.ops.wait()  # the holder's data arrives from a query
        assert dialog.holder.currentData() == holder_id
        assert dialog.kind.currentData() == desk_cases.suggest(demo_window.desk, holder_id).kind
        dialog.create_case()
        assert demo_window.ops.wait()

    seen = on_modal(fill)
    demo_window.due_view.start_case.emit(holder_id, None)
    assert seen
    ((case_id, window),) = demo_window.case_windows.items()
    window.close()
    demo_window.due_view.open_case.emit(case_id)
    qtbot.waitUntil(demo_window.case_windows[case_id].isVisible)  # once its case has been read
    demo_window.case_windows[case_id].close()


def test_the_title_names_the_page_once_and_the_about_box_holds_the_paths(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    assert window.windowTitle().count("工作居住证办理助手") == 1
    window.show_section("设置")
    assert window.windowTitle() == "设置 — 工作居住证办理助手"
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, title, text: shown.append(text))
    window.show_about()
    assert str(window.desk.file) in shown[0] and str(window.desk.data_dir) in shown[0]


def _no_read_on_the_ui_thread(*_args, **_kwargs):
    raise AssertionError("a synchronous register read on the UI thread")


def test_the_window_and_its_pages_read_the_register_in_the_background(
    demo_register, qtbot, monkeypatch
):
    from tests.conftest import TODAY
    from tests.helpers import desk_over
    from wrc_desktop.gui.doors.operations import RegisterOps
    from wrc_desktop.gui.shell.main_window import MainWindow

    monkeypatch.setattr(RegisterOps, "read", _no_read_on_the_ui_thread, raising=False)
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    # Built before anything was read: the page says so, and knows no unit yet.
    assert window.page.count_label.text() == "正在读取登记册……" and window.units == []
    assert window.sections.currentWidget() is window.page
    assert window.ops.wait()
    assert len(window.units) == 4 and window.page.model.total_count == 200
    assert window.sections.currentWidget() is window.due_view  # holders: the home page
    reports = window.reports_view
    assert reports.last_import.text() == "正在读取……" and not reports.undo_button.isEnabled()
    assert window.ops.wait()
    assert reports.unit.count() == 1 + 4 and reports.last_import.text() == "没有可撤销的导入"
    window.show_section("办理事项")
    assert window.ops.wait()
    assert window.cases_view.model.rowCount() == 0
