"""What keeps the window's start free of long stalls: the register's read waits for the due
list's first paint, that paint comes once, the tray's summary queues behind the reads, and
the cycle collector is held while the window starts and given back however the start ends."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop import app
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk.records import DueList
from wrc_desktop.gui.doors import ui_collections
from wrc_desktop.gui.models import long_lived
from wrc_desktop.gui.shell.main_window import MainWindow
from wrc_desktop.gui.shell.tray import DueTray


class _Paints(QObject):
    """Each paint of a table's viewport: how many rows the table had, and its columns' widths."""

    def __init__(self, table) -> None:
        super().__init__()
        self.rows: list[int] = []
        self.widths: list[list[int]] = []
        self._table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rows.append(self._table.model().rowCount())
            columns = range(self._table.model().columnCount())
            self.widths.append([self._table.columnWidth(column) for column in columns])
        return False


def test_the_registers_read_starts_once_the_due_lists_rows_are_painted(
    demo_register, qtbot, monkeypatch
):
    seen_at_read: list[list[int]] = []
    snapshot = desk_holders.snapshot
    window: MainWindow | None = None

    def watched_snapshot(desk, *args, **kwargs):
        assert window is not None
        seen_at_read.append(list(paints.rows))
        return snapshot(desk, *args, **kwargs)

    monkeypatch.setattr(desk_holders, "snapshot", watched_snapshot)
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    window.show_section("待办")
    paints = _Paints(window.due_view.table)
    with qtbot.wait_signal(window.started, timeout=10_000):
        window.show()
    assert window.ops.wait()
    (rows_painted,) = seen_at_read  # one read of the whole register
    assert rows_painted and rows_painted[-1] == window.due_view.model.rowCount() > 0
    assert window.page.model.total_count == 200


def test_the_columns_keep_their_widths_when_the_rows_and_their_scroll_bar_arrive(
    demo_register, qtbot
):
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    window.show_section("待办")
    window.resize(1366, 600)  # 200 holders' tasks need the scroll bar
    window.show()
    qtbot.wait_exposed(window)
    view = window.due_view
    paints = _Paints(view.table)
    view.table.viewport().repaint()  # "正在计算……": no rows, no scroll bar
    with qtbot.wait_signal(view.shown, timeout=10_000):
        pass
    assert window.ops.wait()
    assert view.table.verticalScrollBar().isVisible()
    assert paints.rows[0] == 0 and paints.rows[-1] == view.model.rowCount() > 0
    # Refitted, the whole table was painted again right after its first paint with rows.
    assert all(widths == paints.widths[0] for widths in paints.widths)


def test_a_due_list_that_cannot_be_computed_lets_the_register_be_read(
    demo_register, qtbot, monkeypatch
):
    def broken(_desk, *args, **kwargs):
        raise RuntimeError("the rules could not be read")

    monkeypatch.setattr(desk_due, "due_list", broken)
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    with qtbot.wait_signal(window.started, timeout=5_000):  # well before the read's own 1 s
        window.show()
    assert window.due_view.summary.text().startswith("无法计算待办")
    assert window.page.model.total_count == 200


def test_the_trays_summary_is_counted_after_starts_reads(demo_register, qtbot, monkeypatch):
    asked: list[str] = []
    snapshot, summary = desk_holders.snapshot, DueList.summary

    def counted_snapshot(desk, *args, **kwargs):
        asked.append("register")
        return snapshot(desk, *args, **kwargs)

    def counted_summary(due):
        asked.append("summary")
        return summary(due)

    monkeypatch.setattr(desk_holders, "snapshot", counted_snapshot)
    monkeypatch.setattr(DueList, "summary", counted_summary)
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    tray = DueTray(window.due_view, parent=window)
    window.show()
    with qtbot.wait_signal(tray.notified, timeout=10_000) as notified:
        tray.start()
    assert asked == ["register", "summary"]
    assert notified.args[0] == summary(window.due_view.due)


def test_the_collector_is_held_until_released_and_what_lived_is_frozen(monkeypatch, qapp):
    monkeypatch.setattr(long_lived, "_held", False)
    ui_collections.collect_automatically()  # as main() finds it: on, and automatic
    assert gc.isenabled() and not ui_collections.collecting_on_ui_thread()
    frozen_before = gc.get_freeze_count()
    try:
        assert long_lived.hold_collections()
        assert not gc.isenabled()
        assert not long_lived.hold_collections()  # held once
        kept = [[] for _ in range(10)]  # made while held: frozen with the rest
        assert long_lived.release_collections()
        assert gc.get_freeze_count() >= frozen_before + len(kept)
        # Back on, from the UI thread's timer: never automatically, on a worker.
        assert ui_collections.collecting_on_ui_thread() and not gc.isenabled()
        assert not long_lived.release_collections()  # nothing left to release
    finally:
        ui_collections.collect_on_ui_thread()


def test_collections_on_the_ui_thread_run_when_a_threshold_is_crossed(qapp):
    assert ui_collections.collect_on_ui_thread() and not gc.isenabled()
    gc.collect()
    assert ui_collections.collect_due() is None  # nothing due: no pass at all
    threshold = gc.get_threshold()[0]
    garbage = _cycles(threshold + 1)
    assert len(garbage) == threshold + 1 and not gc.isenabled()  # nothing collected them
    assert ui_collections.collect_due() == 0
    assert len(garbage) == 0


class _Cycle:
    me: object = None


def _cycles(count: int) -> weakref.WeakSet[_Cycle]:
    """``count`` objects that refer to themselves, which only the collector frees."""
    made: weakref.WeakSet[_Cycle] = weakref.WeakSet()
    for _ in range(count):
        cycle = _Cycle()
        cycle.me = cycle
        made.add(cycle)
    return made


def test_the_collector_is_not_taken_over_from_whoever_turned_it_off(monkeypatch):
    monkeypatch.setattr(long_lived, "_held", False)
    gc.disable()
    try:
        assert not long_lived.hold_collections()
        assert not long_lived.release_collections()
        assert not gc.isenabled()  # still theirs to turn on
    finally:
        gc.enable()


def test_a_start_that_ends_early_gives_the_collector_back(tmp_path, monkeypatch, qapp):
    data = tmp_path / "data"
    data.write_text("a file where the data folder should be")
    collecting: list[bool] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: collecting.append(gc.isenabled()) or 0)
    ui_collections.collect_automatically()  # as a process finds it before main()
    status = app.main(["--data-dir", str(data), "--no-crash-dialog"])
    assert status == app.EXIT_DATABASE_UNAVAILABLE
    assert collecting == [False]  # held while it started
    assert ui_collections.collecting_on_ui_thread()  # given back, to the UI thread


def test_the_tray_comes_once_the_windows_start_has_settled(demo_register, qtbot):
    window = MainWindow(desk_over(demo_register, TODAY))
    qtbot.addWidget(window)
    keeper, trays = app._start_background_duties(window, window.settings)
    try:
        assert trays == []  # its summary would be counted beside start's reads
        with qtbot.wait_signal(window.started, timeout=10_000):
            window.show()
        (tray,) = trays
        assert window.ops.wait()
        qtbot.wait_until(lambda: tray.last_notified == TODAY, timeout=10_000)
        assert window.page.model.total_count == 200 and window.due_view.due is not None
    finally:
        keeper.stop()
        for tray in trays:
            tray.stop()
