"""What a Windows user reaches for: Ctrl+F, Esc, F1 and the built-in guide, 导入花名册 on the welcome."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTextBrowser

from tests.conftest import TODAY
from tests.helpers import rules_on
from wrc_desktop import paths
from wrc_desktop.gui.shell.help_window import guide_text


def test_ctrl_f_focuses_the_register_search_from_any_page(demo_window, qtbot):
    demo_window.activateWindow()
    demo_window.show_section("报表")
    qtbot.keyClick(demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.sections.currentWidget() is demo_window.page
    assert QApplication.focusWidget() is demo_window.page.search


def test_f1_opens_the_guide_with_this_machines_folders(demo_window, qtbot):
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    dialog = demo_window.help_dialog
    qtbot.waitExposed(dialog)
    text = dialog.findChild(QTextBrowser).toPlainText()
    for heading in ("第一次使用", "每天的工作", "各种提示的含义", "数据和备份在哪里"):
        assert heading in text
    assert str(demo_window.desk.backups_dir) in text
    assert "$" not in text  # every folder filled in
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_guide_names_every_status_the_register_shows(isolated_data_dir):
    from wrc_desktop.rules.permit_state import SCALE

    text = guide_text(
        data_dir=isolated_data_dir,
        register=isolated_data_dir / "wrc.sqlite3",
        backups=paths.backups_dir(),
        logs=paths.logs_dir(),
    )
    missing = [label for label in SCALE if label not in text]
    assert missing == []


def test_the_guide_names_every_kind_of_due_item(isolated_data_dir):
    from wrc_desktop.rules.due import KINDS

    text = paths.resource_path("help", "guide.md").read_text(encoding="utf-8")
    missing = [label for label in KINDS.values() if label not in text]
    assert missing == []


def test_esc_closes_the_case_window(demo_window, demo_register, qtbot):
    from wrc_desktop.desk import case_lifecycle

    with demo_register.session() as session:
        case_id = case_lifecycle.create_case(
            session,
            holder_id=demo_window.page.model.row_at(0).holder_id,
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on=TODAY + dt.timedelta(days=9),
        ).id
    demo_window.open_case(case_id)
    window = demo_window.case_windows[case_id]
    qtbot.waitExposed(window)
    window.activateWindow()  # the clerk's click on it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.tree, Qt.Key.Key_Escape)  # wherever the focus is in the window
    qtbot.waitUntil(lambda: case_id not in demo_window.case_windows)


def test_the_welcome_offers_the_roster_import_once_a_unit_exists(window, register, monkeypatch):
    from tests.helpers import unit_data
    from wrc_desktop.store import unit_records

    welcome = window.page.welcome
    assert not welcome.import_button.isEnabled()  # an import needs the unit first
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data())
    window.reload()
    assert window.ops.wait()
    assert welcome.import_button.isEnabled()
    asked: list[bool] = []
    monkeypatch.setattr(window.reports_view, "ask_open_path", lambda: asked.append(True) or "")
    welcome.import_button.click()
    assert asked == [True]  # the same file question as 报表 → 导入花名册


def test_f1_inside_a_dialog_opens_a_guide_the_clerk_can_use(window, on_modal, qtbot):
    seen = []

    def press_f1(dialog):
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        window._help_key_for_dialog()  # as when the dialog's window takes the focus
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
        guide = [w for w in dialog.findChildren(QTextBrowser) if w.window() is not dialog]
        seen.append(bool(guide) and guide[0].window().isVisible())
        dialog.reject()

    on_modal(press_f1)
    window.add_holder()  # a modal dialog
    assert seen == [True]
