"""The first-run wizard: refuses bad fields with messages beside them, then creates the unit and its agent — or the demo."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from tests.conftest import TODAY
from tests.helpers import desk_over, id_number, uscc_code, with_wrong_check_digit
from wrc_desktop.desk.holders import snapshot
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.shell.first_run import (
    AGENTS,
    FOLDER,
    START,
    UNIT,
    FirstRunWizard,
    maybe_run_first_run,
)
from wrc_desktop.rules.vocab import DISTRICTS
from wrc_desktop.store import unit_records


def make_wizard(register, settings, qtbot) -> FirstRunWizard:
    wizard = FirstRunWizard(RegisterOps(desk_over(register, TODAY)), settings, today=lambda: TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def finish(wizard: FirstRunWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.ops.wait()


def test_the_wizard_creates_the_unit_and_agent_after_showing_a_bad_uscc(
    register, settings, tmp_path, qtbot
):
    wizard = make_wizard(register, settings, qtbot)
    assert wizard.currentId() == START
    wizard.next()
    assert wizard.currentId() == UNIT
    page = wizard.unit_page
    page.name.setText("北京测试科技有限公司")
    good = uscc_code()
    page.uscc.setText(good[:17] + ("A" if good[17] != "A" else "B"))  # a wrong check character
    wizard.next()
    assert wizard.currentId() == UNIT  # refused
    assert "校验位" in page.errors.message_of("uscc")
    assert page.errors.message_of("district") == "不能为空"
    page.uscc.setText(good)
    page.district.setCurrentIndex(page.district.findData("haidian"))
    page.flags["tech_innovation"].setChecked(True)
    page.legal_rep.setText("李四")
    wizard.next()
    assert wizard.currentId() == AGENTS and page.errors.message_of("uscc") == ""

    agents = wizard.agents_page
    wizard.next()
    assert wizard.currentId() == AGENTS and "至少填写一位经办人" in agents.message.text()
    agents.set_agent(
        0,
        {"name": "王五", "id_number": with_wrong_check_digit(id_number()), "phone": "13800001111"},
    )
    wizard.next()
    assert wizard.currentId() == AGENTS
    assert "身份证号码" in agents.message.text() and agents.table.item(0, 2).toolTip()
    agents.set_agent(
        0,
        {
            "name": "王五",
            "id_number": id_number(),
            "department": "人力资源部",
            "phone": "13800001111",
        },
    )
    wizard.next()
    assert wizard.currentId() == FOLDER
    assert (
        desk_over(register, TODAY)._run(unit_records.list_units) == []
    )  # nothing is written before 完成

    folder = tmp_path / "事项"
    wizard.folder_page.folder.setText(str(folder))
    finish(wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    units = desk_over(register, TODAY)._run(unit_records.list_units)
    assert [(u.name, u.district, u.tech_innovation, u.legal_rep) for u in units] == [
        ("北京测试科技有限公司", "haidian", True, "李四")
    ]
    agents_saved = desk_over(register, TODAY)._run(
        lambda s: unit_records.list_agents(s, units[0].id)
    )
    assert [(a.name, a.gender, a.department) for a in agents_saved] == [("王五", "M", "人力资源部")]
    assert settings.first_run_done is True and settings.case_root == folder and folder.is_dir()


def test_the_demo_choice_loads_the_demo_register(register, settings, qtbot):
    wizard = make_wizard(register, settings, qtbot)
    wizard.start_page.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == FOLDER  # no unit or agents to type for the demo
    finish(wizard)
    ops = RegisterOps(desk_over(register, TODAY))
    assert len(snapshot(ops.desk).rows) == 200
    assert len(ops.desk._run(unit_records.list_units)) == 4
    assert settings.first_run_done is True


def test_cancelling_leaves_the_welcome_page_and_is_not_asked_again(window, settings, on_modal):
    seen = on_modal(lambda dialog: dialog.reject())
    maybe_run_first_run(window, settings)
    assert window.ops.wait()  # the wizard opens once the register is read
    assert isinstance(seen[0], FirstRunWizard)
    assert window.units == [] and window.page.stack.currentWidget() is window.page.welcome
    assert settings.first_run_done is False

    opened = []

    def close_any() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            opened.append(dialog)
            dialog.reject()

    QTimer.singleShot(50, close_any)
    maybe_run_first_run(window, settings)  # the same session: returns at once
    assert window.ops.wait()  # the wizard opens once the register is read
    QApplication.processEvents()
    assert opened == []


def test_finishing_from_the_window_fills_the_register(window, settings, on_modal, tmp_path):
    def choose_demo(wizard: FirstRunWizard) -> None:
        wizard.start_page.demo.setChecked(True)
        wizard.next()
        wizard.folder_page.folder.setText(str(tmp_path / "cases"))
        finish(wizard)

    on_modal(choose_demo)
    maybe_run_first_run(window, settings)
    assert window.ops.wait()  # the wizard opens once the register is read
    assert len(window.units) == 4 and window.desk.case_root == tmp_path / "cases"


def test_a_register_with_a_unit_is_never_asked(demo_window, settings):
    maybe_run_first_run(demo_window, settings)  # would block on a modal wizard if it opened
    assert demo_window.ops.wait()  # the wizard opens once the register is read
    assert settings.first_run_done is True
    assert set(DISTRICTS) >= {
        u.district for u in demo_window.ops.desk._run(unit_records.list_units)
    }


def test_a_missing_field_is_no_longer_named_once_the_clerk_fills_it(register, settings, qtbot):
    wizard = make_wizard(register, settings, qtbot)
    wizard.next()
    assert wizard.currentId() == UNIT
    page = wizard.unit_page
    wizard.next()  # refused: nothing filled
    assert wizard.currentId() == UNIT
    assert page.errors.message_of("name") == "不能为空"
    qtbot.keyClicks(page.name, "A")
    assert page.errors.message_of("name") == ""  # at once, before 下一步
    assert page.errors.message_of("uscc") == "不能为空"  # the others stay until filled


def test_an_agent_row_is_checked_again_as_it_is_filled(register, settings, qtbot):
    wizard = make_wizard(register, settings, qtbot)
    page = wizard.agents_page
    page.set_agent(0, {"name": "经办甲"})
    assert not page.validatePage()
    assert "不能为空" in page.message.text()
    number = id_number(birth="19850101", sequence="123")
    page.set_agent(0, {"name": "经办甲", "id_number": number, "phone": "13800000000"})
    assert page.message.isHidden()
    item = page.table.item(0, 2)
    assert item.toolTip() == ""  # the cell's mark went too
