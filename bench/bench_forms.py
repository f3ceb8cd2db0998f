"""Form generation speed: first form (with font loading), one form, 100 declarations.

Run: python bench/bench_forms.py [--runs 5]. Targets: first ≤ 0.5 s, one ≤ 100 ms, 100 ≤ 10 s.
The first form is timed in a fresh interpreter each run, because fonts are parsed once per process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = """
import time, datetime as dt
from wrc_desktop.documents import load_form, render_pdf
from wrc_desktop.documents.context import blank_context
form = load_form("declaration")
start = time.perf_counter()
render_pdf(form, [blank_context()])
print(time.perf_counter() - start)
"""


def _contexts(count: int):
    import datetime as dt

    from wrc_desktop.documents.context import FormContext, format_date

    return [
        FormContext(
            values={
                "holder.name": f"张{'伟芳娜秀英敏'[i % 6]}{'堃喆赟䶮'[i % 4]}",
                "unit.name": "北京智源星图科技有限公司",
                "date": format_date(dt.date(2026, 11, 22)),
            },
            holder_name=f"张{i}",
        )
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    first = [
        float(
            subprocess.run(
                [sys.executable, "-c", FIRST], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    ]

    from wrc_desktop.documents import load_form, render_pdf, write_forms
    from wrc_desktop.documents.fonts import preload

    preload()
    form = load_form("declaration")
    [context] = _contexts(1)
    one = []
    for _ in range(max(runs, 20)):
        start = time.perf_counter()
        render_pdf(form, [context])
        one.append(time.perf_counter() - start)

    batch, combined = [], []
    contexts = _contexts(100)
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            start = time.perf_counter()
            write_forms(form, contexts, Path(folder) / f"each{run}", form_date(), combined=False)
            batch.append(time.perf_counter() - start)
            start = time.perf_counter()
            write_forms(form, contexts, Path(folder) / f"one{run}", form_date(), combined=True)
            combined.append(time.perf_counter() - start)

    def show(label: str, values: list[float], target: float) -> None:
        median = statistics.median(values)
        verdict = "ok" if median <= target else "SLOW"
        print(
            f"{label:<44} median {median * 1000:8.1f} ms  (target ≤ {target * 1000:.0f} ms, {len(values)} runs) {verdict}"
        )

    show("first form in a new process (fonts loaded)", first, 0.5)
    show("one form, fonts already loaded", one, 0.1)
    show("100 declarations, one file each", batch, 10.0)
    show("100 declarations, one combined file", combined, 10.0)


def form_date():
    import datetime as dt

    return dt.date(2026, 11, 22)


if __name__ == "__main__":
    main()
