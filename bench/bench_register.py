"""Benchmark of the register window: first paint after start, and a filter keystroke.

Targets: a painted window within 1.0 s of process start with 10 000 holders,
and at most 50 ms per filter keystroke with 50 000 holders. Prints the median
(and the worst) of several runs.

    python bench/bench_register.py [--runs 5] [--keep DIR]

Start-up is timed from outside: the parent starts a fresh interpreter that
runs the real ``wrc_desktop.app.launch`` and reports when the table's viewport
has been painted, so interpreter start, imports, opening (and checking) the
database, the query and the statuses are all inside the number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD_FLAG = "--child-first-paint"
DUE_CHILD_FLAG = "--child-due-shown"
STALL_CHILD_FLAG = "--child-start-stall"
KEYSTROKES = [
    # (what was typed so far, as the clerk types it) — names in pinyin, an ID, a department, then clearing.
    "z",
    "zh",
    "zha",
    "zhan",
    "zhang",
    "zhan",
    "zha",
    "zh",
    "z",
    "",
    "w",
    "wl",
    "wl",
    "1",
    "11",
    "110",
    "1101",
    "11010",
    "110105",
    "",
    "研",
    "研发",
    "研发中",
    "",
    "京工居2024",
    "京工居20240",
    "",
]


def build_register(folder: Path, holders: int) -> Path:
    """A register with ``holders`` generated holders in four units, inserted in bulk (Core)."""
    from wrc_desktop.store import unit_records
    from wrc_desktop.store.bulk import insert_holders
    from wrc_desktop.store.db import open_register
    from wrc_desktop.store.demo import DEMO_UNITS, generate_holders, make_uscc

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wrc.sqlite3"
    register = open_register(path, folder / "backups")
    rng = random.Random(7)
    try:
        with register.session() as session:
            unit_ids = [
                unit_records.create_unit(session, data={**u, "uscc": make_uscc(rng)}).id
                for u in DEMO_UNITS
            ]
            items = list(generate_holders(rng, unit_ids, holders, dt.date.today()))
            insert_holders(session.connection(), items, source="manual", note="benchmark")
    finally:
        register.close()
    return folder


def child_first_paint(data_dir: str) -> None:
    """Run in the child process: start the app, print when the register is painted, exit at once."""
    from wrc_desktop.app import import_core_before_qt, launch, make_application

    import_core_before_qt()  # as the app's main() does
    from PySide6.QtCore import QEvent, QObject

    application = make_application([])
    window = launch(data_dir)

    # The window opens on its home page (the due list once there are holders, the
    # register otherwise); the register rows are loaded before the first paint either way.
    page = window.sections.currentWidget()

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and (
                watched is page or page.isAncestorOf(watched)
            ):
                print(f"painted rows={window.page.proxy.rowCount()}", flush=True)
                os._exit(0)
            return False

    watcher = Painted()
    application.installEventFilter(watcher)
    application.exec()


def child_due_shown(data_dir: str) -> None:
    """Run in the child process: the app's real ``main()`` (single-instance lock, integrity
    check, start-up backup, tray, everything) until the 待办 list is filled and painted."""
    from wrc_desktop import app
    from wrc_desktop.gui.pages.due_view import DueView

    filled = DueView._loaded

    def loaded_and_painted(view: DueView, due) -> None:
        filled(view, due)
        view.repaint()  # a synchronous paint of the filled list
        print(f"due shown items={len(due.shown)}", flush=True)
        os._exit(0)

    DueView._loaded = loaded_and_painted  # type: ignore[method-assign]
    app.main(["--data-dir", data_dir, "--no-crash-dialog"])


def child_start_stall(data_dir: str) -> None:
    """Run in the child process: the app's real ``main()``; print the longest stall of the UI
    thread from the first turn of its event loop until everything start sets off is done —
    the 待办 list shown, the register's rows in, the start-up check and backup written — and
    the window has been idle for a moment. A stall is the lateness of a 10 ms timer."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from wrc_desktop import app
    from wrc_desktop.gui.shell.main_window import MainWindow

    shown = MainWindow.show
    state: dict = {"worst": 0, "quiet": 0}

    def show_and_watch(window: MainWindow) -> None:
        shown(window)
        clock, ticker = QElapsedTimer(), QTimer(window)
        clock.start()
        state["last"] = 0

        def tick() -> None:
            now = clock.elapsed()
            state["worst"] = max(state["worst"], now - state["last"] - 10)
            state["last"] = now
            ops, page = window.ops, window.page
            done = (
                window.due_view.due is not None
                and page.model.total_count > 0
                and not any(w.pending for w in (ops.writer, ops.reader, ops.bulk_reader))
            )
            state["quiet"] = state["quiet"] + 1 if done else 0
            if state["quiet"] >= 30:  # 300 ms with nothing left to do
                print(f"stall worst_ms={state['worst']}", flush=True)
                os._exit(0)

        ticker.setInterval(10)
        ticker.timeout.connect(tick)
        QTimer.singleShot(0, ticker.start)  # from the first turn of the event loop

    MainWindow.show = show_and_watch  # type: ignore[method-assign]
    assert QApplication.instance() is None
    app.main(["--data-dir", data_dir, "--no-crash-dialog"])


def _time_child(flag: str, data_dir: Path, runs: int, expected: str) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, flag, str(data_dir)], stdout=subprocess.PIPE, text=True
        )
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        child.wait()
        if not line.startswith(expected):
            raise RuntimeError(f"the child did not get there: {line!r}")
        times.append(elapsed)
    return times


def time_startup(data_dir: Path, runs: int) -> list[float]:
    return _time_child(CHILD_FLAG, data_dir, runs, "painted")


def time_due_shown(data_dir: Path, runs: int) -> list[float]:
    """Start → 待办 list shown, through the app's real ``main()``."""
    return _time_child(DUE_CHILD_FLAG, data_dir, runs, "due shown")


def start_stalls(data_dir: Path, runs: int) -> list[float]:
    """The longest UI-thread stall of each start (seconds), through the app's real ``main()``."""
    stalls = []
    for _ in range(runs):
        child = subprocess.run(
            [sys.executable, __file__, STALL_CHILD_FLAG, str(data_dir)],
            stdout=subprocess.PIPE,
            text=True,
            check=False,
            timeout=300,
        )
        line = child.stdout.strip().splitlines()[-1] if child.stdout.strip() else ""
        if not line.startswith("stall worst_ms="):
            raise RuntimeError(f"the child did not get there: {child.stdout[-300:]!r}")
        stalls.append(int(line.partition("=")[2]) / 1000)
    return stalls


def time_due_computation(data_dir: Path, runs: int) -> tuple[list[float], list[float]]:
    """The 待办 computation over the whole register (a fresh rules memo each run), and its
    baseline: the register's rows and every holder's permit state under the same context."""
    from wrc_desktop.desk import Desk
    from wrc_desktop.reports.due_list import due_list
    from wrc_desktop.reports.rows import DeadlineSource
    from wrc_desktop.store.queries import register_rows

    desk = Desk(open_configured_at(data_dir), data_dir=data_dir)
    ours, bare = [], []
    try:
        for _ in range(runs):
            with desk._session() as session:
                start = time.perf_counter()
                due_list(session, DeadlineSource(desk.rules()))
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                source = DeadlineSource(desk.rules())
                for row in register_rows(session, include_left=False):
                    source.state(row)
                bare.append(time.perf_counter() - start)
    finally:
        desk.close()
    return ours, bare


def open_configured_at(data_dir: Path):
    from wrc_desktop.store.db import open_register

    return open_register(data_dir / "wrc.sqlite3", data_dir / "backups")


def wait_for(application, condition) -> None:
    """Run the event loop until ``condition()`` holds, idling between events as the app's own
    loop does: a loop that spins on ``processEvents()`` keeps the interpreter lock from the
    background threads whose results it is waiting for, and times them slower than they are."""
    from PySide6.QtCore import QEventLoop, QTimer

    wake = QTimer()  # a condition may turn true without an event: look again every 5 ms
    wake.start(5)
    try:
        while not condition():
            application.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        wake.stop()


def time_keystrokes(data_dir: Path, runs: int) -> tuple[list[float], float, float]:
    """Per-keystroke times (filter + repaint of the table), and the load and key-building times."""
    from PySide6.QtWidgets import QApplication

    from wrc_desktop.desk import Desk
    from wrc_desktop.gui.shell.main_window import MainWindow
    from wrc_desktop.store.db import open_register

    application = QApplication.instance() or QApplication([])
    register = open_register(data_dir / "wrc.sqlite3", data_dir / "backups")
    start = time.perf_counter()
    window = MainWindow(Desk(register, data_dir=data_dir))
    window.show()
    window.ops.wait()  # the rows arrive from the background reader
    application.processEvents()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    window.page.model.ensure_search_keys()
    keys = time.perf_counter() - start
    page, times = window.page, []
    for _ in range(runs):
        for text in KEYSTROKES:
            start = time.perf_counter()
            page.search.setText(text)
            page.apply_filter()  # what the keystroke's timer runs
            page.view.viewport().repaint()
            times.append(time.perf_counter() - start)
    window.close()
    register.close()
    return times, loaded, keys


def time_edits(data_dir: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Edit one holder (one with a task on the 待办 list) through the window's write door, as
    the holder dialog does.

    Returns, per edit, the time from the clerk's "save" until the register's row shows the
    new value, until the 待办 list shows it too (the holder's task carries the department),
    and the longest stall of the UI thread meanwhile: the worst lateness of a 10 ms timer (a
    blocked event loop cannot fire it).
    """
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from wrc_desktop.desk import Desk
    from wrc_desktop.desk import holders as desk_holders
    from wrc_desktop.gui.models.register_model import Column
    from wrc_desktop.gui.shell.main_window import MainWindow
    from wrc_desktop.store.db import open_register

    application = QApplication.instance() or QApplication([])
    register = open_register(data_dir / "wrc.sqlite3", data_dir / "backups")
    window = MainWindow(Desk(register, data_dir=data_dir))
    window.show()
    window.show_section("登记册")
    window.ops.wait()  # the rows, and the due list computed at start, have arrived
    application.processEvents()
    model = window.page.model
    # A renewal task: its holder is active, so the register's default filter shows the row.
    holder_id = next(i.holder_id for i in window.due_view.due.shown if i.kind == "renewal")
    detail, _copy = window.ops.read(lambda desk: desk_holders.read_for_edit(desk, holder_id))
    holder = detail.holder.model_dump(
        exclude={"id", "created_at", "updated_at", "unit_id", "version"}
    )
    family = [m.model_dump(exclude={"holder_id"}) for m in detail.family]
    permit = {
        "certificate_no": "",
        "first_issued": "",
        "start": "",
        "expiry": "",
        "status": "valid",
    }
    shown, due_shown, stalls = [], [], []

    def due_has(department: str) -> bool:
        due = window.due_view.due
        return any(i.holder_id == holder_id and i.department == department for i in due.shown)

    for run in range(runs):
        department = f"编辑测试{run}"
        values = {**holder, "department": department}
        clock, ticker, last, worst = QElapsedTimer(), QTimer(), [0], [0]
        clock.start()

        def tick(clock=clock, last=last, worst=worst) -> None:
            now = clock.elapsed()
            worst[0] = max(worst[0], now - last[0] - 10)
            last[0] = now

        ticker.setInterval(10)
        ticker.timeout.connect(tick)
        ticker.start()
        began = time.perf_counter()
        copy = window.ops.read(lambda desk: desk_holders.read_for_edit(desk, holder_id))[
            1
        ]  # as a dialog opens
        if copy.permit_id is not None:
            permit = {
                **copy.permit_seen,
                **{k: v for k, v in permit.items() if k not in copy.permit_seen},
            }
        window.ops.write(
            lambda desk, values=values, copy=copy, permit=permit: desk_holders.save_holder(
                desk,
                copy,
                unit_id=detail.holder.unit_id,
                holder=values,
                family=family,
                permit=permit,
            )
        )

        def row_shows(department: str = department) -> bool:
            row = model.row_of_holder(holder_id)
            return row is not None and model.index(row, Column.DEPARTMENT).data() == department

        wait_for(application, row_shows)
        shown.append(time.perf_counter() - began)
        wait_for(application, lambda department=department: due_has(department))
        due_shown.append(time.perf_counter() - began)
        for _ in range(5):  # let the other pages finish reacting
            application.processEvents()
            time.sleep(0.01)
        window.ops.wait()
        ticker.stop()
        stalls.append(worst[0] / 1000)
    window.close()
    register.close()
    return shown, due_shown, stalls


def time_first_visit(data_dir: Path, runs: int) -> list[float]:
    """The clerk's first look at 登记册: the window opened on 待办 and everything start set off
    has finished; from the click on 登记册 until its table is painted."""
    from PySide6.QtWidgets import QApplication

    from wrc_desktop.desk import Desk
    from wrc_desktop.gui.shell.main_window import MainWindow
    from wrc_desktop.store.db import open_register

    application = QApplication.instance() or QApplication([])
    times = []
    for _ in range(runs):
        register = open_register(data_dir / "wrc.sqlite3", data_dir / "backups")
        window = MainWindow(Desk(register, data_dir=data_dir))
        window.resize(1366, 768)
        window.show()
        window.ops.wait()
        application.processEvents()
        start = time.perf_counter()
        window.show_section("登记册")
        window.page.repaint()
        times.append(time.perf_counter() - start)
        window.close()
        register.close()
    return times


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, worst {max(values) * 1000:.0f} ms (n={len(values)})"


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == CHILD_FLAG:
        child_first_paint(sys.argv[2])
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == DUE_CHILD_FLAG:
        child_due_shown(sys.argv[2])
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == STALL_CHILD_FLAG:
        child_start_stall(sys.argv[2])
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the registers here and keep them")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="wrc-bench-"))
    try:
        for holders in (10_000, 50_000):
            folder = root / f"h{holders}"
            if not (folder / "wrc.sqlite3").exists():
                start = time.perf_counter()
                build_register(folder, holders)
                print(f"built {holders} holders in {time.perf_counter() - start:.1f} s")
            startup = time_startup(folder, args.runs)
            target = " (target ≤ 1000 ms)" if holders == 10_000 else ""
            print(f"start → painted window, {holders} holders: {_ms(startup)}{target}")
        keystrokes, loaded, keys = time_keystrokes(root / "h50000", args.runs)
        print(
            f"50000 holders: window built and shown in {loaded * 1000:.0f} ms; "
            f"search keys (after first paint) {keys * 1000:.0f} ms"
        )
        print(f"filter keystroke + repaint, 50000 holders: {_ms(keystrokes)} (target ≤ 50 ms)")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
