"""The lines of issue 29's waits, each against a bare baseline at the same size in the same run.

- ``wrc due --json`` (also with cases being prepared) and ``wrc deadlines`` as whole
  processes (start to exit);
- the window's start → the freshly computed 待办 rows painted, its longest UI stall and its
  peak memory (:mod:`bench_start`);
- the 待办 computation in-process (a fresh rules context each run) against sqlite3 and plain
  date checks (:mod:`bare_due`);
- ``wrc import`` of new rows and ``wrc report expiry`` as whole processes.

Every pair runs interleaved (:func:`measure.interleave`).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

import bench_start
from measure import Line, Runs, Sample, interleave, load_now, run_child

HERE = Path(__file__).resolve().parent
DUE_TARGETS = {1_000: 0.6, 10_000: 0.8}
START_TARGETS = {1_000: 1.0, 10_000: 1.5, 50_000: 2.5}
COMPUTATION_TARGET, COMPUTATION_RATIO = 1.0, 2.0
IMPORT_TARGET = 3.5
REPORT_TARGETS = {1_000: 1.5, 50_000: 10.0}
MEMORY_TARGET = 600  # MiB, at 200,000 holders


def cli_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "WRC_DATA_DIR": str(data_dir)}
    # An installed copy and the bundle run from compiled bytecode: a shell that forbids writing
    # it would time the compiling of every module of the app on every run instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wrc(data_dir: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "wrc_desktop", "--data-dir", str(data_dir), *arguments]


def timed(command: list[str], env: dict | None = None) -> Sample:
    finished = run_child(command, env=env)
    return finished.seconds, finished.cpu


def due_json_line(data_dir: Path, holders: int, runs: int) -> Line:
    return _due_process_line(data_dir, holders, runs, ("due", "--json"), "wrc due --json")


def due_json_cases_line(data_dir: Path, holders: int, cases: int, runs: int) -> Line:
    """``wrc due --json`` on a register with ``cases`` cases being prepared (a clerk nearly
    always has some): their materials' last days are warned about too — same bare process."""
    label = f"wrc due --json，{cases} 件准备中的办理事项"
    return _due_process_line(data_dir, holders, runs, ("due", "--json"), label)


def reminder_line(data_dir: Path, holders: int, runs: int) -> Line:
    """The daily reminder's job as the scheduler starts it (here printing, not popping up, its
    notification): the same due list as ``wrc due``, summed up — against the same bare process."""
    arguments = ("reminders", "run", "--print")
    return _due_process_line(data_dir, holders, runs, arguments, "wrc reminders run，每日提醒")


def _due_process_line(
    data_dir: Path, holders: int, runs: int, arguments: tuple[str, ...], label: str
) -> Line:
    """A command that works out the due list, as a whole process, in turn with the bare one."""
    env = cli_env(data_dir)
    command = wrc(data_dir, *arguments)
    run_child(command, env=env)  # the first run writes the settings, the log folder, bytecode
    bare = [sys.executable, str(HERE / "bare_due.py"), str(data_dir / "wrc.sqlite3")]
    ours, baseline = interleave(runs, lambda: timed(command, env), lambda: timed(bare))
    return Line(
        f"{label}（{holders:,} 名持证人，进程启动到退出）",
        ours,
        DUE_TARGETS.get(holders),
        "进程：sqlite3 读同样的持证人，每种待办做纯日期比较，输出 JSON",
        baseline,
    )


def deadlines_line(data_dir: Path, runs: int) -> Line:
    env = cli_env(data_dir)
    command = wrc(
        data_dir, "deadlines", "--district", "haidian", "--expiry", "2027-03-01", "--json"
    )
    run_child(command, env=env)
    ours, baseline = interleave(
        runs, lambda: timed(command, env), lambda: timed([sys.executable, "-c", "pass"])
    )
    return Line("wrc deadlines --json（进程启动到退出）", ours, 0.25, "python -c pass", baseline)


def start_lines(data_dir: Path, holders: int, runs: int) -> list[Line]:
    """Start → fresh 待办 rows painted, with the bare window painting as many rows; the longest
    UI stall of the same starts; their peak memory beside the bare window's."""
    _first, items, _stall = bench_start.product_start(data_dir)  # bytecode, settings, logs
    stalls, peaks, bare_peaks = Runs(), Runs(), Runs()

    def ours() -> Sample:
        finished, _items, stall = bench_start.product_start(data_dir)
        stalls.loads.append(load_now())
        stalls.add(stall)
        peaks.loads.append(load_now())
        peaks.add(finished.peak_mib)
        return finished.seconds, bench_start.cpu_at_paint(finished)

    def bare() -> Sample:
        finished = bench_start.bare_start(data_dir / "wrc.sqlite3", items)
        bare_peaks.add(finished.peak_mib)
        return finished.seconds, bench_start.cpu_at_paint(finished)

    painted, baseline = interleave(runs, ours, bare)
    return [
        Line(
            f"启动到新算出的待办行绘制完成（真实 main()；{holders:,} 名持证人，{items:,} 项）",
            painted,
            START_TARGETS.get(holders),
            f"PySide6 表格窗口：sqlite3 读同样的登记册、每种待办做纯日期比较，绘制同样 {items:,} 行",
            baseline,
        ),
        Line(
            f"启动期间界面线程最长停顿（10 ms 心跳；{holders:,} 名持证人）",
            stalls,
            0.1,
        ),
        Line(
            f"启动至待办显示的内存峰值（{holders:,} 名持证人）",
            peaks,
            MEMORY_TARGET if holders >= 200_000 else None,
            "同上的裸表格窗口",
            bare_peaks,
            unit="MiB",
        ),
    ]


def computation_line(data_dir: Path, holders: int, runs: int) -> Line:
    """The 待办 computation in the app's process (a fresh rules context each run: the day's
    deadlines computed again), against the bare sqlite3 read and date checks."""
    import bare_due

    from wrc_desktop.desk import Desk
    from wrc_desktop.desk import due as desk_due
    from wrc_desktop.store.db import open_register

    desk = Desk(open_register(data_dir / "wrc.sqlite3", data_dir / "backups"), data_dir=data_dir)
    database, today = str(data_dir / "wrc.sqlite3"), dt.date.today()

    def ours() -> Sample:
        desk.rules_changed()  # nothing memoised from the run before
        start, cpu = time.perf_counter(), time.process_time()
        desk_due.due_list(desk)
        return time.perf_counter() - start, time.process_time() - cpu

    def bare() -> Sample:
        start, cpu = time.perf_counter(), time.process_time()
        bare_due.bare_due(database, today)
        return time.perf_counter() - start, time.process_time() - cpu

    try:
        ours_runs, bare_runs = interleave(runs, ours, bare)
    finally:
        desk.close()
    per_holder = ours_runs.median / holders * 1e6
    return Line(
        f"待办清单的计算（{holders:,} 名持证人，每人 {per_holder:.0f} µs）",
        ours_runs,
        COMPUTATION_TARGET if holders == 50_000 else None,
        "sqlite3 读同样的持证人与子女，每种待办做纯日期比较并排序（同一进程）",
        bare_runs,
        ratio_target=COMPUTATION_RATIO,
    )


def import_line(work: Path, empty: Path, roster: Path, rows: int, runs: int) -> Line:
    """``wrc import`` of ``rows`` new holders into a copy of an empty register, per run."""
    suspects = _suspect_ids(roster)
    counter = iter(range(10_000))

    def fresh() -> Path:
        folder = work / f"import{next(counter)}"
        shutil.copytree(empty, folder)
        return folder

    def ours() -> Sample:
        folder = fresh()
        confirm = [arg for number in suspects for arg in ("--confirm-id", number)]
        return timed(wrc(folder, "import", str(roster), *confirm), cli_env(folder))

    def bare() -> Sample:
        folder = fresh()
        script = str(HERE / "bare_import.py")
        return timed([sys.executable, script, str(roster), str(folder / "wrc.sqlite3")])

    run_child(wrc(fresh(), "import", str(roster), "--dry-run"), env=cli_env(empty))  # bytecode
    ours_runs, bare_runs = interleave(runs, ours, bare)
    return Line(
        f"wrc import，全部新增（{rows:,} 行，进程启动到退出）",
        ours_runs,
        IMPORT_TARGET,
        "进程：openpyxl 只读读同一文件，逐行检查，sqlite3 写入同样的行",
        bare_runs,
    )


def _suspect_ids(roster: Path) -> list[str]:
    """The generated numbers ending in 000 pass their check digit: confirmed, as a clerk would."""
    from openpyxl import load_workbook

    book = load_workbook(roster, read_only=True)
    found = [
        str(cells[1])
        for sheet in book.worksheets
        for cells in sheet.iter_rows(min_row=2, values_only=True)
        if str(cells[1]).endswith("000")
    ]
    book.close()
    return found


def report_line(data_dir: Path, holders: int, runs: int) -> Line:
    out, bare_out = data_dir / "report.xlsx", data_dir / "bare.xlsx"
    env = cli_env(data_dir)
    command = wrc(data_dir, "report", "expiry", "--out", str(out))
    bare = [sys.executable, str(HERE / "bare_report.py"), str(data_dir / "wrc.sqlite3")]
    run_child(command, env=env)
    ours, baseline = interleave(
        runs, lambda: timed(command, env), lambda: timed([*bare, str(bare_out)])
    )
    return Line(
        f"wrc report expiry，整份 Excel 到期报表（{holders:,} 名持证人，进程启动到退出）",
        ours,
        REPORT_TARGETS.get(holders),
        "进程：sqlite3 读同样的行，xlsxwriter 公开接口（constant-memory）写同样的明细表"
        "（同样的格式、每行两个公式、条件格式）",
        baseline,
        note="目标是绝对值，比值仅供参考",
    )
