"""Reading scans: exact dates and numbers, and the time per page, on the generated test set.

    python bench/bench_scanread.py [--count 60]

Reads the seeded set of tests/scanread/docgen.py (the five kinds, some turned, skewed,
blurred, greyscale, unevenly lit). Targets: ≥ 95 % of dates and numbers exact; one page
≤ 3 s on a 2-core machine. The engine uses every core; on a shared machine the wall time
grows with the load, so the load average and the process time per page are printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIGURE_TARGET = 0.95
PAGE_TARGET = 3.0  # seconds


def bench(count: int) -> dict:
    from tests.scanread.docgen import make_set, score
    from wrc_desktop.scanread import engine, read_file

    loaded = time.perf_counter()
    engine.engine()
    load_seconds = time.perf_counter() - loaded
    with tempfile.TemporaryDirectory() as folder:
        docs = make_set(Path(folder), count)
        walls, cpus, figures, texts = [], [], [], []
        for doc in docs:
            wall, cpu = time.perf_counter(), time.process_time()
            reading = read_file(doc.path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            values = {v.field: v.value for v in reading.values}
            for _field, is_figure, ok in score(doc, values):
                (figures if is_figure else texts).append(ok)
    return {
        "documents": count,
        "load_seconds": load_seconds,
        "figures": (sum(figures), len(figures)),
        "texts": (sum(texts), len(texts)),
        "wall_median": statistics.median(walls),
        "wall_max": max(walls),
        "cpu_median": statistics.median(cpus),
        "cores": os.cpu_count(),
        "load": os.getloadavg(),
    }


def line(result: dict) -> str:
    exact, total = result["figures"], result["figures"][1]
    rate = exact[0] / total
    text_rate = result["texts"][0] / result["texts"][1]
    page_met = "✓" if result["wall_median"] <= PAGE_TARGET else "✗"
    return (
        f"扫描件识别（{result['documents']} 份生成的材料）：日期和数字完全正确 {exact[0]}/{total} = "
        f"{rate:.1%}（目标 ≥ {FIGURE_TARGET:.0%}，{'✓' if rate >= FIGURE_TARGET else '✗'}）；"
        f"姓名和单位 {text_rate:.1%}；每页 {result['wall_median']:.2f} s（中位数，最长 "
        f"{result['wall_max']:.2f} s，目标 ≤ {PAGE_TARGET:.0f} s，{page_met}），"
        f"进程时间每页 {result['cpu_median']:.2f} s（{result['cores']} 核），"
        f"模型加载 {result['load_seconds']:.2f} s；负载 {' / '.join(f'{v:.2f}' for v in result['load'])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=60)
    args = parser.parse_args()
    print(line(bench(args.count)))


if __name__ == "__main__":
    main()
