"""Bulk actions on a big register: what the clerk's window waits for, and what the writer does.

    python bench/bench_bulk.py [--holders 20000]

Builds a demo register of ``--holders`` holders, opens the main window on it (offscreen)
and measures, with a 5 ms QTimer heartbeat on the UI thread: selecting the 待了结 group
and everything (Ctrl+A) up to the next paint; one 知悉 (for comparison), a bulk 知悉 of that
group and a bulk 登记失效 of everything, each from the write door until the lists are shown
again, and their undo.
Prints each with its longest stall of the UI thread (a stall is time between two beats).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 11, 22)


class Heartbeat:
    """The longest gap between two turns of the UI thread's event loop since :meth:`reset`."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.timeout.connect(self._beat)
        self.timer.start(5)

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def reset(self) -> None:
        self.gaps.clear()
        self.last = time.perf_counter()

    @property
    def longest_ms(self) -> float:
        return 1000 * max(self.gaps, default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=20_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wrc-bulk-"))
    os.environ["WRC_DATA_DIR"] = str(folder)

    from PySide6.QtWidgets import QApplication

    application = QApplication(sys.argv)
    from wrc_desktop import paths
    from wrc_desktop.desk import Desk, bulk
    from wrc_desktop.gui.shell.main_window import MainWindow
    from wrc_desktop.store.db import open_configured
    from wrc_desktop.store.demo import load_demo

    register = open_configured()
    with register.session() as session:
        load_demo(session, today=TODAY, holders=args.holders)
    desk = Desk(register, data_dir=paths.data_dir(), clock=lambda: TODAY)
    window = MainWindow(desk)
    window.resize(1366, 728)
    window.show()
    view = window.due_view

    def turn(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            application.processEvents()
            time.sleep(0.002)

    while view.due is None or view.computing or window.ops.pending:
        turn(0.05)
    window.show_section("登记册")
    turn(2)
    window.show_section("待办")
    turn(2)
    beat = Heartbeat()

    def select(label: str, act: Callable[[], object]) -> None:
        beat.reset()
        start = time.perf_counter()
        act()
        application.processEvents()  # the paint that follows
        took = 1000 * (time.perf_counter() - start)
        print(f"{label}: {took:.0f} ms to the next paint ({view.selection.count()} selected)")

    def write(label: str, act: Callable[[], object]) -> None:
        loaded: list[object] = []
        view.loaded.connect(loaded.append)
        beat.reset()
        start = time.perf_counter()
        act()
        while not loaded or window.ops.pending or view.computing:
            turn(0.002)
        took = time.perf_counter() - start
        turn(0.5)
        view.loaded.disconnect(loaded.append)
        print(f"{label}: {took:.2f} s until shown; longest UI stall {beat.longest_ms:.0f} ms")

    print(f"{args.holders} holders, {len(view.due.shown)} tasks: {view.model.counts()}")
    one = bulk.plan_items(view.due.shown[:1], bulk.HANDLED)
    write("知悉 1 task (the same recomputation follows any mark)", lambda: view.bulk.run(one, view))
    write("undo", lambda: view.bulk.undo(window))
    select("select 待了结 (its group's menu)", lambda: view.selection.select_group("settle"))
    settle = bulk.plan_items(view.selected_items(), bulk.HANDLED)
    write(f"知悉 {settle.count} tasks", lambda: view.bulk.run(settle, view))
    write("undo", lambda: view.bulk.undo(window))
    select("select everything (Ctrl+A)", view.table.selectAll)
    lost = bulk.plan_items(view.selected_items(), bulk.LOST)
    write(f"登记失效 {lost.holders} permits", lambda: view.bulk.run(lost, view))
    write("undo", lambda: view.bulk.undo(window))
    window.close()
    register.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
