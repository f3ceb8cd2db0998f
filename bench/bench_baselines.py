"""The bare baselines of the bench: the same work done by the bare libraries, and the CLI's times.

Each function returns per-run seconds (or MB), measured the way its line in run.py
measures the app, so that the ratio of the two medians says what the app's own work
costs on whatever machine runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW_ROWS_SQL = """
select h.id, h.name, h.id_number, h.department, u.name, u.district, p.certificate_no,
       (select max(expiry) from permitperiod pp where pp.permit_id = p.id)
from holder h join unit u on u.id = h.unit_id
left join permit p on p.id = (select max(id) from permit where holder_id = h.id)
where h.status = 'active' order by h.id
"""

_BARE_WINDOW = """
import os, sqlite3, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
rows = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()
model = QStandardItemModel(len(rows), 8)
for r, row in enumerate(rows):
    for c, value in enumerate(row):
        model.setItem(r, c, QStandardItem("" if value is None else str(value)))
view = QTableView()
view.setModel(model)
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is view.viewport():
            print("painted", flush=True)
            os._exit(0)
        return False
watcher = Painted()
app.installEventFilter(watcher)
view.resize(1200, 700)
view.show()
app.exec()
"""

_BARE_MEMORY = """
import os, sqlite3, sys
sys.path.insert(0, sys.argv[3])
from bench_baselines import peak_mb
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QTableWidget
app = QApplication([])
rows = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()
view = QTableWidget(0, 8)
view.show()
app.processEvents()
print(peak_mb())
"""

_RAW_JSON = """
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()
keys = ("id", "name", "id_number", "department", "unit", "district", "certificate_no", "expiry")
sys.stdout.write(json.dumps([dict(zip(keys, row)) for row in rows], ensure_ascii=False))
"""


def peak_mb() -> float:
    """This process's own peak resident memory, in MB.

    Linux's VmHWM belongs to the process's own memory: ``ru_maxrss`` also keeps the
    parent's size at the fork (a bench parent holding a 50 000-row window made every
    child look as large as itself).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_process(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def bare_window_first_paint(database: Path, runs: int) -> list[float]:
    """A bare PySide6 table window over the same holders (sqlite3), until its first paint."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _BARE_WINDOW, str(database), RAW_ROWS_SQL],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = child.stdout.readline()
        times.append(time.perf_counter() - start)
        child.wait()
        if not line.startswith("painted"):
            raise RuntimeError(f"the bare window did not paint: {line!r}")
    return times


def bare_memory(database: Path, runs: int) -> list[float]:
    """Peak memory of a bare Qt window holding the same rows read with sqlite3."""
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", _BARE_MEMORY, str(database), RAW_ROWS_SQL, str(HERE)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
        )
        for _ in range(runs)
    ]


def bare_keystroke(database: Path, runs: int, keystrokes: list[str]) -> list[float]:
    """A substring scan over the same rows' text per keystroke (no model, no paint)."""
    import sqlite3

    rows = sqlite3.connect(database).execute(RAW_ROWS_SQL).fetchall()
    texts = [" ".join("" if v is None else str(v) for v in row) for row in rows]
    times = []
    for _ in range(runs):
        for text in keystrokes:
            start = time.perf_counter()
            _found = [t for t in texts if text in t]
            times.append(time.perf_counter() - start)
    return times


def bare_edit(database: Path, runs: int) -> list[float]:
    """sqlite3: change one holder's department, commit, read the row back."""
    import sqlite3

    connection = sqlite3.connect(database)
    (holder_id,) = connection.execute("select min(id) from holder").fetchone()
    times = []
    for run in range(runs):
        start = time.perf_counter()
        with connection:
            connection.execute(
                "update holder set department = ?, version = version + 1 where id = ?",
                (f"裸库编辑{run}", holder_id),
            )
        connection.execute(RAW_ROWS_SQL.replace("order by", f"and h.id = {holder_id} order by"))
        times.append(time.perf_counter() - start)
    connection.close()
    return times


def python_pass(runs: int) -> list[float]:
    return [_timed_process([sys.executable, "-c", "pass"]) for _ in range(runs)]


def cli(data_dir: Path, arguments: list[str], runs: int) -> list[float]:
    """``wrc ARGUMENTS`` as a process, start to exit."""
    command = [sys.executable, "-m", "wrc_desktop", "--data-dir", str(data_dir), *arguments]
    env = {**os.environ, "WRC_DATA_DIR": str(data_dir)}
    # An installed copy and the bundle run from compiled bytecode: a shell that forbids writing
    # it would time the compiling of every module of the app on every run instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _timed_process(command, env)  # the first run writes the settings, the log folder, bytecode
    return [_timed_process(command, env) for _ in range(runs)]


def raw_json(database: Path, runs: int) -> list[float]:
    """A process that reads the same holders with sqlite3 and prints them as JSON."""
    return [
        _timed_process([sys.executable, "-c", _RAW_JSON, str(database), RAW_ROWS_SQL])
        for _ in range(runs)
    ]


def bare_pdf(runs: int) -> list[float]:
    """reportlab alone: one A4 page with forty lines of Chinese text, to memory."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    times = []
    for _ in range(max(runs, 20)):
        start = time.perf_counter()
        page = canvas.Canvas(io.BytesIO(), pagesize=A4)
        page.setFont("STSong-Light", 11)
        for line in range(40):
            page.drawString(60, 780 - line * 18, f"第 {line} 行：工作居住证办理 申请人 张三")
        page.showPage()
        page.save()
        times.append(time.perf_counter() - start)
    return times


def first_pdf_process(runs: int) -> list[float]:
    """A process that imports reportlab and writes one page: the bare first form."""
    code = (
        "import io;from reportlab.pdfgen import canvas;c=canvas.Canvas(io.BytesIO());"
        "c.drawString(60,780,'x');c.showPage();c.save()"
    )
    return [_timed_process([sys.executable, "-c", code]) for _ in range(runs)]


def bare_states(count: int, runs: int) -> list[float]:
    """The same number of permits given a status by plain date comparisons (no rules, no calendar)."""
    import datetime as dt

    sys.path.insert(0, str(HERE))
    import bench_rules

    rows = bench_rules.register_rows(count)
    today = bench_rules.TODAY
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        _labels = [
            "已失效"
            if today >= expiry + dt.timedelta(days=30)
            else "续签期内"
            if today >= expiry - dt.timedelta(days=60)
            else "正常"
            for _district, expiry, _first in rows
        ]
        times.append(time.perf_counter() - start)
    return times


if __name__ == "__main__":
    print(json.dumps({"python -c pass": python_pass(3)}))
