"""The window's start as the clerk sees it: process start → the freshly computed 待办 rows painted.

The product's child runs the app's real ``main()`` (single-instance lock, start-up checks,
start-up backup, tray) and prints the moment the 待办 table's viewport paints rows of a list
computed in this start (the page shows no list from before, so any list on it is fresh);
then, from the first turn of the event loop until everything start sets off is done, a 10 ms
QTimer heartbeat on the UI thread gives the longest stall. The app is watched from outside
its code: an event filter on its QApplication, set up as soon as ``main`` has made it —
nothing of the app is replaced, and it imports and starts in its own order.

The bare child reads the same register with sqlite3, makes the same plain date checks
(:mod:`bare_due`) and paints the same number of rows in a QTableView at the same size.

    python bench/bench_start.py DATA_DIR       # one start of the product, as the bench runs it
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import Finished, run_child

HERE = Path(__file__).resolve().parent
PRODUCT = "--product"
BARE = "--bare"
BYTECODE = Path(tempfile.gettempdir()) / "wrc-bench-bytecode"


def child_product(data_dir: str) -> None:
    """The app's own ``main()``, watched from the moment its QApplication exists."""
    run_main_watched(data_dir, _watch)


def run_main_watched(data_dir: str, watch: Callable[[Any], None]) -> None:
    """Run the app's own ``main()`` and call ``watch(application)`` once its QApplication exists.

    The watch is set up from an audit hook on imports (the first import after ``main`` has
    made its QApplication), so the app imports its core and Qt in its own order and with
    its own settings; nothing of it is replaced."""
    hooked = False

    def on_import(event: str, _args: tuple) -> None:
        nonlocal hooked
        if hooked or event != "import" or threading.current_thread() is not threading.main_thread():
            return
        widgets = sys.modules.get("PySide6.QtWidgets")
        application = widgets.QApplication.instance() if widgets is not None else None
        if application is not None:
            hooked = True
            watch(application)

    sys.addaudithook(on_import)
    from wrc_desktop import app

    app.main(["--data-dir", data_dir, "--no-crash-dialog"])


def _watch(application) -> None:
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QTableView

    state = {"painted": False, "worst": 0, "last": 0, "quiet": 0}
    clock = QElapsedTimer()

    def window():
        found = [w for w in application.topLevelWidgets() if type(w).__name__ == "MainWindow"]
        return found[0] if found else None

    class RowsPainted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if state["painted"] or event.type() != QEvent.Type.Paint:
                return False
            table = watched.parent()
            view = table.parent() if isinstance(table, QTableView) else None
            if (
                type(view).__name__ == "DueView"
                and view.due is not None  # computed in this start: none is shown before
                and view.model.rowCount()
            ):
                state["painted"] = True
                cpu = time.process_time()
                print(f"painted items={len(view.due.shown)} cpu={cpu:.3f}", flush=True)
            return False

    def tick() -> None:
        now = clock.elapsed()
        state["worst"] = max(state["worst"], now - state["last"] - 10)
        state["last"] = now
        main = window()
        done = (
            main is not None
            and state["painted"]
            and main.page.model.total_count > 0
            and not any(w.pending for w in (main.ops.writer, main.ops.reader, main.ops.bulk_reader))
        )
        state["quiet"] = state["quiet"] + 1 if done else 0
        if state["quiet"] >= 30:  # 300 ms with nothing left to do
            print(f"stall worst_ms={state['worst']}", flush=True)
            os._exit(0)

    def start_heartbeat() -> None:  # the first turn of the event loop
        clock.start()
        ticker.start()

    watcher = RowsPainted(application)
    application.installEventFilter(watcher)
    ticker = QTimer(application)
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    QTimer.singleShot(0, start_heartbeat)


def child_bare(database: str, rows: int) -> None:
    sys.path.insert(0, str(HERE))
    from bare_due import KEYS, bare_due
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    application = QApplication([])
    tasks = bare_due(database, dt.date.today())
    # The same number of rows as the product painted (its rules show a few more or fewer).
    tasks = [tasks[i % len(tasks)] for i in range(rows)] if tasks else []
    model = QStandardItemModel(len(tasks), len(KEYS))
    for r, task in enumerate(tasks):
        for c, value in enumerate(task):
            model.setItem(r, c, QStandardItem(str(value)))
    view = QTableView()
    view.setModel(model)

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched is view.viewport():
                cpu = time.process_time()
                print(f"painted items={model.rowCount()} cpu={cpu:.3f}", flush=True)
                os._exit(0)
            return False

    watcher = Painted()
    application.installEventFilter(watcher)
    view.resize(1366, 768)
    view.show()
    application.exec()


def child_env() -> dict[str, str]:
    """The children's environment: offscreen, and Python's compiled bytecode kept between starts.

    An installed app starts from compiled bytecode (the installer ships it; a source install
    writes it on the first start). An environment that says not to write it
    (``PYTHONDONTWRITEBYTECODE``) had every measured start compile every module of the app
    again, some 0.3-0.5 s of a 1,000-holder start here. The bytecode goes to a folder of the
    bench's own, not beside the sources; the first start of each line writes it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    return env


def product_start(data_dir: Path) -> tuple[Finished, int, float]:
    """One start: (the child, items painted, the longest UI stall in seconds)."""
    env = child_env()
    finished = run_child(
        [sys.executable, __file__, PRODUCT, str(data_dir)], until_line=True, env=env
    )
    if not finished.line.startswith("painted items="):
        raise RuntimeError(f"the window did not paint its rows: {finished.line!r}")
    stall = next(
        (int(x.partition("=")[2]) for x in finished.rest if x.startswith("stall worst_ms=")), None
    )
    if stall is None:
        raise RuntimeError("the window's start did not finish")
    return finished, int(finished.line.split()[1].partition("=")[2]), stall / 1000


def cpu_at_paint(finished: Finished) -> float:
    """The child's processor time (all its threads) when it painted, as it printed it."""
    return float(finished.line.split("cpu=")[1])


def bare_start(database: Path, rows: int) -> Finished:
    env = child_env()
    finished = run_child(
        [sys.executable, __file__, BARE, str(database), str(rows)], until_line=True, env=env
    )
    if not finished.line.startswith("painted items="):
        raise RuntimeError(f"the bare window did not paint: {finished.line!r}")
    return finished


if __name__ == "__main__":
    if sys.argv[1] == PRODUCT:
        child_product(sys.argv[2])
    elif sys.argv[1] == BARE:
        child_bare(sys.argv[2], int(sys.argv[3]))
    else:
        print(product_start(Path(sys.argv[1])))
