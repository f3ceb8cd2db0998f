"""Every benchmark of WRC Desk on one generated register, as one table.

    python bench/run.py [--runs 5] [--quick]

Each line is the median of several runs, with the target the project set and,
where there is one, the same work done by the bare library (xlsxwriter for the
report, with openpyxl's time for the same sheet as a line of its own; openpyxl
for the roster import) and the ratio to it. ``--quick`` uses smaller sizes to check that the bench itself
works; the numbers quoted in the README come from a full run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class Line:
    measure: str
    median: float  # seconds, or MB for memory
    target: float
    unit: str = "s"
    baseline: float | None = None

    def cells(self) -> list[str]:
        def fmt(value: float) -> str:
            if self.unit == "MB":
                return f"{value:.0f} MB"
            return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"

        ratio = f"{self.median / self.baseline:.2f}" if self.baseline else "—"
        verdict = "✓" if self.median <= self.target else "✗"
        return [
            self.measure,
            fmt(self.median),
            f"≤ {fmt(self.target)}",
            fmt(self.baseline) if self.baseline else "—",
            ratio,
            verdict,
        ]


def register_lines(root: Path, runs: int, sizes: tuple[int, int]) -> list[Line]:
    import bench_register

    small, large = sizes
    for holders in sizes:
        if not (root / f"h{holders}" / "wrc.sqlite3").exists():
            bench_register.build_register(root / f"h{holders}", holders)
    startup = bench_register.time_startup(root / f"h{small}", runs)
    keystrokes, _loaded, _keys = bench_register.time_keystrokes(
        root / f"h{large}", max(1, runs // 2)
    )
    shown, stalls = bench_register.time_edits(root / f"h{large}", runs)
    return [
        Line(f"启动到窗口绘制完成（{small:,} 名持证人）", statistics.median(startup), 1.0),
        Line(f"筛选一次按键（{large:,} 名持证人）", statistics.median(keystrokes), 0.05),
        Line(f"编辑一名持证人 → 登记册显示（{large:,} 名持证人）", statistics.median(shown), 0.1),
        Line(f"编辑期间界面线程最长停顿（{large:,} 名持证人）", statistics.median(stalls), 0.1),
    ]


def rules_lines(runs: int, rows: int) -> list[Line]:
    import bench_rules

    bench_rules.default_calendar()
    bench_rules.all_policies()
    return [
        Line(
            f"计算 {rows:,} 个证件的状态",
            bench_rules.median_seconds(bench_rules.register_rows(rows), runs),
            0.3,
        )
    ]


def reports_lines(root: Path, runs: int, holders: int, rows: int) -> list[Line]:
    import bench_reports

    folder = root / "reports"
    folder.mkdir(exist_ok=True)
    report, bare_report, bare_openpyxl = bench_reports.bench_report(folder, holders, runs)
    imported, bare_read = bench_reports.bench_import(folder, rows, runs)
    return [
        Line(
            f"Excel 到期报表（{holders:,} 名持证人；裸库 = xlsxwriter 写同样的表）",
            report,
            bench_reports.REPORT_TARGET,
            baseline=bare_report,
        ),
        Line(
            f"（对照）openpyxl 写同样的表（{holders:,} 行）",
            bare_openpyxl,
            bench_reports.REPORT_TARGET,
        ),
        Line(f"导入花名册（{rows:,} 行；裸库 = openpyxl 只读）", imported, 3.0, baseline=bare_read),
    ]


def forms_lines(runs: int) -> list[Line]:
    import bench_forms

    from wrc_desktop.documents import load_form, render_pdf
    from wrc_desktop.documents.fonts import preload

    first = [
        float(
            subprocess.run(
                [sys.executable, "-c", bench_forms.FIRST],
                cwd=HERE.parent,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    preload()
    form = load_form("declaration")
    [context] = bench_forms._contexts(1)
    one = []
    for _ in range(max(runs, 20)):
        start = time.perf_counter()
        render_pdf(form, [context])
        one.append(time.perf_counter() - start)
    return [
        Line("第一份表格（含加载字体）", statistics.median(first), 0.5),
        Line("一份表格（字体已加载）", statistics.median(one), 0.1),
    ]


def cases_lines(root: Path, runs: int) -> list[Line]:
    import bench_cases

    work = root / "case"
    work.mkdir(exist_ok=True)
    bench_cases.preload()
    register, case_id, case_root = bench_cases.setup(work, 20)

    def first() -> None:
        with register.session() as session:
            plan = bench_cases.plan_assembly(
                session, case_id, root=case_root, rules=bench_cases.RULES
            )
        for path in plan.folder.iterdir():
            if path.is_file():
                path.unlink()
        bench_cases.assemble(plan)

    times = [bench_cases.timed(first) for _ in range(runs)]
    register.close()
    return [Line("整理一件办理事项（3 份表格 + 20 页扫描件）", statistics.median(times), 2.0)]


def shared_lines(runs: int, holders: int, rows: int) -> list[Line]:
    """PostgreSQL beside SQLite (a local throwaway cluster): the ratio is the baseline column."""
    import bench_shared

    sqlite, postgres, heard = bench_shared.measure(holders, rows, runs)
    lines = [
        Line(
            "PostgreSQL："
            + label.format(holders=holders, rows=rows)
            + "（裸库 = 同样工作在 SQLite 上）",
            postgres[key],
            2 * sqlite[key],  # a shared register may cost up to twice the clerk's own file
            baseline=sqlite[key],
        )
        for key, label in bench_shared.LABELS.items()
    ]
    return [*lines, Line("PostgreSQL：" + bench_shared.HEARD_LABEL, heard, 2.0)]


MEMORY_CHILD = """
import os, resource, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from wrc_desktop.gui.main_window import MainWindow
from wrc_desktop.desk import Desk
from wrc_desktop.store.db import open_register
app = QApplication([])
folder = Path(sys.argv[1])
register = open_register(folder / "wrc.sqlite3", folder / "backups")
window = MainWindow(Desk(register, data_dir=folder))
window.show()
window.ops.wait()  # the register's rows and the due list are shown: the memory a clerk's session holds
app.processEvents()
window.page.model.ensure_search_keys()
app.processEvents()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def memory_line(root: Path, holders: int) -> list[Line]:
    peak = float(
        subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(root / f"h{holders}")],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return [Line(f"载入 {holders:,} 名持证人后的内存峰值", peak, 350, unit="MB")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the bench runs")
    parser.add_argument(
        "--only",
        nargs="*",
        help="run only these stages (register memory rules reports forms cases shared)",
    )
    args = parser.parse_args()
    sizes = (1_000, 5_000) if args.quick else (10_000, 50_000)
    root = Path(tempfile.mkdtemp(prefix="wrc-bench-"))
    lines: list[Line] = []
    stages = [
        ("register", lambda: register_lines(root, args.runs, sizes)),
        ("memory", lambda: memory_line(root, sizes[1])),
        ("rules", lambda: rules_lines(args.runs, sizes[1])),
        ("reports", lambda: reports_lines(root, max(1, args.runs // 2), sizes[1], sizes[0])),
        ("forms", lambda: forms_lines(args.runs)),
        ("cases", lambda: cases_lines(root, args.runs)),
        ("shared", lambda: shared_lines(max(1, args.runs // 2), sizes[0], sizes[0])),
    ]
    try:
        for name, stage in stages:
            if args.only and name not in args.only:
                continue
            started = time.perf_counter()
            lines += stage()
            print(f"[{name}: {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    header = ["测量", "中位数", "目标", "裸库", "比值", ""]
    print(f"| {' | '.join(header)} |")
    print(f"|{'---|' * len(header)}")
    for line in lines:
        print(f"| {' | '.join(line.cells())} |")
    print(
        f"\n{os.cpu_count()} 核；每项为 {args.runs} 次（报表与导入 {max(1, args.runs // 2)} 次）运行的中位数。"
    )
    return 0 if all(line.median <= line.target for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
