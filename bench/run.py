"""Every benchmark of WRC Desk on one generated register, as one table.

    python bench/run.py [--runs 5] [--quick]

Each line is the median of ``--runs`` runs (every line, reports and imports too),
with the target the project set, the baseline it is compared with (the same work
done by the bare library, measured in the same run: a bare PySide6 table window,
xlsxwriter's public calls writing the same styled sheet, openpyxl reading the same roster, a
process reading the same rows with sqlite3 and printing JSON ...) and the ratio.
On a shared or loaded machine absolute times grow; the ratios hold better.
``--quick`` uses smaller sizes to check that the bench itself works; the numbers
quoted in the README come from a full run.
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
    target: float | None  # None: only the ratio is a target
    baseline_name: str  # what the bare baseline does
    baseline: float | None = None
    ratio_target: float | None = None
    unit: str = "s"

    @property
    def ratio(self) -> float | None:
        return self.median / self.baseline if self.baseline else None

    @property
    def met(self) -> bool:
        ratio_ok = self.ratio_target is None or (self.ratio or 0) <= self.ratio_target
        return (self.target is None or self.median <= self.target) and ratio_ok

    def cells(self) -> list[str]:
        def fmt(value: float) -> str:
            if self.unit == "MB":
                return f"{value:.0f} MB"
            return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"

        targets = [] if self.target is None else [f"≤ {fmt(self.target)}"]
        if self.ratio_target is not None:
            targets.append(f"比值 ≤ {self.ratio_target}")
        target = "，".join(targets) or "无（记录）"
        mark = "✓" if self.met else "✗"
        return [
            self.measure,
            fmt(self.median),
            target,
            self.baseline_name,
            fmt(self.baseline) if self.baseline else "—",
            f"{self.ratio:.2f}" if self.ratio else "—",
            mark if targets else "—",
        ]


def median(values: list[float]) -> float:
    return statistics.median(values)


def register_lines(root: Path, runs: int, sizes: tuple[int, int]) -> list[Line]:
    import bench_baselines as bare
    import bench_register

    small, large = sizes
    for holders in sizes:
        if not (root / f"h{holders}" / "wrc.sqlite3").exists():
            bench_register.build_register(root / f"h{holders}", holders)
    startup = bench_register.time_startup(root / f"h{small}", runs)
    due_shown = {n: bench_register.time_due_shown(root / f"h{n}", runs) for n in sizes}
    due_times, state_times = bench_register.time_due_computation(root / f"h{large}", runs)
    bare_start = bare.bare_window_first_paint(root / f"h{small}" / "wrc.sqlite3", runs)
    keystrokes, _loaded, _keys = bench_register.time_keystrokes(root / f"h{large}", runs)
    bare_keys = bare.bare_keystroke(
        root / f"h{large}" / "wrc.sqlite3", runs, bench_register.KEYSTROKES
    )
    shown, due_updated, stalls = bench_register.time_edits(root / f"h{large}", runs)
    start_stalls = {n: bench_register.start_stalls(root / f"h{n}", runs) for n in sizes}
    first_visits = bench_register.time_first_visit(root / f"h{large}", runs)
    bare_edits = bare.bare_edit(root / f"h{large}" / "wrc.sqlite3", runs)
    return [
        Line(
            f"启动到窗口绘制完成（{small:,} 名持证人）",
            median(startup),
            1.0,
            "PySide6 表格窗口显示 sqlite3 读出的同样的行",
            median(bare_start),
        ),
        *(
            Line(
                f"启动到待办清单显示（真实 main()：单实例锁、完整性检查、启动备份、托盘；{n:,} 名持证人）",
                median(due_shown[n]),
                1.5 if n == small else 3.0,
                f"PySide6 表格窗口显示 sqlite3 读出的同样的行（{small:,} 人）",
                median(bare_start),
            )
            for n in sizes
        ),
        Line(
            f"待办清单的计算（{large:,} 名持证人）",
            median(due_times),
            1.0,
            "读登记册的行并计算每人的证件状态（同一规则上下文）",
            median(state_times),
            ratio_target=1.5,
        ),
        Line(
            f"筛选一次按键（{large:,} 名持证人）",
            median(keystrokes),
            0.05,
            "对同样的行做子串查找（无模型、无绘制）",
            median(bare_keys),
        ),
        Line(
            f"编辑一名持证人 → 登记册显示（{large:,} 名持证人）",
            median(shown),
            0.1,
            "sqlite3 改一行、提交并读回",
            median(bare_edits),
        ),
        Line(
            f"编辑一名持证人 → 待办清单显示（{large:,} 名持证人）",
            median(due_updated),
            0.3,
            "sqlite3 改一行、提交并读回",
            median(bare_edits),
        ),
        Line(
            f"编辑期间界面线程最长停顿（{large:,} 名持证人）",
            median(stalls),
            0.1,
            "无（绝对目标）",
        ),
        *(
            Line(
                f"启动期间界面线程最长停顿（真实 main()，至待办、登记册、启动备份全部完成；{n:,} 名持证人）",
                median(start_stalls[n]),
                0.1,
                "无（绝对目标）",
            )
            for n in sizes
        ),
        Line(
            f"第一次打开登记册页（启动完成后，至表格绘制；{large:,} 名持证人）",
            median(first_visits),
            0.2,
            "无（绝对目标）",
        ),
    ]


def rules_lines(runs: int, rows: int) -> list[Line]:
    import bench_baselines as bare
    import bench_rules

    bench_rules.default_calendar()
    bench_rules.all_policies()
    return [
        Line(
            f"计算 {rows:,} 个证件的状态",
            bench_rules.median_seconds(bench_rules.register_rows(rows), runs),
            0.3,
            "同样行数的纯 Python 日期比较（无规则、无工作日历）",
            median(bare.bare_states(rows, runs)),
        )
    ]


def reports_lines(root: Path, runs: int, holders: int, rows: int) -> list[Line]:
    import bench_reports

    folder = root / "reports"
    folder.mkdir(exist_ok=True)
    lines = []
    for size in sorted({1_000, holders}):
        report, bare_report = bench_reports.bench_report(folder, size, runs)
        lines.append(
            Line(
                f"Excel 到期报表，整份（{size:,} 名持证人）",
                report,
                bench_reports.report_target(size),
                "xlsxwriter 公开接口（constant-memory）写同样的明细表（格式、每行两个公式、条件格式）",
                bare_report,
            )
        )
    imported, updated, bare_read = bench_reports.bench_import(folder, rows, runs)
    return [
        *lines,
        Line(
            f"导入花名册，全部新增（{rows:,} 行）",
            imported,
            3.0,
            "openpyxl 只读模式读完同一文件",
            bare_read,
        ),
        Line(
            f"再次导入同一花名册，全部更新（{rows:,} 行）",
            updated,
            None,
            f"导入同样 {rows:,} 行全部新增（上一行）",
            imported,
            1.5,
        ),
    ]


def cli_lines(root: Path, runs: int, holders: int) -> list[Line]:
    import bench_baselines as bare
    import bench_register

    data = root / f"h{holders}"
    if not (data / "wrc.sqlite3").exists():
        bench_register.build_register(data, holders)
    deadlines = ["deadlines", "--district", "haidian", "--expiry", "2027-03-01", "--json"]
    return [
        Line(
            "wrc deadlines --json（进程启动到退出）",
            median(bare.cli(root / "cli-empty", deadlines, runs)),
            0.25,
            "python -c pass",
            median(bare.python_pass(runs)),
        ),
        Line(
            f"wrc due --json（{holders:,} 名持证人，进程启动到退出）",
            median(bare.cli(data, ["due", "--json"], runs)),
            1.5,
            "sqlite3 读同样的行并输出 JSON 的进程",
            median(bare.raw_json(data / "wrc.sqlite3", runs)),
        ),
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
    import bench_baselines as bare

    return [
        Line(
            "第一份表格（含加载字体）",
            statistics.median(first),
            0.5,
            "导入 reportlab 并写一页的进程",
            median(bare.first_pdf_process(runs)),
        ),
        Line(
            "一份表格（字体已加载）",
            statistics.median(one),
            0.1,
            "reportlab 画布写一页 40 行中文",
            median(bare.bare_pdf(runs)),
        ),
    ]


def cases_page_lines(root: Path, runs: int, holders: int, count: int) -> list[Line]:
    import bench_cases_page
    import bench_register

    folder = root / f"cases{count}"
    bench_register.build_register(folder, holders)
    bench_cases_page.add_cases(folder, count)
    listed, checked = bench_cases_page.time_cases_page(folder, runs)
    bare = bench_cases_page.bare_cases_list(folder / "wrc.sqlite3", runs)
    return [
        Line(
            f"办理事项页：列出 {count:,} 件进行中的办理事项（后台读取，至表格显示）",
            median(listed),
            0.2,
            "sqlite3 读同样的办理事项列表",
            median(bare),
        ),
        Line(
            f"办理事项页：{count:,} 件的检查（下一期限、所缺材料）全部填入",
            median(checked),
            None,
            "sqlite3 读同样的办理事项列表",
            median(bare),
        ),
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
        bench_cases.assemble(plan, draft=True)  # the case still lacks materials

    times = [bench_cases.timed(first) for _ in range(runs)]
    register.close()
    return [
        Line(
            "整理一件办理事项（3 份表格 + 20 页扫描件；尚缺材料，按草稿整理）",
            statistics.median(times),
            2.0,
            "无（绝对目标）",
        )
    ]


def shared_lines(runs: int, holders: int, rows: int) -> list[Line]:
    """PostgreSQL beside SQLite (a local throwaway cluster): the baseline is SQLite."""
    import bench_shared

    sqlite, postgres, heard = bench_shared.measure(holders, rows, runs)
    lines = [
        Line(
            "PostgreSQL：" + label.format(holders=holders, rows=rows),
            postgres[key],
            None,
            "同样工作在 SQLite 上",
            baseline=sqlite[key],
            ratio_target=2.0,  # a shared register may cost up to twice the clerk's own file
        )
        for key, label in bench_shared.LABELS.items()
    ]
    return [*lines, Line("PostgreSQL：" + bench_shared.HEARD_LABEL, heard, 2.0, "无（绝对目标）")]


MEMORY_CHILD = """
import os, sys
sys.path.insert(0, sys.argv[2])
from bench_baselines import peak_mb
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from wrc_desktop.app import import_core_before_qt
import_core_before_qt()  # as the app's main() does
from PySide6.QtWidgets import QApplication
from wrc_desktop.gui.shell.main_window import MainWindow
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
print(peak_mb())
"""


def memory_line(root: Path, holders: int, runs: int) -> list[Line]:
    import bench_baselines as bare
    import bench_register

    if not (root / f"h{holders}" / "wrc.sqlite3").exists():
        bench_register.build_register(root / f"h{holders}", holders)

    peaks = [
        float(
            subprocess.run(
                [sys.executable, "-c", MEMORY_CHILD, str(root / f"h{holders}"), str(HERE)],
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        for _ in range(runs)
    ]
    return [
        Line(
            f"{holders:,} 名持证人、待办已显示时的内存峰值",
            median(peaks),
            350,
            "Qt 窗口 + sqlite3 读出的同样的行",
            median(bare.bare_memory(root / f"h{holders}" / "wrc.sqlite3", runs)),
            unit="MB",
        )
    ]


def scan_lines(quick: bool) -> list[Line]:
    import bench_scanread

    from wrc_desktop.scanread import available

    if not available():
        print('[scan: OCR extra not installed (pip install -e ".[ocr]")]', file=sys.stderr)
        return []
    result = bench_scanread.bench(12 if quick else 60)
    exact, total = result["figures"]
    return [
        Line(
            f"识别一页扫描件（{result['documents']} 份生成的材料；日期和数字完全正确 "
            f"{exact}/{total}；进程时间每页 {result['cpu_median']:.2f} s）",
            result["wall_median"],
            bench_scanread.PAGE_TARGET,
            "无（识别引擎本身即是对照）",
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the bench runs")
    parser.add_argument(
        "--only",
        nargs="*",
        help="run only these stages (register memory rules reports cli forms cases cases-page shared scan)",
    )
    args = parser.parse_args()
    sizes = (1_000, 5_000) if args.quick else (10_000, 50_000)
    root = Path(tempfile.mkdtemp(prefix="wrc-bench-"))
    lines: list[Line] = []
    stages = [
        ("register", lambda: register_lines(root, args.runs, sizes)),
        ("memory", lambda: memory_line(root, sizes[1], args.runs)),
        ("rules", lambda: rules_lines(args.runs, sizes[1])),
        ("reports", lambda: reports_lines(root, args.runs, sizes[1], sizes[0])),
        ("cli", lambda: cli_lines(root, args.runs, sizes[0])),
        ("forms", lambda: forms_lines(args.runs)),
        ("cases", lambda: cases_lines(root, args.runs)),
        ("cases-page", lambda: cases_page_lines(root, args.runs, sizes[0], sizes[0] // 10)),
        ("shared", lambda: shared_lines(max(1, args.runs // 2), sizes[0], sizes[0])),
        ("scan", lambda: scan_lines(args.quick)),
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
    header = ["测量", "中位数", "目标", "对照（裸库做同样的事）", "对照中位数", "比值", ""]
    print(f"| {' | '.join(header)} |")
    print(f"|{'---|' * len(header)}")
    for line in lines:
        print(f"| {' | '.join(line.cells())} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\n{os.cpu_count()} 核；每项为 {args.runs} 次运行的中位数，对照在同一次运行中测得；"
        f"结束时 1 分钟平均负载 {load:.1f}。"
    )
    return 0 if all(line.met for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
