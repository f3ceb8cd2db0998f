"""The due view, the reports page, the import dialog and the tray, driven headless with pytest-qt."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, id_number, with_wrong_check_digit
from tests.reports.builders import add_holder, add_unit, borrowed_housing_case, save_roster
from wrc_desktop.gui.due_view import ITEM_ROLE, OPEN_CASE, START_CASE, DueView
from wrc_desktop.gui.import_dialog import ImportDialog
from wrc_desktop.gui.operations import RegisterOps
from wrc_desktop.gui.reports_view import ReportsView
from wrc_desktop.gui.tray import DueTray
from wrc_desktop.store import repo


def _due_view(qtbot, register):
    view = DueView(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(view)
    view.resize(1300, 700)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    return view


def _rows(view):
    tree = view.tree
    return {
        tree.topLevelItem(g).text(0): [
            tree.topLevelItem(g).child(c) for c in range(tree.topLevelItem(g).childCount())
        ]
        for g in range(tree.topLevelItemCount())
    }


def test_due_view_groups_by_urgency_and_opens_holders(qtbot, demo_register):
    view = _due_view(qtbot, demo_register)
    groups = _rows(view)
    titles = list(groups)
    assert (
        titles[0].startswith("已逾期（")
        and titles[1].startswith("紧急（")
        and titles[2].startswith("近期（")
    )
    first = groups[titles[0]][0]
    item = first.data(0, ITEM_ROLE)
    assert first.text(0) == item.holder_name and first.text(4) == item.date.isoformat()
    assert first.text(5) == str(item.days_left) and first.text(6) == str(item.working_days_left)
    assert item.source.split("（")[0] in first.text(7) or "默认值" in first.text(7)
    assert not view.case_button.isEnabled()  # nothing selected yet
    view.tree.setCurrentItem(first)
    with qtbot.waitSignal(view.open_holder) as opened:
        view.open_button.click()
    assert opened.args == [item.holder_id]
    link = view.tree.itemWidget(first, 8)
    with qtbot.waitSignal(view.open_holder) as opened:
        link.linkActivated.emit(str(item.holder_id))
    assert opened.args == [item.holder_id]


def _row_of(view, kind):
    return next(
        row for rows in _rows(view).values() for row in rows if row.data(0, ITEM_ROLE).kind == kind
    )


def test_the_case_button_opens_the_case_or_starts_one(qtbot, register):
    submit = TODAY + dt.timedelta(days=20)
    with register.session() as session:
        _holder, case = borrowed_housing_case(
            session, today=TODAY, submit_on=submit, declared=submit - dt.timedelta(days=100)
        )
        renewing = add_holder(
            session,
            add_unit(session).id,
            name="李四",
            sequence="135",
            expiry=TODAY + dt.timedelta(days=50),
        )
    view = _due_view(qtbot, register)
    material = _row_of(view, "material")
    view.tree.setCurrentItem(material)
    assert view.case_button.isEnabled() and view.case_button.text() == OPEN_CASE == "打开办理事项"
    assert case.number in view.case_button.toolTip() and case.number in material.text(3)
    with qtbot.waitSignal(view.open_case) as opened, qtbot.assertNotEmitted(view.start_case):
        view.case_button.click()
    assert opened.args == [case.id]
    with qtbot.waitSignal(view.open_case) as opened:  # the row's own 办理事项 link
        view.tree.itemWidget(material, 8).linkActivated.emit(f"case:{case.id}")
    assert opened.args == [case.id]

    renewal = _row_of(view, "renewal")
    assert renewal.data(0, ITEM_ROLE).holder_id == renewing.id
    view.tree.setCurrentItem(renewal)
    assert view.case_button.text() == START_CASE == "办理…"
    with qtbot.waitSignal(view.start_case) as started, qtbot.assertNotEmitted(view.open_case):
        view.case_button.click()
    assert started.args == [renewing.id]
    assert 'href="start:' in view.tree.itemWidget(renewal, 8).text()


def test_snooze_from_the_view_hides_the_row(qtbot, demo_register):
    view = _due_view(qtbot, demo_register)
    item = view.due.shown[0]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.mark(item, "snoozed", until=TODAY + dt.timedelta(days=3), note="等材料")
    assert item.key not in {i.key for i in view.due.shown}
    assert item.key in {i.key for i in view.due.hidden}
    view.show_hidden.setChecked(True)
    assert any(title.startswith("已处理或暂缓") for title in _rows(view))
    with pytest.MonkeyPatch.context() as patch:
        warned = []
        patch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
        view.mark(
            view.due.shown[0], "snoozed", until=TODAY, note=""
        )  # queued; refused on the writer
        assert view.ops.wait()
    assert "应晚于今天" in warned[0]


def test_tray_summary_on_start(qtbot, demo_register):
    tray = DueTray(DueView(RegisterOps(desk_over(demo_register, TODAY))))
    with qtbot.waitSignal(tray.notified, timeout=10_000) as shown:
        tray.start()
    summary = shown.args[0]
    assert summary.title.startswith("工作居住证待办") and tray.last_notified == TODAY
    tray.stop()


def test_reports_view_exports_report_and_calendar(qtbot, demo_register, tmp_path):
    view = ReportsView(RegisterOps(desk_over(demo_register, TODAY)))
    qtbot.addWidget(view)
    target = tmp_path / "report.xlsx"
    view.ask_path = lambda *args: str(target)
    view.unit.setCurrentText("北京东华文化传媒有限公司")
    view.limit.setChecked(True)
    view.days.setValue(60)
    with qtbot.waitSignal(view.finished, timeout=15_000):
        view.export_report()
    sheet = openpyxl.load_workbook(target)["到期明细"]
    assert {row[0].value for row in sheet.iter_rows(min_row=4)} == {"北京东华文化传媒有限公司"}
    assert "60 天内" in sheet["A2"].value
    view.ask_path = lambda *args: str(tmp_path / "d.ics")
    with qtbot.waitSignal(view.finished, timeout=15_000) as done:
        view.export_ics()
    assert "已导出日历" in done.args[0] and (tmp_path / "d.ics").exists()


def test_import_dialog_preview_confirm_and_undo(qtbot, demo_register, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    rows = [
        ["赵一", id_number(birth="19900101", sequence="011"), "A1", "2027-01-05"],
        [
            "钱二",
            with_wrong_check_digit(id_number(birth="19900102", sequence="021")),
            "A2",
            "2027-01-05",
        ],
    ]
    path = save_roster(tmp_path / "名单.xlsx", rows, ["员工姓名", "证件号", "工号", "到期日"])
    view = ReportsView(RegisterOps(desk_over(demo_register, TODAY)))
    qtbot.addWidget(view)
    view.ask_open_path = lambda: str(path)
    dialog: ImportDialog = view.import_roster()
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=10_000)
    assert dialog.answers()["工号"] == "忽略" and dialog.answers()["员工姓名"] == "姓名"
    dialog.make_preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.pages.currentIndex() == 1
    assert (
        dialog.table.item(0, 1).text() == "有误" and "校验位错误" in dialog.table.item(0, 5).text()
    )
    assert not dialog.confirm_button.isEnabled()
    dialog.valid_only.setChecked(True)
    assert dialog.confirm_button.isEnabled()
    dialog.resize(980, 420)
    with qtbot.waitSignal(view.changed, timeout=10_000):
        dialog.confirm()
    with demo_register.session() as session:
        assert repo.holder_count(session) == 201
    assert view.undo_button.isEnabled() and "名单.xlsx" in view.last_import.text()
    with qtbot.waitSignal(view.changed):
        view.undo_import()
    with demo_register.session() as session:
        assert repo.holder_count(session) == 200
    assert not view.undo_button.isEnabled()


def test_import_dialog_shows_why_a_file_is_refused(qtbot, register, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    dialog = ImportDialog(RegisterOps(desk_over(register, TODAY)), bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "不是 .xlsx" in dialog.status.text(), timeout=10_000)
    assert not dialog.preview_button.isEnabled()
