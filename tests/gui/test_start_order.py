"""At start the due list is computed once, first, and both the page and the tray show it."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.gui.shell.main_window import MainWindow
from wrc_desktop.gui.shell.tray import DueTray


def test_the_due_list_is_computed_once_and_before_the_registers_rows(
    demo_register, qtbot, monkeypatch
):
    asked: list[str] = []
    due_list, snapshot = desk_due.due_list, desk_holders.snapshot

    def counted_due_list(desk, *args, **kwargs):
        asked.append("due list")
        return due_list(desk, *args, **kwargs)

    def counted_snapshot(desk, *args, **kwargs):
        asked.append("register")
        return snapshot(desk, *args, **kwargs)

    monkeypatch.setattr(desk_due, "due_list", counted_due_list)
    monkeypatch.setattr(desk_holders, "snapshot", counted_snapshot)
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    tray = DueTray(window.due_view, parent=window)
    window.show()
    with qtbot.wait_signal(tray.notified, timeout=10_000) as notified:
        tray.start()  # as the app starts it: after the window, while the list computes
    assert window.ops.wait()
    assert asked == ["due list", "register"]
    assert notified.args[0] == window.due_view.due.summary()
    assert window.due_view.model.counts()["overdue"] == sum(
        1 for item in window.due_view.due.shown if item.urgency == "overdue"
    )
    assert window.page.model.total_count == 200


def test_the_tray_started_after_the_list_arrived_notifies_with_it(
    demo_register, qtbot, monkeypatch
):
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    assert window.ops.wait()
    computed: list[bool] = []
    monkeypatch.setattr(desk_due, "due_list", lambda *a, **k: computed.append(True))
    tray = DueTray(window.due_view, parent=window)
    with qtbot.wait_signal(tray.notified, timeout=1_000) as notified:
        tray.start()
    assert computed == []  # the page's list, not a second computation
    assert notified.args[0] == window.due_view.due.summary()
    assert tray.last_notified == TODAY


def test_a_list_shown_while_a_new_one_computes_says_when_it_was_computed(demo_register, qtbot):
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    view = window.due_view
    assert view.summary.text() == "正在计算……"  # at start nothing from before is shown
    assert window.ops.wait()
    fresh = view.summary.text()
    assert fresh.startswith(TODAY.isoformat()) and "上次计算于" not in fresh
    with qtbot.wait_signal(view.loaded, timeout=10_000):
        view.refresh()
        stale = view.summary.text()  # the old rows stay until the new list arrives
        assert stale.startswith("上次计算于 ") and "正在更新" in stale
        assert stale.endswith(fresh)
        assert view.model.counts() == {
            name: len(items) for name, items in view.due.groups().items()
        }
    assert view.summary.text() == fresh  # replaced the moment the fresh one arrived
