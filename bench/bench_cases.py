"""Benchmark: assembling a case of 3 forms and 20 scanned pages (target ≤ 2 s).

Run: python bench/bench_cases.py [--runs 5] [--pages 20]

A 东城 新办 with borrowed housing (its checklist has three forms: 授权委托书, 诚信声明,
房屋借住声明) gets 20 scanned A4 pages at 200 dpi spread over seven items, one of them a
sideways phone-style photo that must be turned upright. The scans are attached as the case
window attaches them — :func:`wrc_desktop.desk.cases.attach`, then the check it runs once
they are in (:func:`wrc_desktop.desk.cases.scan_findings`: the reviewer's checks, the pages'
text direction where the OCR extra is installed, the suggested fixes, all recorded beside the
scans) — so the timed assembly is what the clerk waits for after clicking 整理材料: the plan
on the register (:func:`wrc_desktop.desk.cases.plan_assembly`) and the build
(:func:`wrc_desktop.desk.assembly.build`). Prints the median of several runs:
- first: plan + build + move into an empty folder (everything written);
- again: reassembling the unchanged case (everything built, nothing rewritten);
- forms: generating the three forms (fonts already loaded);
and, once, how long the check after attaching took (the window runs it in the background).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

from wrc_desktop.desk import assembly, case_lifecycle, cases
from wrc_desktop.desk.core import Desk
from wrc_desktop.documents.case_files import generate_forms
from wrc_desktop.documents.fonts import preload
from wrc_desktop.rules.context import RulesContext
from wrc_desktop.store import holder_records, unit_records
from wrc_desktop.store.db import open_register
from wrc_desktop.store.demo import make_id_number, make_uscc

TODAY = dt.date(2026, 11, 22)
RULES = RulesContext.load(today=TODAY, overrides=None)  # the bundled rules, no clerk's additions
ITEMS = [
    "id_card",
    "hukou",
    "degree_certificate",
    "owner_deed",
    "owner_id",
    "labor_contract",
    "income_proof",
]


def make_scans(folder: Path, pages: int) -> list[Path]:
    """A4 pages at 200 dpi with some ink, as a flatbed scanner makes them; the last one sideways with EXIF."""
    import random

    rng = random.Random(5)
    paths = []
    for index in range(pages):
        page = Image.new("RGB", (1654, 2339), (250, 250, 247))
        draw = ImageDraw.Draw(page)
        for line in range(40):
            y = 200 + line * 50
            draw.line((150, y, 150 + rng.randint(600, 1350), y), fill=(30, 30, 30), width=6)
        path = folder / f"scan{index + 1:02d}.jpg"
        if index == pages - 1:
            exif = Image.Exif()
            exif[0x0112] = 6
            page.rotate(90, expand=True).save(path, quality=85, exif=exif)
        else:
            page.save(path, quality=85)
        paths.append(path)
    return paths


def setup(work: Path, pages: int) -> tuple[Desk, int, float]:
    """The case with its scans attached and checked as the window does it; the check's seconds."""
    import random

    register = open_register(work / "wrc.sqlite3", work / "backups")
    desk = Desk(register, data_dir=work, clock=lambda: TODAY)
    rng = random.Random(1)
    with register.session() as session:
        unit = unit_records.create_unit(
            session,
            data={
                "name": "北京东华文化传媒有限公司",
                "uscc": make_uscc(rng),
                "district": "dongcheng",
                "legal_rep": "赵文博",
            },
        )
        unit_records.replace_agents(
            session,
            unit.id,
            agents=[
                {
                    "name": "王经办",
                    "id_number": make_id_number(rng, dt.date(1990, 5, 17), "F"),
                    "phone": "13800000000",
                }
            ],
        )
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder={
                "name": "张三",
                "id_number": make_id_number(rng, dt.date(1988, 3, 7), "M"),
                "housing_kind": "borrowed",
                "hire_date": "2021-03-01",
                "contract_start": "2024-03-01",
                "contract_end": "2028-02-29",
                "degree_date": "2010-07-01",
                "address": "北京市东城区东四十条 1 号",
            },
        )
        case = case_lifecycle.create_case(
            session, holder_id=holder.id, kind="new", clause=1, rules=RULES, submit_on="2026-12-01"
        )
        case_id = case.id
    scans = make_scans(work, pages)
    checked = 0.0
    for index, key in enumerate(ITEMS):
        chunk = scans[index :: len(ITEMS)]
        if chunk:
            cases.attach(desk, case_id, key, chunk)
            started = time.perf_counter()
            cases.scan_findings(desk, case_id, key)  # the window's check once they are in
            checked += time.perf_counter() - started
    return desk, case_id, checked


def assemble_case(desk: Desk, case_id: int, *, empty: bool) -> assembly.AssemblyResult:
    """What 整理材料 does: the plan on the register, then the build (a draft: materials lack)."""
    plan = cases.plan_assembly(desk, case_id)
    if empty:  # an empty folder: every file is written
        for path in plan.folder.iterdir():
            if path.is_file():
                path.unlink()
    return assembly.build(plan, draft=True, max_mb=desk.preferences().upload_max_mb)


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    preload()
    work = Path(tempfile.mkdtemp(prefix="wrc-bench-"))
    try:
        desk, case_id, checked = setup(work, args.pages)
        root = desk.case_root

        def forms():
            with desk._register.session() as session:
                generate_forms(session, case_id, root=root, on=TODAY, rules=RULES)

        def first():
            assert assemble_case(desk, case_id, empty=True).written

        def again():
            assert assemble_case(desk, case_id, empty=False).written == []

        forms_times = [timed(forms) for _ in range(args.runs)]
        first_times = [timed(first) for _ in range(args.runs)]
        again_times = [timed(again) for _ in range(args.runs)]
        pages = assemble_case(desk, case_id, empty=False).pages
        desk.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"case of 3 forms and {args.pages} scanned pages → 全部材料.pdf with {pages} pages; "
        f"median of {args.runs} runs"
    )
    print(f"  first assembly:   {statistics.median(first_times):.3f} s  (target ≤ 2 s)")
    print(f"  reassembly:       {statistics.median(again_times):.3f} s")
    print(f"  generating forms: {statistics.median(forms_times):.3f} s")
    print(f"  the checks after attaching (background, once): {checked:.3f} s")


if __name__ == "__main__":
    main()
