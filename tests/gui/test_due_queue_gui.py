"""From a due-list task to the new-case dialog in one click: the kind and date that fit the permit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from wrc_desktop.gui.models.due_model import LINK_COLUMN, STEP_COLUMN, link_specs


def _loaded(window, qtbot):
    view = window.due_view
    qtbot.waitUntil(lambda: view.due is not None, timeout=20_000)
    window.show_section("待办")
    return view


def _row_of(view, wanted):
    model = view.table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        item = model.item(index)
        if item is not None and wanted(item):
            return index
    raise AssertionError("no such row")


def _click(qtbot, view, index, prefix: str) -> None:
    """Press and release the mouse on the row's link whose target starts with ``prefix``."""
    cell = index.siblingAtColumn(LINK_COLUMN)
    view.table.scrollTo(cell)
    item = view.model.item(index)
    links = view.links.link_rects(
        view.table.visualRect(cell), item, QFontMetrics(view.table.font())
    )
    area = next(area for area, _text, target in links if target.startswith(prefix))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=area.center())


def test_clicking_a_renewal_tasks_link_opens_the_dialog_with_renewal_and_a_safe_date(
    demo_window, on_modal, qtbot
):
    view = _loaded(demo_window, qtbot)
    index = _row_of(
        view,
        lambda i: i is not None and i.kind == "renewal" and i.level in (2, 3) and i.case_id is None,
    )
    item = view.model.item(index)
    latest = demo_window.page.model.state_of(item.holder_id).latest_submission  # the register's
    assert index.siblingAtColumn(STEP_COLUMN).data() == item.step
    assert item.step.endswith("提交续签申请") and latest.isoformat() in item.step
    assert link_specs(item)[0][0] == "办理"
    shown = {}

    def look(dialog) -> None:
        assert dialog.ops.wait()  # the holder's data arrives from a query
        shown.update(
            holder=dialog.holder.currentData(),
            kind=dialog.kind.currentData(),
            label=dialog.kind.currentText(),
            submit=dialog.submit.date().toPython(),
            reason=dialog.reason.text(),
        )
        dialog.reject()

    seen = on_modal(look)
    _click(qtbot, view, index, "start:")
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert shown["holder"] == item.holder_id
    assert (shown["kind"], shown["label"]) == ("renewal", "续签")
    assert TODAY <= shown["submit"] <= latest
    assert shown["submit"] == item.apply_on  # the row said the same date
    assert f"最晚 {latest.isoformat()} 提交" in shown["reason"]  # the dialog says why and by when


def test_a_lost_permit_offers_a_new_application_or_is_recorded_lost_and_leaves_the_list(
    demo_window, on_modal, qtbot, monkeypatch
):
    view = _loaded(demo_window, qtbot)
    index = _row_of(view, lambda i: i is not None and i.kind == "lapsed")
    item = view.model.item(index)
    assert item.urgency == "settle" and item.step == "已失效：只能按新办重新申请"
    assert [text for text, _t, _h in link_specs(item)] == ["新办", "登记失效", "打开"]
    shown = {}

    def look(dialog) -> None:
        assert dialog.ops.wait()  # the holder's data arrives from a query
        shown.update(kind=dialog.kind.currentData(), reason=dialog.reason.text())
        dialog.reject()

    seen = on_modal(look)
    _click(qtbot, view, index, "start:")
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert shown["kind"] == "new" and "不能续签：只能按新办重新申请" in shown["reason"]

    demo_window.show_section("待办")
    index = _row_of(view, lambda i: i is not None and i.key == item.key)
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, _title, text, *args: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.table.setCurrentIndex(index)
        _click(qtbot, view, index, "lost:")
    assert "证件状态　有效 → 失效" in asked[0]
    assert item.key not in {i.key for i in view.due.shown + view.due.hidden}
    assert demo_window.page.model.state_of(item.holder_id).label == "已失效"


def test_the_registers_new_case_never_defaults_to_new_for_a_holder_with_a_permit(
    demo_window, on_modal
):
    # A holder under the age limit (past it, nothing is proposed: 新办 is the dialog's default).
    snapshot = [
        (row.holder_id, demo_window.page.model.state_of(row.holder_id))
        for row in (
            demo_window.page.model.row_at(n) for n in range(demo_window.page.model.rowCount())
        )
        if row.birth_date is not None and row.birth_date >= dt.date(1980, 1, 1)
    ]
    holder_id, state = next(
        (h, s) for h, s in snapshot if s.label in ("正常", "续签期内", "即将到最晚提交日")
    )
    demo_window.show_section("登记册")
    demo_window.show_holder(holder_id)
    shown = {}

    def look(dialog) -> None:
        assert dialog.ops.wait()  # the holder's data arrives from a query
        shown.update(kind=dialog.kind.currentData(), submit=dialog.submit.date().toPython())
        dialog.reject()

    seen = on_modal(look)
    demo_window.act_new_case.trigger()
    assert seen
    expected = "auto-extension" if state.deadlines.auto_extension else "renewal"
    assert shown["kind"] == expected
    assert shown["submit"] <= state.latest_submission
