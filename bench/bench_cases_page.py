"""Benchmark of the 办理事项 page with many open cases (target: listed within 200 ms).

The page lists the cases from the register at once and fills in each one's checks (next
deadline, what is missing) behind, a few hundred cases per background query. Timed from
the page asking for its list until the cases are listed, and until every check is in;
the baseline reads the same list with sqlite3.

    python bench/bench_cases_page.py [--runs 5] [--cases 1000]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

RAW_CASES_SQL = (
    "select c.id, c.number, c.holder_id, h.name, c.kind, c.district, c.status, c.submit_on "
    'from "case" c join holder h on h.id = c.holder_id '
    "where c.status in ('preparing', 'returned', 'submitted') order by c.id desc"
)


def add_cases(data_dir: Path, count: int) -> None:
    """Open a renewal case for each of the first ``count`` active holders with a permit."""
    from bench_register import open_configured_at

    from wrc_desktop.desk import Desk, case_lifecycle
    from wrc_desktop.store.queries import register_rows

    desk = Desk(open_configured_at(data_dir), data_dir=data_dir)
    try:
        rules = desk.rules()
        with desk._session() as session:
            holders = [r for r in register_rows(session, include_left=False) if r.expiry]
            for row in holders[:count]:
                case_lifecycle.create_case(
                    session, holder_id=row.holder_id, kind="renewal", rules=rules
                )
            session.commit()
    finally:
        desk.close()


def time_cases_page(data_dir: Path, runs: int) -> tuple[list[float], list[float]]:
    """Per run: page asks → cases listed, and page asks → every check in (seconds)."""
    from bench_register import open_configured_at, wait_for
    from PySide6.QtWidgets import QApplication

    from wrc_desktop.desk import Desk
    from wrc_desktop.gui.doors.operations import RegisterOps
    from wrc_desktop.gui.pages.cases_view import CasesView

    application = QApplication.instance() or QApplication([])
    ops = RegisterOps(Desk(open_configured_at(data_dir), data_dir=data_dir))
    view = CasesView(ops)
    view.resize(1300, 700)
    view.show()
    ops.wait()
    listed, checked, reset_at = [], [], []
    view.model.modelReset.connect(lambda: reset_at.append(time.perf_counter()))
    for _ in range(runs):
        reset_at.clear()
        start = time.perf_counter()
        view.refresh()
        wait_for(application, lambda: bool(reset_at) and not view.checking)
        listed.append(reset_at[0] - start)  # the new list is in the table
        checked.append(time.perf_counter() - start)
    view.close()
    ops.desk.close()
    return listed, checked


def bare_cases_list(database: Path, runs: int) -> list[float]:
    """sqlite3: the same list of open cases with their holders' names."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        connection = sqlite3.connect(database)
        connection.execute(RAW_CASES_SQL).fetchall()
        connection.close()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    from bench_register import build_register

    root = Path(tempfile.mkdtemp(prefix="wrc-bench-cases-"))
    try:
        build_register(root, max(2 * args.cases, 2000))
        add_cases(root, args.cases)
        listed, checked = time_cases_page(root, args.runs)
        bare = bare_cases_list(root / "wrc.sqlite3", args.runs)
        print(f"listed: {statistics.median(listed) * 1000:.0f} ms (target ≤ 200 ms)")
        print(f"every check in: {statistics.median(checked) * 1000:.0f} ms")
        print(f"bare sqlite3 list: {statistics.median(bare) * 1000:.1f} ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
