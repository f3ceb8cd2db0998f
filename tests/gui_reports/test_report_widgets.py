"""The due view, the reports page, the import dialog and the tray, driven headless with pytest-qt."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QFontMetrics, QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, id_number, with_wrong_check_digit
from tests.reports.builders import add_holder, add_unit, borrowed_housing_case, save_roster
from wrc_desktop.desk import Changes
from wrc_desktop.desk import due as desk_due
from wrc_desktop.gui.dialogs.import_dialog import ImportDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.models.due_model import LINK_COLUMN, RULE_COLUMN, STEP_COLUMN
from wrc_desktop.gui.pages.due_view import ITEM_ROLE, OPEN_CASE, START_CASE, DueView
from wrc_desktop.gui.pages.reports_view import ReportsView
from wrc_desktop.gui.shell.tray import DueTray
from wrc_desktop.rules.due import URGENCIES
from wrc_desktop.store import holder_records


def _due_view(qtbot, register):
    view = DueView(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(view)
    view.resize(1300, 700)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
    return view


def _rows(view):
    """Each group's title with the index (first column) of each of its rows below it."""
    model = view.table.model()
    rows: dict[str, list] = {}
    title = None
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.item(index) is None:
            title = index.data()
            rows[title] = []
        else:
            rows[title].append(index)
    return rows


def _text(row, column):
    return row.siblingAtColumn(column).data()


def _select(view, row):
    view.table.setCurrentIndex(row)


def _click_link(qtbot, view, row, target_prefix):
    """Click, with the mouse, the link of ``row`` whose target starts with ``target_prefix``."""
    cell = row.siblingAtColumn(LINK_COLUMN)
    view.table.scrollTo(cell)
    rect = view.table.visualRect(cell)
    item = cell.data(ITEM_ROLE)
    links = view.links.link_rects(rect, item, QFontMetrics(view.table.font()))
    area, _text, target = next(link for link in links if link[2].startswith(target_prefix))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=area.center())
    return target


def test_due_view_groups_by_urgency_and_opens_holders(qtbot, demo_register):
    view = _due_view(qtbot, demo_register)
    groups = _rows(view)
    titles = list(groups)
    assert (
        titles[0].startswith("▾ 已逾期（")
        and titles[1].startswith("▾ 紧急（")
        and titles[2].startswith("▾ 近期（")
        and titles[3].startswith("▾ 待了结（")
    )
    assert [len(rows) for rows in groups.values()] == [
        len(items) for items in view.due.groups().values()
    ]
    first = groups[titles[0]][0]
    item = first.data(ITEM_ROLE)
    assert _text(first, 2) == item.holder_name and _text(first, 0) == item.date.isoformat()
    # Late, first the renewal still savable: its figure counts to the loss and names it.
    assert item.kind == "renewal" and item.stage in ("已过最晚提交日", "已过有效期（宽限期内）")
    assert _text(first, 1) == f"还剩 {item.days_left} 日（失效日）"
    for row in groups[titles[0]]:  # a passed date never reads as days left
        late = row.data(ITEM_ROLE)
        if late.days_left < 0:
            assert _text(row, 1).startswith(f"已过 {-late.days_left} 日（")
    assert _text(first, STEP_COLUMN) == item.step and item.step
    assert item.source.split("（")[0] in _text(first, RULE_COLUMN)
    assert not view.case_button.isEnabled()  # nothing selected yet
    _select(view, first)
    with qtbot.waitSignal(view.open_holder) as opened:
        view.open_button.click()
    assert opened.args == [item.holder_id]
    with qtbot.waitSignal(view.open_holder) as opened:
        assert _click_link(qtbot, view, first, str(item.holder_id)) == str(item.holder_id)
    assert opened.args == [item.holder_id]
    assert _text(first, LINK_COLUMN).endswith("打开")


def _row_of(view, kind):
    return next(
        row for rows in _rows(view).values() for row in rows if row.data(ITEM_ROLE).kind == kind
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
    _select(view, material)
    assert view.case_button.isEnabled() and view.case_button.text() == OPEN_CASE == "打开办理事项"
    assert case.number in view.case_button.toolTip() and case.number in _text(material, STEP_COLUMN)
    with qtbot.waitSignal(view.open_case) as opened, qtbot.assertNotEmitted(view.start_case):
        view.case_button.click()
    assert opened.args == [case.id]
    with qtbot.waitSignal(view.open_case) as opened:  # the row's own 办理事项 link
        assert _click_link(qtbot, view, material, "case:") == f"case:{case.id}"
    assert opened.args == [case.id]

    renewal = _row_of(view, "renewal")
    assert renewal.data(ITEM_ROLE).holder_id == renewing.id
    _select(view, renewal)
    assert view.case_button.text() == START_CASE == "办理…"
    with qtbot.waitSignal(view.start_case) as started, qtbot.assertNotEmitted(view.open_case):
        view.case_button.click()
    assert started.args[0] == renewing.id and started.args[1].kind == "renewal"
    with qtbot.waitSignal(view.start_case) as started, qtbot.assertNotEmitted(view.open_case):
        _click_link(qtbot, view, renewal, "start:")
    assert started.args[0] == renewing.id and started.args[1].apply_kind == "renewal"


def test_snooze_from_the_view_hides_the_row(qtbot, demo_register):
    view = _due_view(qtbot, demo_register)
    item = view.due.shown[0]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert view.mark(item, "snoozed", until=TODAY + dt.timedelta(days=3), note="等材料")
    assert item.key not in {i.key for i in view.due.shown}
    assert item.key in {i.key for i in view.due.hidden}
    view.show_hidden.setChecked(True)
    assert any(title.startswith("▸ 已处理或暂缓") for title in _rows(view))  # folded at first
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
    assert view.last_import.text() == "正在读取……"
    qtbot.waitUntil(lambda: view.unit.count() > 1)  # the units arrive from the reader
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
        assert holder_records.holder_count(session) == 201
    qtbot.waitUntil(lambda: "名单.xlsx" in view.last_import.text())  # read in the background
    assert view.undo_button.isEnabled()
    with qtbot.waitSignal(view.changed):
        view.undo_import()
    with demo_register.session() as session:
        assert holder_records.holder_count(session) == 200
    assert not view.undo_button.isEnabled()


def test_import_dialog_shows_why_a_file_is_refused(qtbot, register, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    dialog = ImportDialog(RegisterOps(desk_over(register, TODAY)), bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "不是 .xlsx" in dialog.status.text(), timeout=10_000)
    assert not dialog.preview_button.isEnabled()


def _model_groups(view):
    return {name: [item.key for item in items] for name, items in view.model.group_items().items()}


def _recomputed_groups(view, *, hidden=False):
    full = desk_due.due_list(view.ops.desk)
    groups = {name: [item.key for item in items] for name, items in full.groups().items()}
    if hidden and full.hidden:
        groups["hidden"] = [item.key for item in full.hidden]
    return full, groups


def test_an_edit_of_holders_updates_only_their_rows(qtbot, demo_register):
    from wrc_desktop.desk import holders as desk_holders

    view = _due_view(qtbot, demo_register)
    snoozed = view.due.shown[3]
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # a mark: the list is recomputed in full
        view.mark(snoozed, "snoozed", until=TODAY + dt.timedelta(days=3))
    view.show_hidden.setChecked(True)
    renewing = next(
        i.holder_id
        for i in view.due.shown
        if i.kind == "renewal" and i.holder_id != snoozed.holder_id
    )
    quiet = next(
        i.holder_id for i in view.due.shown if i.holder_id not in (renewing, snoozed.holder_id)
    )
    before = _model_groups(view)
    others = [
        row
        for rows in _rows(view).values()
        for row in rows
        if row.data(ITEM_ROLE).holder_id not in (renewing, snoozed.holder_id)
    ]
    _select(view, others[len(others) // 2])
    selected = view.selected_item()
    removed, inserted, lists = [], [], []
    view.loaded.connect(lists.append)
    view.model.rowsRemoved.connect(lambda parent, first, last: removed.append(last - first + 1))
    view.model.rowsInserted.connect(lambda parent, first, last: inserted.append(last - first + 1))
    left_on = TODAY - dt.timedelta(days=2)
    with qtbot.assertNotEmitted(view.model.modelReset):
        # two writes in a row: a query still on its way when the second lands is superseded by
        # one that also reads the first one's holder
        view.ops.write(lambda desk: desk_holders.archive_holder(desk, renewing, left_on=left_on))
        view.ops.write(
            lambda desk: desk_holders.archive_holder(desk, snoozed.holder_id, left_on=left_on)
        )
        assert view.ops.wait()
    assert lists and lists[-1] is view.due
    full, groups = _recomputed_groups(view, hidden=True)
    assert view.due == full and _model_groups(view) == groups != before
    assert 0 < sum(removed) < 20 and 0 < sum(inserted) < 20  # only the two holders' rows moved
    assert any(item.kind == "cancellation" and item.holder_id == renewing for item in full.shown)
    assert view.selected_item() == selected  # the clerk's selection stays on its row
    counts = [f"{len(items)} 项" for items in full.groups().values()]
    assert all(count in view.summary.text() for count in counts)

    with (
        qtbot.assertNotEmitted(view.model.modelReset),
        qtbot.waitSignal(view.loaded, timeout=10_000),
    ):
        view.ops.changed.emit(Changes.of_holders([quiet]), None)  # touched, nothing to change
    assert _model_groups(view) == groups

    with (
        qtbot.waitSignal(view.model.modelReset, timeout=10_000),
        qtbot.waitSignal(view.loaded, timeout=10_000),
    ):
        view.ops.changed.emit(Changes.of_case(1, quiet), None)  # a case: the whole list again
    assert _model_groups(view) == groups


def test_group_titles_span_the_row_carry_their_counts_and_fold_on_a_click(qtbot, demo_register):
    view = _due_view(qtbot, demo_register)
    view.show()
    model, table = view.table.model(), view.table
    counts = {name: len(items) for name, items in view.due.groups().items()}
    titles = model.title_rows()
    assert [model.group_at(row) for row in titles] == list(counts)
    for row in titles:
        title = model.index(row, 0)
        assert table.columnSpan(row, 0) == model.columnCount()
        assert (
            title.data() == f"▾ {URGENCIES[model.group_at(row)]}（{counts[model.group_at(row)]}）"
        )
        assert not model.flags(title) & Qt.ItemFlag.ItemIsSelectable
    assert model.rowCount() == len(titles) + sum(counts.values())  # every group unfolded

    overdue = model.index(titles[0], 0)
    table.scrollTo(overdue)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(overdue).center()
    )
    assert model.is_folded("overdue")
    assert model.index(0, 0).data() == f"▸ 已逾期（{counts['overdue']}）"
    assert model.rowCount() == len(titles) + sum(counts.values()) - counts["overdue"]
    assert model.group_at(1) == "urgent"  # the next title follows at once
    assert all(table.columnSpan(row, 0) == model.columnCount() for row in model.title_rows())
    assert _model_groups(view) == {
        name: [item.key for item in items] for name, items in view.due.groups().items()
    }  # folded, its warnings are still counted and kept

    with qtbot.waitSignal(view.loaded, timeout=10_000):  # a full recomputation keeps the fold
        view.refresh()
    assert model.is_folded("overdue") and model.rowCount() < len(titles) + sum(counts.values())
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Space)  # the keyboard unfolds it as well
    assert not model.is_folded("overdue")
    assert model.rowCount() == len(titles) + sum(counts.values())


def test_a_pointing_hand_over_a_rows_link(qtbot, demo_register):
    view = _due_view(qtbot, demo_register)
    view.show()
    first = _rows(view)[next(iter(_rows(view)))][0]
    cell = first.siblingAtColumn(LINK_COLUMN)
    view.table.scrollTo(cell)
    area = view.links.link_rects(
        view.table.visualRect(cell), cell.data(ITEM_ROLE), QFontMetrics(view.table.font())
    )[0][0]
    viewport = view.table.viewport()

    def move_to(point):
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(point),
            QPointF(viewport.mapToGlobal(point)),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)
        return viewport.cursor().shape()

    assert move_to(area.center()) == Qt.CursorShape.PointingHandCursor
    assert move_to(view.table.visualRect(first).center()) == Qt.CursorShape.ArrowCursor


def _hold_bulk_reader(view):
    """Keep the page's long-work thread busy until the returned event is set."""
    import threading

    gate = threading.Event()
    view.ops.query(lambda _desk: gate.wait(10), success=lambda _r: None, bulk=True)
    return gate


def test_the_report_shows_its_progress_and_hides_the_bar_when_done(qtbot, register, tmp_path):
    import random

    from wrc_desktop.store.bulk import insert_holders
    from wrc_desktop.store.demo import generate_holders

    with register.session() as session:
        unit = add_unit(session)
        insert_holders(
            session.connection(), list(generate_holders(random.Random(5), [unit.id], 1200, TODAY))
        )
    view = ReportsView(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(view)
    view.show()
    view.ask_path = lambda *args: str(tmp_path / "r.xlsx")
    assert view.report_bar.isHidden() and view.cancel_report_button.isHidden()
    gate = _hold_bulk_reader(view)
    view.export_report()
    assert view.report_bar.isVisible() and view.cancel_report_button.isEnabled()
    assert not view.report_button.isEnabled()
    seen = []
    view._report_progress.progress.connect(lambda done, total: seen.append((done, total)))
    values = []
    view._report_progress.progress.connect(lambda *_: values.append(view.report_bar.value()))
    gate.set()
    with qtbot.waitSignal(view.finished, timeout=30_000) as done:
        pass
    total = int(done.args[0].split("（")[1].split(" 人")[0])
    assert seen == [(500, total), (1000, total), (total, total)]
    assert values == [500, 1000, total] and view.report_bar.maximum() == total
    assert view.report_bar.isHidden() and view.cancel_report_button.isHidden()
    assert view.report_button.isEnabled()


def test_a_cancelled_report_saves_nothing_and_says_so(qtbot, demo_register, tmp_path):
    view = ReportsView(RegisterOps(desk_over(demo_register, TODAY)))
    qtbot.addWidget(view)
    view.show()
    target = tmp_path / "r.xlsx"
    view.ask_path = lambda *args: str(target)
    gate = _hold_bulk_reader(view)
    view.export_report()
    view.cancel_report()
    assert view.message.text() == "正在取消……" and not view.cancel_report_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: view.report_button.isEnabled(), timeout=30_000)
    assert view.message.text() == "已取消，未保存到期报表"
    assert "b00020" not in view.message.styleSheet()  # the clerk's choice, not shown as a fault
    assert not target.exists() and view.report_bar.isHidden()
