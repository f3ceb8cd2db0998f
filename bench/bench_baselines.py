"""The bare baselines of the bench: the same work done by the bare libraries, and the CLI's times.

Each function returns per-run seconds (or MB), measured the way its line in run.py
measures the app, so that the ratio of the two medians says what the app's own work
costs on whatever machine runs it.
"""

from __future__ import annotations

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
