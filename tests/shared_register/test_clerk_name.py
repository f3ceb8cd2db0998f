"""The clerk's display name, asked once when a copy first opens a shared register (default: the
role); the rows record the login whatever the name."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.helpers import desk_over, unit_data
from wrc_desktop.desk import units as desk_units
from wrc_desktop.gui.dialogs.clerk_name import ClerkNameDialog, maybe_ask_clerk_name
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.settings.shared_register import SharedRegisterTab
from wrc_desktop.store import audit, engines, server_settings


def test_the_first_start_on_a_shared_register_asks_once_and_the_rows_carry_the_login(
    qtbot, two_desks
):
    zhang, _li = two_desks
    offered: list[str] = []

    def ask(role: str) -> str:
        offered.append(role)
        return " 张三 "

    assert maybe_ask_clerk_name(zhang, ask=ask) == "张三"
    assert offered == ["zhangsan"]  # the database role is the default
    assert server_settings.load().clerk == "张三"  # where the settings tab keeps it
    assert engines.chosen_clerk() == "张三"
    tab = SharedRegisterTab(RegisterOps(zhang))
    qtbot.addWidget(tab)
    assert tab.clerk.text() == "张三"

    unit_id, _ = desk_units.save_unit(zhang, None, unit=unit_data(), agents=[])
    with zhang._session() as session:
        # the name is shown beside the login; who acts (and is recorded) is the login
        assert audit.last_clerk(session, "unit", unit_id) == "zhangsan"
    assert maybe_ask_clerk_name(zhang, ask=ask) is None  # not asked again
    assert offered == ["zhangsan"]


def test_an_empty_answer_keeps_the_role(two_desks):
    zhang, _li = two_desks
    assert maybe_ask_clerk_name(zhang, ask=lambda role: "") == "zhangsan"
    assert server_settings.load().clerk == "zhangsan"


def test_the_question_offers_the_role(qtbot):
    dialog = ClerkNameDialog("zhangsan")
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "zhangsan"
    assert dialog.windowTitle() == "您的姓名"


def test_a_clerks_own_file_never_asks(register):
    def ask(role: str) -> str:
        raise AssertionError("asked on a clerk's own file")

    assert maybe_ask_clerk_name(desk_over(register, TODAY), ask=ask) is None
