"""Multi-select and bulk actions on 待办 and 登记册, with one undo (编辑 → 撤销, Ctrl+Z, the
status bar's link) that takes back exactly what was done — and refuses when it changed since."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from wrc_desktop.desk import due as desk_due


def _loaded(window, qtbot):
    view = window.due_view
    qtbot.waitUntil(lambda: view.due is not None and not view.computing, timeout=20_000)
    window.show_section("待办")
    return view


def _marks(window) -> dict:
    from wrc_desktop.store.warnings_state import latest_marks

    with window.desk._session() as session:
        return latest_marks(session)


def _title_row(view, name: str) -> int:
    return next(row for row in view.model.title_rows() if view.model.group_at(row) == name)


def _accept(seen: list):
    """A handler for ``on_modal``: keep the dialog's question, then press its OK button."""

    def handle(dialog) -> None:
        seen.append(dialog.question.text())
        dialog.ok.click()

    return handle


def test_a_bulk_handled_of_a_group_then_one_undo_gives_the_same_marks_as_before(
    demo_window, on_modal, qtbot
):
    view = _loaded(demo_window, qtbot)
    before_marks, before_due = _marks(demo_window), view.due
    settle = [item for item in view.due.shown if item.urgency == "settle"]
    # Ctrl+click on the group's title selects its tasks (a plain click folds it)
    title = view.model.index(_title_row(view, "settle"), 0)
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        view.table.visualRect(title).center(),
    )
    assert view.selected_items() == settle
    assert view.selected_label.text() == f"已选 {len(settle)} 项"
    assert view.selected_item() is None and not view.mark_button.isEnabled()

    asked: list[str] = []
    seen = on_modal(_accept(asked))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.ack_button.click()
    assert seen and asked[0].startswith(f"将 {len(settle)} 项待办")
    assert view.model.counts()["settle"] == 0
    assert {_marks(demo_window)[i.key].action for i in settle} == {"handled"}
    undo = demo_window.act_undo
    assert undo.isEnabled() and undo.text() == f"撤销：知悉 {len(settle)} 项待办"
    assert demo_window.bulk_said.text() == f"已将 {len(settle)} 项待办标记为已处理。"
    assert demo_window.undo_link.isVisibleTo(demo_window)  # the status bar's 撤销 link

    with qtbot.waitSignal(view.loaded, timeout=20_000):
        undo.trigger()  # 编辑 → 撤销 (Ctrl+Z)
    assert _marks(demo_window) == before_marks
    assert view.due == before_due
    assert not undo.isEnabled() and undo.text() == "撤销"
    assert demo_window.bulk_said.text() == f"已撤销：知悉 {len(settle)} 项待办。"
    assert not demo_window.undo_link.isVisibleTo(demo_window)


def test_bulk_lost_of_all_tasks_records_only_lost_permits_and_the_link_undoes_it(
    demo_window, on_modal, qtbot
):
    view = _loaded(demo_window, qtbot)
    before_due = view.due
    lost = {item.holder_id for item in view.due.shown if item.kind == "lapsed"}
    register = demo_window.page.model
    recorded = {h: register.holder(h).permit_status for h in lost}
    assert set(recorded.values()) == {"valid"}  # lost by its dates, not yet recorded
    others = sum(1 for item in view.due.shown if item.kind != "lapsed")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selection.count() == len(view.due.shown)

    asked: list[str] = []
    on_modal(_accept(asked))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.lost_button.click()
    assert f"将在登记册中把 {len(lost)} 人的证件状态改为“失效”" in asked[0]
    assert f"跳过：{others} 项不是“证件已失效”的待办。" in asked[0]
    assert demo_window.ops.wait()
    assert {register.holder(h).permit_status for h in lost} == {"lapsed"}
    assert {register.state_of(h).label for h in lost} == {"已失效"}
    assert not [item for item in view.due.shown if item.kind == "lapsed"]

    with qtbot.waitSignal(view.loaded, timeout=20_000):
        demo_window.undo_link.linkActivated.emit("undo")
    assert demo_window.ops.wait()
    assert view.due == before_due
    assert {h: register.holder(h).permit_status for h in lost} == recorded


def test_undo_is_refused_in_one_line_when_a_task_was_marked_since(
    demo_window, on_modal, qtbot, monkeypatch
):
    view = _loaded(demo_window, qtbot)
    first = view.model.index(_title_row(view, "soon") + 1, 0)
    view.table.selectionModel().select(
        QItemSelection(first, first.siblingAtRow(first.row() + 4)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    chosen = view.selected_items()
    assert len(chosen) == 5

    def snooze(dialog) -> None:
        dialog.until.setDate(dialog.until.date().addDays(30))
        dialog.ok.click()

    on_modal(snooze)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.snooze_button.click()
    again = chosen[2]
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        demo_window.ops.write(lambda desk: desk_due.mark(desk, again, action="reopened"))
    marks = _marks(demo_window)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    demo_window.act_undo.trigger()
    assert demo_window.ops.wait()
    refusal = (
        f"无法撤销“暂缓 5 项待办”：{again.holder_name}的{again.kind_label}此后又被标记；"
        "撤销未执行，登记册没有改动。"
    )
    assert warned == [refusal]
    assert _marks(demo_window) == marks
    assert not demo_window.act_undo.isEnabled()  # the record could never be taken back now


def test_the_registers_bulk_menu_marks_the_selected_holders_tasks(demo_window, on_modal, qtbot):
    view = _loaded(demo_window, qtbot)
    demo_window.show_section("登记册")
    page = demo_window.page
    with_tasks = {item.holder_id for item in view.due.shown}
    rows = [r for r in range(page.proxy.rowCount()) if page.model.holder_id_at(r) in with_tasks]
    quiet = next(r for r in range(page.proxy.rowCount()) if r not in rows)
    selection = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (*rows[:6], quiet):
        page.view.selectionModel().select(page.proxy.index(row, 0), selection)
    assert page.selected_count() == 7 and page.selected_holder_id() is None
    assert (
        demo_window.bulk_button.isEnabled() and demo_window.bulk_button.text() == "批量操作（7 人）"
    )
    chosen = {page.model.holder_id_at(r) for r in rows[:6]}
    tasks = {item.key for item in view.due.shown if item.holder_id in chosen}

    asked: list[str] = []
    seen = on_modal(_accept(asked))
    action = next(a for a in demo_window.bulk_menu.actions() if a.text() == "知悉…")
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        action.trigger()
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert asked[0].startswith(f"将 {len(tasks)} 项待办（6 人）标记为已处理")
    assert "跳过：1 人当前没有待办。" in asked[0]
    assert {key for key, mark in _marks(demo_window).items() if mark.action == "handled"} == tasks
    assert not tasks & {item.key for item in view.due.shown}
