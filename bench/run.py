"""Every benchmark of WRC Desk on generated registers, as one table.

    python bench/run.py [--runs 5] [--quick] [--only STAGE ...] [--big]

Each line is the median of ``--runs`` runs with its spread (min–max) and the 1-minute load
average over its runs. A line with a baseline ran interleaved with it (ours, bare, bare,
ours …): the same work at the same size by the bare libraries, without the program — a
process reading the same rows with sqlite3 and printing them, a QTableView painting as many
rows, sqlite3 with plain date checks, xlsxwriter's public calls writing the same sheet,
openpyxl reading the same roster. A line with no bare equivalent has an absolute target and
no ratio; no line compares the program with itself. The clerk's commands are timed as whole
processes, start to exit; "painted" means the rows of the freshly computed 待办 are painted.

``--big`` adds 200,000 holders (each line once: ``wrc due --json``, the window's start, the
computation; peak memory of each process from the kernel). ``--quick`` uses small sizes to
check that the bench itself works; the README's table comes from one full run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_lines
from measure import Line, Runs, load_now, table


def runs_of(values: list[float]) -> Runs:
    """Values measured by an older helper that runs one side at a time (not interleaved)."""
    return Runs(list(values), [load_now()])


def register_at(root: Path, holders: int) -> Path:
    import bench_register

    folder = root / f"h{holders}"
    if not (folder / "wrc.sqlite3").exists():
        started = time.perf_counter()
        bench_register.build_register(folder, holders)
        print(
            f"[built {holders:,} holders in {time.perf_counter() - started:.0f} s]", file=sys.stderr
        )
    return folder


def register_with_cases(root: Path, holders: int) -> Path:
    """A copy of the ``holders`` register with cases being prepared (:func:`register_at`'s
    own stays without, for the lines that time a register with none)."""
    import bench_register

    folder = root / f"h{holders}-cases"
    if not (folder / "wrc.sqlite3").exists():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(register_at(root, holders), folder)
        bench_register.add_preparing_cases(folder)
    return folder


def due_lines(root: Path, runs: int, sizes: tuple[int, ...]) -> list[Line]:
    import bench_register

    lines = [bench_lines.deadlines_line(register_at(root, sizes[0]), runs)]
    for holders in sizes[:2]:
        lines.append(bench_lines.due_json_line(register_at(root, holders), holders, runs))
    holders, cases = sizes[1], bench_register.PREPARING_CASES
    folder = register_with_cases(root, holders)
    lines.append(bench_lines.due_json_cases_line(folder, holders, cases, runs))
    for holders in sizes[1:]:
        lines.append(bench_lines.reminder_line(register_at(root, holders), holders, runs))
    return lines


def start_lines(root: Path, runs: int, sizes: tuple[int, ...]) -> list[Line]:
    lines: list[Line] = []
    for holders in sizes:
        lines += bench_lines.start_lines(register_at(root, holders), holders, runs)
    return lines


def computation_lines(root: Path, runs: int, sizes: tuple[int, ...]) -> list[Line]:
    return [bench_lines.computation_line(register_at(root, sizes[-1]), sizes[-1], runs)]


def import_lines(root: Path, runs: int, rows: int) -> list[Line]:
    import bench_register
    import bench_reports

    work = Path(tempfile.mkdtemp(prefix="import-", dir=root))  # fresh, also under --keep
    bench_register.build_register(work / "empty", 0)
    bench_reports.write_roster(work / "roster.xlsx", rows)
    return [bench_lines.import_line(work, work / "empty", work / "roster.xlsx", rows, runs)]


def report_lines(root: Path, runs: int, sizes: tuple[int, ...]) -> list[Line]:
    return [bench_lines.report_line(register_at(root, holders), holders, runs) for holders in sizes]


def big_lines(root: Path, holders: int) -> list[Line]:
    """Each line once at ``holders``: it runs, its cost beside the smaller sizes, its memory."""
    data = register_at(root, holders)
    due = bench_lines.due_json_line(data, holders, 1)
    peak = bench_lines.run_child(
        bench_lines.wrc(data, "due", "--json"), env=bench_lines.cli_env(data)
    ).peak_mib
    memory = Line(
        f"wrc due --json 的内存峰值（{holders:,} 名持证人）",
        Runs([peak], [load_now()]),
        bench_lines.MEMORY_TARGET,
        unit="MiB",
    )
    return [
        due,
        memory,
        *bench_lines.start_lines(data, holders, 1),
        bench_lines.computation_line(data, holders, 1),
    ]


def interaction_lines(root: Path, runs: int, large: int) -> list[Line]:
    """The register window's interactions at ``large`` holders (each side measured on its own)."""
    import bench_baselines as bare
    import bench_register

    data = register_at(root, large)
    keystrokes, _loaded, _keys = bench_register.time_keystrokes(data, runs)
    bare_keys = bare.bare_keystroke(data / "wrc.sqlite3", runs, bench_register.KEYSTROKES)
    shown, due_updated, stalls = bench_register.time_edits(data, runs)
    bare_edits = bare.bare_edit(data / "wrc.sqlite3", runs)
    first_visits = bench_register.time_first_visit(data, runs)
    return [
        Line(
            f"筛选一次按键（{large:,} 名持证人）",
            runs_of(keystrokes),
            0.05,
            "对同样的行做子串查找（无模型、无绘制）",
            runs_of(bare_keys),
        ),
        Line(
            f"编辑一名持证人 → 登记册显示（{large:,} 名持证人）",
            runs_of(shown),
            0.1,
            "sqlite3 改一行、提交并读回",
            runs_of(bare_edits),
        ),
        Line(
            f"编辑一名持证人 → 待办清单显示（{large:,} 名持证人）",
            runs_of(due_updated),
            0.3,
            "sqlite3 改一行、提交并读回",
            runs_of(bare_edits),
        ),
        Line(f"编辑期间界面线程最长停顿（{large:,} 名持证人）", runs_of(stalls), 0.1),
        Line(
            f"第一次打开登记册页（启动完成后，至表格绘制；{large:,} 名持证人）",
            runs_of(first_visits),
            0.2,
        ),
    ]


def rules_lines(runs: int, rows: int) -> list[Line]:
    import bench_baselines as bare
    import bench_rules

    bench_rules.default_calendar()
    bench_rules.all_policies()
    rows_ = bench_rules.register_rows(rows)
    ours = [bench_rules.median_seconds(rows_, 1) for _ in range(runs)]
    return [
        Line(
            f"计算 {rows:,} 个证件的状态",
            runs_of(ours),
            0.3,
            "同样行数的纯 Python 日期比较（无规则、无工作日历）",
            runs_of(bare.bare_states(rows, runs)),
        )
    ]


def forms_lines(runs: int) -> list[Line]:
    import subprocess

    import bench_baselines as bare
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
        Line(
            "第一份表格（含加载字体）",
            runs_of(first),
            0.5,
            "导入 reportlab 并写一页的进程",
            runs_of(bare.first_pdf_process(runs)),
        ),
        Line(
            "一份表格（字体已加载）",
            runs_of(one),
            0.1,
            "reportlab 画布写一页 40 行中文",
            runs_of(bare.bare_pdf(runs)),
        ),
    ]


def cases_page_lines(root: Path, runs: int, holders: int, count: int) -> list[Line]:
    import bench_cases_page
    import bench_register

    folder = Path(tempfile.mkdtemp(prefix=f"cases{count}-", dir=root))  # fresh, also under --keep
    bench_register.build_register(folder, holders)
    bench_cases_page.add_cases(folder, count)
    listed, checked = bench_cases_page.time_cases_page(folder, runs)
    bare = runs_of(bench_cases_page.bare_cases_list(folder / "wrc.sqlite3", runs))
    return [
        Line(
            f"办理事项页：列出 {count:,} 件进行中的办理事项（后台读取，至表格显示）",
            runs_of(listed),
            0.2,
            "sqlite3 读同样的办理事项列表",
            bare,
        ),
        Line(
            f"办理事项页：{count:,} 件的检查（下一期限、所缺材料）全部填入",
            runs_of(checked),
            None,
            "无",
        ),
    ]


def cases_lines(root: Path, runs: int) -> list[Line]:
    import bench_cases

    work = Path(tempfile.mkdtemp(prefix="case-", dir=root))  # fresh, also under --keep
    bench_cases.preload()
    desk, case_id, checked = bench_cases.setup(work, 20)
    times = [
        bench_cases.timed(lambda: bench_cases.assemble_case(desk, case_id, empty=True))
        for _ in range(runs)
    ]
    desk.close()
    return [
        Line(
            "整理一件办理事项（3 份表格 + 20 页扫描件，已按窗口的方式添加并检查；尚缺材料，按草稿整理）",
            runs_of(times),
            2.0,
        ),
        Line(
            "添加 20 页扫描件后的检查（后台，每个文件一次：质量、文字方向、建议的修正，记录供整理使用）",
            runs_of([checked]),
            None,
            "无（记录）",
        ),
    ]


def shared_lines(runs: int, holders: int, rows: int) -> list[Line]:
    """PostgreSQL beside SQLite (a local throwaway cluster): the baseline is SQLite."""
    import bench_shared

    sqlite, postgres, heard = bench_shared.measure(holders, rows, runs)
    lines = [
        Line(
            "PostgreSQL：" + label.format(holders=holders, rows=rows),
            runs_of([postgres[key]]),
            None,
            "同样工作在 SQLite 上",
            runs_of([sqlite[key]]),
            ratio_target=2.0,  # a shared register may cost up to twice the clerk's own file
        )
        for key, label in bench_shared.LABELS.items()
    ]
    return [*lines, Line("PostgreSQL：" + bench_shared.HEARD_LABEL, runs_of([heard]), 2.0)]


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
            runs_of([result["wall_median"]]),
            bench_scanread.PAGE_TARGET,
        )
    ]


def stages(args: argparse.Namespace, root: Path) -> list[tuple[str, Callable[[], list[Line]]]]:
    sizes = (100, 1_000, 5_000) if args.quick else (1_000, 10_000, 50_000)
    rows = 1_000 if args.quick else 10_000
    runs = args.runs
    return [
        ("due", lambda: due_lines(root, runs, sizes)),
        ("start", lambda: start_lines(root, runs, sizes)),
        ("computation", lambda: computation_lines(root, runs, sizes)),
        ("import", lambda: import_lines(root, runs, rows)),
        ("reports", lambda: report_lines(root, runs, (sizes[0], sizes[2]))),
        ("register", lambda: interaction_lines(root, runs, sizes[2])),
        ("rules", lambda: rules_lines(runs, sizes[2])),
        ("forms", lambda: forms_lines(runs)),
        ("cases", lambda: cases_lines(root, runs)),
        ("cases-page", lambda: cases_page_lines(root, runs, sizes[1], sizes[1] // 10)),
        ("shared", lambda: shared_lines(max(1, runs // 2), sizes[1], sizes[1])),
        ("scan", lambda: scan_lines(args.quick)),
        ("big", lambda: big_lines(root, 20_000 if args.quick else 200_000)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the bench runs")
    parser.add_argument("--big", action="store_true", help="also 200,000 holders, each line once")
    parser.add_argument("--keep", type=Path, help="build the registers here and keep them")
    parser.add_argument(
        "--only",
        nargs="*",
        help="run only these stages (due start computation import reports register rules "
        "forms cases cases-page shared scan big)",
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="wrc-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    lines: list[Line] = []
    began = load_now()
    try:
        for name, stage in stages(args, root):
            wanted = name in args.only if args.only else (name != "big" or args.big)
            if not wanted:
                continue
            started = time.perf_counter()
            done = stage()
            lines += done
            print(f"[{name}: {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)
            print(table(done), file=sys.stderr, flush=True)  # kept should a later stage fail
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(table(lines))
    loads = [load for line in lines for load in line.ours.loads]
    print(
        f"\n{os.cpu_count()} 核；每项为 {args.runs} 次运行的中位数（200,000 人各 1 次）；"
        "due、start、computation、import、reports 各行与对照交替运行，其余各行先测本程序再测对照；"
        f"1 分钟平均负载：开始时 {began:.1f}，各次运行前 "
        f"{min(loads, default=began):.1f}–{max(loads, default=began):.1f}"
        f"（中位数 {statistics.median(loads) if loads else began:.1f}）。"
    )
    return 0 if all(line.met is not False for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
